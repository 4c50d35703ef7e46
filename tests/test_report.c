/*
 * test_report.c - seccompc-exec --report as a user runs it, kernel truth: the
 * program is answered exactly what it is answered without --report (errno
 * capped as the kernel caps it), every process that holds the filter is
 * followed, profiles that deny what the launcher itself could need
 * (sendmsg) work, the report decodes arguments, escapes what the program
 * wrote, collapses expected fallbacks, and suggests rules that really allow
 * the call (checked by running again with them).
 */
#include <check.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launch_test.h"

static bool exited(const struct run *r, int code)
{
	return WIFEXITED(r->status) && WEXITSTATUS(r->status) == code;
}

START_TEST(report_names_the_denied_syscall)
{
	struct run r;
	run(&r, (char *const[]){ EXEC, "--report", "--", PROBE, num(SYS_unshare), "0x10000000", NULL });
	ck_assert_msg(exited(&r, 0), "%s", r.err);
	/* The program saw what it would have seen without --report. */
	ck_assert_str_eq(r.out, "ret -1 errno 1\n");
	ck_assert_msg(strstr(r.err, "seccompc-exec: denied: pid ") &&
		      strstr(r.err, " (probe) unshare(CLONE_NEWUSER) -> ERRNO(1) by defaultAction "
				    "(default.json:2)\n"), "%s", r.err);
	ck_assert_msg(strstr(r.err, "seccompc-exec: summary: 1 denied call of 1 syscall in 1 process\n"
				    "  syscall   calls  answer    decided by\n"
				    "  unshare       1  ERRNO(1)  defaultAction (default.json:2)\n"),
		      "%s", r.err);
}
END_TEST

/* A profile's own rules: the report names the rule (JSON path, file and
 * line), and the program sees exactly what it sees without --report,
 * NOTIFY included (ENOSYS: nobody listens). */
START_TEST(report_names_the_rule)
{
	const char *path = scratch("report.json");
	write_text(path, "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
			 " \"syscalls\": [\n"
			 "  {\"names\": [\"unshare\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 95},\n"
			 "  {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_NOTIFY\"}\n"
			 " ]}\n");
	char want[512];
	struct run plain, r;
	run(&plain, (char *const[]){ EXEC, (char *)path, "--", PROBE, num(SYS_unshare), "0x10000000",
		NULL });
	run(&r, (char *const[]){ EXEC, "--report", (char *)path, "--", PROBE, num(SYS_unshare),
		"0x10000000", NULL });
	ck_assert_str_eq(plain.out, "ret -1 errno 95\n");
	ck_assert_str_eq(r.out, plain.out);
	snprintf(want, sizeof want, " unshare(CLONE_NEWUSER) -> ERRNO(95) by syscalls[0] (%s:3)\n", path);
	ck_assert_msg(strstr(r.err, want), "%s", r.err);
	run(&plain, (char *const[]){ EXEC, (char *)path, "--", PROBE, num(SYS_getppid), NULL });
	run(&r, (char *const[]){ EXEC, "--report", (char *)path, "--", PROBE, num(SYS_getppid), NULL });
	ck_assert_str_eq(plain.out, "ret -1 errno 38\n");
	ck_assert_str_eq(r.out, plain.out);
	snprintf(want, sizeof want, " getppid(0, 0, 0, 0, 0, 0) -> NOTIFY (answered ENOSYS, "
		 "as without a listener) by syscalls[1] (%s:4)\n", path);
	ck_assert_msg(strstr(r.err, want), "%s", r.err);
	snprintf(want, sizeof want, "  getppid       1  NOTIFY->ENOSYS  syscalls[1] (%s:4)\n", path);
	ck_assert_msg(strstr(r.err, want), "%s", r.err);
	unlink(path);
}
END_TEST

START_TEST(report_counts_and_keeps_the_status)
{
	struct run r;
	run(&r, (char *const[]){ EXEC, "--report", "--", "/bin/sh", "-c",
		"unshare --user true; unshare --user true; exit 3", NULL });
	ck_assert_msg(exited(&r, 3), "%s", r.err);
	ck_assert_msg(strstr(r.err, "seccompc-exec: summary: 2 denied calls of 1 syscall in 2 "
				    "processes\n"), "%s", r.err);
	ck_assert_msg(strstr(r.err, "\n  unshare       2  ERRNO(1)  defaultAction (default.json:2)\n"),
		      "%s", r.err);
	/* A program that is denied nothing. */
	run(&r, (char *const[]){ EXEC, "--report", "--", "/bin/true", NULL });
	ck_assert_int_eq(WEXITSTATUS(r.status), 0);
	ck_assert_str_eq(r.err, "seccompc-exec: summary: no syscall was denied\n");
	/* Killed by the filter (an x32 number): killed the same way, and said so. */
	char nr[32];
	snprintf(nr, sizeof nr, "%#x", 0x40000000 | SYS_getpid);
	run(&r, (char *const[]){ EXEC, "--report", "--", PROBE, nr, NULL });
	ck_assert_msg(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGSYS, "0x%x", r.status);
	ck_assert_msg(strstr(r.err, "seccompc-exec: the command was killed by SIGSYS"), "%s", r.err);
}
END_TEST

START_TEST(report_refuses_a_raw_filter)
{
	static const struct sock_filter allow[] = { BPF_STMT(BPF_RET | BPF_K, 0x7fff0000) };
	const char *marker = scratch("marker"), *blob = scratch("allow.bpf");
	unlink(marker);
	write_file(blob, allow, sizeof allow);
	struct run r;
	run(&r, (char *const[]){ EXEC, "--report", (char *)blob, "--", "/usr/bin/touch",
		(char *)marker, NULL });
	unlink(blob);
	ck_assert_int_eq(WEXITSTATUS(r.status), 125);
	ck_assert_msg(strstr(r.err, "--report needs a JSON profile or a NAME"), "%s", r.err);
	ck_assert_int_ne(access(marker, F_OK), 0);
}
END_TEST

/* The supervisor passes SIGTERM and SIGCONT on: the command's trap decides
 * the status (the loop only bounds the wait: 3 means nothing arrived). */
START_TEST(report_forwards_signals)
{
	static const char *const sigs[] = { "TERM", "CONT" };
	for (size_t i = 0; i < 2; i++) {
		char script[256];
		snprintf(script, sizeof script, "trap 'exit 7' %s; kill -%s $PPID; i=0; "
			 "while [ $i -lt 2000 ]; do sleep 0.01; i=$((i+1)); done; exit 3", sigs[i], sigs[i]);
		struct run r;
		run(&r, (char *const[]){ EXEC, "--report", "--", "/bin/sh", "-c", script, NULL });
		ck_assert_msg(exited(&r, 7), "SIG%s: status 0x%x: %s", sigs[i], r.status, r.err);
	}
}
END_TEST

/* The child installs the filter and must hand its listener over; a profile
 * that denies sendmsg used to catch that hand-over in its own notification
 * and hang. */
START_TEST(report_finishes_when_the_profile_denies_sendmsg)
{
	const char *path = scratch("nosend.json");
	write_text(path, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": "
			 "[\"sendmsg\", \"sendto\", \"sendmmsg\", \"recvmsg\"], "
			 "\"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1}]}\n");
	struct run r;
	run(&r, (char *const[]){ EXEC, "--report", (char *)path, "--", PROBE, num(SYS_sendmsg), "9",
		"0", "0", NULL });
	unlink(path);
	ck_assert_msg(exited(&r, 0), "status 0x%x: %s", r.status, r.err);
	ck_assert_str_eq(r.out, "ret -1 errno 1\n");
	ck_assert_msg(strstr(r.err, " (probe) sendmsg(") && strstr(r.err, "\n  sendmsg       1  "), "%s",
		      r.err);
}
END_TEST

/* The kernel caps SECCOMP_RET_ERRNO's data at MAX_ERRNO (4095); a listener's
 * answer is not capped (-5000 would be a successful -5000). The report
 * answers what the kernel would have. */
START_TEST(errno_above_4095_is_capped_as_the_kernel_does)
{
	static const struct { int ret; const char *seen; } cases[] = {
		{ 5000, "ret -1 errno 4095\n" }, { 65535, "ret -1 errno 4095\n" },
		{ 4095, "ret -1 errno 4095\n" }, { 0, "ret 0 errno 0\n" },
	};
	const char *path = scratch("errno.json");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char json[256];
		snprintf(json, sizeof json, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": "
			 "[{\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": %d}]}",
			 cases[i].ret);
		write_text(path, json);
		struct run kernel, r;
		run(&kernel, (char *const[]){ EXEC, (char *)path, "--", PROBE, num(SYS_getppid), NULL });
		run(&r, (char *const[]){ EXEC, "--report", (char *)path, "--", PROBE, num(SYS_getppid),
			NULL });
		ck_assert_msg(exited(&kernel, 0) && exited(&r, 0), "%s%s", kernel.err, r.err);
		ck_assert_str_eq(kernel.out, cases[i].seen);
		ck_assert_str_eq(r.out, kernel.out);
		if (cases[i].ret > 4095)
			ck_assert_msg(strstr(r.err, "), answered 4095 as the kernel caps it by "), "%s", r.err);
	}
	unlink(path);
}
END_TEST

/* The command's own process exits at once and leaves a process behind,
 * which waits for that exit and then makes a denied call: it is still
 * answered as the profile says (not ENOSYS) and reported, and the launcher
 * ends with the command's status once the last process is gone. */
START_TEST(report_follows_processes_left_behind)
{
	char script[512];
	snprintf(script, sizeof script, "(while kill -0 $$ 2>/dev/null; do :; done; exec %s %d 0) & "
		 "exit 5", PROBE, SYS_unshare);
	struct run r;
	run(&r, (char *const[]){ EXEC, "--report", "--", "/bin/sh", "-c", script, NULL });
	ck_assert_msg(exited(&r, 5), "status 0x%x: %s", r.status, r.err);
	ck_assert_str_eq(r.out, "ret -1 errno 1\n");
	ck_assert_msg(strstr(r.err, " (probe) unshare(0) -> ERRNO(1) by defaultAction"), "%s", r.err);
	ck_assert_msg(strstr(r.err, "summary: 1 denied call of 1 syscall in 1 process\n"), "%s", r.err);
}
END_TEST

START_TEST(report_prints_syscall_numbers_unsigned)
{
	struct run r;
	/* -1: on x86_64 the one number from 2^31 up that is not a foreign
	 * arch's (numbers from 2^30 up are x32's), so the profile decides it. */
	run(&r, (char *const[]){ EXEC, "--report", "--", PROBE, "0xffffffff", NULL });
	ck_assert_msg(exited(&r, 0), "%s", r.err);
	ck_assert_str_eq(r.out, "ret -1 errno 1\n");
	ck_assert_msg(strstr(r.err, " syscall_4294967295(0, 0, 0, 0, 0, 0) -> ERRNO(1) by defaultAction") &&
		      strstr(r.err, "\n  syscall 4294967295       1  ERRNO(1)  defaultAction"), "%s", r.err);
	ck_assert_ptr_null(strstr(r.err, "-1("));
}
END_TEST

/* The program names itself and the paths it passes: escape sequences in
 * them must not reach the terminal. */
START_TEST(report_escapes_what_the_program_wrote)
{
	if (access("/usr/bin/python3", X_OK) != 0) {
		fprintf(stderr, "report_escapes_what_the_program_wrote: skipped: no python3\n");
		return;
	}
	const char *path = scratch("nomkdir.json");
	write_text(path, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": "
			 "[\"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 13}]}");
	struct run r;
	run(&r, (char *const[]){ EXEC, "--report", (char *)path, "--", "/usr/bin/python3", "-c",
		"import ctypes, os\n"
		"ctypes.CDLL(None).prctl(15, b'ev\\x1b[31mil', 0, 0, 0)\n"
		"try:\n"
		"    os.mkdir(b'/tmp/x\\x1b]0;t\\x07\\xc2\\x9b\\n')\n"
		"except OSError as e:\n"
		"    print(e.errno)\n", NULL });
	unlink(path);
	ck_assert_msg(exited(&r, 0), "%s", r.err);
	ck_assert_str_eq(r.out, "13\n");
	ck_assert_msg(strstr(r.err, " (ev\\e[31mil) mkdir") &&
		      strstr(r.err, "(\"/tmp/x\\e]0;t\\x07\\xc2\\x9b\\n\", 0777) -> ERRNO(13)"), "%s", r.err);
	for (const char *p = r.err; *p; p++)
		ck_assert_msg(*p == '\n' || ((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f),
			      "a raw byte %#x reached the terminal", (unsigned char)*p);
}
END_TEST

/* clone3 answered ENOSYS (as Docker's profile does): the C library falls
 * back to clone. Not a denial to report call by call: one line. */
START_TEST(report_collapses_expected_fallbacks)
{
	struct run r;
	run(&r, (char *const[]){ EXEC, "--report", "--", PROBE, num(SYS_clone3), "0", "0", "--",
		num(SYS_clone3), "0", "0", NULL });
	ck_assert_msg(exited(&r, 0), "%s", r.err);
	ck_assert_str_eq(r.out, "ret -1 errno 38\nret -1 errno 38\n");
	ck_assert_str_eq(r.err, "seccompc-exec: summary: no syscall was denied\n"
				"seccompc-exec: expected fallbacks (answered ENOSYS, as the profile says; "
				"the caller then uses an older call): clone3 x2 (to clone)\n");
}
END_TEST

/* Only the arch's ENOSYS makes an expected fallback: clone3 refused with
 * EPERM fails for good, and is reported as any denial. */
START_TEST(report_fallbacks_only_on_enosys)
{
	const char *path = scratch("clone3.json");
	write_text(path, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": "
			 "[\"clone3\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1}]}");
	struct run r;
	run(&r, (char *const[]){ EXEC, "--report", (char *)path, "--", PROBE, num(SYS_clone3), "0",
		"0", NULL });
	unlink(path);
	ck_assert_msg(exited(&r, 0), "%s", r.err);
	ck_assert_str_eq(r.out, "ret -1 errno 1\n");
	ck_assert_msg(strstr(r.err, "seccompc-exec: denied: pid ") && strstr(r.err, "clone3(") &&
		      strstr(r.err, "-> ERRNO(1) by syscalls[0]") &&
		      strstr(r.err, "summary: 1 denied call of 1 syscall") &&
		      !strstr(r.err, "expected fallbacks"), "%s", r.err);
}
END_TEST

#if defined(__x86_64__)
/* Arguments by name, through the kernel: every call is denied, so none
 * has an effect. */
START_TEST(report_decodes_arguments)
{
	const char *path = scratch("decode.json");
	char json[1024];
	snprintf(json, sizeof json, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": ["
		 "{\"names\": [\"clone\", \"unshare\", \"socket\", \"ioctl\", \"prctl\", \"personality\"], "
		 "\"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1},"
		 "{\"names\": [\"openat\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1, \"args\": "
		 "[{\"index\": 2, \"value\": %d, \"valueTwo\": %d, \"op\": \"SCMP_CMP_MASKED_EQ\"}]}]}",
		 O_CREAT, O_CREAT);
	write_text(path, json);
	struct run r;
	run(&r, (char *const[]){ EXEC, "--report", (char *)path, "--", PROBE,
		num(SYS_clone), "0x10000011", "--", num(SYS_unshare), "0x10020000", "--",
		num(SYS_socket), "2", "0x80001", "0", "--", num(SYS_ioctl), "1", num(TIOCGWINSZ), "0", "--",
		num(SYS_openat), "-100", "0", num(O_WRONLY | O_CREAT | O_TRUNC), "0644", "--",
		num(SYS_prctl), "15", "0", "--", num(SYS_personality), "0x40000", NULL });
	unlink(path);
	ck_assert_msg(exited(&r, 0), "%s", r.err);
	static const char *const calls[] = {
		"clone(CLONE_NEWUSER|SIGCHLD, 0, 0, 0, 0)", "unshare(CLONE_NEWNS|CLONE_NEWUSER)",
		"socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, 0)", "ioctl(1, TIOCGWINSZ, 0)",
		"openat(AT_FDCWD, 0, O_WRONLY|O_CREAT|O_TRUNC, 0644)", "prctl(PR_SET_NAME, 0, 0, 0, 0)",
		"personality(PER_LINUX|ADDR_NO_RANDOMIZE)",
	};
	for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
		char want[128];
		snprintf(want, sizeof want, " (probe) %s -> ERRNO(1) by syscalls[", calls[i]);
		ck_assert_msg(strstr(r.err, want), "%s not in:\n%s", calls[i], r.err);
	}
}
END_TEST
#endif

/* Lines "  {...}" of the report: the rules it suggests, joined with ",\n". */
static void suggested_rules(const char *err, char *out, size_t size)
{
	out[0] = '\0';
	for (const char *p = strstr(err, "\n  {"); p; p = strstr(p + 1, "\n  {")) {
		const char *end = strchr(p + 1, '\n');
		size_t len = strlen(out);
		snprintf(out + len, size - len, "%.*s,\n", (int)(end - p - 3), p + 3);
	}
}

/* The summary's rules make the profile allow the denied calls: checked
 * with the kernel by running the calls again under the profile with them. */
START_TEST(report_suggests_rules_that_allow)
{
	char *argv[] = { EXEC, "--report", NULL, "--", PROBE, num(SYS_unshare), "0", "--",
			 num(SYS_personality), "0x40000", NULL };
	char profile[4096];
	snprintf(profile, sizeof profile, "%s/profiles/default.json", test_env("SRCDIR"));
	argv[2] = profile;
	struct run r;
	run(&r, argv);
	ck_assert_msg(exited(&r, 0), "%s", r.err);
	ck_assert_str_eq(r.out, "ret -1 errno 1\nret -1 errno 1\n");
	ck_assert_msg(strstr(r.err, "seccompc-exec: to allow what was denied, add to \"syscalls\" in "),
		      "%s", r.err);
	char rules[2048];
	suggested_rules(r.err, rules, sizeof rules);
	ck_assert_str_eq(rules, "{\"names\": [\"unshare\"], \"action\": \"SCMP_ACT_ALLOW\"},\n"
				"{\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": "
				"[{\"index\": 0, \"value\": 262144, \"op\": \"SCMP_CMP_EQ\"}]},\n");
	/* The profile with them: both calls go through. */
	static char text[1 << 20], with[(1 << 20) + 4096];
	FILE *f = fopen(profile, "r");
	ck_assert_ptr_nonnull(f);
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	char *at = strstr(text, "\"syscalls\": [");
	ck_assert_ptr_nonnull(at);
	at += strlen("\"syscalls\": [");
	snprintf(with, sizeof with, "%.*s\n%s%s", (int)(at - text), text, rules, at);
	const char *path = scratch("allowed.json");
	write_text(path, with);
	struct run again;
	run(&again, (char *const[]){ EXEC, (char *)path, "--", PROBE, num(SYS_unshare), "0", "--",
		num(SYS_personality), "0x40000", NULL });
	unlink(path);
	ck_assert_msg(exited(&again, 0), "%s", again.err);
	ck_assert_str_eq(again.out, "ret 0 errno 0\nret 0 errno 0\n");
}
END_TEST

/* An unconditional rule decides first: no added rule can allow; the summary
 * names the rule to change. */
START_TEST(report_says_which_rule_to_change)
{
	const char *path = scratch("change.json");
	write_text(path, "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n \"syscalls\": [\n"
			 "  {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\"}\n]}\n");
	struct run r;
	run(&r, (char *const[]){ EXEC, "--report", (char *)path, "--", PROBE, num(SYS_getppid), NULL });
	unlink(path);
	ck_assert_msg(exited(&r, 0), "%s", r.err);
	char want[512];
	snprintf(want, sizeof want, "  getppid: syscalls[0] (%s:3) decides every getppid call first: "
		 "change its action or take \"getppid\" out of its names\n", path);
	ck_assert_msg(strstr(r.err, want), "%s", r.err);
}
END_TEST

/* The profile denies execve: the command cannot start (126), and the
 * report says which call and rule stopped it. */
START_TEST(report_shows_a_denied_execve)
{
	const char *path = scratch("noexec.json");
	write_text(path, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": "
			 "[\"execve\", \"execveat\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 13}]}");
	struct run r;
	run(&r, (char *const[]){ EXEC, "--report", (char *)path, "--", "/bin/true", NULL });
	unlink(path);
	ck_assert_msg(exited(&r, 126), "status 0x%x: %s", r.status, r.err);
	ck_assert_msg(strstr(r.err, " (seccompc-exec) execve(\"/bin/true\", ") &&
		      strstr(r.err, "seccompc-exec: cannot run /bin/true: Permission denied\n") &&
		      strstr(r.err, "seccompc-exec: summary: 1 denied call of 1 syscall in 1 process\n"),
		      "%s", r.err);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("report");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, report_names_the_denied_syscall);
	tcase_add_test(tc, report_names_the_rule);
	tcase_add_test(tc, report_counts_and_keeps_the_status);
	tcase_add_test(tc, report_refuses_a_raw_filter);
	tcase_add_test(tc, report_forwards_signals);
	tcase_add_test(tc, report_finishes_when_the_profile_denies_sendmsg);
	tcase_add_test(tc, errno_above_4095_is_capped_as_the_kernel_does);
	tcase_add_test(tc, report_follows_processes_left_behind);
	tcase_add_test(tc, report_prints_syscall_numbers_unsigned);
	tcase_add_test(tc, report_escapes_what_the_program_wrote);
	tcase_add_test(tc, report_collapses_expected_fallbacks);
	tcase_add_test(tc, report_fallbacks_only_on_enosys);
#if defined(__x86_64__)
	tcase_add_test(tc, report_decodes_arguments);
#endif
	tcase_add_test(tc, report_suggests_rules_that_allow);
	tcase_add_test(tc, report_says_which_rule_to_change);
	tcase_add_test(tc, report_shows_a_denied_execve);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
