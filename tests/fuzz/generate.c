/*
 * generate.c - random profiles for the differential fuzzer (see model.h).
 *
 * A case is a profile and a target drawn from one seed. The draws lean
 * toward what compilers get wrong: constants at word boundaries and their
 * neighbours, masks of every shape, conditions that are constant (LT 0,
 * GE 0, GT/LE at the maximum, a zero mask, constants wider than the
 * argument the kernel reads), repeated argument indexes, several rules on
 * the same syscalls, names some arches lack, includes/excludes,
 * archMap/architectures, every family, --enosys-newer, --arg-width and
 * capability sets.
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"

const char *const model_docker_caps[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
	"CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
	"CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
};
const size_t model_docker_ncaps = sizeof model_docker_caps / sizeof model_docker_caps[0];

const char *const model_harmless_syscalls[] = {
	"getpid", "getppid", "getuid", "getgid", "geteuid", "getegid", "gettid", "getpgrp",
	"getpgid", "getsid", "getpriority", "sched_yield", "umask", "sched_getscheduler",
	"sched_get_priority_max", "sched_get_priority_min", NULL,
};

static const char *const action_names[MA_COUNT] = {
	"SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_TRAP",
	"SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY",
};

static const char *const op_names[MO_COUNT] = {
	"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE",
	"SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ",
};

const char *model_action_name(enum model_action a)
{
	return (unsigned)a < MA_COUNT ? action_names[a] : "?";
}

const char *model_op_name(enum model_op op)
{
	return (unsigned)op < MO_COUNT ? op_names[op] : "?";
}

/* ---- randomness -------------------------------------------------------- */

struct rng {
	uint64_t state;
};

static uint64_t next(struct rng *r)   /* splitmix64 */
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static size_t below(struct rng *r, size_t n)
{
	return n ? (size_t)(next(r) % n) : 0;
}

static bool chance(struct rng *r, unsigned percent)
{
	return below(r, 100) < percent;
}

#define PICK(r, array) ((array)[below((r), sizeof(array) / sizeof((array)[0]))])

/* ---- constants --------------------------------------------------------- */

static const uint64_t edges[] = {
	0, 1, 2, 3, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000,
	0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff, 0xffffff9c,
	0x100000000, 0x100000001, 0x1ffffffff, 0xffffffff00000000ull, 0xffffffff80000000ull,
	0xffffffffffffff9cull, 0x7fffffffffffffffull, 0x8000000000000000ull,
	0x8000000000000001ull, 0xfffffffffffffffeull, ~0ull,
};

/* A datum: a word boundary or a neighbour, small, one bit, or anything. */
static uint64_t random_value(struct rng *r)
{
	switch (below(r, 10)) {
	case 0: case 1: case 2: case 3: return PICK(r, edges);
	case 4: case 5: return below(r, 64);
	case 6: return 1ull << below(r, 64);
	case 7: return (uint32_t)next(r);
	case 8: return next(r);
	default: return PICK(r, edges) + (uint64_t)below(r, 3) - 1;
	}
}

/* A mask: zero, one bit (low or high word), low-only, high-only, full, anything. */
static uint64_t random_mask(struct rng *r)
{
	static const uint64_t shapes[] = {
		0, 0xffffffff, 0xffff, 0xff00, 0xf, 0xffffffff00000000ull, 0xff00000000ull,
		0x8000000000000000ull, ~0ull, 0x80000001ull, 0x100000001ull, 0xc0000000c0000000ull,
	};
	switch (below(r, 6)) {
	case 0: return 1ull << below(r, 32);
	case 1: return 1ull << (32 + below(r, 32));
	case 2: case 3: return PICK(r, shapes);
	case 4: return next(r);
	default: return (uint32_t)next(r);
	}
}

/* A condition that holds always or never (or becomes so once its constant
 * is cut to a 32-bit argument): the triggers of issue 9. */
static void constant_condition(struct rng *r, struct model_cond *c)
{
	static const struct { enum model_op op; uint64_t value; } forms[] = {
		{ MO_LT, 0 }, { MO_GE, 0 }, { MO_GT, ~0ull }, { MO_LE, ~0ull },
		{ MO_GT, 0xffffffff }, { MO_LE, 0xffffffff }, { MO_MASKED_EQ, 0 },
		{ MO_EQ, 0x100000000ull }, { MO_LT, 0x100000000ull }, { MO_GE, 0x100000000ull },
		{ MO_NE, 0x100000000ull }, { MO_GT, 0xffffffff00000000ull },
		{ MO_MASKED_EQ, 0xffffffff00000000ull }, { MO_LE, 0xffffffff00000000ull },
	};
	size_t i = below(r, sizeof forms / sizeof forms[0]);
	c->op = forms[i].op;
	c->value = forms[i].value;
	if (c->op == MO_MASKED_EQ) {
		c->has_value_two = true;
		c->value_two = random_value(r);
	}
}

/* ---- names -------------------------------------------------------------- */

struct name_pool {
	const char **names;
	size_t n, cap;
};

static void pool_add(struct name_pool *p, const char *name)
{
	VEC_RESERVE(p->names, p->cap, p->n + 1);
	p->names[p->n++] = name;
}

/* A syscall name for the target: mostly the native arch's, else a sub-arch's
 * (unknown on some arches), the highest numbers of an arch, another family's
 * (skipped silently), or one no arch knows (a warning). */
static const char *random_name(struct rng *r, enum arch_id native, const struct name_pool *hot)
{
	const struct arch_info *members[4];
	size_t nm = arch_family(native, members, 4);
	if (hot->n && chance(r, hot->n <= 3 ? 80 : 45))
		return hot->names[below(r, hot->n)];
	unsigned roll = (unsigned)below(r, 100);
	const struct arch_info *a = members[0];
	if (roll < 25 && nm > 1)
		a = members[1 + below(r, nm - 1)];
	else if (roll < 30)
		a = arch_get((enum arch_id)below(r, ARCH_COUNT));
	else if (roll < 31)
		return chance(r, 50) ? "nosuch_syscall" : "open_by_handle_atx";
	size_t i = below(r, a->nsyscalls);
	if (roll >= 85)          /* the top of the table: --enosys-newer's last */
		i = a->nsyscalls - 1 - below(r, a->nsyscalls < 8 ? a->nsyscalls : 8);
	return syscall_names[a->ids_by_nr[i]];
}

/* ---- verdicts ----------------------------------------------------------- */

static const char *const errno_names[] = {
	"EPERM", "ENOENT", "ESRCH", "EACCES", "EXDEV", "EINVAL", "ENOSYS", "EAGAIN",
	"EDEADLK", "ENAMETOOLONG", "ELOOP", "ENOTSUP", "EOPNOTSUPP", "ETIMEDOUT",
};

/* An errno name every arch knows (its number differs between arches). */
static const char *random_errno_name(struct rng *r)
{
	for (;;) {
		const char *name = PICK(r, errno_names);
		bool everywhere = true;
		for (int a = 0; a < ARCH_COUNT && everywhere; a++)
			everywhere = arch_errno_nr(arch_get((enum arch_id)a), name) >= 0;
		if (everywhere)
			return name;
	}
}

static uint32_t random_errno_ret(struct rng *r, bool kernel_safe)
{
	static const uint32_t edges_ret[] = { 0, 1, 13, 38, 89, 4095, 4096, 65535 };
	if (kernel_safe)
		return 200 + (uint32_t)below(r, 50);
	return chance(r, 40) ? PICK(r, edges_ret) : 1 + (uint32_t)below(r, 40);
}

/* errnoRet, errno, both or neither for ERRNO and TRACE. */
static void random_errno(struct rng *r, struct model_verdict *v, bool kernel_safe)
{
	if (v->action != MA_ERRNO && v->action != MA_TRACE)
		return;
	unsigned roll = (unsigned)below(r, 10);
	if (kernel_safe)
		roll = roll < 7 ? 4 : 0;       /* errnoRet >= 200 (no errno a syscall gives) */
	if (roll >= 3 && roll < 9) {
		v->has_errno_ret = true;
		v->errno_ret = random_errno_ret(r, kernel_safe);
	}
	if (roll >= 7)
		v->errno_name = random_errno_name(r);
}

static struct model_verdict random_verdict(struct rng *r, bool is_default, bool kernel_safe)
{
	static const enum model_action rule_actions[] = {
		MA_ALLOW, MA_ALLOW, MA_ALLOW, MA_ERRNO, MA_ERRNO, MA_ERRNO, MA_KILL, MA_KILL_THREAD,
		MA_KILL_PROCESS, MA_TRAP, MA_TRACE, MA_LOG, MA_NOTIFY,
	};
	static const enum model_action default_actions[] = {
		MA_ERRNO, MA_ERRNO, MA_ERRNO, MA_ALLOW, MA_ALLOW, MA_KILL_PROCESS, MA_KILL,
		MA_KILL_THREAD, MA_TRAP, MA_LOG, MA_TRACE,
	};
	struct model_verdict v;
	memset(&v, 0, sizeof v);
	v.action = is_default ? PICK(r, default_actions) : PICK(r, rule_actions);
	random_errno(r, &v, kernel_safe);
	return v;
}

/* ---- rules -------------------------------------------------------------- */

static const char *const go_names[] = {
	"amd64", "arm64", "riscv64", "s390x", "ppc64le", "ppc64", "mips64", "mips64le",
	"loong64", "386", "x86", "arm", "s390", "ppc", "mips", "mipsle", "x32",
};

static const char *const cap_pool[] = {
	"CAP_SYS_ADMIN", "CAP_SYS_PTRACE", "CAP_SYS_BOOT", "CAP_SYSLOG", "CAP_NET_ADMIN",
	"CAP_CHOWN", "CAP_KILL", "CAP_NET_RAW", "CAP_SYS_CHROOT", "CAP_AUDIT_WRITE",
};

static const char *const kernels[] = {
	"3.10", "4.8", "4.14", "5.4", "5.10", "5.15", "6.1", "6.6", "6.18", "7.1",
};

static void random_filter(struct rng *r, struct model_filter *f, enum arch_id native,
			  struct arena *arena)
{
	memset(f, 0, sizeof *f);
	unsigned parts = (unsigned)below(r, 8);   /* 0: {}, which holds always (drops nothing) */
	if (parts & 1) {   /* sometimes [], which is no condition */
		f->narches = chance(r, 10) ? 0 : 1 + below(r, 3);
		f->arches = arena_calloc(arena, f->narches + 1, sizeof *f->arches);
		for (size_t i = 0; i < f->narches; i++)
			f->arches[i] = chance(r, 40) ? arch_get(native)->go_name : PICK(r, go_names);
	}
	if (parts & 2) {
		f->ncaps = chance(r, 10) ? 0 : 1 + below(r, 2);
		f->caps = arena_calloc(arena, f->ncaps + 1, sizeof *f->caps);
		for (size_t i = 0; i < f->ncaps; i++)
			f->caps[i] = PICK(r, cap_pool);
	}
	if (parts & 4)
		f->min_kernel = PICK(r, kernels);
}

/* Conditions: indexes lean to a few hot ones (rules overlap) and repeat in
 * some rules (the rule splits into single-condition rules). */
static void random_conds(struct rng *r, struct model_rule *rule, bool heavy, struct arena *arena)
{
	unsigned roll = (unsigned)below(r, 100);
	if (heavy)   /* argument-heavy profiles: conditions on every rule, often several */
		roll = 40 + roll * 60 / 100;
	size_t n = roll < 40 ? 0 : roll < 70 ? 1 : roll < 85 ? 2 : roll < 95 ? 3 : 4 + below(r, 4);
	rule->has_args = n > 0 || chance(r, 10);
	rule->nconds = n;
	rule->conds = arena_calloc(arena, n + 1, sizeof *rule->conds);
	bool repeat = chance(r, 15);
	for (size_t i = 0; i < n; i++) {
		struct model_cond *c = &rule->conds[i];
		c->index = chance(r, 60) ? (unsigned)below(r, 3) : (unsigned)below(r, 6);
		if (!repeat && i < 6) {        /* distinct indexes unless this rule repeats */
			bool clash = true;
			while (clash) {
				clash = false;
				for (size_t j = 0; j < i; j++)
					clash |= rule->conds[j].index == c->index;
				if (clash)
					c->index = (c->index + 1) % 6;
			}
		}
		if (chance(r, heavy ? 30 : 12)) {
			constant_condition(r, c);
			continue;
		}
		c->op = (enum model_op)below(r, MO_COUNT);
		if (c->op == MO_MASKED_EQ) {
			c->value = random_mask(r);
			c->has_value_two = chance(r, 90);
			c->value_two = c->has_value_two ? random_value(r) : 0;
		} else {
			c->value = random_value(r);
			c->has_value_two = chance(r, 8);   /* ignored, with a warning */
			c->value_two = c->has_value_two ? 1 + below(r, 100) : 0;
		}
	}
}

static void random_rule(struct rng *r, struct model_rule *rule, const struct model_case *c,
			const struct name_pool *hot, bool heavy, struct arena *arena)
{
	memset(rule, 0, sizeof *rule);
	rule->nnames = chance(r, 50) ? 1 : 2 + below(r, 5);
	rule->names = arena_calloc(arena, rule->nnames, sizeof *rule->names);
	for (size_t k = 0; k < rule->nnames; k++)
		rule->names[k] = c->kernel_safe ? model_harmless_syscalls[below(r, 16)] :
			random_name(r, c->target.native, hot);
	rule->old_name = rule->nnames == 1 && chance(r, 10);
	if (chance(r, 10))   /* the default's own verdict: the rule is dropped */
		rule->verdict = c->profile.default_verdict;
	else
		rule->verdict = random_verdict(r, false, c->kernel_safe);
	random_conds(r, rule, heavy, arena);
	rule->has_includes = chance(r, 12);
	if (rule->has_includes)
		random_filter(r, &rule->includes, c->target.native, arena);
	rule->has_excludes = chance(r, 8);
	if (rule->has_excludes)
		random_filter(r, &rule->excludes, c->target.native, arena);
}

/* ---- arches -------------------------------------------------------------- */

/* A few SCMP names: members of the family in random order, sometimes an arch
 * of another family (ignored). */
static const char **random_arch_list(struct rng *r, enum arch_id native, size_t *n,
				     struct arena *arena)
{
	const struct arch_info *members[4];
	size_t nm = arch_family(native, members, 4);
	const char **list = arena_calloc(arena, nm + 2, sizeof *list);
	size_t k = 0;
	for (size_t i = 0; i < nm; i++)
		if (chance(r, i == 0 ? 50 : 70))
			list[k++] = members[i]->scmp_name;
	for (size_t i = k; i > 1; i--) {
		size_t j = below(r, i);
		const char *t = list[i - 1];
		list[i - 1] = list[j];
		list[j] = t;
	}
	if (chance(r, 20))
		list[k++] = arch_get((enum arch_id)below(r, ARCH_COUNT))->scmp_name;
	*n = k;
	return list;
}

static void random_arches(struct rng *r, struct model_case *c, struct arena *arena)
{
	struct model_profile *p = &c->profile;
	unsigned roll = (unsigned)below(r, 100);
	if (roll < 30)
		return;
	if (roll < 65) {
		p->has_architectures = true;
		p->architectures = random_arch_list(r, c->target.native, &p->narchitectures, arena);
		return;
	}
	static const enum arch_id natives[] = {
		ARCH_X86_64, ARCH_AARCH64, ARCH_RISCV64, ARCH_S390X, ARCH_PPC64LE, ARCH_PPC64,
		ARCH_MIPS64, ARCH_MIPSEL64, ARCH_LOONGARCH64,
	};
	p->has_arch_map = true;
	p->has_architectures = chance(r, 10);     /* an empty one beside archMap is accepted */
	p->arch_map = arena_calloc(arena, 4, sizeof *p->arch_map);
	bool own = chance(r, 85);
	size_t others = below(r, 3);
	for (size_t i = 0; i < others + own; i++) {
		struct model_arch_map *m = &p->arch_map[p->narch_map++];
		enum arch_id a = i == 0 && own ? c->target.native : PICK(r, natives);
		m->arch = arch_get(a)->scmp_name;
		m->subs_null = chance(r, 10);
		if (!m->subs_null)
			m->subs = random_arch_list(r, a, &m->nsubs, arena);
	}
	for (size_t i = 0; own && i + 1 < p->narch_map; i++) {   /* native entry anywhere */
		if (!chance(r, 50))
			continue;
		struct model_arch_map t = p->arch_map[i];
		p->arch_map[i] = p->arch_map[i + 1];
		p->arch_map[i + 1] = t;
	}
	/* one entry for the native arch: several would leave "the entry" open */
	for (size_t i = own; i < p->narch_map; i++)
		if (strcmp(p->arch_map[i].arch, arch_get(c->target.native)->scmp_name) == 0 &&
		    (i != 0 || !own))
			p->arch_map[i].arch = arch_get(c->target.native == ARCH_X86_64 ?
						       ARCH_AARCH64 : ARCH_X86_64)->scmp_name;
}

/* ---- target -------------------------------------------------------------- */

static void random_target(struct rng *r, struct model_case *c, const struct model_gen_options *opt,
			  struct arena *arena)
{
	static const enum arch_id natives[] = {
		ARCH_X86_64, ARCH_AARCH64, ARCH_RISCV64, ARCH_S390X, ARCH_PPC64LE, ARCH_PPC64,
		ARCH_MIPS64, ARCH_MIPSEL64, ARCH_LOONGARCH64,
	};
	struct model_target *t = &c->target;
	t->native = opt->kernel_safe ? ARCH_X86_64 : opt->family >= 0 ?
		(enum arch_id)opt->family : PICK(r, natives);
	switch (below(r, 6)) {
	case 0:
		break;                                  /* Docker's set, not given */
	case 1:
		t->caps_given = true;                   /* --caps none */
		break;
	case 2:
	case 4:
		t->caps_given = true;                   /* --caps docker [--cap CAP_SYS_ADMIN] */
		t->caps = arena_calloc(arena, model_docker_ncaps + 1, sizeof *t->caps);
		memcpy(t->caps, model_docker_caps, model_docker_ncaps * sizeof *t->caps);
		t->ncaps = model_docker_ncaps;
		if (chance(r, 50))
			t->caps[t->ncaps++] = "CAP_SYS_ADMIN";
		break;
	default:
		t->caps_given = true;                   /* --cap A --cap B */
		t->ncaps = 1 + below(r, 3);
		t->caps = arena_calloc(arena, t->ncaps, sizeof *t->caps);
		for (size_t i = 0; i < t->ncaps; i++)
			t->caps[i] = i == 0 ? "CAP_SYS_ADMIN" : PICK(r, cap_pool);
		break;
	}
	char *end;
	const char *k = PICK(r, kernels);
	t->kernel_major = (unsigned)strtoul(k, &end, 10);
	t->kernel_minor = (unsigned)strtoul(end + 1, NULL, 10);
	if (chance(r, 40)) {
		static const uint32_t bad[] = {   /* what --bad-arch takes */
			0x80000000u, 0x00000000u, 0x00030000u, 0x00050026u, 0x00050001u,
			0x0005000du, 0x00050000u,
		};
		t->has_bad_arch = true;
		t->bad_arch = PICK(r, bad);
	}
	t->enosys_newer = chance(r, 40);
	t->register_width = chance(r, 15);
}

/* ---- the case ------------------------------------------------------------ */

/* Names several rules share, so that rules overlap on the same syscalls. */
static void hot_names(struct rng *r, const struct model_case *c, bool heavy,
		      struct name_pool *hot)
{
	struct name_pool none = { NULL, 0, 0 };
	size_t n = heavy ? 1 + below(r, 3) : 2 + below(r, 7);
	for (size_t i = 0; i < n; i++)
		pool_add(hot, random_name(r, c->target.native, &none));
}

/* The kernel-safe shape: the child must still report (write) and exit. */
static void kernel_safe_rules(struct model_case *c, struct arena *arena)
{
	struct model_rule *rule = &c->profile.rules[0];
	memset(rule, 0, sizeof *rule);
	static const char *const lifeline[] = { "write", "exit", "exit_group" };
	rule->names = arena_calloc(arena, 3, sizeof *rule->names);
	memcpy(rule->names, lifeline, sizeof lifeline);
	rule->nnames = 3;
	rule->verdict.action = MA_ALLOW;
}

/* Searched rules: many rules of one syscall comparing one or two argument
 * words with constants from one set (runs of neighbours, scattered 32-bit
 * values, 64-bit values sharing high words), so that a split has tens of
 * ranges and its search halves them at every bucket size of the shape
 * ladder. Appended to the profile's rules. */
static void searched_rules(struct rng *r, struct model_case *c, struct arena *arena)
{
	struct model_profile *p = &c->profile;
	size_t nvalues = 24 + below(r, 250), nrules = nvalues + below(r, nvalues / 2 + 1);
	uint64_t *values = arena_calloc(arena, nvalues, sizeof *values);
	uint64_t high = next(r) & 0xffffffff00000000ull;
	for (size_t i = 0; i < nvalues; i++) {
		switch (below(r, 4)) {
		case 0: values[i] = i ? values[i - 1] + 1 : below(r, 1000); break;
		case 1: values[i] = (uint32_t)next(r); break;
		case 2: values[i] = high | (uint32_t)next(r); break;
		default: values[i] = below(r, 4096); break;
		}
	}
	const char *name = c->kernel_safe ? model_harmless_syscalls[below(r, 16)] :
		random_name(r, c->target.native, &(struct name_pool){ NULL, 0, 0 });
	unsigned first = (unsigned)below(r, 6), second = (first + 1 + below(r, 5)) % 6;
	/* Most rules share one verdict, another than the default's (they would be dropped). */
	struct model_verdict usual = { .action = MA_ALLOW };
	for (int tries = 0; tries < 8 && usual.action == p->default_verdict.action; tries++)
		usual = random_verdict(r, false, c->kernel_safe);
	struct model_rule *rules = arena_calloc(arena, p->nrules + nrules + 1, sizeof *rules);
	memcpy(rules, p->rules, p->nrules * sizeof *rules);
	for (size_t i = 0; i < nrules; i++) {
		struct model_rule *rule = &rules[p->nrules + i];
		rule->names = arena_calloc(arena, 1, sizeof *rule->names);
		rule->names[0] = name;
		rule->nnames = 1;
		bool other = chance(r, 30);
		rule->verdict = other ? random_verdict(r, false, c->kernel_safe) : usual;
		rule->has_args = true;
		rule->nconds = chance(r, 25) ? 2 : 1;
		rule->conds = arena_calloc(arena, rule->nconds + 1, sizeof *rule->conds);
		for (size_t k = 0; k < rule->nconds; k++) {
			struct model_cond *cond = &rule->conds[k];
			cond->index = k ? second : first;
			/* Ranges of another verdict would shadow whole stretches of
			 * the values: those rules compare for equality only. */
			unsigned roll = other ? 0 : (unsigned)below(r, 100);
			cond->op = roll < 90 ? MO_EQ : roll < 94 ? MO_GE : roll < 97 ? MO_LT : MO_MASKED_EQ;
			cond->value = values[i < nvalues && !k ? i : below(r, nvalues)];
			if (cond->op == MO_MASKED_EQ) {
				cond->has_value_two = true;
				cond->value_two = cond->value & 0xff0;
				cond->value = 0xff0 | (cond->value & ~0xfffull);
			}
		}
	}
	p->rules = rules;
	p->nrules += nrules;
}

void model_generate(uint64_t seed, const struct model_gen_options *opt, struct arena *arena,
		    struct model_case *out)
{
	struct rng r = { seed * 0x2545f4914f6cdd1dull + 0x1234567 };
	memset(out, 0, sizeof *out);
	out->seed = seed;
	out->kernel_safe = opt->kernel_safe;
	random_target(&r, out, opt, arena);
	struct model_profile *p = &out->profile;
	p->default_verdict = random_verdict(&r, true, opt->kernel_safe);
	random_arches(&r, out, arena);
	unsigned roll = (unsigned)below(&r, 100);
	size_t n = roll < 5 ? 0 : roll < 85 ? 1 + below(&r, 12) : 12 + below(&r, 24);
	size_t first = opt->kernel_safe ? 1 : 0;
	p->nrules = n + first;
	p->rules = arena_calloc(arena, p->nrules + 1, sizeof *p->rules);
	if (opt->kernel_safe)
		kernel_safe_rules(out, arena);
	/* A third of the profiles are argument-heavy: conditional rules on a few
	 * syscalls, many constant conditions (what issue 9's bug needs). */
	bool heavy = chance(&r, 33);
	struct name_pool hot = { NULL, 0, 0 };
	hot_names(&r, out, heavy, &hot);
	for (size_t i = first; i < p->nrules; i++)
		random_rule(&r, &p->rules[i], out, &hot, heavy, arena);
	free(hot.names);
	/* Drawn last, so that the profiles of earlier seeds stay what they were. */
	if (chance(&r, 8))
		searched_rules(&r, out, arena);
}
