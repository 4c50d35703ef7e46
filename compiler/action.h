/*
 * action.h - seccomp actions as profiles name them and as the kernel returns them.
 *
 * A resolved action is the 32-bit SECCOMP_RET_* value a filter returns. The
 * kernel orders actions by restrictiveness through their signed value with the
 * data bits cleared; action_rank() exposes that order.
 */
#ifndef SECCOMPC_ACTION_H
#define SECCOMPC_ACTION_H

#include <stdbool.h>
#include <stdint.h>

enum action_kind {
	ACT_KILL_PROCESS,  /* most restrictive */
	ACT_KILL_THREAD,
	ACT_TRAP,
	ACT_ERRNO,
	ACT_NOTIFY,
	ACT_TRACE,
	ACT_LOG,
	ACT_ALLOW,         /* least restrictive */
	ACT_COUNT
};

#define RET_KILL_PROCESS 0x80000000u
#define RET_KILL_THREAD  0x00000000u
#define RET_TRAP         0x00030000u
#define RET_ERRNO        0x00050000u
#define RET_USER_NOTIF   0x7fc00000u
#define RET_TRACE        0x7ff00000u
#define RET_LOG          0x7ffc0000u
#define RET_ALLOW        0x7fff0000u
#define RET_ACTION_FULL  0xffff0000u
#define RET_DATA         0x0000ffffu

/* Kind of a SECCOMP_RET value (unknown actions count as KILL_PROCESS, as the kernel does). */
enum action_kind action_kind_of(uint32_t ret);

/* SECCOMP_RET value of kind with data (data is meaningful for ERRNO, TRACE, TRAP). */
uint32_t action_ret(enum action_kind kind, uint16_t data);

/* Smaller is more restrictive; equal means same class. */
int action_rank(uint32_t ret);

/* Profile spelling ("SCMP_ACT_ERRNO") to kind; false when unknown.
 * "SCMP_ACT_KILL" is KILL_THREAD, as libseccomp defines it. */
bool action_from_name(const char *name, enum action_kind *kind);

/* Canonical profile name of a kind: "SCMP_ACT_KILL_PROCESS". */
const char *action_kind_name(enum action_kind kind);

/* Short human spelling of a return value into buf: "ALLOW", "ERRNO(38)",
 * "KILL_PROCESS", "TRACE(5)"; returns buf. */
const char *action_describe(uint32_t ret, char *buf, unsigned size);

#endif
