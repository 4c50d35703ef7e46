/*
 * testlib.c - test helpers (see testlib.h).
 */
#include "testlib.h"
#include "ia32_syscall.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int test_compile(const char *json, const char *target, struct arena *arena,
		 struct diag *diag, struct compile_result *out)
{
	struct compile_options co;
	memset(&co, 0, sizeof co);
	co.verify = true;
	if (target)
		co.select.target = arch_by_name(target);
	return compile_profile_text("test.json", json, strlen(json), &co, arena, diag, out);
}

#if defined(__x86_64__)
long ia32_syscall(long nr, uint32_t a, uint32_t b, uint32_t c)
{
	return ia32_syscall_raw(nr, a, b, c);
}

long ia32_syscall6(long nr, const uint32_t args[6])
{
	long ret;
	/* ebp may be the frame pointer: it holds the sixth argument only across
	 * the int $0x80, swapped in and out through r12. */
	register unsigned long sixth __asm__("r12") = args[5];
	__asm__ volatile("xchg %%r12, %%rbp\n\t"
			 "int $0x80\n\t"
			 "xchg %%r12, %%rbp"
			 : "=a"(ret), "+r"(sixth)
			 : "a"(nr), "b"((unsigned long)args[0]), "c"((unsigned long)args[1]),
			   "d"((unsigned long)args[2]), "S"((unsigned long)args[3]),
			   "D"((unsigned long)args[4])
			 : "memory");
	return ret;
}

bool ia32_available(const char *test)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(ia32_syscall(20 /* x86 getpid */, 0, 0, 0) == getpid() ? 0 : 1);
	int status = 0;
	bool ok = pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		  WEXITSTATUS(status) == 0;
	if (!ok)
		fprintf(stderr, "%s: this kernel has no ia32 emulation; nothing to check\n", test);
	return ok;
}
#endif

struct report {
	int installed;
	long ret;
	int err;
};

/* The child's syscall: the native one, or with ia32 through int $0x80. */
static long child_syscall(long nr, const uint64_t args[6], bool ia32)
{
#if defined(__x86_64__)
	if (ia32) {
		const uint32_t a[6] = { (uint32_t)args[0], (uint32_t)args[1], (uint32_t)args[2],
					(uint32_t)args[3], (uint32_t)args[4], (uint32_t)args[5] };
		long ret = ia32_syscall6(nr, a);
		if (ret < 0 && ret > -4096) {
			errno = (int)-ret;
			return -1;
		}
		return ret;
	}
#else
	(void)ia32;
#endif
	return syscall(nr, args[0], args[1], args[2], args[3], args[4], args[5]);
}

static struct child_outcome run_filtered(const struct bpf_prog *prog, long nr,
					 const uint64_t args[6], bool ia32)
{
	struct child_outcome o;
	memset(&o, 0, sizeof o);
	int fds[2];
	if (pipe(fds) != 0)
		return o;
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		struct report r = { 0, 0, 0 };
		struct sock_fprog fp = { .len = prog ? (unsigned short)prog->len : 0,
					 .filter = prog ? prog->insns : NULL };
		if (prog && (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
			     syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp) != 0)) {
			r.err = errno;
			(void)!write(fds[1], &r, sizeof r);
			_exit(0);
		}
		r.installed = 1;
		/* Tell the parent the filter is in before the syscall might kill us. */
		(void)!write(fds[1], &r, sizeof r);
		errno = 0;
		r.ret = child_syscall(nr, args, ia32);
		r.err = r.ret == -1 ? errno : 0;
		(void)!write(fds[1], &r, sizeof r);
		_exit(0);
	}
	close(fds[1]);
	struct report first = { 0, 0, 0 }, second = { 0, 0, 0 };
	bool got_first = read(fds[0], &first, sizeof first) == (ssize_t)sizeof first;
	bool got_second = read(fds[0], &second, sizeof second) == (ssize_t)sizeof second;
	close(fds[0]);
	int status = 0;
	waitpid(pid, &status, 0);
	o.installed = got_first && first.installed;
	if (!o.installed) {
		o.err = first.err;
		return o;
	}
	if (WIFSIGNALED(status)) {
		o.signal = WTERMSIG(status);
		return o;
	}
	o.exited = got_second;
	o.ret = second.ret;
	o.err = second.err;
	return o;
}

struct child_outcome run_syscall_filtered(const struct bpf_prog *prog, long nr,
					  const uint64_t args[6])
{
	return run_filtered(prog, nr, args, false);
}

#if defined(__x86_64__)
struct child_outcome run_ia32_syscall_filtered(const struct bpf_prog *prog, long nr,
					       const uint64_t args[6])
{
	return run_filtered(prog, nr, args, true);
}
#endif
