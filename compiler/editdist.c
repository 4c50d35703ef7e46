/*
 * editdist.c - the edit distance of names and the nearest known name (see
 * editdist.h).
 */
#include "editdist.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

size_t edit_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b);
	/* Three rows: two back for a swap of adjacent characters. */
	size_t rows[3][64];
	if (lb >= sizeof rows[0] / sizeof rows[0][0] || la > lb + cap || lb > la + cap)
		return cap + 1;
	size_t *prev2 = rows[0], *prev = rows[1], *row = rows[2];
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t best = row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t v = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			row[j] = v;
			if (v < best)
				best = v;
		}
		if (best > cap)
			return cap + 1;
		size_t *t = prev2;
		prev2 = prev;
		prev = row;
		row = t;
	}
	return prev[lb];
}

static void lower(char *out, size_t size, const char *s)
{
	size_t n = 0;
	for (; *s && n + 1 < size; s++)
		out[n++] = (char)tolower((unsigned char)*s);
	out[n] = '\0';
}

void nearest_init(struct nearest *n, const char *name, const char *prefix)
{
	size_t len = strlen(name), pre = strlen(prefix);
	lower(n->name, sizeof n->name, name);
	if (pre <= len && strncasecmp(name, prefix, pre) == 0)
		len -= pre;
	n->limit = len / 3 < 1 ? 1 : len / 3 > 3 ? 3 : len / 3;
	n->best_d = n->limit + 1;
	n->best = NULL;
	if (strlen(name) >= sizeof n->name)
		n->best_d = 0;   /* longer than any name: no suggestion */
}

void nearest_try(struct nearest *n, const char *candidate)
{
	if (n->best_d == 0)
		return;
	char c[64];
	if (strlen(candidate) >= sizeof c)
		return;
	lower(c, sizeof c, candidate);
	size_t d = edit_distance(n->name, c, n->best_d - 1);
	if (d < n->best_d) {
		n->best_d = d;
		n->best = candidate;
	}
}
