/*
 * test_runtime.c - the install library and seccompc-exec, kernel truth:
 * filters installed in forked children, real syscalls, real programs.
 */
#include <check.h>

#include "run_command.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define SECCOMPC_RUNTIME_IMPLEMENTATION
#include "seccompc-runtime.h"

#define X86_64_AUDIT 0xc000003eu

/* Allows everything on x86_64 but getppid, which fails with EACCES; other arches: kill. */
static const struct sock_filter deny_getppid[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 4),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, X86_64_AUDIT, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EACCES),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};
#define DENY_LEN (sizeof deny_getppid / sizeof deny_getppid[0])

/* Runs fn in a forked child; returns its wait status. fn's return is the exit code. */
static int in_child(int (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn(arg));
	int status;
	waitpid(pid, &status, 0);
	return status;
}

/* 0 when getppid is denied with EACCES and getpid still works. */
static int check_denies_getppid(void)
{
	errno = 0;
	if (syscall(SYS_getppid) != -1 || errno != EACCES)
		return 10;
	if (syscall(SYS_getpid) <= 0)
		return 11;
	return 0;
}

static int install_array(void *flags)
{
	struct seccompc_install_result r;
	int err = seccompc_install(deny_getppid, DENY_LEN, *(unsigned *)flags, &r);
	if (err)
		return 20 + (-err % 20);
	if ((*(unsigned *)flags & SECCOMPC_FLAG_NEW_LISTENER) && r.listener_fd < 0)
		return 3;
	if ((*(unsigned *)flags & SECCOMPC_FLAG_FORCE_PRCTL) && !r.used_prctl)
		return 4;
	return check_denies_getppid();
}

START_TEST(install_from_array)
{
	unsigned flags = 0;
	int st = in_child(install_array, &flags);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status 0x%x", st);
}
END_TEST

START_TEST(prctl_fallback)
{
	unsigned flags = SECCOMPC_FLAG_FORCE_PRCTL;
	int st = in_child(install_array, &flags);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status 0x%x", st);
}
END_TEST

static const unsigned every_flag[] = {
	SECCOMPC_FLAG_LOG, SECCOMPC_FLAG_SPEC_ALLOW, SECCOMPC_FLAG_NEW_LISTENER, SECCOMPC_FLAG_TSYNC,
	SECCOMPC_FLAG_TSYNC | SECCOMPC_FLAG_TSYNC_ESRCH,
	SECCOMPC_FLAG_NEW_LISTENER | SECCOMPC_FLAG_WAIT_KILLABLE_RECV,
};

START_TEST(every_supported_flag)
{
	unsigned flags = every_flag[_i];
	if (!seccompc_flag_available(flags)) {
		/* Only the newest flags may be missing; this kernel must have the rest. */
		ck_assert(flags & (SECCOMPC_FLAG_WAIT_KILLABLE_RECV | SECCOMPC_FLAG_TSYNC_ESRCH));
		return;
	}
	int st = in_child(install_array, &flags);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "flags 0x%x: status 0x%x", flags, st);
}
END_TEST

START_TEST(unknown_flag_is_refused)
{
	ck_assert_int_eq(seccompc_flag_available(1u << 30), 0);
	ck_assert_int_eq(seccompc_action_available(SECCOMP_RET_ALLOW), 1);
	ck_assert_int_eq(seccompc_action_available(SECCOMP_RET_KILL_PROCESS), 1);
	ck_assert_int_eq(seccompc_action_available(SECCOMP_RET_USER_NOTIF), 1);
	ck_assert_int_eq(seccompc_action_available(0x12340000u), 0);
}
END_TEST

static const char *blob_path(void)
{
	static char path[64];
	snprintf(path, sizeof path, "/tmp/seccompc-test-%d.bpf", (int)getpid());
	return path;
}

static void write_blob(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

static int install_file(void *path)
{
	int err = seccompc_install_file(path, 0, NULL);
	return err ? 20 : check_denies_getppid();
}

START_TEST(install_from_file)
{
	write_blob(blob_path(), deny_getppid, sizeof deny_getppid);
	int st = in_child(install_file, (void *)blob_path());
	unlink(blob_path());
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status 0x%x", st);
}
END_TEST

/* Malformed programs: the library's verdict, and the kernel's own. */
static const struct {
	struct sock_filter insns[3];
	size_t len;
	int err;
	size_t bad;
	const char *reason;
} malformed[] = {
	{ { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 66), BPF_STMT(BPF_RET | BPF_K, 0x7fff0000) }, 2,
	  -EINVAL, 0, "load from an unaligned offset of struct seccomp_data" },
	{ { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 64), BPF_STMT(BPF_RET | BPF_K, 0x7fff0000) }, 2,
	  -EINVAL, 0, "load from outside struct seccomp_data (64 bytes)" },
	{ { BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 0), BPF_STMT(BPF_RET | BPF_K, 0x7fff0000) }, 2,
	  -EINVAL, 0, "an opcode seccomp does not allow" },
	{ { BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 5, 0), BPF_STMT(BPF_RET | BPF_K, 0x7fff0000) }, 2,
	  -EINVAL, 0, "jump past the end of the program" },
	{ { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0) }, 1,
	  -EINVAL, 0, "the last instruction is not a return" },
	{ { BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 0), BPF_STMT(BPF_RET | BPF_K, 0x7fff0000) }, 2,
	  -EINVAL, 0, "division by the constant 0" },
	{ { BPF_STMT(BPF_LD | BPF_MEM, 3), BPF_STMT(BPF_RET | BPF_K, 0x7fff0000) }, 2,
	  -EINVAL, 0, "scratch memory read before it is written" },
	{ { BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 32), BPF_STMT(BPF_RET | BPF_K, 0x7fff0000) }, 2,
	  -EINVAL, 0, "shift by 32 or more" },
};

static int kernel_accepts(void *i)
{
	const struct sock_filter *insns = malformed[*(int *)i].insns;
	struct sock_fprog p = { (unsigned short)malformed[*(int *)i].len, (struct sock_filter *)insns };
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &p) == 0 ? 0 : errno;
}

START_TEST(malformed_programs_are_rejected_before_install)
{
	size_t bad = 99;
	const char *reason = NULL;
	int err = seccompc_validate(malformed[_i].insns, malformed[_i].len, &bad, &reason);
	ck_assert_int_eq(err, malformed[_i].err);
	ck_assert_uint_eq(bad, malformed[_i].bad);
	ck_assert_str_eq(reason, malformed[_i].reason);
	int i = _i;
	int st = in_child(kernel_accepts, &i);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == EINVAL, "the kernel said %d", WEXITSTATUS(st));
}
END_TEST

START_TEST(sizes_are_checked)
{
	static struct sock_filter big[4097];
	for (size_t i = 0; i < 4097; i++)
		big[i] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	ck_assert_int_eq(seccompc_validate(big, 0, NULL, NULL), -ENODATA);
	ck_assert_int_eq(seccompc_validate(big, 4097, NULL, NULL), -E2BIG);
	ck_assert_int_eq(seccompc_validate(big, 4096, NULL, NULL), 0);
	write_blob(blob_path(), deny_getppid, sizeof deny_getppid - 3);
	ck_assert_int_eq(seccompc_install_file(blob_path(), 0, NULL), -EBADMSG);
	write_blob(blob_path(), big, sizeof big);
	ck_assert_int_eq(seccompc_install_file(blob_path(), 0, NULL), -E2BIG);
	unlink(blob_path());
	ck_assert_str_eq(seccompc_strerror(-E2BIG), "the filter is longer than 4096 instructions");
}
END_TEST

/* TSYNC: a thread started before the install is filtered too. */
static int tsync_pipe[2];

static void *tsync_thread(void *arg)
{
	(void)arg;
	char c;
	if (read(tsync_pipe[0], &c, 1) != 1)
		return (void *)1;
	errno = 0;
	long r = syscall(SYS_getppid);
	return (void *)(intptr_t)(r == -1 && errno == EACCES ? 0 : 2);
}

static int tsync_child(void *arg)
{
	(void)arg;
	pthread_t t;
	if (pipe(tsync_pipe) || pthread_create(&t, NULL, tsync_thread, NULL))
		return 30;
	if (seccompc_install(deny_getppid, DENY_LEN, SECCOMPC_FLAG_TSYNC, NULL))
		return 31;
	if (write(tsync_pipe[1], "x", 1) != 1)
		return 32;
	void *ret;
	pthread_join(t, &ret);
	return (int)(intptr_t)ret;
}

START_TEST(tsync_filters_other_threads)
{
	int st = in_child(tsync_child, NULL);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status 0x%x", st);
}
END_TEST

/* ---- seccompc-exec ------------------------------------------------------ */

static char *env(const char *name)
{
	char *v = getenv(name);
	ck_assert_msg(v != NULL, "%s is not set", name);
	return v;
}

#define EXEC env("SECCOMPC_EXEC")
#define PROBE env("PROBE")

START_TEST(launcher_runs_a_pipeline_under_the_default)
{
	struct run r;
	run(&r, (char *const[]){ EXEC, "--", "/bin/sh", "-c", "ls / | wc -l", NULL });
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "%s", r.err);
	ck_assert_int_gt(atoi(r.out), 3);
}
END_TEST

START_TEST(launcher_runs_python_with_threads)
{
	if (access("/usr/bin/python3", X_OK) != 0)
		return;
	struct run r;
	run(&r, (char *const[]){ EXEC, "--", "/usr/bin/python3", "-c",
		"import threading\n"
		"out = []\n"
		"ts = [threading.Thread(target=out.append, args=(i,)) for i in range(4)]\n"
		"[t.start() for t in ts]; [t.join() for t in ts]\n"
		"print(sorted(out))", NULL });
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "%s", r.err);
	ck_assert_str_eq(r.out, "[0, 1, 2, 3]\n");
}
END_TEST

START_TEST(launcher_denied_syscall_returns_its_errno)
{
	struct run r;
	char nr[16];
	snprintf(nr, sizeof nr, "%d", SYS_unshare);
	run(&r, (char *const[]){ EXEC, "--", PROBE, nr, "0x10000000", NULL });
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "%s", r.err);
	ck_assert_str_eq(r.out, "ret -1 errno 1\n");
	/* The same from a JSON profile compiled in-process, with its own errno. */
	const char *path = "/tmp/seccompc-test-profile.json";
	FILE *f = fopen(path, "w");
	fputs("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"unshare\"],"
	      " \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 95}]}", f);
	fclose(f);
	run(&r, (char *const[]){ EXEC, (char *)path, "--", PROBE, nr, "0x10000000", NULL });
	unlink(path);
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "%s", r.err);
	ck_assert_str_eq(r.out, "ret -1 errno 95\n");
}
END_TEST

START_TEST(launcher_stops_x32_numbers)
{
	struct run r;
	char nr[32];
	snprintf(nr, sizeof nr, "%#x", 0x40000000 | SYS_getpid);
	run(&r, (char *const[]){ EXEC, "--", PROBE, nr, NULL });
	ck_assert_msg(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGSYS, "status 0x%x out %s",
		      r.status, r.out);
}
END_TEST

START_TEST(failed_install_never_runs_the_command)
{
	const char *marker = "/tmp/seccompc-test-marker";
	unlink(marker);
	struct sock_filter bad[2] = { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 66),
				      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
	write_blob(blob_path(), bad, sizeof bad);
	struct run r;
	run(&r, (char *const[]){ EXEC, (char *)blob_path(), "--", "/usr/bin/touch", (char *)marker, NULL });
	ck_assert(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 125);
	ck_assert_msg(strstr(r.err, "instruction 0: load from an unaligned offset"), "%s", r.err);
	ck_assert_int_ne(access(marker, F_OK), 0);
	/* A profile with an error: same. */
	run(&r, (char *const[]){ EXEC, "/nonexistent/profile.json", "--", "/usr/bin/touch",
		(char *)marker, NULL });
	ck_assert(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 125);
	ck_assert_int_ne(access(marker, F_OK), 0);
	unlink(blob_path());
}
END_TEST

START_TEST(report_names_the_denied_syscall)
{
	struct run r;
	char nr[16];
	snprintf(nr, sizeof nr, "%d", SYS_unshare);
	run(&r, (char *const[]){ EXEC, "--report", "--", PROBE, nr, "0x10000000", NULL });
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "%s", r.err);
	/* The program saw what it would have seen without --report. */
	ck_assert_str_eq(r.out, "ret -1 errno 1\n");
	ck_assert_msg(strstr(r.err, "seccompc-exec: denied: pid ") &&
		      strstr(r.err, " unshare(0x10000000, ") && strstr(r.err, ") -> ERRNO(1) by "),
		      "%s", r.err);
	ck_assert_msg(strstr(r.err, "seccompc-exec: 1 denied syscall: unshare x1\n"), "%s", r.err);
}
END_TEST

START_TEST(bwrap_takes_the_raw_output)
{
	struct run r;
	run(&r, (char *const[]){ "/usr/bin/bwrap", "--ro-bind", "/", "/", "/bin/true", NULL });
	if (!WIFEXITED(r.status) || WEXITSTATUS(r.status) != 0)
		return;  /* no bwrap, or no namespaces for it here */
	char cmd[4096];
	snprintf(cmd, sizeof cmd, "%s %s/profiles/default.json -o %s && "
		 "/usr/bin/bwrap --ro-bind / / --seccomp 9 %s %d 0x10000000 9<%s",
		 env("SECCOMPC"), env("SRCDIR"), blob_path(), PROBE, SYS_unshare, blob_path());
	run(&r, (char *const[]){ "/bin/sh", "-c", cmd, NULL });
	unlink(blob_path());
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "%s", r.err);
	ck_assert_str_eq(r.out, "ret -1 errno 1\n");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("runtime");
	TCase *tc = tcase_create("library");
	tcase_add_test(tc, install_from_array);
	tcase_add_test(tc, prctl_fallback);
	tcase_add_loop_test(tc, every_supported_flag, 0, (int)(sizeof every_flag / sizeof every_flag[0]));
	tcase_add_test(tc, unknown_flag_is_refused);
	tcase_add_test(tc, install_from_file);
	tcase_add_loop_test(tc, malformed_programs_are_rejected_before_install, 0,
			    (int)(sizeof malformed / sizeof malformed[0]));
	tcase_add_test(tc, sizes_are_checked);
	tcase_add_test(tc, tsync_filters_other_threads);
	suite_add_tcase(s, tc);
	tc = tcase_create("launcher");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, launcher_runs_a_pipeline_under_the_default);
	tcase_add_test(tc, launcher_runs_python_with_threads);
	tcase_add_test(tc, launcher_denied_syscall_returns_its_errno);
	tcase_add_test(tc, launcher_stops_x32_numbers);
	tcase_add_test(tc, failed_install_never_runs_the_command);
	tcase_add_test(tc, report_names_the_denied_syscall);
	tcase_add_test(tc, bwrap_takes_the_raw_output);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
