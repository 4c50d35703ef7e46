/*
 * table.c - what a resolved rule table decides (see table.h).
 *
 * This is the reference meaning of a filter: the verifier compares the
 * generated program against these functions, so they stay simple and
 * independent of the planner and the code generator.
 */
#include "table.h"

#define X32_BIT 0x40000000u

uint64_t width_mask(unsigned bits)
{
	return bits >= 64 ? ~0ull : (1ull << bits) - 1;
}

bool cond_holds(const struct cond *c, uint64_t arg)
{
	uint64_t a = arg & width_mask(c->bits);
	switch (c->op) {
	case CMP_NE: return a != c->value;
	case CMP_LT: return a < c->value;
	case CMP_LE: return a <= c->value;
	case CMP_EQ: return a == c->value;
	case CMP_GE: return a >= c->value;
	case CMP_GT: return a > c->value;
	case CMP_MASKED_EQ: return (a & c->value) == (c->value_two & c->value);
	default: return false;
	}
}

const struct tsyscall *tarch_syscall(const struct tarch *ta, uint32_t nr)
{
	size_t lo = 0, hi = ta->nsyscalls;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ta->syscalls[mid].nr == nr)
			return &ta->syscalls[mid];
		if (ta->syscalls[mid].nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct tarch *table_arch(const struct rule_table *t, enum arch_id id)
{
	for (size_t i = 0; i < t->narches; i++)
		if (t->arches[i].arch->id == id)
			return &t->arches[i];
	return NULL;
}

/* The first rule of nr whose conditions all hold, or NULL. */
static const struct trule *first_holding(const struct tarch *ta, uint32_t nr, const uint64_t args[6])
{
	const struct tsyscall *s = tarch_syscall(ta, nr);
	for (size_t i = 0; s && i < s->nrules; i++) {
		const struct trule *r = &s->rules[i];
		size_t k = 0;
		while (k < r->nconds && cond_holds(&r->conds[k], args[r->conds[k].index]))
			k++;
		if (k == r->nconds)
			return r;
	}
	return NULL;
}

uint32_t table_default(const struct rule_table *t, const struct tarch *ta, uint32_t nr)
{
	uint32_t dflt = t->default_action_by_arch[ta->arch->id];
	if (!ta->enosys || (ta->arch->id == ARCH_X86_64 && nr >= X32_BIT))
		return dflt;
	if (nr > ta->enosys_above)
		return ta->enosys_action;
	if (nr == 0 && (ta->arch->id == ARCH_S390X || ta->arch->id == ARCH_S390))
		return ta->enosys_action;
	return dflt;
}

uint32_t table_decide(const struct rule_table *t, const struct tarch *ta, uint32_t nr,
		      const uint64_t args[6])
{
	const struct trule *r = first_holding(ta, nr, args);
	/* The syscalls the table decides are at most enosys_above (and none is
	 * 0 on s390), so where no rule holds the default is the plain one. */
	return r ? r->action : table_default(t, ta, nr);
}

const struct tarch *table_deciding_arch(const struct rule_table *t, uint32_t audit_arch,
					uint32_t nr)
{
	const struct tarch *match = NULL;
	for (size_t i = 0; i < t->narches && !match; i++) {
		const struct tarch *ta = &t->arches[i];
		if (ta->arch->audit_arch != audit_arch)
			continue;
		/* Numbers from 2^30 up are x32's (they carry bit 30; above 2^31 no
		 * syscall lives). Without x32 in the filter they are a foreign
		 * arch's, as libseccomp has it, but nr -1 (a tracer's skipped
		 * syscall) is x86_64's and takes its default. */
		if (ta->arch->id == ARCH_X32 && nr < X32_BIT)
			continue;
		if (ta->arch->id == ARCH_X86_64 && nr >= X32_BIT &&
		    (nr != 0xffffffffu || table_arch(t, ARCH_X32)))
			continue;
		match = ta;
	}
	return match;
}

const struct trule *table_deciding_rule(const struct rule_table *t, uint32_t audit_arch,
					uint32_t nr, const uint64_t args[6],
					const struct tarch **ta_out)
{
	const struct tarch *ta = table_deciding_arch(t, audit_arch, nr);
	*ta_out = ta;
	return ta ? first_holding(ta, nr, args) : NULL;
}

uint32_t table_decide_raw(const struct rule_table *t, uint32_t audit_arch, uint32_t nr,
			  const uint64_t args[6])
{
	const struct tarch *match = table_deciding_arch(t, audit_arch, nr);
	return match ? table_decide(t, match, nr, args) : t->bad_arch_action;
}
