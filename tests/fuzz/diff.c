/*
 * diff.c - the differential check of one case (see diff.h): compile with the
 * library, choose inputs from the profile, simulate, compare with the oracle.
 */
#include "diff.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "compile.h"

/* ---- argument vectors ---------------------------------------------------- */

static uint64_t rnd(struct arg_source *s)   /* xorshift64* */
{
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return s->rng * 0x2545f4914f6cdd1dull;
}

static size_t rnd_below(struct arg_source *s, size_t n)
{
	return n ? (size_t)(rnd(s) % n) : 0;
}

static void pool_add(uint64_t **pool, size_t *n, size_t *cap, uint64_t v)
{
	VEC_RESERVE(*pool, *cap, *n + 1);
	(*pool)[(*n)++] = v;
}

/* A constant and what lies next to it: ±1, the other word set or cleared,
 * the sign bits of both words flipped. */
static void add_neighbours(uint64_t **pool, size_t *n, size_t *cap, uint64_t v)
{
	const uint64_t forms[] = {
		v, v - 1, v + 1, v & 0xffffffffu, v | 0xffffffff00000000ull, v ^ (1ull << 32),
		v ^ 0x80000000u, v ^ (1ull << 63), v & 0xffffffff00000000ull, v >> 32, v << 32,
		(uint32_t)v - 1u, (uint32_t)v + 1u,
	};
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
		pool_add(pool, n, cap, forms[i]);
}

void arg_source_init(struct arg_source *s, const struct model_case *c, const struct oracle *o,
		     struct arena *arena)
{
	static const uint64_t edges[] = {
		0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull,
		0x8000000000000000ull, ~0ull,
	};
	uint64_t *pool = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
		pool_add(&pool, &n, &cap, edges[i]);
	for (size_t r = 0; r < c->profile.nrules; r++) {
		const struct model_rule *rule = &c->profile.rules[r];
		for (size_t k = 0; k < rule->nconds; k++) {
			const struct model_cond *cd = &rule->conds[k];
			add_neighbours(&pool, &n, &cap, cd->value);
			if (cd->op != MO_MASKED_EQ)
				continue;
			uint64_t m = cd->value, hit = cd->value_two & m;
			add_neighbours(&pool, &n, &cap, cd->value_two);
			pool_add(&pool, &n, &cap, hit);
			pool_add(&pool, &n, &cap, hit | ~m);
			pool_add(&pool, &n, &cap, m ? hit ^ (m & -m) : hit ^ 1);   /* lowest mask bit flipped */
			if (m)
				pool_add(&pool, &n, &cap, hit ^ (1ull << (63 - __builtin_clzll(m))));
		}
	}
	s->c = c;
	s->o = o;
	s->named = arena_calloc(arena, c->profile.nrules + 1, sizeof *s->named);
	s->named_arch = NULL;
	s->npool = n;
	s->pool = arena_calloc(arena, n, sizeof *s->pool);
	memcpy(s->pool, pool, n * sizeof *pool);
	free(pool);
	s->rng = c->seed * 0x9e3779b97f4a7c15ull | 1;
}

static uint64_t pool_value(struct arg_source *s)
{
	switch (rnd_below(s, 8)) {
	case 0: return rnd(s);
	case 1: return (uint32_t)rnd(s);
	default: return s->pool[rnd_below(s, s->npool)];
	}
}

static uint64_t bits_mask(unsigned bits)
{
	return bits >= 64 ? ~0ull : (1ull << bits) - 1;
}

/* Some value for which c holds on `bits`-wide arguments (any value when none
 * does); the bits above the width are random: the filter must ignore them. */
static uint64_t satisfying(struct arg_source *s, const struct model_cond *c, unsigned bits)
{
	uint64_t m = bits_mask(bits), v = c->value & m, r = rnd(s) & m, x = v;
	switch (c->op) {
	case MO_EQ: x = v; break;
	case MO_NE: x = v ^ (1ull << rnd_below(s, bits)); break;
	case MO_LT: x = v == 0 ? r : rnd_below(s, 2) ? v - 1 : r % v; break;
	case MO_LE: x = rnd_below(s, 2) || v == m ? v : r % (v + 1); break;
	case MO_GT: x = v == m ? r : rnd_below(s, 2) ? v + 1 : v + 1 + r % (m - v); break;
	case MO_GE: x = rnd_below(s, 2) || v == 0 ? v : v + r % (m - v + 1); break;
	case MO_MASKED_EQ: x = (c->value_two & v) | (r & ~v); break;
	case MO_COUNT: break;
	}
	return (x & m) | (rnd(s) & ~m);
}

/* Values at the edge of c: its constant and neighbours within the width, and
 * for masks each end bit of the mask flipped in a matching value. */
static size_t boundary(struct arg_source *s, const struct model_cond *c, unsigned bits,
		       uint64_t out[8])
{
	uint64_t m = bits_mask(bits), v = c->value & m, high = rnd(s) & ~m;
	size_t n = 0;
	if (c->op == MO_MASKED_EQ) {
		uint64_t hit = (c->value_two & v) | (rnd(s) & ~v & m);
		out[n++] = hit;
		out[n++] = hit ^ (v ? (v & -v) : 1);
		if (v)
			out[n++] = hit ^ (1ull << (63 - __builtin_clzll(v)));
		out[n++] = (hit ^ 0x80000000u) & m;
	} else {
		out[n++] = v;
		out[n++] = (v - 1) & m;
		out[n++] = (v + 1) & m;
		out[n++] = (v ^ 0x80000000u) & m;
		if (bits > 32)
			out[n++] = v ^ (1ull << 32);
	}
	for (size_t i = 0; i < n; i++)
		out[i] = (out[i] & m) | high;
	return n;
}

/* Does rule r name nr on arch? */
static bool names_nr(const struct model_rule *r, const struct arch_info *arch, uint32_t nr)
{
	for (size_t k = 0; k < r->nnames; k++)
		if (arch_syscall_nr(arch, r->names[k]) == (int64_t)nr)
			return true;
	return false;
}

/* names_nr() of rule `rule` of s's profile, from a cache per (arch, nr):
 * the pairs of rules below ask it rules x rules times. */
static bool rule_names_nr(struct arg_source *s, const struct model_rule *rule,
			  const struct arch_info *arch, uint32_t nr)
{
	const struct model_profile *p = &s->c->profile;
	if (s->named_arch != arch || s->named_nr != nr) {
		for (size_t r = 0; r < p->nrules; r++)
			s->named[r] = names_nr(&p->rules[r], arch, nr);
		s->named_arch = arch;
		s->named_nr = nr;
	}
	return s->named[rule - p->rules];
}

/* A value for which c does not hold on `bits`-wide arguments; false when
 * every value holds (LE at the maximum, GE 0, a zero mask). */
static bool violating(struct arg_source *s, const struct model_cond *c, unsigned bits,
		      uint64_t *out)
{
	uint64_t m = bits_mask(bits), v = c->value & m, x;
	switch (c->op) {
	case MO_EQ: x = v ^ (1ull << rnd_below(s, bits)); break;
	case MO_NE: x = v; break;
	case MO_LT: x = rnd_below(s, 2) ? v : v | (rnd(s) & m); break;
	case MO_LE: if (v == m) return false; x = v + 1; break;
	case MO_GT: x = rnd_below(s, 2) ? v : v & rnd(s); break;
	case MO_GE: if (v == 0) return false; x = v - 1; break;
	case MO_MASKED_EQ:
		if (v == 0)
			return false;
		x = ((c->value_two & v) | (rnd(s) & ~v)) ^ (v & -v);
		break;
	default: return false;
	}
	*out = (x & m) | (rnd(s) & ~m);
	return true;
}

/* Breaks every rule on nr other than `keep` where it can, on argument
 * indexes not fixed yet, so that `keep` (or no rule) decides alone: one
 * condition of an ANDed rule, every condition of a rule whose repeated
 * index makes it ORed. */
static void isolate(struct arg_source *s, const struct arch_info *arch, uint32_t nr,
		    const struct model_rule *keep, uint64_t args[6], bool fixed[6])
{
	const struct model_profile *p = &s->c->profile;
	for (size_t r = 0; r < p->nrules; r++) {
		const struct model_rule *rule = &p->rules[r];
		if (rule == keep || !rule->nconds || !rule_names_nr(s, rule, arch, nr))
			continue;
		bool seen[6] = { false }, ored = false;
		for (size_t i = 0; i < rule->nconds; i++) {
			ored |= seen[rule->conds[i].index];
			seen[rule->conds[i].index] = true;
		}
		size_t start = rnd_below(s, rule->nconds);
		for (size_t i = 0; i < rule->nconds; i++) {
			const struct model_cond *c = &rule->conds[(start + i) % rule->nconds];
			uint64_t v;
			if (fixed[c->index] || !violating(s, c, oracle_arg_bits(s->o, arch, nr, c->index), &v))
				continue;
			args[c->index] = v;
			if (!ored) {
				fixed[c->index] = true;
				break;
			}
		}
	}
}

/* A vector meeting rules a and b (b only on indexes a leaves free), every
 * other rule on nr broken where it can be. */
static void both_rules(struct arg_source *s, const struct arch_info *arch, uint32_t nr,
		       const struct model_rule *a, const struct model_rule *b,
		       void (*f)(void *ctx, const uint64_t args[6]), void *ctx)
{
	uint64_t args[6];
	bool fixed[6] = { false }, by_a[6] = { false };
	for (int i = 0; i < 6; i++)
		args[i] = pool_value(s);
	for (size_t k = 0; k < a->nconds; k++) {
		const struct model_cond *c = &a->conds[k];
		args[c->index] = satisfying(s, c, oracle_arg_bits(s->o, arch, nr, c->index));
		fixed[c->index] = by_a[c->index] = true;
	}
	for (size_t k = 0; k < b->nconds; k++) {
		const struct model_cond *c = &b->conds[k];
		if (by_a[c->index])
			continue;
		args[c->index] = satisfying(s, c, oracle_arg_bits(s->o, arch, nr, c->index));
		fixed[c->index] = true;
	}
	const struct model_profile *p = &s->c->profile;
	for (size_t r = 0; r < p->nrules; r++) {   /* isolate() keeps one rule; keep two */
		const struct model_rule *rule = &p->rules[r];
		if (rule == a || rule == b || !rule->nconds || !rule_names_nr(s, rule, arch, nr))
			continue;
		for (size_t k = 0; k < rule->nconds; k++) {
			const struct model_cond *c = &rule->conds[k];
			uint64_t v;
			if (fixed[c->index] ||
			    !violating(s, c, oracle_arg_bits(s->o, arch, nr, c->index), &v))
				continue;
			args[c->index] = v;
			fixed[c->index] = true;
			break;
		}
	}
	f(ctx, args);
}

#define PAIRED_RULES 32

void arg_vectors(struct arg_source *s, const struct arch_info *arch, uint32_t nr, size_t budget,
		 void (*f)(void *ctx, const uint64_t args[6]), void *ctx)
{
	uint64_t args[6] = { 0 };
	f(ctx, args);
	for (int i = 0; i < 6; i++)
		args[i] = ~0ull;
	f(ctx, args);
	/* Every constant of the profile on every argument index. */
	for (unsigned idx = 0; idx < 6; idx++)
		for (size_t k = 0; k < budget; k++) {
			for (int i = 0; i < 6; i++)
				args[i] = rnd_below(s, 2) ? 0 : pool_value(s);
			args[idx] = s->pool[rnd_below(s, s->npool)];
			f(ctx, args);
		}
	/* Each rule on nr alone (its conditions met, one condition of every
	 * other rule broken), then each of its conditions at its edge; then
	 * with another rule met too; then no rule at all. */
	const struct model_profile *p = &s->c->profile;
	size_t on_nr = 0;     /* conditional rules naming nr */
	for (size_t r = 0; r < p->nrules; r++)
		on_nr += p->rules[r].nconds && rule_names_nr(s, &p->rules[r], arch, nr);
	for (size_t r = 0; r <= p->nrules; r++) {
		const struct model_rule *rule = r < p->nrules ? &p->rules[r] : NULL;
		if (rule && (!rule->nconds || !rule_names_nr(s, rule, arch, nr)))
			continue;
		for (size_t rep = 0; rep < 1 + budget / 2; rep++) {
			uint64_t sat[6];
			bool fixed[6] = { false };
			for (int i = 0; i < 6; i++)
				sat[i] = pool_value(s);
			for (size_t k = 0; rule && k < rule->nconds; k++) {
				const struct model_cond *c = &rule->conds[k];
				sat[c->index] = satisfying(s, c, oracle_arg_bits(s->o, arch, nr, c->index));
				fixed[c->index] = true;
			}
			isolate(s, arch, nr, rule, sat, fixed);
			f(ctx, sat);
			for (size_t k = 0; rule && k < rule->nconds; k++) {
				const struct model_cond *c = &rule->conds[k];
				uint64_t edge[8];
				size_t ne = boundary(s, c, oracle_arg_bits(s->o, arch, nr, c->index), edge);
				for (size_t e = 0; e < ne; e++) {
					memcpy(args, sat, sizeof args);
					args[c->index] = edge[e];
					f(ctx, args);
				}
			}
		}
		/* With each other rule on nr met too, the rest broken: which of
		 * two rules wins (class, then file order). Past PAIRED_RULES rules
		 * on nr, about that many partners each, drawn. */
		for (size_t q = 0; rule && q < p->nrules; q++)
			if (q != r && p->rules[q].nconds && rule_names_nr(s, &p->rules[q], arch, nr) &&
			    (on_nr <= PAIRED_RULES || rnd_below(s, on_nr) < PAIRED_RULES))
				both_rules(s, arch, nr, rule, &p->rules[q], f, ctx);
	}
	for (size_t k = 0; k < 2 * budget; k++) {
		for (int i = 0; i < 6; i++)
			args[i] = pool_value(s);
		f(ctx, args);
	}
}

/* ---- the check ------------------------------------------------------------ */

struct run {
	const struct model_case *c;
	const struct oracle *o;
	const struct bpf_prog *prog;
	const struct diff_options *opt;
	struct buf *report;
	bool big_endian;
	uint32_t audit_arch, nr;
	size_t inputs, mismatches;
	enum arch_id first_arch;
};

void diff_describe_input(struct buf *b, uint32_t audit_arch, uint32_t nr, const uint64_t args[6])
{
	const struct arch_info *a = arch_by_audit(audit_arch);
	if (a && a->id == ARCH_X86_64 && (nr & 0x40000000u) && nr != 0xffffffffu)
		a = arch_get(ARCH_X32);
	const char *name = a ? arch_syscall_name(a, nr) : NULL;
	buf_printf(b, "arch %s (0x%08" PRIx32 ") nr %" PRId32 "%s%s%s args", a ? a->name : "foreign",
		   audit_arch, (int32_t)nr, name ? " (" : "", name ? name : "", name ? ")" : "");
	for (int i = 0; i < 6; i++)
		buf_printf(b, " 0x%" PRIx64, args[i]);
}

static void describe_why(struct buf *b, const struct oracle_why *why)
{
	switch (why->by) {
	case OD_BAD_ARCH: buf_puts(b, "the bad-arch action"); break;
	case OD_DEFAULT: buf_puts(b, "defaultAction"); break;
	case OD_ENOSYS: buf_puts(b, "--enosys-newer"); break;
	case OD_RULE: buf_printf(b, "syscalls[%zu]", why->rule); break;
	}
}

static void compare(void *ctx, const uint64_t args[6])
{
	struct run *r = ctx;
	struct bpf_input in;
	memset(&in, 0, sizeof in);
	in.nr = (int32_t)r->nr;
	in.arch = r->audit_arch;
	in.big_endian = r->big_endian;
	memcpy(in.args, args, sizeof in.args);
	struct oracle_why why;
	uint32_t want = oracle_decide(r->o, r->audit_arch, r->nr, args, &why);
	uint32_t got = bpf_simulate(r->prog, &in).action;
	r->inputs++;
	if (got == want)
		return;
	if (r->mismatches == 0)
		r->first_arch = why.arch ? why.arch->id : ARCH_COUNT;
	if (r->mismatches < r->opt->max_report) {
		char g[48], w[48];
		buf_puts(r->report, "  ");
		diff_describe_input(r->report, r->audit_arch, r->nr, args);
		buf_printf(r->report, ": filter %s, profile %s (", action_describe(got, g, sizeof g),
			   action_describe(want, w, sizeof w));
		describe_why(r->report, &why);
		buf_puts(r->report, ")\n");
	}
	r->mismatches++;
}

static void try_nr(struct run *r, struct arg_source *s, const struct arch_info *arch,
		   uint32_t nr, size_t budget)
{
	r->nr = nr;
	if (budget)
		arg_vectors(s, arch, nr, budget, compare, r);
	else {
		uint64_t args[6] = { 0 };
		compare(r, args);
		for (int i = 0; i < 6; i++)
			args[i] = s->pool[rnd_below(s, s->npool)];
		compare(r, args);
	}
}

/* Does any rule of the profile name nr on arch with conditions? */
static bool conditional(const struct model_case *c, const struct arch_info *arch, uint32_t nr)
{
	for (size_t r = 0; r < c->profile.nrules; r++)
		if (c->profile.rules[r].nconds && names_nr(&c->profile.rules[r], arch, nr))
			return true;
	return false;
}

/* The numbers tried on a covered arch: every named syscall and its
 * neighbours, every syscall of the table, the table's edges, --enosys-newer's
 * last and neighbours, the edges of 2^30 and 2^31, -1 and random numbers. */
static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static void check_arch(struct run *r, struct arg_source *s, const struct arch_info *arch)
{
	const struct model_profile *p = &r->c->profile;
	r->audit_arch = arch->audit_arch;
	uint32_t *named = NULL;
	size_t nnamed = 0, cap = 0;
	for (size_t i = 0; i < p->nrules; i++)
		for (size_t k = 0; k < p->rules[i].nnames; k++) {
			int64_t nr = arch_syscall_nr(arch, p->rules[i].names[k]);
			if (nr < 0)
				continue;
			VEC_RESERVE(named, cap, nnamed + 1);
			named[nnamed++] = (uint32_t)nr;
		}
	if (nnamed)
		qsort(named, nnamed, sizeof *named, cmp_u32);
	for (size_t i = 0; i < nnamed; i++) {
		if (i && named[i] == named[i - 1])
			continue;
		try_nr(r, s, arch, named[i], conditional(r->c, arch, named[i]) ? 6 : 0);
		try_nr(r, s, arch, named[i] - 1, 0);
		try_nr(r, s, arch, named[i] + 1, 0);
	}
	free(named);
	uint32_t top = arch->nrs[arch->nsyscalls - 1], low = arch->nrs[0];
	const uint32_t fixed[] = {
		0, 1, low, low - 1, top, top + 1, 0xffffffffu, 0xfffffffeu, 0x3fffffffu,
		0x40000000u, 0x40000001u, 0x7fffffffu, 0x80000000u, 0xbfffffffu, 0xc0000000u,
		r->o->last[arch->id], r->o->last[arch->id] + 1, r->o->last[arch->id] - 1,
		0x40000000u | r->o->last[ARCH_X86_64], 0x40000000u | (top + 1),
	};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		try_nr(r, s, arch, fixed[i], 0);
	/* Every syscall of the table (--enosys-newer answers by age too). */
	uint64_t zero[6] = { 0 };
	for (size_t i = 0; i < arch->nsyscalls; i++) {
		r->nr = arch->nrs[i];
		compare(r, zero);
	}
	for (int i = 0; i < 24; i++)
		try_nr(r, s, arch, (uint32_t)rnd_below(s, top + 64), 0);
	for (int i = 0; i < 4; i++)
		try_nr(r, s, arch, (uint32_t)rnd(s), 0);
}

/* Foreign arch values: every other arch's, and a few that are no arch at all. */
static void check_foreign(struct run *r, struct arg_source *s)
{
	uint32_t values[ARCH_COUNT + 3];
	size_t n = 0;
	for (int a = 0; a < ARCH_COUNT; a++)
		if (!oracle_covers(r->o, (enum arch_id)a))
			values[n++] = arch_get((enum arch_id)a)->audit_arch;
	values[n++] = 0;
	values[n++] = 0xffffffffu;
	values[n++] = (uint32_t)rnd(s);
	for (size_t i = 0; i < n; i++) {
		r->audit_arch = values[i];
		try_nr(r, s, r->o->native, 0, 0);
		try_nr(r, s, r->o->native, (uint32_t)rnd_below(s, 500), 0);
		try_nr(r, s, r->o->native, 0xffffffffu, 0);
	}
}

/* Simulates prog on the case's inputs; returns the number of mismatches. */
static size_t check_program(const struct model_case *c, const struct oracle *o,
			    const struct bpf_prog *prog, const struct diff_options *opt,
			    struct arena *arena, struct buf *report, size_t *inputs,
			    enum arch_id *first_arch)
{
	struct run r;
	memset(&r, 0, sizeof r);
	r.first_arch = ARCH_COUNT;
	r.c = c;
	r.o = o;
	r.prog = prog;
	r.opt = opt;
	r.report = report;
	r.big_endian = arch_get(c->target.native)->big_endian;
	struct arg_source s;
	arg_source_init(&s, c, o, arena);
	for (size_t i = 0; i < o->ncovered; i++)
		check_arch(&r, &s, o->covered[i]);
	check_foreign(&r, &s);
	if (inputs)
		*inputs += r.inputs;
	if (first_arch)
		*first_arch = r.first_arch;
	return r.mismatches;
}

size_t diff_compare_program(const struct model_case *c, const struct bpf_prog *prog,
			    const struct diff_options *opt, struct buf *report, size_t *inputs)
{
	struct arena arena;
	arena_init(&arena);
	struct oracle o;
	oracle_init(&o, c, &arena);
	size_t n = check_program(c, &o, prog, opt, &arena, report, inputs, NULL);
	arena_free(&arena);
	return n;
}

static int compile_case(const struct model_case *c, const char *json, bool verify,
			unsigned first_shape, struct arena *arena, struct diag *diag,
			struct compile_result *res)
{
	struct compile_options co;
	memset(&co, 0, sizeof co);
	co.verify = verify;
	co.first_shape = first_shape;
	co.select.target = arch_get(c->target.native);
	co.select.caps = c->target.caps;
	co.select.ncaps = c->target.ncaps;
	co.select.caps_given = c->target.caps_given;
	co.select.kernel_major = c->target.kernel_major;
	co.select.kernel_minor = c->target.kernel_minor;
	co.select.has_bad_arch = c->target.has_bad_arch;
	co.select.bad_arch_action = c->target.bad_arch;
	co.select.enosys_newer = c->target.enosys_newer;
	co.select.register_width = c->target.register_width;
	return compile_profile_text("case.json", json, strlen(json), &co, arena, diag, res);
}

/* The first error line of a diag. */
static void first_error(struct buf *b, const struct diag *d)
{
	const char *t = diag_text(d), *e = strstr(t, "error: ");
	const char *start = e ? e : t, *nl = strchr(start, '\n');
	buf_printf(b, "%.*s", (int)(nl ? nl - start : (ptrdiff_t)strlen(start)), start);
}

/* Refused only for its size: not a finding. */
static bool too_large(int status, const struct diag *d)
{
	return status == 1 && strstr(diag_text(d), "the kernel accepts at most 4096");
}

/* The same profile compiled from another rung of the shape ladder (one
 * chosen by the profile's text, so that a replay takes the same), which
 * small profiles reach only this way: its program must decide alike. */
static void check_other_shape(const struct model_case *c, const struct oracle *o,
			      const char *json, const struct diff_options *opt,
			      struct arena *arena, struct diff_result *res, struct buf *report)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (const char *p = json; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
	unsigned shape = 1 + (unsigned)(h % (compile_shape_count() - 1));
	struct diag d;
	diag_init(&d, "case.json");
	d.quiet_warnings = true;
	struct compile_result cr;
	int status = compile_case(c, json, true, shape, arena, &d, &cr);
	if (too_large(status, &d)) {
		/* nothing to compare */
	} else if (status != 0) {
		res->verdict = DIFF_REFUSED;
		res->status = status;
		buf_printf(report, "  from shape %u: refused with exit %d: ", shape, status);
		first_error(report, &d);
		buf_puts(report, "\n");
	} else {
		size_t n = check_program(c, o, &cr.prog, opt, arena, report, &res->inputs,
					 &res->first_arch);
		if (n) {
			res->mismatches = n;
			res->verdict = DIFF_WRONG;
			buf_printf(report, "  (the program from shape %u decides %zu inputs wrongly)\n",
				   shape, n);
		}
	}
	diag_fini(&d);
}

enum diff_verdict diff_check(const struct model_case *c, const struct diff_options *opt,
			     struct diff_result *res, struct buf *report)
{
	memset(res, 0, sizeof *res);
	res->first_arch = ARCH_COUNT;
	struct arena arena;
	arena_init(&arena);
	struct buf json;
	buf_init(&json);
	model_write_json(&c->profile, &json);
	struct diag diag;
	diag_init(&diag, "case.json");
	diag.quiet_warnings = true;
	struct compile_result cr;
	struct oracle o;
	oracle_init(&o, c, &arena);
	res->status = compile_case(c, json.data, true, 0, &arena, &diag, &cr);
	if (too_large(res->status, &diag)) {
		res->verdict = DIFF_TOO_LARGE;
	} else if (res->status != 0) {
		res->verdict = DIFF_REFUSED;
		buf_printf(report, "  refused with exit %d: ", res->status);
		first_error(report, &diag);
		buf_puts(report, "\n");
		/* What the unverified program gets wrong, to tell the bug apart. */
		struct diag d2;
		diag_init(&d2, "case.json");
		d2.quiet_warnings = true;
		if (compile_case(c, json.data, false, 0, &arena, &d2, &cr) == 0) {
			size_t before = report->len;
			res->hidden_mismatches = check_program(c, &o, &cr.prog, opt, &arena, report,
							       NULL, &res->first_arch);
			if (res->hidden_mismatches)
				buf_printf(report, "  (unverified, the program decides %zu inputs wrongly; "
					   "the first are above)\n", res->hidden_mismatches);
			else
				report->len = before, report->data[before] = '\0';
		}
		diag_fini(&d2);
	} else {
		res->insns = cr.prog.len;
		res->mismatches = check_program(c, &o, &cr.prog, opt, &arena, report,
						&res->inputs, &res->first_arch);
		res->verdict = res->mismatches ? DIFF_WRONG : DIFF_OK;
		if (opt->kernel && c->kernel_safe) {
			struct arg_source s;
			arg_source_init(&s, c, &o, &arena);
			kernel_check(c, &o, &s, &cr.prog, opt, res, report);
			if (res->kernel_mismatches)
				res->verdict = DIFF_WRONG;
		}
		if (res->verdict == DIFF_OK)
			check_other_shape(c, &o, json.data, opt, &arena, res, report);
	}
	diag_fini(&diag);
	buf_free(&json);
	arena_free(&arena);
	return res->verdict;
}
