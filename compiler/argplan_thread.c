/*
 * argplan_thread.c - jump threading over a finished plan (see argplan.h):
 * an edge into a test whose answer every path along that edge already
 * knows goes straight to the answer.
 *
 * The tries fall back from a failed term to the terms without its first
 * atom, so a path that learnt `hi == H` may go on to test `hi > H` again
 * (a 64-bit `>` is `hi > H`, or `hi == H` and `lo > L`). What each node
 * knows is the interval every path into it leaves each tested word in
 * (the hull over its parents' edges); an edge then skips the tests and
 * splits its own interval decides. Nothing is duplicated: nodes no edge
 * reaches any more are dropped.
 */
#include "argplan_internal.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_VARS = 24 };

/* What a path knows of one var: its value lies in [lo, hi]; `set` false
 * is "no path yet" (the join's identity). */
struct span {
	uint32_t lo, hi;
	bool set;
};

struct thread_ctx {
	struct arg_plan *p;
	struct arg_var vars[MAX_VARS];
	size_t nvars;
	struct span *known;       /* nnodes * nvars */
	int32_t *forward;         /* a node that stands for another (or itself) */
};

static int var_slot(const struct thread_ctx *c, struct arg_var v)
{
	for (size_t i = 0; i < c->nvars; i++)
		if (c->vars[i].word == v.word && c->vars[i].mask == v.mask)
			return (int)i;
	return -1;
}

/* The interval node n tests (a non-mask test) or false. */
static bool test_interval(const struct arg_node *n, uint32_t *a, uint32_t *b)
{
	if (n->kind != ARG_TEST || n->is_mask)
		return false;
	*a = n->a;
	*b = n->b;
	return true;
}

static uint32_t range_hi(const struct arg_node *n, size_t r)
{
	return r + 1 < n->nranges ? n->ranges[r + 1].lo - 1 : n->var.mask;
}

/* k narrowed to [a, b] on var s; false when nothing is left. */
static bool narrow(struct span *k, int s, uint32_t a, uint32_t b)
{
	if (s < 0)
		return true;
	uint32_t lo = k[s].lo > a ? k[s].lo : a, hi = k[s].hi < b ? k[s].hi : b;
	if (lo > hi)
		return false;
	k[s].lo = lo;
	k[s].hi = hi;
	return true;
}

/* k outside [a, b] on var s, as the smallest interval holding it. */
static bool exclude(struct span *k, int s, uint32_t a, uint32_t b)
{
	if (s < 0)
		return true;
	if (a <= k[s].lo && k[s].hi <= b)
		return false;
	if (a <= k[s].lo && b >= k[s].lo)
		k[s].lo = b + 1;
	else if (b >= k[s].hi && a <= k[s].hi)
		k[s].hi = a - 1;
	return true;
}

static void join(struct thread_ctx *c, int32_t child, const struct span *k)
{
	struct span *d = c->known + (size_t)child * c->nvars;
	for (size_t i = 0; i < c->nvars; i++) {
		if (!d[i].set) {
			d[i] = k[i];
			continue;
		}
		if (k[i].lo < d[i].lo)
			d[i].lo = k[i].lo;
		if (k[i].hi > d[i].hi)
			d[i].hi = k[i].hi;
	}
}

/* Where an edge into `to` that knows k really goes. */
static int32_t thread_edge(const struct thread_ctx *c, int32_t to, const struct span *k)
{
	for (;;) {
		to = c->forward[to];
		const struct arg_node *n = &c->p->nodes[to];
		int s = n->kind == ARG_LEAF ? -1 : var_slot(c, n->var);
		uint32_t a, b;
		if (s < 0)
			return to;
		if (test_interval(n, &a, &b)) {
			if (a <= k[s].lo && k[s].hi <= b)
				to = n->yes;
			else if (k[s].hi < a || k[s].lo > b)
				to = n->no;
			else
				return to;
		} else if (n->kind == ARG_SPLIT) {
			size_t r = 0;
			while (r + 1 < n->nranges && n->ranges[r + 1].lo <= k[s].lo)
				r++;
			if (range_hi(n, r) < k[s].hi)
				return to;
			to = n->ranges[r].child;
		} else {
			return to;
		}
	}
}

/* The vars the plan's interval tests and splits read. */
static bool collect_vars(struct thread_ctx *c)
{
	for (size_t i = 0; i < c->p->nnodes; i++) {
		const struct arg_node *n = &c->p->nodes[i];
		uint32_t a, b;
		if ((test_interval(n, &a, &b) || n->kind == ARG_SPLIT) && var_slot(c, n->var) < 0) {
			if (c->nvars == MAX_VARS)
				return false;
			c->vars[c->nvars++] = n->var;
		}
	}
	return c->nvars > 0;
}

/* A node's ways out: yes and no, or one a range. */
static size_t edge_count(const struct arg_node *n)
{
	return n->kind == ARG_TEST ? 2 : n->kind == ARG_SPLIT ? n->nranges : 0;
}

static int32_t *edge_child(struct arg_node *n, size_t e)
{
	return n->kind == ARG_TEST ? (e ? &n->no : &n->yes) : &((struct arg_range *)n->ranges)[e].child;
}

/* What every path along way e out of node i knows, into k; false when no
 * path takes it. */
static bool edge_known(const struct thread_ctx *c, size_t i, size_t e, struct span *k)
{
	const struct arg_node *n = &c->p->nodes[i];
	memcpy(k, c->known + i * c->nvars, c->nvars * sizeof *k);
	int s = var_slot(c, n->var);
	uint32_t a, b;
	if (n->kind == ARG_SPLIT)
		return narrow(k, s, n->ranges[e].lo, range_hi(n, e));
	if (!test_interval(n, &a, &b))
		return true;   /* a mask test: nothing learnt */
	return e == 0 ? narrow(k, s, a, b) : exclude(k, s, a, b);
}

/* What every path into each node knows, parents first. */
static void propagate(struct thread_ctx *c)
{
	struct span k[MAX_VARS];
	struct span *root = c->known + (size_t)c->p->root * c->nvars;
	for (size_t i = 0; i < c->nvars; i++)
		root[i] = (struct span){ 0, c->vars[i].mask, true };
	for (size_t i = c->p->nnodes; i-- > 0;) {
		struct arg_node *n = &c->p->nodes[i];
		if (!c->known[i * c->nvars].set)
			continue;   /* no path reaches it */
		for (size_t e = 0; e < edge_count(n); e++)
			if (edge_known(c, i, e, k))
				join(c, *edge_child(n, e), k);
	}
}

/* Every edge threaded, children first; a node left with one way out
 * forwards to it. */
static void rewire(struct thread_ctx *c)
{
	struct span k[MAX_VARS];
	for (size_t i = 0; i < c->p->nnodes; i++) {
		struct arg_node *n = &c->p->nodes[i];
		if (!c->known[i * c->nvars].set || n->kind == ARG_LEAF)
			continue;
		if (n->kind == ARG_TEST) {
			bool yes_ok = edge_known(c, i, 0, k);
			if (yes_ok)
				n->yes = thread_edge(c, n->yes, k);
			bool no_ok = edge_known(c, i, 1, k);
			if (no_ok)
				n->no = thread_edge(c, n->no, k);
			/* a way no path takes is no way out */
			if (!yes_ok || !no_ok || n->yes == n->no)
				c->forward[i] = yes_ok ? n->yes : n->no;
			continue;
		}
		/* Ranges no path reaches join their neighbour (any child will
		 * do there); neighbours with one child become one range. The
		 * ranges are rewritten in place, behind the one being read. */
		struct arg_range *ranges = (struct arg_range *)n->ranges;
		size_t m = 0;
		for (size_t r = 0; r < n->nranges; r++) {
			if (!edge_known(c, i, r, k))
				continue;
			struct arg_range x = { ranges[r].lo, thread_edge(c, ranges[r].child, k) };
			if (!m || ranges[m - 1].child != x.child)
				ranges[m++] = x;
		}
		if (m == 0)   /* cannot be: some range holds every known value */
			m = 1;
		ranges[0].lo = 0;
		n->nranges = m;
		if (m == 1)
			c->forward[i] = ranges[0].child;
	}
}

/* Keeps the nodes the root still reaches, in their order. */
static void compact(struct thread_ctx *c)
{
	struct arg_plan *p = c->p;
	int32_t *id = xmalloc((p->nnodes + 1) * sizeof *id);
	bool *live = xcalloc(p->nnodes + 1, sizeof *live);
	live[c->forward[p->root]] = true;
	for (size_t i = p->nnodes; i-- > 0;) {
		const struct arg_node *n = &p->nodes[i];
		if (!live[i] || c->forward[i] != (int32_t)i)
			continue;
		if (n->kind == ARG_TEST) {
			live[c->forward[n->yes]] = live[c->forward[n->no]] = true;
		} else if (n->kind == ARG_SPLIT) {
			for (size_t r = 0; r < n->nranges; r++)
				live[c->forward[n->ranges[r].child]] = true;
		}
	}
	size_t m = 0;
	for (size_t i = 0; i < p->nnodes; i++) {
		if (live[i] && c->forward[i] == (int32_t)i) {
			id[i] = (int32_t)m;
			p->nodes[m++] = p->nodes[i];
		} else {
			free((void *)p->nodes[i].ranges);
		}
	}
	for (size_t i = 0; i < m; i++) {
		struct arg_node *n = &p->nodes[i];
		if (n->kind == ARG_TEST) {
			n->yes = id[c->forward[n->yes]];
			n->no = id[c->forward[n->no]];
		} else if (n->kind == ARG_SPLIT) {
			struct arg_range *ranges = (struct arg_range *)n->ranges;
			for (size_t r = 0; r < n->nranges; r++)
				ranges[r].child = id[c->forward[ranges[r].child]];
		}
	}
	p->root = id[c->forward[p->root]];
	p->nnodes = m;
	free(live);
	free(id);
}

void argplan_thread(struct arg_plan *p)
{
	struct thread_ctx c = { .p = p };
	if (p->nnodes == 0 || !collect_vars(&c))
		return;
	c.known = xcalloc(p->nnodes * c.nvars + 1, sizeof *c.known);
	c.forward = xmalloc((p->nnodes + 1) * sizeof *c.forward);
	for (size_t i = 0; i < p->nnodes; i++)
		c.forward[i] = (int32_t)i;
	propagate(&c);
	rewire(&c);
	compact(&c);
	free(c.known);
	free(c.forward);
}
