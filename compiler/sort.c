/*
 * sort.c - sorting 32-bit values (see sort.h): insertion sort for short
 * arrays, else a radix sort on the four bytes (linear, stable).
 */
#include "sort.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define SHORT 48
#define DIGIT_BITS 8
#define DIGITS (1u << DIGIT_BITS)
#define NDIGITS 4

static void insertion_sort(uint32_t *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint32_t x = v[i];
		size_t k = i;
		for (; k > 0 && v[k - 1] > x; k--)
			v[k] = v[k - 1];
		v[k] = x;
	}
}

void sort_u32(uint32_t *v, size_t n)
{
	if (n <= SHORT) {
		insertion_sort(v, n);
		return;
	}
	uint32_t *tmp = xmalloc(n * sizeof *tmp);
	size_t count[NDIGITS * DIGITS];
	memset(count, 0, sizeof count);
	for (size_t i = 0; i < n; i++)
		for (unsigned d = 0; d < NDIGITS; d++)
			count[d * DIGITS + ((v[i] >> (d * DIGIT_BITS)) & (DIGITS - 1))]++;
	uint32_t *from = v, *to = tmp;
	for (unsigned d = 0; d < NDIGITS; d++) {
		size_t *c = count + d * DIGITS, sum = 0;
		if (c[(from[0] >> (d * DIGIT_BITS)) & (DIGITS - 1)] == n)
			continue;   /* one value of this digit throughout: order kept */
		for (size_t b = 0; b < DIGITS; b++) {
			size_t k = c[b];
			c[b] = sum;
			sum += k;
		}
		for (size_t i = 0; i < n; i++)
			to[c[(from[i] >> (d * DIGIT_BITS)) & (DIGITS - 1)]++] = from[i];
		uint32_t *x = from;
		from = to;
		to = x;
	}
	if (from != v)
		memcpy(v, from, n * sizeof *v);
	free(tmp);
}

size_t sort_unique_u32(uint32_t *v, size_t n)
{
	sort_u32(v, n);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!m || v[m - 1] != v[i])
			v[m++] = v[i];
	return m;
}
