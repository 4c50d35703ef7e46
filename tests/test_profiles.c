/*
 * test_profiles.c - the shipped profiles (profiles/: default, restrictive,
 * batch, log): they parse and compile cleanly for every target family, and
 * on this host the compiled filters, installed in forked children, run
 * ordinary programs and block what docs/profiles.md says they block. The
 * block list is proven in test_blocklist.c, the agent workload runs in
 * tests/agent/, and `gen-profiles --check` keeps default.json and
 * restrictive.json what tools/gen-profiles.py makes.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <linux/seccomp.h>

#include "compile.h"
#include "testlib.h"

static const char *const profiles[] = { "default.json", "restrictive.json", "batch.json",
					 "log.json" };

static const char *profile_path(const char *name)
{
	static char path[4096];
	const char *src = getenv("SRCDIR");
	snprintf(path, sizeof path, "%s/profiles/%s", src ? src : "..", name);
	return path;
}

START_TEST(shipped_profile_parses_without_any_message)
{
	struct arena arena;
	arena_init(&arena);
	struct diag diag;
	diag_init(&diag, profiles[_i]);
	struct profile p;
	ck_assert_msg(profile_load(profile_path(profiles[_i]), &arena, &diag, &p), "%s",
		      diag_text(&diag));
	ck_assert_msg(diag.len == 0, "%s", diag_text(&diag));
	ck_assert(p.has_arch_map);
	diag_fini(&diag);
	arena_free(&arena);
}
END_TEST

/* Every native arch: the profile compiles and verifies without a warning. */
START_TEST(shipped_profile_compiles_for_every_family)
{
	static const char *const natives[] = { "x86_64", "aarch64", "riscv64", "s390x", "ppc64le",
		"ppc64", "mipsel64", "mips64", "loongarch64" };
	for (size_t i = 0; i < sizeof natives / sizeof natives[0]; i++) {
		struct arena arena;
		arena_init(&arena);
		struct diag diag;
		diag_init(&diag, profiles[_i]);
		struct compile_options co;
		memset(&co, 0, sizeof co);
		co.verify = true;
		co.select.target = arch_by_name(natives[i]);
		co.select.kernel_major = 6;
		co.select.kernel_minor = 1;
		ck_assert_ptr_nonnull(co.select.target);
		struct compile_result res;
		int rc = compile_profile_file(profile_path(profiles[_i]), &co, &arena, &diag, &res);
		ck_assert_msg(rc == 0, "%s for %s: %s", profiles[_i], natives[i], diag_text(&diag));
		ck_assert_msg(diag.len == 0, "%s for %s: %s", profiles[_i], natives[i],
			      diag_text(&diag));
		ck_assert_uint_gt(res.prog.len, 0);
		diag_fini(&diag);
		arena_free(&arena);
	}
}
END_TEST

/* ---- kernel: real programs and real syscalls under the host filter ---- */

static struct bpf_prog host_filter(const char *name, struct arena *arena)
{
	struct diag diag;
	diag_init(&diag, name);
	struct compile_options co;
	memset(&co, 0, sizeof co);
	co.verify = true;
	struct compile_result res;
	int rc = compile_profile_file(profile_path(name), &co, arena, &diag, &res);
	ck_assert_msg(rc == 0, "%s", diag_text(&diag));
	diag_fini(&diag);
	return res.prog;
}

static void install(const struct bpf_prog *prog)
{
	struct sock_fprog fp = { .len = (unsigned short)prog->len, .filter = prog->insns };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp) != 0)
		_exit(100);
}

/* Runs argv under the filter in a child with stdout/stderr to /dev/null;
 * returns its wait status. */
static int run_program(const struct bpf_prog *prog, char *const argv[])
{
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
		}
		install(prog);
		execv(argv[0], argv);
		_exit(101);
	}
	int status = 0;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return status;
}

/* Runs check() in a child under the filter; the child exits with its result. */
static int run_check(const struct bpf_prog *prog, int (*check)(void))
{
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		install(prog);
		_exit(check());
	}
	int status = 0;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status), "child ended by signal %d", WTERMSIG(status));
	return WEXITSTATUS(status);
}

#define PY_WORK "import threading, tempfile, os, json\n" \
	"out = []\n" \
	"def work(i):\n" \
	"    with tempfile.TemporaryFile() as f:\n" \
	"        f.write(json.dumps({'i': i}).encode()); f.seek(0); out.append(json.loads(f.read())['i'])\n" \
	"ts = [threading.Thread(target=work, args=(i,)) for i in range(8)]\n" \
	"[t.start() for t in ts]; [t.join() for t in ts]\n" \
	"assert sorted(out) == list(range(8)), out\n"

/* The agent profiles run a shell pipeline, a python3 that starts a
 * subprocess, and python3 threads (tests/agent/ runs much more). */
START_TEST(agent_profile_runs_shell_ls_and_python_threads)
{
	static const char *const agent_profiles[] = { "default.json", "restrictive.json" };
	struct arena arena;
	arena_init(&arena);
	struct bpf_prog prog = host_filter(agent_profiles[_i], &arena);
	char *sh[] = { "/bin/sh", "-c", "ls -la / | wc -l && echo ok > /dev/null && "
		       "/usr/bin/python3 -c 'import os, subprocess; subprocess.run([\"true\"], check=True)'",
		       NULL };
	int st = run_program(&prog, sh);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: sh: status %#x", agent_profiles[_i],
		      st);
	char *py[] = { "/usr/bin/python3", "-c", PY_WORK, NULL };
	st = run_program(&prog, py);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: python3: status %#x",
		      agent_profiles[_i], st);
	arena_free(&arena);
}
END_TEST

static int blocked_by_default(void)
{
	errno = 0;
	if (syscall(SYS_ptrace, 0 /* PTRACE_TRACEME */, 0, 0, 0) != -1 || errno != EPERM)
		return 1;
	/* TIOCSTI with high bits set: the kernel would read 0x5412 */
	errno = 0;
	if (syscall(SYS_ioctl, 0, 0x100005412ul, "x") != -1 || errno != EIO)
		return 2;
	errno = 0;
	if (syscall(SYS_ioctl, 0, (unsigned long)TIOCLINUX, "x") != -1 || errno != EIO)
		return 3;
	errno = 0;
	if (syscall(SYS_keyctl, 0, 0, 0, 0, 0) != -1 || errno != EPERM)
		return 4;
	errno = 0;
	if (syscall(SYS_unshare, CLONE_NEWUSER) != -1 || errno != EPERM)
		return 5;
	errno = 0;
	if (syscall(SYS_io_uring_setup, 1, NULL) != -1 || errno != EPERM)
		return 6;
	errno = 0;
	if (syscall(SYS_vmsplice, 1, NULL, 0, 0) != -1 || errno != EPERM)
		return 7;
	errno = 0;
	if (syscall(SYS_process_vm_readv, getppid(), NULL, 0, NULL, 0, 0) != -1 || errno != EPERM)
		return 8;
	/* an ordinary ioctl still reaches the kernel: TCGETS on a pipe is ENOTTY */
	int fds[2];
	struct termios t;
	if (pipe(fds) != 0 || ioctl(fds[0], TCGETS, &t) != -1 || errno != ENOTTY)
		return 9;
	/* clone3 says ENOSYS so that the C library uses clone */
	errno = 0;
	if (syscall(SYS_clone3, NULL, 0) != -1 || errno != ENOSYS)
		return 10;
	return 0;
}

START_TEST(default_blocks_what_moby_allows_and_we_do_not)
{
	struct arena arena;
	arena_init(&arena);
	struct bpf_prog prog = host_filter("default.json", &arena);
	ck_assert_int_eq(run_check(&prog, blocked_by_default), 0);
	arena_free(&arena);
}
END_TEST

#if defined(__x86_64__)
/* The default profile's x86 part, through int $0x80 (x86 numbers: getpid 20,
 * close 6, socketcall 102, personality 136, socket 359). */
static int x86_part_of_default(void)
{
	if (ia32_syscall(20, 0, 0, 0) != getpid())
		return 1;
	if (ia32_syscall(359, 40 /* AF_VSOCK */, 1, 0) != -EPERM)
		return 2;
	long fd = ia32_syscall(359, 1 /* AF_UNIX */, 1 /* SOCK_STREAM */, 0);
	if (fd < 0 || ia32_syscall(6, (uint32_t)fd, 0, 0) != 0)
		return 3;
	/* socketcall would create sockets past the socket rule: ENOSYS, as on a
	 * kernel without it (unfiltered, a NULL argument block gives EFAULT). */
	if (ia32_syscall(102, 1 /* SYS_SOCKET */, 0, 0) != -ENOSYS)
		return 4;
	if (ia32_syscall(136, 0xffffffffu, 0, 0) < 0 || ia32_syscall(136, 1, 0, 0) != -EPERM)
		return 5;
	return 0;
}
#endif

START_TEST(default_decides_x86_syscalls)
{
#if defined(__x86_64__)
	if (!ia32_available("default_decides_x86_syscalls"))
		return;
	struct arena arena;
	arena_init(&arena);
	struct bpf_prog prog = host_filter("default.json", &arena);
	ck_assert_int_eq(run_check(&prog, x86_part_of_default), 0);
	arena_free(&arena);
#endif
}
END_TEST

START_TEST(batch_runs_python_threads_and_file_io)
{
	struct arena arena;
	arena_init(&arena);
	struct bpf_prog prog = host_filter("batch.json", &arena);
	char *py[] = { "/usr/bin/python3", "-c", PY_WORK, NULL };
	int st = run_program(&prog, py);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "python3: status %#x", st);
	/* a shell pipeline needs fork: refused */
	char *sh[] = { "/bin/sh", "-c", "ls / | cat", NULL };
	st = run_program(&prog, sh);
	ck_assert_msg(!WIFEXITED(st) || WEXITSTATUS(st) != 0, "sh pipeline ran");
	arena_free(&arena);
}
END_TEST

static int batch_checks(void)
{
	errno = 0;
	if (socket(AF_INET, SOCK_STREAM, 0) != -1 || errno != EPERM)
		return 1;
	errno = 0;
	if (socket(AF_INET6, SOCK_DGRAM, 0) != -1 || errno != EPERM)
		return 2;
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (s < 0)
		return 3;
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0 || write(sv[0], "x", 1) != 1)
		return 4;
	errno = 0;
	if (syscall(SYS_fork) != -1 || errno != EPERM)
		return 5;
	errno = 0;
	if (syscall(SYS_clone, (unsigned long)SIGCHLD, 0, 0, 0, 0) != -1 || errno != EPERM)
		return 6;
	errno = 0;
	if (syscall(SYS_clone, (unsigned long)(CLONE_THREAD | CLONE_SIGHAND | CLONE_VM | CLONE_NEWNET),
		    0, 0, 0, 0) != -1 || errno != EPERM)
		return 7;
	errno = 0;
	if (isatty(0) || errno != ENOTTY)
		return 8;
	errno = 0;
	if (syscall(SYS_kill, getppid(), 0) != -1 || errno != EPERM)
		return 9;
	errno = 0;
	if (syscall(SYS_prlimit64, getppid(), RLIMIT_NOFILE, NULL, NULL) != -1 || errno != EPERM)
		return 10;
	struct rlimit rl;
	if (syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &rl) != 0)
		return 11;
	return 0;
}

START_TEST(batch_blocks_network_and_processes)
{
	struct arena arena;
	arena_init(&arena);
	struct bpf_prog prog = host_filter("batch.json", &arena);
	ck_assert_int_eq(run_check(&prog, batch_checks), 0);
	arena_free(&arena);
}
END_TEST

static int log_allows_everything(void)
{
	/* SCMP_ACT_LOG lets every call through (and logs it) */
	errno = 0;
	if (syscall(SYS_getpid) != getpid())
		return 1;
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0 && errno == EPERM)
		return 2;
	return 0;
}

START_TEST(log_runs_everything)
{
	struct arena arena;
	arena_init(&arena);
	struct bpf_prog prog = host_filter("log.json", &arena);
	ck_assert_int_eq(run_check(&prog, log_allows_everything), 0);
	char *sh[] = { "/bin/sh", "-c", "ls / | cat", NULL };
	int st = run_program(&prog, sh);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "sh: status %#x", st);
	arena_free(&arena);
}
END_TEST

static Suite *profiles_suite(void)
{
	Suite *s = suite_create("profiles");
	TCase *t = tcase_create("parse");
	tcase_add_loop_test(t, shipped_profile_parses_without_any_message, 0,
			    (int)(sizeof profiles / sizeof profiles[0]));
	tcase_add_loop_test(t, shipped_profile_compiles_for_every_family, 0,
			    (int)(sizeof profiles / sizeof profiles[0]));
	tcase_set_timeout(t, 60);
	suite_add_tcase(s, t);
#if defined(__x86_64__)
	TCase *k = tcase_create("kernel");
	tcase_add_loop_test(k, agent_profile_runs_shell_ls_and_python_threads, 0, 2);
	tcase_add_test(k, default_blocks_what_moby_allows_and_we_do_not);
	tcase_add_test(k, default_decides_x86_syscalls);
	tcase_add_test(k, batch_runs_python_threads_and_file_io);
	tcase_add_test(k, batch_blocks_network_and_processes);
	tcase_add_test(k, log_runs_everything);
	tcase_set_timeout(k, 60);
	suite_add_tcase(s, k);
#endif
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(profiles_suite());
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
