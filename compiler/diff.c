/*
 * diff.c - the differences of two meanings, named and ordered (see diff.h).
 *
 * meaning_compare() gives every maximal run of numbers, per stripe of arch
 * values, where the two functions differ. A stripe of one arch value that an
 * arch of the tables has is that arch's; on x86_64's value the numbers from
 * 2^30 up (bit 30 is the kernel's __X32_SYSCALL_BIT) are x32's, as table.h
 * and libseccomp have it, so runs are cut there. Every other stripe is
 * "foreign": arch values neither side tells apart from an unknown arch.
 * Items are then ordered by arch (the tables' order, foreign last) and
 * number, and the argument regions of each argument-dependent pair of
 * functions are found once.
 */
#include "diff.h"

#include <stdlib.h>
#include <string.h>

#define X32_BIT 0x40000000u

static void push(struct diff_result *out, const struct arch_info *arch, uint32_t arch_lo,
		 uint32_t arch_hi, uint32_t nr_lo, uint32_t nr_hi, bdd_node a, bdd_node b)
{
	VEC_RESERVE(out->items, out->cap, out->len + 1);
	out->items[out->len++] = (struct diff_item){ .arch = arch, .arch_lo = arch_lo,
		.arch_hi = arch_hi, .nr_lo = nr_lo, .nr_hi = nr_hi, .a = a, .b = b };
}

static bool collect(const struct meaning_diff *d, void *arg)
{
	struct diff_result *out = arg;
	const struct arch_info *arch = d->arch_lo == d->arch_hi ? arch_by_audit(d->arch_lo) : NULL;
	if (!arch || arch->id != ARCH_X86_64) {
		push(out, arch, d->arch_lo, d->arch_hi, d->nr_lo, d->nr_hi, d->a, d->b);
		return true;
	}
	/* x86_64's value: numbers from 2^30 up are x32's (table.h) */
	if (d->nr_lo < X32_BIT)
		push(out, arch, d->arch_lo, d->arch_hi, d->nr_lo,
		     d->nr_hi < X32_BIT ? d->nr_hi : X32_BIT - 1, d->a, d->b);
	if (d->nr_hi >= X32_BIT)
		push(out, arch_get(ARCH_X32), d->arch_lo, d->arch_hi,
		     d->nr_lo > X32_BIT ? d->nr_lo : X32_BIT, d->nr_hi, d->a, d->b);
	return true;
}

/* Arch order, foreign last; then number, then arch value. */
static int item_cmp(const void *px, const void *py)
{
	const struct diff_item *x = px, *y = py;
	int ax = x->arch ? (int)x->arch->id : ARCH_COUNT, ay = y->arch ? (int)y->arch->id : ARCH_COUNT;
	if (ax != ay)
		return ax < ay ? -1 : 1;
	if (x->nr_lo != y->nr_lo)
		return x->nr_lo < y->nr_lo ? -1 : 1;
	if (x->arch_lo != y->arch_lo)
		return x->arch_lo < y->arch_lo ? -1 : 1;
	return 0;
}

static const struct arg_regions *regions_cached(struct bdd *m, struct diff_result *r,
						bdd_node a, bdd_node b, size_t limit)
{
	for (size_t i = 0; i < r->ncache; i++)
		if (r->cache_key[i][0] == a && r->cache_key[i][1] == b)
			return r->cache[i];
	size_t cap = r->cache_cap;
	VEC_RESERVE(r->cache, cap, r->ncache + 1);
	VEC_RESERVE(r->cache_key, r->cache_cap, r->ncache + 1);
	struct arg_regions *regions = xcalloc(1, sizeof *regions);
	arg_regions_of(m, a, b, limit, regions);
	r->cache[r->ncache] = regions;
	r->cache_key[r->ncache][0] = a;
	r->cache_key[r->ncache][1] = b;
	r->ncache++;
	return regions;
}

/* The action a meaning takes for every number of [nr_lo, nr_hi] on arch
 * value `arch`, when it is one action; false otherwise. */
static bool uniform_action(const struct bdd *m, const struct meaning *me, uint32_t arch,
			   uint32_t nr_lo, uint32_t nr_hi, uint32_t *action)
{
	bool found = false;
	bdd_node fn = 0;
	for (size_t i = 0; i < me->len; i++) {
		const struct region *r = &me->items[i];
		if (r->arch_lo > arch || arch > r->arch_hi || r->nr_hi < nr_lo || r->nr_lo > nr_hi)
			continue;
		if (found && r->fn != fn)
			return false;
		found = true;
		fn = r->fn;
	}
	return found && bdd_is_action(m, fn, action);
}

/* Do the foreign items of [first, first + count) cover every arch value
 * that no named arch holds, each with all numbers and one pair of actions? */
static bool covers_every_foreign(const struct diff_item *items, size_t count)
{
	uint64_t next = 0;   /* the first arch value not yet accounted for */
	for (size_t i = 0; i < count; i++) {
		const struct diff_item *it = &items[i];
		if (it->by_args || it->nr_lo != 0 || it->nr_hi != UINT32_MAX ||
		    it->action_a != items[0].action_a || it->action_b != items[0].action_b)
			return false;
	}
	/* items are by number, then arch value: all numbers are 0, so by arch value */
	for (size_t i = 0; i < count; i++) {
		uint64_t lo = items[i].arch_lo;
		while (next < lo) {   /* a gap: only one value, and a named arch's */
			if (lo - next > 1 || !arch_by_audit((uint32_t)next))
				return false;
			next++;
		}
		next = (uint64_t)items[i].arch_hi + 1;
	}
	return next > UINT32_MAX || (next == UINT32_MAX && arch_by_audit(UINT32_MAX));
}

static void make_sections(const struct bdd *m, const struct meaning *a, const struct meaning *b,
			  struct diff_result *out)
{
	out->sections = xcalloc(out->len + 1, sizeof *out->sections);
	for (size_t i = 0; i < out->len; i++) {
		const struct diff_item *it = &out->items[i];
		struct diff_section *s = out->nsections ? &out->sections[out->nsections - 1] : NULL;
		if (s && s->arch == it->arch) {
			s->count++;
			continue;
		}
		s = &out->sections[out->nsections++];
		*s = (struct diff_section){ .arch = it->arch, .first = i, .count = 1 };
	}
	for (size_t k = 0; k < out->nsections; k++) {
		struct diff_section *s = &out->sections[k];
		if (!s->arch) {
			s->every_foreign = covers_every_foreign(&out->items[s->first], s->count);
			continue;
		}
		uint32_t lo = 0, hi = UINT32_MAX;
		if (s->arch->id == ARCH_X86_64)
			hi = X32_BIT - 1;
		else if (s->arch->id == ARCH_X32)   /* -1 is x86_64's without x32 */
			lo = X32_BIT, hi = UINT32_MAX - 1;
		uint32_t value = s->arch->audit_arch;
		s->has_uniform_a = uniform_action(m, a, value, lo, hi, &s->uniform_a);
		s->has_uniform_b = uniform_action(m, b, value, lo, hi, &s->uniform_b);
	}
}

void diff_meanings(struct bdd *m, const struct meaning *a, const struct meaning *b,
		   const struct diff_options *opts, struct diff_result *out)
{
	memset(out, 0, sizeof *out);
	meaning_compare(a, b, collect, out);
	if (out->len > 1)   /* qsort wants a valid pointer even for none */
		qsort(out->items, out->len, sizeof *out->items, item_cmp);
	for (size_t i = 0; i < out->len; i++) {
		struct diff_item *it = &out->items[i];
		it->by_args = !bdd_is_action(m, it->a, &it->action_a) ||
			      !bdd_is_action(m, it->b, &it->action_b);
		if (it->by_args)
			it->regions = regions_cached(m, out, it->a, it->b, opts ? opts->max_regions : 0);
	}
	make_sections(m, a, b, out);
}

void diff_result_free(struct diff_result *r)
{
	for (size_t i = 0; i < r->ncache; i++) {
		arg_regions_free(r->cache[i]);
		free(r->cache[i]);
	}
	free(r->cache);
	free(r->cache_key);
	free(r->items);
	free(r->sections);
	memset(r, 0, sizeof *r);
}
