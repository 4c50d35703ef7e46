/*
 * oracle.h - a second, independent reading of docs/semantics.md: the
 * SECCOMP_RET value a model profile (model.h) means for one seccomp_data.
 *
 * It evaluates the model directly, rule by rule in file order, and shares no
 * code with parse.c, resolve.c, table.c, plan.c, codegen.c, verify.c or
 * probe.c; only the tables of compiler/arch/ (syscall numbers, their ages
 * and argument widths, errnos) and the SECCOMP_RET constants of action.h. Where the document leaves a point open,
 * the choice is written at the place it is made ("semantics:").
 */
#ifndef SECCOMPC_FUZZ_ORACLE_H
#define SECCOMPC_FUZZ_ORACLE_H

#include "model.h"

/* What decided an input. */
enum oracle_decider {
	OD_BAD_ARCH,        /* seccomp_data.arch not covered (or x86_64 bit 30 without x32) */
	OD_DEFAULT,         /* no rule holds */
	OD_ENOSYS,          /* --enosys-newer: above the arch's last named syscall, or newer */
	OD_RULE,            /* rule `rule` of the profile */
};

struct oracle_why {
	enum oracle_decider by;
	size_t rule;                     /* OD_RULE: index in syscalls[] */
	const struct arch_info *arch;    /* the arch table used, NULL for OD_BAD_ARCH */
};

struct oracle {
	const struct model_profile *p;
	const struct model_target *t;
	const struct arch_info *native;
	const struct arch_info *covered[ARCH_COUNT];
	size_t ncovered;
	bool x32_covered;
	bool *applies;                   /* per rule: includes/excludes met */
	int **name_ids;                  /* per rule, per name: index in syscall_names[], -1 */
	int64_t **name_nrs[ARCH_COUNT];  /* per covered arch, rule, name: its number, -1 */
	uint32_t *rule_rets[ARCH_COUNT]; /* per covered arch, rule: its action's value */
	uint32_t default_action[ARCH_COUNT];
	bool enosys[ARCH_COUNT];         /* --enosys-newer answers on this arch */
	uint32_t last[ARCH_COUNT];       /* largest number the applying rules name */
	unsigned newest[ARCH_COUNT];     /* latest age of those names (arch_syscall_since) */
	bool has_last[ARCH_COUNT];
};

/* Prepares the evaluation of c's profile for c's target. */
void oracle_init(struct oracle *o, const struct model_case *c, struct arena *arena);

/* The action the profile means for (arch value, nr, args); why may be NULL. */
uint32_t oracle_decide(const struct oracle *o, uint32_t audit_arch, uint32_t nr,
		       const uint64_t args[6], struct oracle_why *why);

/*
 * How many low bits of argument `index` of syscall `nr` on `arch` a condition
 * compares: THE one place the argument width is decided. "A condition compares
 * the argument as the kernel reads it" (the generated table, arch_arg_bits());
 * with --arg-width register, whole registers as libseccomp compares them: 64
 * bits on 64-bit arches, 32 on 32-bit arches and x32.
 */
unsigned oracle_arg_bits(const struct oracle *o, const struct arch_info *arch, uint32_t nr,
			 unsigned index);

/* Is arch covered by the filter? */
bool oracle_covers(const struct oracle *o, enum arch_id arch);

/* The SECCOMP_RET value of a rule's verdict on arch (errno names resolved there). */
uint32_t oracle_verdict_ret(const struct model_verdict *v, const struct arch_info *arch);

#endif
