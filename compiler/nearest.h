/*
 * nearest.h - "did you mean": the known name nearest to an unknown one, over
 * seccompc's own tables (syscalls of every arch, errnos of every errno
 * style) and over short lists (actions, operators, fields, flags, arches).
 * Each returns NULL when no known name is close enough to be a likely typo
 * (see struct nearest in editdist.h).
 */
#ifndef SECCOMPC_NEAREST_H
#define SECCOMPC_NEAREST_H

/* A syscall name some arch knows: "ptrce" -> "ptrace". */
const char *syscall_nearest(const char *name);

/* An errno name some arch knows: "EPREM" -> "EPERM". */
const char *errno_nearest(const char *name);

/* A name of the NULL-terminated list, all of which start with prefix ("" when
 * they share none). */
const char *list_nearest(const char *name, const char *const *list, const char *prefix);

#endif
