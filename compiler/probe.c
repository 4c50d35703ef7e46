/*
 * probe.c - probe inputs for verification and statistics (see probe.h).
 */
#include "probe.h"

#include <stdlib.h>
#include <string.h>

#define X32_BIT 0x40000000u
#define MAX_VECTORS 20000

static void add_u32(struct u32_set *s, uint32_t v)
{
	VEC_RESERVE(s->items, s->cap, s->len + 1);
	s->items[s->len++] = v;
}

/* The end (exclusive) of the ascending run of v[0..n) that starts at i. */
static size_t run_end(const uint32_t *v, size_t i, size_t n)
{
	size_t j = i + 1;
	while (j < n && v[j - 1] <= v[j])
		j++;
	return j;
}

/*
 * Natural merge sort: these sets are a few sorted runs laid end to end (a
 * table's numbers and their neighbours, an arch's numbers), so merging the
 * runs a pair at a time costs O(n log runs): two or three passes here.
 */
static void merge_sort_runs(uint32_t *v, size_t n)
{
	uint32_t *tmp = xmalloc(n * sizeof *tmp);
	for (size_t runs = 2; runs > 1;) {
		runs = 0;
		for (size_t i = 0; i < n; runs++) {
			size_t mid = run_end(v, i, n);
			size_t end = mid < n ? run_end(v, mid, n) : n;
			size_t a = i, b = mid, out = i;
			while (a < mid && b < end)
				tmp[out++] = v[b] < v[a] ? v[b++] : v[a++];
			while (a < mid)
				tmp[out++] = v[a++];
			while (b < end)
				tmp[out++] = v[b++];
			i = end;
		}
		memcpy(v, tmp, n * sizeof *v);
	}
	free(tmp);
}

static void sort_unique(struct u32_set *s)
{
	if (!s->len)
		return;
	merge_sort_runs(s->items, s->len);
	size_t n = 1;
	for (size_t i = 1; i < s->len; i++)
		if (s->items[i] != s->items[n - 1])
			s->items[n++] = s->items[i];
	s->len = n;
}

/* Appends v and its neighbours, keeping a run of ascending v ascending:
 * what the run already holds is not added again, and the neighbours that
 * wrap around (0 - 1, 0xffffffff + 1) are left to the edges. */
static void add_around(struct u32_set *s, uint32_t v, size_t run_start)
{
	uint32_t from = v ? v - 1 : v, to = v != 0xffffffffu ? v + 1 : v;
	if (s->len > run_start && s->items[s->len - 1] >= from && s->items[s->len - 1] < to)
		from = s->items[s->len - 1] + 1;
	for (uint64_t x = from; x <= to; x++)
		add_u32(s, (uint32_t)x);
}

void probe_numbers(const struct rule_table *t, uint32_t audit_arch, struct u32_set *out)
{
	static const uint32_t edges[] = {
		0, 1, X32_BIT - 1, X32_BIT, X32_BIT + 1, 0x7fffffffu, 0x80000000u,
		0xbfffffffu, 0xc0000000u, 0xfffffffeu, 0xffffffffu,
	};
	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
		add_u32(out, edges[i]);
	for (size_t i = 0; i < t->narches; i++) {
		const struct tarch *ta = &t->arches[i];
		if (ta->arch->audit_arch != audit_arch)
			continue;
		size_t run = out->len;
		for (size_t k = 0; k < ta->nsyscalls; k++)
			add_around(out, ta->syscalls[k].nr, run);
		if (ta->enosys)
			add_around(out, ta->enosys_above, out->len);
		run = out->len;
		for (size_t k = 0; k < ta->arch->nsyscalls; k++)
			add_around(out, ta->arch->nrs[k], run);
	}
	sort_unique(out);
}

void probe_foreign_arches(const struct rule_table *t, struct u32_set *out)
{
	add_u32(out, 0);
	add_u32(out, 0xffffffffu);
	for (int id = 0; id < ARCH_COUNT; id++) {
		uint32_t a = arch_get((enum arch_id)id)->audit_arch;
		bool covered = false;
		for (size_t i = 0; i < t->narches; i++)
			covered |= t->arches[i].arch->audit_arch == a;
		if (!covered)
			add_u32(out, a);
	}
	sort_unique(out);
}

struct u64_set {
	uint64_t *items;
	size_t len, cap;
};

static void add_u64(struct u64_set *s, uint64_t v)
{
	for (size_t i = 0; i < s->len; i++)
		if (s->items[i] == v)
			return;
	VEC_RESERVE(s->items, s->cap, s->len + 1);
	s->items[s->len++] = v;
}

/* Values of one 64-bit constant worth trying: per word the constant, its
 * neighbours, 0 and all-ones, combined with the other word kept. */
static void add_constant(struct u64_set *s, uint64_t v)
{
	uint32_t hi = (uint32_t)(v >> 32), lo = (uint32_t)v;
	const uint32_t his[] = { hi, hi - 1, hi + 1, 0, 0xffffffffu };
	const uint32_t los[] = { lo, lo - 1, lo + 1, 0, 0xffffffffu };
	for (size_t i = 0; i < 5; i++) {
		add_u64(s, ((uint64_t)his[i] << 32) | lo);
		add_u64(s, ((uint64_t)hi << 32) | los[i]);
	}
}

static void add_mask(struct u64_set *s, uint64_t mask, uint64_t datum)
{
	uint64_t match = datum & mask;
	add_u64(s, match);
	add_u64(s, match | ~mask);
	for (int b = 0; b < 64; b++)
		if (mask & (1ull << b)) {
			add_u64(s, match ^ (1ull << b));
			add_u64(s, (match | ~mask) ^ (1ull << b));
		}
}

static void push_vector(struct arg_vectors *v, const uint64_t args[6])
{
	VEC_RESERVE(v->items, v->cap, v->len + 1);
	memcpy(v->items[v->len++], args, sizeof v->items[0]);
}

void probe_args(const struct tsyscall *s, struct arg_vectors *out)
{
	struct u64_set vals[6] = { { 0 } };
	bool used[6] = { false };
	for (size_t r = 0; s && r < s->nrules; r++)
		for (size_t k = 0; k < s->rules[r].nconds; k++) {
			const struct cond *c = &s->rules[r].conds[k];
			struct u64_set *set = &vals[c->index];
			if (!used[c->index]) {
				used[c->index] = true;
				add_u64(set, 0);
				add_u64(set, ~0ull);
				if (c->bits < 64)  /* bits the kernel does not read must not matter */
					add_u64(set, 0xdeadbeefdeadbeefull & ~width_mask(c->bits));
			}
			if (c->op == CMP_MASKED_EQ)
				add_mask(set, c->value, c->value_two);
			else
				add_constant(set, c->value);
		}
	size_t product = 1;
	for (int i = 0; i < 6; i++)
		if (used[i] && product <= MAX_VECTORS)
			product *= vals[i].len;
	uint64_t args[6] = { 0 };
	push_vector(out, args);
	if (product <= MAX_VECTORS) {
		/* Every combination, odometer style. */
		size_t pos[6] = { 0 };
		for (;;) {
			for (int i = 0; i < 6; i++)
				args[i] = used[i] ? vals[i].items[pos[i]] : 0;
			push_vector(out, args);
			int i = 0;
			while (i < 6 && (!used[i] || ++pos[i] == vals[i].len)) {
				if (used[i])
					pos[i] = 0;
				i++;
			}
			if (i == 6)
				break;
		}
	} else {
		/* Too many: vary one argument at a time around each value of another. */
		for (int i = 0; i < 6; i++)
			for (size_t a = 0; used[i] && a < vals[i].len; a++)
				for (int j = 0; j < 6; j++)
					for (size_t b = 0; used[j] && j != i && b < vals[j].len; b++) {
						memset(args, 0, sizeof args);
						args[i] = vals[i].items[a];
						args[j] = vals[j].items[b];
						push_vector(out, args);
					}
	}
	for (int i = 0; i < 6; i++)
		free(vals[i].items);
}

void u32_set_free(struct u32_set *s)
{
	free(s->items);
	memset(s, 0, sizeof *s);
}

void arg_vectors_free(struct arg_vectors *v)
{
	free(v->items);
	memset(v, 0, sizeof *v);
}
