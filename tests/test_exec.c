/*
 * test_exec.c - seccompc-exec as a user runs it: real programs under the
 * default profile, denied syscalls and their errno, x32 numbers, exit
 * statuses, fail-closed launches (the command never runs), --report, and
 * bwrap --seccomp with the same raw filter.
 */
#include <check.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run_command.h"
#include "seccompc-runtime.h"

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


/* Installs the parent sandbox a test gives (struct sandbox) before exec. */
struct sandbox {
	const struct sock_filter *insns;
	size_t len;
};

static int enter_sandbox(const void *arg)
{
	const struct sandbox *sb = arg;
	return seccompc_install(sb->insns, sb->len, 0, NULL);
}

static void run_under(struct run *r, const struct sock_filter *pre, size_t npre,
		      char *const argv[])
{
	struct sandbox sb = { pre, npre };
	run_with(r, enter_sandbox, &sb, argv);
}

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
	snprintf(cmd, sizeof cmd, "%s %s/profiles/default.json -o %s", env("SECCOMPC"), env("SRCDIR"),
		 blob_path());
	run(&r, (char *const[]){ "/bin/sh", "-c", cmd, NULL });
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "%s", r.err);
	char unshare_nr[16], x32_nr[16];
	snprintf(unshare_nr, sizeof unshare_nr, "%d", SYS_unshare);
	snprintf(x32_nr, sizeof x32_nr, "%#x", 0x40000000 | SYS_getpid);
	const char *probes[][2] = { { unshare_nr, "0x10000000" }, { x32_nr, "0" } };
	for (size_t i = 0; i < 2; i++) {
		struct run b, e;
		snprintf(cmd, sizeof cmd, "exec /usr/bin/bwrap --ro-bind / / --seccomp 9 %s %s %s 9<%s",
			 PROBE, probes[i][0], probes[i][1], blob_path());
		run(&b, (char *const[]){ "/bin/sh", "-c", cmd, NULL });
		run(&e, (char *const[]){ EXEC, (char *)blob_path(), "--", PROBE, (char *)probes[i][0],
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
	unlink(blob_path());
}
END_TEST

/* A raw filter from a descriptor the caller opened (as bwrap --seccomp FD). */
START_TEST(raw_filter_from_an_inherited_fd)
{
	struct run r;
	char cmd[4096];
	snprintf(cmd, sizeof cmd, "%s %s/profiles/default.json -o %s && exec %s /dev/fd/9 -- %s %d "
		 "0x10000000 9<%s", env("SECCOMPC"), env("SRCDIR"), blob_path(), EXEC, PROBE,
		 SYS_unshare, blob_path());
	run(&r, (char *const[]){ "/bin/sh", "-c", cmd, NULL });
	unlink(blob_path());
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
	write_blob(blob_path(), "x", 1);   /* mode 0644: not executable */
	run(&r, (char *const[]){ EXEC, "--", (char *)blob_path(), NULL });
	unlink(blob_path());
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

#if defined(__x86_64__)
#define HOST_AUDIT AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define HOST_AUDIT AUDIT_ARCH_AARCH64
#else
#define HOST_AUDIT 0
#endif

/* A parent sandbox that answers seccomp(2) with `err` and allows the rest. */
#define SECCOMP_SYSCALL_RETURNS(err) { \
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 4), \
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, HOST_AUDIT, 1, 0), \
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), \
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0), \
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_seccomp, 0, 1), \
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (err)), \
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) }

START_TEST(kernel_refusal_never_runs_the_command)
{
	static const struct sock_filter eperm[] = SECCOMP_SYSCALL_RETURNS(EPERM);
	const char *marker = "/tmp/seccompc-test-marker-kernel";
	unlink(marker);
	struct run r;
	run_under(&r, eperm, sizeof eperm / sizeof eperm[0],
		  (char *const[]){ EXEC, "--", "/usr/bin/touch", (char *)marker, NULL });
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 125, "status 0x%x", r.status);
	ck_assert_msg(strstr(r.err, "seccompc-exec: the default filter: Operation not permitted"),
		      "%s", r.err);
	ck_assert_int_ne(access(marker, F_OK), 0);
}
END_TEST

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
	ck_assert_msg(strstr(r.err, " unshare(0x10000000, "), "%s", r.err);
	run(&r, (char *const[]){ EXEC, "nosuch", "--", "/bin/true", NULL });
	ck_assert_int_eq(WEXITSTATUS(r.status), 125);
	ck_assert_msg(strstr(r.err, "seccompc-exec: nosuch: not a shipped profile (there are default, "
				    "log, restrictive); a file needs a path, e.g. ./nosuch\n"), "%s", r.err);
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
	snprintf(needle, sizeof needle, "%s/profiles", env("SRCDIR"));
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

/* A profile's own rules: the report names the rule (JSON path and line), and
 * the program sees exactly what it sees without --report, NOTIFY included
 * (ENOSYS: nobody listens). */
START_TEST(report_names_the_rule)
{
	const char *path = "/tmp/seccompc-test-report.json";
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
	      " \"syscalls\": [\n"
	      "  {\"names\": [\"unshare\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 95},\n"
	      "  {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_NOTIFY\"}\n"
	      " ]}\n", f);
	fclose(f);
	char unshare_nr[16], getppid_nr[16];
	snprintf(unshare_nr, sizeof unshare_nr, "%d", SYS_unshare);
	snprintf(getppid_nr, sizeof getppid_nr, "%d", SYS_getppid);
	struct run plain, r;
	run(&plain, (char *const[]){ EXEC, (char *)path, "--", PROBE, unshare_nr, "0x10000000", NULL });
	run(&r, (char *const[]){ EXEC, "--report", (char *)path, "--", PROBE, unshare_nr, "0x10000000",
		NULL });
	ck_assert_str_eq(plain.out, "ret -1 errno 95\n");
	ck_assert_str_eq(r.out, plain.out);
	ck_assert_msg(strstr(r.err, " unshare(0x10000000, ") &&
		      strstr(r.err, ") -> ERRNO(95) by syscalls[0] (line 3)\n"), "%s", r.err);
	run(&plain, (char *const[]){ EXEC, (char *)path, "--", PROBE, getppid_nr, NULL });
	run(&r, (char *const[]){ EXEC, "--report", (char *)path, "--", PROBE, getppid_nr, NULL });
	unlink(path);
	ck_assert_str_eq(plain.out, "ret -1 errno 38\n");
	ck_assert_str_eq(r.out, plain.out);
	ck_assert_msg(strstr(r.err, ") -> NOTIFY (answered ENOSYS, as without a listener) by "
				    "syscalls[1] (line 4)\n"), "%s", r.err);
	ck_assert_msg(strstr(r.err, "seccompc-exec: 1 denied syscall: getppid x1\n"), "%s", r.err);
}
END_TEST

START_TEST(report_counts_and_keeps_the_status)
{
	struct run r;
	run(&r, (char *const[]){ EXEC, "--report", "--", "/bin/sh", "-c",
		"unshare --user true; unshare --user true; exit 3", NULL });
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 3, "%s", r.err);
	ck_assert_msg(strstr(r.err, "seccompc-exec: 2 denied syscalls: unshare x2\n"), "%s", r.err);
	/* A program that is denied nothing. */
	run(&r, (char *const[]){ EXEC, "--report", "--", "/bin/true", NULL });
	ck_assert_int_eq(WEXITSTATUS(r.status), 0);
	ck_assert_str_eq(r.err, "seccompc-exec: no syscall was denied\n");
	/* Killed by the filter (an x32 number): 128 + SIGSYS, and said so. */
	char nr[32];
	snprintf(nr, sizeof nr, "%#x", 0x40000000 | SYS_getpid);
	run(&r, (char *const[]){ EXEC, "--report", "--", PROBE, nr, NULL });
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 128 + SIGSYS, "0x%x", r.status);
	ck_assert_msg(strstr(r.err, "seccompc-exec: the command was killed by SIGSYS"), "%s", r.err);
}
END_TEST

START_TEST(report_refuses_a_raw_filter)
{
	static const struct sock_filter allow[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
	const char *marker = "/tmp/seccompc-test-marker-report";
	unlink(marker);
	write_blob(blob_path(), allow, sizeof allow);
	struct run r;
	run(&r, (char *const[]){ EXEC, "--report", (char *)blob_path(), "--", "/usr/bin/touch",
		(char *)marker, NULL });
	unlink(blob_path());
	ck_assert_int_eq(WEXITSTATUS(r.status), 125);
	ck_assert_msg(strstr(r.err, "--report needs a JSON profile or a NAME"), "%s", r.err);
	ck_assert_int_ne(access(marker, F_OK), 0);
}
END_TEST

/* The supervisor passes SIGTERM on: the command's trap decides the status. */
START_TEST(report_forwards_sigterm)
{
	struct run r;
	run(&r, (char *const[]){ EXEC, "--report", "--", "/bin/sh", "-c",
		"trap 'exit 7' TERM; kill -TERM $PPID; while :; do :; done", NULL });
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 7, "status 0x%x: %s", r.status,
		      r.err);
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
	tcase_add_test(tc, launcher_stops_x32_numbers);
	tcase_add_test(tc, failed_install_never_runs_the_command);
	tcase_add_test(tc, kernel_refusal_never_runs_the_command);
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
	tc = tcase_create("report");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, report_names_the_denied_syscall);
	tcase_add_test(tc, report_names_the_rule);
	tcase_add_test(tc, report_counts_and_keeps_the_status);
	tcase_add_test(tc, report_refuses_a_raw_filter);
	tcase_add_test(tc, report_forwards_sigterm);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
