/*
 * arch_host_x86_64.c - this machine's <asm/unistd_64.h> numbers for test_arch.c,
 * an independent source to cross-check the generated x86_64 table against.
 * One header a file: the headers define the same macro names.
 */
#include "arch_host.h"

#if defined(__x86_64__) && defined(__has_include)
#if __has_include(<asm/unistd_64.h>)

#include <asm/unistd_64.h>
#define HAVE_HOST_TABLE 1
#endif
#endif

#ifdef HAVE_HOST_TABLE
#define E(name) { #name, __NR_##name }
static const struct host_nr nrs[] = {
	E(read), E(write), E(close), E(mmap), E(mprotect), E(munmap), E(brk),
	E(rt_sigaction), E(rt_sigprocmask), E(ioctl), E(pread64), E(readv),
	E(writev), E(sched_yield), E(mremap), E(madvise), E(dup), E(nanosleep),
	E(getpid), E(sendfile), E(execve), E(exit), E(wait4), E(kill), E(fcntl),
	E(flock), E(fsync), E(getcwd), E(chdir), E(fchdir), E(mkdirat),
	E(unlinkat), E(renameat2), E(ptrace), E(setuid), E(setgid), E(clone),
	E(futex), E(epoll_ctl), E(openat), E(seccomp), E(bpf), E(execveat),
	E(statx), E(io_uring_setup), E(pidfd_open), E(clone3), E(close_range),
	E(openat2), E(faccessat2), E(landlock_restrict_self), E(memfd_secret),
	E(process_mrelease), E(futex_waitv), E(set_mempolicy_home_node),

	E(socket), E(connect), E(accept4), E(newfstatat), E(arch_prctl),
};
size_t host_nrs_x86_64(const struct host_nr **out)
{
	*out = nrs;
	return sizeof nrs / sizeof nrs[0];
}
#else
size_t host_nrs_x86_64(const struct host_nr **out)
{
	*out = NULL;
	return 0;
}
#endif
