/*
 * kernel.c - kernel truth for kernel-safe cases (see diff.h): a sample of
 * harmless syscalls with the fuzzer's arguments, natively and as x86
 * through int $0x80, goes to fuzz-kernel-runner (kernel_runner.c), which
 * makes them under the compiled filter; what happened (it ran, an errno,
 * SIGSYS) must be what the oracle's action means.
 */
#include "diff.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "action.h"
#include "kernel_proto.h"

#define KERNEL_SAMPLE 40

extern char **environ;

/* The runner: $SECCOMPC_FUZZ_RUNNER, else fuzz-kernel-runner beside this program. */
static const char *runner_path(char *buf, size_t size)
{
	const char *env = getenv("SECCOMPC_FUZZ_RUNNER");
	if (env)
		return env;
	ssize_t n = readlink("/proc/self/exe", buf, size - 32);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	strcpy(slash ? slash + 1 : buf, "fuzz-kernel-runner");
	return access(buf, X_OK) == 0 ? buf : NULL;
}

/* Runs inputs under prog in the runner; false (said in report) when it could not. */
static bool run_inputs(const struct bpf_prog *prog, const struct kernel_input *in, uint32_t n,
		       struct kernel_outcome *out, struct buf *report)
{
	char buf[4096];
	const char *path = runner_path(buf, sizeof buf);
	if (!path) {
		buf_puts(report, "  fuzz-kernel-runner not found (set SECCOMPC_FUZZ_RUNNER)\n");
		return false;
	}
	int to[2], from[2];
	if (pipe2(to, O_CLOEXEC) != 0)
		return false;
	if (pipe2(from, O_CLOEXEC) != 0) {
		close(to[0]);
		close(to[1]);
		return false;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, to[0], 0);
	posix_spawn_file_actions_adddup2(&fa, from[1], 1);
	char *argv[] = { (char *)path, NULL };
	pid_t pid;
	int rc = posix_spawn(&pid, path, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(to[0]);
	close(from[1]);
	bool ok = rc == 0;
	if (ok) {
		uint32_t len = (uint32_t)prog->len;
		ok = kernel_write(to[1], &len, sizeof len) &&
		     kernel_write(to[1], prog->insns, len * sizeof *prog->insns) &&
		     kernel_write(to[1], &n, sizeof n) && kernel_write(to[1], in, n * sizeof *in);
	}
	close(to[1]);
	size_t got = ok ? kernel_read(from[0], out, n * sizeof *out) : 0;
	close(from[0]);
	int status = 0;
	if (rc == 0)
		waitpid(pid, &status, 0);
	if (got >= sizeof *out && out[0].index == KERNEL_REFUSED) {
		buf_printf(report, "  the kernel refused the filter: %s\n", strerror(out[0].err));
		return false;
	}
	if (!ok || got != n * sizeof *out || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		buf_printf(report, "  fuzz-kernel-runner failed (status 0x%x)\n", status);
		return false;
	}
	return true;
}

/* Does this kernel have ia32 emulation (int $0x80 works)? Asked once. */
static bool ia32_works(void)
{
	static int state = -1;
	if (state < 0) {
		struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, RET_ALLOW);
		struct bpf_prog p = { &allow, 1 };
		struct kernel_input in = { 1, 20 /* x86 getpid */, { 0 } };
		struct kernel_outcome out;
		struct buf scratch;
		buf_init(&scratch);
		state = run_inputs(&p, &in, 1, &out, &scratch) && !out.signal && out.ret > 0;
		buf_free(&scratch);
	}
	return state;
}

enum kclass { K_RAN, K_ERRNO, K_ZERO, K_SIGSYS };

struct kexpect {
	enum kclass cls;
	int err;                /* K_ERRNO */
};

/* What the kernel does for action `ret` of a harmless syscall. */
static struct kexpect expect(uint32_t ret)
{
	switch (ret & RET_ACTION_FULL) {
	case RET_ALLOW:
	case RET_LOG:
		return (struct kexpect){ K_RAN, 0 };
	case RET_ERRNO:        /* errno 0: the syscall is skipped and returns 0 */
		if ((ret & RET_DATA) == 0)
			return (struct kexpect){ K_ZERO, 0 };
		return (struct kexpect){ K_ERRNO, (int)((ret & RET_DATA) > 4095 ? 4095 : ret & RET_DATA) };
	case RET_TRACE:        /* no tracer: the syscall fails with ENOSYS */
	case RET_USER_NOTIF:   /* no listener: likewise */
		return (struct kexpect){ K_ERRNO, ENOSYS };
	default:               /* KILL_*, TRAP */
		return (struct kexpect){ K_SIGSYS, 0 };
	}
}

/* The harmless syscalls fail only with ESRCH or EINVAL of their own. */
static bool matches(struct kexpect e, const struct kernel_outcome *o)
{
	if (o->signal)
		return e.cls == K_SIGSYS && o->signal == SIGSYS;
	if (e.cls == K_ERRNO)
		return o->ret == -1 && o->err == e.err;
	if (e.cls == K_ZERO)
		return o->ret == 0;
	return e.cls == K_RAN && (o->ret != -1 || o->err == ESRCH || o->err == EINVAL);
}

struct collect {
	struct kernel_input *in;
	size_t n, cap;
	bool ia32;
	uint32_t nr;
};

static void collect(void *ctx, const uint64_t args[6])
{
	struct collect *c = ctx;
	VEC_RESERVE(c->in, c->cap, c->n + 1);
	struct kernel_input *k = &c->in[c->n++];
	k->ia32 = c->ia32;
	k->nr = c->nr;
	for (int i = 0; i < 6; i++)
		k->args[i] = c->ia32 ? (uint32_t)args[i] : args[i];
}

bool kernel_check(const struct model_case *c, const struct oracle *o, struct arg_source *src,
		  const struct bpf_prog *prog, const struct diff_options *opt,
		  struct diff_result *res, struct buf *report)
{
#if defined(__x86_64__)
	if (c->target.native != ARCH_X86_64)
		return false;
	/* Every harmless syscall's argument vectors, natively and as x86. */
	struct collect all = { NULL, 0, 0, false, 0 };
	for (int ia32 = 0; ia32 < 2; ia32++) {
		if (ia32 && !ia32_works())
			break;
		const struct arch_info *arch = arch_get(ia32 ? ARCH_X86 : ARCH_X86_64);
		all.ia32 = ia32;
		for (size_t i = 0; model_harmless_syscalls[i]; i++) {
			int64_t nr = arch_syscall_nr(arch, model_harmless_syscalls[i]);
			if (nr < 0)
				continue;
			all.nr = (uint32_t)nr;
			arg_vectors(src, arch, all.nr, 1, collect, &all);
		}
	}
	/* A sample of them. */
	struct kernel_input in[KERNEL_SAMPLE];
	struct kernel_outcome out[KERNEL_SAMPLE];
	uint64_t state = c->seed | 1;
	uint32_t n = all.n < KERNEL_SAMPLE ? (uint32_t)all.n : KERNEL_SAMPLE;
	for (uint32_t i = 0; i < n; i++) {
		state = state * 6364136223846793005ull + 1442695040888963407ull;
		in[i] = all.in[(state >> 33) % all.n];
	}
	free(all.in);
	if (n == 0)
		return false;   /* nothing harmless to run: no kernel check */
	memset(out, 0, sizeof out);
	if (!run_inputs(prog, in, n, out, report)) {
		res->kernel_mismatches++;
		return true;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t audit = arch_get(in[i].ia32 ? ARCH_X86 : ARCH_X86_64)->audit_arch;
		uint32_t want = oracle_decide(o, audit, in[i].nr, in[i].args, NULL);
		res->kernel_runs++;
		if (matches(expect(want), &out[i]))
			continue;
		if (res->kernel_mismatches++ < opt->max_report) {
			char w[48];
			buf_puts(report, "  kernel: ");
			diff_describe_input(report, audit, in[i].nr, in[i].args);
			if (out[i].signal)
				buf_printf(report, ": killed by signal %d", out[i].signal);
			else
				buf_printf(report, ": returned %lld errno %d", (long long)out[i].ret,
					   out[i].err);
			buf_printf(report, "; the profile says %s\n", action_describe(want, w, sizeof w));
		}
	}
	return true;
#else
	(void)c; (void)o; (void)src; (void)prog; (void)opt; (void)res; (void)report;
	return false;
#endif
}
