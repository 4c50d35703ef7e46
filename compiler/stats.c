/*
 * stats.c - filter measurements (see stats.h).
 */
#include "stats.h"

#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "probe.h"

#define X32_BIT 0x40000000u
#define OFF_NR 0
#define OFF_ARCH 4

bool stats_cache_allows(const struct bpf_prog *prog, uint32_t audit_arch, uint32_t nr)
{
	/* The kernel's seccomp_is_const_allow(): only loads of nr and arch, AND K,
	 * JA and K-form conditional jumps may be followed; then RET ALLOW. */
	uint32_t a = 0;
	for (size_t pc = 0; pc < prog->len;) {
		const struct sock_filter *in = &prog->insns[pc++];
		switch (in->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (in->k == OFF_NR)
				a = nr;
			else if (in->k == OFF_ARCH)
				a = audit_arch;
			else
				return false;
			break;
		case BPF_RET | BPF_K:
			return in->k == RET_ALLOW;
		case BPF_JMP | BPF_JA:
			pc += in->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += a == in->k ? in->jt : in->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			pc += a >= in->k ? in->jt : in->jf;
			break;
		case BPF_JMP | BPF_JGT | BPF_K:
			pc += a > in->k ? in->jt : in->jf;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			pc += (a & in->k) ? in->jt : in->jf;
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			a &= in->k;
			break;
		default:
			return false;
		}
	}
	return false;
}

/* Whether A may hold seccomp_data.arch when pc runs, for every pc: a forward
 * pass (seccomp jumps only forward), so an arch compared after a jump from
 * another arch check, without a new load (libseccomp's shape), is found. */
static bool *arch_in_a(const struct bpf_prog *prog)
{
	bool *in = xcalloc(prog->len + 1, sizeof *in);
	for (size_t pc = 0; pc < prog->len; pc++) {
		const struct sock_filter *i = &prog->insns[pc];
		bool out = in[pc];
		if (BPF_CLASS(i->code) == BPF_LD)
			out = i->code == (BPF_LD | BPF_W | BPF_ABS) && i->k == OFF_ARCH;
		else if (BPF_CLASS(i->code) == BPF_ALU || i->code == (BPF_MISC | BPF_TXA))
			out = false;
		else if (BPF_CLASS(i->code) == BPF_RET)
			continue;
		if (BPF_CLASS(i->code) != BPF_JMP) {
			in[pc + 1] |= out;
		} else if (BPF_OP(i->code) == BPF_JA) {
			if (i->k < prog->len - pc)
				in[pc + 1 + i->k] |= out;
		} else {
			if (i->jt < prog->len - pc)
				in[pc + 1 + i->jt] |= out;
			if (i->jf < prog->len - pc)
				in[pc + 1 + i->jf] |= out;
		}
	}
	return in;
}

size_t stats_find_arches(const struct bpf_prog *prog, const struct arch_info **out, size_t max)
{
	size_t n = 0;
	bool *arch_loaded = arch_in_a(prog);
	for (size_t pc = 0; pc < prog->len; pc++) {
		const struct sock_filter *in = &prog->insns[pc];
		if (arch_loaded[pc] && BPF_CLASS(in->code) == BPF_JMP && BPF_SRC(in->code) == BPF_K &&
		    BPF_OP(in->code) == BPF_JEQ) {
			const struct arch_info *a = arch_by_audit(in->k);
			bool seen = false;
			for (size_t i = 0; i < n; i++)
				seen |= out[i] == a;
			if (a && !seen && n < max)
				out[n++] = a;
		}
	}
	free(arch_loaded);
	return n;
}

/* Argument vectors for a blob: the 32-bit constants the program compares
 * after loading an argument word, as either word, with neighbours. */
static void blob_args(const struct bpf_prog *prog, bool big_endian, struct arg_vectors *out)
{
	struct tsyscall s = { 0 };
	struct trule rule = { 0 };
	struct cond *conds = xcalloc(prog->len + 1, sizeof *conds);
	int word = -1;
	for (size_t pc = 0; pc < prog->len; pc++) {
		const struct sock_filter *in = &prog->insns[pc];
		if (in->code == (BPF_LD | BPF_W | BPF_ABS)) {
			word = in->k >= 16 && in->k < 64 ? (int)(in->k - 16) / 4 : -1;
		} else if (word >= 0 && BPF_CLASS(in->code) == BPF_JMP && BPF_SRC(in->code) == BPF_K &&
			   BPF_OP(in->code) != BPF_JA) {
			bool hi = (word % 2 == 0) == big_endian;
			struct cond *c = &conds[rule.nconds++];
			c->index = (uint8_t)(word / 2);
			c->bits = 64;
			c->op = BPF_OP(in->code) == BPF_JSET ? CMP_MASKED_EQ : CMP_EQ;
			c->value = hi ? (uint64_t)in->k << 32 : in->k;
			c->value_two = 0;
		}
	}
	rule.conds = conds;
	s.rules = &rule;
	s.nrules = rule.nconds ? 1 : 0;
	probe_args(&s, out);
	free(conds);
}

static int cmp_unsigned(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
	return x < y ? -1 : x > y;
}

struct arch_probe {
	const struct bpf_prog *prog;
	const struct rule_table *t;
	const struct arch_info *arch;
	const struct arg_vectors *blob_vectors;
};

/* Worst instructions run for nr over its argument vectors, and whether its
 * action stays ALLOW for all of them; returns the action at zero args. */
static uint32_t measure(const struct arch_probe *p, uint32_t nr, unsigned *worst, bool *always,
			bool *varies)
{
	struct arg_vectors own = { 0 };
	const struct arg_vectors *v = p->blob_vectors;
	if (p->t) {
		const struct tarch *ta = table_arch(p->t, p->arch->id);
		const struct tsyscall *s = ta ? tarch_syscall(ta, nr) : NULL;
		probe_args(s, &own);
		v = &own;
	}
	struct bpf_input in = { .nr = (int32_t)nr, .arch = p->arch->audit_arch,
				.big_endian = p->arch->big_endian };
	uint32_t first = 0;
	*worst = 0;
	*always = true;
	*varies = false;
	for (size_t i = 0; i < v->len; i++) {
		memcpy(in.args, v->items[i], sizeof in.args);
		struct bpf_result r = bpf_simulate(p->prog, &in);
		if (i == 0)
			first = r.action;
		else if (r.action != first)
			*varies = true;
		if (r.executed > *worst)
			*worst = (unsigned)r.executed;
		if (r.action != RET_ALLOW)
			*always = false;
	}
	arg_vectors_free(&own);
	return first;
}

static void arch_stats_compute(const struct arch_probe *p, struct arch_stats *st)
{
	const struct arch_info *a = p->arch;
	unsigned *runs = xcalloc(a->nsyscalls + 1, sizeof *runs);
	double *w = xcalloc(2 * a->nsyscalls + 2, sizeof *w);
	double total = 0;
	uint64_t prev_sig = ~0ull;
	size_t nranges = 0;
	uint32_t prev_nr = 0;
	st->arch = a;
	st->nsyscalls = a->nsyscalls;
	for (size_t i = 0; i < a->nsyscalls; i++) {
		uint32_t nr = a->nrs[i];
		bool always, varies;
		uint32_t action = measure(p, nr, &runs[i], &always, &varies);
		total += runs[i];
		if (always) {
			st->allowed_always++;
			/* The kernel keeps no cache for x32: its numbers lie past the bitmap. */
			if (a->id != ARCH_X32)
				st->cache_skips += stats_cache_allows(p->prog, a->audit_arch, nr);
		}
		/* A gap with another decision between two syscalls splits the range. */
		if (i > 0 && nr > prev_nr + 1) {
			bool a2, v2;
			unsigned r2;
			uint64_t gap_sig = measure(p, prev_nr + 1, &r2, &a2, &v2);
			if (gap_sig != prev_sig) {
				w[nranges++] = 0;
				prev_sig = gap_sig;
			}
		}
		uint64_t sig = varies ? ((uint64_t)1 << 32) | nr : action;
		if (sig != prev_sig || nranges == 0)
			w[nranges++] = 0;
		w[nranges - 1] += 1;
		prev_sig = sig;
		prev_nr = nr;
	}
	st->ranges = nranges;
	st->floor = alphabetic_tree_floor(w, nranges);
	st->mean = a->nsyscalls ? total / (double)a->nsyscalls : 0;
	qsort(runs, a->nsyscalls, sizeof *runs, cmp_unsigned);
	if (a->nsyscalls) {
		st->p50 = runs[(a->nsyscalls - 1) / 2];
		st->p99 = runs[(size_t)((double)(a->nsyscalls - 1) * 0.99 + 0.5)];
		st->max = runs[a->nsyscalls - 1];
	}
	free(runs);
	free(w);
}

/* Worst run over every probe number of the arch value (not only real syscalls). */
static unsigned max_any_number(const struct arch_probe *p)
{
	struct u32_set nrs = { 0 };
	struct rule_table empty = { .target = p->arch };
	struct tarch ta = { .arch = p->arch };
	if (!p->t) {
		empty.arches = &ta;
		empty.narches = 1;
	}
	probe_numbers(p->t ? p->t : &empty, p->arch->audit_arch, &nrs);
	unsigned worst = 0;
	for (size_t i = 0; i < nrs.len; i++) {
		unsigned r;
		bool always, varies;
		measure(p, nrs.items[i], &r, &always, &varies);
		if (r > worst)
			worst = r;
	}
	u32_set_free(&nrs);
	return worst;
}

void stats_compute(const struct bpf_prog *prog, const struct arch_info *const *arches,
		   size_t narches, const struct rule_table *t, struct filter_stats *out)
{
	memset(out, 0, sizeof *out);
	out->size = prog->len;
	struct arg_vectors blob = { 0 };
	if (!t)
		blob_args(prog, narches && arches[0]->big_endian, &blob);
	for (size_t i = 0; i < narches && i < ARCH_COUNT; i++) {
		struct arch_probe p = { .prog = prog, .t = t, .arch = arches[i], .blob_vectors = &blob };
		arch_stats_compute(&p, &out->arches[out->narches]);
		out->arches[out->narches].max_any = max_any_number(&p);
		out->narches++;
	}
	arg_vectors_free(&blob);
}
