/*
 * meaning.c - comparing two meanings region against region (see meaning.h).
 *
 * The two partitions are overlaid: their arch boundaries cut the arch axis
 * into stripes that lie wholly inside one region's arch interval of either
 * side; within a stripe, both sides' number intervals are merged like two
 * sorted lists.
 */
#include "meaning.h"

#include <stdlib.h>

#include "sort.h"

void meaning_free(struct meaning *m)
{
	free(m->items);
	m->items = NULL;
	m->len = m->cap = 0;
}

/* Sorted, unique starts of the arch stripes of both meanings. */
static size_t stripe_starts(const struct meaning *a, const struct meaning *b, uint32_t **out)
{
	size_t n = 0;
	uint32_t *s = xmalloc((2 * (a->len + b->len) + 1) * sizeof *s);
	s[n++] = 0;
	const struct meaning *both[2] = { a, b };
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < both[k]->len; i++) {
			const struct region *r = &both[k]->items[i];
			if (i && r->arch_lo == r[-1].arch_lo && r->arch_hi == r[-1].arch_hi)
				continue;   /* runs of one arch interval are the rule */
			s[n++] = r->arch_lo;
			if (r->arch_hi != UINT32_MAX)
				s[n++] = r->arch_hi + 1;
		}
	*out = s;
	return sort_unique_u32(s, n);
}

struct nr_span {
	uint32_t lo, hi;
	bdd_node fn;
};

static int cmp_span(const void *a, const void *b)
{
	const struct nr_span *x = a, *y = b;
	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* The number intervals of `m` over the arch value `arch`, sorted. */
static size_t spans_at(const struct meaning *m, uint32_t arch, struct nr_span *out)
{
	size_t n = 0;
	for (size_t i = 0; i < m->len; i++) {
		const struct region *r = &m->items[i];
		if (r->arch_lo <= arch && arch <= r->arch_hi)
			out[n++] = (struct nr_span){ r->nr_lo, r->nr_hi, r->fn };
	}
	for (size_t i = 1; i < n; i++)
		if (out[i - 1].lo > out[i].lo) {
			qsort(out, n, sizeof *out, cmp_span);
			break;
		}
	return n;
}

size_t meaning_compare(const struct meaning *a, const struct meaning *b,
		       bool (*each)(const struct meaning_diff *d, void *arg), void *arg)
{
	uint32_t *starts;
	size_t nstripes = stripe_starts(a, b, &starts);
	struct nr_span *sa = xmalloc((a->len + 1) * sizeof *sa);
	struct nr_span *sb = xmalloc((b->len + 1) * sizeof *sb);
	size_t found = 0;
	bool go = true;
	for (size_t s = 0; s < nstripes && go; s++) {
		uint32_t arch_lo = starts[s];
		uint32_t arch_hi = s + 1 < nstripes ? starts[s + 1] - 1 : UINT32_MAX;
		size_t na = spans_at(a, arch_lo, sa), nb = spans_at(b, arch_lo, sb);
		size_t i = 0, j = 0;
		struct meaning_diff pending = { 0 };
		bool have = false;
		/* Both sides cover every number once; walk their overlaps. */
		while (i < na && j < nb && go) {
			uint32_t lo = sa[i].lo > sb[j].lo ? sa[i].lo : sb[j].lo;
			uint32_t hi = sa[i].hi < sb[j].hi ? sa[i].hi : sb[j].hi;
			bdd_node fa = sa[i].fn, fb = sb[j].fn;
			if (fa != fb) {
				if (have && pending.a == fa && pending.b == fb && pending.nr_hi + 1 == lo) {
					pending.nr_hi = hi;
				} else {
					if (have && !(go = each(&pending, arg)))
						break;
					pending = (struct meaning_diff){ arch_lo, arch_hi, lo, hi, fa, fb };
					have = true;
					found++;
				}
			}
			if (sa[i].hi == hi)
				i++;
			if (sb[j].hi == hi)
				j++;
			if (hi == UINT32_MAX)
				break;
		}
		if (have && go)
			go = each(&pending, arg);
	}
	free(sa);
	free(sb);
	free(starts);
	return found;
}
