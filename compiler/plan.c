/*
 * plan.c - the plan stage (see plan.h): decision ranges per arch value and a
 * search tree over them: optimal alphabetic, with equality chains where they
 * cost less.
 */
#include "plan.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define X32_BIT 0x40000000u
#define MAX_CHAIN 15u            /* keeps a chain's scratch on the stack */

/* A stretch of the 32-bit number space and who decides it. */
struct segment {
	uint32_t lo, hi;
	const struct tarch *ta;   /* NULL: `action` decides the whole stretch */
	uint32_t action;
};

/*
 * Scratch of the tree programme over n leaves: the triangle of costs
 * (cost[i][j], i <= j, row by row) and of roots. Kept by the plan across
 * dispatches, so its pages are touched once per compile; floats and 16-bit
 * roots halve them again (a page first touched costs more than the
 * programme's arithmetic on it). A dispatch has fewer than 65536 ranges: at
 * most two per syscall number of its arches plus a few, and no arch has
 * more than 1100 numbers.
 */
struct tree_scratch {
	float *cost;
	uint16_t *root;
	double *prefix;
	size_t *row;                   /* cell (i, j) is at row[i] + j */
	size_t cap;                    /* leaves it has room for */
};

struct plan_ctx {
	const struct rule_table *t;
	const struct plan_options *opts;
	struct arena *arena;
	struct plan *out;
	size_t decisions_cap;
	struct tree_scratch scratch;   /* the tree programme's, shared by the dispatches */
};

void plan_options_default(struct plan_options *o)
{
	o->x32_weight = 0.18;
	o->max_run = 16;
	o->max_chain = 4;
	o->leaf_cost = NULL;
	o->nleaf_cost = 0;
	o->decisions_only = false;
}

static bool same_rules(const struct tsyscall *a, const struct tsyscall *b)
{
	if (a->nrules != b->nrules)
		return false;
	for (size_t i = 0; i < a->nrules; i++) {
		const struct trule *x = &a->rules[i], *y = &b->rules[i];
		if (x->action != y->action || x->nconds != y->nconds)
			return false;
		for (size_t k = 0; k < x->nconds; k++) {
			const struct cond *p = &x->conds[k], *q = &y->conds[k];
			if (p->index != q->index || p->bits != q->bits || p->op != q->op ||
			    p->value != q->value || p->value_two != q->value_two)
				return false;
		}
	}
	return true;
}

/* The index of a decision, shared with an equal one made before. */
static uint32_t intern_decision(struct plan_ctx *c, const struct decision *d)
{
	struct plan *p = c->out;
	for (size_t i = 0; i < p->ndecisions; i++) {
		const struct decision *e = &p->decisions[i];
		if (!d->sys && !e->sys && e->action == d->action)
			return (uint32_t)i;
		if (d->sys && e->sys && e->ta->arch->is64 == d->ta->arch->is64 &&
		    c->t->default_action_by_arch[e->ta->arch->id] ==
			    c->t->default_action_by_arch[d->ta->arch->id] &&
		    same_rules(e->sys, d->sys))
			return (uint32_t)i;
	}
	VEC_RESERVE(p->decisions, c->decisions_cap, p->ndecisions + 1);
	p->decisions[p->ndecisions] = *d;
	return (uint32_t)p->ndecisions++;
}

static uint32_t action_decision(struct plan_ctx *c, uint32_t action)
{
	struct decision d = { .action = action };
	return intern_decision(c, &d);
}

static uint32_t syscall_decision(struct plan_ctx *c, const struct tarch *ta,
				 const struct tsyscall *s)
{
	if (s->nrules == 1 && s->rules[0].nconds == 0)
		return action_decision(c, s->rules[0].action);
	struct decision d = { .sys = s, .ta = ta };
	return intern_decision(c, &d);
}

struct range_list {
	struct range *items;
	size_t len, cap;
};

static void push_range(struct range_list *l, uint32_t lo, uint32_t hi, uint32_t decision)
{
	if (l->len && l->items[l->len - 1].decision == decision &&
	    l->items[l->len - 1].hi + 1 == lo) {
		l->items[l->len - 1].hi = hi;
		return;
	}
	VEC_RESERVE(l->items, l->cap, l->len + 1);
	l->items[l->len++] = (struct range){ .lo = lo, .hi = hi, .decision = decision };
}

/* Appends numbers lo..hi, which the arch's table leaves to the default, in
 * the runs on which table_default() is constant. */
static void push_default(struct plan_ctx *c, const struct tarch *ta, uint32_t lo, uint32_t hi,
			 struct range_list *l)
{
	uint64_t start = lo;
	while (start <= hi) {
		uint32_t end = table_default_run(c->t, ta, (uint32_t)start, hi);
		uint32_t action = table_default(c->t, ta, (uint32_t)start);
		push_range(l, (uint32_t)start, end, action_decision(c, action));
		start = (uint64_t)end + 1;
	}
}

/* Appends the ranges of one segment: the arch's decided syscalls and the
 * default in the gaps between them. */
static void segment_ranges(struct plan_ctx *c, const struct segment *s, struct range_list *l)
{
	if (!s->ta) {
		push_range(l, s->lo, s->hi, action_decision(c, s->action));
		return;
	}
	uint64_t next = s->lo;
	for (size_t i = 0; i < s->ta->nsyscalls; i++) {
		const struct tsyscall *sys = &s->ta->syscalls[i];
		if (sys->nr < s->lo || sys->nr > s->hi)
			continue;
		if (sys->nr > next)
			push_default(c, s->ta, (uint32_t)next, sys->nr - 1, l);
		push_range(l, sys->nr, sys->nr, syscall_decision(c, s->ta, sys));
		next = (uint64_t)sys->nr + 1;
	}
	if (next <= s->hi)
		push_default(c, s->ta, (uint32_t)next, s->hi, l);
}

/* The segments of one arch value: x86_64 shares its value with x32. */
static size_t dispatch_segments(const struct rule_table *t, const struct dispatch *d,
				struct segment *seg)
{
	const struct tarch *native = d->members[0];
	if (native->arch->id != ARCH_X86_64) {
		seg[0] = (struct segment){ 0, 0xffffffffu, native, 0 };
		return 1;
	}
	const struct tarch *x32 = d->nmembers > 1 ? d->members[1] : NULL;
	size_t n = 0;
	seg[n++] = (struct segment){ 0, X32_BIT - 1, native, 0 };
	if (x32) {   /* as table_deciding_arch() */
		seg[n++] = (struct segment){ X32_BIT, 0xffffffffu, x32, 0 };
	} else {
		seg[n++] = (struct segment){ X32_BIT, 0xfffffffeu, NULL, t->bad_arch_action };
		seg[n++] = (struct segment){ 0xffffffffu, 0xffffffffu, NULL, t->default_action };
	}
	return n;
}

/* Counts the arch's real syscalls in each range and sets the weights. */
static void weigh_ranges(const struct plan_ctx *c, struct dispatch *d)
{
	for (size_t m = 0; m < d->nmembers; m++) {
		const struct arch_info *a = d->members[m]->arch;
		size_t r = 0;
		for (size_t i = 0; i < a->nsyscalls; i++) {
			while (r < d->nranges && d->ranges[r].hi < a->nrs[i])
				r++;
			if (r < d->nranges && d->ranges[r].lo <= a->nrs[i])
				d->ranges[r].nreal++;
		}
	}
	for (size_t r = 0; r < d->nranges; r++) {
		struct range *g = &d->ranges[r];
		bool x32 = d->nmembers > 1 && g->lo >= X32_BIT;
		double per = x32 ? c->opts->x32_weight : 1.0;
		/* Ranges with no real syscall weigh a little, so the tree stays shallow there too. */
		g->weight = g->nreal * per + 0.05;
	}
}

/*
 * A chain decides ranges i..j without boundary comparisons: all but the
 * ranges of one decision are single numbers, each picked out by an equality
 * test, heaviest first; what passes every test takes the one decision.
 * Ranges alternate decisions, so a chain of at most K tests spans at most
 * 2K+1 ranges: the chains of a dispatch are found in O(n K^2).
 */
struct chain {
	double cost;                   /* weighted depth of its ranges; INFINITY: none fits */
	uint32_t decision;             /* the one the tests fall through to */
	bool chosen;                   /* the tree decides i..j by this chain */
};

struct chains {
	struct chain *at;              /* at[i * span + (j - i)] */
	size_t span;                   /* 2K + 2: lengths 0..2K+1 */
};

static struct chain *chain_at(const struct chains *ch, size_t i, size_t j)
{
	return ch && j - i < ch->span ? &ch->at[i * ch->span + (j - i)] : NULL;
}

/* Inserts range r into exc[0..n), kept heaviest first, ties in number order:
 * the order of a chain's tests, for its price and for its nodes alike. */
static void insert_exception(size_t *exc, size_t n, size_t r, const double *w)
{
	size_t k = n;
	while (k > 0 && w[exc[k - 1]] < w[r]) {
		exc[k] = exc[k - 1];
		k--;
	}
	exc[k] = r;
}

/* The cheapest chain of ranges i.. that falls through to `decision`, for each end j. */
static void chains_through(const struct dispatch *d, const double *w, size_t i,
			   uint32_t decision, unsigned max_chain, struct chains *ch)
{
	size_t exc[32];
	size_t nexc = 0;
	double majority = 0;             /* weight of the ranges that fall through */
	bool falls_through = false;      /* some range does: the chain has a leaf */
	for (size_t j = i; j < d->nranges && j - i < ch->span; j++) {
		const struct range *r = &d->ranges[j];
		if (r->decision == decision) {
			majority += w[j];
			falls_through = true;
		} else {
			if (r->lo != r->hi || nexc == max_chain)
				return;
			insert_exception(exc, nexc++, j, w);
		}
		if (!nexc || !falls_through)
			continue;
		double cost = majority * (double)nexc;
		for (size_t p = 0; p < nexc; p++)
			cost += (double)(p + 1) * w[exc[p]];
		struct chain *c = chain_at(ch, i, j);
		if (cost < c->cost) {   /* `chosen` is the programme's to keep */
			c->cost = cost;
			c->decision = decision;
		}
	}
}

/* Prices the chains of the stretches that hold a range of lo..hi (weights
 * changed there); the others keep their price and whether they were chosen. */
static void find_chains(const struct dispatch *d, const double *w, unsigned max_chain,
			struct chains *ch, size_t lo, size_t hi)
{
	size_t first = lo >= ch->span ? lo - (ch->span - 1) : 0;
	for (size_t i = first; i <= hi; i++)
		for (size_t k = 0; k < ch->span; k++) {
			ch->at[i * ch->span + k].cost = INFINITY;
			ch->at[i * ch->span + k].decision = 0;
		}
	for (size_t i = first; i <= hi; i++) {
		/* A chain's decision is among its first K+1 ranges. */
		for (size_t a = i; a < d->nranges && a <= i + max_chain; a++) {
			bool seen = false;
			for (size_t b = i; b < a; b++)
				seen = seen || d->ranges[b].decision == d->ranges[a].decision;
			if (!seen)
				chains_through(d, w, i, d->ranges[a].decision, max_chain, ch);
		}
	}
}

static void scratch_reserve(struct tree_scratch *s, size_t n)
{
	if (n <= s->cap)
		return;
	free(s->cost);
	free(s->root);
	free(s->prefix);
	free(s->row);
	s->row = xmalloc(n * sizeof *s->row);
	s->cost = xmalloc((n * (n + 1) / 2) * sizeof *s->cost);
	s->root = xmalloc((n * (n + 1) / 2) * sizeof *s->root);
	s->prefix = xmalloc((n + 1) * sizeof *s->prefix);
	s->cap = n;
}

static void scratch_free(struct tree_scratch *s)
{
	free(s->row);
	free(s->cost);
	free(s->root);
	free(s->prefix);
}

/*
 * Optimal alphabetic tree by Knuth's O(n^2) dynamic programme: cost(i, j) is
 * the least weighted depth of a tree over leaves i..j, root(i, j) the first
 * leaf of its upper subtree. Returns the optimum over all leaves.
 *
 * With `ch`, a stretch i..j that a chain decides for less takes the chain
 * (marked chosen) and the chain's cost; root(i, j) keeps the best split, so
 * Knuth's window still narrows the search. The window is exact for plain
 * alphabetic trees and a heuristic once chains take part.
 *
 * Only the cells of stretches that hold a leaf of lo..hi are computed: the
 * others depend on unchanged weights alone and keep what an earlier call
 * on the same scratch found (the first call passes 0..n-1). Their sums of
 * weights may differ from a fresh run's in the last bit, never the result's
 * determinism: the same input always gives the same tree.
 */
static double optimal_roots(const double *w, size_t n, struct tree_scratch *s,
			    struct chains *ch, size_t lo_dirty, size_t hi_dirty)
{
	if (n < 2)
		return 0;
	float *cost = s->cost;
	double *prefix = s->prefix;
	uint16_t *root = s->root;
	const size_t *row = s->row;
	/* The triangle's rows run (i, i) .. (i, n-1); row i starts after
	 * n + (n-1) + ... + (n-i+1) cells. */
	for (size_t i = 0, start = 0; i < n; start += n - i, i++)
		s->row[i] = start - i;
	prefix[0] = 0;
	for (size_t i = 0; i < n; i++) {
		prefix[i + 1] = prefix[i] + w[i];
		cost[row[i] + i] = 0;
	}
	for (size_t i = 0; i + 1 < n; i++) {
		cost[row[i] + i + 1] = (float)(w[i] + w[i + 1]);
		root[row[i] + i + 1] = (uint16_t)(i + 1);
	}
	for (size_t len = 3; len <= n; len++) {
		size_t i_first = lo_dirty + 1 >= len ? lo_dirty + 1 - len : 0;
		struct chains *chains_here = ch && len <= ch->span ? ch : NULL;
		for (size_t i = i_first; i + len <= n && i <= hi_dirty; i++) {
			size_t j = i + len - 1;
			size_t lo = root[row[i] + j - 1], hi = root[row[i + 1] + j];
			const float *left = cost + row[i];   /* left[k - 1] = cost(i, k - 1) */
			float bestc = INFINITY;
			size_t bestk = lo;
			for (size_t k = lo; k <= hi; k++) {
				float v = left[k - 1] + cost[row[k] + j];
				if (v < bestc) {
					bestc = v;
					bestk = k;
				}
			}
			double c = (double)bestc + prefix[j + 1] - prefix[i];
			struct chain *chain = chain_at(chains_here, i, j);
			if (chain) {
				chain->chosen = chain->cost < c;
				if (chain->chosen)
					c = chain->cost;
			}
			cost[row[i] + j] = (float)c;
			root[row[i] + j] = (uint16_t)bestk;
		}
	}
	return cost[row[0] + n - 1];
}

double alphabetic_tree_floor(const double *w, size_t n)
{
	double total = 0;
	struct tree_scratch s = { 0 };
	scratch_reserve(&s, n);
	double best = n ? optimal_roots(w, n, &s, NULL, 0, n - 1) : 0;
	scratch_free(&s);
	for (size_t i = 0; i < n; i++)
		total += w[i];
	return total > 0 ? best / total : 0;
}

/* The optimum optimal_roots() found, to be laid out as tree nodes. */
struct tree_shape {
	struct dispatch *d;
	const uint16_t *root;
	const size_t *row;             /* as in tree_scratch */
	const struct chains *ch;
	const double *w;
	size_t n;
};

static int32_t make_leaf(struct dispatch *d, size_t first, size_t last)
{
	int32_t id = (int32_t)d->nnodes++;
	d->nodes[id] = (struct tree_node){ .range = (int32_t)first, .last = (int32_t)last,
					   .yes = -1, .no = -1 };
	return id;
}

/* The chain deciding ranges i..j, its tests in insert_exception()'s order. */
static int32_t make_chain(const struct tree_shape *t, size_t i, size_t j, uint32_t decision)
{
	struct dispatch *d = t->d;
	size_t exc[32], nexc = 0, first = j + 1;
	for (size_t r = i; r <= j; r++) {
		if (d->ranges[r].decision == decision) {
			if (first > j)
				first = r;
			continue;
		}
		insert_exception(exc, nexc++, r, t->w);
	}
	int32_t next = make_leaf(d, first, j);
	/* Built from the last test up, each node's `no` is the one after it. */
	for (size_t p = nexc; p-- > 0;) {
		int32_t id = (int32_t)d->nnodes++;
		int32_t yes = make_leaf(d, exc[p], exc[p]);
		d->nodes[id] = (struct tree_node){ .range = -1, .test = TEST_EQ,
						   .value = d->ranges[exc[p]].lo, .yes = yes, .no = next };
		next = id;
	}
	return next;
}

static int32_t make_tree(const struct tree_shape *t, size_t i, size_t j)
{
	struct dispatch *d = t->d;
	if (i == j)
		return make_leaf(d, i, i);
	const struct chain *chain = chain_at(t->ch, i, j);
	if (chain && chain->chosen)
		return make_chain(t, i, j, chain->decision);
	size_t k = t->root[t->row[i] + j];
	int32_t id = (int32_t)d->nnodes++;
	int32_t below = make_tree(t, i, k - 1);
	int32_t above = make_tree(t, k, j);
	d->nodes[id] = (struct tree_node){ .range = -1, .test = TEST_GE,
					   .value = d->ranges[k].lo, .yes = above, .no = below };
	return id;
}

static void depths(const struct dispatch *d, int32_t node, unsigned depth, unsigned *out)
{
	const struct tree_node *n = &d->nodes[node];
	if (n->range >= 0) {
		/* A chain's leaf spans its exceptions; they have depths of their own. */
		uint32_t decision = d->ranges[n->range].decision;
		for (int32_t r = n->range; r <= n->last; r++)
			if (d->ranges[r].decision == decision)
				out[r] = depth;
		return;
	}
	depths(d, n->no, depth + 1, out);
	depths(d, n->yes, depth + 1, out);
}

/* Depth (comparisons run) of every range in a dispatch's tree, into depth[nranges]. */
static void plan_range_depths(const struct dispatch *d, unsigned *depth)
{
	depths(d, d->root, 0, depth);
}

static unsigned leaf_cost(const struct plan_ctx *c, uint32_t decision)
{
	const struct plan_options *o = c->opts;
	return o->leaf_cost && decision < o->nleaf_cost ? o->leaf_cost[decision] : 1;
}

/*
 * Builds the tree; when a path would run more than max_run instructions
 * (overhead before the search, its comparisons, the leaf), the ranges that
 * break the aim weigh more and the tree is built again: a few rounds bring
 * the long paths up at a small cost to the mean.
 */
static void build_tree(struct plan_ctx *c, struct dispatch *d, unsigned overhead)
{
	size_t n = d->nranges;
	double *w = xmalloc(n * sizeof *w);
	unsigned *depth = xmalloc(n * sizeof *depth);
	struct tree_scratch *scratch = &c->scratch;
	assert(n <= UINT16_MAX);
	scratch_reserve(scratch, n);
	double total = 0;
	for (size_t i = 0; i < n; i++)
		total += w[i] = d->ranges[i].weight;
	/* A leaf of weight w sits about log2(total / w) deep in an optimal tree:
	 * start every leaf heavy enough for the depth its budget allows. */
	for (size_t i = 0; c->opts->max_run && i < n; i++) {
		unsigned spent = overhead + leaf_cost(c, d->ranges[i].decision);
		if (spent < c->opts->max_run) {
			double need = total / (double)(1u << (c->opts->max_run - spent < 30 ? c->opts->max_run - spent : 30));
			if (w[i] < need)
				w[i] = need;
		}
	}
	/* Past four times all weights together a leaf is as shallow as the
	 * tree can make it: a leaf whose own cost breaks the aim stops there,
	 * below twice that (the costlier leaf heavier), and the rounds stop
	 * when no weight moves. Unbounded, its weight ran past what the costs'
	 * floats hold in 64 rounds, and trees were then decided by rounding. */
	double cap = 0;
	for (size_t i = 0; i < n; i++)
		cap += 4 * w[i];
	/* A chain of K tests spans at most 2K+1 ranges and has at most 2K+1 nodes. */
	unsigned max_chain = c->opts->max_chain < MAX_CHAIN ? c->opts->max_chain : MAX_CHAIN;
	struct chains ch = { .span = 2 * (size_t)max_chain + 2 };
	ch.at = max_chain ? xmalloc(n * ch.span * sizeof *ch.at) : NULL;
	for (size_t k = 0; max_chain && k < n * ch.span; k++)
		ch.at[k] = (struct chain){ .cost = INFINITY };
	size_t lo_dirty = 0, hi_dirty = n - 1;   /* leaves whose weight changed */
	struct tree_shape shape = { .d = d, .root = scratch->root, .row = scratch->row, .ch = max_chain ? &ch : NULL, .w = w, .n = n };
	d->nodes = arena_calloc(c->arena, 2 * n, sizeof *d->nodes);
	for (int round = 0; round < 64; round++) {
		if (max_chain)
			find_chains(d, w, max_chain, &ch, lo_dirty, hi_dirty);
		optimal_roots(w, n, scratch, max_chain ? &ch : NULL, lo_dirty, hi_dirty);
		d->nnodes = 0;
		d->root = make_tree(&shape, 0, n - 1);
		if (!c->opts->max_run)
			break;
		plan_range_depths(d, depth);
		bool over = false;
		for (size_t i = 0; i < n; i++) {
			unsigned own = leaf_cost(c, d->ranges[i].decision);
			unsigned run = overhead + depth[i] + own;
			if (run > c->opts->max_run) {
				/* Each level too deep: half as much weight again,
				 * up to the cap; a leaf at its cap stays. */
				double before = w[i], cap_i = cap * (2 - 1.0 / (1 + own));
				for (unsigned e = c->opts->max_run; e < run && w[i] < cap_i; e++)
					w[i] *= 1.5;
				if (w[i] > cap_i)
					w[i] = cap_i;
				if (w[i] == before)
					continue;
				lo_dirty = over ? lo_dirty : i;
				hi_dirty = i;
				over = true;
			}
		}
		if (!over)
			break;
	}
	free(ch.at);
	free(depth);
	free(w);
}

static void plan_dispatch(struct plan_ctx *c, struct dispatch *d, unsigned overhead)
{
	struct segment seg[8];
	size_t nseg = dispatch_segments(c->t, d, seg);
	struct range_list l = { 0 };
	for (size_t i = 0; i < nseg; i++)
		segment_ranges(c, &seg[i], &l);
	d->ranges = arena_calloc(c->arena, l.len, sizeof *d->ranges);
	memcpy(d->ranges, l.items, l.len * sizeof *l.items);
	d->nranges = l.len;
	free(l.items);
	weigh_ranges(c, d);
	if (!c->opts->decisions_only)
		build_tree(c, d, overhead);
}

void plan_build(const struct rule_table *t, const struct plan_options *opts,
		struct arena *arena, struct plan *out)
{
	struct plan_ctx c = { .t = t, .opts = opts, .arena = arena, .out = out };
	memset(out, 0, sizeof *out);
	out->bad_arch_action = t->bad_arch_action;
	out->default_action = t->default_action;
	out->dispatches = arena_calloc(arena, t->narches, sizeof *out->dispatches);
	for (size_t i = 0; i < t->narches; i++) {
		const struct tarch *ta = &t->arches[i];
		if (ta->arch->id == ARCH_X32)
			continue;  /* joins x86_64's dispatch below */
		struct dispatch *d = &out->dispatches[out->ndispatches++];
		d->audit_arch = ta->arch->audit_arch;
		d->members[d->nmembers++] = ta;
		if (ta->arch->id == ARCH_X86_64) {
			const struct tarch *x32 = table_arch(t, ARCH_X32);
			if (x32)
				d->members[d->nmembers++] = x32;
		}
	}
	/* Before a dispatch's search: load arch, one check per dispatch up to its own, load nr. */
	for (size_t i = 0; i < out->ndispatches; i++)
		plan_dispatch(&c, &out->dispatches[i], (unsigned)(1 + (i + 1) + 1));
	scratch_free(&c.scratch);
	/* Decisions live as long as the compile: move them into the arena. */
	struct decision *dec = arena_calloc(arena, out->ndecisions ? out->ndecisions : 1, sizeof *dec);
	if (out->ndecisions)
		memcpy(dec, out->decisions, out->ndecisions * sizeof *dec);
	free(out->decisions);
	out->decisions = dec;
}
