/*
 * ia32_syscall.h - an x86 (i386) syscall made from an x86_64 process
 * through `int $0x80`: the kernel's ia32 entry, so a filter sees
 * AUDIT_ARCH_I386 and x86's numbers; three 32-bit arguments (ebx, ecx,
 * edx). Header-only, so that testlib and the probe program (built without
 * sanitizers, linked with nothing) share it. x86_64 hosts only.
 */
#ifndef SECCOMPC_IA32_SYSCALL_H
#define SECCOMPC_IA32_SYSCALL_H

#if defined(__x86_64__)
#include <errno.h>
#include <stdint.h>

/* What the kernel put in eax: the result, or -errno. */
static inline long ia32_syscall_raw(long nr, uint32_t a, uint32_t b, uint32_t c)
{
	long ret;
	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"((unsigned long)a), "c"((unsigned long)b), "d"((unsigned long)c)
			 : "memory");
	return ret;
}

/* The same as syscall(2) returns it: -1 with errno set on failure. */
static inline long ia32_syscall_errno(long nr, uint32_t a, uint32_t b, uint32_t c)
{
	long ret = ia32_syscall_raw(nr, a, b, c);
	if (ret < 0 && ret > -4096) {
		errno = (int)-ret;
		return -1;
	}
	return ret;
}
#endif

#endif
