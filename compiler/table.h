/*
 * table.h - the resolved rule table: what a profile means on one target.
 *
 * resolve.c builds it from a struct profile and the selection options; the
 * planner, the code generator and the verifier read it. Per arch of the
 * target it lists the syscalls the profile decides, each with its rules in
 * evaluation order and with final SECCOMP_RET values, so that
 *
 *     decision(arch, nr, args) = table_decide(...)
 *
 * is the whole meaning of the filter. Memory belongs to the compile's arena.
 */
#ifndef SECCOMPC_TABLE_H
#define SECCOMPC_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/arch.h"
#include "profile.h"

/*
 * One argument comparison as the kernel will see it: it reads `bits` of the
 * argument (the low ones: 64, 32, 16 or 8), and the comparison is unsigned
 * on those bits alone; value and value_two are already cut to them.
 */
struct cond {
	uint8_t index;           /* 0..5 */
	uint8_t bits;            /* width compared: 64, 32, 16 or 8 */
	enum cmp_op op;
	uint64_t value;          /* for MASKED_EQ: the mask */
	uint64_t value_two;      /* for MASKED_EQ: the datum */
};

/* One rule of one syscall: when all conds hold, `action` applies. */
struct trule {
	uint32_t action;         /* SECCOMP_RET_* value with data */
	const struct cond *conds;
	size_t nconds;           /* 0: unconditional */
	const struct prof_rule *source;  /* the profile rule it came from */
};

/*
 * A syscall the profile decides. Rules are in evaluation order: the first
 * whose conditions all hold decides; none: the default action. An
 * unconditional rule, when present, is the only one. Conditional rules are
 * ordered most restrictive first, file order within a class.
 */
struct tsyscall {
	uint32_t nr;
	const char *name;
	const struct trule *rules;
	size_t nrules;
};

struct tarch {
	const struct arch_info *arch;
	const struct tsyscall *syscalls;  /* ordered by nr, unique */
	size_t nsyscalls;
	/* --enosys-newer: a number the table leaves to the default takes
	 * enosys_action, ERRNO(ENOSYS), instead when it is above enosys_above
	 * (the largest the profile names on this arch, as runc's stub), when it
	 * is a syscall newer than enosys_since (the latest age, as
	 * arch_syscall_since(), of the syscalls the profile names on this arch),
	 * and when it is 0 on s390 and s390x (their multiplexer for unknown
	 * numbers). */
	bool enosys;
	uint32_t enosys_above;
	unsigned enosys_since;
	uint32_t enosys_action;
};

/* A rule the table does not use because an unconditional rule for the same
 * syscall decides it (reported by lint). */
struct shadowed_rule {
	const char *name;
	const struct prof_rule *rule;
	const struct prof_rule *decider;
};

struct rule_table {
	const struct arch_info *target;   /* native arch of the target family */
	uint32_t default_action;          /* per target; errno names resolved on the native arch */
	uint32_t default_action_by_arch[ARCH_COUNT]; /* errno names resolved per arch */
	uint32_t bad_arch_action;         /* for seccomp_data.arch not in the filter */
	const struct tarch *arches;       /* native first, then the profile's order */
	size_t narches;
	const struct profile *profile;
	unsigned kernel_major, kernel_minor;  /* the version includes/excludes were matched against */
	const char *const *caps;          /* the capability set they were matched against */
	size_t ncaps;
	const struct shadowed_rule *shadowed;  /* on the native arch */
	size_t nshadowed;
};

/* Selection options: what a profile is resolved against. */
struct resolve_options {
	const struct arch_info *target;   /* NULL: the host */
	const char **caps;                /* capability names held */
	size_t ncaps;
	bool caps_given;                  /* false: Docker's default capability set */
	unsigned kernel_major, kernel_minor;  /* 0.0: the running kernel */
	uint32_t bad_arch_action;         /* 0 with !has_bad_arch: KILL_PROCESS */
	bool has_bad_arch;
	bool enosys_newer;                /* ERRNO(ENOSYS) above each arch's last named syscall
					     and for syscalls newer than the newest it names */
	bool register_width;              /* compare whole registers (64 bits, 32 on 32-bit
					   * arches and x32) as libseccomp does, not the bits
					   * the kernel reads */
};

/* The SECCOMP_RET value of a profile action on one arch (errnoRet, else the
 * errno name resolved there, else EPERM for ERRNO and TRACE); false when its
 * errno name is unknown on arch. */
bool prof_action_ret(const struct prof_action *pa, const struct arch_info *arch, uint32_t *ret);

/* Docker's default capability set, NULL-terminated. */
extern const char *const docker_default_caps[];

/*
 * Resolves `prof` for `opts`. Reports unknown names (warning, error under
 * strict), errnoRet and errno problems, conflicting rules (warnings) to diag.
 * Returns false on error.
 */
bool resolve_profile(const struct profile *prof, const struct resolve_options *opts,
		     struct arena *arena, struct diag *diag, struct rule_table *out);

/* Why a number the arch's table leaves to the default gets what it gets. */
enum default_why {
	DEFAULT_ACTION,         /* the default action */
	DEFAULT_ENOSYS_ABOVE,   /* --enosys-newer: above enosys_above */
	DEFAULT_ENOSYS_NEWER,   /* --enosys-newer: a syscall newer than enosys_since */
	DEFAULT_ENOSYS_ZERO,    /* --enosys-newer: 0 on s390 and s390x */
};

/* Which of those applies to nr on ta (see struct tarch; x86_64 numbers from
 * 2^30 up always take the default action, as runc's stub leaves them to the
 * filter). */
enum default_why table_default_why(const struct rule_table *t, const struct tarch *ta, uint32_t nr);

/* The action for a number the arch's table leaves to the default: the
 * default action, or with --enosys-newer ERRNO(ENOSYS) where
 * table_default_why() says so. It depends on nr only through nr > enosys_above,
 * nr == 0, nr >= 2^30, and which syscall of the arch nr is (its age);
 * meaning_table.c relies on that list. */
uint32_t table_default(const struct rule_table *t, const struct tarch *ta, uint32_t nr);

/* The last number of the run lo..hi that starts at lo on which
 * table_default() does not change (lo <= result <= hi): lets the planner
 * build its ranges from table_default() without knowing its rule. */
uint32_t table_default_run(const struct rule_table *t, const struct tarch *ta, uint32_t lo,
			   uint32_t hi);

/* The table's decision for one syscall on one arch (nr absent: table_default). */
uint32_t table_decide(const struct rule_table *t, const struct tarch *ta,
		      uint32_t nr, const uint64_t args[6]);

/*
 * The whole filter's meaning for one seccomp_data: picks the arch table from
 * the arch value (on x86_64, bit 30 of nr selects x32; without x32 in the
 * filter such numbers take the bad-arch action, except nr == -1, which takes
 * the default action) and decides as table_decide() does. Foreign arches get
 * bad_arch_action.
 */
uint32_t table_decide_raw(const struct rule_table *t, uint32_t audit_arch, uint32_t nr,
			  const uint64_t args[6]);

/* The arch table that decides (arch value, nr): the one of that arch value,
 * x32's on x86_64 for numbers from 2^30 up; NULL for a foreign arch value
 * or such a number on x86_64 without x32 in the filter (but nr == -1 is
 * then x86_64's). It depends on nr only through nr >= 2^30 and nr == -1. */
const struct tarch *table_deciding_arch(const struct rule_table *t, uint32_t audit_arch,
					uint32_t nr);

/* The rule that decides (arch value, nr, args), NULL when the default or the
 * bad-arch action does; *ta_out gets the arch table used (NULL: foreign). */
const struct trule *table_deciding_rule(const struct rule_table *t, uint32_t audit_arch,
					uint32_t nr, const uint64_t args[6],
					const struct tarch **ta_out);

/* Looks up the tarch of an arch in the table, NULL when not covered. */
const struct tarch *table_arch(const struct rule_table *t, enum arch_id id);

/* Looks up a syscall in a tarch, NULL when the profile does not decide it. */
const struct tsyscall *tarch_syscall(const struct tarch *ta, uint32_t nr);

/* Does one condition hold for the argument value `arg` (its bits above
 * c->bits are ignored, as the kernel ignores them)? */
bool cond_holds(const struct cond *c, uint64_t arg);

/* The mask of the low `bits` bits (bits 1..64). */
uint64_t width_mask(unsigned bits);

#endif
