/*
 * meaning_program.c - a program's meaning by symbolic execution (see
 * meaning.h).
 *
 * The accumulator is followed symbolically: a constant, or a word of
 * seccomp_data with a mask ANDed in. Tests of arch and nr cut the current
 * rectangle of (arch, nr) values in two (or, for a mask, into the aligned
 * blocks on which it is constant), so every path of the program down to an
 * argument test or a return owns a rectangle, and the rectangles of all
 * paths partition the plane. From the first test of an argument word on,
 * the program is a function of the argument words: its diagram is built
 * bottom-up, each (instruction, accumulator) once, as
 * ite(test, diagram of the jump target, diagram of the next instruction).
 */
#include "meaning.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define W_NR 14
#define W_ARCH 15
#define MAX_BLOCKS 4096      /* aligned blocks a masked test of nr or arch may cut */

enum acc_kind { ACC_CONST, ACC_WORD };

/* What the accumulator holds: k, or (word & mask). */
struct acc {
	uint8_t kind;
	uint8_t word;
	uint32_t k;              /* ACC_CONST: the value; ACC_WORD: the mask */
};

struct context {             /* arch and nr where they are single values */
	bool arch_known, nr_known;
	uint32_t arch, nr;
};

/* A key of the argument part, (pc, accumulator, context): how many calls
 * it will still get, and its function once made. */
struct memo_slot {
	bool used, has_fn;
	uint16_t pc;
	struct acc acc;
	struct context ctx;
	int32_t uses;
	bdd_node fn;
};

struct exec_ctx {
	const struct bpf_prog *prog;
	bool big_endian;
	struct bdd *m;
	struct meaning *out;
	struct diag *diag;
	bool *reads_context;     /* per pc: some path from it loads nr or arch */
	bool *acc_dead;          /* per pc: every path from it loads before reading A */
	struct memo_slot *memo;
	size_t memo_len, memo_cap;
	bool counting;           /* the first walk: count each key's calls, make nothing */
	bool failed;
	bool (*mine)(const struct region *r, void *arg);   /* NULL: every region */
	void *mine_arg;
};

/* The word at a seccomp_data offset (validated: aligned, inside). */
static uint8_t word_at_offset(bool big_endian, uint32_t off)
{
	if (off == 0)
		return W_NR;
	if (off == 4)
		return W_ARCH;
	bool lower = off % 8 == 0;
	bool high = lower == big_endian;   /* the lower address holds the low word on LE */
	uint8_t field = off < 16 ? 6 : (uint8_t)((off - 16) / 8);
	return (uint8_t)(field * 2 + (high ? 0 : 1));
}

static void unsupported(struct exec_ctx *c, size_t pc, const char *why)
{
	if (!c->failed)
		diag_error(c->diag, NULL, NULL,
			   "cannot analyse the filter at instruction %zu (code 0x%04x, k 0x%" PRIx32
			   "): %s", pc, c->prog->insns[pc].code, c->prog->insns[pc].k, why);
	c->failed = true;
}

/* ---- straight-line instructions ---------------------------------------- */

/* Applies a load or ALU instruction at pc to *a; false when not understood. */
static bool step(struct exec_ctx *c, size_t pc, struct acc *a)
{
	const struct sock_filter *in = &c->prog->insns[pc];
	uint16_t code = in->code;
	if (code == (BPF_LD | BPF_W | BPF_ABS)) {
		*a = (struct acc){ ACC_WORD, word_at_offset(c->big_endian, in->k), 0xffffffffu };
		return true;
	}
	if (code == (BPF_LD | BPF_IMM)) {
		*a = (struct acc){ ACC_CONST, 0, in->k };
		return true;
	}
	if (code == (BPF_LD | BPF_W | BPF_LEN)) {
		*a = (struct acc){ ACC_CONST, 0, 64 };   /* sizeof(struct seccomp_data) */
		return true;
	}
	if (BPF_CLASS(code) == BPF_ALU && BPF_SRC(code) == BPF_K) {
		if (a->kind == ACC_WORD) {
			if (BPF_OP(code) != BPF_AND) {
				unsupported(c, pc, "arithmetic other than AND on a loaded word");
				return false;
			}
			a->k &= in->k;
			return true;
		}
		uint32_t v = a->k, k = in->k;
		switch (BPF_OP(code)) {
		case BPF_ADD: v += k; break;
		case BPF_SUB: v -= k; break;
		case BPF_MUL: v *= k; break;
		case BPF_DIV: v = k ? v / k : 0; break;   /* the validator refuses k == 0 */
		case BPF_MOD: v = k ? v % k : 0; break;
		case BPF_AND: v &= k; break;
		case BPF_OR: v |= k; break;
		case BPF_XOR: v ^= k; break;
		case BPF_LSH: v = k < 32 ? v << k : 0; break;
		case BPF_RSH: v = k < 32 ? v >> k : 0; break;
		default:
			unsupported(c, pc, "this arithmetic instruction");
			return false;
		}
		a->k = v;
		return true;
	}
	if (code == (BPF_ALU | BPF_NEG) && a->kind == ACC_CONST) {
		a->k = 0u - a->k;
		return true;
	}
	unsupported(c, pc, "the X register, scratch memory or this instruction");
	return false;
}

static bool is_step(uint16_t code)
{
	uint16_t cls = BPF_CLASS(code);
	return cls == BPF_LD || cls == BPF_LDX || cls == BPF_ALU || cls == BPF_ST ||
	       cls == BPF_STX || cls == BPF_MISC;
}

static bool jump_holds(uint16_t code, uint32_t a, uint32_t k)
{
	switch (BPF_OP(code)) {
	case BPF_JEQ: return a == k;
	case BPF_JGT: return a > k;
	case BPF_JGE: return a >= k;
	default: return (a & k) != 0;   /* BPF_JSET */
	}
}

/* ---- the argument part: a diagram per (pc, accumulator, context) ------- */

static uint64_t memo_hash(size_t pc, const struct acc *a, const struct context *x)
{
	uint64_t h = pc * 0x9e3779b97f4a7c15ull;
	h ^= ((uint64_t)a->kind << 40) ^ ((uint64_t)a->word << 32) ^ a->k;
	h *= 0xff51afd7ed558ccdull;
	h ^= ((uint64_t)x->arch << 32 | x->nr) + ((uint64_t)x->arch_known << 1 | x->nr_known);
	h *= 0xc4ceb9fe1a85ec53ull;
	return h ^ (h >> 33);
}

static bool same_key(const struct memo_slot *s, size_t pc, const struct acc *a,
		     const struct context *x)
{
	return s->pc == pc && s->acc.kind == a->kind && s->acc.word == a->word &&
	       s->acc.k == a->k && s->ctx.arch_known == x->arch_known &&
	       s->ctx.nr_known == x->nr_known && s->ctx.arch == x->arch && s->ctx.nr == x->nr;
}

static struct memo_slot *memo_find(struct exec_ctx *c, size_t pc, const struct acc *a,
				   const struct context *x)
{
	if ((c->memo_len + 1) * 2 > c->memo_cap) {
		struct memo_slot *old = c->memo;
		size_t old_cap = c->memo_cap;
		c->memo_cap = old_cap ? old_cap * 2 : 256;
		c->memo = xcalloc(c->memo_cap, sizeof *c->memo);
		for (size_t i = 0; i < old_cap; i++) {
			if (!old[i].used)
				continue;
			size_t s = (size_t)memo_hash(old[i].pc, &old[i].acc, &old[i].ctx) &
				   (c->memo_cap - 1);
			while (c->memo[s].used)
				s = (s + 1) & (c->memo_cap - 1);
			c->memo[s] = old[i];
		}
		free(old);
	}
	size_t s = (size_t)memo_hash(pc, a, x) & (c->memo_cap - 1);
	while (c->memo[s].used && !same_key(&c->memo[s], pc, a, x))
		s = (s + 1) & (c->memo_cap - 1);
	return &c->memo[s];
}

/* The predicate `(word & mask) op k` of a conditional jump on an argument word. */
static bdd_node word_test(struct exec_ctx *c, uint16_t code, const struct acc *a, uint32_t k)
{
	struct bdd_piece piece = { a->word, a->k };
	switch (BPF_OP(code)) {
	case BPF_JEQ: return bdd_compare(c->m, &piece, 1, CMP_EQ, k);
	case BPF_JGT: return bdd_compare(c->m, &piece, 1, CMP_GT, k);
	case BPF_JGE: return bdd_compare(c->m, &piece, 1, CMP_GE, k);
	default:
		piece.mask &= k;
		return bdd_compare(c->m, &piece, 1, CMP_NE, 0);
	}
}

enum advance_stop { AT_RETURN, AT_WORD_TEST, AT_FAILURE };

/*
 * Runs from pc through what does not branch on an argument word (loads,
 * AND, nr and arch where the context knows them, constant jumps, ja) to a
 * return (*action set) or a test of an argument word (pc and a left there).
 */
static enum advance_stop advance(struct exec_ctx *c, size_t *pcp, struct acc *a,
				 const struct context *x, uint32_t *action)
{
	size_t pc = *pcp;
	for (;;) {
		if (c->failed)
			return AT_FAILURE;
		const struct sock_filter *in = &c->prog->insns[pc];
		uint16_t code = in->code;
		if (is_step(code)) {
			if (!step(c, pc, a))
				return AT_FAILURE;
			if (a->kind == ACC_WORD && (a->word == W_NR || a->word == W_ARCH)) {
				bool known = a->word == W_NR ? x->nr_known : x->arch_known;
				if (!known) {
					unsupported(c, pc, "nr or arch read again after an argument "
						    "test, over a range of values");
					return AT_FAILURE;
				}
				uint32_t v = a->word == W_NR ? x->nr : x->arch;
				*a = (struct acc){ ACC_CONST, 0, v & a->k };
			}
			pc++;
			continue;
		}
		if (BPF_CLASS(code) == BPF_RET) {
			if (BPF_RVAL(code) == BPF_K || a->kind == ACC_CONST) {
				*action = BPF_RVAL(code) == BPF_K ? in->k : a->k;
				return AT_RETURN;
			}
			unsupported(c, pc, "a return of an argument word");
			return AT_FAILURE;
		}
		if (BPF_OP(code) == BPF_JA) {
			pc += 1 + in->k;
			continue;
		}
		if (BPF_SRC(code) != BPF_K) {
			unsupported(c, pc, "a jump comparing with X");
			return AT_FAILURE;
		}
		if (a->kind == ACC_CONST) {
			pc += 1 + (jump_holds(code, a->k, in->k) ? in->jt : in->jf);
			continue;
		}
		*pcp = pc;
		return AT_WORD_TEST;
	}
}

/* The key arg_fn() files (pc, a, x) under: what the rest of the program
 * cannot see is dropped. Its slot, made (unused) if new. */
static struct memo_slot *key_slot(struct exec_ctx *c, size_t pc, struct acc *a,
				  struct context *x)
{
	if (!c->reads_context[pc])   /* the same function whatever nr and arch are */
		*x = (struct context){ 0 };
	if (c->acc_dead[pc])         /* ... and whatever the accumulator holds */
		*a = (struct acc){ ACC_CONST, 0, 0 };
	struct memo_slot *s = memo_find(c, pc, a, x);
	if (!s->used) {
		*s = (struct memo_slot){ .used = true, .pc = (uint16_t)pc, .acc = *a, .ctx = *x };
		c->memo_len++;
	}
	return s;
}

/* The first walk's part: one more call of key (pc, a, x), and the first
 * time, the calls it makes. */
static void count_calls(struct exec_ctx *c, size_t pc, struct acc a, struct context x)
{
	struct memo_slot *s = key_slot(c, pc, &a, &x);
	if (s->uses++)
		return;
	uint32_t action;
	if (advance(c, &pc, &a, &x, &action) != AT_WORD_TEST)
		return;
	const struct sock_filter *in = &c->prog->insns[pc];
	count_calls(c, pc + 1 + in->jt, a, x);
	count_calls(c, pc + 1 + in->jf, a, x);
}

static bdd_node arg_fn(struct exec_ctx *c, size_t pc, struct acc a, struct context x);

static bdd_node arg_fn_uncached(struct exec_ctx *c, size_t pc, struct acc a,
				const struct context *x)
{
	uint32_t action;
	switch (advance(c, &pc, &a, x, &action)) {
	case AT_RETURN: return bdd_action(c->m, action);
	case AT_FAILURE: return bdd_false(c->m);
	default: break;
	}
	const struct sock_filter *in = &c->prog->insns[pc];
	size_t depth = bdd_roots_depth(c->m);
	bdd_node t = arg_fn(c, pc + 1 + in->jt, a, *x);
	bdd_root_push(c->m, t);   /* held while the other way is made */
	bdd_node f = arg_fn(c, pc + 1 + in->jf, a, *x);
	bdd_roots_restore(c->m, depth);
	return bdd_ite(c->m, word_test(c, in->code, &a, in->k), t, f);
}

/* The function of the argument part from pc: made once per key, kept
 * while calls the first walk counted are still to come. */
static bdd_node arg_fn(struct exec_ctx *c, size_t pc, struct acc a, struct context x)
{
	bdd_safe_point(c->m);   /* every function still needed is memoized or held */
	struct memo_slot *s = key_slot(c, pc, &a, &x);
	bdd_node fn;
	if (s->has_fn) {
		fn = s->fn;
	} else {
		fn = arg_fn_uncached(c, pc, a, &x);
		c->out->arg_made++;
		s = key_slot(c, pc, &a, &x);   /* the table may have grown */
		s->fn = fn;
		s->has_fn = true;
	}
	s->uses--;
	return fn;
}

/* ---- the arch and nr part: rectangles -------------------------------- */

struct rect {
	uint32_t lo[2], hi[2];   /* [0]: arch, [1]: nr */
};

static void emit(struct exec_ctx *c, const struct rect *r, bdd_node fn)
{
	if (c->counting)
		return;
	if (fn != MEANING_UNMADE)
		bdd_root_push(c->m, fn);
	VEC_RESERVE(c->out->items, c->out->cap, c->out->len + 1);
	c->out->items[c->out->len++] = (struct region){ r->lo[0], r->hi[0], r->lo[1], r->hi[1], fn };
}

static struct context context_of(const struct rect *r)
{
	return (struct context){ r->lo[0] == r->hi[0], r->lo[1] == r->hi[1],
				 r->lo[0] == r->hi[0] ? r->lo[0] : 0,
				 r->lo[1] == r->hi[1] ? r->lo[1] : 0 };
}

static void walk(struct exec_ctx *c, size_t pc, struct acc a, struct rect r);

/* Continues the walk at `pc` on the part of axis `ax` in [lo, hi]. */
static void walk_part(struct exec_ctx *c, size_t pc, struct acc a, struct rect r, int ax,
		      uint32_t lo, uint32_t hi)
{
	if (lo > hi)
		return;
	r.lo[ax] = lo;
	r.hi[ax] = hi;
	walk(c, pc, a, r);
}

/* A conditional jump on arch or nr: the rectangle is cut where the test
 * changes, each part goes on where the test sends it. */
static void split(struct exec_ctx *c, size_t pc, struct acc a, struct rect r)
{
	const struct sock_filter *in = &c->prog->insns[pc];
	int ax = a.word == W_ARCH ? 0 : 1;
	uint32_t lo = r.lo[ax], hi = r.hi[ax], k = in->k;
	size_t jt = pc + 1 + in->jt, jf = pc + 1 + in->jf;
	uint16_t op = BPF_OP(in->code);
	if (a.k == 0xffffffffu && op == BPF_JEQ) {
		if (k < lo || k > hi) {
			walk(c, jf, a, r);
			return;
		}
		if (k > lo)   /* in increasing order: a search tree's regions come out sorted */
			walk_part(c, jf, a, r, ax, lo, k - 1);
		walk_part(c, jt, a, r, ax, k, k);
		if (k < hi)
			walk_part(c, jf, a, r, ax, k + 1, hi);
		return;
	}
	if (a.k == 0xffffffffu && op != BPF_JSET) {
		/* first: the least value the test holds for (JGT k: k + 1) */
		uint64_t first = op == BPF_JGE ? (uint64_t)k : (uint64_t)k + 1;
		if (first > lo)
			walk_part(c, jf, a, r, ax, lo, first - 1 < hi ? (uint32_t)(first - 1) : hi);
		if (first <= hi)
			walk_part(c, jt, a, r, ax, first > lo ? (uint32_t)first : lo, hi);
		return;
	}
	/* Masked: the test depends only on the bits of the mask, so it is
	 * constant on aligned blocks of 2^(lowest mask bit) values. */
	uint32_t mask = op == BPF_JSET ? a.k & k : a.k;
	if (mask == 0) {
		walk(c, jump_holds(in->code, 0, k) ? jt : jf, a, r);
		return;
	}
	unsigned shift = (unsigned)__builtin_ctz(mask);
	uint64_t block = 1ull << shift;
	if (((uint64_t)hi - lo) / block + 1 > MAX_BLOCKS) {
		unsupported(c, pc, "a masked test of nr or arch that cuts it into too many parts");
		return;
	}
	uint64_t start = lo;
	while (start <= hi) {
		bool holds = jump_holds(in->code, (uint32_t)start & a.k, k);
		uint64_t end = start;
		do
			end = (end | (block - 1)) + 1;
		while (end <= hi && jump_holds(in->code, (uint32_t)end & a.k, k) == holds);
		walk_part(c, holds ? jt : jf, a, r, ax, (uint32_t)start,
			  (uint32_t)(end - 1 < hi ? end - 1 : hi));
		start = end;
	}
}

static void walk(struct exec_ctx *c, size_t pc, struct acc a, struct rect r)
{
	for (;;) {
		if (c->failed)
			return;
		const struct sock_filter *in = &c->prog->insns[pc];
		uint16_t code = in->code;
		if (is_step(code)) {
			if (!step(c, pc, &a))
				return;
			pc++;
			continue;
		}
		if (BPF_CLASS(code) == BPF_RET) {
			if (BPF_RVAL(code) == BPF_K || a.kind == ACC_CONST) {
				emit(c, &r, bdd_action(c->m, BPF_RVAL(code) == BPF_K ? in->k : a.k));
				return;
			}
			if (a.word < W_NR)
				break;   /* an argument word: the argument part decides */
			unsupported(c, pc, "a return of nr or arch");
			return;
		}
		if (BPF_OP(code) == BPF_JA) {
			pc += 1 + in->k;
			continue;
		}
		if (BPF_SRC(code) != BPF_K) {
			unsupported(c, pc, "a jump comparing with X");
			return;
		}
		if (a.kind == ACC_CONST) {
			pc += 1 + (jump_holds(code, a.k, in->k) ? in->jt : in->jf);
			continue;
		}
		if (a.word < W_NR)
			break;
		split(c, pc, a, r);
		return;
	}
	if (c->mine && !c->mine(&(struct region){ r.lo[0], r.hi[0], r.lo[1], r.hi[1], 0 },
				c->mine_arg))
		emit(c, &r, MEANING_UNMADE);
	else if (c->counting)
		count_calls(c, pc, a, context_of(&r));
	else
		emit(c, &r, arg_fn(c, pc, a, context_of(&r)));
}

/* During a collection: the functions of keys with calls still to come are
 * roots; the others are dropped (no call will ask for them again). */
static void mark_memo(struct bdd *m, void *arg)
{
	struct exec_ctx *c = arg;
	for (size_t i = 0; i < c->memo_cap; i++) {
		struct memo_slot *s = &c->memo[i];
		if (!s->used || !s->has_fn)
			continue;
		if (s->uses > 0)
			bdd_mark(m, s->fn);
		else
			s->has_fn = false;
	}
}

/* Per pc: does every path from it overwrite the accumulator before it
 * reads it (a load, or a return of a constant)? ALU, conditional jumps,
 * STX and a return of A read it; the X register and scratch memory are
 * refused anyway. */
static bool *dead_accumulators(const struct bpf_prog *prog)
{
	bool *dead = xcalloc(prog->len + 1, sizeof *dead);
	for (size_t pc = prog->len; pc-- > 0;) {
		const struct sock_filter *in = &prog->insns[pc];
		uint16_t cls = BPF_CLASS(in->code);
		if (cls == BPF_LD && BPF_MODE(in->code) != BPF_IND)
			dead[pc] = true;   /* ABS, IMM, LEN (and MEM, which the analysis refuses) */
		else if (cls == BPF_RET)
			dead[pc] = BPF_RVAL(in->code) == BPF_K;
		else if (cls == BPF_JMP && BPF_OP(in->code) == BPF_JA)
			dead[pc] = pc + 1 + in->k < prog->len && dead[pc + 1 + in->k];
	}
	return dead;
}

/* Per pc: can a path from it load nr or arch? (Jumps go forward only.) */
static bool *context_readers(const struct bpf_prog *prog)
{
	bool *reads = xcalloc(prog->len + 1, sizeof *reads);
	for (size_t pc = prog->len; pc-- > 0;) {
		const struct sock_filter *in = &prog->insns[pc];
		uint16_t cls = BPF_CLASS(in->code);
		if (in->code == (BPF_LD | BPF_W | BPF_ABS) && in->k < 8)
			reads[pc] = true;
		else if (cls == BPF_RET)
			reads[pc] = false;
		else if (cls == BPF_JMP && BPF_OP(in->code) == BPF_JA)
			reads[pc] = pc + 1 + in->k < prog->len && reads[pc + 1 + in->k];
		else if (cls == BPF_JMP)
			reads[pc] = (pc + 1 + in->jt < prog->len && reads[pc + 1 + in->jt]) ||
				    (pc + 1 + in->jf < prog->len && reads[pc + 1 + in->jf]);
		else
			reads[pc] = pc + 1 < prog->len && reads[pc + 1];
	}
	return reads;
}

/* ---- the comparisons a program makes ---------------------------------- */

#define ATOM_STATES 4         /* accumulators followed per instruction */

struct acc_states {
	uint8_t n;
	struct acc s[ATOM_STATES];
};

static void add_state(struct acc_states *to, const struct acc *a)
{
	for (uint8_t i = 0; i < to->n; i++)
		if (to->s[i].kind == a->kind && to->s[i].word == a->word && to->s[i].k == a->k)
			return;
	if (to->n < ATOM_STATES)
		to->s[to->n++] = *a;
}

/* What a load or ALU instruction makes of an argument word; false when the
 * accumulator is no longer one (a constant, or what the analysis refuses). */
static bool atoms_step(const struct sock_filter *in, bool big_endian, struct acc *a)
{
	if (in->code == (BPF_LD | BPF_W | BPF_ABS)) {
		*a = (struct acc){ ACC_WORD, word_at_offset(big_endian, in->k), 0xffffffffu };
		return true;
	}
	if (a->kind == ACC_WORD && in->code == (BPF_ALU | BPF_AND | BPF_K)) {
		a->k &= in->k;
		return true;
	}
	return false;
}

void program_atoms(const struct bpf_prog *prog, bool big_endian, struct bdd_atoms *atoms)
{
	struct acc_states *at = xcalloc(prog->len + 1, sizeof *at);
	at[0].n = 1;   /* a constant: nothing to announce until a load */
	for (size_t pc = 0; pc < prog->len; pc++) {
		const struct sock_filter *in = &prog->insns[pc];
		uint16_t code = in->code, cls = BPF_CLASS(code);
		for (uint8_t i = 0; i < at[pc].n; i++) {
			struct acc a = at[pc].s[i];
			if (is_step(code)) {
				if (!atoms_step(in, big_endian, &a))
					a = (struct acc){ ACC_CONST, 0, 0 };
				add_state(&at[pc + 1], &a);
				continue;
			}
			if (cls != BPF_JMP)
				continue;
			if (BPF_OP(code) == BPF_JA) {
				if (pc + 1 + in->k <= prog->len)
					add_state(&at[pc + 1 + in->k], &a);
				continue;
			}
			if (a.kind == ACC_WORD && BPF_SRC(code) == BPF_K) {
				struct bdd_piece piece = { a.word, a.k };
				if (BPF_OP(code) == BPF_JSET) {
					piece.mask &= in->k;
					bdd_atoms_compare(atoms, &piece, 1, CMP_NE, 0);
				} else {
					enum cmp_op op = BPF_OP(code) == BPF_JEQ ? CMP_EQ
						       : BPF_OP(code) == BPF_JGT ? CMP_GT : CMP_GE;
					bdd_atoms_compare(atoms, &piece, 1, op, in->k);
				}
			}
			if (pc + 1 + in->jt <= prog->len)
				add_state(&at[pc + 1 + in->jt], &a);
			if (pc + 1 + in->jf <= prog->len)
				add_state(&at[pc + 1 + in->jf], &a);
		}
	}
	free(at);
}

bool program_meaning(const struct bpf_prog *prog, bool big_endian, struct bdd *m,
		     struct meaning *out, struct diag *diag)
{
	return program_meaning_part(prog, big_endian, m, out, diag, NULL, NULL);
}

bool program_meaning_part(const struct bpf_prog *prog, bool big_endian, struct bdd *m,
			  struct meaning *out, struct diag *diag,
			  bool (*mine)(const struct region *r, void *arg), void *arg)
{
	struct exec_ctx c = { .prog = prog, .big_endian = big_endian, .m = m, .out = out,
			      .diag = diag, .mine = mine, .mine_arg = arg };
	if (prog->len == 0) {
		diag_error(diag, NULL, NULL, "cannot analyse an empty filter");
		return false;
	}
	c.reads_context = context_readers(prog);
	c.acc_dead = dead_accumulators(prog);
	struct rect all = { { 0, 0 }, { UINT32_MAX, UINT32_MAX } };
	/* First count the calls each key will get, so that a collection can
	 * drop a function exactly when its last call has been made. */
	c.counting = true;
	walk(&c, 0, (struct acc){ ACC_CONST, 0, 0 }, all);
	c.counting = false;
	if (!c.failed) {
		bdd_add_marker(m, mark_memo, &c);
		walk(&c, 0, (struct acc){ ACC_CONST, 0, 0 }, all);
		bdd_remove_marker(m, &c);
	}
	out->arg_keys = c.memo_len;
	free(c.acc_dead);
	free(c.reads_context);
	free(c.memo);
	if (bdd_overflowed(m) && !c.failed) {
		diag_error(diag, NULL, NULL, "cannot analyse the filter: its argument checks need "
			   "more than %zu diagram nodes", bdd_node_count(m));
		c.failed = true;
	}
	return !c.failed;
}
