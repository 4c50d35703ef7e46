/*
 * oracle.c - what a model profile means, read from docs/semantics.md (see
 * oracle.h). Each function cites the part of the document it implements.
 */
#include "oracle.h"

#include <stdlib.h>
#include <string.h>

#include "action.h"

/* "Go names: amd64, arm64, s390x, ppc64le, riscv64, mips64, mips64le, loong64":
 * the name includes/excludes.arches match against, per native arch. */
static const char *native_go_name(enum arch_id native)
{
	switch (native) {
	case ARCH_X86_64: return "amd64";
	case ARCH_AARCH64: return "arm64";
	case ARCH_RISCV64: return "riscv64";
	case ARCH_S390X: return "s390x";
	case ARCH_PPC64LE: return "ppc64le";
	case ARCH_PPC64: return "ppc64";
	case ARCH_MIPS64: return "mips64";
	case ARCH_MIPSEL64: return "mips64le";
	case ARCH_LOONGARCH64: return "loong64";
	default: return "";
	}
}

/* "A condition compares the argument as the kernel reads it: unsigned, on the
 * bits the syscall's kernel entry point reads of that register" (from the
 * generated table); "--arg-width register compares whole registers as
 * libseccomp does": 64 bits on 64-bit arches, "the low 32 bits on 32-bit
 * arches and x32". */
unsigned oracle_arg_bits(const struct oracle *o, const struct arch_info *arch, uint32_t nr,
			 unsigned index)
{
	if (o->t->register_width)
		return arch->is64 ? 64 : 32;   /* x32 is not is64: its registers count as 32 here */
	return arch_arg_bits(arch, nr, index);
}

/* "KILL_PROCESS > KILL_THREAD > TRAP > ERRNO > NOTIFY > TRACE > LOG > ALLOW":
 * smaller is more restrictive. */
static int restrictiveness(uint32_t ret)
{
	switch (ret & RET_ACTION_FULL) {
	case RET_KILL_PROCESS: return 0;
	case RET_KILL_THREAD: return 1;
	case RET_TRAP: return 2;
	case RET_ERRNO: return 3;
	case RET_USER_NOTIF: return 4;
	case RET_TRACE: return 5;
	case RET_LOG: return 6;
	case RET_ALLOW: return 7;
	default: return 0;
	}
}

/* "errnoRet gives the errno number; otherwise errno (a name) is resolved per
 * arch; otherwise EPERM. TRACE uses the same data." */
uint32_t oracle_verdict_ret(const struct model_verdict *v, const struct arch_info *arch)
{
	uint32_t data = 1;   /* EPERM */
	if (v->has_errno_ret) {
		data = v->errno_ret;
	} else if (v->errno_name) {
		int nr = arch_errno_nr(arch, v->errno_name);
		data = nr < 0 ? 1 : (uint32_t)nr;   /* the generator names errnos every arch has */
	}
	switch (v->action) {
	case MA_KILL:
	case MA_KILL_THREAD: return RET_KILL_THREAD;
	case MA_KILL_PROCESS: return RET_KILL_PROCESS;
	case MA_TRAP: return RET_TRAP;
	case MA_ERRNO: return RET_ERRNO | (data & RET_DATA);
	case MA_TRACE: return RET_TRACE | (data & RET_DATA);
	case MA_ALLOW: return RET_ALLOW;
	case MA_LOG: return RET_LOG;
	case MA_NOTIFY: return RET_USER_NOTIF;
	case MA_COUNT: break;
	}
	return RET_KILL_PROCESS;
}

static bool in_list(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

/* minKernel "MAJOR.MINOR[...]": "the two leading numbers count". */
static bool kernel_at_least(const struct model_target *t, const char *min)
{
	char *end;
	unsigned long major = strtoul(min, &end, 10);
	unsigned long minor = *end == '.' ? strtoul(end + 1, NULL, 10) : 0;
	if (t->kernel_major != major)
		return t->kernel_major > major;
	return t->kernel_minor >= minor;
}

/*
 * "includes: every condition given must hold — arches contains the target's
 * native arch, every cap of caps is in the capability set, the kernel is at
 * least minKernel. excludes: any condition given drops the rule."
 * semantics: an empty list is a condition not given (as moby tests len() > 0),
 * and minKernel "" means no minimum (docs/profile-format.md).
 */
static bool rule_applies(const struct oracle *o, const struct model_rule *r)
{
	const char *go = native_go_name(o->native->id);
	const char *const *caps = o->t->caps_given ? o->t->caps : model_docker_caps;
	size_t ncaps = o->t->caps_given ? o->t->ncaps : model_docker_ncaps;
	if (r->has_includes) {
		const struct model_filter *f = &r->includes;
		if (f->narches && !in_list(f->arches, f->narches, go))
			return false;
		for (size_t i = 0; i < f->ncaps; i++)
			if (!in_list(caps, ncaps, f->caps[i]))
				return false;
		if (f->min_kernel && f->min_kernel[0] && !kernel_at_least(o->t, f->min_kernel))
			return false;
	}
	if (r->has_excludes) {
		const struct model_filter *f = &r->excludes;
		if (f->narches && in_list(f->arches, f->narches, go))
			return false;
		for (size_t i = 0; i < f->ncaps; i++)
			if (in_list(caps, ncaps, f->caps[i]))
				return false;
		if (f->min_kernel && f->min_kernel[0] && kernel_at_least(o->t, f->min_kernel))
			return false;
	}
	return true;
}

static void cover(struct oracle *o, const char *scmp_name)
{
	const struct arch_info *a = arch_by_scmp_name(scmp_name);
	if (!a || a->native != o->native->id)
		return;                 /* "that belong to the target's family" */
	for (size_t i = 0; i < o->ncovered; i++)
		if (o->covered[i] == a)
			return;
	o->covered[o->ncovered++] = a;
}

/* "The filter always covers the native arch, then the sub-arches the profile
 * asks for that belong to the target's family: archMap: the subArchitectures
 * of the entry whose architecture is the native arch; architectures: the
 * listed arches of the target's family; neither: the native arch alone."
 * semantics: several archMap entries for the native arch all count. */
static void covered_arches(struct oracle *o)
{
	const struct model_profile *p = o->p;
	o->covered[o->ncovered++] = o->native;
	for (size_t i = 0; i < p->narch_map; i++)
		if (strcmp(p->arch_map[i].arch, o->native->scmp_name) == 0)
			for (size_t j = 0; j < p->arch_map[i].nsubs; j++)
				cover(o, p->arch_map[i].subs[j]);
	for (size_t i = 0; i < p->narchitectures; i++)
		cover(o, p->architectures[i]);
	for (size_t i = 0; i < o->ncovered; i++)
		if (o->covered[i]->id == ARCH_X32)
			o->x32_covered = true;
}

/* The number rule r's name k has on arch, -1 when the arch lacks it ("unknown
 * on some arches only: skipped there"; unknown everywhere: skipped). */
static int64_t name_nr(const struct oracle *o, size_t r, size_t k, const struct arch_info *arch)
{
	return o->name_nrs[arch->id][r][k];   /* looked up in oracle_init(): arch is covered */
}

/*
 * --enosys-newer: "Per arch of the filter, last is the largest number among
 * the names of the rules that apply, whatever their action, even rules
 * dropped because their action equals the default; names the arch lacks do
 * not count. newest is the latest age among the same names: the Linux release
 * that added each to that arch. No stub when the default action is ALLOW, LOG
 * or TRACE, or on an arch where the profile names no syscall (or only number
 * 0)."
 */
static void enosys_stubs(struct oracle *o)
{
	enum model_action d = o->p->default_verdict.action;
	bool permissive = d == MA_ALLOW || d == MA_LOG || d == MA_TRACE;
	for (size_t i = 0; i < o->ncovered; i++) {
		const struct arch_info *a = o->covered[i];
		for (size_t r = 0; r < o->p->nrules; r++) {
			if (!o->applies[r])
				continue;
			for (size_t k = 0; k < o->p->rules[r].nnames; k++) {
				int64_t nr = name_nr(o, r, k, a);
				if (nr < 0)
					continue;
				if (!o->has_last[a->id] || (uint32_t)nr > o->last[a->id])
					o->last[a->id] = (uint32_t)nr;
				unsigned since = arch_syscall_since(a, (uint32_t)nr);
				if (since > o->newest[a->id])
					o->newest[a->id] = since;
				o->has_last[a->id] = true;
			}
		}
		o->enosys[a->id] = o->t->enosys_newer && !permissive && o->has_last[a->id] &&
				   o->last[a->id] != 0;
	}
}

void oracle_init(struct oracle *o, const struct model_case *c, struct arena *arena)
{
	memset(o, 0, sizeof *o);
	o->p = &c->profile;
	o->t = &c->target;
	o->native = arch_get(c->target.native);
	covered_arches(o);
	o->applies = arena_calloc(arena, o->p->nrules + 1, sizeof *o->applies);
	o->name_ids = arena_calloc(arena, o->p->nrules + 1, sizeof *o->name_ids);
	for (size_t r = 0; r < o->p->nrules; r++) {
		const struct model_rule *rule = &o->p->rules[r];
		o->applies[r] = rule_applies(o, rule);
		o->name_ids[r] = arena_calloc(arena, rule->nnames + 1, sizeof **o->name_ids);
		for (size_t k = 0; k < rule->nnames; k++)
			o->name_ids[r][k] = syscall_name_id(rule->names[k]);
	}
	for (size_t i = 0; i < o->ncovered; i++) {
		const struct arch_info *a = o->covered[i];
		int64_t **nrs = arena_calloc(arena, o->p->nrules + 1, sizeof *nrs);
		for (size_t r = 0; r < o->p->nrules; r++) {
			nrs[r] = arena_calloc(arena, o->p->rules[r].nnames + 1, sizeof **nrs);
			for (size_t k = 0; k < o->p->rules[r].nnames; k++)
				nrs[r][k] = arch_syscall_nr_of(a, o->name_ids[r][k]);
		}
		o->name_nrs[a->id] = nrs;
		o->rule_rets[a->id] = arena_calloc(arena, o->p->nrules + 1, sizeof *o->rule_rets[a->id]);
		for (size_t r = 0; r < o->p->nrules; r++)
			o->rule_rets[a->id][r] = oracle_verdict_ret(&o->p->rules[r].verdict, a);
	}
	/* "defaultErrnoRet / defaultErrno likewise": per arch. */
	for (size_t i = 0; i < o->ncovered; i++)
		o->default_action[o->covered[i]->id] =
			oracle_verdict_ret(&o->p->default_verdict, o->covered[i]);
	enosys_stubs(o);
}

bool oracle_covers(const struct oracle *o, enum arch_id arch)
{
	for (size_t i = 0; i < o->ncovered; i++)
		if (o->covered[i]->id == arch)
			return true;
	return false;
}

/* "SCMP_CMP_MASKED_EQ is (arg & value) == (valueTwo & value) on those bits";
 * "Constants are cut to the width", mask bits above it dropped. */
static bool cond_holds(const struct model_cond *c, uint64_t arg, unsigned bits)
{
	uint64_t mask = bits >= 64 ? ~0ull : (1ull << bits) - 1;
	uint64_t a = arg & mask, v = c->value & mask, v2 = c->value_two & mask;
	switch (c->op) {
	case MO_NE: return a != v;
	case MO_LT: return a < v;
	case MO_LE: return a <= v;
	case MO_EQ: return a == v;
	case MO_GE: return a >= v;
	case MO_GT: return a > v;
	case MO_MASKED_EQ: return (a & v) == (v2 & v);
	case MO_COUNT: break;
	}
	return false;
}

/* "Within one rule, conditions are ANDed. If an argument index repeats inside
 * one rule, the rule becomes one single-condition rule per condition (ORed)." */
static bool rule_holds(const struct model_rule *r, const unsigned bits[6], const uint64_t args[6])
{
	bool seen[6] = { false }, repeated = false;
	for (size_t i = 0; i < r->nconds; i++) {
		unsigned idx = r->conds[i].index;
		if (idx < 6 && seen[idx])
			repeated = true;
		if (idx < 6)
			seen[idx] = true;
	}
	for (size_t i = 0; i < r->nconds; i++) {
		const struct model_cond *c = &r->conds[i];
		bool h = cond_holds(c, args[c->index], bits[c->index]);
		if (repeated && h)
			return true;
		if (!repeated && !h)
			return false;
	}
	return !repeated;
}

/* Does rule r name syscall nr on arch? */
static bool rule_names(const struct oracle *o, size_t r, const struct arch_info *arch, uint32_t nr)
{
	for (size_t k = 0; k < o->p->rules[r].nnames; k++)
		if (name_nr(o, r, k, arch) == (int64_t)nr)
			return true;
	return false;
}

static uint32_t decided(struct oracle_why *why, enum oracle_decider by, size_t rule,
			const struct arch_info *arch, uint32_t ret)
{
	if (why)
		*why = (struct oracle_why){ by, rule, arch };
	return ret;
}

uint32_t oracle_decide(const struct oracle *o, uint32_t audit_arch, uint32_t nr,
		       const uint64_t args[6], struct oracle_why *why)
{
	uint32_t bad_arch = o->t->has_bad_arch ? o->t->bad_arch : RET_KILL_PROCESS;
	const struct arch_info *a = NULL;
	for (size_t i = 0; i < o->ncovered && !a; i++)
		if (o->covered[i]->audit_arch == audit_arch && o->covered[i]->id != ARCH_X32)
			a = o->covered[i];
	if (!a)
		return decided(why, OD_BAD_ARCH, 0, NULL, bad_arch);
	/* "On x86_64, x32 shares the arch value of x86_64 and its numbers carry bit
	 * 30: numbers from 2^30 up are x32's when the filter covers x32; without
	 * x32 they get the bad-arch action, except nr == -1, which gets x86_64's
	 * default action" (and "-1 then keeps the default action" under
	 * --enosys-newer). */
	if (a->id == ARCH_X86_64 && nr >= 0x40000000u) {
		if (o->x32_covered)
			a = arch_get(ARCH_X32);
		else if (nr == 0xffffffffu)
			return decided(why, OD_DEFAULT, 0, a, o->default_action[a->id]);
		else
			return decided(why, OD_BAD_ARCH, 0, NULL, bad_arch);
	}
	uint32_t dflt = o->default_action[a->id];
	unsigned bits[6];     /* what each argument's conditions compare, once needed */
	bool have_bits = false;
	bool named = false, found = false;
	size_t best = 0;
	uint32_t best_ret = 0;
	/* Two passes over the rules that apply and name nr, in file order: the
	 * first for an unconditional rule, the second for the conditional ones. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t r = 0; r < o->p->nrules; r++) {
			const struct model_rule *rule = &o->p->rules[r];
			if (!o->applies[r] || !rule_names(o, r, a, nr))
				continue;
			named = true;
			uint32_t ret = o->rule_rets[a->id][r];
			/* "Rules whose action equals the default action (on that arch)
			 * are dropped." */
			if (ret == dflt)
				continue;
			/* "An unconditional rule decides the syscall outright; with
			 * several, the first in file order wins." */
			if (pass == 0 && rule->nconds == 0)
				return decided(why, OD_RULE, r, a, ret);
			if (pass == 0 || rule->nconds == 0)
				continue;
			for (unsigned i = 0; i < 6 && !have_bits; i++)
				bits[i] = oracle_arg_bits(o, a, nr, i);
			have_bits = true;
			if (!rule_holds(rule, bits, args))
				continue;
			/* "the most restrictive action wins; in one class the first in
			 * file order" */
			if (!found || restrictiveness(ret) < restrictiveness(best_ret)) {
				found = true;
				best = r;
				best_ret = ret;
			}
		}
	}
	if (found)
		return decided(why, OD_RULE, best, a, best_ret);
	/* "A number the profile leaves to the default action returns ERRNO(ENOSYS)
	 * (the arch's ENOSYS) instead when it is above last, or when it is a
	 * syscall of the arch added after newest, whatever its number. On s390
	 * and s390x, number 0 returns ENOSYS too." */
	if (!named && o->enosys[a->id] &&
	    (nr > o->last[a->id] || arch_syscall_since(a, nr) > o->newest[a->id] ||
	     (nr == 0 && (a->id == ARCH_S390 || a->id == ARCH_S390X))))
		return decided(why, OD_ENOSYS, 0, a, RET_ERRNO | (uint32_t)arch_errno_nr(a, "ENOSYS"));
	return decided(why, OD_DEFAULT, 0, a, dflt);
}
