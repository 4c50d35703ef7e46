/*
 * risky.h - the syscalls that open a way out of a container (or of a
 * sandboxed command) when a profile allows them outright: one list, read by
 * `seccompc lint` (it warns when a profile allows one) and by seccompc-exec
 * --learn (it marks one it learned and warns at the end).
 */
#ifndef SECCOMPC_RISKY_H
#define SECCOMPC_RISKY_H

#include <stddef.h>

struct risky_syscall {
	const char *name;
	const char *why;          /* what it does, a verb phrase: "controls other processes" */
	const char *cap;          /* the capability Docker grants it with, NULL: never */
};

/* Sorted by name. */
extern const struct risky_syscall risky_syscalls[];
extern const size_t risky_syscall_count;

/* Why `name` is risky, NULL when it is not on the list. */
const char *risky_syscall_why(const char *name);

#endif
