/*
 * argplan.c - one syscall's argument checks as a decision diagram (see
 * argplan.h): the nodes, hash-consed, and the choice of a shape.
 *
 * Both shapes are built from the bottom up out of these nodes, so a
 * subdiagram that two paths need is made once (argplan_terms.c rewrites
 * the rules, argplan_diagram.c and argplan_trie.c build the shapes).
 */
#include "argplan_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- nodes, hash-consed -------------------------------------------------- */

uint64_t argplan_mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdull;
}

static uint64_t node_hash(const struct arg_node *n)
{
	uint64_t h = argplan_mix(n->kind, n->action);
	h = argplan_mix(h, (uint64_t)n->var.word << 32 | n->var.mask);
	h = argplan_mix(h, (uint64_t)n->is_mask << 63 ^ (uint64_t)n->a << 32 ^ n->b);
	h = argplan_mix(h, (uint64_t)(uint32_t)n->yes << 32 | (uint32_t)n->no);
	for (size_t i = 0; i < n->nranges; i++)
		h = argplan_mix(h, (uint64_t)n->ranges[i].lo << 32 | (uint32_t)n->ranges[i].child);
	return h;
}

static bool node_equal(const struct arg_node *x, const struct arg_node *y)
{
	if (x->kind != y->kind || x->action != y->action || x->var.word != y->var.word ||
	    x->var.mask != y->var.mask || x->is_mask != y->is_mask || x->a != y->a ||
	    x->b != y->b || x->yes != y->yes || x->no != y->no || x->nranges != y->nranges)
		return false;
	for (size_t i = 0; i < x->nranges; i++)
		if (x->ranges[i].lo != y->ranges[i].lo || x->ranges[i].child != y->ranges[i].child)
			return false;
	return true;
}

/* About how many instructions node n becomes (for choosing a shape). */
static size_t node_size(const struct arg_node *n)
{
	return n->kind == ARG_TEST ? 2 : n->kind == ARG_SPLIT ? n->nranges / 2 + 2 : 0;
}

static void index_put(struct builder *b, uint32_t id)
{
	size_t s = (size_t)node_hash(&b->p->nodes[id]) & (b->index_cap - 1);
	while (b->index[s])
		s = (s + 1) & (b->index_cap - 1);
	b->index[s] = id + 1;
}

/* The node equal to *n, made if new (n->ranges is copied then). */
static int32_t intern(struct builder *b, const struct arg_node *n)
{
	if ((b->p->nnodes + 1) * 2 > b->index_cap) {
		free(b->index);
		b->index_cap = b->index_cap ? b->index_cap * 2 : 64;
		b->index = xcalloc(b->index_cap, sizeof *b->index);
		for (size_t i = 0; i < b->p->nnodes; i++)
			index_put(b, (uint32_t)i);
	}
	size_t s = (size_t)node_hash(n) & (b->index_cap - 1);
	while (b->index[s]) {
		uint32_t id = b->index[s] - 1;
		if (node_equal(&b->p->nodes[id], n))
			return (int32_t)id;
		s = (s + 1) & (b->index_cap - 1);
	}
	b->size += node_size(n);
	if (b->size > b->max_size) {
		b->over = true;
		return 0;
	}
	VEC_RESERVE(b->p->nodes, b->cap, b->p->nnodes + 1);
	struct arg_node *copy = &b->p->nodes[b->p->nnodes];
	*copy = *n;
	if (n->nranges) {
		struct arg_range *r = xmalloc(n->nranges * sizeof *r);
		memcpy(r, n->ranges, n->nranges * sizeof *r);
		copy->ranges = r;
	}
	b->index[s] = (uint32_t)b->p->nnodes + 1;
	return (int32_t)b->p->nnodes++;
}

int32_t argplan_leaf(struct builder *b, uint32_t action)
{
	struct arg_node n = { .kind = ARG_LEAF, .action = action, .yes = -1, .no = -1 };
	return intern(b, &n);
}

int32_t argplan_test(struct builder *b, struct arg_var v, bool is_mask, uint32_t a, uint32_t x,
		       int32_t yes, int32_t no)
{
	if (yes == no)
		return yes;
	struct arg_node n = { .kind = ARG_TEST, .var = v, .is_mask = is_mask, .a = a, .b = x,
			      .yes = yes, .no = no };
	return intern(b, &n);
}

/* A split; merges neighbours with one child (ranges is rewritten). */
int32_t argplan_split(struct builder *b, struct arg_var v, struct arg_range *ranges, size_t n)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!m || ranges[m - 1].child != ranges[i].child)
			ranges[m++] = ranges[i];
	if (m == 1)
		return ranges[0].child;
	struct arg_node node = { .kind = ARG_SPLIT, .var = v, .yes = -1, .no = -1,
				 .ranges = ranges, .nranges = m };
	return intern(b, &node);
}

bool arg_plan_build(const struct tsyscall *s, uint32_t dflt, enum arg_shape shape, bool compact,
		    size_t max_size, struct arg_plan *out)
{
	memset(out, 0, sizeof *out);
	/* The diagram also gives up past 16 terms taken apart per node it may
	 * make (a node becomes 2 instructions or more): those that stay within
	 * their bound take apart at most about 10 (10.4 over the corpus, the
	 * series and 400 random profiles), those that outgrow it 22-40 on the
	 * way; unbounded, 1,700 rules of 1-3 conditions took 10 GB of term
	 * lists before reaching their bound. */
	size_t max_work = max_size > (SIZE_MAX - 256) / 8 ? SIZE_MAX : 8 * max_size + 256;
	struct builder b = { .p = out, .max_size = shape == ARG_SHAPE_DIAGRAM ? max_size : SIZE_MAX,
			     .max_work = shape == ARG_SHAPE_DIAGRAM ? max_work : SIZE_MAX,
			     .dflt = dflt, .any_word = shape == ARG_SHAPE_SHARED_TRIE,
			     .compact = compact };
	argplan_add_vars(&b, s);
	out->root = shape == ARG_SHAPE_DIAGRAM ? argplan_build_diagram(&b, s) : argplan_build_tries(&b, s);
	if (shape != ARG_SHAPE_DIAGRAM && !b.over)
		argplan_thread(out);
	for (size_t i = 0; i < b.memo_cap; i++)
		free(b.memo[i].key);
	free(b.memo);
	free(b.index);
	if (b.over) {
		arg_plan_free(out);
		return false;
	}
	return true;
}

void arg_plan_free(struct arg_plan *p)
{
	for (size_t i = 0; i < p->nnodes; i++)
		free((void *)p->nodes[i].ranges);
	free(p->nodes);
	memset(p, 0, sizeof *p);
}

/* About how many instructions a plan becomes (for choosing a shape). */
static size_t plan_size(const struct arg_plan *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->nnodes; i++)
		n += node_size(&p->nodes[i]);
	return n;
}

void arg_plan_choose(const struct tsyscall *s, uint32_t dflt, bool compact, struct arg_plan *out)
{
	arg_plan_build(s, dflt, ARG_SHAPE_TRIE, compact, 0, out);
	size_t trie_size = plan_size(out);
	struct arg_plan shared;
	arg_plan_build(s, dflt, ARG_SHAPE_SHARED_TRIE, compact, 0, &shared);
	if (plan_size(&shared) < trie_size) {
		arg_plan_free(out);
		*out = shared;
		trie_size = plan_size(out);
	} else {
		arg_plan_free(&shared);
	}
	/* The diagram gives up as soon as it outgrows what it could be taken
	 * at: the trie's size, or a quarter more (compact: not more). */
	size_t limit = compact ? trie_size : trie_size + trie_size / 4 + 8;
	struct arg_plan diagram;
	if (!arg_plan_build(s, dflt, ARG_SHAPE_DIAGRAM, compact, limit, &diagram))
		return;
	if (plan_size(&diagram) <= limit) {
		arg_plan_free(out);
		*out = diagram;
	} else {
		arg_plan_free(&diagram);
	}
}

struct cached_plan {
	const struct tsyscall *sys;
	uint32_t dflt;
	bool compact;
	struct arg_plan plan;
};

struct arg_plan_cache {
	struct cached_plan *items;
	size_t len, cap;
};

struct arg_plan_cache *arg_plan_cache_new(void)
{
	return xcalloc(1, sizeof(struct arg_plan_cache));
}

void arg_plan_cache_free(struct arg_plan_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->len; i++)
		arg_plan_free(&c->items[i].plan);
	free(c->items);
	free(c);
}

const struct arg_plan *arg_plan_cached(struct arg_plan_cache *c, const struct tsyscall *s,
				       uint32_t dflt, bool compact)
{
	for (size_t i = 0; i < c->len; i++)
		if (c->items[i].sys == s && c->items[i].dflt == dflt && c->items[i].compact == compact)
			return &c->items[i].plan;
	VEC_RESERVE(c->items, c->cap, c->len + 1);
	struct cached_plan *e = &c->items[c->len++];
	*e = (struct cached_plan){ s, dflt, compact, { 0 } };
	arg_plan_choose(s, dflt, compact, &e->plan);
	return &e->plan;
}
