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

enum default_why table_default_why(const struct rule_table *t, const struct tarch *ta, uint32_t nr)
{
	(void)t;
	if (!ta->enosys || (ta->arch->id == ARCH_X86_64 && nr >= X32_BIT))
		return DEFAULT_ACTION;
	if (nr > ta->enosys_above)
		return DEFAULT_ENOSYS_ABOVE;
	if (nr == 0 && (ta->arch->id == ARCH_S390X || ta->arch->id == ARCH_S390))
		return DEFAULT_ENOSYS_ZERO;
	if (arch_syscall_since(ta->arch, nr) > ta->enosys_since)
		return DEFAULT_ENOSYS_NEWER;
	return DEFAULT_ACTION;
}

uint32_t table_default(const struct rule_table *t, const struct tarch *ta, uint32_t nr)
{
	return table_default_why(t, ta, nr) == DEFAULT_ACTION ?
		t->default_action_by_arch[ta->arch->id] : ta->enosys_action;
}

/* The next number after `after` at which table_default_why() may change:
 * 1, the numbers around enosys_above and bit 30's boundaries, and each
 * syscall of the arch and the number after it (ages are per syscall). */
static uint64_t next_change(const struct tarch *ta, uint32_t after)
{
	uint64_t next = (uint64_t)UINT32_MAX + 1;
	const uint64_t fixed[] = { 1, (uint64_t)ta->enosys_above + 1, X32_BIT, 0x80000000u,
				   0xc0000000u };
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (fixed[i] > after && fixed[i] < next)
			next = fixed[i];
	const struct arch_info *a = ta->arch;
	size_t lo = 0, hi = a->nsyscalls;
	while (lo < hi) {     /* the first syscall number >= after */
		size_t mid = lo + (hi - lo) / 2;
		if (a->nrs[mid] < after)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < a->nsyscalls) {
		uint64_t n = a->nrs[lo] == after ? (uint64_t)after + 1 : a->nrs[lo];
		if (n < next)
			next = n;
	}
	return next;
}

uint32_t table_default_run(const struct rule_table *t, const struct tarch *ta, uint32_t lo,
			   uint32_t hi)
{
	uint32_t action = table_default(t, ta, lo);
	for (uint64_t at = next_change(ta, lo); at <= hi; at = next_change(ta, (uint32_t)at))
		if (table_default(t, ta, (uint32_t)at) != action)
			return (uint32_t)at - 1;
	return hi;
}

uint32_t table_decide(const struct rule_table *t, const struct tarch *ta, uint32_t nr,
		      const uint64_t args[6])
{
	const struct trule *r = first_holding(ta, nr, args);
	/* Where no rule of a decided syscall holds, table_default() gives the
	 * plain default: a decided syscall is named, so it is at most
	 * enosys_above and no newer than enosys_since (and none is 0 on s390). */
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
