/*
 * codegen.c - the codegen stage (see codegen.h).
 *
 * The plan's search trees become jumps on nr; each conditional syscall's
 * argument checks become the blocks of its argplan.h diagram. Every block
 * is made for a known state of the accumulator on entry (an argument word,
 * masked or not, nr, or nothing known), loads a word only when that state
 * lacks it, and promises its targets the state it leaves; equal blocks,
 * and equal nodes entered in equal states, are made once and shared.
 */
#include "codegen.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "argplan.h"

#define OFF_NR 0
#define OFF_ARCH 4
#define OFF_ARGS 16
#define DEFAULT_BUCKET 4           /* exceptions a chain tests before a split */

/* What the accumulator holds: an argument word (args[i]'s high word 2i,
 * low word 2i + 1) ANDed with a mask, nr, or nothing known. */
enum { A_UNKNOWN = -1, A_NR = -2 };

struct astate {
	int16_t word;
	uint32_t mask;
};

/* A block as the memo knows it: what it does, where it goes. */
struct block_key {
	int32_t load;      /* word loaded first, or A_UNKNOWN for none */
	uint32_t and_mask; /* AND K before the terminator when nonzero */
	uint16_t code;     /* the jump, or GOTO_CODE */
	uint32_t k;
	bpf_label jt, jf;
};
#define GOTO_CODE 0xffffu

struct block_memo {
	bool used;
	struct block_key key;
	bpf_label label;
};

/* A node of one decision's diagram entered in one accumulator state. */
struct node_memo {
	bool used;
	uint32_t decision;
	int32_t node;
	struct astate in;
	bpf_label label;
};

struct codegen_ctx {
	const struct plan *plan;
	const struct rule_table *t;
	struct codegen_options opts;
	struct bpf_builder *b;
	bool big_endian;
	struct block_memo *blocks;
	size_t blocks_len, blocks_cap;
	struct node_memo *nodes;
	size_t nodes_len, nodes_cap;
	bpf_label *leaf_label;  /* per decision, entered with nr in A */
	unsigned *cost;         /* per label: most instructions run from it to a return */
	size_t cost_cap;
};

/* ---- costs -------------------------------------------------------------- */

/* Most instructions run from `l` to a return (a return block costs 1). */
static unsigned label_cost(const struct codegen_ctx *c, bpf_label l)
{
	return l >= 0 && (size_t)l < c->cost_cap && c->cost[l] ? c->cost[l] : 1;
}

static void set_cost(struct codegen_ctx *c, bpf_label l, unsigned cost)
{
	size_t had = c->cost_cap;
	VEC_RESERVE(c->cost, c->cost_cap, (size_t)l + 1);
	if (c->cost_cap > had)
		memset(c->cost + had, 0, (c->cost_cap - had) * sizeof *c->cost);
	c->cost[l] = cost;
}

/* ---- blocks, made once ---------------------------------------------------- */

static uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ull;
	while (n--)
		h = (h ^ *s++) * 1099511628211ull;
	return h;
}

static struct block_memo *block_slot(struct codegen_ctx *c, const struct block_key *key)
{
	if ((c->blocks_len + 1) * 2 > c->blocks_cap) {
		struct block_memo *old = c->blocks;
		size_t old_cap = c->blocks_cap;
		c->blocks_cap = old_cap ? old_cap * 2 : 256;
		c->blocks = xcalloc(c->blocks_cap, sizeof *c->blocks);
		for (size_t i = 0; i < old_cap; i++) {
			if (!old[i].used)
				continue;
			size_t s = (size_t)hash_bytes(&old[i].key, sizeof old[i].key) &
				   (c->blocks_cap - 1);
			while (c->blocks[s].used)
				s = (s + 1) & (c->blocks_cap - 1);
			c->blocks[s] = old[i];
		}
		free(old);
	}
	size_t s = (size_t)hash_bytes(key, sizeof *key) & (c->blocks_cap - 1);
	while (c->blocks[s].used && memcmp(&c->blocks[s].key, key, sizeof *key) != 0)
		s = (s + 1) & (c->blocks_cap - 1);
	return &c->blocks[s];
}

static uint32_t word_offset(const struct codegen_ctx *c, int word)
{
	uint32_t base = OFF_ARGS + 8u * (uint32_t)(word / 2);
	bool hi = word % 2 == 0;
	return base + ((hi != c->big_endian) ? 4u : 0u);
}

/*
 * The block that loads `word` when `load`, ANDs `and_mask` when nonzero,
 * and jumps (code, k) to jt or jf, or with GOTO_CODE goes to jt. A jump
 * whose targets are equal is no jump, but its load and its AND still are:
 * the target was made for the accumulator they leave.
 */
static bpf_label block(struct codegen_ctx *c, bool load, int word, uint32_t and_mask,
		       uint16_t code, uint32_t k, bpf_label jt, bpf_label jf)
{
	if (code != GOTO_CODE && jt == jf) {
		code = GOTO_CODE;
		k = 0;
		jf = 0;
	}
	if (code == GOTO_CODE && !load && !and_mask)
		return jt;
	struct block_key key;
	memset(&key, 0, sizeof key);
	key.load = load ? word : A_UNKNOWN;
	key.and_mask = and_mask;
	key.code = code;
	key.k = k;
	key.jt = jt;
	key.jf = jf;
	struct block_memo *m = block_slot(c, &key);
	if (m->used)
		return m->label;
	bpf_label l = bpf_block(c->b);
	if (load)
		bpf_stmt(c->b, l, BPF_LD | BPF_W | BPF_ABS, word_offset(c, word));
	if (and_mask)
		bpf_stmt(c->b, l, BPF_ALU | BPF_AND | BPF_K, and_mask);
	unsigned below = label_cost(c, jt);
	if (code == GOTO_CODE) {
		bpf_goto(c->b, l, jt);
	} else {
		bpf_jump(c->b, l, code, k, jt, jf);
		below = below > label_cost(c, jf) ? below : label_cost(c, jf);
		below++;
	}
	set_cost(c, l, load + (and_mask != 0) + below);
	m = block_slot(c, &key);
	*m = (struct block_memo){ true, key, l };
	c->blocks_len++;
	return l;
}

/* A jump on the accumulator as it is. */
static bpf_label jump(struct codegen_ctx *c, uint16_t code, uint32_t k, bpf_label jt, bpf_label jf)
{
	return block(c, false, 0, 0, BPF_JMP | code | BPF_K, k, jt, jf);
}

/* A jump on (word & mask): loads the word and ANDs the mask as far as the
 * accumulator in `now` lacks them. */
static bpf_label jump_on(struct codegen_ctx *c, struct astate now, int word, uint32_t mask,
			 uint16_t code, uint32_t k, bpf_label jt, bpf_label jf)
{
	bool have = now.word == word && (now.mask & mask) == mask;
	uint32_t and_mask = (have ? now.mask : 0xffffffffu) == mask ? 0 : mask;
	return block(c, !have, word, and_mask, BPF_JMP | code | BPF_K, k, jt, jf);
}

static bpf_label ret_label(struct codegen_ctx *c, uint32_t action)
{
	return bpf_ret_block(c->b, action);
}

/* ---- argument checks: an argplan.h diagram as blocks ------------------ */

struct emit_ctx {
	const struct arg_plan *p;
	uint32_t decision;
	size_t bucket;             /* most jumps a chain makes before a search splits */
	size_t *own;               /* scratch for background(): a slot per node, all 0 */
};

static bpf_label emit_node(struct codegen_ctx *c, const struct emit_ctx *e, int32_t id,
			   struct astate now);

/* A mask test, (word & m) == d: a JSET when it leaves the word in A (no bit
 * of m, or the single bit of m, must be set), else AND and JEQ. */
static bpf_label emit_mask_test(struct codegen_ctx *c, const struct emit_ctx *e,
				const struct arg_node *n, struct astate now)
{
	int w = n->var.word;
	uint32_t m = n->a & n->var.mask, d = n->b & m;
	if (d == 0 || (d == m && (m & (m - 1)) == 0)) {
		bool have = now.word == w && (now.mask & m) == m;
		struct astate after = have ? now : (struct astate){ (int16_t)w, 0xffffffffu };
		bpf_label yes = emit_node(c, e, n->yes, after), no = emit_node(c, e, n->no, after);
		return block(c, !have, w, 0, BPF_JMP | BPF_JSET | BPF_K, m, d ? yes : no,
			     d ? no : yes);
	}
	struct astate after = { (int16_t)w, m };
	bpf_label yes = emit_node(c, e, n->yes, after), no = emit_node(c, e, n->no, after);
	return jump_on(c, now, w, m, BPF_JEQ, d, yes, no);
}

/* An interval test, lo <= (word & var mask) <= hi. */
static bpf_label emit_interval_test(struct codegen_ctx *c, const struct emit_ctx *e,
				    const struct arg_node *n, struct astate now)
{
	int w = n->var.word;
	uint32_t vmax = n->var.mask, lo = n->a, hi = n->b;
	struct astate after = { (int16_t)w, vmax };
	bpf_label yes = emit_node(c, e, n->yes, after), no = emit_node(c, e, n->no, after);
	if (lo == hi)
		return jump_on(c, now, w, vmax, BPF_JEQ, lo, yes, no);
	if (lo == 0)
		return jump_on(c, now, w, vmax, BPF_JGT, hi, no, yes);
	if (hi == vmax)
		return jump_on(c, now, w, vmax, BPF_JGE, lo, yes, no);
	bpf_label upper = jump(c, BPF_JGT, hi, no, yes);
	return jump_on(c, now, w, vmax, BPF_JGE, lo, upper, no);
}

/* What testing range a of a split costs in a chain inside [lo, hi]: one
 * jump for a single value or a range touching lo or hi, else two. */
static size_t range_cost(const struct arg_node *n, size_t a, size_t j, uint32_t lo, uint32_t hi)
{
	uint32_t a_lo = n->ranges[a].lo, a_hi = a < j ? n->ranges[a + 1].lo - 1 : hi;
	return a_lo == a_hi || a_lo == lo || a_hi == hi ? 1 : 2;
}

/* The child that is cheapest to let ranges [i, j] fall through to (the
 * one whose ranges cost most to test); *cost gets what testing all the
 * others costs. `own` is scratch of a slot per node of the plan, all 0. */
static int32_t background(const struct arg_node *n, size_t i, size_t j, uint32_t lo, uint32_t hi,
			  size_t *own, size_t *cost)
{
	size_t all = 0, best_own = 0;
	int32_t best = n->ranges[i].child;
	for (size_t a = i; a <= j; a++) {
		size_t c = range_cost(n, a, j, lo, hi);
		all += c;
		size_t mine = own[n->ranges[a].child] += c;
		if (mine > best_own || (mine == best_own && n->ranges[a].child == best)) {
			best_own = mine;
			best = n->ranges[a].child;
		}
	}
	for (size_t a = i; a <= j; a++)
		own[n->ranges[a].child] = 0;
	*cost = all - best_own;
	return best;
}

/*
 * A search over ranges [i, j] of a split, A holding the word (masked) and
 * known to lie in [lo, hi]: the ranges of all children but one are tested
 * one after another, the one left taking what falls through, when that
 * costs at most e->bucket jumps; else a jge halves them first.
 */
static bpf_label emit_search(struct codegen_ctx *c, const struct emit_ctx *e,
			     const struct arg_node *n, const bpf_label *child, size_t i, size_t j,
			     uint32_t lo, uint32_t hi)
{
	if (i == j)
		return child[i];
	size_t cost;
	int32_t common = background(n, i, j, lo, hi, e->own, &cost);
	if (cost > e->bucket) {
		size_t seen = 0, k = i + 1;
		for (size_t a = i + 1; a <= j; a++) {
			seen += n->ranges[a - 1].child != common ? range_cost(n, a - 1, j, lo, hi) : 0;
			if (seen * 2 >= cost) {
				k = a;
				break;
			}
		}
		uint32_t cut = n->ranges[k].lo;
		bpf_label above = emit_search(c, e, n, child, k, j, cut, hi);
		bpf_label below = emit_search(c, e, n, child, i, k - 1, lo, cut - 1);
		return jump(c, BPF_JGE, cut, above, below);
	}
	bpf_label next = BPF_NO_LABEL;
	for (size_t a = i; a <= j && next == BPF_NO_LABEL; a++)
		if (n->ranges[a].child == common)
			next = child[a];
	for (size_t a = j + 1; a-- > i;) {
		if (n->ranges[a].child == common)
			continue;
		uint32_t a_lo = n->ranges[a].lo, a_hi = a < j ? n->ranges[a + 1].lo - 1 : hi;
		bpf_label yes = child[a];
		if (a_lo == a_hi)
			next = jump(c, BPF_JEQ, a_lo, yes, next);
		else if (a_lo == lo)
			next = jump(c, BPF_JGT, a_hi, next, yes);
		else if (a_hi == hi)
			next = jump(c, BPF_JGE, a_lo, yes, next);
		else
			next = jump(c, BPF_JGE, a_lo, jump(c, BPF_JGT, a_hi, next, yes), next);
	}
	return next;
}

/* A split: the word loaded (and masked) once, then a search over its ranges. */
static bpf_label emit_split(struct codegen_ctx *c, const struct emit_ctx *e,
			    const struct arg_node *n, struct astate now)
{
	int w = n->var.word;
	uint32_t vmax = n->var.mask;
	struct astate in = { (int16_t)w, vmax };
	bpf_label *child = xmalloc(n->nranges * sizeof *child);
	for (size_t i = 0; i < n->nranges; i++)
		child[i] = emit_node(c, e, n->ranges[i].child, in);
	/* Logarithmic: a jge halves the ranges while testing them one after
	 * another would take more than e->bucket jumps, about one jge per
	 * e->bucket constants on top of a chain. The compact shape (bucket
	 * SIZE_MAX) is the chain itself. */
	bpf_label search = emit_search(c, e, n, child, 0, n->nranges - 1, 0, vmax);
	free(child);
	bool have = now.word == w && (now.mask & vmax) == vmax;
	uint32_t and_mask = (have ? now.mask : 0xffffffffu) == vmax ? 0 : vmax;
	return block(c, !have, w, and_mask, GOTO_CODE, 0, search, 0);
}

static struct node_memo *node_slot(struct codegen_ctx *c, uint32_t decision, int32_t node,
				   struct astate in)
{
	if ((c->nodes_len + 1) * 2 > c->nodes_cap) {
		struct node_memo *old = c->nodes;
		size_t old_cap = c->nodes_cap;
		c->nodes_cap = old_cap ? old_cap * 2 : 256;
		c->nodes = xcalloc(c->nodes_cap, sizeof *c->nodes);
		c->nodes_len = 0;
		for (size_t i = 0; i < old_cap; i++)
			if (old[i].used) {
				*node_slot(c, old[i].decision, old[i].node, old[i].in) = old[i];
				c->nodes_len++;
			}
		free(old);
	}
	uint64_t h = ((uint64_t)decision << 32 | (uint32_t)node) * 0x9e3779b97f4a7c15ull;
	h ^= ((uint64_t)(uint16_t)in.word << 32 | in.mask) * 0xc2b2ae3d27d4eb4full;
	size_t s = (size_t)(h ^ (h >> 29)) & (c->nodes_cap - 1);
	while (c->nodes[s].used && !(c->nodes[s].decision == decision && c->nodes[s].node == node &&
				     c->nodes[s].in.word == in.word && c->nodes[s].in.mask == in.mask))
		s = (s + 1) & (c->nodes_cap - 1);
	return &c->nodes[s];
}

/* The label of node `id` entered with A in state `now`. */
static bpf_label emit_node(struct codegen_ctx *c, const struct emit_ctx *e, int32_t id,
			   struct astate now)
{
	const struct arg_node *n = &e->p->nodes[id];
	if (n->kind == ARG_LEAF)
		return ret_label(c, n->action);
	struct node_memo *m = node_slot(c, e->decision, id, now);
	if (m->used)
		return m->label;
	bpf_label l = n->kind == ARG_SPLIT ? emit_split(c, e, n, now) :
		      n->is_mask ? emit_mask_test(c, e, n, now) : emit_interval_test(c, e, n, now);
	m = node_slot(c, e->decision, id, now);
	*m = (struct node_memo){ true, e->decision, id, now, l };
	c->nodes_len++;
	return l;
}

/* The argument checks of a conditional decision, in the shape the options
 * ask for (arg_plan_choose()). */
static bpf_label arg_checks(struct codegen_ctx *c, uint32_t decision)
{
	const struct decision *d = &c->plan->decisions[decision];
	uint32_t dflt = table_default(c->t, d->ta, d->sys->nr);
	size_t bucket = c->opts.bucket == UINT_MAX ? SIZE_MAX : c->opts.bucket;
	struct arg_plan own;
	const struct arg_plan *p = c->opts.plans ?
		arg_plan_cached(c->opts.plans, d->sys, dflt, c->opts.compact) : NULL;
	if (!p) {
		arg_plan_choose(d->sys, dflt, c->opts.compact, &own);
		p = &own;
	}
	struct emit_ctx e = { p, decision, bucket, xcalloc(p->nnodes + 1, sizeof *e.own) };
	bpf_label l = emit_node(c, &e, p->root, (struct astate){ A_NR, 0 });
	free(e.own);
	if (p == &own)
		arg_plan_free(&own);
	return l;
}

/* ---- dispatch ------------------------------------------------------------ */

static bpf_label leaf_label(struct codegen_ctx *c, uint32_t decision)
{
	if (c->leaf_label[decision] != BPF_NO_LABEL)
		return c->leaf_label[decision];
	const struct decision *d = &c->plan->decisions[decision];
	bpf_label l = d->sys ? arg_checks(c, decision) : ret_label(c, d->action);
	c->leaf_label[decision] = l;
	return l;
}

/* The search tree below `node`; `load_nr` makes its first block load nr. */
static bpf_label tree_label(struct codegen_ctx *c, const struct dispatch *d, int32_t node,
			    bool load_nr)
{
	const struct tree_node *n = &d->nodes[node];
	if (n->range >= 0)   /* argument checks load what they need; nr is not needed */
		return leaf_label(c, d->ranges[n->range].decision);
	bpf_label yes = tree_label(c, d, n->yes, false);
	bpf_label no = tree_label(c, d, n->no, false);
	bpf_label l = bpf_block(c->b);
	if (load_nr)
		bpf_stmt(c->b, l, BPF_LD | BPF_W | BPF_ABS, OFF_NR);
	uint16_t op = n->test == TEST_EQ ? BPF_JEQ : BPF_JGE;
	bpf_jump(c->b, l, BPF_JMP | op | BPF_K, n->value, yes, no);
	return l;
}

void codegen_options_default(struct codegen_options *o)
{
	memset(o, 0, sizeof *o);
	o->bucket = DEFAULT_BUCKET;
}

static void codegen_init(struct codegen_ctx *c, const struct plan *plan,
			 const struct rule_table *t, const struct codegen_options *opts,
			 struct arena *arena)
{
	memset(c, 0, sizeof *c);
	c->plan = plan;
	c->t = t;
	c->opts = *opts;
	if (!c->opts.bucket)
		c->opts.bucket = c->opts.compact ? UINT_MAX : DEFAULT_BUCKET;
	c->big_endian = t->target->big_endian;
	c->b = bpf_builder_new(arena);
	c->leaf_label = xmalloc((plan->ndecisions ? plan->ndecisions : 1) * sizeof *c->leaf_label);
	for (size_t i = 0; i < plan->ndecisions; i++)
		c->leaf_label[i] = BPF_NO_LABEL;
}

static void codegen_fini(struct codegen_ctx *c)
{
	free(c->cost);
	free(c->leaf_label);
	free(c->blocks);
	free(c->nodes);
}

void codegen_leaf_costs(const struct plan *plan, const struct rule_table *t,
			const struct codegen_options *opts, struct arena *arena,
			unsigned *decision_cost)
{
	struct codegen_ctx c;
	codegen_init(&c, plan, t, opts, arena);
	for (size_t i = 0; i < plan->ndecisions; i++)
		decision_cost[i] = label_cost(&c, leaf_label(&c, (uint32_t)i));
	codegen_fini(&c);
}

bool codegen(const struct plan *plan, const struct rule_table *t,
	     const struct codegen_options *opts, struct arena *arena, struct diag *diag,
	     struct bpf_prog *out)
{
	struct codegen_ctx c;
	codegen_init(&c, plan, t, opts, arena);

	/* Arch dispatch, natives first; the last miss takes the bad-arch action. */
	bpf_label next = ret_label(&c, plan->bad_arch_action);
	for (size_t i = plan->ndispatches; i-- > 0;) {
		const struct dispatch *d = &plan->dispatches[i];
		bpf_label body = tree_label(&c, d, d->root, true);
		bpf_label l = bpf_block(c.b);
		if (i == 0)
			bpf_stmt(c.b, l, BPF_LD | BPF_W | BPF_ABS, OFF_ARCH);
		bpf_jump(c.b, l, BPF_JMP | BPF_JEQ | BPF_K, d->audit_arch, body, next);
		next = l;
	}
	bool ok = bpf_assemble(c.b, next, arena, out, diag);
	codegen_fini(&c);
	return ok;
}
