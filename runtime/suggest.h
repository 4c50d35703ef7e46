/*
 * suggest.h - the JSON rule that would allow a denied call, for --report's
 * summary: found by adding it to the profile, resolving again with the same
 * selection and asking the new table, so a suggestion is never a guess.
 */
#ifndef SECCOMPC_SUGGEST_H
#define SECCOMPC_SUGGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "table.h"

/* One denied call: what seccomp_data said. */
struct denied_call {
	const char *name;         /* the syscall's name on its arch */
	uint32_t audit_arch, nr;
	uint64_t args[6];
};

/*
 * Writes into out a rule (JSON, one line) that, appended to the profile's
 * "syscalls", makes table `t` (resolved from t->profile with select) allow
 * every call of `calls`: ALLOW with the calls' values of the arguments the
 * profile checks for that syscall, one rule a distinct set of values, or,
 * when the profile checks none or those do not suffice, ALLOW for every
 * call. False when no added rule can: an unconditional rule of the profile
 * decides the syscall first (it is then *decider).
 */
bool suggest_allow_rule(const struct rule_table *t, const struct resolve_options *select,
			const struct denied_call *calls, size_t ncalls, char *out, size_t size,
			const struct prof_rule **decider);

#endif
