/*
 * test_learn.c - seccompc-exec --learn as a profile author runs it, kernel
 * truth: a workload learned from a profile that denies everything runs to
 * success under the learned profile without --learn, which still denies
 * the risky syscalls it never used; learning again extends the file; the
 * same workload gives the same bytes; what the profile tests by argument is
 * pinned to the values seen; deny rules lose the name they denied; what
 * cannot or must not be learned is answered as the profile says or named.
 */
#include <check.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compile.h"
#include "launch_test.h"

/* Denies everything, on x86_64 and its x86 (int $0x80) too. */
static const char deny_all[] =
	"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"archMap\": [{\"architecture\": "
	"\"SCMP_ARCH_X86_64\", \"subArchitectures\": [\"SCMP_ARCH_X86\"]}]}\n";

static const char not_a_sandbox[] = "seccompc-exec: --learn is not a sandbox: ";

static bool exited(const struct run *r, int code)
{
	return WIFEXITED(r->status) && WEXITSTATUS(r->status) == code;
}

/* The whole file, NUL-terminated (malloc'd); NULL when it cannot be read. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, len = 0, n;
	char *text = malloc(cap + 1);
	while ((n = fread(text + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap)
			text = realloc(text, (cap *= 2) + 1);
	}
	fclose(f);
	text[len] = '\0';
	return text;
}

/* Fails at the first line where got and want differ (Check cannot carry
 * whole files in a message). */
static void assert_same_text(const char *got, const char *want, const char *what)
{
	size_t i = 0, line = 1, start = 0;
	for (; got[i] && got[i] == want[i]; i++)
		if (got[i] == '\n') {
			line++;
			start = i + 1;
		}
	if (!got[i] && !want[i])
		return;
	size_t from = i - start > 60 ? i - 60 : start;   /* show where they part */
	ck_abort_msg("%s, line %zu: got \"...%.120s\", expected \"...%.120s\"", what, line, got + from,
		     want + from);
}

static size_t count(const char *text, const char *what)
{
	size_t n = 0;
	for (const char *p = strstr(text, what); p; p = strstr(p + 1, what))
		n++;
	return n;
}

/* Whether the learned file (in seccompc's layout: a name of a rule on a
 * line of its own, four tabs in) names `name` in some rule. */
static bool names(const char *text, const char *name)
{
	char line[96];
	snprintf(line, sizeof line, "\n\t\t\t\t\"%s\"", name);
	for (const char *p = strstr(text, line); p; p = strstr(p + 1, line)) {
		char after = p[strlen(line)];
		if (after == '\n' || after == ',')
			return true;
	}
	return false;
}

/* Does this kernel run x86 syscalls made through int $0x80? */
static bool ia32_available(const char *test)
{
#if defined(__x86_64__)
	struct run r;
	run(&r, (char *const[]){ PROBE, "--ia32", "20", NULL });
	if (exited(&r, 0) && strstr(r.out, " errno 0\n"))
		return true;
#endif
	fprintf(stderr, "%s: no x86 syscalls through int $0x80 here; that part is skipped\n", test);
	return false;
}

/* ---- the agent-like workload ---------------------------------------------- */

static const char python_part[] =
	"/usr/bin/python3 -c '\n"
	"import os, subprocess, threading\n"
	"def work(i):\n"
	"    with open(\"t%d\" % i, \"w\") as f:\n"
	"        f.write(\"x\" * 4096)\n"
	"    with open(\"t%d\" % i) as f:\n"
	"        assert len(f.read()) == 4096\n"
	"    os.unlink(\"t%d\" % i)\n"
	"ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]\n"
	"for t in ts: t.start()\n"
	"for t in ts: t.join()\n"
	"print(\"threads\", len(ts))\n"
	"print(subprocess.run([\"/bin/echo\", \"sub\"], capture_output=True, text=True).stdout.strip())\n"
	"'\n";

static const char git_part[] =
	"git init -q repo && cd repo && echo x > f && git add f &&\n"
	"git -c user.name=t -c user.email=t@example.com commit -qm first &&\n"
	"echo commits $(git rev-list --count HEAD) && cd .. && rm -rf repo\n";

/* A shell script: a pipeline, python3 with threads and a subprocess, git
 * when there is one, an x86 call through int $0x80 when the kernel has
 * them; in dir. Which parts it has goes to what (the output expected). */
static void agent_script(const char *dir, bool ia32, char *script, size_t size, char *what,
			 size_t what_size)
{
	bool python = access("/usr/bin/python3", X_OK) == 0;
	bool git = access("/usr/bin/git", X_OK) == 0;
	if (!python)
		fprintf(stderr, "learn_agent_workload: no /usr/bin/python3; that part is skipped\n");
	if (!git)
		fprintf(stderr, "learn_agent_workload: no /usr/bin/git; that part is skipped\n");
	snprintf(script, size, "set -e\ncd %s\nprintf 'b\\na\\nb\\n' | sort | uniq | wc -l\n%s%s%s%s%s",
		 dir, python ? python_part : "", git ? git_part : "", ia32 ? PROBE : "",
		 ia32 ? " --ia32 20" : "", ia32 ? "\n" : "");
	snprintf(what, what_size, "2\n%s%s%s", python ? "threads 4\nsub\n" : "",
		 git ? "commits 1\n" : "", ia32 ? "ret " : "");
}

START_TEST(learn_agent_workload)
{
	const char *profile = scratch("denyall.json"), *out = scratch("agent.json"),
		   *dir = scratch("agent");
	write_text(profile, deny_all);
	unlink(out);
	mkdir(dir, 0700);
	char script[4096], what[128];
	agent_script(dir, ia32_available("learn_agent_workload"), script, sizeof script, what,
		     sizeof what);
	/* Learning: it runs to success, and says once that this is no sandbox.
	 * (Without --learn the profile denies even execve.) */
	struct run r;
	run(&r, (char *const[]){ EXEC, "--learn", (char *)out, (char *)profile, "--", "/bin/sh",
		"-c", script, NULL });
	ck_assert_msg(exited(&r, 0), "status 0x%x: %s", r.status, r.err);
	ck_assert_msg(strncmp(r.out, what, strlen(what)) == 0, "%s", r.out);
	ck_assert_msg(!strstr(r.out, "ret -1"), "%s", r.out);
	ck_assert_int_eq(count(r.err, not_a_sandbox), 1);
	ck_assert_msg(strstr(r.err, "seccompc-exec: learned ") && strstr(r.err, "; wrote "), "%s", r.err);
	char *learned = slurp(out);
	ck_assert_ptr_nonnull(learned);
	ck_assert_msg(names(learned, "execve") && names(learned, "wait4"), "%s", out);
	/* The same workload under the learned profile, without --learn. */
	run(&r, (char *const[]){ EXEC, (char *)out, "--", "/bin/sh", "-c", script, NULL });
	ck_assert_msg(exited(&r, 0), "under the learned profile: status 0x%x: %s%s", r.status, r.err,
		      r.out);
	ck_assert_msg(strncmp(r.out, what, strlen(what)) == 0, "%s", r.out);
	ck_assert_msg(!strstr(r.out, "ret -1"), "%s", r.out);
	/* What it never used stays denied: each call fails with EPERM. */
	static const struct { const char *name; long nr; const char *args[3]; } risky[] = {
		{ "ptrace", SYS_ptrace, { "0", "0", "0" } },            /* PTRACE_TRACEME */
		{ "mount", SYS_mount, { "0", "0", "0" } },
		{ "bpf", SYS_bpf, { "0xffff", "0", "0" } },
		{ "kexec_load", SYS_kexec_load, { "0", "0", "0xffffffff" } },  /* bad flags */
		{ "unshare", SYS_unshare, { "0x10000000", "0", "0" } },  /* CLONE_NEWUSER */
		{ "init_module", SYS_init_module, { "0", "0", "0" } },
		{ "keyctl", SYS_keyctl, { "0xffff", "0", "0" } },
		{ "setns", SYS_setns, { "-1", "0", "0" } },
		{ "userfaultfd", SYS_userfaultfd, { "0xffff", "0", "0" } },
		{ "pivot_root", SYS_pivot_root, { "0", "0", "0" } },
	};
	for (size_t i = 0; i < sizeof risky / sizeof risky[0]; i++) {
		ck_assert_msg(!names(learned, risky[i].name), "%s was learned", risky[i].name);
		run(&r, (char *const[]){ EXEC, (char *)out, "--", PROBE, num(risky[i].nr),
			(char *)risky[i].args[0], (char *)risky[i].args[1], (char *)risky[i].args[2], NULL });
		ck_assert_msg(exited(&r, 0), "%s: %s", risky[i].name, r.err);
		ck_assert_msg(strcmp(r.out, "ret -1 errno 1\n") == 0, "%s: %s", risky[i].name, r.out);
	}
	free(learned);
	unlink(out);
	unlink(profile);
	rmdir(dir);
}
END_TEST

/* A second workload learned on top of the first: its names are added, the
 * first's stay, and both run under the result. */
START_TEST(learn_again_extends_the_file)
{
	const char *profile = scratch("denyall.json"), *out = scratch("twice.json");
	write_text(profile, deny_all);
	unlink(out);
	char *first[] = { EXEC, "--learn", (char *)out, (char *)profile, "--", "/bin/sh", "-c",
			  "echo one", NULL };
	struct run r;
	run(&r, first);
	ck_assert_msg(exited(&r, 0), "%s", r.err);
	char *once = slurp(out);
	ck_assert_ptr_nonnull(once);
	ck_assert_msg(!names(once, "getcpu") && !names(once, "sysinfo"), "%s", out);
	/* The second run names no profile: the file is the one learned on. */
	run(&r, (char *const[]){ EXEC, "--learn", (char *)out, "--", PROBE, num(SYS_getcpu), "0", "0",
		"0", "--", num(SYS_sysinfo), "0", NULL });
	ck_assert_msg(exited(&r, 0), "%s", r.err);
	char want[512];
	snprintf(want, sizeof want, "seccompc-exec: %s exists: learning on top of it\n", out);
	ck_assert_msg(strstr(r.err, want), "%s", r.err);
	char *twice = slurp(out);
	ck_assert_msg(names(twice, "getcpu") && names(twice, "sysinfo"), "%s", out);
	/* Every name of the first run is still there. */
	for (const char *p = strstr(once, "\n\t\t\t\t\""); p; p = strstr(p + 1, "\n\t\t\t\t\"")) {
		char name[64];
		ck_assert_int_eq(sscanf(p + 6, "%63[A-Za-z0-9_]", name), 1);
		ck_assert_msg(names(twice, name), "%s was lost", name);
	}
	snprintf(want, sizeof want, "learned by seccompc-exec --learn from `%s %d 0 0 0 -- %d 0`: ",
		 PROBE, SYS_getcpu, SYS_sysinfo);
	ck_assert_msg(strstr(twice, want) && strstr(twice, "learned by seccompc-exec --learn from "
							    "`/bin/sh -c echo one`: "), "%s", out);
	/* Both workloads run under it; the first still under the first file. */
	run(&r, (char *const[]){ EXEC, (char *)out, "--", PROBE, num(SYS_getcpu), "0", "0", "0", "--",
		num(SYS_sysinfo), "0", NULL });
	ck_assert_str_eq(r.out, "ret 0 errno 0\nret -1 errno 14\n");   /* sysinfo(NULL): EFAULT */
	run(&r, (char *const[]){ EXEC, (char *)out, "--", "/bin/sh", "-c", "echo one", NULL });
	ck_assert_msg(exited(&r, 0) && strcmp(r.out, "one\n") == 0, "%s%s", r.out, r.err);
	/* Learning the same again changes nothing. */
	run(&r, (char *const[]){ EXEC, "--learn", (char *)out, "--", PROBE, num(SYS_getcpu), "0", "0",
		"0", "--", num(SYS_sysinfo), "0", NULL });
	ck_assert_msg(strstr(r.err, "seccompc-exec: nothing to learn: the profile denied no call"),
		      "%s", r.err);
	char *thrice = slurp(out);
	assert_same_text(thrice, twice, out);
	free(once);
	free(twice);
	free(thrice);
	unlink(out);
	unlink(profile);
}
END_TEST

/* Two learns of one workload give the same bytes: no pid, time or path of
 * the run is in the file. A pipeline's processes race, and how many calls
 * each makes may differ: there only the counts may. */
START_TEST(learn_is_deterministic)
{
	const char *profile = scratch("denyall.json"), *a = scratch("a.json"), *b = scratch("b.json");
	write_text(profile, deny_all);
	static const char *const workloads[][4] = {
		{ "/bin/ls", "-la", "/", NULL },
		/* children one after another: a pipeline's two ends race, and
		 * which syscalls each makes (a futex, a second read) varies */
		{ "/bin/sh", "-c", "ls / >/dev/null; ls -d / >/dev/null", NULL },
	};
	for (size_t w = 0; w < 2; w++) {
		char *text[2];
		for (int i = 0; i < 2; i++) {
			const char *out = i ? b : a;
			unlink(out);
			struct run r;
			run(&r, (char *const[]){ EXEC, "--learn", (char *)out, (char *)profile, "--",
				(char *)workloads[w][0], (char *)workloads[w][1], (char *)workloads[w][2],
				NULL });
			ck_assert_msg(exited(&r, 0), "%s", r.err);
			text[i] = slurp(out);
			ck_assert_ptr_nonnull(text[i]);
			if (w == 1)   /* " x12" -> " x" */
				for (char *p = strstr(text[i], " x"); p; p = strstr(p + 1, " x"))
					if (p[2] >= '0' && p[2] <= '9') {
						size_t digits = strspn(p + 2, "0123456789");
						memmove(p + 2, p + 2 + digits, strlen(p + 2 + digits) + 1);
					}
		}
		assert_same_text(text[1], text[0], workloads[w][2]);
		free(text[0]);
		free(text[1]);
	}
	unlink(a);
	unlink(b);
	unlink(profile);
}
END_TEST

/* The shipped default, learned on: the calls the default action denied are
 * added, nothing else changes. personality's argument is tested by the
 * profile, so the rule pins it to the value seen; unshare's is not, so its
 * name joins the first allow rule. Checked on the whole file. */
START_TEST(learn_adds_the_smallest_rules)
{
	const char *out = scratch("default.json");
	unlink(out);
	char src[4096];
	snprintf(src, sizeof src, "%s/profiles/default.json", test_env("SRCDIR"));
	char *profile = slurp(src);
	ck_assert_ptr_nonnull(profile);
	struct run r;
	run(&r, (char *const[]){ EXEC, "--learn", (char *)out, "--", PROBE, num(SYS_personality),
		"0x40000", "--", num(SYS_unshare), "0", NULL });
	ck_assert_msg(exited(&r, 0), "%s", r.err);
	ck_assert_str_eq(r.out, "ret 0 errno 0\nret 0 errno 0\n");   /* let through */
	char *learned = slurp(out);
	ck_assert_ptr_nonnull(learned);
	/* The default, with "unshare" after the names of its first rule (an
	 * allow rule without a comment) and one rule at the end. */
	char command[512], expected[1 << 17];
	snprintf(command, sizeof command, "learned by seccompc-exec --learn from `%s %d 0x40000 -- %d 0`: ",
		 PROBE, SYS_personality, SYS_unshare);
	static const char first_end[] = "\n\t\t\t],\n\t\t\t\"action\": \"SCMP_ACT_ALLOW\"\n\t\t},";
	static const char last_end[] = "\n\t\t}\n\t]\n}\n";
	char *at = strstr(profile, first_end);
	size_t len = strlen(profile);
	ck_assert_msg(at && len > strlen(last_end) && strcmp(profile + len - strlen(last_end), last_end) == 0,
		      "profiles/default.json no longer starts with an allow rule without a comment or "
		      "ends as seccompc writes it: adapt this test");
	snprintf(expected, sizeof expected,
		 "%.*s,\n\t\t\t\t\"unshare\"\n\t\t\t],\n\t\t\t\"action\": \"SCMP_ACT_ALLOW\",\n"
		 "\t\t\t\"comment\": \"%sunshare (probe x1; RISKY: creates namespaces (a large kernel "
		 "attack surface))\"\n\t\t},%.*s\n\t\t},\n\t\t{\n\t\t\t\"names\": [\n\t\t\t\t\"personality\"\n"
		 "\t\t\t],\n\t\t\t\"action\": \"SCMP_ACT_ALLOW\",\n\t\t\t\"args\": [\n\t\t\t\t{\n"
		 "\t\t\t\t\t\"index\": 0,\n\t\t\t\t\t\"value\": 262144,\n\t\t\t\t\t\"op\": \"SCMP_CMP_EQ\"\n"
		 "\t\t\t\t}\n\t\t\t],\n\t\t\t\"comment\": \"%sprobe x1\"\n\t\t}\n\t]\n}\n",
		 (int)(at - profile), profile, command,
		 (int)(len - strlen(last_end) - (size_t)(at - profile) - strlen(first_end)),
		 at + strlen(first_end), command);
	assert_same_text(learned, expected, out);
	ck_assert_msg(strstr(r.err, "seccompc-exec: warning: learned risky syscalls, marked RISKY in ") &&
		      strstr(r.err, "\n  unshare, used by probe x1: creates namespaces"), "%s", r.err);
	/* Under it: the values seen pass, another personality does not. */
	run(&r, (char *const[]){ EXEC, (char *)out, "--", PROBE, num(SYS_personality), "0x40000", "--",
		num(SYS_unshare), "0", "--", num(SYS_personality), "0x400000", NULL });
	ck_assert_str_eq(r.out, "ret 0 errno 0\nret 0 errno 0\nret -1 errno 1\n");
	free(profile);
	free(learned);
	unlink(out);
}
END_TEST

/* Unconditional rules that deny a syscall lose its name, one after the
 * other (the second was hidden by the first); a rule left without a name
 * goes. The default action allows, so nothing is added. A conditional rule
 * that denies cannot be overridden by an added rule: it stays, and the
 * summary names it. Everything else is kept as written. */
START_TEST(learn_takes_names_out_of_deny_rules)
{
	const char *profile = scratch("deny.json"), *out = scratch("deny-learned.json");
	write_text(profile,
		   "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"x-kept\": {\"a\": [true, null, 1.5e3]},\n"
		   " \"syscalls\": [\n"
		   "  {\"names\": [\"getppid\", \"getpgrp\"], \"action\": \"SCMP_ACT_ERRNO\", "
		   "\"errnoRet\": 13, \"comment\": \"deliberate\"},\n"
		   "  {\"name\": \"getpid\", \"action\": \"SCMP_ACT_KILL_PROCESS\"},\n"
		   "  {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 22},\n"
		   "  {\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0,"
		   " \"value\": 4294967295, \"op\": \"SCMP_CMP_NE\"}]}\n ]}\n");
	unlink(out);
	struct run before, r;
	run(&before, (char *const[]){ EXEC, (char *)profile, "--", PROBE, num(SYS_getppid), "--",
		num(SYS_personality), "0x40000", NULL });
	ck_assert_str_eq(before.out, "ret -1 errno 13\nret -1 errno 1\n");
	run(&r, (char *const[]){ EXEC, "--learn", (char *)out, (char *)profile, "--", PROBE,
		num(SYS_getppid), "--", num(SYS_getpid), "--", num(SYS_personality), "0x40000", NULL });
	ck_assert_msg(exited(&r, 0), "%s", r.err);
	ck_assert_int_eq(count(r.out, " errno 0\n"), 3);   /* each let through, KILL too */
	char *learned = slurp(out);
	assert_same_text(learned,
		"{\n\t\"defaultAction\": \"SCMP_ACT_ALLOW\",\n\t\"x-kept\": {\n\t\t\"a\": [\n\t\t\ttrue,\n"
		"\t\t\tnull,\n\t\t\t1.5e3\n\t\t]\n\t},\n\t\"syscalls\": [\n\t\t{\n\t\t\t\"names\": [\n"
		"\t\t\t\t\"getpgrp\"\n\t\t\t],\n\t\t\t\"action\": \"SCMP_ACT_ERRNO\",\n"
		"\t\t\t\"errnoRet\": 13,\n\t\t\t\"comment\": \"deliberate\"\n\t\t},\n\t\t{\n"
		"\t\t\t\"names\": [\n\t\t\t\t\"personality\"\n\t\t\t],\n"
		"\t\t\t\"action\": \"SCMP_ACT_ERRNO\",\n\t\t\t\"args\": [\n\t\t\t\t{\n"
		"\t\t\t\t\t\"index\": 0,\n\t\t\t\t\t\"value\": 4294967295,\n"
		"\t\t\t\t\t\"op\": \"SCMP_CMP_NE\"\n\t\t\t\t}\n\t\t\t]\n\t\t}\n\t]\n}\n", out);
	char want[512];
	snprintf(want, sizeof want, "seccompc-exec: took getppid out of syscalls[0] (%s:3), "
		 "syscalls[2] (%s:5), which denied it\n", profile, profile);
	ck_assert_msg(strstr(r.err, want), "%s", r.err);
	snprintf(want, sizeof want, "seccompc-exec: took getpid out of syscalls[1] (%s:4), which "
		 "denied it\n", profile);
	ck_assert_msg(strstr(r.err, want), "%s", r.err);
	snprintf(want, sizeof want, "seccompc-exec: not learned: personality x1, arg 0 = 0x40000: "
		 "syscalls[3] (%s:6) denies it, and no rule added after it can allow it", profile);
	ck_assert_msg(strstr(r.err, want), "%s", r.err);
	run(&r, (char *const[]){ EXEC, (char *)out, "--", PROBE, num(SYS_getppid), "--",
		num(SYS_getpgrp), "--", num(SYS_personality), "0x40000", NULL });
	ck_assert_msg(strncmp(r.out, "ret ", 4) == 0 && strstr(r.out, " errno 0\nret -1 errno 13\n"
							      "ret -1 errno 1\n"), "%s", r.out);
	free(learned);
	unlink(out);
	unlink(profile);
}
END_TEST

/* Nothing denied, nothing changed: the shipped profiles are in Docker's
 * layout, the one --learn writes, so each comes back byte for byte. */
START_TEST(learn_keeps_the_profile_as_written)
{
	static const char *const shipped[] = { "batch", "default", "restrictive", "log" };
	const char *out = scratch("same.json");
	for (size_t i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
		unlink(out);
		struct run r;
		run(&r, (char *const[]){ EXEC, "--learn", (char *)out, (char *)shipped[i], "--",
			"/bin/true", NULL });
		ck_assert_msg(exited(&r, 0) && strstr(r.err, "seccompc-exec: nothing to learn"),
			      "%s: status 0x%x: %s", shipped[i], r.status, r.err);
		char src[4096];
		snprintf(src, sizeof src, "%s/profiles/%s.json", test_env("SRCDIR"), shipped[i]);
		char *written = slurp(out), *text = slurp(src);
		ck_assert_msg(written && text, "%s", shipped[i]);
		assert_same_text(written, text, shipped[i]);
		free(written);
		free(text);
	}
	unlink(out);
}
END_TEST

/* Answered as the profile says and not learned: clone3's ENOSYS (the C
 * library falls back to clone) and the profile's own NOTIFY (ENOSYS, as
 * without a listener). */
START_TEST(learn_leaves_fallbacks_and_notify_alone)
{
	const char *out = scratch("fallback.json"), *profile = scratch("notify.json");
	unlink(out);
	struct run r;
	run(&r, (char *const[]){ EXEC, "--learn", (char *)out, "--", PROBE, num(SYS_clone3), "0",
		"0", NULL });
	ck_assert_msg(exited(&r, 0), "%s", r.err);
	ck_assert_str_eq(r.out, "ret -1 errno 38\n");
	ck_assert_msg(strstr(r.err, "seccompc-exec: not learned: clone3 x1, answered ENOSYS as the "
				    "profile says (the caller falls back to clone)\n") &&
		      strstr(r.err, "seccompc-exec: nothing to learn: the profile denied no call"),
		      "%s", r.err);
	char src[4096];
	snprintf(src, sizeof src, "%s/profiles/default.json", test_env("SRCDIR"));
	char *learned = slurp(out), *shipped = slurp(src);
	assert_same_text(learned, shipped, out);
	free(learned);
	free(shipped);
	unlink(out);
	static const char notify[] = "{\n\t\"defaultAction\": \"SCMP_ACT_ALLOW\",\n\t\"syscalls\": [\n"
		"\t\t{\n\t\t\t\"names\": [\n\t\t\t\t\"getppid\"\n\t\t\t],\n"
		"\t\t\t\"action\": \"SCMP_ACT_NOTIFY\"\n\t\t}\n\t]\n}\n";
	write_text(profile, notify);
	run(&r, (char *const[]){ EXEC, "--learn", (char *)out, (char *)profile, "--", PROBE,
		num(SYS_getppid), NULL });
	ck_assert_str_eq(r.out, "ret -1 errno 38\n");
	ck_assert_msg(strstr(r.err, "seccompc-exec: not learned: getppid x1, answered ENOSYS (the "
				    "profile's own SCMP_ACT_NOTIFY, as without a listener)\n"), "%s", r.err);
	learned = slurp(out);
	ck_assert_str_eq(learned, notify);
	free(learned);
	unlink(out);
	unlink(profile);
}
END_TEST

/* An x86 call when the profile covers only x86_64 is let through and
 * named, not learned: allowing it would mean adding an arch. So is a call a
 * conditional rule denies (the default profile's TIOCSTI, EIO). */
START_TEST(learn_names_what_it_cannot_learn)
{
	const char *out = scratch("cannot.json"), *profile = scratch("native.json");
	struct run r;
	if (ia32_available("learn_names_what_it_cannot_learn")) {
		write_text(profile, "{\"defaultAction\": \"SCMP_ACT_ERRNO\"}");
		unlink(out);
		run(&r, (char *const[]){ EXEC, "--learn", (char *)out, (char *)profile, "--", PROBE,
			"--ia32", "20", NULL });
		ck_assert_msg(exited(&r, 0), "%s", r.err);
		ck_assert_msg(strstr(r.out, " errno 0\n") && !strstr(r.out, "ret -1"), "%s", r.out);
		ck_assert_msg(strstr(r.err, "seccompc-exec: not learned: x86 getpid x1: the profile does "
					    "not cover x86 (add SCMP_ARCH_X86 to its archMap or "
					    "architectures to learn it)\n"), "%s", r.err);
		char *learned = slurp(out);
		ck_assert_msg(!names(learned, "getpid"), "%s", out);
		free(learned);
		unlink(profile);
	}
	unlink(out);
	run(&r, (char *const[]){ EXEC, "--learn", (char *)out, "--", PROBE, num(SYS_ioctl), "99",
		"0x5412", "0", NULL });
	ck_assert_str_eq(r.out, "ret -1 errno 9\n");   /* let through: EBADF */
	ck_assert_msg(strstr(r.err, "seccompc-exec: not learned: ioctl x1, arg 1 = 0x5412: "
				    "syscalls[4] (default.json:") &&
		      strstr(r.err, ") denies it, and no rule added after it can allow it"), "%s", r.err);
	run(&r, (char *const[]){ EXEC, (char *)out, "--", PROBE, num(SYS_ioctl), "99", "0x5412", "0",
		NULL });
	ck_assert_str_eq(r.out, "ret -1 errno 5\n");   /* still EIO */
	unlink(out);
}
END_TEST

/* The filter --learn installs: every action that does not let the call
 * run is USER_NOTIF, the arch check's too; ALLOW and LOG stay; the table
 * keeps the profile's own actions (the simulator, exactly). */
START_TEST(learn_filter_notifies_every_denial)
{
	static const char json[] =
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
		"{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"},"
		"{\"names\": [\"write\"], \"action\": \"SCMP_ACT_LOG\"},"
		"{\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_TRAP\"},"
		"{\"names\": [\"getpgrp\"], \"action\": \"SCMP_ACT_TRACE\", \"errnoRet\": 7},"
		"{\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_KILL_THREAD\"},"
		"{\"names\": [\"gettid\"], \"action\": \"SCMP_ACT_KILL_PROCESS\"},"
		"{\"names\": [\"getuid\"], \"action\": \"SCMP_ACT_NOTIFY\"},"
		"{\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, "
		"\"value\": 8, \"op\": \"SCMP_CMP_EQ\"}]}]}";
	static const struct { const char *name; uint64_t arg0; uint32_t profile; } calls[] = {
		{ "read", 0, 0x7fff0000u }, { "write", 0, 0x7ffc0000u }, { "getppid", 0, 0x00030000u },
		{ "getpgrp", 0, 0x7ff00007u }, { "getpid", 0, 0x00000000u }, { "gettid", 0, 0x80000000u },
		{ "getuid", 0, 0x7fc00000u }, { "personality", 8, 0x7fff0000u },
		{ "personality", 9, 0x00050001u }, { "close", 0, 0x00050001u },
	};
	const struct arch_info *x86_64 = arch_by_name("x86_64");
	struct compile_options co;
	memset(&co, 0, sizeof co);
	co.select.target = x86_64;
	co.verify = true;
	co.notify_denials = true;
	struct arena arena;
	arena_init(&arena);
	struct diag d;
	diag_init(&d, "learn.json");
	struct compile_result res;
	ck_assert_int_eq(compile_profile_text("learn.json", json, strlen(json), &co, &arena, &d, &res), 0);
	for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
		struct bpf_input in;
		memset(&in, 0, sizeof in);
		in.nr = (int32_t)arch_syscall_nr(x86_64, calls[i].name);
		in.arch = x86_64->audit_arch;
		in.args[0] = calls[i].arg0;
		uint32_t filter = bpf_simulate(&res.prog, &in).action;
		uint32_t want = calls[i].profile == 0x7fff0000u || calls[i].profile == 0x7ffc0000u ?
				calls[i].profile : 0x7fc00000u;
		ck_assert_msg(filter == want, "%s(%" PRIu64 "): 0x%08x, not 0x%08x", calls[i].name,
			      calls[i].arg0, filter, want);
		ck_assert_uint_eq(table_decide_raw(&res.table, in.arch, (uint32_t)in.nr, in.args),
				  calls[i].profile);
	}
	/* The arch check: x86 (not in this profile) and x32 numbers. */
	struct bpf_input x86 = { .nr = 20, .arch = arch_by_name("x86")->audit_arch };
	ck_assert_uint_eq(bpf_simulate(&res.prog, &x86).action, 0x7fc00000u);
	struct bpf_input x32 = { .nr = 0x40000027, .arch = x86_64->audit_arch };
	ck_assert_uint_eq(bpf_simulate(&res.prog, &x32).action, 0x7fc00000u);
	ck_assert_uint_eq(res.table.bad_arch_action, 0x80000000u);
	diag_fini(&d);
	arena_free(&arena);
}
END_TEST

/* Each kind of denial is let through and learned: TRAP, TRACE, KILL (the
 * command dies of the first without --learn); LOG already lets the call
 * run and is left alone. The syscalls are ones the default denies. */
START_TEST(learn_lets_every_denial_through)
{
	const char *profile = scratch("kinds.json"), *out = scratch("kinds-learned.json");
	char src[4096], json[1 << 17];
	snprintf(src, sizeof src, "%s/profiles/default.json", test_env("SRCDIR"));
	char *shipped = slurp(src);
	/* The default, with rules in front for the syscalls the test makes. */
	char *rules = strstr(shipped, "\"syscalls\": [");
	ck_assert_ptr_nonnull(rules);
	rules += strlen("\"syscalls\": [");
	snprintf(json, sizeof json, "%.*s{\"names\": [\"vmsplice\"], \"action\": \"SCMP_ACT_TRAP\"},"
		 "{\"names\": [\"get_mempolicy\"], \"action\": \"SCMP_ACT_TRACE\"},"
		 "{\"names\": [\"syslog\"], \"action\": \"SCMP_ACT_KILL_PROCESS\"},"
		 "{\"names\": [\"getuid\"], \"action\": \"SCMP_ACT_LOG\"},%s",
		 (int)(rules - shipped), shipped, rules);
	write_text(profile, json);
	unlink(out);
	/* vmsplice(-1): EBADF when it runs; syslog(SYSLOG_ACTION_CLOSE) does nothing. */
	char *calls[] = { PROBE, num(SYS_vmsplice), "-1", "0", "0", "0", "--", num(SYS_get_mempolicy),
			  "0", "0", "0", "0", "0", "--", num(SYS_syslog), "0", "0", "0", "--",
			  num(SYS_getuid), NULL };
	char *argv[32] = { EXEC, (char *)profile, "--" };
	memcpy(argv + 3, calls, sizeof calls);
	struct run r, learning;
	run(&r, argv);
	ck_assert_msg(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGSYS, "0x%x", r.status);
	char *learn[34] = { EXEC, "--learn", (char *)out, (char *)profile, "--" };
	memcpy(learn + 5, calls, sizeof calls);
	run(&learning, learn);
	ck_assert_msg(exited(&learning, 0), "%s", learning.err);
	ck_assert_msg(strncmp(learning.out, "ret -1 errno 9\n", 15) == 0 &&
		      count(learning.out, "\n") == 4 && !strstr(learning.out, "errno 1\n"), "%s",
		      learning.out);
	char *learned = slurp(out);
	ck_assert(names(learned, "vmsplice") && names(learned, "get_mempolicy") &&
		  names(learned, "syslog"));
	char want[256];
	snprintf(want, sizeof want, "syslog (probe x1; taken out of syscalls[2] (%s:", profile);
	ck_assert_msg(strstr(learned, want), "no \"%s\" in %s", want, out);
	ck_assert_msg(strstr(learned, "RISKY: reads the kernel log"), "%s has no RISKY", out);
	ck_assert_msg(!strstr(learned, "getuid ("), "%s learned getuid", out);
	/* Under the learned profile, without --learn: the same answers. */
	argv[1] = (char *)out;
	run(&r, argv);
	ck_assert_msg(exited(&r, 0), "0x%x: %s", r.status, r.err);
	ck_assert_str_eq(r.out, learning.out);
	free(shipped);
	free(learned);
	unlink(out);
	unlink(profile);
}
END_TEST

/* What --learn refuses before the command runs: 125, a message, no command,
 * and the output as it was. */
START_TEST(learn_refuses_before_running)
{
	static const struct sock_filter allow[] = { BPF_STMT(BPF_RET | BPF_K, 0x7fff0000) };
	const char *marker = scratch("marker"), *blob = scratch("allow.bpf"),
		   *out = scratch("refused.json"), *bad = scratch("bad.json");
	write_file(blob, allow, sizeof allow);
	write_text(bad, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [}");
	static const struct { const char *args[4]; const char *says; } cases[] = {
		{ { "--learn", "@OUT", "none" }, "--learn learns from a JSON profile or a NAME, not none" },
		{ { "--learn", "@OUT", "@BLOB" }, "--learn learns from a JSON profile or a NAME, not " },
		{ { "--learn", "@OUT", "--report" }, "--learn and --report exclude each other" },
		{ { "--learn", "/tmp/seccompc-test-learned.bpf" }, "its name must end in .json" },
		{ { "--learn", "/nonexistent/dir/out.json" }, "cannot write to /nonexistent/dir: No such "
							       "file or directory" },
		{ { "--learn", "@BAD" }, "exists: learning on top of it" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *argv[12];
		size_t n = 0;
		argv[n++] = EXEC;
		for (size_t k = 0; k < 4 && cases[i].args[k]; k++) {
			const char *a = cases[i].args[k];
			argv[n++] = strcmp(a, "@OUT") == 0 ? (char *)out : strcmp(a, "@BLOB") == 0 ?
				    (char *)blob : strcmp(a, "@BAD") == 0 ? (char *)bad : (char *)a;
		}
		argv[n++] = "--";
		argv[n++] = "/usr/bin/touch";
		argv[n++] = (char *)marker;
		argv[n] = NULL;
		unlink(marker);
		unlink(out);
		struct run r;
		run(&r, argv);
		ck_assert_msg(exited(&r, 125), "case %zu: status 0x%x: %s", i, r.status, r.err);
		ck_assert_msg(strstr(r.err, cases[i].says), "case %zu: %s", i, r.err);
		ck_assert_msg(access(marker, F_OK) != 0, "case %zu: the command ran", i);
		ck_assert_msg(access(out, F_OK) != 0, "case %zu: %s was written", i, out);
	}
	/* The profile that did not compile is left as it was. */
	char *text = slurp(bad);
	ck_assert_str_eq(text, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [}");
	free(text);
	unlink(bad);
	unlink(blob);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("learn");
	TCase *tc = tcase_create("learn");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, learn_agent_workload);
	tcase_add_test(tc, learn_again_extends_the_file);
	tcase_add_test(tc, learn_is_deterministic);
	tcase_add_test(tc, learn_adds_the_smallest_rules);
	tcase_add_test(tc, learn_takes_names_out_of_deny_rules);
	tcase_add_test(tc, learn_keeps_the_profile_as_written);
	tcase_add_test(tc, learn_leaves_fallbacks_and_notify_alone);
	tcase_add_test(tc, learn_names_what_it_cannot_learn);
	tcase_add_test(tc, learn_refuses_before_running);
	tcase_add_test(tc, learn_filter_notifies_every_denial);
	tcase_add_test(tc, learn_lets_every_denial_through);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
