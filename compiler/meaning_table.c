/*
 * meaning_table.c - a resolved table's meaning (see meaning.h): for every
 * arch value and number, what table_decide_raw() answers, as rectangles.
 *
 * Over the numbers of one arch value the table's answer changes only where
 * one of the functions it is made of can change: table_deciding_arch() at
 * bit 30 and at -1, tarch_syscall() at each number the table decides,
 * table_default() after enosys_above, at 0 and (as table.h promises) at the
 * numbers of the arch's syscalls. Between two of those points it is one
 * function of the arguments, read off at the first number. A syscall with
 * argument checks becomes the diagram of its rules in their order.
 */
#include "meaning.h"

#include <stdlib.h>

#define X32_BIT 0x40000000u

/* A condition as bdd_compare() takes it: the pieces it reads, the
 * comparison and the constant; returns the number of pieces. */
static size_t cond_compare(const struct cond *c, struct bdd_piece p[2], enum cmp_op *op,
			   uint64_t *k)
{
	size_t n = 0;
	uint64_t mask = c->op == CMP_MASKED_EQ ? c->value : width_mask(c->bits);
	if (c->bits > 32)
		p[n++] = (struct bdd_piece){ (uint8_t)(2 * c->index), (uint32_t)(mask >> 32) };
	p[n++] = (struct bdd_piece){ (uint8_t)(2 * c->index + 1), (uint32_t)mask };
	*op = c->op == CMP_MASKED_EQ ? CMP_EQ : c->op;
	*k = c->op == CMP_MASKED_EQ ? c->value_two & c->value : c->value;
	return n;
}

static bdd_node cond_fn(struct bdd *m, const struct cond *c)
{
	struct bdd_piece p[2];
	enum cmp_op op;
	uint64_t k;
	size_t n = cond_compare(c, p, &op, &k);
	return bdd_compare(m, p, n, op, k);
}

void table_atoms(const struct rule_table *t, struct bdd_atoms *a)
{
	for (size_t i = 0; i < t->narches; i++)
		for (size_t j = 0; j < t->arches[i].nsyscalls; j++) {
			const struct tsyscall *s = &t->arches[i].syscalls[j];
			for (size_t r = 0; r < s->nrules; r++)
				for (size_t c = 0; c < s->rules[r].nconds; c++) {
					struct bdd_piece p[2];
					enum cmp_op op;
					uint64_t k;
					size_t n = cond_compare(&s->rules[r].conds[c], p, &op, &k);
					bdd_atoms_compare(a, p, n, op, k);
				}
		}
}

/* The first word a rule reads (its lowest argument index, high word
 * first): diagrams are cheapest to combine deepest first. */
static unsigned first_word(const struct trule *r)
{
	unsigned w = 2 * 6;
	for (size_t k = 0; k < r->nconds; k++) {
		unsigned c = 2u * r->conds[k].index + (r->conds[k].bits <= 32);
		w = c < w ? c : w;
	}
	return w;
}

static int by_first_word_desc(const void *a, const void *b)
{
	const struct trule *x = *(const struct trule *const *)a, *y = *(const struct trule *const *)b;
	unsigned wx = first_word(x), wy = first_word(y);
	if (wx != wy)
		return wx > wy ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* The conditions of one rule, all holding. */
static bdd_node rule_fn(struct bdd *m, const struct trule *r)
{
	bdd_node all = bdd_true(m);
	for (size_t k = r->nconds; k-- > 0;)
		all = bdd_and(m, cond_fn(m, &r->conds[k]), all);
	return all;
}

/* Appends [lo, hi] to out unless it is empty. */
static void add_interval(uint32_t out[2][2], size_t *n, int64_t lo, int64_t hi)
{
	if (lo > hi)
		return;
	out[*n][0] = (uint32_t)lo;
	out[(*n)++][1] = (uint32_t)hi;
}

/* The values of a 32-bit word for which a one-condition rule holds, as at
 * most two intervals; false when the condition is not a plain comparison of
 * the whole word. */
static bool cond_intervals(const struct cond *c, uint32_t out[2][2], size_t *n)
{
	if (c->bits != 32)
		return false;
	int64_t v = (uint32_t)c->value, max = UINT32_MAX;
	*n = 0;
	switch (c->op) {
	case CMP_EQ: add_interval(out, n, v, v); break;
	case CMP_NE: add_interval(out, n, 0, v - 1); add_interval(out, n, v + 1, max); break;
	case CMP_LT: add_interval(out, n, 0, v - 1); break;
	case CMP_LE: add_interval(out, n, 0, v); break;
	case CMP_GT: add_interval(out, n, v + 1, max); break;
	case CMP_GE: add_interval(out, n, v, max); break;
	default: return false;
	}
	return true;
}

struct word_interval {
	uint8_t word;
	uint32_t lo, hi;
};

static int by_word_then_lo(const void *a, const void *b)
{
	const struct word_interval *x = a, *y = b;
	if (x->word != y->word)
		return x->word < y->word ? -1 : 1;
	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* The disjunction of the one-condition rules among run[0..*n) that compare a
 * whole 32-bit word (an allowlist of ioctl requests, say), made per word
 * from their merged intervals; those rules leave run, the rest stay. */
static bdd_node word_interval_rules(struct bdd *m, const struct trule **run, size_t *n)
{
	struct word_interval *iv = xmalloc((2 * *n + 1) * sizeof *iv);
	size_t niv = 0, kept = 0;
	for (size_t i = 0; i < *n; i++) {
		uint32_t two[2][2];
		size_t k;
		if (run[i]->nconds != 1 || !cond_intervals(&run[i]->conds[0], two, &k)) {
			run[kept++] = run[i];
			continue;
		}
		for (size_t j = 0; j < k; j++)
			iv[niv++] = (struct word_interval){ (uint8_t)(2 * run[i]->conds[0].index + 1),
							    two[j][0], two[j][1] };
	}
	*n = kept;
	qsort(iv, niv, sizeof *iv, by_word_then_lo);
	uint32_t (*merged)[2] = xmalloc((niv + 1) * sizeof *merged);
	bdd_node any = bdd_false(m);
	for (size_t i = 0; i < niv;) {
		size_t nm = 0;
		uint8_t word = iv[i].word;
		for (; i < niv && iv[i].word == word; i++) {
			if (nm && (uint64_t)merged[nm - 1][1] + 1 >= iv[i].lo) {
				if (iv[i].hi > merged[nm - 1][1])
					merged[nm - 1][1] = iv[i].hi;
			} else {
				merged[nm][0] = iv[i].lo;
				merged[nm++][1] = iv[i].hi;
			}
		}
		any = bdd_ite(m, bdd_intervals(m, word, (const uint32_t (*)[2])merged, nm),
			      bdd_true(m), any);
	}
	free(merged);
	free(iv);
	return any;
}

/*
 * First match over the rules: ite(rule 1, action 1, ite(rule 2, ...,
 * default)). Rules of one action in a row are alternatives, so each run of
 * them is one disjunction: the rules that compare one whole word are made
 * per word from their intervals at once, the others are added deepest rule
 * first (a rule whose first word comes later is combined before one that
 * starts earlier: each step then follows one rule's path instead of walking
 * all that came before).
 */
bdd_node table_syscall_fn(const struct rule_table *t, const struct tarch *ta,
			  const struct tsyscall *s, struct bdd *m)
{
	bdd_node f = bdd_action(m, table_default(t, ta, s->nr));
	const struct trule **run = xmalloc((s->nrules + 1) * sizeof *run);
	size_t end = s->nrules;
	while (end > 0) {
		size_t start = end;
		while (start > 0 && s->rules[start - 1].action == s->rules[end - 1].action)
			start--;
		size_t n = 0;
		for (size_t i = start; i < end; i++)
			run[n++] = &s->rules[i];
		bdd_node any = word_interval_rules(m, run, &n);
		qsort(run, n, sizeof *run, by_first_word_desc);
		size_t depth = bdd_roots_depth(m);
		for (size_t i = 0; i < n; i++) {
			bdd_roots_restore(m, depth);
			bdd_root_push(m, f);
			bdd_root_push(m, any);
			bdd_safe_point(m);   /* what ORing the rules one by one left behind */
			any = bdd_ite(m, rule_fn(m, run[i]), bdd_true(m), any);
		}
		bdd_roots_restore(m, depth);
		f = bdd_ite(m, any, bdd_action(m, s->rules[start].action), f);
		end = start;
	}
	free(run);
	return f;
}

/* A sorted list of numbers x, each of which makes x and x + 1 points
 * where the answer may change, read in increasing order. */
struct point_stream {
	const uint32_t *items;
	size_t len, at;
};

/* The least point of the stream above v (2^32 when none). */
static uint64_t stream_next(struct point_stream *s, uint32_t v)
{
	while (s->at < s->len && (uint64_t)s->items[s->at] + 1 <= v)
		s->at++;
	if (s->at == s->len)
		return (uint64_t)UINT32_MAX + 1;
	uint32_t x = s->items[s->at];
	return x > v ? x : (uint64_t)x + 1;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Diagrams of the conditional syscalls, made once each. */
struct fn_cache {
	const struct tsyscall **sys;
	bdd_node *fn;
	size_t len, cap;
};

static bdd_node syscall_fn_cached(const struct rule_table *t, const struct tarch *ta,
				  const struct tsyscall *s, struct bdd *m, struct fn_cache *fc)
{
	for (size_t i = fc->len; i-- > 0;)
		if (fc->sys[i] == s)
			return fc->fn[i];
	size_t cap = fc->cap;
	VEC_RESERVE(fc->sys, cap, fc->len + 1);
	VEC_RESERVE(fc->fn, fc->cap, fc->len + 1);
	fc->sys[fc->len] = s;
	return fc->fn[fc->len++] = table_syscall_fn(t, ta, s, m);
}

/* Appends a region, its function held as a root of m. */
static void push_region(struct bdd *m, struct meaning *out, uint32_t arch_lo, uint32_t arch_hi,
			uint32_t lo, uint32_t hi, bdd_node fn)
{
	struct region *last = out->len ? &out->items[out->len - 1] : NULL;
	if (last && last->arch_lo == arch_lo && last->arch_hi == arch_hi && last->fn == fn &&
	    last->nr_hi + 1 == lo && last->nr_hi != UINT32_MAX) {
		last->nr_hi = hi;
		return;
	}
	VEC_RESERVE(out->items, out->cap, out->len + 1);
	out->items[out->len++] = (struct region){ arch_lo, arch_hi, lo, hi, fn };
	bdd_root_push(m, fn);
}

/* The regions of one covered arch value: between two consecutive points
 * where the answer may change (see the top of this file), the answer at
 * the first number of the run. */
static void arch_value_meaning(const struct rule_table *t, uint32_t audit_arch, struct bdd *m,
			       struct fn_cache *fc, struct meaning *out)
{
	static const uint64_t zero[6];
	/* 0, 2^30 - 1, 2^31 - 1, 2^32 - 2, 2^32 - 1: each with the next number,
	 * the points 0, 1, 2^30, 2^31, 3 * 2^30 and -1. */
	static const uint32_t fixed[] = { 0, 0x3fffffffu, 0x7fffffffu, 0xbfffffffu, 0xfffffffeu };
	struct point_stream streams[2 + 3 * 2];
	size_t nstreams = 0;
	uint32_t *owned[3 * 2];
	size_t nowned = 0;
	const struct tarch *members[2];
	size_t cursor[2] = { 0, 0 }, nmembers = 0;
	streams[nstreams++] = (struct point_stream){ fixed, sizeof fixed / sizeof *fixed, 0 };
	for (size_t a = 0; a < t->narches; a++) {
		const struct tarch *ta = &t->arches[a];
		if (ta->arch->audit_arch != audit_arch || nmembers == 2)
			continue;
		members[nmembers++] = ta;
		uint32_t *nrs = xmalloc((ta->nsyscalls + 2) * sizeof *nrs);
		for (size_t i = 0; i < ta->nsyscalls; i++)
			nrs[i] = ta->syscalls[i].nr;
		owned[nowned++] = nrs;
		streams[nstreams++] = (struct point_stream){ nrs, ta->nsyscalls, 0 };
		if (ta->enosys) {
			uint32_t *above = xmalloc(sizeof *above);
			*above = ta->enosys_above;
			owned[nowned++] = above;
			streams[nstreams++] = (struct point_stream){ above, 1, 0 };
			streams[nstreams++] = (struct point_stream){ ta->arch->nrs, ta->arch->nsyscalls, 0 };
		}
	}
	uint64_t lo = 0;
	const struct tarch *ta = NULL;
	bdd_node bad = bdd_action(m, t->bad_arch_action);
	while (lo <= UINT32_MAX) {
		uint64_t next = (uint64_t)UINT32_MAX + 1;
		for (size_t i = 0; i < nstreams; i++) {
			uint64_t p = stream_next(&streams[i], (uint32_t)lo);
			next = p < next ? p : next;
		}
		uint32_t nr = (uint32_t)lo;
		if ((nr & 0x3fffffffu) == 0 || nr == UINT32_MAX)   /* where bit 30 or -1 may change it */
			ta = table_deciding_arch(t, audit_arch, nr);
		bdd_node fn;
		if (!ta) {
			fn = bad;
		} else {
			size_t k = ta == members[0] ? 0 : 1;
			while (cursor[k] < ta->nsyscalls && ta->syscalls[cursor[k]].nr < nr)
				cursor[k]++;
			const struct tsyscall *s = cursor[k] < ta->nsyscalls &&
				ta->syscalls[cursor[k]].nr == nr ? &ta->syscalls[cursor[k]] : NULL;
			if (s && !(s->nrules == 1 && s->rules[0].nconds == 0))
				fn = syscall_fn_cached(t, ta, s, m, fc);
			else if (s)
				fn = bdd_action(m, s->rules[0].action);
			else
				fn = bdd_action(m, table_decide(t, ta, nr, zero));
		}
		push_region(m, out, audit_arch, audit_arch, nr, (uint32_t)(next - 1), fn);
		lo = next;
	}
	for (size_t i = 0; i < nowned; i++)
		free(owned[i]);
}

void table_meaning(const struct rule_table *t, struct bdd *m, struct meaning *out)
{
	uint32_t covered[ARCH_COUNT];
	size_t ncovered = 0;
	for (size_t a = 0; a < t->narches; a++)
		covered[ncovered++] = t->arches[a].arch->audit_arch;
	qsort(covered, ncovered, sizeof *covered, cmp_u32);
	struct fn_cache fc = { 0 };
	bdd_node bad = bdd_action(m, t->bad_arch_action);
	uint64_t next = 0;   /* the first arch value not placed yet */
	for (size_t i = 0; i < ncovered; i++) {
		uint32_t v = covered[i];
		if (v < next)
			continue;   /* x86_64 and x32 share their value */
		if (v > next)
			push_region(m, out, (uint32_t)next, v - 1, 0, UINT32_MAX, bad);
		arch_value_meaning(t, v, m, &fc, out);
		next = (uint64_t)v + 1;
	}
	if (next <= UINT32_MAX)
		push_region(m, out, (uint32_t)next, UINT32_MAX, 0, UINT32_MAX, bad);
	free(fc.sys);
	free(fc.fn);
}
