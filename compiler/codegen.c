/*
 * codegen.c - the codegen stage (see codegen.h).
 *
 * Argument checks are built as a decision graph over 32-bit words of the
 * arguments. Every test knows what the accumulator holds when it is reached
 * (a word of an argument, nr, or nothing known), so a word is loaded only
 * when it is not already there; equal blocks are made once and shared.
 */
#include "codegen.h"

#include <stdlib.h>
#include <string.h>

#define OFF_NR 0
#define OFF_ARCH 4
#define OFF_ARGS 16

/* What the accumulator holds: a word of an argument (index * 2 + half),
 * nr, or nothing known. */
enum { A_UNKNOWN = -1, A_NR = -2 };
enum { HALF_LO = 0, HALF_HI = 1 };

/* Where control goes once a condition is decided. */
struct cont {
	uint8_t kind;      /* CONT_RULES: try rule i; CONT_CONDS: cond j of rule i */
	uint32_t decision;
	uint16_t rule, cond;
};
enum { CONT_RULES, CONT_CONDS };

struct block_key {
	int32_t load;      /* word to load first, or A_UNKNOWN for none */
	uint32_t and_mask; /* AND K before the jump when nonzero */
	uint16_t code;
	uint32_t k;
	bpf_label jt, jf;
};

struct memo_entry {
	bool used;
	struct block_key key;  /* for blocks */
	uint64_t cont_key;     /* for continuations (key.code == 0xffff) */
	bpf_label label;
};

struct codegen_ctx {
	const struct plan *plan;
	const struct rule_table *t;
	struct bpf_builder *b;
	struct memo_entry *memo;
	size_t memo_cap, memo_len;
	bpf_label *leaf_label;  /* per decision, at A == nr */
	unsigned *cost;         /* per label: most instructions run from it to a return */
	size_t cost_cap;
	bool big_endian;
};

/* Most instructions run from `l` to a return (a return block costs 1). */
static unsigned label_cost(const struct codegen_ctx *c, bpf_label l)
{
	return l >= 0 && (size_t)l < c->cost_cap && c->cost[l] ? c->cost[l] : 1;
}

static void set_cost(struct codegen_ctx *c, bpf_label l, unsigned cost)
{
	VEC_RESERVE(c->cost, c->cost_cap, (size_t)l + 1);
	c->cost[l] = cost;
}

/* ---- memo: equal blocks and equal continuations are made once ---------- */

static uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ull;
	while (n--)
		h = (h ^ *s++) * 1099511628211ull;
	return h;
}

static struct memo_entry *memo_slot(struct codegen_ctx *c, const struct block_key *key,
				    uint64_t cont_key)
{
	if (c->memo_len * 2 >= c->memo_cap) {
		struct memo_entry *old = c->memo;
		size_t old_cap = c->memo_cap;
		c->memo_cap = old_cap ? old_cap * 2 : 1024;
		c->memo = xcalloc(c->memo_cap, sizeof *c->memo);
		c->memo_len = 0;
		for (size_t i = 0; i < old_cap; i++) {
			if (!old[i].used)
				continue;
			struct memo_entry *e = memo_slot(c, &old[i].key, old[i].cont_key);
			*e = old[i];
			c->memo_len++;
		}
		free(old);
	}
	uint64_t h = hash_bytes(key, sizeof *key) ^ (cont_key * 0x9e3779b97f4a7c15ull);
	size_t i = (size_t)h & (c->memo_cap - 1);
	while (c->memo[i].used &&
	       (memcmp(&c->memo[i].key, key, sizeof *key) != 0 || c->memo[i].cont_key != cont_key))
		i = (i + 1) & (c->memo_cap - 1);
	return &c->memo[i];
}

static bpf_label memo_get(struct codegen_ctx *c, const struct block_key *key, uint64_t ck)
{
	struct memo_entry *e = memo_slot(c, key, ck);
	return e->used ? e->label : BPF_NO_LABEL;
}

static void memo_put(struct codegen_ctx *c, const struct block_key *key, uint64_t ck, bpf_label l)
{
	struct memo_entry *e = memo_slot(c, key, ck);
	if (!e->used)
		c->memo_len++;
	e->used = true;
	e->key = *key;
	e->cont_key = ck;
	e->label = l;
}

/* ---- blocks -------------------------------------------------------------- */

static uint32_t word_offset(const struct codegen_ctx *c, int word)
{
	uint32_t base = OFF_ARGS + 8u * (uint32_t)(word / 2);
	bool hi = (word % 2) == HALF_HI;
	return base + ((hi != c->big_endian) ? 4u : 0u);
}

/* A block that (loads `word` unless the accumulator holds it,) optionally
 * ANDs a mask, and jumps. Equal blocks are shared; a test whose two targets
 * are equal is no test at all. */
static bpf_label test_block(struct codegen_ctx *c, int astate, int word, uint32_t and_mask,
			    uint16_t code, uint32_t k, bpf_label jt, bpf_label jf)
{
	if (jt == jf)
		return jt;
	struct block_key key;
	memset(&key, 0, sizeof key);
	key.load = astate == word ? A_UNKNOWN : word;
	key.and_mask = and_mask;
	key.code = code;
	key.k = k;
	key.jt = jt;
	key.jf = jf;
	bpf_label l = memo_get(c, &key, 0);
	if (l != BPF_NO_LABEL)
		return l;
	l = bpf_block(c->b);
	if (key.load != A_UNKNOWN)
		bpf_stmt(c->b, l, BPF_LD | BPF_W | BPF_ABS, word_offset(c, word));
	if (and_mask)
		bpf_stmt(c->b, l, BPF_ALU | BPF_AND | BPF_K, and_mask);
	bpf_jump(c->b, l, code, k, jt, jf);
	memo_put(c, &key, 0, l);
	unsigned below = label_cost(c, jt) > label_cost(c, jf) ? label_cost(c, jt) : label_cost(c, jf);
	set_cost(c, l, (key.load != A_UNKNOWN) + (and_mask != 0) + 1 + below);
	return l;
}

/* ---- argument decisions ------------------------------------------------ */

/* Where a test sends control: a fixed label, or a continuation whose label
 * depends on what the accumulator holds once the test is done. */
struct target {
	bool fixed;
	bpf_label label;
	struct cont cont;
};

static bpf_label cont_label(struct codegen_ctx *c, struct cont k, int astate);
static bpf_label ret_label(struct codegen_ctx *c, uint32_t action);

static struct target to_cont(struct cont k)
{
	return (struct target){ .fixed = false, .cont = k };
}

static struct target to_label(bpf_label l)
{
	return (struct target){ .fixed = true, .label = l };
}

static bpf_label at(struct codegen_ctx *c, struct target t, int astate)
{
	return t.fixed ? t.label : cont_label(c, t.cont, astate);
}

/* What the accumulator holds after masked_word() tested `word`. */
static int masked_after(int word, uint32_t mask, uint32_t datum)
{
	datum &= mask;
	if (mask == 0xffffffffu || datum == 0 || (datum == mask && (mask & (mask - 1)) == 0))
		return word;
	return A_UNKNOWN;
}

/* (word & mask) == datum & mask. */
static bpf_label masked_word(struct codegen_ctx *c, int astate, int word, uint32_t mask,
			     uint32_t datum, struct target pass, struct target fail)
{
	datum &= mask;
	int after = masked_after(word, mask, datum);
	if (mask == 0)
		return at(c, pass, astate);
	if (mask == 0xffffffffu)
		return test_block(c, astate, word, 0, BPF_JMP | BPF_JEQ | BPF_K, datum,
				  at(c, pass, after), at(c, fail, after));
	if (datum == 0)   /* no bit of the mask may be set: JSET keeps the word in A */
		return test_block(c, astate, word, 0, BPF_JMP | BPF_JSET | BPF_K, mask,
				  at(c, fail, after), at(c, pass, after));
	if (after == word)  /* the single bit of the mask must be set */
		return test_block(c, astate, word, 0, BPF_JMP | BPF_JSET | BPF_K, mask,
				  at(c, pass, after), at(c, fail, after));
	return test_block(c, astate, word, mask, BPF_JMP | BPF_JEQ | BPF_K, datum,
			  at(c, pass, after), at(c, fail, after));
}

/* arg > v (strict) or arg >= v, unsigned 64-bit, high word first. */
static bpf_label compare_above(struct codegen_ctx *c, int astate, int idx, bool strict,
			       uint64_t v, struct target pass, struct target fail)
{
	int lo = idx * 2 + HALF_LO, hi = idx * 2 + HALF_HI;
	uint32_t vh = (uint32_t)(v >> 32), vl = (uint32_t)v;
	bpf_label P = at(c, pass, hi), F = at(c, fail, hi);
	if (strict ? vl == 0xffffffffu : vl == 0)   /* the low word cannot help: strict fails, >= passes */
		return test_block(c, astate, hi, 0, BPF_JMP | (strict ? BPF_JGT : BPF_JGE) | BPF_K,
				  vh, P, F);
	bpf_label low = test_block(c, hi, lo, 0, BPF_JMP | (strict ? BPF_JGT : BPF_JGE) | BPF_K,
				   vl, at(c, pass, lo), at(c, fail, lo));
	if (vh == 0xffffffffu)
		return test_block(c, astate, hi, 0, BPF_JMP | BPF_JEQ | BPF_K, vh, low, F);
	bpf_label at_or_below = vh == 0 ? low :
		test_block(c, hi, hi, 0, BPF_JMP | BPF_JEQ | BPF_K, vh, low, F);
	return test_block(c, astate, hi, 0, BPF_JMP | BPF_JGT | BPF_K, vh, P, at_or_below);
}

static bpf_label compare_equal(struct codegen_ctx *c, int astate, int idx, uint64_t v,
			       bool is64, struct target pass, struct target fail)
{
	int lo = idx * 2 + HALF_LO, hi = idx * 2 + HALF_HI;
	bpf_label low = test_block(c, is64 ? hi : astate, lo, 0, BPF_JMP | BPF_JEQ | BPF_K,
				   (uint32_t)v, at(c, pass, lo), at(c, fail, lo));
	if (!is64)
		return low;
	return test_block(c, astate, hi, 0, BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(v >> 32),
			  low, at(c, fail, hi));
}

/* A condition that holds for every argument (1), for none (0), or depends (-1). */
static int cond_constant(const struct cond *k, bool is64)
{
	uint64_t max = is64 ? ~0ull : 0xffffffffull;
	switch (k->op) {
	case CMP_GE: return k->value == 0 ? 1 : -1;
	case CMP_LT: return k->value == 0 ? 0 : -1;
	case CMP_GT: return k->value >= max ? 0 : -1;
	case CMP_LE: return k->value >= max ? 1 : -1;
	case CMP_MASKED_EQ: return (k->value & max) == 0 ? 1 : -1;
	default: return -1;
	}
}

static bpf_label gen_cond(struct codegen_ctx *c, const struct cond *k, bool is64, int astate,
			  struct target pass, struct target fail)
{
	int lo = k->index * 2 + HALF_LO, hi = k->index * 2 + HALF_HI;
	int konst = cond_constant(k, is64);
	if (konst >= 0)
		return at(c, konst ? pass : fail, astate);
	switch (k->op) {
	case CMP_EQ:
		return compare_equal(c, astate, k->index, k->value, is64, pass, fail);
	case CMP_NE:
		return compare_equal(c, astate, k->index, k->value, is64, fail, pass);
	case CMP_MASKED_EQ: {
		uint32_t mh = (uint32_t)(k->value >> 32), dh = (uint32_t)(k->value_two >> 32);
		uint32_t ml = (uint32_t)k->value, dl = (uint32_t)k->value_two;
		if (!is64 || mh == 0)
			return masked_word(c, astate, lo, ml, dl, pass, fail);
		if (ml == 0)
			return masked_word(c, astate, hi, mh, dh, pass, fail);
		/* High word first; the low word is tested only when it matched. */
		bpf_label low = masked_word(c, masked_after(hi, mh, dh), lo, ml, dl, pass, fail);
		return masked_word(c, astate, hi, mh, dh, to_label(low), fail);
	}
	default: {
		bool strict = k->op == CMP_GT || k->op == CMP_LE;
		bool invert = k->op == CMP_LT || k->op == CMP_LE;
		struct target p = invert ? fail : pass, f = invert ? pass : fail;
		if (is64)
			return compare_above(c, astate, k->index, strict, k->value, p, f);
		return test_block(c, astate, lo, 0, BPF_JMP | (strict ? BPF_JGT : BPF_JGE) | BPF_K,
				  (uint32_t)k->value, at(c, p, lo), at(c, f, lo));
	}
	}
}

/* The label of a continuation entered with the accumulator in `astate`:
 * rule `rule` of the decision's syscall from its condition `cond` on
 * (CONT_CONDS), or the rules from `rule` on (CONT_RULES). */
static bpf_label cont_label(struct codegen_ctx *c, struct cont k, int astate)
{
	const struct decision *d = &c->plan->decisions[k.decision];
	const struct tsyscall *s = d->sys;
	if (k.rule >= s->nrules)
		return ret_label(c, c->t->default_action_by_arch[d->ta->arch->id]);
	if (k.kind == CONT_RULES) {
		k.kind = CONT_CONDS;
		k.cond = 0;
	}
	const struct trule *r = &s->rules[k.rule];
	if (k.cond >= r->nconds)
		return ret_label(c, r->action);

	struct block_key key;
	memset(&key, 0, sizeof key);
	key.code = 0xffff;
	key.load = astate;
	uint64_t ck = ((uint64_t)k.decision << 32) | ((uint64_t)k.rule << 16) | k.cond;
	bpf_label l = memo_get(c, &key, ck);
	if (l != BPF_NO_LABEL)
		return l;
	struct cont pass = { CONT_CONDS, k.decision, k.rule, (uint16_t)(k.cond + 1) };
	struct cont fail = { CONT_RULES, k.decision, (uint16_t)(k.rule + 1), 0 };
	l = gen_cond(c, &r->conds[k.cond], d->ta->arch->is64, astate, to_cont(pass), to_cont(fail));
	memo_put(c, &key, ck, l);
	return l;
}

static bpf_label ret_label(struct codegen_ctx *c, uint32_t action)
{
	return bpf_ret_block(c->b, action);
}

/* ---- one-argument decisions as range searches --------------------------- */

/*
 * When every condition of a syscall's rules compares the same argument with
 * <, <=, ==, !=, >=, > (socket's family, personality's persona), the decision
 * is a step function of that argument: compute its steps from the table and
 * search them like syscall numbers, the high word first. This beats testing
 * rule after rule, which would compare the same word again and again.
 */
struct step {
	uint64_t lo;         /* first value of the step; it lasts until the next one */
	uint32_t action;
};

static int single_index(const struct tsyscall *s)
{
	int idx = -1;
	for (size_t r = 0; r < s->nrules; r++)
		for (size_t k = 0; k < s->rules[r].nconds; k++) {
			const struct cond *c = &s->rules[r].conds[k];
			if (c->op == CMP_MASKED_EQ || (idx >= 0 && c->index != idx))
				return -1;
			idx = c->index;
		}
	return idx;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* The decision's steps over the argument's values; returns their count. */
static size_t value_steps(const struct codegen_ctx *c, const struct decision *d, int idx,
			  struct step *out)
{
	const struct tsyscall *s = d->sys;
	bool is64 = d->ta->arch->is64;
	uint64_t max = is64 ? ~0ull : 0xffffffffull;
	size_t n = 0, cap = 1;
	for (size_t r = 0; r < s->nrules; r++)
		cap += 2 * s->rules[r].nconds;
	uint64_t *starts = xmalloc(cap * sizeof *starts);
	starts[n++] = 0;
	for (size_t r = 0; r < s->nrules; r++)
		for (size_t k = 0; k < s->rules[r].nconds; k++) {
			uint64_t v = s->rules[r].conds[k].value & max;
			starts[n++] = v;
			if (v < max)
				starts[n++] = v + 1;
		}
	qsort(starts, n, sizeof *starts, cmp_u64);
	size_t nsteps = 0;
	uint64_t args[6] = { 0 };
	for (size_t i = 0; i < n; i++) {
		if (i && starts[i] == starts[i - 1])
			continue;
		args[idx] = starts[i];
		uint32_t action = table_decide(c->t, d->ta, s->nr, args);
		if (nsteps && out[nsteps - 1].action == action)
			continue;
		out[nsteps++] = (struct step){ starts[i], action };
	}
	free(starts);
	return nsteps;
}

struct word_step {
	uint32_t lo;         /* first word value of the step */
	bool split;          /* the low word decides: steps [first, first + count) of the 64-bit list */
	uint32_t action;
	size_t first;
};

/* Balanced search over word steps [i, j] of one word; leaves via leaf_fn. */
static bpf_label word_search(struct codegen_ctx *c, int astate, int word,
			     const struct word_step *ws, size_t i, size_t j,
			     bpf_label (*leaf)(struct codegen_ctx *, const struct word_step *, void *),
			     void *arg)
{
	if (i == j)
		return leaf(c, &ws[i], arg);
	size_t k = (i + j + 1) / 2;
	bpf_label above = word_search(c, word, word, ws, k, j, leaf, arg);
	bpf_label below = word_search(c, word, word, ws, i, k - 1, leaf, arg);
	return test_block(c, astate, word, 0, BPF_JMP | BPF_JGE | BPF_K, ws[k].lo, above, below);
}

struct low_ctx {
	const struct step *steps;
	size_t nsteps;
	int lo_word;
};

static bpf_label action_leaf(struct codegen_ctx *c, const struct word_step *w, void *arg)
{
	(void)arg;
	return ret_label(c, w->action);
}

/* The low-word search for high word value w->lo: steps clipped to it. */
static bpf_label split_leaf(struct codegen_ctx *c, const struct word_step *w, void *arg)
{
	const struct low_ctx *l = arg;
	if (!w->split)
		return ret_label(c, w->action);
	uint64_t base = (uint64_t)w->lo << 32;
	struct word_step *ws = xcalloc(l->nsteps + 1, sizeof *ws);
	size_t n = 0;
	for (size_t i = w->first; i < l->nsteps; i++) {
		uint64_t start = l->steps[i].lo;
		if (start > (base | 0xffffffffu))
			break;
		ws[n++] = (struct word_step){ .lo = start < base ? 0 : (uint32_t)start,
					      .action = l->steps[i].action };
	}
	bpf_label lab = word_search(c, A_UNKNOWN, l->lo_word, ws, 0, n - 1, action_leaf, NULL);
	free(ws);
	return lab;
}

static bpf_label value_search(struct codegen_ctx *c, const struct decision *d, int idx)
{
	struct step *steps;
	size_t cap = 2;
	for (size_t r = 0; r < d->sys->nrules; r++)
		cap += 2 * d->sys->rules[r].nconds;
	steps = xcalloc(cap, sizeof *steps);
	size_t n = value_steps(c, d, idx, steps);
	int lo = idx * 2 + HALF_LO, hi = idx * 2 + HALF_HI;
	struct word_step *ws = xcalloc(2 * n + 1, sizeof *ws);
	size_t nw = 0;
	bpf_label lab;
	if (!d->ta->arch->is64) {
		for (size_t i = 0; i < n; i++)
			ws[nw++] = (struct word_step){ .lo = (uint32_t)steps[i].lo, .action = steps[i].action };
		lab = word_search(c, A_NR, lo, ws, 0, nw - 1, action_leaf, NULL);
	} else {
		/* High-word steps: a high word in which a step starts mid-way is split,
		 * and the low word decides inside it. */
		for (size_t i = 0; i < n; i++) {
			uint32_t h = (uint32_t)(steps[i].lo >> 32);
			bool mid = (uint32_t)steps[i].lo != 0;
			if (nw && ws[nw - 1].lo == h) {
				if (mid)
					ws[nw - 1].split = true;
				else  /* replaces the continuation pushed below */
					ws[nw - 1] = (struct word_step){ .lo = h, .action = steps[i].action,
									 .first = i };
			} else {
				ws[nw++] = (struct word_step){ .lo = h, .split = mid,
							       .action = steps[i].action,
							       .first = mid ? i - 1 : i };
			}
			bool last_in_word = i + 1 == n || (uint32_t)(steps[i + 1].lo >> 32) != h;
			if (last_in_word && ws[nw - 1].split && h != 0xffffffffu)
				ws[nw++] = (struct word_step){ .lo = h + 1, .action = steps[i].action,
							       .first = i };
		}
		/* Merge neighbours that decide alike without a split. */
		size_t m = 0;
		for (size_t i = 0; i < nw; i++) {
			if (m && !ws[m - 1].split && !ws[i].split && ws[m - 1].action == ws[i].action)
				continue;
			ws[m++] = ws[i];
		}
		nw = m;
		struct low_ctx l = { steps, n, lo };
		lab = word_search(c, A_NR, hi, ws, 0, nw - 1, split_leaf, &l);
	}
	free(ws);
	free(steps);
	return lab;
}

/* ---- dispatch ------------------------------------------------------------ */

static bpf_label leaf_label(struct codegen_ctx *c, uint32_t decision)
{
	if (c->leaf_label[decision] != BPF_NO_LABEL)
		return c->leaf_label[decision];
	const struct decision *d = &c->plan->decisions[decision];
	bpf_label l;
	if (!d->sys) {
		l = ret_label(c, d->action);
	} else if (single_index(d->sys) >= 0) {
		l = value_search(c, d, single_index(d->sys));
	} else {
		struct cont k = { CONT_RULES, decision, 0, 0 };
		l = cont_label(c, k, A_NR);
	}
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

static void codegen_init(struct codegen_ctx *c, const struct plan *plan,
			 const struct rule_table *t, struct arena *arena)
{
	memset(c, 0, sizeof *c);
	c->plan = plan;
	c->t = t;
	c->big_endian = t->target->big_endian;
	c->b = bpf_builder_new(arena);
	c->leaf_label = xmalloc((plan->ndecisions ? plan->ndecisions : 1) * sizeof *c->leaf_label);
	for (size_t i = 0; i < plan->ndecisions; i++)
		c->leaf_label[i] = BPF_NO_LABEL;
}

void codegen_leaf_costs(const struct plan *plan, const struct rule_table *t,
			struct arena *arena, unsigned *decision_cost)
{
	struct codegen_ctx c;
	codegen_init(&c, plan, t, arena);
	for (size_t i = 0; i < plan->ndecisions; i++)
		decision_cost[i] = label_cost(&c, leaf_label(&c, (uint32_t)i));
	free(c.cost);
	free(c.leaf_label);
	free(c.memo);
}

bool codegen(const struct plan *plan, const struct rule_table *t, struct arena *arena,
	     struct diag *diag, struct bpf_prog *out)
{
	struct codegen_ctx c;
	codegen_init(&c, plan, t, arena);

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
	free(c.cost);
	free(c.leaf_label);
	free(c.memo);
	return ok;
}
