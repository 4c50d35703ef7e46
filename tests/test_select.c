/*
 * test_select.c - the selection options seccompc and seccompc-exec share: one
 * capability model (caps.h) with the kernel's names, the same capability set
 * from both tools for the same options (through the kernel: what a program
 * is answered, and the filter the kernel holds), unknown names refused with
 * a suggestion, and --bad-arch refusing actions that would skip the rules.
 */
#include <check.h>
#include <errno.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "caps.h"
#include "run_command.h"

static char *env(const char *name)
{
	char *v = getenv(name);
	ck_assert_msg(v != NULL, "%s is not set", name);
	return v;
}

#define SECCOMPC env("SECCOMPC")
#define EXEC env("SECCOMPC_EXEC")
#define PROBE env("PROBE")

/* The kernel's own list (linux/capability.h), an independent source. */
#define K(c) { #c, c }
static const struct { const char *name; int nr; } kernel_caps[] = {
	K(CAP_CHOWN), K(CAP_DAC_OVERRIDE), K(CAP_DAC_READ_SEARCH), K(CAP_FOWNER), K(CAP_FSETID),
	K(CAP_KILL), K(CAP_SETGID), K(CAP_SETUID), K(CAP_SETPCAP), K(CAP_LINUX_IMMUTABLE),
	K(CAP_NET_BIND_SERVICE), K(CAP_NET_BROADCAST), K(CAP_NET_ADMIN), K(CAP_NET_RAW),
	K(CAP_IPC_LOCK), K(CAP_IPC_OWNER), K(CAP_SYS_MODULE), K(CAP_SYS_RAWIO), K(CAP_SYS_CHROOT),
	K(CAP_SYS_PTRACE), K(CAP_SYS_PACCT), K(CAP_SYS_ADMIN), K(CAP_SYS_BOOT), K(CAP_SYS_NICE),
	K(CAP_SYS_RESOURCE), K(CAP_SYS_TIME), K(CAP_SYS_TTY_CONFIG), K(CAP_MKNOD), K(CAP_LEASE),
	K(CAP_AUDIT_WRITE), K(CAP_AUDIT_CONTROL), K(CAP_SETFCAP), K(CAP_MAC_OVERRIDE),
	K(CAP_MAC_ADMIN), K(CAP_SYSLOG), K(CAP_WAKE_ALARM), K(CAP_BLOCK_SUSPEND), K(CAP_AUDIT_READ),
	K(CAP_PERFMON), K(CAP_BPF), K(CAP_CHECKPOINT_RESTORE),
};
#define NKERNEL_CAPS (sizeof kernel_caps / sizeof kernel_caps[0])

START_TEST(capability_names_are_the_kernels)
{
	ck_assert_int_eq(CAP_COUNT, NKERNEL_CAPS);
	ck_assert_int_eq(CAP_LAST_CAP + 1, CAP_COUNT);
	for (size_t i = 0; i < NKERNEL_CAPS; i++) {
		ck_assert_int_eq(cap_by_name(kernel_caps[i].name), kernel_caps[i].nr);
		ck_assert_str_eq(cap_name(kernel_caps[i].nr), kernel_caps[i].name);
	}
	ck_assert_ptr_null(cap_name(CAP_COUNT));
	ck_assert_ptr_null(cap_name(-1));
}
END_TEST

START_TEST(names_in_any_case_with_or_without_prefix)
{
	static const char *const same[] = { "CAP_SYS_PTRACE", "sys_ptrace", "Sys_Ptrace",
					    "cap_sys_ptrace", "CAP_sys_ptrace", "SYS_PTRACE" };
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
		ck_assert_msg(cap_by_name(same[i]) == CAP_SYS_PTRACE, "%s", same[i]);
	static const char *const unknown[] = { "", "CAP_", "SYS_PTRAC", "CAP_SYS_PTRACEX", "ptrace",
					       "CAP_CAP_CHOWN", "ALL" };
	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
		ck_assert_msg(cap_by_name(unknown[i]) == -1, "%s", unknown[i]);
}
END_TEST

START_TEST(unknown_names_get_the_nearest)
{
	ck_assert_str_eq(cap_nearest("CAP_SYS_PTRAC"), "CAP_SYS_PTRACE");
	ck_assert_str_eq(cap_nearest("sysadmin"), "CAP_SYS_ADMIN");
	ck_assert_str_eq(cap_nearest("net_admn"), "CAP_NET_ADMIN");
	ck_assert_str_eq(cap_nearest("kil"), "CAP_KILL");
	ck_assert_ptr_null(cap_nearest("banana"));
	ck_assert_ptr_null(cap_nearest("x"));
}
END_TEST

static uint64_t bit(int cap)
{
	return UINT64_C(1) << cap;
}

/* Applies "KIND:ARG" options in order; the final set, or ~0 on an error. */
static uint64_t set_of(const char *const *opts, char *why, size_t size)
{
	struct cap_options o;
	cap_options_init(&o);
	for (; *opts; opts++) {
		enum cap_option_kind kind = (*opts)[0] == 'c' ? CAP_OPT_CAPS :
					    (*opts)[0] == '+' ? CAP_OPT_ADD : CAP_OPT_DROP;
		if (!cap_options_apply(&o, kind, *opts + 2, why, size))
			return ~UINT64_C(0);
	}
	return o.set;
}

START_TEST(options_compose_whatever_their_order)
{
	char why[256];
	uint64_t docker = cap_set_docker();
	ck_assert_uint_eq(__builtin_popcountll(docker), 14);
	ck_assert(docker & bit(CAP_CHOWN) && docker & bit(CAP_AUDIT_WRITE));
	ck_assert(!(docker & bit(CAP_SYS_ADMIN)));
	ck_assert_uint_eq(set_of((const char *[]){ NULL }, why, sizeof why), docker);
	ck_assert_uint_eq(set_of((const char *[]){ "c:docker", "+:CAP_SYS_PTRACE", NULL }, why,
				 sizeof why), docker | bit(CAP_SYS_PTRACE));
	/* Adding to the default is adding to Docker's set. */
	ck_assert_uint_eq(set_of((const char *[]){ "+:sys_ptrace", NULL }, why, sizeof why),
			  docker | bit(CAP_SYS_PTRACE));
	/* --caps is the base wherever it stands. */
	ck_assert_uint_eq(set_of((const char *[]){ "+:net_admin", "c:none", NULL }, why, sizeof why),
			  bit(CAP_NET_ADMIN));
	ck_assert_uint_eq(set_of((const char *[]){ "c:all", "-:CAP_SYS_ADMIN", NULL }, why, sizeof why),
			  CAP_SET_ALL & ~bit(CAP_SYS_ADMIN));
	ck_assert_uint_eq(set_of((const char *[]){ "-:chown", "-:kill", NULL }, why, sizeof why),
			  docker & ~bit(CAP_CHOWN) & ~bit(CAP_KILL));
	/* Dropping what is not there changes nothing. */
	ck_assert_uint_eq(set_of((const char *[]){ "c:none", "-:chown", NULL }, why, sizeof why), 0);
	ck_assert_uint_eq(set_of((const char *[]){ "+:chown", "-:CAP_CHOWN", NULL }, why, sizeof why),
			  ~UINT64_C(0));
	ck_assert_str_eq(why, "--drop-cap CAP_CHOWN: CAP_CHOWN is also added with --cap");
	ck_assert_uint_eq(set_of((const char *[]){ "c:dokcer", NULL }, why, sizeof why), ~UINT64_C(0));
	ck_assert_str_eq(why, "--caps dokcer: expected docker, none or all");
	ck_assert_uint_eq(set_of((const char *[]){ "+:all", NULL }, why, sizeof why), ~UINT64_C(0));
	ck_assert_str_eq(why, "--cap all: not a capability; --caps all selects every one");
}
END_TEST

/* Both tools, the same wrong option: the same sentence, with the tool's
 * name; seccompc exits 2 (usage), seccompc-exec 125 (the command did not
 * run). --strict changes nothing: an unknown name is always an error. */
START_TEST(both_tools_refuse_unknown_names)
{
	static const struct { const char *opt, *arg, *says; } bad[] = {
		{ "--cap", "CAP_SYS_PTRAC", "--cap CAP_SYS_PTRAC: no such capability; did you mean "
					    "CAP_SYS_PTRACE?" },
		{ "--cap", "sys_ptrac", "--cap sys_ptrac: no such capability; did you mean "
					"CAP_SYS_PTRACE?" },
		{ "--drop-cap", "CAP_SYSADMIN", "--drop-cap CAP_SYSADMIN: no such capability; did you "
						"mean CAP_SYS_ADMIN?" },
		{ "--cap", "--", "--cap: expected a capability name such as CAP_SYS_PTRACE, got \"--\"" },
		{ "--caps", "dokcer", "--caps dokcer: expected docker, none or all" },
	};
	char profile[4096];
	snprintf(profile, sizeof profile, "%s/profiles/default.json", env("SRCDIR"));
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char want[512];
		struct run r;
		run(&r, (char *const[]){ SECCOMPC, profile, (char *)bad[i].opt, (char *)bad[i].arg,
			"--strict", "-o", "-", NULL });
		snprintf(want, sizeof want, "seccompc: %s\n", bad[i].says);
		ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 2, "%s", r.err);
		ck_assert_str_eq(r.err, want);
		run(&r, (char *const[]){ EXEC, profile, (char *)bad[i].opt, (char *)bad[i].arg, "--",
			"/bin/true", NULL });
		snprintf(want, sizeof want, "seccompc-exec: %s\n", bad[i].says);
		ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 125, "%s", r.err);
		ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0, "%s", r.err);
	}
	/* Any case, with or without CAP_: accepted by both. */
	struct run r;
	run(&r, (char *const[]){ SECCOMPC, profile, "--cap", "sys_ptrace", "--drop-cap", "Chown",
		"--strict", "-o", "-", NULL });
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "%s", r.err);
	run(&r, (char *const[]){ EXEC, profile, "--cap", "sys_ptrace", "--drop-cap", "Chown", "--",
		"/bin/true", NULL });
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "%s", r.err);
}
END_TEST

/* Process ids no process can have: above PID_MAX_LIMIT (2^22), whatever
 * pid_max is (ids 1000 + N were reused once pids wrapped on a busy
 * machine, and getpgid() then succeeded). */
#define NO_PID 0x40000000

/* A profile that shows the capability set to the program: getpgid(NO_PID + N)
 * fails with errno 100 + N exactly when capability N is in the set (else
 * ESRCH: there is no such process group). */
static const char *cap_profile(void)
{
	static char path[64];
	snprintf(path, sizeof path, "/tmp/seccompc-test-caps-%d.json", (int)getpid());
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [\n", f);
	for (int c = 0; c < CAP_COUNT; c++)
		fprintf(f, "%s  {\"names\": [\"getpgid\"], \"action\": \"SCMP_ACT_ERRNO\", "
			"\"errnoRet\": %d, \"args\": [{\"index\": 0, \"value\": %d, \"op\": "
			"\"SCMP_CMP_EQ\"}], \"includes\": {\"caps\": [\"%s\"]}}", c ? ",\n" : "",
			100 + c, NO_PID + c, cap_name(c));
	fputs("\n]}\n", f);
	fclose(f);
	return path;
}

/* argv: PREFIX... then probe with one getpgid call a capability. */
static void run_cap_probe(struct run *r, char *const *prefix, size_t nprefix)
{
	char *argv[16 + 4 * CAP_COUNT];
	static char args[CAP_COUNT][16], nr[16];
	size_t n = 0;
	for (size_t i = 0; i < nprefix; i++)
		argv[n++] = prefix[i];
	argv[n++] = PROBE;
	snprintf(nr, sizeof nr, "%d", SYS_getpgid);
	for (int c = 0; c < CAP_COUNT; c++) {
		snprintf(args[c], sizeof args[c], "%d", NO_PID + c);
		if (c)
			argv[n++] = "--";
		argv[n++] = nr;
		argv[n++] = args[c];
	}
	argv[n] = NULL;
	run(r, argv);
	ck_assert_msg(WIFEXITED(r->status) && WEXITSTATUS(r->status) == 0, "%s", r->err);
}

/* The set the program saw, from run_cap_probe's output. */
static uint64_t seen_set(const char *out)
{
	uint64_t set = 0;
	for (int c = 0; c < CAP_COUNT; c++) {
		int err;
		ck_assert_int_eq(sscanf(out, "ret -1 errno %d\n", &err), 1);
		if (err == 100 + c)
			set |= bit(c);
		else
			ck_assert_msg(err == ESRCH, "getpgid(%d): errno %d", NO_PID + c, err);
		out = strchr(out, '\n') + 1;
	}
	return set;
}

static const struct {
	const char *opts[6];
} selections[] = {
	{ { NULL } },
	{ { "--caps", "docker", "--cap", "CAP_SYS_PTRACE", NULL } },
	{ { "--cap", "sys_ptrace", NULL } },
	{ { "--caps", "none", "--cap", "net_admin", NULL } },
	{ { "--caps", "all", "--drop-cap", "CAP_SYS_ADMIN", NULL } },
	{ { "--drop-cap", "chown", "--drop-cap", "KILL", NULL } },
};

static uint64_t expected_set(int i)
{
	uint64_t docker = cap_set_docker();
	switch (i) {
	case 0: return docker;
	case 1: case 2: return docker | bit(CAP_SYS_PTRACE);
	case 3: return bit(CAP_NET_ADMIN);
	case 4: return CAP_SET_ALL & ~bit(CAP_SYS_ADMIN);
	default: return docker & ~bit(CAP_CHOWN) & ~bit(CAP_KILL);
	}
}

/* The same options give the same set in both tools, as the kernel answers a
 * program: seccompc's raw filter under seccompc-exec, and seccompc-exec
 * compiling the profile itself. */
START_TEST(both_tools_select_the_same_capabilities)
{
	const char *profile = cap_profile();
	char blob[64];
	snprintf(blob, sizeof blob, "/tmp/seccompc-test-caps-%d.bpf", (int)getpid());
	const char *const *opts = selections[_i].opts;
	size_t nopts = 0;
	while (opts[nopts])
		nopts++;
	char *argv[16];
	size_t n = 0;
	argv[n++] = SECCOMPC;
	argv[n++] = (char *)profile;
	for (size_t i = 0; i < nopts; i++)
		argv[n++] = (char *)opts[i];
	argv[n++] = "-o";
	argv[n++] = blob;
	argv[n] = NULL;
	struct run compiled, blob_run, exec_run;
	run(&compiled, argv);
	ck_assert_msg(WIFEXITED(compiled.status) && WEXITSTATUS(compiled.status) == 0, "%s",
		      compiled.err);
	run_cap_probe(&blob_run, (char *const[]){ EXEC, blob, "--" }, 3);
	n = 0;
	argv[n++] = EXEC;
	argv[n++] = (char *)profile;
	for (size_t i = 0; i < nopts; i++)
		argv[n++] = (char *)opts[i];
	argv[n++] = "--";
	run_cap_probe(&exec_run, argv, n);
	unlink(profile);
	unlink(blob);
	ck_assert_str_eq(blob_run.out, exec_run.out);
	ck_assert_uint_eq(seen_set(exec_run.out), expected_set(_i));
}
END_TEST

/* The filter the kernel holds for a command seccompc-exec started is, byte
 * for byte, what seccompc writes for the same options (read back with
 * PTRACE_SECCOMP_GET_FILTER, which needs CAP_SYS_ADMIN). */
START_TEST(the_kernel_holds_the_same_filter_from_both)
{
	if (geteuid() != 0) {
		fprintf(stderr, "the_kernel_holds_the_same_filter_from_both: skipped: "
			"PTRACE_SECCOMP_GET_FILTER needs root\n");
		return;
	}
	const char *profile = cap_profile();
	char blob[64];
	snprintf(blob, sizeof blob, "/tmp/seccompc-test-caps-%d.bpf", (int)getpid());
	struct run r;
	run(&r, (char *const[]){ SECCOMPC, (char *)profile, "--caps", "none", "--cap", "sys_admin",
		"--cap", "CAP_BPF", "-o", blob, NULL });
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "%s", r.err);
	static struct sock_filter want[4097], got[4097];
	FILE *f = fopen(blob, "rb");
	ck_assert_ptr_nonnull(f);
	size_t nwant = fread(want, sizeof want[0], 4097, f);
	fclose(f);
	unlink(blob);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		freopen("/dev/null", "w", stderr);
		execl(EXEC, EXEC, profile, "--cap", "CAP_SYS_ADMIN", "--caps", "none", "--cap", "bpf",
		      "--", "/bin/sh", "-c", "kill -STOP $$", (char *)NULL);
		_exit(99);
	}
	int st;
	ck_assert_int_eq(waitpid(pid, &st, WUNTRACED), pid);
	ck_assert_msg(WIFSTOPPED(st), "status 0x%x", st);
	ck_assert_int_eq(ptrace(PTRACE_ATTACH, pid, 0, 0), 0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	long len = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, 0, got);
	int e = errno;
	ptrace(PTRACE_DETACH, pid, 0, 0);
	kill(pid, SIGCONT);
	waitpid(pid, &st, 0);
	unlink(profile);
	if (len < 0 && e == EMEDIUMTYPE) {
		fprintf(stderr, "the_kernel_holds_the_same_filter_from_both: skipped: the kernel keeps "
			"no copy of filters (CONFIG_CHECKPOINT_RESTORE off)\n");
		return;
	}
	ck_assert_msg(len > 0, "PTRACE_SECCOMP_GET_FILTER: %s", strerror(e));
	ck_assert_uint_eq((size_t)len, nwant);
	ck_assert_msg(memcmp(want, got, nwant * sizeof want[0]) == 0, "the filters differ");
}
END_TEST

/* LOG and ALLOW (TRACE, NOTIFY: whenever a tracer or a listener agrees) as
 * the bad-arch action let a foreign arch's syscalls skip every rule: an
 * x86_64-only filter would let int $0x80 reach any x86 syscall. Refused. */
START_TEST(bad_arch_refuses_actions_that_skip_the_rules)
{
	char profile[4096];
	snprintf(profile, sizeof profile, "%s/profiles/default.json", env("SRCDIR"));
	static const char *const refused[] = { "LOG", "allow", "SCMP_ACT_LOG", "trace", "notify" };
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		struct run r;
		run(&r, (char *const[]){ SECCOMPC, profile, "--bad-arch", (char *)refused[i], "-o", "-",
			NULL });
		ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 2, "%s: %s", refused[i],
			      r.err);
		ck_assert_msg(strstr(r.err, "would skip every rule") &&
			      strstr(r.err, "expected KILL_PROCESS, KILL_THREAD, TRAP or ERRNO(N)\n") &&
			      !strstr(r.err, "or LOG"), "%s", r.err);
	}
	static const char *const accepted[] = { "KILL_PROCESS", "kill_thread", "TRAP", "ERRNO(38)",
						"SCMP_ACT_ERRNO" };
	for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++) {
		struct run r;
		run(&r, (char *const[]){ SECCOMPC, profile, "--bad-arch", (char *)accepted[i], "-o", "-",
			NULL });
		ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "%s: %s", accepted[i],
			      r.err);
	}
	struct run r;
	run(&r, (char *const[]){ SECCOMPC, profile, "--bad-arch", "PERMIT", "-o", "-", NULL });
	ck_assert_int_eq(WEXITSTATUS(r.status), 2);
	ck_assert_str_eq(r.err, "seccompc: --bad-arch PERMIT: expected KILL_PROCESS, KILL_THREAD, TRAP "
				"or ERRNO(N)\n");
}
END_TEST

/* A raw filter has no rules to select: the selection options are refused
 * with it (exit 125), never silently ignored, and the command does not run. */
START_TEST(a_raw_filter_takes_no_selection_options)
{
	char profile[4096], blob[128], marker[128];
	snprintf(profile, sizeof profile, "%s/profiles/default.json", env("SRCDIR"));
	snprintf(blob, sizeof blob, "/tmp/seccompc-select-%d.bpf", (int)getpid());
	snprintf(marker, sizeof marker, "/tmp/seccompc-select-%d.ran", (int)getpid());
	struct run r;
	run(&r, (char *const[]){ SECCOMPC, profile, "-o", blob, NULL });
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "%s", r.err);
	static const char *const options[][2] = {
		{ "--cap", "CAP_SYS_ADMIN" }, { "--caps", "none" }, { "--drop-cap", "CAP_KILL" },
		{ "--kernel", "5.10" },
	};
	for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
		unlink(marker);
		run(&r, (char *const[]){ EXEC, (char *)options[i][0], (char *)options[i][1], blob,
			"--", "/usr/bin/touch", marker, NULL });
		ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 125, "%s: %s",
			      options[i][0], r.err);
		ck_assert_msg(strstr(r.err, "select the rules of a JSON profile; a raw filter has "
				     "none"), "%s: %s", options[i][0], r.err);
		ck_assert_msg(access(marker, F_OK) != 0, "%s: the command ran", options[i][0]);
	}
	unlink(blob);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("select");
	TCase *tc = tcase_create("caps");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, capability_names_are_the_kernels);
	tcase_add_test(tc, names_in_any_case_with_or_without_prefix);
	tcase_add_test(tc, unknown_names_get_the_nearest);
	tcase_add_test(tc, options_compose_whatever_their_order);
	tcase_add_test(tc, both_tools_refuse_unknown_names);
	tcase_add_loop_test(tc, both_tools_select_the_same_capabilities, 0,
			    (int)(sizeof selections / sizeof selections[0]));
	tcase_add_test(tc, the_kernel_holds_the_same_filter_from_both);
	suite_add_tcase(s, tc);
	tc = tcase_create("bad_arch");
	tcase_add_test(tc, bad_arch_refuses_actions_that_skip_the_rules);
	tcase_add_test(tc, a_raw_filter_takes_no_selection_options);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
