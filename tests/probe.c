/*
 * probe.c - makes raw syscalls and prints what came back, so tests can run
 * it under seccompc-exec:
 *
 *     probe [--ia32] NR [ARG]... [-- NR [ARG]...]...  ->  "ret R errno E", one line a call
 *
 * --ia32 (x86_64 only): the calls go through `int $0x80`, so the filter sees
 * AUDIT_ARCH_I386 and x86's numbers; up to 3 arguments (ebx, ecx, edx).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ia32_syscall.h"

/* The call; -1 with errno set on failure. */
static long call(bool ia32, long nr, const unsigned long a[6])
{
#if defined(__x86_64__)
	if (ia32)
		return ia32_syscall_errno(nr, (uint32_t)a[0], (uint32_t)a[1], (uint32_t)a[2]);
#else
	(void)ia32;
#endif
	return syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

int main(int argc, char **argv)
{
	bool ia32 = argc > 1 && strcmp(argv[1], "--ia32") == 0;
#if !defined(__x86_64__)
	if (ia32) {
		fprintf(stderr, "probe: --ia32 needs an x86_64 host\n");
		return 2;
	}
#endif
	int first = ia32 ? 2 : 1;
	if (argc <= first) {
		fprintf(stderr, "usage: probe [--ia32] NR [ARG]... [-- NR [ARG]...]...\n");
		return 2;
	}
	for (int i = first; i < argc;) {
		int end = i;
		while (end < argc && strcmp(argv[end], "--") != 0)
			end++;
		if (end == i || end - i > (ia32 ? 4 : 7)) {
			fprintf(stderr, "probe: a call is NR and up to %d arguments\n", ia32 ? 3 : 6);
			return 2;
		}
		long nr = strtol(argv[i], NULL, 0);
		unsigned long a[6] = { 0 };
		for (int k = i + 1; k < end; k++)
			a[k - i - 1] = strtoul(argv[k], NULL, 0);
		errno = 0;
		long r = call(ia32, nr, a);
		printf("ret %ld errno %d\n", r, r == -1 ? errno : 0);
		i = end + 1;
	}
	return 0;
}
