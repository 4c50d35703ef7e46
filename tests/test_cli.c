/*
 * test_cli.c - the seccompc command as a user runs it: outputs, exit codes,
 * atomic writes, byte-identical output, resolve, stats, lint, sim on a profile.
 */
#include <check.h>

#include "run_command.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include <dirent.h>

static char *seccompc(void)
{
	return getenv("SECCOMPC");
}

static char *corpus(const char *name)
{
	static char path[4][4096];
	static int next;
	char *p = path[next++ % 4];
	snprintf(p, sizeof path[0], "%s/tests/corpus/%s", getenv("SRCDIR"), name);
	return p;
}

static char *file_text(const char *path, size_t *len)
{
	static char buf[65536];
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	*len = fread(buf, 1, sizeof buf - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

START_TEST(output_is_byte_identical_and_in_every_format)
{
	struct run a, b;
	ck_assert_int_eq(run(&a, (char *const[]){ seccompc(), corpus("moby-default.json"), "-o", "-",
						  "-f", "raw", NULL }), 0);
	ck_assert_int_eq(run(&b, (char *const[]){ seccompc(), corpus("moby-default.json"), "-o", "-",
						  "-f", "raw", NULL }), 0);
	ck_assert_uint_eq(a.outlen, b.outlen);
	ck_assert_uint_eq(a.outlen % 8, 0);
	ck_assert(memcmp(a.out, b.out, a.outlen) == 0);
	ck_assert_int_eq(run(&a, (char *const[]){ seccompc(), corpus("moby-default.json"), "-o", "-",
						  "-f", "c", "--name", "moby_filter", NULL }), 0);
	ck_assert(strstr(a.out, "static const struct sock_filter moby_filter[] = {"));
	ck_assert_int_eq(run(&a, (char *const[]){ seccompc(), corpus("moby-default.json"), "-o", "-",
						  NULL }), 0);
	ck_assert(strstr(a.out, "; arch x86_64"));
}
END_TEST

static int count_dir(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n;
}

START_TEST(bad_input_leaves_the_old_output_untouched)
{
	char dir[] = "/tmp/seccompc-cli-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char out[4200], bad[4200];
	snprintf(out, sizeof out, "%s/filter.bpf", dir);
	snprintf(bad, sizeof bad, "%s/bad.json", dir);
	struct run r;
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), corpus("moby-fixture-example.json"),
						  "-o", out, NULL }), 0);
	size_t len = 0;
	char before[8192];
	char *t = file_text(out, &len);
	memcpy(before, t, len);
	size_t before_len = len;
	FILE *f = fopen(bad, "w");
	fputs("{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n \"syscalls\": [{\"names\": [\"read\"], \"action\": 7}]}", f);
	fclose(f);
	int entries = count_dir(dir);
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), bad, "-o", out, NULL }), 1);
	ck_assert_msg(strstr(r.err, "bad.json:2:45: error: syscalls[0].action: found a number; expected an action such as \"SCMP_ACT_ERRNO\"\n"),
		      "%s", r.err);
	t = file_text(out, &len);
	ck_assert_uint_eq(len, before_len);
	ck_assert(memcmp(t, before, len) == 0);
	ck_assert_int_eq(count_dir(dir), entries);  /* no temporary file left behind */
	/* An unwritable destination is an error too, and exits 1. */
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), corpus("moby-fixture-example.json"),
						  "-o", "/nonexistent-dir/x.bpf", NULL }), 1);
	unlink(out);
	unlink(bad);
	rmdir(dir);
}
END_TEST

/* An output that is not a regular file (a FIFO, a device node) is written
 * to, not replaced: `-o /dev/null` as root must not turn /dev/null into a
 * file. The nodes are made in a temporary directory. */
START_TEST(outputs_that_are_not_files_stay_what_they_are)
{
	char dir[] = "/tmp/seccompc-cli-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char fifo[4200], dev[4200];
	snprintf(fifo, sizeof fifo, "%s/fifo", dir);
	snprintf(dev, sizeof dev, "%s/null", dir);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	pid_t reader = fork();
	if (reader == 0) {
		char buf[65536];
		int fd = open(fifo, O_RDONLY);
		ssize_t n, total = 0;
		while ((n = read(fd, buf, sizeof buf)) > 0)
			total += n;
		_exit(total > 0 ? 0 : 1);
	}
	struct run r;
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), corpus("moby-fixture-example.json"),
						  "-o", fifo, "-f", "raw", NULL }), 0);
	int status;
	ck_assert_int_eq(waitpid(reader, &status, 0), reader);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the reader got nothing");
	struct stat st;
	ck_assert_int_eq(stat(fifo, &st), 0);
	ck_assert(S_ISFIFO(st.st_mode));
	if (mknod(dev, S_IFCHR | 0666, makedev(1, 3)) == 0) {   /* a /dev/null of our own */
		ck_assert_int_eq(run(&r, (char *const[]){ seccompc(),
							  corpus("moby-fixture-example.json"),
							  "-o", dev, "-f", "raw", NULL }), 0);
		ck_assert_int_eq(stat(dev, &st), 0);
		ck_assert_msg(S_ISCHR(st.st_mode), "the device node was replaced by a file");
		unlink(dev);
	} else {
		fprintf(stderr, "outputs_that_are_not_files_stay_what_they_are: cannot make a device "
			"node here (not root); only the FIFO is checked\n");
	}
	unlink(fifo);
	rmdir(dir);
}
END_TEST

START_TEST(usage_errors_exit_2)
{
	struct run r;
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), corpus("moby-default.json"), NULL }), 2);
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), corpus("moby-default.json"), "-o", "-",
						  "--target", "sparc", NULL }), 2);
	ck_assert(strstr(r.err, "--target sparc: not a native arch"));
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), corpus("moby-default.json"), "-o", "-",
						  "-f", "elf", NULL }), 2);
	/* sim: an unknown option is a usage error; a negative number is an argument */
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "sim", corpus("moby-default.json"),
						  "--arch", "x86_64", "kill", "--frobnicate", NULL }), 2);
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "sim", corpus("moby-default.json"),
						  "--arch", "x86_64", "kill", "-1", "9", NULL }), 0);
	/* an option where a capability belongs */
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), corpus("moby-default.json"), "-o", "-",
						  "--cap", "-x", NULL }), 2);
	ck_assert_msg(strstr(r.err, "--cap: expected a capability name such as CAP_SYS_PTRACE, got "
			     "\"-x\""), "%s", r.err);
	/* --name: a C identifier, every letter of it */
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), corpus("moby-default.json"), "-o", "-",
						  "-f", "c", "--name", "zz_Zz9", NULL }), 0);
	ck_assert(strstr(r.out, "zz_Zz9"));
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), corpus("moby-default.json"), "-o", "-",
						  "-f", "c", "--name", "9z", NULL }), 2);
}
END_TEST

START_TEST(resolve_prints_the_table)
{
	struct run r;
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "resolve", corpus("moby-default.json"),
						  "--target", "aarch64", "--kernel", "6.1", NULL }), 0);
	ck_assert(strstr(r.out, "\"target\": \"aarch64\""));
	ck_assert(strstr(r.out, "{\"arch\": \"arm\""));
	/* socket (198 on aarch64) with its three conditions. */
	ck_assert(strstr(r.out, "{\"nr\": 198, \"name\": \"socket\", \"rules\": [{\"action\": \"ALLOW\", "
			 "\"conditions\": [{\"index\": 0, \"bits\": 32, \"op\": \"SCMP_CMP_LT\", \"value\": 38}]"));
}
END_TEST

START_TEST(sim_on_a_profile_names_the_deciding_rule)
{
	struct run r;
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "sim", corpus("moby-default.json"),
						  "--arch", "x86_64", "socket", "40", NULL }), 0);
	ck_assert_msg(strstr(r.out, "action: ERRNO(1)"), "%s", r.out);
	ck_assert(strstr(r.out, "decided by: defaultAction"));
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "sim", corpus("moby-default.json"),
						  "--arch", "x86_64", "clone3", NULL }), 0);
	ck_assert(strstr(r.out, "action: ERRNO(38)"));
	ck_assert_msg(strstr(r.out, "decided by: syscalls[") && strstr(r.out, "(line "), "%s", r.out);
}
END_TEST

START_TEST(sim_names_the_enosys_stub)
{
	struct run r;
	/* open_tree_attr (467) is newer than every name in moby's profile. */
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "sim", corpus("moby-default.json"),
						  "--arch", "x86_64", "--enosys-newer", "open_tree_attr", NULL }), 0);
	ck_assert_msg(strstr(r.out, "action: ERRNO(38)"), "%s", r.out);
	ck_assert_msg(strstr(r.out, "decided by: --enosys-newer (the profile names no syscall above 466"),
		      "%s", r.out);
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "sim", corpus("moby-default.json"),
						  "--arch", "x86_64", "open_tree_attr", NULL }), 0);
	ck_assert_msg(strstr(r.out, "action: ERRNO(1)"), "%s", r.out);
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "resolve", corpus("moby-default.json"),
						  "--target", "x86_64", "--enosys-newer", NULL }), 0);
	ck_assert_msg(strstr(r.out, "\"enosysAbove\": 466, \"enosysNewest\": \"6.13\", "
			      "\"enosysAction\": \"ERRNO(38)\""), "%s", r.out);
	/* uprobe (336, 6.18) is below 466 but newer than every name (6.13) */
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "sim", corpus("moby-default.json"),
						  "--arch", "x86_64", "--enosys-newer", "uprobe", NULL }), 0);
	ck_assert_msg(strstr(r.out, "action: ERRNO(38)") &&
		      strstr(r.out, "decided by: --enosys-newer, newer than the profile "
				    "(Linux 6.18 > newest named 6.13 on x86_64)\n") &&
		      strstr(r.out, "note: a real x86_64 kernel runs this syscall without asking seccomp"),
		      "%s", r.out);
}
END_TEST

START_TEST(stats_reads_profiles_and_blobs)
{
	struct run r;
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "stats",
						  corpus("moby-default-x86_64-only.json"), NULL }), 0);
	ck_assert_msg(strstr(r.out, "size: 73 instructions"), "%s", r.out);
	ck_assert(strstr(r.out, "(100%)"));
	/* The kernel caches no x32 decisions: stats says so rather than 0 %. */
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "stats",
						  corpus("moby-default.json"), NULL }), 0);
	const char *x32 = strstr(r.out, "\nx32 ");
	ck_assert_msg(x32 && strstr(x32, "no cache") && strchr(x32 + 1, '\n') > strstr(x32, "no cache"),
		      "%s", r.out);
}
END_TEST

START_TEST(lint_finds_what_moby_allows)
{
	struct run r;
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "lint", corpus("moby-default.json"),
						  "--kernel", "6.1", NULL }), 0);
	ck_assert(strstr(r.err, "ptrace is allowed outright on x86_64, x86 and x32: it controls other processes"));
	ck_assert(strstr(r.err, "on x86, socket's arguments are checked but socketcall is allowed outright"));
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "lint", corpus("moby-default.json"),
						  "--kernel", "6.1", "--strict", NULL }), 1);
	char path[4200];
	snprintf(path, sizeof path, "%s/profiles/default.json", getenv("SRCDIR"));
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "lint", path, "--strict", NULL }), 0);
	ck_assert_msg(strstr(r.err, "0 errors, 0 warnings"), "%s", r.err);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("seccompc");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, output_is_byte_identical_and_in_every_format);
	tcase_add_test(tc, bad_input_leaves_the_old_output_untouched);
	tcase_add_test(tc, outputs_that_are_not_files_stay_what_they_are);
	tcase_add_test(tc, usage_errors_exit_2);
	tcase_add_test(tc, resolve_prints_the_table);
	tcase_add_test(tc, sim_on_a_profile_names_the_deciding_rule);
	tcase_add_test(tc, sim_names_the_enosys_stub);
	tcase_add_test(tc, stats_reads_profiles_and_blobs);
	tcase_add_test(tc, lint_finds_what_moby_allows);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
