/*
 * arch_host.h - syscall numbers from this machine's own kernel headers
 * (arch_host_*.c), for cross-checking the generated tables in test_arch.c.
 */
#ifndef SECCOMPC_TEST_ARCH_HOST_H
#define SECCOMPC_TEST_ARCH_HOST_H

#include <stddef.h>

struct host_nr {
	const char *name;
	long nr;
};

/* Each returns the count (0 when the host has no such header) and sets *out. */
size_t host_nrs_x86_64(const struct host_nr **out);
size_t host_nrs_x86(const struct host_nr **out);
size_t host_nrs_x32(const struct host_nr **out);

#endif
