/*
 * test_failclosed.c - every way seccompc-exec is given a filter fails closed
 * when the kernel refuses it: exit 125, a message that says why, and the
 * command never runs (the marker file it would create is not there).
 *
 * The kernel refuses for real, two ways: the launcher runs inside an outer
 * filter that answers seccomp() and prctl(PR_SET_SECCOMP) with EPERM, or
 * under filters that fill the kernel's limit of 32768 instructions on a
 * path (MAX_INSNS_PER_PATH: each filter counts its length as the kernel
 * converted it, plus 4), so that any further filter is refused with ENOMEM.
 * A new way to launch gets a row in `inputs`. --learn must not write its
 * output either when the command never ran.
 */
#include <check.h>
#include <errno.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launch_test.h"

/* seccomp() and prctl(PR_SET_SECCOMP, ...) fail with EPERM; the rest runs. */
static const struct sock_filter refuse_seccomp[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 4),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, HOST_AUDIT, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_seccomp, 4, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_prctl, 0, 2),
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 16),   /* args[0], low word (little-endian) */
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PR_SET_SECCOMP, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
};

/* Loads and an ALLOW; its tails fill the path (struct sandbox, fill). */
#define FILLER_LEN 4096
static struct sock_filter filler[FILLER_LEN];

static void make_filler(void)
{
	for (size_t i = 0; i + 1 < FILLER_LEN; i++)
		filler[i] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0);
	filler[FILLER_LEN - 1] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
}

static const struct {
	const char *name;
	struct sandbox sandbox;
	const char *says;         /* in the launcher's message */
} refusals[] = {
	{ "seccomp() answers EPERM", { refuse_seccomp, sizeof refuse_seccomp / sizeof refuse_seccomp[0],
				       false }, "Operation not permitted" },
	{ "32768 instructions on the path", { filler, FILLER_LEN, true },
	  "the thread's filters would exceed 32768 instructions together" },
};

enum { MAX_PREFIX = 6 };
static const struct {
	const char *name;
	const char *args[MAX_PREFIX];   /* between seccompc-exec and "--"; "@JSON", "@BLOB",
					 * "@OUT" (--learn's output) */
	bool terminal;                  /* stderr on a terminal: the launcher forks */
} inputs[] = {
	{ "the embedded default", { NULL }, false },
	{ "the default compiled at run time", { "--cap", "CAP_SYS_PTRACE", NULL }, false },
	{ "a shipped name", { "restrictive", NULL }, false },
	{ "a JSON path", { "@JSON", NULL }, false },
	{ "a raw blob", { "@BLOB", NULL }, false },
	{ "--report on the default", { "--report", NULL }, false },
	{ "--report on a JSON path", { "--report", "@JSON", NULL }, false },
	{ "--report on a shipped name", { "--report", "log", NULL }, false },
	{ "--isolate-pids", { "--isolate-pids", NULL }, false },
	{ "--isolate-pids --report", { "--isolate-pids", "--report", "@JSON", NULL }, false },
	{ "--learn on the default", { "--learn", "@OUT", NULL }, false },
	{ "--learn on a JSON path", { "--learn", "@OUT", "@JSON", NULL }, false },
	{ "--learn on a shipped name", { "--learn", "@OUT", "restrictive", NULL }, false },
	{ "--isolate-pids --learn", { "--isolate-pids", "--learn", "@OUT", NULL }, false },
	{ "on a terminal (the note)", { NULL }, true },
	{ "a raw blob on a terminal", { "@BLOB", NULL }, true },
};
#define NINPUTS (sizeof inputs / sizeof inputs[0])

START_TEST(kernel_refusal_never_runs_the_command)
{
	int input = _i % (int)NINPUTS, how = _i / (int)NINPUTS;
	make_filler();
	const char *json = scratch("profile.json"), *blob = scratch("filter.bpf"),
		   *marker = scratch("marker"), *learned = scratch("learned.json");
	char src[4096];
	snprintf(src, sizeof src, "%s/profiles/default.json", test_env("SRCDIR"));
	struct run r;
	run(&r, (char *const[]){ SECCOMPC, src, "-o", (char *)blob, NULL });
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "%s", r.err);
	/* A JSON path: the default profile's text under another name. */
	FILE *in = fopen(src, "r"), *out = fopen(json, "w");
	ck_assert(in && out);
	int c;
	while ((c = fgetc(in)) != EOF)
		fputc(c, out);
	fclose(in);
	fclose(out);
	unlink(marker);
	char *argv[MAX_PREFIX + 5];
	size_t n = 0;
	argv[n++] = EXEC;
	for (size_t i = 0; i < MAX_PREFIX && inputs[input].args[i]; i++) {
		const char *a = inputs[input].args[i];
		argv[n++] = strcmp(a, "@JSON") == 0 ? (char *)json : strcmp(a, "@BLOB") == 0 ? (char *)blob
			  : strcmp(a, "@OUT") == 0 ? (char *)learned : (char *)a;
	}
	argv[n++] = "--";
	argv[n++] = "/usr/bin/touch";
	argv[n++] = (char *)marker;
	argv[n] = NULL;
	/* The command runs where the kernel does not refuse. */
	if (inputs[input].terminal)
		run_on_terminal(&r, NULL, NULL, argv);
	else
		run(&r, argv);
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0 && access(marker, F_OK) == 0,
		      "%s, no refusal: status 0x%x: %s", inputs[input].name, r.status, r.err);
	unlink(marker);
	unlink(learned);
	/* Refused: 125, why, and no marker (nor a learned profile). */
	if (inputs[input].terminal)
		run_on_terminal(&r, enter_sandbox, &refusals[how].sandbox, argv);
	else
		run_with(&r, enter_sandbox, &refusals[how].sandbox, argv);
	bool marked = access(marker, F_OK) == 0, wrote = access(learned, F_OK) == 0;
	unlink(marker);
	unlink(learned);
	unlink(json);
	unlink(blob);
	ck_assert_msg(!marked, "%s, %s: the command ran", inputs[input].name, refusals[how].name);
	ck_assert_msg(!wrote, "%s, %s: %s was written", inputs[input].name, refusals[how].name, learned);
	ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 125, "%s, %s: status 0x%x: %s",
		      inputs[input].name, refusals[how].name, r.status, r.err);
	bool no_namespaces = strstr(r.err, "--isolate-pids: new ") != NULL;
	ck_assert_msg(no_namespaces || strstr(r.err, refusals[how].says), "%s, %s: %s",
		      inputs[input].name, refusals[how].name, r.err);
	ck_assert_msg(!strstr(r.err, "note:"), "%s: a note for a command that never ran: %s",
		      inputs[input].name, r.err);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("failclosed");
	TCase *tc = tcase_create("failclosed");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, kernel_refusal_never_runs_the_command, 0,
			    (int)(NINPUTS * (sizeof refusals / sizeof refusals[0])));
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
