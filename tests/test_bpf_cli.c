/*
 * test_bpf_cli.c - `seccompc asm`, `disasm` and `sim` as a user runs them:
 * listing -> blob -> listing -> blob gives the same bytes, sim reports the
 * action, count and trace, arguments are read as the kernel sees them, bad
 * input exits 1 and bad usage 2. With libseccomp-dev installed (tests only;
 * the product never links it), a filter libseccomp exports is disassembled
 * and simulated too; without it that test passes vacuously with a note.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64];

/* Runs `cmd` in the test directory; stdout into out (may be NULL); exit status. */
static int run(const char *cmd, char *out, size_t size)
{
	char full[2048];
	snprintf(full, sizeof full, "cd %s && %s", dir, cmd);
	FILE *p = popen(full, "r");
	ck_assert_ptr_nonnull(p);
	size_t n = 0;
	char sink[4096];
	for (;;) {
		size_t got = out ? fread(out + n, 1, size - 1 - n, p) : fread(sink, 1, sizeof sink, p);
		if (got == 0)
			break;
		if (out)
			n += got;
	}
	if (out)
		out[n] = '\0';
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static void write_text(const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static void setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/seccompc-cli-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	setenv("S", getenv("SECCOMPC"), 1);
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static const char listing[] =
	"; x86_64: getpid allowed, openat(5, ...) EPERM, other arches killed\n"
	"start:  ld [arch]\n"
	"        jeq #0xc000003e, check, kill\n"
	"check:  ld [nr]\n"
	"        jeq #39, allow\n"
	"        jeq #257, args, allow\n"
	"args:   ld [20]           ; args[0].hi on little-endian\n"
	"        jeq #0, lo, allow\n"
	"lo:     ld [16]\n"
	"        jeq #5, eperm, allow\n"
	"eperm:  ret ERRNO(1)\n"
	"allow:  ret ALLOW\n"
	"kill:   ret KILL_PROCESS\n";

START_TEST(round_trip)
{
	char out[16384];
	write_text("h.s", listing);
	ck_assert_int_eq(run("$S asm h.s -o a.bpf --target x86_64", NULL, 0), 0);
	ck_assert_int_eq(run("$S disasm a.bpf --target x86_64 -o a.s", NULL, 0), 0);
	ck_assert_int_eq(run("$S asm a.s -o b.bpf --target x86_64 && cmp a.bpf b.bpf", NULL, 0), 0);
	ck_assert_int_eq(run("wc -c < a.bpf", out, sizeof out), 0);
	ck_assert_int_eq(atoi(out), 12 * 8);
	/* big-endian blob: guessed on a little-endian host, same listing */
	ck_assert_int_eq(run("$S asm h.s -o be.bpf --target s390x && ! cmp -s a.bpf be.bpf", NULL, 0), 0);
	ck_assert_int_eq(run("$S disasm be.bpf --target s390x | grep -c 'jeq #0xc000003e, 2, 11'",
			     out, sizeof out), 0);
	ck_assert_str_eq(out, "1\n");
}
END_TEST

START_TEST(sim_reports)
{
	char out[16384];
	write_text("h.s", listing);
	ck_assert_int_eq(run("$S asm h.s -o a.bpf --target x86_64", NULL, 0), 0);
	ck_assert_int_eq(run("$S sim a.bpf --arch x86_64 openat 5 2>&1", out, sizeof out), 0);
	ck_assert_ptr_nonnull(strstr(out, "syscall: openat (257) on x86_64\n"
				     "action: ERRNO(1) (0x00050001)\n"
				     "instructions executed: 10\n"));
	ck_assert_ptr_nonnull(strstr(out, "  9: ret #0x50001"));
	ck_assert_int_eq(run("$S sim a.bpf --arch x86_64 openat 0x100000005 -q", out, sizeof out), 0);
	ck_assert_str_eq(out, "ALLOW\n");
	ck_assert_int_eq(run("$S sim a.bpf --arch x86_64 257 5 -q", out, sizeof out), 0);
	ck_assert_str_eq(out, "ERRNO(1)\n");
	ck_assert_int_eq(run("$S sim --arch=x86 a.bpf getpid -q", out, sizeof out), 0);
	ck_assert_str_eq(out, "KILL_PROCESS\n");
}
END_TEST

/* -2 is 0xfffffffffffffffe on a 64-bit arch and 0xfffffffe on a 32-bit one. */
START_TEST(sim_negative_arguments)
{
	char out[4096];
	write_text("n.s",
		   "ld [20]\njeq #0xffffffff, hi, no\n"
		   "hi: ld [16]\njeq #0xfffffffe, yes, no\n"
		   "yes: ret ERRNO(2)\nno: ld [16]\njeq #0xfffffffe, lo, other\n"
		   "lo: ret ERRNO(3)\nother: ret ALLOW\n");
	ck_assert_int_eq(run("$S asm n.s -o n.bpf --target x86_64", NULL, 0), 0);
	ck_assert_int_eq(run("$S sim n.bpf --arch x86_64 read -2 -q", out, sizeof out), 0);
	ck_assert_str_eq(out, "ERRNO(2)\n");
	ck_assert_int_eq(run("$S sim n.bpf --arch x86 read -2 -q", out, sizeof out), 0);
	ck_assert_str_eq(out, "ERRNO(3)\n");
	ck_assert_int_eq(run("$S sim n.bpf --arch x86_64 read 4294967294 -q", out, sizeof out), 0);
	ck_assert_str_eq(out, "ERRNO(3)\n");
}
END_TEST

START_TEST(errors_and_usage)
{
	char out[4096];
	write_text("bad.bpf", "twelve bytes");
	ck_assert_int_eq(run("$S disasm bad.bpf 2>&1", out, sizeof out), 1);
	ck_assert_ptr_nonnull(strstr(out, "bad.bpf: error: the file has 12 bytes, not a multiple of 8"));
	ck_assert_int_eq(run("$S disasm 2>/dev/null", NULL, 0), 2);
	ck_assert_int_eq(run("$S disasm x.bpf --target vax 2>/dev/null", NULL, 0), 2);
	ck_assert_int_eq(run("$S sim bad.bpf 2>/dev/null", NULL, 0), 2);
	write_text("h.s", listing);
	ck_assert_int_eq(run("$S asm h.s -o a.bpf", NULL, 0), 0);
	ck_assert_int_eq(run("$S sim a.bpf frobnicate 2>&1", out, sizeof out), 2);
	ck_assert_str_eq(out, "seccompc sim: frobnicate: unknown syscall name\n");
	/* asm refuses what the kernel refuses and leaves no output */
	write_text("inv.s", "ld [66]\nret #0\n");
	ck_assert_int_eq(run("$S asm inv.s -o inv.bpf 2>&1", out, sizeof out), 1);
	ck_assert_str_eq(out, "inv.s: error: instruction 0: load from offset 66 is outside struct "
			 "seccomp_data (64 bytes)\n");
	ck_assert_int_ne(run("test -e inv.bpf", NULL, 0), 0);
	ck_assert_int_eq(run("$S asm inv.s -o inv.bpf --no-validate", NULL, 0), 0);
	ck_assert_int_eq(run("$S disasm inv.bpf 2>&1 >/dev/null", out, sizeof out), 0);
	ck_assert_ptr_nonnull(strstr(out, "warning: the kernel would refuse this filter:\n"
				     "inv.bpf: error: instruction 0: load from offset 66"));
	write_text("syn.s", "ld [0]\njeq #1, nowhere\nret #0\n");
	ck_assert_int_eq(run("$S asm syn.s -o s.bpf 2>&1", out, sizeof out), 1);
	ck_assert_str_eq(out, "syn.s:2:1: error: unknown label 'nowhere'\n");
}
END_TEST

static const char libseccomp_prog[] =
	"#include <errno.h>\n#include <seccomp.h>\n#include <stdio.h>\n"
	"int main(void) {\n"
	"  scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);\n"
	"  if (!ctx) return 1;\n"
	"  if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(openat), 1,\n"
	"                       SCMP_A2(SCMP_CMP_MASKED_EQ, 3, 1)) ||\n"
	"      seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, SCMP_SYS(ptrace), 0) ||\n"
	"      seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(mount), 0))\n"
	"    return 1;\n"
	"  return seccomp_export_bpf(ctx, 1) ? 1 : 0;\n}\n";

START_TEST(libseccomp_filter)
{
	char out[65536];
	if (run("pkg-config --exists libseccomp && cc --version >/dev/null 2>&1", NULL, 0) != 0) {
		fprintf(stderr, "libseccomp-dev not installed: libseccomp filter not tested\n");
		return;
	}
	write_text("ls.c", libseccomp_prog);
	ck_assert_int_eq(run("cc ls.c -o ls $(pkg-config --cflags --libs libseccomp) && "
			     "./ls > ls.bpf", NULL, 0), 0);
	ck_assert_int_eq(run("$S disasm ls.bpf 2>&1", out, sizeof out), 0);
	ck_assert_ptr_null(strstr(out, "warning"));
	ck_assert_ptr_nonnull(strstr(out, "; openat"));
	ck_assert_ptr_nonnull(strstr(out, "; ptrace"));
	ck_assert_ptr_nonnull(strstr(out, "; A = arch"));
	ck_assert_int_eq(run("$S sim ls.bpf openat 0 0 1 -q", out, sizeof out), 0);
	ck_assert_str_eq(out, "ERRNO(13)\n");
	ck_assert_int_eq(run("$S sim ls.bpf openat 0 0 2 -q", out, sizeof out), 0);
	ck_assert_str_eq(out, "ALLOW\n");
	ck_assert_int_eq(run("$S sim ls.bpf ptrace -q", out, sizeof out), 0);
	ck_assert_str_eq(out, "KILL_PROCESS\n");
	ck_assert_int_eq(run("$S sim ls.bpf mount -q", out, sizeof out), 0);
	ck_assert_str_eq(out, "ERRNO(1)\n");
	ck_assert_int_eq(run("$S sim ls.bpf getpid -q", out, sizeof out), 0);
	ck_assert_str_eq(out, "ALLOW\n");
	/* and its listing assembles back to the same bytes */
	ck_assert_int_eq(run("$S disasm ls.bpf -o ls.s && $S asm ls.s -o ls2.bpf && cmp ls.bpf ls2.bpf",
			     NULL, 0), 0);
}
END_TEST

int main(void)
{
	if (!getenv("SECCOMPC")) {
		fprintf(stderr, "SECCOMPC is not set\n");
		return 77;
	}
	Suite *s = suite_create("bpf_cli");
	TCase *tc = tcase_create("cli");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, sim_reports);
	tcase_add_test(tc, sim_negative_arguments);
	tcase_add_test(tc, errors_and_usage);
	tcase_add_test(tc, libseccomp_filter);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
