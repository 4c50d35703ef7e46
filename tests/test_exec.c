/*
 * test_exec.c - seccompc-exec as a user runs it: real programs under the
 * default profile, denied syscalls and their errno, x32 numbers, exit
 * statuses, shipped profiles by name, the note on a terminal when a command
 * fails, --isolate-pids, and bwrap --seccomp with the same raw filter.
 * --report is in test_report.c, every input failing closed in
 * test_failclosed.c.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launch_test.h"
#include "seccompc-runtime.h"

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

/* A profile that refuses execve, exit_group and exit: the launcher cannot
 * run the command, nor exit normally, and must still end (it used to
 * crash in glibc's _exit, or spin under a sanitizer). */
START_TEST(launcher_ends_when_the_profile_refuses_exec_and_exit)
{
	const char *path = "/tmp/seccompc-test-noexit.json";
	FILE *f = fopen(path, "w");
	fputs("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"execve\","
	      " \"execveat\", \"exit_group\", \"exit\"], \"action\": \"SCMP_ACT_ERRNO\"}]}", f);
	fclose(f);
	for (int supervised = 0; supervised < 2; supervised++) {
		struct run r;
		run(&r, (char *const[]){ EXEC, supervised ? "--report" : "--quiet", (char *)path,
					 "--", "/bin/true", NULL });
		ck_assert_msg(strstr(r.err, "cannot run /bin/true: Operation not permitted"), "%s",
			      r.err);
		ck_assert_msg(!(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0), "0x%x",
			      r.status);
	}
	unlink(path);
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
	const char *marker = scratch("marker"), *blob = scratch("filter.bpf");
	unlink(marker);
	struct sock_filter bad[2] = { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 66),
				      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
	write_file(blob, bad, sizeof bad);
	struct run r;
	run(&r, (char *const[]){ EXEC, (char *)blob, "--", "/usr/bin/touch", (char *)marker, NULL });
	ck_assert(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 125);
	ck_assert_msg(strstr(r.err, "instruction 0: load from an unaligned offset"), "%s", r.err);
	ck_assert_int_ne(access(marker, F_OK), 0);
	unlink(blob);
	/* A profile with an error: same. */
	run(&r, (char *const[]){ EXEC, "/nonexistent/profile.json", "--", "/usr/bin/touch",
		(char *)marker, NULL });
	ck_assert(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 125);
	ck_assert_int_ne(access(marker, F_OK), 0);
	/* A file whose read(2) fails with EINVAL (/proc/self/attr/current where no
	 * security module answers it): the launcher used to print "instruction
	 * <garbage>" from a result the library left unset. */
	char buf[64];
	int fd = open("/proc/self/attr/current", O_RDONLY);
	bool einval = fd >= 0 && read(fd, buf, sizeof buf) < 0 && errno == EINVAL;
	if (fd >= 0)
		close(fd);
	if (!einval)
		return;
	run(&r, (char *const[]){ EXEC, "/proc/self/attr/current", "--", "/usr/bin/touch",
		(char *)marker, NULL });
	ck_assert(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 125);
	ck_assert_str_eq(r.err, "seccompc-exec: /proc/self/attr/current: cannot read it: Invalid "
				"argument\n");
	ck_assert_int_ne(access(marker, F_OK), 0);
}
END_TEST

/* bwrap --seccomp FD takes seccompc's raw output, and the sandboxed command
 * sees what it sees under seccompc-exec with the same file. */
START_TEST(bwrap_takes_the_raw_output)
{
	struct run r;
	if (access("/usr/bin/bwrap", X_OK) != 0) {
		fprintf(stderr, "bwrap_takes_the_raw_output: skipped: no /usr/bin/bwrap\n");
		return;
	}
	run(&r, (char *const[]){ "/usr/bin/bwrap", "--ro-bind", "/", "/", "/bin/true", NULL });
	if (!WIFEXITED(r.status) || WEXITSTATUS(r.status) != 0) {
		fprintf(stderr, "bwrap_takes_the_raw_output: skipped: bwrap cannot sandbox here: %s",
			r.err);
		return;
	}
	char cmd[4096];
	snprintf(cmd, sizeof cmd, "%s %s/profiles/default.json -o %s", test_env("SECCOMPC"), test_env("SRCDIR"),
		 scratch("filter.bpf"));
	run(&r, (char *const[]){ "/bin/sh", "-c", cmd, NULL });
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "%s", r.err);
	char unshare_nr[16], x32_nr[16];
	snprintf(unshare_nr, sizeof unshare_nr, "%d", SYS_unshare);
	snprintf(x32_nr, sizeof x32_nr, "%#x", 0x40000000 | SYS_getpid);
	const char *probes[][2] = { { unshare_nr, "0x10000000" }, { x32_nr, "0" } };
	for (size_t i = 0; i < 2; i++) {
		struct run b, e;
		snprintf(cmd, sizeof cmd, "exec /usr/bin/bwrap --ro-bind / / --seccomp 9 %s %s %s 9<%s",
			 PROBE, probes[i][0], probes[i][1], scratch("filter.bpf"));
		run(&b, (char *const[]){ "/bin/sh", "-c", cmd, NULL });
		run(&e, (char *const[]){ EXEC, (char *)scratch("filter.bpf"), "--", PROBE, (char *)probes[i][0],
			(char *)probes[i][1], NULL });
		/* bwrap reports a child's death by signal as 128 + the signal. */
		int bst = WIFEXITED(b.status) ? WEXITSTATUS(b.status) : -1;
		int est = WIFEXITED(e.status) ? WEXITSTATUS(e.status) :
			  WIFSIGNALED(e.status) ? 128 + WTERMSIG(e.status) : -2;
		ck_assert_msg(bst == est, "%s: bwrap %d, seccompc-exec %d: %s", probes[i][0], bst, est,
			      b.err);
		ck_assert_str_eq(b.out, e.out);
		/* What both saw is the profile's: EPERM for unshare, SIGSYS for x32. */
		if (i == 0)
			ck_assert_str_eq(b.out, "ret -1 errno 1\n");
		else
			ck_assert_int_eq(bst, 128 + SIGSYS);
	}
	unlink(scratch("filter.bpf"));
}
END_TEST

/* A raw filter from a descriptor the caller opened (as bwrap --seccomp FD). */
START_TEST(raw_filter_from_an_inherited_fd)
{
	struct run r;
	char cmd[4096];
	snprintf(cmd, sizeof cmd, "%s %s/profiles/default.json -o %s && exec %s /dev/fd/9 -- %s %d "
		 "0x10000000 9<%s", test_env("SECCOMPC"), test_env("SRCDIR"), scratch("filter.bpf"), EXEC, PROBE,
		 SYS_unshare, scratch("filter.bpf"));
	run(&r, (char *const[]){ "/bin/sh", "-c", cmd, NULL });
	unlink(scratch("filter.bpf"));
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "%s", r.err);
	ck_assert_str_eq(r.out, "ret -1 errno 1\n");
}
END_TEST

START_TEST(exit_statuses_say_why_the_command_did_not_run)
{
	struct run r;
	run(&r, (char *const[]){ EXEC, "--", "/nonexistent/cmd", NULL });
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 127, "%s", r.err);
	ck_assert_msg(strstr(r.err, "seccompc-exec: cannot run /nonexistent/cmd: No such file"), "%s",
		      r.err);
	write_file(scratch("filter.bpf"), "x", 1);   /* mode 0644: not executable */
	run(&r, (char *const[]){ EXEC, "--", (char *)scratch("filter.bpf"), NULL });
	unlink(scratch("filter.bpf"));
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 126, "%s", r.err);
	ck_assert_msg(strstr(r.err, "Permission denied"), "%s", r.err);
	run(&r, (char *const[]){ EXEC, "--", "/bin/sh", "-c", "exit 7", NULL });
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 7, "%s", r.err);
	/* Usage errors are launcher errors: 125. */
	run(&r, (char *const[]){ EXEC, "default", "/bin/true", NULL });
	ck_assert_int_eq(WEXITSTATUS(r.status), 125);
	ck_assert_msg(strstr(r.err, "expected -- between the filter and the command"), "%s", r.err);
	run(&r, (char *const[]){ EXEC, "--", NULL });
	ck_assert_int_eq(WEXITSTATUS(r.status), 125);
	ck_assert_msg(strstr(r.err, "no command given"), "%s", r.err);
}
END_TEST

/* A parent sandbox that answers seccomp(2) with `err` and allows the rest. */
#define SECCOMP_SYSCALL_RETURNS(err) { \
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 4), \
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, HOST_AUDIT, 1, 0), \
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), \
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0), \
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_seccomp, 0, 1), \
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (err)), \
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) }

/* Where seccomp(2) is missing (ENOSYS) the launcher installs through prctl,
 * and the filter works; flags need seccomp(2), so with one it fails closed. */
START_TEST(launcher_falls_back_to_prctl)
{
	static const struct sock_filter enosys[] = SECCOMP_SYSCALL_RETURNS(ENOSYS);
	struct run r;
	char nr[16];
	snprintf(nr, sizeof nr, "%d", SYS_unshare);
	run_under(&r, enosys, sizeof enosys / sizeof enosys[0],
		  (char *const[]){ EXEC, "--", PROBE, nr, "0x10000000", NULL });
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "%s", r.err);
	ck_assert_str_eq(r.out, "ret -1 errno 1\n");
	run_under(&r, enosys, sizeof enosys / sizeof enosys[0],
		  (char *const[]){ EXEC, "--log", "--", PROBE, nr, "0x10000000", NULL });
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 125, "%s", r.err);
	ck_assert_str_eq(r.out, "");
}
END_TEST

START_TEST(launcher_flags)
{
	static const char *const flags[] = { "--tsync", "--log", "--spec-allow" };
	struct run r;
	char nr[16];
	snprintf(nr, sizeof nr, "%d", SYS_unshare);
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
		run(&r, (char *const[]){ EXEC, (char *)flags[i], "--", PROBE, nr, "0x10000000", NULL });
		ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "%s: %s", flags[i], r.err);
		ck_assert_str_eq(r.out, "ret -1 errno 1\n");
	}
	/* WAIT_KILLABLE_RECV only goes with a listener: the kernel refuses it alone. */
	run(&r, (char *const[]){ EXEC, "--wait-killable-recv", "--", "/bin/true", NULL });
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 125, "%s", r.err);
	run(&r, (char *const[]){ EXEC, "--report", "--wait-killable-recv", "--tsync", "--", PROBE, nr,
		"0x10000000", NULL });
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "%s", r.err);
	ck_assert_str_eq(r.out, "ret -1 errno 1\n");
}
END_TEST

START_TEST(shipped_profiles_by_name)
{
	struct run r;
	char nr[16];
	snprintf(nr, sizeof nr, "%d", SYS_unshare);
	/* Options may follow the filter. */
	run(&r, (char *const[]){ EXEC, "default", "--report", "--", PROBE, nr, "0x10000000", NULL });
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "%s", r.err);
	ck_assert_str_eq(r.out, "ret -1 errno 1\n");
	ck_assert_msg(strstr(r.err, " unshare(CLONE_NEWUSER) "), "%s", r.err);
	/* batch, the profile for batch programs, refuses fork */
	char fork_nr[16];
	snprintf(fork_nr, sizeof fork_nr, "%d", SYS_fork);
	run(&r, (char *const[]){ EXEC, "batch", "--", PROBE, fork_nr, NULL });
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "%s", r.err);
	ck_assert_str_eq(r.out, "ret -1 errno 1\n");
	run(&r, (char *const[]){ EXEC, "nosuch", "--", "/bin/true", NULL });
	ck_assert_int_eq(WEXITSTATUS(r.status), 125);
	ck_assert_msg(strstr(r.err, "seccompc-exec: nosuch: not a shipped profile (there are batch, "
				    "default, log, restrictive); a file needs a path, e.g. ./nosuch\n"),
		      "%s", r.err);
}
END_TEST

/* Named profiles are the copies embedded at build time: nothing on disk is
 * consulted, so nobody can plant an allow-all "restrictive.json" where the
 * launcher would look (the build's source tree, a directory in the
 * environment), and a copy of the binary elsewhere behaves the same. */
START_TEST(shipped_names_are_embedded)
{
	const char *dir = "/tmp/seccompc-test-planted";
	char path[8400], nr[16], copy[4096];
	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/restrictive.json", dir);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("{\"defaultAction\": \"SCMP_ACT_ALLOW\"}\n", f);
	fclose(f);
	snprintf(nr, sizeof nr, "%d", SYS_unshare);
	snprintf(copy, sizeof copy, "%s/seccompc-exec", dir);
	snprintf(path, sizeof path, "cp %s %s", EXEC, copy);
	ck_assert_int_eq(system(path), 0);
	setenv("SECCOMPC_PROFILE_DIR", dir, 1);
	struct run r;
	run(&r, (char *const[]){ copy, "restrictive", "--", PROBE, nr, "0x10000000", NULL });
	unsetenv("SECCOMPC_PROFILE_DIR");
	snprintf(path, sizeof path, "rm -r %s", dir);
	ck_assert_int_eq(system(path), 0);
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "%s", r.err);
	ck_assert_str_eq(r.out, "ret -1 errno 1\n");
}
END_TEST

/* The binary holds no path into the source tree's profiles (an installed or
 * copied binary must never read profiles from where it was built). */
START_TEST(binary_holds_no_source_tree_path)
{
	char needle[4096];
	snprintf(needle, sizeof needle, "%s/profiles", test_env("SRCDIR"));
	FILE *f = fopen(EXEC, "rb");
	ck_assert_ptr_nonnull(f);
	static char bin[64 << 20];
	size_t n = fread(bin, 1, sizeof bin, f);
	fclose(f);
	ck_assert_uint_lt(n, sizeof bin);
	ck_assert_msg(memmem(bin, n, needle, strlen(needle)) == NULL, "%s holds \"%s\"", EXEC, needle);
}
END_TEST

START_TEST(none_runs_unfiltered_with_a_warning)
{
	struct run r;
	char nr[32];
	snprintf(nr, sizeof nr, "%#x", 0x40000000 | SYS_getpid);
	run(&r, (char *const[]){ EXEC, "none", "--", PROBE, nr, NULL });
	/* The x32 number the default kills is the kernel's business here. */
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "status 0x%x", r.status);
	ck_assert_msg(strstr(r.err, "seccompc-exec: warning: running "), "%s", r.err);
	run(&r, (char *const[]){ EXEC, "--report", "none", "--", "/bin/true", NULL });
	ck_assert_int_eq(WEXITSTATUS(r.status), 125);
}
END_TEST

static bool exited(const struct run *r, int code)
{
	return WIFEXITED(r->status) && WEXITSTATUS(r->status) == code;
}

/* On a terminal, a command that fails under a profile gets one line that
 * says so and how to see what was denied: not when it succeeds, not with
 * --quiet, not when it never ran, and not when stderr is not a terminal
 * (then seccompc-exec still execs the command in its own process). */
START_TEST(note_on_a_terminal_when_the_command_fails)
{
	struct run r;
	run_on_terminal(&r, NULL, NULL, (char *const[]){ EXEC, "--", "/bin/sh", "-c",
		"echo out; unshare --user true", NULL });
	ck_assert_msg(exited(&r, 1), "status 0x%x: %s", r.status, r.err);
	ck_assert_str_eq(r.out, "out\n");
	ck_assert_str_eq(r.err, "unshare: unshare failed: Operation not permitted\n"
				"seccompc-exec: note: /bin/sh exited with status 1 under the seccomp "
				"profile default; run it again with --report to see what the profile "
				"denied (--quiet: no note)\n");
	run_on_terminal(&r, NULL, NULL, (char *const[]){ EXEC, "--", "/bin/sh", "-c", "kill -TERM $$",
		NULL });
	ck_assert_msg(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGTERM, "0x%x", r.status);
	ck_assert_str_eq(r.err, "seccompc-exec: note: /bin/sh was killed by signal 15 (Terminated) "
				"under the seccomp profile default; run it again with --report to see "
				"what the profile denied (--quiet: no note)\n");
	/* batch denies kill(2): sh says so (and a blank line), the note follows. */
	run_on_terminal(&r, NULL, NULL, (char *const[]){ EXEC, "batch", "--", "/bin/sh", "-c",
		"kill -TERM $$", NULL });
	ck_assert_msg(exited(&r, 1), "0x%x", r.status);
	ck_assert_str_eq(r.err, "/bin/sh: 1: kill: Operation not permitted\n\n"
				"seccompc-exec: note: /bin/sh exited with status 1 under the seccomp "
				"profile batch (shipped); run it again with --report to see what the "
				"profile denied (--quiet: no note)\n");
	static const struct sock_filter allow[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
	const char *blob = scratch("allow.bpf");
	write_file(blob, allow, sizeof allow);
	run_on_terminal(&r, NULL, NULL, (char *const[]){ EXEC, (char *)blob, "--", "/bin/false", NULL });
	ck_assert_msg(exited(&r, 1), "status 0x%x: %s", r.status, r.err);
	ck_assert_msg(strstr(r.err, "seccompc-exec: note: /bin/false exited with status 1 under the "
				    "seccomp filter ") && strstr(r.err, "; run the JSON profile it was "
				    "compiled from with --report to see what it denies (--quiet: no note)\n"),
		      "%s", r.err);
	unlink(blob);
	/* No note: success, --quiet, a command that never ran, not a terminal. */
	run_on_terminal(&r, NULL, NULL, (char *const[]){ EXEC, "--", "/bin/true", NULL });
	ck_assert(exited(&r, 0));
	ck_assert_str_eq(r.err, "");
	run_on_terminal(&r, NULL, NULL, (char *const[]){ EXEC, "--quiet", "--", "/bin/sh", "-c", "exit 3", NULL });
	ck_assert(exited(&r, 3));
	ck_assert_str_eq(r.err, "");
	run_on_terminal(&r, NULL, NULL, (char *const[]){ EXEC, "--", "/nonexistent/cmd", NULL });
	ck_assert(exited(&r, 127));
	ck_assert_str_eq(r.err, "seccompc-exec: cannot run /nonexistent/cmd: No such file or directory\n");
	run(&r, (char *const[]){ EXEC, "--", "/bin/sh", "-c", "exit 3", NULL });
	ck_assert(exited(&r, 3));
	ck_assert_str_eq(r.err, "");
}
END_TEST

/* "not allowed here": the kernel refuses the namespaces to this user. */
static bool isolation_refused(const struct run *r, const char *test)
{
	if (!exited(r, 125) || !strstr(r->err, "--isolate-pids: new "))
		return false;
	fprintf(stderr, "%s: skipped: %s", test, r->err);
	return true;
}

static int become_nobody(const void *arg)
{
	(void)arg;
	return setgroups(0, NULL) || setgid(65534) || setuid(65534) ? -1 : 0;
}

/* Can nobody run seccompc-exec where it is (a build under a private
 * directory, mode 0700, is out of its reach)? Says why not, once. */
static bool nobody_can_run_exec(const char *test)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0)
		_exit(become_nobody(NULL) == 0 && access(EXEC, X_OK) == 0 ? 0 : 1);
	int status = 0;
	waitpid(pid, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return true;
	fprintf(stderr, "%s: the runs as nobody skipped: nobody cannot run %s\n", test, EXEC);
	return false;
}

/* --isolate-pids: the command is PID 2 of a new namespace (a small init is
 * 1), /proc shows the namespace's processes only, the filter still holds,
 * the status (a signal too) comes back as it was. As root no user namespace
 * is made; as another user (nobody, when the tests run as root) one is. */
START_TEST(isolate_pids_runs_the_command_alone)
{
	bool nobody = geteuid() == 0 && nobody_can_run_exec("isolate_pids_runs_the_command_alone");
	for (int as_nobody = 0; as_nobody < 1 + nobody; as_nobody++) {
		struct run r;
		int (*who)(const void *) = as_nobody ? become_nobody : NULL;
		run_with(&r, who, NULL, (char *const[]){ EXEC, "--isolate-pids", "--", "/bin/sh", "-c",
			 "echo $$; ls /proc | grep -c '^[0-9]'; id -u; exit 4", NULL });
		if (isolation_refused(&r, "isolate_pids_runs_the_command_alone"))
			continue;
		ck_assert_msg(exited(&r, 4), "status 0x%x: %s", r.status, r.err);
		int pid, procs;
		unsigned uid;
		ck_assert_int_eq(sscanf(r.out, "%d\n%d\n%u\n", &pid, &procs, &uid), 3);
		ck_assert_int_eq(pid, 2);
		ck_assert_msg(procs >= 2 && procs <= 5, "%d processes in /proc", procs);
		ck_assert_uint_eq(uid, as_nobody ? 65534 : geteuid());
		run_with(&r, who, NULL, (char *const[]){ EXEC, "--isolate-pids", "--", "/bin/sh", "-c",
			 "kill -TERM $$", NULL });
		ck_assert_msg(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGTERM, "0x%x", r.status);
		run_with(&r, who, NULL, (char *const[]){ EXEC, "--isolate-pids", "--report", "--", PROBE,
			 num(SYS_unshare), "0", NULL });
		ck_assert_msg(exited(&r, 0), "%s", r.err);
		ck_assert_str_eq(r.out, "ret -1 errno 1\n");
		ck_assert_msg(strstr(r.err, " (probe) unshare(0) -> ERRNO(1) by defaultAction"), "%s",
			      r.err);
	}
	/* The launcher's own /proc was not touched. */
	char self[64];
	snprintf(self, sizeof self, "/proc/%d/status", (int)getpid());
	ck_assert_int_eq(access(self, F_OK), 0);
}
END_TEST

/*
 * Denying ptrace does not stop a filtered process from taking over an
 * unfiltered one of the same user: it can open /proc/PID/mem for writing
 * (where Yama is off). In new PID namespaces with their own /proc it cannot
 * name the process at all.
 */
START_TEST(isolate_pids_closes_proc_pid_mem)
{
	bool root = geteuid() == 0;
	if (root && !nobody_can_run_exec("isolate_pids_closes_proc_pid_mem"))
		return;
	int (*who)(const void *) = root ? become_nobody : NULL;
	fflush(NULL);
	pid_t victim = fork();
	if (victim == 0) {
		if (who && who(NULL) != 0)
			_exit(98);
		execl("/bin/sleep", "sleep", "300", (char *)NULL);
		_exit(99);
	}
	char script[512];
	snprintf(script, sizeof script, "(exec 3<>/proc/%d/mem) 2>/dev/null && echo opened || echo "
		 "refused; kill -0 %d 2>/dev/null && echo reachable || echo unreachable",
		 (int)victim, (int)victim);
	/* Wait until the victim runs sleep and is dumpable again (it was not
	 * since its setuid): /proc/PID/mem then belongs to its user, not root. */
	char mem_path[64];
	snprintf(mem_path, sizeof mem_path, "/proc/%d/mem", (int)victim);
	uid_t victim_uid = root ? 65534 : geteuid();
	struct stat st;
	while (stat(mem_path, &st) != 0 || st.st_uid != victim_uid) {
		ck_assert_msg(waitpid(victim, NULL, WNOHANG) == 0, "the victim did not start");
		sched_yield();
	}
	struct run open_hole, isolated;
	run_with(&open_hole, who, NULL, (char *const[]){ EXEC, "--", "/bin/sh", "-c", script, NULL });
	run_with(&isolated, who, NULL, (char *const[]){ EXEC, "--isolate-pids", "--", "/bin/sh", "-c",
		 script, NULL });
	kill(victim, SIGKILL);
	waitpid(victim, NULL, 0);
	ck_assert_msg(exited(&open_hole, 0), "%s", open_hole.err);
	FILE *yama = fopen("/proc/sys/kernel/yama/ptrace_scope", "r");
	int scope = 0;
	if (yama && fscanf(yama, "%d", &scope) != 1)
		scope = 0;
	if (yama)
		fclose(yama);
	/* The hole: without Yama, the filtered command opens the other's memory. */
	ck_assert_str_eq(open_hole.out, scope >= 1 ? "refused\nreachable\n" : "opened\nreachable\n");
	if (isolation_refused(&isolated, "isolate_pids_closes_proc_pid_mem"))
		return;
	ck_assert_msg(exited(&isolated, 0), "%s", isolated.err);
	ck_assert_str_eq(isolated.out, "refused\nunreachable\n");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("exec");
	TCase *tc = tcase_create("launcher");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, launcher_runs_a_pipeline_under_the_default);
	tcase_add_test(tc, launcher_runs_python_with_threads);
	tcase_add_test(tc, launcher_denied_syscall_returns_its_errno);
	tcase_add_test(tc, launcher_ends_when_the_profile_refuses_exec_and_exit);
	tcase_add_test(tc, launcher_stops_x32_numbers);
	tcase_add_test(tc, failed_install_never_runs_the_command);
	tcase_add_test(tc, launcher_falls_back_to_prctl);
	tcase_add_test(tc, launcher_flags);
	tcase_add_test(tc, raw_filter_from_an_inherited_fd);
	tcase_add_test(tc, exit_statuses_say_why_the_command_did_not_run);
	tcase_add_test(tc, shipped_profiles_by_name);
	tcase_add_test(tc, shipped_names_are_embedded);
	tcase_add_test(tc, binary_holds_no_source_tree_path);
	tcase_add_test(tc, none_runs_unfiltered_with_a_warning);
	tcase_add_test(tc, bwrap_takes_the_raw_output);
	suite_add_tcase(s, tc);
	tc = tcase_create("note");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, note_on_a_terminal_when_the_command_fails);
	suite_add_tcase(s, tc);
	tc = tcase_create("isolate");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, isolate_pids_runs_the_command_alone);
	tcase_add_test(tc, isolate_pids_closes_proc_pid_mem);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
