/*
 * kernel_runner.c - fuzz-kernel-runner: installs one filter in a child and
 * makes the syscalls it is given there, natively or as x86 through int
 * $0x80, reporting what each did; a fresh child after each one that ends
 * the child (SIGSYS). Protocol: kernel_proto.h (stdin in, stdout out).
 * Exit status 0 when all inputs were run, 1 otherwise.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kernel_proto.h"

#if defined(__x86_64__)
/* An x86 syscall with all six arguments (ebx ecx edx esi edi ebp), each
 * zero-extended from 32 bits; the red zone is stepped over before rbp is
 * saved on the stack. */
static long ia32_syscall6(uint32_t nr, const uint64_t a[6])
{
	long ret;
	register uint64_t r8 __asm__("r8") = (uint32_t)a[5];
	__asm__ volatile("sub $128, %%rsp\n\t"
			 "push %%rbp\n\t"
			 "mov %%r8d, %%ebp\n\t"
			 "int $0x80\n\t"
			 "pop %%rbp\n\t"
			 "add $128, %%rsp"
			 : "=a"(ret)
			 : "a"((uint64_t)nr), "b"((uint64_t)(uint32_t)a[0]),
			   "c"((uint64_t)(uint32_t)a[1]), "d"((uint64_t)(uint32_t)a[2]),
			   "S"((uint64_t)(uint32_t)a[3]), "D"((uint64_t)(uint32_t)a[4]), "r"(r8)
			 : "memory", "cc");
	return ret;
}
#endif

static bool read_all(int fd, void *p, size_t n)
{
	return kernel_read(fd, p, n) == n;
}

static void write_all(int fd, const void *p, size_t n)
{
	if (!kernel_write(fd, p, n))
		_exit(3);
}

/* The child: install the filter, make inputs[from..], report each, exit. */
static void child(const struct sock_fprog *fp, const struct kernel_input *in, uint32_t n,
		  uint32_t from, int fd)
{
	struct rlimit no_core = { 0, 0 };
	setrlimit(RLIMIT_CORE, &no_core);
	struct kernel_outcome ok = { KERNEL_REFUSED, 0, 0, 0, 0 };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, fp) != 0) {
		ok.err = errno;
		write_all(fd, &ok, sizeof ok);
		_exit(1);
	}
	write_all(fd, &ok, sizeof ok);
	for (uint32_t i = from; i < n; i++) {
		struct kernel_outcome o = { i, 0, 0, 0, 0 };
		const uint64_t *a = in[i].args;
		long ret;
#if defined(__x86_64__)
		if (in[i].ia32) {
			ret = ia32_syscall6(in[i].nr, a);
			if (ret < 0 && ret > -4096) {
				o.err = (int32_t)-ret;
				ret = -1;
			}
		} else
#endif
		{
			errno = 0;
			ret = syscall((long)in[i].nr, a[0], a[1], a[2], a[3], a[4], a[5]);
			o.err = ret == -1 ? errno : 0;
		}
		o.ret = ret;
		write_all(fd, &o, sizeof o);
	}
	_exit(0);
}

int main(void)
{
	static struct sock_filter insns[BPF_MAXINSNS];
	static struct kernel_input in[KERNEL_MAX_INPUTS];
	static struct kernel_outcome out[KERNEL_MAX_INPUTS];
	uint32_t len, n;
	if (!read_all(0, &len, sizeof len) || len == 0 || len > BPF_MAXINSNS ||
	    !read_all(0, insns, len * sizeof *insns) || !read_all(0, &n, sizeof n) ||
	    n > KERNEL_MAX_INPUTS || !read_all(0, in, n * sizeof *in)) {
		fprintf(stderr, "fuzz-kernel-runner: malformed request\n");
		return 1;
	}
	struct sock_fprog fp = { .len = (unsigned short)len, .filter = insns };
	uint32_t next = 0;
	while (next < n) {
		int fds[2];
		if (pipe(fds) != 0)
			return 1;
		pid_t pid = fork();
		if (pid < 0)
			return 1;
		if (pid == 0) {
			close(fds[0]);
			child(&fp, in, n, next, fds[1]);
		}
		close(fds[1]);
		struct kernel_outcome o;
		bool installed = false;
		while (read_all(fds[0], &o, sizeof o)) {
			if (o.index == KERNEL_REFUSED) {
				installed = o.err == 0;
				if (!installed)
					write_all(1, &o, sizeof o);
				continue;
			}
			if (o.index >= n)
				return 1;
			out[o.index] = o;
			next = o.index + 1;
		}
		close(fds[0]);
		int status = 0;
		waitpid(pid, &status, 0);
		if (!installed)
			return 1;
		if (WIFSIGNALED(status) && next < n) {
			out[next] = (struct kernel_outcome){ next, 0, 0, WTERMSIG(status), 0 };
			next++;
		} else if (!WIFEXITED(status) || next < n) {
			fprintf(stderr, "fuzz-kernel-runner: the child stopped at input %u (status 0x%x)\n",
				next, status);
			return 1;
		}
	}
	write_all(1, out, n * sizeof *out);
	return 0;
}
