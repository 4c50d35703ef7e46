/*
 * notified.h - what the launcher may know about a call the filter sent to
 * its listener, shared by --report and --learn: the calling process's name
 * and memory, trusted only while the notification is still pending (after
 * that the pid may be another process), and whether the profile's answer is
 * an expected fallback (a newer syscall answered ENOSYS that the C library
 * replaces by an older one).
 */
#ifndef SECCOMPC_NOTIFIED_H
#define SECCOMPC_NOTIFIED_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "arch/arch.h"

/* The process behind one pending notification. */
struct caller {
	pid_t pid;
	int listener;
	uint64_t id;
};

/* Reads size bytes at addr of the caller into buf (a decode_read_fn); the
 * number read, or -1 (unreadable, or the notification is no longer valid). */
ssize_t caller_read(void *ctx, uint64_t addr, void *buf, size_t size);

/* The caller's name (/proc/PID/comm), escaped as text_escape() does; "?"
 * when unknown or no longer valid. */
void caller_comm(const struct caller *c, char *out, size_t size);

/* For an expected fallback (the profile answers `action`, ERRNO(ENOSYS) on
 * that arch, to a syscall the C library then replaces), the call it falls
 * back to ("clone" for clone3); else NULL. */
const char *expected_fallback(const char *name, uint32_t action, const struct arch_info *arch);

#endif
