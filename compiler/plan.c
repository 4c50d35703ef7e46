/*
 * plan.c - the plan stage (see plan.h): decision ranges per arch value and an
 * optimal alphabetic search tree over them.
 */
#include "plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define X32_BIT 0x40000000u

/* A stretch of the 32-bit number space and who decides it. */
struct segment {
	uint32_t lo, hi;
	const struct tarch *ta;   /* NULL: `action` decides the whole stretch */
	uint32_t action;
};

struct plan_ctx {
	const struct rule_table *t;
	const struct plan_options *opts;
	struct arena *arena;
	struct plan *out;
	size_t decisions_cap;
};

void plan_options_default(struct plan_options *o)
{
	o->x32_weight = 0.14;
	o->max_run = 16;
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
			if (p->index != q->index || p->op != q->op || p->value != q->value ||
			    p->value_two != q->value_two)
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

/* Appends the ranges of one segment: the arch's decided syscalls and the
 * default action in the gaps between them. */
static void segment_ranges(struct plan_ctx *c, const struct segment *s, struct range_list *l)
{
	if (!s->ta) {
		push_range(l, s->lo, s->hi, action_decision(c, s->action));
		return;
	}
	uint32_t dflt = action_decision(c, c->t->default_action_by_arch[s->ta->arch->id]);
	uint64_t next = s->lo;
	for (size_t i = 0; i < s->ta->nsyscalls; i++) {
		const struct tsyscall *sys = &s->ta->syscalls[i];
		if (sys->nr < s->lo || sys->nr > s->hi)
			continue;
		if (sys->nr > next)
			push_range(l, (uint32_t)next, sys->nr - 1, dflt);
		push_range(l, sys->nr, sys->nr, syscall_decision(c, s->ta, sys));
		next = (uint64_t)sys->nr + 1;
	}
	if (next <= s->hi)
		push_range(l, (uint32_t)next, s->hi, dflt);
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
	if (x32) {
		seg[n++] = (struct segment){ X32_BIT, 0x7fffffffu, x32, 0 };
		seg[n++] = (struct segment){ 0x80000000u, 0xbfffffffu, native, 0 };
		seg[n++] = (struct segment){ 0xc0000000u, 0xffffffffu, x32, 0 };
	} else {
		seg[n++] = (struct segment){ X32_BIT, 0x7fffffffu, NULL, t->bad_arch_action };
		seg[n++] = (struct segment){ 0x80000000u, 0xbfffffffu, native, 0 };
		seg[n++] = (struct segment){ 0xc0000000u, 0xfffffffeu, NULL, t->bad_arch_action };
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
		bool x32 = d->nmembers > 1 && (g->lo & X32_BIT);
		double per = x32 ? c->opts->x32_weight : 1.0;
		/* Ranges with no real syscall weigh a little, so the tree stays shallow there too. */
		g->weight = g->nreal * per + 0.05;
	}
}

/*
 * Optimal alphabetic tree by Knuth's O(n^2) dynamic programme: cost[i][j] is
 * the least weighted depth of a tree over leaves i..j, root[i][j] the first
 * leaf of its upper subtree. One n*n scratch array holds cost[i][j] above
 * the diagonal and its mirror below it, so that both scans of the inner loop
 * (row i, column j) read memory in order; root has n*n entries. Returns the
 * optimum over all leaves.
 */
static double optimal_roots(const double *w, size_t n, double *cost, uint32_t *root)
{
	if (n < 2)
		return 0;
	double *prefix = xmalloc((n + 1) * sizeof *prefix);
	prefix[0] = 0;
	for (size_t i = 0; i < n; i++) {
		prefix[i + 1] = prefix[i] + w[i];
		cost[i * n + i] = 0;
	}
	for (size_t i = 0; i + 1 < n; i++) {
		cost[i * n + i + 1] = cost[(i + 1) * n + i] = w[i] + w[i + 1];
		root[i * n + i + 1] = (uint32_t)(i + 1);
	}
	for (size_t len = 3; len <= n; len++) {
		for (size_t i = 0; i + len <= n; i++) {
			size_t j = i + len - 1;
			size_t lo = root[i * n + j - 1], hi = root[(i + 1) * n + j];
			const double *left = cost + i * n - 1, *right = cost + j * n;
			double bestc = INFINITY;
			size_t bestk = lo;
			for (size_t k = lo; k <= hi; k++) {
				double v = left[k] + right[k];   /* cost[i][k-1] + cost[k][j] */
				if (v < bestc) {
					bestc = v;
					bestk = k;
				}
			}
			double c = bestc + prefix[j + 1] - prefix[i];
			cost[i * n + j] = cost[j * n + i] = c;
			root[i * n + j] = (uint32_t)bestk;
		}
	}
	free(prefix);
	return cost[n - 1];
}

double alphabetic_tree_floor(const double *w, size_t n)
{
	double total = 0;
	double *cost = xmalloc((n * n + 1) * sizeof *cost);
	uint32_t *root = xmalloc((n * n + 1) * sizeof *root);
	double best = optimal_roots(w, n, cost, root);
	free(cost);
	free(root);
	for (size_t i = 0; i < n; i++)
		total += w[i];
	return total > 0 ? best / total : 0;
}

static int32_t make_tree(struct dispatch *d, const uint32_t *root, size_t n, size_t i, size_t j)
{
	int32_t id = (int32_t)d->nnodes++;
	if (i == j) {
		d->nodes[id] = (struct tree_node){ .range = (int32_t)i, .below = -1, .above = -1 };
		return id;
	}
	size_t k = root[i * n + j];
	d->nodes[id].range = -1;
	d->nodes[id].boundary = d->ranges[k].lo;
	int32_t below = make_tree(d, root, n, i, k - 1);
	int32_t above = make_tree(d, root, n, k, j);
	d->nodes[id].below = below;
	d->nodes[id].above = above;
	return id;
}

static void depths(const struct dispatch *d, int32_t node, unsigned depth, unsigned *out)
{
	const struct tree_node *n = &d->nodes[node];
	if (n->range >= 0) {
		out[n->range] = depth;
		return;
	}
	depths(d, n->below, depth + 1, out);
	depths(d, n->above, depth + 1, out);
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
	double *cost = xmalloc((n * n + 1) * sizeof *cost);
	uint32_t *root = xmalloc((n * n + 1) * sizeof *root);
	double total = 0;
	for (size_t i = 0; i < n; i++)
		total += w[i] = d->ranges[i].weight;
	/* A leaf of weight w sits about log2(total / w) deep in an optimal tree:
	 * start every leaf heavy enough for the depth its budget allows. */
	for (size_t i = 0; c->opts->max_run && i < n; i++) {
		unsigned spent = overhead + leaf_cost(c, d->ranges[i].decision);
		if (spent < c->opts->max_run) {
			double need = total / (double)(1u << (c->opts->max_run - spent < 30 ? c->opts->max_run - spent : 30));
			if (w[i] < need / 2)   /* half: the rounds below finish the job */
				w[i] = need / 2;
		}
	}
	d->nodes = arena_calloc(c->arena, 2 * n, sizeof *d->nodes);
	for (int round = 0; round < 64; round++) {
		optimal_roots(w, n, cost, root);
		d->nnodes = 0;
		d->root = make_tree(d, root, n, 0, n - 1);
		if (!c->opts->max_run)
			break;
		plan_range_depths(d, depth);
		bool over = false;
		for (size_t i = 0; i < n; i++) {
			unsigned run = overhead + depth[i] + leaf_cost(c, d->ranges[i].decision);
			if (run > c->opts->max_run) {
				/* Each level too deep: half as much weight again. */
				for (unsigned e = c->opts->max_run; e < run; e++)
					w[i] *= 1.5;
				over = true;
			}
		}
		if (!over)
			break;
	}
	free(cost);
	free(root);
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
	/* Decisions live as long as the compile: move them into the arena. */
	struct decision *dec = arena_calloc(arena, out->ndecisions ? out->ndecisions : 1, sizeof *dec);
	if (out->ndecisions)
		memcpy(dec, out->decisions, out->ndecisions * sizeof *dec);
	free(out->decisions);
	out->decisions = dec;
}
