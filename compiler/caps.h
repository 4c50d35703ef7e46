/*
 * caps.h - Linux capabilities by name, and the one capability model seccompc
 * and seccompc-exec share: the set a profile's includes/excludes "caps" are
 * matched against.
 *
 *     --caps docker|none|all   the base set (default: docker, moby's default set)
 *     --cap NAME               adds NAME (repeatable)
 *     --drop-cap NAME          removes NAME (repeatable)
 *
 * The set is base - dropped + added, whatever the order of the options; a
 * capability both added and dropped is an error. Names are the kernel's
 * (CAP_CHOWN = 0 .. CAP_CHECKPOINT_RESTORE = 40, Linux 5.9), case-insensitive,
 * with or without "CAP_"; an unknown one is an error that names the nearest
 * known one. Selecting rules is all this does: no process gains or loses a
 * capability.
 */
#ifndef SECCOMPC_CAPS_H
#define SECCOMPC_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "table.h"

#define CAP_COUNT 41                     /* CAP_CHOWN .. CAP_CHECKPOINT_RESTORE */
#define CAP_SET_ALL ((UINT64_C(1) << CAP_COUNT) - 1)

/* The capability's number (0..40) for a name such as "CAP_SYS_PTRACE",
 * "sys_ptrace" or "Sys_Ptrace"; -1 when there is no such capability. */
int cap_by_name(const char *name);

/* "CAP_CHOWN" for 0; NULL out of range. */
const char *cap_name(int cap);

/* The known name nearest to `name` (edit distance on the canonical
 * spelling), or NULL when none is close enough to be a likely typo. */
const char *cap_nearest(const char *name);

/* moby's default capability set (oci/caps/defaults.go). */
uint64_t cap_set_docker(void);

/* The selection options, as parsed so far. `set` is always current. */
struct cap_options {
	uint64_t base, added, dropped;
	uint64_t set;
	bool given;              /* one of the options was given */
};

enum cap_option_kind { CAP_OPT_CAPS, CAP_OPT_ADD, CAP_OPT_DROP };

/* Docker's set, no option given. */
void cap_options_init(struct cap_options *o);

/*
 * Applies one option (--caps ARG, --cap ARG or --drop-cap ARG). False when
 * ARG is wrong, with a sentence in why that names the option and says what
 * was expected, e.g. "--cap CAP_SYS_PTRAC: no such capability; did you mean
 * CAP_SYS_PTRACE?" or "--drop-cap SYS_ADMIN: CAP_SYS_ADMIN is also added
 * with --cap".
 */
bool cap_options_apply(struct cap_options *o, enum cap_option_kind kind, const char *arg,
		       char *why, size_t size);

/* Points sel's capability list at `set`'s names in kernel order (kept in
 * names, CAP_COUNT entries) and marks it given. */
void cap_select(struct resolve_options *sel, uint64_t set, const char **names);

#endif
