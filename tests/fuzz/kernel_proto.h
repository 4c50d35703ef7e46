/*
 * kernel_proto.h - what the fuzzer (kernel.c) and fuzz-kernel-runner
 * (kernel_runner.c) say to each other through a pipe.
 *
 * The runner is a small program built without sanitizers: it forks cheaply
 * (a sanitized process copies a huge address space at every fork), and its
 * children run nothing under the filter but the syscalls asked for.
 *
 *   to the runner:   uint32_t len; struct sock_filter insns[len];
 *                    uint32_t n; struct kernel_input inputs[n];
 *   from the runner: struct kernel_outcome outcomes[n]
 *                    (or one outcome with index KERNEL_REFUSED: err says why
 *                    the kernel refused the filter)
 */
#ifndef SECCOMPC_FUZZ_KERNEL_PROTO_H
#define SECCOMPC_FUZZ_KERNEL_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#define KERNEL_MAX_INPUTS 64
#define KERNEL_REFUSED UINT32_MAX

struct kernel_input {
	uint32_t ia32;          /* made as x86 through int $0x80 (arguments cut to 32 bits) */
	uint32_t nr;
	uint64_t args[6];
};

struct kernel_outcome {
	uint32_t index;
	int32_t err;            /* errno when ret == -1 */
	int64_t ret;
	int32_t signal;         /* the signal that ended the child at this input, 0 if none */
	int32_t pad;
};

/* Reads up to n bytes (fewer at the end of the stream); returns how many. */
static inline size_t kernel_read(int fd, void *p, size_t n)
{
	char *c = p;
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, c + got, n - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return got;
}

/* Writes n bytes; false when the other side is gone. */
static inline bool kernel_write(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t w = write(fd, c, n);
		if (w <= 0)
			return false;
		c += w;
		n -= (size_t)w;
	}
	return true;
}

#endif
