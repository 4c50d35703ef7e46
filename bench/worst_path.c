/*
 * worst_path.c - the most instructions a filter runs for one syscall of one
 * arch, over every value of its arguments, for any raw seccomp filter
 * (seccompc's, libseccomp's, hand-made).
 *
 *   worst_path [--method search] FILTER.bpf ARCH SYSCALL|NR
 *
 * The arch and the syscall number are known, so every test of them goes one
 * way; a test of an argument word may go both ways. Three analyses, each
 * following the program forward (seccomp jumps only go forward) with what
 * the registers hold (a constant, an argument word ANDed with a mask, or
 * something it does not follow):
 *
 *  - dag: the longest path through the program's DAG, every argument test
 *    taken both ways. An upper bound, cheap, always computed: paths no
 *    argument value takes (a word tested against a value it was already
 *    found equal to) count too.
 *  - sets: for each instruction, each count of instructions run so far and
 *    each register state, the exact set of argument values that arrive
 *    there that way (a decision diagram over the argument words,
 *    compiler/bdd.h). Only paths some input takes count: exact, unless the
 *    diagrams outgrow their bound.
 *  - search: when the sets outgrow it, a depth-first search over single
 *    paths, each carrying the conjunction of its tests per word (small
 *    diagrams), pruned by the dag bound of what is left. Exact when it
 *    finishes within its step budget; otherwise the longest real path it
 *    found is a lower bound and dag the upper one. `--method search` skips
 *    the sets (the two must agree: a test checks it).
 *
 * The worst path found is checked: a witness input is taken from its set
 * and run through the simulator, which must count the same.
 *
 * Prints `key value` lines: size, worst_insns (exact, or the dag bound when
 * exact is no), worst_action, method (sets, search or dag), exact (yes or
 * no), lower_insns (the longest path some input was found to take),
 * dag_insns, witness (six arguments in hex: an input taking the longest
 * path found), witness_insns (the simulator's count for it), then
 * `worst ACTION N` for each action returned (sets only: the most
 * instructions run on the way to it).
 * Exit: 0 ok, 1 unreadable filter or unknown arch or syscall, 2 usage,
 * 3 the program cannot be analysed (a jump past its end, a cycle).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "bdd.h"
#include "bpf/bpf.h"
#include "buf.h"
#include "diag.h"

/* What a register (or a scratch word) holds, as far as the analysis knows. */
enum reg_kind { REG_CONST, REG_WORD, REG_UNKNOWN };

struct reg {
	uint8_t kind;         /* enum reg_kind */
	uint8_t word;         /* REG_WORD: the bdd word (args[i] high 2i, low 2i + 1; ip 12, 13) */
	uint32_t value;       /* REG_CONST: the value; REG_WORD: the mask ANDed into the word */
};

struct regs {
	struct reg a, x, mem[BPF_MEMWORDS];
};

/* Where an instruction sends a state: a return, or one or two edges. */
struct edge {
	size_t to;
	bool tested;          /* the edge holds only when `a op k` is `sense` */
	bool sense;
	struct reg a;
	uint16_t op;
	uint32_t k;
};

struct step {
	int nedges;           /* 0: a return */
	struct edge e[2];
	uint32_t action;
	bool inexact;         /* something was not followed: both ways assumed */
};

struct prog_ctx {
	const struct bpf_prog *prog;
	const struct arch_info *arch;
	uint32_t nr;
	uint32_t *rem;        /* per pc: the most instructions from there to a return, any way */
};

/* The best found by an analysis. */
struct best {
	uint32_t count, action;
	uint32_t words[BDD_WORDS];   /* an input that takes that path */
	bool found;
};

enum { MAX_ACTIONS = 64 };

static struct reg reg_const(uint32_t v)
{
	return (struct reg){ .kind = REG_CONST, .value = v };
}

static struct reg reg_unknown(void)
{
	return (struct reg){ .kind = REG_UNKNOWN };
}

static struct regs start_regs(void)
{
	struct regs r;
	memset(&r, 0, sizeof r);
	r.a = r.x = reg_const(0);
	for (size_t i = 0; i < BPF_MEMWORDS; i++)
		r.mem[i] = reg_const(0);
	return r;
}

/* What loading the 32-bit word at offset `off` of seccomp_data gives. */
static struct reg load_abs(const struct prog_ctx *c, uint32_t off)
{
	if (off == 0)
		return reg_const(c->nr);
	if (off == 4)
		return reg_const(c->arch->audit_arch);
	if (off >= 64 || off % 4)
		return reg_unknown();
	bool lower = off % 8 == 0;                       /* the word at the lower address */
	bool low_half = lower != c->arch->big_endian;
	uint8_t field_hi = off < 16 ? BDD_IP_HI : (uint8_t)(2 * ((off - 16) / 8));
	return (struct reg){ .kind = REG_WORD, .word = (uint8_t)(field_hi + low_half),
			     .value = 0xffffffffu };
}

static bool alu_const(uint16_t op, uint32_t *a, uint32_t k)
{
	switch (op) {
	case BPF_ADD: *a += k; return true;
	case BPF_SUB: *a -= k; return true;
	case BPF_MUL: *a *= k; return true;
	case BPF_DIV: if (!k) return false; *a /= k; return true;
	case BPF_MOD: if (!k) return false; *a %= k; return true;
	case BPF_AND: *a &= k; return true;
	case BPF_OR: *a |= k; return true;
	case BPF_XOR: *a ^= k; return true;
	case BPF_LSH: *a <<= (k & 31); return true;
	case BPF_RSH: *a >>= (k & 31); return true;
	case BPF_NEG: *a = 0u - *a; return true;
	default: return false;
	}
}

/* A op= operand, as far as it can be followed; *inexact when not. */
static struct reg alu(struct reg a, uint16_t op, struct reg operand, bool *inexact)
{
	if (a.kind == REG_CONST && (operand.kind == REG_CONST || op == BPF_NEG)) {
		uint32_t v = a.value;
		if (alu_const(op, &v, operand.value))
			return reg_const(v);
	} else if (a.kind == REG_WORD && op == BPF_AND && operand.kind == REG_CONST) {
		a.value &= operand.value;
		return a;
	}
	*inexact = true;
	return reg_unknown();
}

static bool const_test(uint16_t op, uint32_t a, uint32_t k)
{
	switch (op) {
	case BPF_JEQ: return a == k;
	case BPF_JGT: return a > k;
	case BPF_JGE: return a >= k;
	default: return (a & k) != 0;
	}
}

/* Runs the instruction at pc on r (updated in place) and says where it goes. */
static struct step transfer(const struct prog_ctx *c, size_t pc, struct regs *r)
{
	const struct sock_filter *f = &c->prog->insns[pc];
	struct step s = { .nedges = 1, .e = { { .to = pc + 1 } } };
	uint16_t cls = BPF_CLASS(f->code);
	switch (cls) {
	case BPF_RET:
		s.nedges = 0;
		if (BPF_RVAL(f->code) == BPF_K)
			s.action = f->k;
		else if (r->a.kind == REG_CONST)
			s.action = r->a.value;
		else {
			s.inexact = true;
			s.action = 0xffffffffu;
		}
		return s;
	case BPF_JMP: {
		uint16_t op = BPF_OP(f->code);
		if (op == BPF_JA) {
			s.e[0].to = pc + 1 + f->k;
			return s;
		}
		struct reg k = BPF_SRC(f->code) == BPF_X ? r->x : reg_const(f->k);
		size_t t = pc + 1 + f->jt, e = pc + 1 + f->jf;
		if (r->a.kind == REG_CONST && k.kind == REG_CONST) {
			s.e[0].to = const_test(op, r->a.value, k.value) ? t : e;
			return s;
		}
		s.nedges = 2;
		s.e[0] = (struct edge){ .to = t, .sense = true };
		s.e[1] = (struct edge){ .to = e, .sense = false };
		if (r->a.kind == REG_WORD && k.kind == REG_CONST)
			for (int i = 0; i < 2; i++) {
				s.e[i].tested = true;
				s.e[i].a = r->a;
				s.e[i].op = op;
				s.e[i].k = k.value;
			}
		else
			s.inexact = true;
		return s;
	}
	case BPF_LD:
		if (BPF_MODE(f->code) == BPF_ABS && BPF_SIZE(f->code) == BPF_W)
			r->a = load_abs(c, f->k);
		else if (BPF_MODE(f->code) == BPF_IMM)
			r->a = reg_const(f->k);
		else if (BPF_MODE(f->code) == BPF_LEN)
			r->a = reg_const(64);
		else if (BPF_MODE(f->code) == BPF_MEM && f->k < BPF_MEMWORDS)
			r->a = r->mem[f->k];
		else {
			s.inexact = true;
			r->a = reg_unknown();
		}
		return s;
	case BPF_LDX:
		if (BPF_MODE(f->code) == BPF_IMM)
			r->x = reg_const(f->k);
		else if (BPF_MODE(f->code) == BPF_LEN)
			r->x = reg_const(64);
		else if (BPF_MODE(f->code) == BPF_MEM && f->k < BPF_MEMWORDS)
			r->x = r->mem[f->k];
		else {
			s.inexact = true;
			r->x = reg_unknown();
		}
		return s;
	case BPF_ST:
	case BPF_STX:
		if (f->k < BPF_MEMWORDS)
			r->mem[f->k] = cls == BPF_ST ? r->a : r->x;
		return s;
	case BPF_ALU:
		r->a = alu(r->a, BPF_OP(f->code), BPF_SRC(f->code) == BPF_X ? r->x : reg_const(f->k),
			   &s.inexact);
		return s;
	case BPF_MISC:
		if (BPF_MISCOP(f->code) == BPF_TAX)
			r->x = r->a;
		else
			r->a = r->x;
		return s;
	default:
		return s;
	}
}

/* The inputs that take edge e (a predicate over the tested word). */
static bdd_node edge_pred(struct bdd *m, const struct edge *e)
{
	if (!e->tested)
		return bdd_true(m);
	struct bdd_piece piece = { e->a.word, e->a.value };
	bdd_node p;
	switch (e->op) {
	case BPF_JEQ:
		p = (e->k & ~e->a.value) ? bdd_false(m) : bdd_compare(m, &piece, 1, CMP_EQ, e->k);
		break;
	case BPF_JGT:
		p = bdd_compare(m, &piece, 1, CMP_GT, e->k);
		break;
	case BPF_JGE:
		p = bdd_compare(m, &piece, 1, CMP_GE, e->k);
		break;
	default: /* BPF_JSET */
		piece.mask &= e->k;
		p = piece.mask ? bdd_compare(m, &piece, 1, CMP_NE, 0) : bdd_false(m);
		break;
	}
	return e->sense ? p : bdd_not(m, p);
}

/* c->rem: per pc, the most instructions to a return whatever the tests say.
 * False if a jump leaves the program or goes backward. */
static bool remaining(struct prog_ctx *c)
{
	size_t n = c->prog->len;
	c->rem = xcalloc(n, sizeof *c->rem);
	for (size_t pc = n; pc-- > 0;) {
		const struct sock_filter *f = &c->prog->insns[pc];
		uint32_t best = 0;
		size_t to[2];
		int nto = 0;
		if (BPF_CLASS(f->code) == BPF_RET) {
			c->rem[pc] = 1;
			continue;
		}
		if (BPF_CLASS(f->code) == BPF_JMP && BPF_OP(f->code) == BPF_JA)
			to[nto++] = pc + 1 + f->k;
		else if (BPF_CLASS(f->code) == BPF_JMP) {
			to[nto++] = pc + 1 + f->jt;
			to[nto++] = pc + 1 + f->jf;
		} else
			to[nto++] = pc + 1;
		for (int i = 0; i < nto; i++) {
			if (to[i] >= n || to[i] <= pc)
				return false;
			if (c->rem[to[i]] > best)
				best = c->rem[to[i]];
		}
		c->rem[pc] = best + 1;
	}
	return true;
}

/* ---- dag: the longest path, argument tests both ways ------------------- */

struct dag_state {
	struct regs regs;
	uint32_t count;
};

struct dag_list {
	struct dag_state *items;
	size_t len, cap;
};

static void dag_arrive(struct dag_list *at, size_t pc, const struct regs *r, uint32_t count)
{
	struct dag_list *l = &at[pc];
	for (size_t i = 0; i < l->len; i++)
		if (memcmp(&l->items[i].regs, r, sizeof *r) == 0) {
			if (count > l->items[i].count)
				l->items[i].count = count;
			return;
		}
	VEC_RESERVE(l->items, l->cap, l->len + 1);
	l->items[l->len++] = (struct dag_state){ *r, count };
}

static uint32_t dag_longest(const struct prog_ctx *c)
{
	struct dag_list *at = xcalloc(c->prog->len, sizeof *at);
	struct regs r0 = start_regs();
	uint32_t best = 0;
	dag_arrive(at, 0, &r0, 0);
	for (size_t pc = 0; pc < c->prog->len; pc++) {
		for (size_t i = 0; i < at[pc].len; i++) {
			struct regs r = at[pc].items[i].regs;
			uint32_t n = at[pc].items[i].count + 1;
			struct step s = transfer(c, pc, &r);
			if (s.nedges == 0 && n > best)
				best = n;
			for (int e = 0; e < s.nedges; e++)
				dag_arrive(at, s.e[e].to, &r, n);
		}
		free(at[pc].items);
	}
	free(at);
	return best;
}

/* ---- sets: exact sets of inputs per (pc, count, registers) ------------- */

struct arrival {
	uint32_t count;
	struct regs regs;
	bdd_node cond;
};

struct pending {
	struct arrival *items;
	size_t len, cap;
};

struct sets {
	const struct prog_ctx *c;
	struct bdd *m;
	struct pending *at;
	size_t states;
	bool inexact;
	uint32_t actions[MAX_ACTIONS], worst[MAX_ACTIONS];
	bdd_node worst_cond[MAX_ACTIONS];
	size_t nactions;
};

enum { SETS_MAX_STATES = 2000000, SETS_MAX_NODES = 4000000 };

/* Adds the inputs `cond` arriving at pc after `count` instructions with `regs`. */
static bool sets_arrive(struct sets *w, size_t pc, uint32_t count, const struct regs *regs,
			bdd_node cond)
{
	if (cond == bdd_false(w->m))
		return true;
	struct pending *p = &w->at[pc];
	for (size_t i = 0; i < p->len; i++)
		if (p->items[i].count == count && memcmp(&p->items[i].regs, regs, sizeof *regs) == 0) {
			p->items[i].cond = bdd_ite(w->m, p->items[i].cond, bdd_true(w->m), cond);
			return true;
		}
	if (++w->states > SETS_MAX_STATES)
		return false;
	VEC_RESERVE(p->items, p->cap, p->len + 1);
	p->items[p->len++] = (struct arrival){ count, *regs, cond };
	return true;
}

static void sets_returned(struct sets *w, uint32_t action, uint32_t count, bdd_node cond)
{
	size_t i = 0;
	while (i < w->nactions && w->actions[i] != action)
		i++;
	if (i == w->nactions) {
		if (w->nactions == MAX_ACTIONS)
			i = w->nactions - 1;   /* more distinct actions than anyone writes: pool them */
		else
			w->nactions++;
		w->actions[i] = action;
		w->worst[i] = 0;
	}
	if (count >= w->worst[i]) {
		w->worst[i] = count;
		w->worst_cond[i] = cond;
	}
}

/* Walks the whole program; false if the sets outgrew their bounds. */
static bool sets_walk(struct sets *w)
{
	const struct prog_ctx *c = w->c;
	struct regs r0 = start_regs();
	w->at = xcalloc(c->prog->len, sizeof *w->at);
	bool ok = sets_arrive(w, 0, 0, &r0, bdd_true(w->m));
	for (size_t pc = 0; pc < c->prog->len; pc++) {
		struct pending *p = &w->at[pc];
		for (size_t i = 0; ok && i < p->len; i++) {
			struct regs r = p->items[i].regs;
			uint32_t n = p->items[i].count + 1;
			bdd_node cond = p->items[i].cond;
			struct step s = transfer(c, pc, &r);
			w->inexact |= s.inexact;
			if (s.nedges == 0)
				sets_returned(w, s.action, n, cond);
			for (int e = 0; ok && e < s.nedges; e++)
				ok = sets_arrive(w, s.e[e].to, n, &r,
						 bdd_and(w->m, cond, edge_pred(w->m, &s.e[e])));
		}
		free(p->items);
		p->items = NULL;
		ok = ok && !bdd_overflowed(w->m);
	}
	free(w->at);
	return ok;
}

/* ---- search: single paths, pruned by the dag bound --------------------- */

struct search {
	const struct prog_ctx *c;
	struct bdd *m;
	size_t steps, max_steps;
	bool inexact, gave_up;
	struct best best;
};

/* From pc with r after count instructions, the inputs satisfying cond[word]
 * for every word. */
static void search_from(struct search *s, size_t pc, struct regs r, uint32_t count,
			const bdd_node cond[BDD_WORDS])
{
	for (;;) {
		if (count + s->c->rem[pc] <= s->best.count && s->best.found)
			return;   /* cannot beat the best */
		if (++s->steps > s->max_steps || bdd_overflowed(s->m)) {
			s->gave_up = true;
			return;
		}
		struct step st = transfer(s->c, pc, &r);
		s->inexact |= st.inexact;
		count++;
		if (st.nedges == 0) {
			if (!s->best.found || count > s->best.count) {
				s->best = (struct best){ .count = count, .action = st.action, .found = true };
				for (int w = 0; w < BDD_WORDS; w++) {
					uint32_t words[BDD_WORDS] = { 0 };
					bdd_witness(s->m, cond[w], bdd_false(s->m), words);
					s->best.words[w] = words[w];
				}
			}
			return;
		}
		if (st.nedges == 1) {
			pc = st.e[0].to;
			continue;
		}
		/* the branch with more left first: good paths early, more pruning */
		int first = s->c->rem[st.e[1].to] > s->c->rem[st.e[0].to];
		for (int i = 0; i < 2; i++) {
			const struct edge *e = &st.e[first ^ i];
			bdd_node next[BDD_WORDS];
			memcpy(next, cond, sizeof next);
			if (e->tested) {
				next[e->a.word] = bdd_and(s->m, cond[e->a.word], edge_pred(s->m, e));
				if (next[e->a.word] == bdd_false(s->m))
					continue;   /* no input goes this way */
			}
			search_from(s, e->to, r, count, next);
			if (s->gave_up)
				return;
		}
		return;
	}
}

/* ---- main -------------------------------------------------------------- */

static const char *action_name(uint32_t a, char *buf, size_t len)
{
	switch (a & 0xffff0000u) {
	case 0x7fff0000u: return "ALLOW";
	case 0x80000000u: return "KILL_PROCESS";
	case 0x00000000u: return "KILL_THREAD";
	case 0x00030000u: snprintf(buf, len, "TRAP(%u)", a & 0xffff); return buf;
	case 0x00050000u: snprintf(buf, len, "ERRNO(%u)", a & 0xffff); return buf;
	case 0x7ff00000u: snprintf(buf, len, "TRACE(%u)", a & 0xffff); return buf;
	case 0x7ffc0000u: return "LOG";
	case 0x7fc00000u: return "NOTIFY";
	default: snprintf(buf, len, "%#x", a); return buf;
	}
}

static bool load(const char *path, struct arena *arena, struct bpf_prog *out, bool big)
{
	struct diag diag;
	struct buf raw;
	diag_init(&diag, path);
	buf_init(&raw);
	bool ok = read_file(path, &raw, &diag) &&
		  bpf_read_raw(raw.data, raw.len, big, arena, out, &diag);
	if (!ok)
		fprintf(stderr, "%s", diag_text(&diag));
	buf_free(&raw);
	diag_fini(&diag);
	return ok;
}

/* Runs the best path's witness through the simulator; its count. */
static size_t simulate(const struct prog_ctx *c, const struct best *b, struct bpf_input *in)
{
	*in = (struct bpf_input){ .nr = (int32_t)c->nr, .arch = c->arch->audit_arch,
				  .big_endian = c->arch->big_endian };
	for (int i = 0; i < 6; i++)
		in->args[i] = (uint64_t)b->words[2 * i] << 32 | b->words[2 * i + 1];
	in->ip = (uint64_t)b->words[BDD_IP_HI] << 32 | b->words[BDD_IP_LO];
	return bpf_simulate(c->prog, in).executed;
}

int main(int argc, char **argv)
{
	bool search_only = argc == 6 && strcmp(argv[1], "--method") == 0 &&
			   strcmp(argv[2], "search") == 0;
	if (search_only) {
		argv += 2;
		argc -= 2;
	}
	if (argc != 4) {
		fputs("usage: worst_path [--method search] FILTER.bpf ARCH SYSCALL|NR\n", stderr);
		return 2;
	}
	const struct arch_info *arch = arch_by_name(argv[2]);
	if (!arch) {
		fprintf(stderr, "worst_path: unknown arch %s\n", argv[2]);
		return 1;
	}
	char *end;
	int64_t nr = strtoll(argv[3], &end, 0);
	if (*end || end == argv[3])
		nr = arch_syscall_nr(arch, argv[3]);
	if (nr < 0) {
		fprintf(stderr, "worst_path: %s has no syscall %s\n", arch->name, argv[3]);
		return 1;
	}
	struct arena arena;
	arena_init(&arena);
	struct bpf_prog prog;
	if (!load(argv[1], &arena, &prog, arch->big_endian))
		return 1;
	struct prog_ctx c = { .prog = &prog, .arch = arch, .nr = (uint32_t)nr };
	if (!remaining(&c)) {
		fprintf(stderr, "worst_path: %s: a jump leaves the program or goes backward\n", argv[1]);
		return 3;
	}
	uint32_t dag = dag_longest(&c);
	const char *method;
	bool exact;
	struct best best = { 0 };
	struct sets w = { .c = &c, .m = bdd_new(SETS_MAX_NODES) };
	if (!search_only && sets_walk(&w)) {
		method = "sets";
		exact = !w.inexact;
		size_t b = 0;
		for (size_t i = 1; i < w.nactions; i++)
			if (w.worst[i] > w.worst[b])
				b = i;
		best = (struct best){ .count = w.worst[b], .action = w.actions[b], .found = true };
		bdd_witness(w.m, w.worst_cond[b], bdd_false(w.m), best.words);
	} else {
		w.nactions = 0;
		struct search s = { .c = &c, .m = bdd_new(0), .max_steps = 20000000 };
		bdd_node cond[BDD_WORDS];
		for (int i = 0; i < BDD_WORDS; i++)
			cond[i] = bdd_true(s.m);
		search_from(&s, 0, start_regs(), 0, cond);
		best = s.best;
		exact = !s.gave_up && !s.inexact;
		method = exact ? "search" : "dag";
		bdd_free(s.m);
	}
	struct bpf_input in;
	size_t sim = simulate(&c, &best, &in);
	exact = exact && sim == best.count;
	char buf[32];
	printf("size %zu\nworst_insns %u\nworst_action %s\nmethod %s\nexact %s\nlower_insns %zu\n"
	       "dag_insns %u\nwitness", prog.len, exact ? best.count : dag,
	       action_name(best.action, buf, sizeof buf), method, exact ? "yes" : "no", sim, dag);
	for (int i = 0; i < 6; i++)
		printf(" %#llx", (unsigned long long)in.args[i]);
	printf("\nwitness_insns %zu\n", sim);
	for (size_t i = 0; i < w.nactions; i++)
		printf("worst %s %u\n", action_name(w.actions[i], buf, sizeof buf), w.worst[i]);
	bdd_free(w.m);
	free(c.rem);
	arena_free(&arena);
	return 0;
}
