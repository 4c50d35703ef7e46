/*
 * testlib.h - helpers shared by the test suites: compile a profile held in a
 * string, and run one real syscall in a forked child under a real filter.
 */
#ifndef SECCOMPC_TESTLIB_H
#define SECCOMPC_TESTLIB_H

#include <stdbool.h>
#include <stdint.h>

#include "compile.h"

/* Compiles JSON text for `target` (NULL: host) with default selection and
 * verification on. Returns compile_profile_text()'s status; messages in diag. */
int test_compile(const char *json, const char *target, struct arena *arena,
		 struct diag *diag, struct compile_result *out);

/* What a child saw when it made one syscall under a filter. */
struct child_outcome {
	bool installed;     /* the kernel accepted the filter */
	bool exited;        /* the child returned from the syscall and exited */
	long ret;           /* the syscall's return value */
	int err;            /* errno when ret == -1 */
	int signal;         /* the signal that ended the child, when !exited */
};

/* Forks; the child sets no_new_privs, installs prog, calls syscall(nr, args...)
 * and reports. prog NULL: no filter (what the kernel alone answers). */
struct child_outcome run_syscall_filtered(const struct bpf_prog *prog, long nr,
					  const uint64_t args[6]);

/*
 * x86 (i386) syscalls from this x86_64 process: `int $0x80` enters the
 * kernel's ia32 path, so a filter sees AUDIT_ARCH_I386 and x86's numbers.
 * ia32_syscall() returns what the kernel put in eax (-errno on failure);
 * arguments are 32-bit. ia32_available() says whether the kernel has ia32
 * emulation (a child tries it); when not, it says on stderr that `test`
 * has nothing to check. Both exist on x86_64 hosts only.
 */
#if defined(__x86_64__)
long ia32_syscall(long nr, uint32_t a, uint32_t b, uint32_t c);
/* The same with all six arguments (ebx, ecx, edx, esi, edi, ebp). */
long ia32_syscall6(long nr, const uint32_t args[6]);
bool ia32_available(const char *test);
/* run_syscall_filtered() with the syscall made through int $0x80 (the six
 * arguments cut to 32 bits). */
struct child_outcome run_ia32_syscall_filtered(const struct bpf_prog *prog, long nr,
					       const uint64_t args[6]);
#endif

#endif
