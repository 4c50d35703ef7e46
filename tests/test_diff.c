/*
 * test_diff.c - `seccompc diff` as a user runs it, and the reading of
 * argument regions under it.
 *
 * Moby's profile against the shipped default names seccompc's changes, and
 * a real kernel confirms each reported action (the filters installed in
 * forked children, x86 syscalls through int $0x80); a profile against
 * itself and against its own compiled filter differs nowhere, on several
 * targets; crafted argument rules give exact regions; on random diagrams
 * the regions are exactly where the functions differ; libseccomp's filter
 * differs from the profile only in the syscalls it cannot name; a profile
 * seccompc-exec --learn wrote only allows more; exit codes and bad inputs.
 */
#include <check.h>

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "diff.h"
#include "json.h"
#include "run_command.h"
#include "testlib.h"

/* ---- helpers ------------------------------------------------------------ */

static char *seccompc(void)
{
	return getenv("SECCOMPC");
}

static const char *src_path(const char *dir, const char *name)
{
	static char path[8][4096];
	static int next;
	char *p = path[next++ % 8];
	snprintf(p, sizeof path[0], "%s/%s/%s", getenv("SRCDIR"), dir, name);
	return p;
}

static const char *corpus(const char *name)
{
	return src_path("tests/corpus", name);
}

static const char *shipped(const char *name)
{
	return src_path("profiles", name);
}

/* A scratch directory of this test's process, removed with its files by
 * scratch_clean(). */
static char scratch_dir[64];
static char scratch_files[64][128];
static int nscratch;

static const char *scratch(const char *name)
{
	if (!scratch_dir[0]) {
		strcpy(scratch_dir, "/tmp/seccompc-diff-XXXXXX");
		ck_assert_ptr_nonnull(mkdtemp(scratch_dir));
	}
	ck_assert_int_lt(nscratch, 64);
	char *p = scratch_files[nscratch++];
	snprintf(p, sizeof scratch_files[0], "%s/%s", scratch_dir, name);
	return p;
}

static void scratch_clean(void)
{
	for (int i = 0; i < nscratch; i++)
		unlink(scratch_files[i]);
	if (scratch_dir[0])
		rmdir(scratch_dir);
	scratch_dir[0] = '\0';
	nscratch = 0;
}

static const char *write_scratch(const char *name, const char *text)
{
	const char *path = scratch(name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* Runs seccompc with the arguments given (NULL-terminated). */
static int seccompc_run(struct run *r, const char *first, ...)
{
	char *argv[32];
	int n = 0;
	argv[n++] = seccompc();
	va_list ap;
	va_start(ap, first);
	for (const char *a = first; a && n < 31; a = va_arg(ap, const char *))
		argv[n++] = (char *)a;
	va_end(ap);
	argv[n] = NULL;
	return run(r, argv);
}

/* Compiles a profile file for target, through the library as seccompc does. */
static struct bpf_prog compile_file(const char *path, const char *target, struct arena *arena)
{
	struct compile_options co;
	memset(&co, 0, sizeof co);
	co.verify = true;
	co.select.target = arch_by_name(target);
	struct diag diag;
	diag_init(&diag, path);
	struct compile_result res;
	ck_assert_msg(compile_profile_file(path, &co, arena, &diag, &res) == 0, "%s", diag_text(&diag));
	diag_fini(&diag);
	return res.prog;
}

static const struct json_node *parse_json(const char *text, struct arena *arena)
{
	struct diag diag;
	diag_init(&diag, "output");
	const struct json_node *root = json_parse(text, strlen(text), arena, &diag);
	ck_assert_msg(root && root->type == JSON_OBJECT, "not JSON: %s\n%s", diag_text(&diag), text);
	diag_fini(&diag);
	return root;
}

static const char *member_str(const struct json_node *obj, const char *key)
{
	const struct json_member *m = json_member(obj, key);
	ck_assert_msg(m && m->value.type == JSON_STRING, "no string %s", key);
	return m->value.str;
}

static const struct json_node *member(const struct json_node *obj, const char *key, enum json_type t)
{
	const struct json_member *m = json_member(obj, key);
	ck_assert_msg(m && m->value.type == t, "no %s of type %d", key, t);
	return &m->value;
}

/* The names of the syscalls in the differences on `arch`, space-separated
 * in a sorted order, each once. */
static void names_on(const struct json_node *root, const char *arch, char *out, size_t size)
{
	const struct json_node *diffs = member(root, "differences", JSON_ARRAY);
	const char *names[512];
	size_t n = 0;
	for (size_t i = 0; i < diffs->nitems; i++) {
		if (strcmp(member_str(&diffs->items[i], "arch"), arch))
			continue;
		const struct json_node *sys = member(&diffs->items[i], "syscalls", JSON_ARRAY);
		for (size_t k = 0; k < sys->nitems && n < 512; k++)
			names[n++] = member_str(&sys->items[k], "name");
	}
	for (size_t i = 1; i < n; i++)   /* insertion sort: few names */
		for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			const char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		if (!i || strcmp(names[i], names[i - 1]))
			snprintf(out + strlen(out), size - strlen(out), "%s%s", out[0] ? " " : "", names[i]);
}

static uint64_t hex(const char *s)
{
	return strtoull(s, NULL, 16);
}

/* A point inside a JSON region: base values, then each condition met. */
static void region_point(const struct json_node *region, uint64_t args[6])
{
	const struct json_node *where = member(region, "where", JSON_ARRAY);
	for (size_t i = 0; i < where->nitems; i++) {
		const struct json_node *c = &where->items[i];
		const char *value = member_str(c, "value");
		ck_assert_msg(!strncmp(value, "args[", 5), "%s", value);
		uint64_t *v = &args[value[5] - '0'];
		const char *test = member_str(c, "test");
		uint64_t bits = hex(member_str(c, "bits"));
		if (!strcmp(test, "range"))
			*v = (*v & ~bits) | hex(member_str(c, "min"));
		else if (!strcmp(test, "!="))
			*v = (*v & ~bits) | ((hex(member_str(c, "equals")) + 1) & bits);
		else if (!strcmp(test, "mask"))
			*v = (*v & ~bits) | hex(member_str(c, "equals"));
		else if (!strcmp(test, "any-bit") && !(*v & bits))
			*v |= bits & (~bits + 1);
	}
}

/* ---- moby against the shipped default --------------------------------- */

START_TEST(moby_against_default_names_seccompcs_changes)
{
	struct run r;
	ck_assert_int_eq(seccompc_run(&r, "diff", corpus("moby-default.json"), shipped("default.json"),
				      "--target", "x86_64", NULL), 1);
	/* docs/profiles.md: ptrace and process_vm_* refused, chroot too (CAP_SYS_CHROOT
	 * is one of Docker's), vmsplice, TIOCSTI and TIOCLINUX answered EIO, socket
	 * families from AF_MAX (46) on refused, socketcall ENOSYS, x32 left out */
	static const char *const expected[] = {
		"\nx86_64:\n"
		"  ALLOW -> ERRNO(1): ptrace (101), chroot (161), vmsplice (278), "
		"process_vm_readv (310),\n      process_vm_writev (311)\n"
		"  ioctl (16), depending on the arguments:\n"
		"      ALLOW -> ERRNO(5) where args[1] & 0xffffffff == 0x5412\n"
		"      ALLOW -> ERRNO(5) where args[1] & 0xffffffff == 0x541c\n"
		"  socket (41), depending on the arguments:\n"
		"      ALLOW -> ERRNO(1) where args[0] & 0xffffffff >= 0x2e\n\nx86:\n",
		"\nx86:\n"
		"  ALLOW -> ERRNO(1): ptrace (26), chroot (61), vmsplice (316), "
		"process_vm_readv (347),\n      process_vm_writev (348)\n"
		"  ALLOW -> ERRNO(38): socketcall (102)\n"
		"  ioctl (54), depending on the arguments:\n"
		"      ALLOW -> ERRNO(5) where args[1] & 0xffffffff == 0x5412\n"
		"      ALLOW -> ERRNO(5) where args[1] & 0xffffffff == 0x541c\n"
		"  socket (359), depending on the arguments:\n"
		"      ALLOW -> ERRNO(1) where args[0] & 0xffffffff >= 0x2e\n\nx32:\n",
		"\nx32:\n  (B answers KILL_PROCESS to every x32 syscall number)\n"
		"  ALLOW -> KILL_PROCESS: read (0x40000000), write (0x40000001), ",
		"\ndifferences: 7 on x86_64, 8 on x86, ",
	};
	for (size_t i = 0; i < sizeof expected / sizeof *expected; i++)
		ck_assert_msg(strstr(r.out, expected[i]), "missing:\n%s\nin:\n%s", expected[i], r.out);
	ck_assert(!strstr(r.out, "foreign"));

	/* the same as JSON: exactly these syscalls, and x32 is killed by B */
	ck_assert_int_eq(seccompc_run(&r, "diff", corpus("moby-default.json"), shipped("default.json"),
				      "--target", "x86_64", "--format", "json", NULL), 1);
	struct arena arena;
	arena_init(&arena);
	const struct json_node *root = parse_json(r.out, &arena);
	ck_assert_int_eq(json_member(root, "equal")->value.type, JSON_FALSE);
	char names[4096];
	names_on(root, "x86_64", names, sizeof names);
	ck_assert_str_eq(names, "chroot ioctl process_vm_readv process_vm_writev ptrace socket vmsplice");
	names_on(root, "x86", names, sizeof names);
	ck_assert_str_eq(names, "chroot ioctl process_vm_readv process_vm_writev ptrace socket "
			 "socketcall vmsplice");
	const struct json_node *diffs = member(root, "differences", JSON_ARRAY);
	size_t x32 = 0;
	for (size_t i = 0; i < diffs->nitems; i++) {
		const struct json_node *d = &diffs->items[i];
		const char *arch = member_str(d, "arch");
		ck_assert_msg(!strcmp(arch, "x86_64") || !strcmp(arch, "x86") || !strcmp(arch, "x32"),
			      "%s", arch);
		if (strcmp(arch, "x32"))
			continue;
		x32++;
		if (json_member(d, "b"))
			ck_assert_str_eq(member_str(d, "b"), "KILL_PROCESS");
		else   /* argument-dependent in moby, killed whatever the arguments in default */
			for (size_t k = 0; k < member(d, "regions", JSON_ARRAY)->nitems; k++)
				ck_assert_str_eq(member_str(&member(d, "regions", JSON_ARRAY)->items[k],
							    "b"), "KILL_PROCESS");
	}
	ck_assert_uint_gt(x32, 10);
	arena_free(&arena);

	/* mips has its own terminal ioctl numbers and ENOSYS, and s390x its socketcall */
	ck_assert_int_eq(seccompc_run(&r, "diff", corpus("moby-default.json"), shipped("default.json"),
				      "--target", "mips64", NULL), 1);
	ck_assert_msg(strstr(r.out, "\nmips64:\n  ALLOW -> ERRNO(1): ptrace (5099), chroot (5156), "
			     "vmsplice (5266), process_vm_readv (5304),\n      process_vm_writev (5305)\n"
			     "  ERRNO(38) -> ERRNO(89): clone3 (5435)\n  ioctl (5015), depending on the "
			     "arguments:\n      ALLOW -> ERRNO(5) where args[1] & 0xffffffff == 0x5472\n"
			     "      ALLOW -> ERRNO(5) where args[1] & 0xffffffff == 0x5483\n"), "%s", r.out);
	ck_assert_int_eq(seccompc_run(&r, "diff", corpus("moby-default.json"), shipped("default.json"),
				      "--target", "s390x", NULL), 1);
	ck_assert_msg(strstr(r.out, "\ns390x:\n  ALLOW -> ERRNO(1): ptrace (26), chroot (61), "
			     "vmsplice (309), process_vm_readv (340),\n      process_vm_writev (341)\n"
			     "  ALLOW -> ERRNO(38): socketcall (102)\n"), "%s", r.out);
}
END_TEST

/* What the kernel did matches the action a diff claims (ALLOW: as under a
 * filter that allows everything). */
static void assert_claim(const struct child_outcome *o, const char *claim,
			 const struct child_outcome *allowed, const char *what)
{
	ck_assert_msg(o->installed, "%s: filter refused", what);
	unsigned n;
	if (!strcmp(claim, "ALLOW"))
		ck_assert_msg(o->exited && o->ret == allowed->ret && o->err == allowed->err,
			      "%s: claimed ALLOW, got ret %ld errno %d (allowed: %ld, %d)", what, o->ret,
			      o->err, allowed->ret, allowed->err);
	else if (sscanf(claim, "ERRNO(%u)", &n) == 1)
		ck_assert_msg(o->exited && o->ret == -1 && o->err == (int)n,
			      "%s: claimed %s, got ret %ld errno %d", what, claim, o->ret, o->err);
	else if (!strcmp(claim, "KILL_PROCESS"))
		ck_assert_msg(!o->exited && o->signal == SIGSYS, "%s: claimed KILL_PROCESS", what);
	else
		ck_abort_msg("%s: no check for %s", what, claim);
}

typedef struct child_outcome (*syscall_runner)(const struct bpf_prog *, long, const uint64_t[6]);

/*
 * For every difference of the JSON diff on `arch` whose syscalls are in
 * `safe` (harmless with the base arguments, all -1, wherever a region puts
 * them): makes the syscall at a point of each region under A, B and an
 * allow-all filter, and asserts each side did what the diff says. Returns
 * how many (syscall, region) points were checked.
 */
static size_t check_on_kernel(const struct json_node *root, const char *arch,
			      const char *const *safe, const struct bpf_prog *a,
			      const struct bpf_prog *b, const struct bpf_prog *allow_all,
			      syscall_runner run_one)
{
	const struct json_node *diffs = member(root, "differences", JSON_ARRAY);
	size_t checked = 0;
	for (size_t i = 0; i < diffs->nitems; i++) {
		const struct json_node *d = &diffs->items[i];
		if (strcmp(member_str(d, "arch"), arch))
			continue;
		const struct json_node *sys = member(d, "syscalls", JSON_ARRAY);
		for (size_t k = 0; k < sys->nitems; k++) {
			const char *name = member_str(&sys->items[k], "name");
			bool ok = false;
			for (size_t s = 0; safe[s]; s++)
				ok |= !strcmp(safe[s], name);
			if (!ok)
				continue;
			long nr = strtol(member(&sys->items[k], "nr", JSON_NUMBER)->str, NULL, 10);
			const struct json_node *regions = json_member(d, "regions") ?
				member(d, "regions", JSON_ARRAY) : NULL;
			size_t npoints = regions ? regions->nitems : 1;
			for (size_t p = 0; p < npoints; p++) {
				uint64_t args[6] = { ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull };
				const struct json_node *where = regions ? &regions->items[p] : d;
				if (regions)
					region_point(where, args);
				struct child_outcome base = run_one(allow_all, nr, args);
				struct child_outcome oa = run_one(a, nr, args);
				struct child_outcome ob = run_one(b, nr, args);
				char what[160];
				snprintf(what, sizeof what, "%s %s args[1] 0x%llx, A", arch, name,
					 (unsigned long long)args[1]);
				assert_claim(&oa, member_str(where, "a"), &base, what);
				what[strlen(what) - 1] = 'B';
				assert_claim(&ob, member_str(where, "b"), &base, what);
				checked++;
			}
		}
	}
	return checked;
}

START_TEST(the_kernel_does_what_the_diff_says)
{
#if defined(__x86_64__)
	struct arena arena;
	arena_init(&arena);
	const char *allow = write_scratch("allow.json", "{\"defaultAction\": \"SCMP_ACT_ALLOW\", "
					  "\"architectures\": [\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\"]}");
	struct bpf_prog moby = compile_file(corpus("moby-default.json"), "x86_64", &arena);
	struct bpf_prog dflt = compile_file(shipped("default.json"), "x86_64", &arena);
	struct bpf_prog all = compile_file(allow, "x86_64", &arena);
	struct run r;
	ck_assert_int_eq(seccompc_run(&r, "diff", corpus("moby-default.json"), shipped("default.json"),
				      "--target", "x86_64", "--format", "json", NULL), 1);
	const struct json_node *root = parse_json(r.out, &arena);
	/* each harmless with -1 arguments (socket with family 46): ESRCH, EFAULT,
	 * EINVAL, EBADF, EAFNOSUPPORT when allowed */
	static const char *const safe[] = { "ptrace", "chroot", "vmsplice", "process_vm_readv",
					    "process_vm_writev", "ioctl", "socket", "socketcall",
					    NULL };
	ck_assert_uint_eq(check_on_kernel(root, "x86_64", safe, &moby, &dflt, &all,
					  run_syscall_filtered), 8);
	/* x86 through int $0x80 */
	if (ia32_available("the_kernel_does_what_the_diff_says"))
		ck_assert_uint_eq(check_on_kernel(root, "x86", safe, &moby, &dflt, &all,
						  run_ia32_syscall_filtered), 9);

	/* crafted argument rules on syscalls that ignore their arguments */
	const char *a = write_scratch("a.json",
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [\n"
		" {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 5,"
		"  \"args\": [{\"index\": 0, \"value\": 5, \"op\": \"SCMP_CMP_EQ\"}]},\n"
		" {\"names\": [\"getegid\"], \"action\": \"SCMP_ACT_ERRNO\","
		"  \"args\": [{\"index\": 0, \"value\": 18446744073709551600, \"valueTwo\": 16,"
		"  \"op\": \"SCMP_CMP_MASKED_EQ\"}]},\n"
		" {\"names\": [\"getuid\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 13,"
		"  \"args\": [{\"index\": 3, \"value\": 4294967301, \"op\": \"SCMP_CMP_NE\"}]}]}");
	const char *b = write_scratch("b.json",
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [\n"
		" {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 5,"
		"  \"args\": [{\"index\": 0, \"value\": 6, \"op\": \"SCMP_CMP_EQ\"}]},\n"
		" {\"names\": [\"getgid\"], \"action\": \"SCMP_ACT_KILL_PROCESS\","
		"  \"args\": [{\"index\": 2, \"value\": 255, \"valueTwo\": 4, \"op\": \"SCMP_CMP_MASKED_EQ\"}]}]}");
	struct bpf_prog pa = compile_file(a, "x86_64", &arena), pb = compile_file(b, "x86_64", &arena);
	ck_assert_int_eq(seccompc_run(&r, "diff", a, b, "--target", "x86_64", "--format", "json",
				      NULL), 1);
	root = parse_json(r.out, &arena);
	/* all four answer the same in every child (getpid would not) */
	static const char *const ids[] = { "getppid", "getegid", "getuid", "getgid", NULL };
	/* getppid: two regions; getegid, getuid and getgid one each */
	ck_assert_uint_eq(check_on_kernel(root, "x86_64", ids, &pa, &pb, &all, run_syscall_filtered), 5);
	arena_free(&arena);
	scratch_clean();
#endif
}
END_TEST

/* ---- no differences ---------------------------------------------------- */

static void assert_alike(const char *a, const char *b, const char *target, const char *extra)
{
	struct run r;
	int st = seccompc_run(&r, "diff", a, b, "--target", target, extra, NULL);
	ck_assert_msg(st == 0 && strstr(r.out, "A and B decide alike on every input"),
		      "diff %s %s --target %s %s: exit %d\n%s%s", a, b, target, extra ? extra : "",
		      st, r.out, r.err);
}

START_TEST(a_profile_against_itself_and_its_filter_differs_nowhere)
{
	const char *profiles[] = { corpus("moby-default.json"), corpus("podman-default.json"),
				   shipped("default.json"), shipped("restrictive.json"),
				   shipped("batch.json") };
	const char *targets[] = { "x86_64", "aarch64", "s390x", "mips64", "riscv64" };
	const char *blob = scratch("filter.bpf");
	for (size_t p = 0; p < sizeof profiles / sizeof *profiles; p++)
		for (size_t t = 0; t < sizeof targets / sizeof *targets; t++) {
			/* every other pair also with runc's ENOSYS answers */
			const char *extra = (p + t) % 2 ? "--enosys-newer" : NULL;
			struct run r;
			ck_assert_int_eq(seccompc_run(&r, profiles[p], "--target", targets[t], "-o", blob,
						      extra, NULL), 0);
			assert_alike(profiles[p], profiles[p], targets[t], extra);
			assert_alike(profiles[p], blob, targets[t], extra);
			assert_alike(blob, profiles[p], targets[t], extra);
		}
	/* two raw filters, their byte order guessed (big-endian s390x) */
	struct run r;
	ck_assert_int_eq(seccompc_run(&r, shipped("default.json"), "--target", "s390x", "-o", blob,
				      NULL), 0);
	ck_assert_int_eq(seccompc_run(&r, "diff", blob, blob, NULL), 0);
	ck_assert_msg(strstr(r.err, "note: the filter looks big-endian; reading it so"), "%s", r.err);
	ck_assert(strstr(r.out, "(raw filter, big-endian, "));
	/* JSON says so too */
	ck_assert_int_eq(seccompc_run(&r, "diff", shipped("default.json"), shipped("default.json"),
				      "--format", "json", NULL), 0);
	struct arena arena;
	arena_init(&arena);
	const struct json_node *root = parse_json(r.out, &arena);
	ck_assert_int_eq(json_member(root, "equal")->value.type, JSON_TRUE);
	ck_assert_uint_eq(member(root, "differences", JSON_ARRAY)->nitems, 0);
	ck_assert_str_eq(member_str(member(root, "a", JSON_OBJECT), "kind"), "profile");
	arena_free(&arena);
	scratch_clean();
}
END_TEST

/* ---- argument regions, runs of numbers, foreign arches ----------------- */

START_TEST(crafted_argument_rules_give_exact_regions)
{
	const char *a = write_scratch("a.json",
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [\n"
		" {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 5,"
		"  \"args\": [{\"index\": 0, \"value\": 5, \"op\": \"SCMP_CMP_EQ\"}]},\n"
		" {\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ERRNO\","
		"  \"args\": [{\"index\": 2, \"value\": 255, \"valueTwo\": 4, \"op\": \"SCMP_CMP_MASKED_EQ\"}]},\n"
		" {\"names\": [\"getuid\"], \"action\": \"SCMP_ACT_ERRNO\","
		"  \"args\": [{\"index\": 0, \"value\": 18446744073709551600, \"valueTwo\": 16,"
		"  \"op\": \"SCMP_CMP_MASKED_EQ\"}]},\n"
		" {\"names\": [\"getgid\"], \"action\": \"SCMP_ACT_ERRNO\","
		"  \"args\": [{\"index\": 3, \"value\": 4294967301, \"op\": \"SCMP_CMP_GT\"}]},\n"
		" {\"names\": [\"geteuid\"], \"action\": \"SCMP_ACT_ERRNO\","
		"  \"args\": [{\"index\": 3, \"value\": 4294967301, \"op\": \"SCMP_CMP_NE\"}]},\n"
		" {\"names\": [\"getegid\"], \"action\": \"SCMP_ACT_ERRNO\","
		"  \"args\": [{\"index\": 1, \"value\": 16, \"op\": \"SCMP_CMP_GE\"},"
		"  {\"index\": 1, \"value\": 31, \"op\": \"SCMP_CMP_LE\"}]},\n"
		" {\"names\": [\"clone\"], \"action\": \"SCMP_ACT_ERRNO\","
		"  \"args\": [{\"index\": 0, \"value\": 2114060288, \"valueTwo\": 0, \"op\": \"SCMP_CMP_MASKED_EQ\"}]}]}");
	const char *b = write_scratch("b.json",
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [\n"
		" {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 5,"
		"  \"args\": [{\"index\": 0, \"value\": 6, \"op\": \"SCMP_CMP_EQ\"}]}]}");
	struct run r;
	ck_assert_int_eq(seccompc_run(&r, "diff", a, b, "--target", "x86_64", NULL), 1);
	/* runc ORs two checks of one argument: getegid is refused whatever they say */
	static const char expected[] =
		"\nx86_64:\n"
		"  ERRNO(1) -> ALLOW: getegid (108)\n"
		"  getpid (39), depending on the arguments:\n"
		"      ERRNO(1) -> ALLOW where args[2] & 0xff == 0x4\n"
		"  clone (56), depending on the arguments:\n"
		"      ERRNO(1) -> ALLOW where args[0] & 0x7e020000 == 0x0\n"
		"  getuid (102), depending on the arguments:\n"
		"      ERRNO(1) -> ALLOW where args[0] in [0x10, 0x1f]\n"
		"  getgid (104), depending on the arguments:\n"
		"      ERRNO(1) -> ALLOW where args[3] >= 0x100000006\n"
		"  geteuid (107), depending on the arguments:\n"
		"      ERRNO(1) -> ALLOW where args[3] != 0x100000005\n"
		"  getppid (110), depending on the arguments:\n"
		"      ERRNO(5) -> ALLOW where args[0] == 0x5\n"
		"      ALLOW -> ERRNO(5) where args[0] == 0x6\n"
		"\ndifferences: 7 on x86_64 (syscalls, or runs of numbers without a name)\n";
	ck_assert_msg(strstr(r.out, expected), "expected:\n%s\ngot:\n%s", expected, r.out);

	/* the other way round, the actions swap */
	ck_assert_int_eq(seccompc_run(&r, "diff", b, a, "--target", "x86_64", NULL), 1);
	ck_assert_msg(strstr(r.out, "  getppid (110), depending on the arguments:\n"
			     "      ERRNO(5) -> ALLOW where args[0] == 0x6\n"
			     "      ALLOW -> ERRNO(5) where args[0] == 0x5\n"), "%s", r.out);

	/* a region on two arguments, and the 64-bit words joined */
	const char *c = write_scratch("c.json",
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [\n"
		" {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_KILL_PROCESS\","
		"  \"args\": [{\"index\": 0, \"value\": 3, \"op\": \"SCMP_CMP_EQ\"},"
		"  {\"index\": 1, \"value\": 8589934592, \"op\": \"SCMP_CMP_LT\"}]}]}");
	ck_assert_int_eq(seccompc_run(&r, "diff", b, c, "--target", "x86_64", NULL), 1);
	ck_assert_msg(strstr(r.out, "  getppid (110), depending on the arguments:\n"
			     "      ERRNO(5) -> ALLOW where args[0] == 0x6\n"
			     "      ALLOW -> KILL_PROCESS where args[0] == 0x3 && args[1] <= 0x1ffffffff\n"),
		      "%s", r.out);

	/* the JSON regions say the same */
	ck_assert_int_eq(seccompc_run(&r, "diff", a, b, "--target", "x86_64", "--format", "json",
				      NULL), 1);
	struct arena arena;
	arena_init(&arena);
	const struct json_node *diffs = member(parse_json(r.out, &arena), "differences", JSON_ARRAY);
	ck_assert_uint_eq(diffs->nitems, 7);
	const struct json_node *getuid = &diffs->items[2];
	ck_assert_str_eq(member_str(&member(getuid, "syscalls", JSON_ARRAY)->items[0], "name"), "getuid");
	const struct json_node *region = &member(getuid, "regions", JSON_ARRAY)->items[0];
	ck_assert_str_eq(member_str(region, "text"), "args[0] in [0x10, 0x1f]");
	const struct json_node *cond = &member(region, "where", JSON_ARRAY)->items[0];
	ck_assert_str_eq(member_str(cond, "test"), "range");
	ck_assert_str_eq(member_str(cond, "min"), "0x10");
	ck_assert_str_eq(member_str(cond, "max"), "0x1f");
	ck_assert_str_eq(member_str(cond, "bits"), "0xffffffffffffffff");
	ck_assert_int_eq(member(getuid, "regionsComplete", JSON_TRUE)->type, JSON_TRUE);
	arena_free(&arena);
	scratch_clean();
}
END_TEST

START_TEST(many_regions_are_capped_in_text_only)
{
	/* socket refused for nine families that share no pattern: nine regions
	 * (of the 32 bits the kernel reads of an int) */
	static const char *const families[] = { "3", "10", "17", "40", "100", "300", "1000", "5000",
						"70000" };
	char json[4096] = "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [";
	for (size_t i = 0; i < 9; i++)
		snprintf(json + strlen(json), sizeof json - strlen(json),
			 "%s\n {\"names\": [\"socket\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": "
			 "[{\"index\": 0, \"value\": %s, \"op\": \"SCMP_CMP_EQ\"}]}", i ? "," : "",
			 families[i]);
	strcat(json, "]}");
	const char *a = write_scratch("a.json", json);
	const char *b = write_scratch("b.json", "{\"defaultAction\": \"SCMP_ACT_ALLOW\"}");
	struct run r;
	ck_assert_int_eq(seccompc_run(&r, "diff", a, b, "--target", "x86_64", NULL), 1);
	ck_assert_msg(strstr(r.out, "  socket (41), depending on the arguments:\n"
			     "      ERRNO(1) -> ALLOW where args[0] & 0xffffffff == 0x3\n"
			     "      ERRNO(1) -> ALLOW where args[0] & 0xffffffff == 0xa\n"), "%s", r.out);
	ck_assert_msg(strstr(r.out, "      ... and 1 more region (all of them: --all or --format json)\n"),
		      "%s", r.out);
	ck_assert_int_eq(seccompc_run(&r, "diff", a, b, "--target", "x86_64", "--regions", "0", NULL), 1);
	ck_assert_msg(strstr(r.out, "      ERRNO(1) -> ALLOW where args[0] & 0xffffffff == 0x1388\n"
			     "      ERRNO(1) -> ALLOW where args[0] & 0xffffffff == 0x11170\n\n"),
		      "%s", r.out);
	ck_assert(!strstr(r.out, "more region"));
	ck_assert_int_eq(seccompc_run(&r, "diff", a, b, "--target", "x86_64", "--regions", "2", NULL), 1);
	ck_assert_msg(strstr(r.out, "      ... and 7 more regions (all of them"), "%s", r.out);
	ck_assert_int_eq(seccompc_run(&r, "diff", a, b, "--target", "x86_64", "--format", "json", NULL), 1);
	struct arena arena;
	arena_init(&arena);
	const struct json_node *diffs = member(parse_json(r.out, &arena), "differences", JSON_ARRAY);
	ck_assert_uint_eq(member(&diffs->items[0], "regions", JSON_ARRAY)->nitems, 9);
	arena_free(&arena);
	scratch_clean();
}
END_TEST

START_TEST(runs_of_numbers_and_foreign_arches)
{
	/* runc's ENOSYS answers to syscalls newer than the profile: a run of
	 * numbers from the first one no syscall of the profile's age has */
	const char *enosys = scratch("enosys.bpf");
	struct run r;
	ck_assert_int_eq(seccompc_run(&r, corpus("moby-default-x86_64-only.json"), "--enosys-newer",
				      "--target", "x86_64", "-o", enosys, NULL), 0);
	ck_assert_int_eq(seccompc_run(&r, "diff", enosys, corpus("moby-default-x86_64-only.json"),
				      "--target", "x86_64", NULL), 1);
	ck_assert_msg(strstr(r.out, "\nx86_64:\n  ERRNO(38) -> ERRNO(1): "), "%s", r.out);
	ck_assert_msg(strstr(r.out, "numbers 467-0x3fffffff (open_tree_attr, file_getattr, "
			     "file_setattr"), "%s", r.out);
	ck_assert_msg(!strstr(r.out, "depending") && !strstr(r.out, "\nx32:"), "%s", r.out);

	/* another bad-arch action: every foreign arch value, and x32 (not in default.json) */
	const char *kill_thread = scratch("kt.bpf");
	ck_assert_int_eq(seccompc_run(&r, shipped("default.json"), "--bad-arch", "KILL_THREAD",
				      "--target", "x86_64", "-o", kill_thread, NULL), 0);
	ck_assert_int_eq(seccompc_run(&r, "diff", kill_thread, shipped("default.json"),
				      "--target", "x86_64", NULL), 1);
	ck_assert_msg(strstr(r.out, "\nx32:\n  (A answers KILL_THREAD to every x32 syscall number)\n"
			     "  (B answers KILL_PROCESS to every x32 syscall number)\n"
			     "  KILL_THREAD -> KILL_PROCESS: numbers 0x40000000-0xfffffffe (read, write, "
			     "open, close, stat, fstat, lstat, poll, lseek, mmap, mprotect, munmap and "),
		      "%s", r.out);
	ck_assert_msg(strstr(r.out, "\nforeign arches:\n  KILL_THREAD -> KILL_PROCESS: every syscall "
			     "of every other arch value\n\ndifferences: 1 on x32, 1 on foreign arches"),
		      "%s", r.out);
	ck_assert_int_eq(seccompc_run(&r, "diff", kill_thread, shipped("default.json"),
				      "--target", "x86_64", "--all", NULL), 1);
	ck_assert_msg(strstr(r.out, ", pwritev2)\n"), "%s", r.out);

	/* a filter for x86_64 alone against one for x86_64 and x86: x86 is B's only */
	const char *only = scratch("only.bpf");
	ck_assert_int_eq(seccompc_run(&r, corpus("moby-default-x86_64-only.json"), "--target", "x86_64",
				      "-o", only, NULL), 0);
	ck_assert_int_eq(seccompc_run(&r, "diff", only, corpus("moby-default.json"), "--target",
				      "x86_64", NULL), 1);
	ck_assert_msg(strstr(r.out, "\nx86:\n  (A answers KILL_PROCESS to every x86 syscall number)\n"
			     "  KILL_PROCESS -> ALLOW: "), "%s", r.out);
	ck_assert_msg(!strstr(r.out, "\nx86_64:\n"), "%s", r.out);
	scratch_clean();
}
END_TEST

/* ---- learn, then diff -------------------------------------------------- */

START_TEST(a_learned_profile_differs_only_in_what_it_now_allows)
{
	/* seccompc-exec --learn promises the profile it writes refuses nothing
	 * the first one allowed; diff checks that on every input */
	const char *learned = scratch("learned.json");
	struct run r;
	ck_assert_int_eq(run(&r, (char *const[]){ getenv("SECCOMPC_EXEC"), "--learn", (char *)learned,
			      (char *)shipped("batch.json"), "--", "/bin/sh", "-c",
			      "ls / > /dev/null; id > /dev/null", NULL }), 0);
	ck_assert_int_eq(seccompc_run(&r, "diff", shipped("batch.json"), learned, "--target",
				      "x86_64", "--format", "json", NULL), 1);
	struct arena arena;
	arena_init(&arena);
	const struct json_node *diffs = member(parse_json(r.out, &arena), "differences", JSON_ARRAY);
	ck_assert_uint_gt(diffs->nitems, 0);
	for (size_t i = 0; i < diffs->nitems; i++) {
		const struct json_node *d = &diffs->items[i];
		const struct json_node *rg = json_member(d, "regions") ?
			member(d, "regions", JSON_ARRAY) : NULL;
		for (size_t k = 0; k < (rg ? rg->nitems : 1); k++) {
			const struct json_node *change = rg ? &rg->items[k] : d;
			ck_assert_str_ne(member_str(change, "a"), "ALLOW");
			ck_assert_str_eq(member_str(change, "b"), "ALLOW");
		}
	}
	arena_free(&arena);
	scratch_clean();
}
END_TEST

/* ---- exit codes, bad inputs, output ------------------------------------ */

START_TEST(exit_codes_and_bad_inputs)
{
	struct run r;
	const char *ok = write_scratch("ok.json", "{\"defaultAction\": \"SCMP_ACT_ALLOW\"}");
	ck_assert_int_eq(seccompc_run(&r, "diff", ok, NULL), 2);
	ck_assert(strstr(r.err, "usage: seccompc diff A B"));
	ck_assert_int_eq(seccompc_run(&r, "diff", ok, ok, ok, NULL), 2);
	ck_assert_int_eq(seccompc_run(&r, "diff", ok, ok, "--format", "xml", NULL), 2);
	ck_assert_str_eq(r.err, "seccompc diff: --format xml: expected text or json\n");
	ck_assert_int_eq(seccompc_run(&r, "diff", ok, ok, "--regions", "-1", NULL), 2);
	ck_assert_int_eq(seccompc_run(&r, "diff", ok, ok, "--target", "sparc", NULL), 2);
	ck_assert_int_eq(seccompc_run(&r, "diff", "-", "-", NULL), 2);
	ck_assert_int_eq(seccompc_run(&r, "diff", ok, ok, "--bogus", NULL), 2);
	ck_assert_int_eq(seccompc_run(&r, "diff", "--help", NULL), 0);
	ck_assert(strstr(r.out, "usage: seccompc diff A B"));

	/* wrong inputs: exit 1 and a message that says where and why */
	ck_assert_int_eq(seccompc_run(&r, "diff", "/nonexistent.json", ok, NULL), 1);
	ck_assert_msg(strstr(r.err, "cannot open /nonexistent.json: No such file or directory"), "%s", r.err);
	const char *bad = write_scratch("bad.json", "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
					" \"syscalls\": [{\"names\": [\"read\"], \"action\": 7}]}");
	ck_assert_int_eq(seccompc_run(&r, "diff", ok, bad, NULL), 1);
	ck_assert_msg(strstr(r.err, "bad.json:2:45: error: syscalls[0].action: found a number; "
			     "expected an action such as \"SCMP_ACT_ERRNO\""), "%s", r.err);
	ck_assert_str_eq(r.out, "");
	const char *typo = write_scratch("typo.json", "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
					 " \"syscalls\": [{\"names\": [\"ptrce\"], \"action\": "
					 "\"SCMP_ACT_ERRNO\"}]}");
	ck_assert_int_eq(seccompc_run(&r, "diff", ok, typo, "--strict", NULL), 1);
	ck_assert_msg(strstr(r.err, "ptrce"), "%s", r.err);
	const char *odd = write_scratch("odd.bpf", "1234567");
	ck_assert_int_eq(seccompc_run(&r, "diff", odd, ok, NULL), 1);
	ck_assert_msg(strstr(r.err, "odd.bpf: error: the file has 7 bytes, not a multiple of 8"), "%s", r.err);
	/* ld [0]; ld #0: no return at the end, the kernel refuses it */
	const char *noret = scratch("noret.bpf");
	FILE *f = fopen(noret, "wb");
	static const unsigned char insns[] = { 0x20, 0, 0, 0, 0, 0, 0, 0, 0x00, 0, 0, 0, 0, 0, 0, 0 };
	fwrite(insns, 1, sizeof insns, f);
	fclose(f);
	ck_assert_int_eq(seccompc_run(&r, "diff", noret, ok, "--target", "x86_64", NULL), 1);
	ck_assert_msg(strstr(r.err, "noret.bpf: error: the kernel would refuse this filter"), "%s", r.err);
	/* ld [0]; tax; ret ALLOW: the X register is beyond the analysis */
	const char *tax = scratch("tax.bpf");
	static const unsigned char x[] = { 0x20, 0, 0, 0, 0, 0, 0, 0, 0x07, 0, 0, 0, 0, 0, 0, 0,
					   0x06, 0, 0, 0, 0, 0, 0xff, 0x7f };
	f = fopen(tax, "wb");
	fwrite(x, 1, sizeof x, f);
	fclose(f);
	ck_assert_int_eq(seccompc_run(&r, "diff", tax, ok, "--target", "x86_64", NULL), 1);
	ck_assert_msg(strstr(r.err, "tax.bpf: error: cannot analyse the filter at instruction 1"), "%s",
		      r.err);

	/* -o: written whole, or not at all */
	const char *out = scratch("out.txt");
	ck_assert_int_eq(seccompc_run(&r, "diff", ok, ok, "-o", out, NULL), 0);
	ck_assert_str_eq(r.out, "");
	f = fopen(out, "r");
	char text[512] = "";
	ck_assert_uint_gt(fread(text, 1, sizeof text - 1, f), 0);
	fclose(f);
	ck_assert(strstr(text, "A and B decide alike"));
	ck_assert_int_eq(seccompc_run(&r, "diff", ok, ok, "-o", "/nonexistent-dir/out.txt", NULL), 1);
	scratch_clean();
}
END_TEST

/* ---- libseccomp (where it is installed) -------------------------------- */

/* Does some argument of the JSON region's point (from all-zero arguments)
 * have a bit set above the low 32? */
static bool needs_high_bits(const struct json_node *region)
{
	uint64_t args[6] = { 0 };
	region_point(region, args);
	for (int i = 0; i < 6; i++)
		if (args[i] >> 32)
			return true;
	return false;
}

START_TEST(libseccomps_filter_differs_only_where_it_cannot_name)
{
	const char *baseline = getenv("LIBSECCOMP_BASELINE");
	if (!baseline || !*baseline) {
		fprintf(stderr, "libseccomp is not installed: no libseccomp filter to compare\n");
		return;
	}
	/* names libseccomp 2.5.4 does not know: the profile allows them, its
	 * filter gives them the default action (tests/differential.sh) */
	static const char newer[] = " cachestat fchmodat2 map_shadow_stack futex_wake futex_wait "
		"futex_requeue statmount listmount lsm_get_self_attr lsm_set_self_attr "
		"lsm_list_modules mseal setxattrat getxattrat listxattrat removexattrat "
		"open_tree_attr file_getattr file_setattr uretprobe uprobe listns rseq_slice_yield ";
	const char *names[] = { "moby-default.json", "podman-default.json",
				"moby-fixture-conditional_include.json" };
	size_t by_args = 0;
	for (size_t p = 0; p < sizeof names / sizeof *names; p++)
		for (int width = 0; width < 2; width++) {
			const char *lib = scratch("lib.bpf");
			struct run r;
			ck_assert_int_eq(run(&r, (char *const[]){ (char *)baseline, "--runs", "0",
					      "--kernel", "6.1", (char *)corpus(names[p]), "-o",
					      (char *)lib, NULL }), 0);
			/* libseccomp compares whole registers; seccompc by default the
			 * bits the kernel reads, and --arg-width register as libseccomp */
			int st = seccompc_run(&r, "diff", lib, corpus(names[p]), "--target", "x86_64",
					      "--kernel", "6.1", "--bad-arch", "KILL_THREAD", "--format",
					      "json", "--arg-width", width ? "register" : "kernel", NULL);
			ck_assert_msg(st == 0 || st == 1, "%s: %d %s", names[p], st, r.err);
			struct arena arena;
			arena_init(&arena);
			const struct json_node *diffs = member(parse_json(r.out, &arena), "differences",
							       JSON_ARRAY);
			for (size_t i = 0; i < diffs->nitems; i++) {
				const struct json_node *d = &diffs->items[i];
				const struct json_node *sys = member(d, "syscalls", JSON_ARRAY);
				if (json_member(d, "regions")) {
					/* only where an argument has bits the kernel does not read */
					ck_assert_msg(!width, "%s: %s differs by arguments", names[p],
						      member_str(&sys->items[0], "name"));
					const struct json_node *rg = member(d, "regions", JSON_ARRAY);
					for (size_t k = 0; k < rg->nitems; k++)
						ck_assert_msg(needs_high_bits(&rg->items[k]), "%s: %s where %s",
							      names[p], member_str(&sys->items[0], "name"),
							      member_str(&rg->items[k], "text"));
					by_args++;
					continue;
				}
				ck_assert_str_eq(member_str(d, "b"), "ALLOW");
				const struct json_node *nrs = member(d, "numbers", JSON_ARRAY);
				ck_assert_int_eq(strtoll(nrs->items[1].str, NULL, 10) -
						 strtoll(nrs->items[0].str, NULL, 10) + 1,
						 (long long)sys->nitems);
				for (size_t k = 0; k < sys->nitems; k++) {
					char key[80];
					snprintf(key, sizeof key, " %s ", member_str(&sys->items[k], "name"));
					ck_assert_msg(strstr(newer, key), "%s: libseccomp decides %s otherwise",
						      names[p], key);
				}
			}
			arena_free(&arena);
		}
	/* moby's socket and personality rules at least */
	ck_assert_uint_ge(by_args, 2);
	scratch_clean();
}
END_TEST

/* ---- regions on random diagrams ---------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static const uint64_t pool[] = { 0, 1, 5, 6, 0x10, 0x1f, 0x26, 0x28, 0xff, 0x5412, 0x7fffffff,
				 0xffffffff, 0x100000000ull, 0x100000005ull, 0x8000000000000000ull,
				 UINT64_MAX };
static const uint64_t masks[] = { 0xff, 0xf0, 0x7e020000, 0xffffffff, 0xfffffffffffffff0ull, 0x3 };
enum { NPOOL = sizeof pool / sizeof *pool, NMASKS = sizeof masks / sizeof *masks };

/* One random comparison on args[0..2], 64 or 32 bits wide, as meaning_table.c makes them. */
static bdd_node random_cond(struct bdd *m)
{
	uint8_t index = (uint8_t)(rnd() % 3);
	bool wide = rnd() % 2;
	enum cmp_op ops[] = { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GE, CMP_GT, CMP_MASKED_EQ };
	enum cmp_op op = ops[rnd() % 7];
	uint64_t width = wide ? UINT64_MAX : 0xffffffffu;
	uint64_t mask = op == CMP_MASKED_EQ ? masks[rnd() % NMASKS] & width : width;
	uint64_t k = pool[rnd() % NPOOL] & width;
	struct bdd_piece p[2];
	size_t n = 0;
	if (wide)
		p[n++] = (struct bdd_piece){ (uint8_t)(2 * index), (uint32_t)(mask >> 32) };
	p[n++] = (struct bdd_piece){ (uint8_t)(2 * index + 1), (uint32_t)mask };
	return bdd_compare(m, p, n, op == CMP_MASKED_EQ ? CMP_EQ : op, op == CMP_MASKED_EQ ? k & mask : k);
}

/* Rules in order, each one or two conditions, over a random default. */
static bdd_node random_fn(struct bdd *m)
{
	static const uint32_t actions[] = { 0x7fff0000u, 0x00050001u, 0x00050005u, 0x80000000u };
	bdd_node f = bdd_action(m, actions[rnd() % 4]);
	for (int r = (int)(rnd() % 4); r > 0; r--) {
		bdd_node c = random_cond(m);
		if (rnd() % 2)
			c = bdd_and(m, c, random_cond(m));
		f = bdd_ite(m, c, bdd_action(m, actions[rnd() % 4]), f);
	}
	return f;
}

static bool cond_met(const struct arg_cond *c, uint64_t v)
{
	switch (c->test) {
	case ARG_ANY: return true;
	case ARG_RANGE: return c->lo <= (v & c->bits) && (v & c->bits) <= c->hi;
	case ARG_NE: return (v & c->bits) != c->lo;
	case ARG_MASK: return (v & c->bits) == c->lo;
	case ARG_ANY_BIT: return (v & c->bits) != 0;
	default: return false;
	}
}

static bool in_region(const struct arg_region *g, const uint64_t v[DIFF_VALUES])
{
	for (unsigned i = 0; i < DIFF_CONDS; i++)
		if (!cond_met(&g->when[i], v[i / 2]))
			return false;
	return true;
}

static void to_words(const uint64_t v[DIFF_VALUES], uint32_t words[BDD_WORDS])
{
	for (unsigned i = 0; i < DIFF_VALUES; i++) {
		words[2 * i] = (uint32_t)(v[i] >> 32);
		words[2 * i + 1] = (uint32_t)v[i];
	}
}

/* A value near the pool's, or any. */
static uint64_t random_value(void)
{
	uint64_t v = pool[rnd() % NPOOL];
	switch (rnd() % 5) {
	case 0: return v + 1;
	case 1: return v - 1;
	case 2: return rnd();
	case 3: return v | (rnd() & 0xffffffff00000000ull);
	default: return v;
	}
}

START_TEST(regions_are_exactly_where_two_diagrams_differ)
{
	size_t pairs = 0, points_in = 0, complete = 0;
	for (int round = 0; round < 300; round++) {
		struct bdd *m = bdd_new(0);
		bdd_node f = random_fn(m), g = random_fn(m);
		struct arg_regions rg;
		arg_regions_of(m, f, g, 0, &rg);
		ck_assert_msg((f == g) == (rg.len == 0), "round %d", round);
		pairs += f != g;
		complete += rg.complete;
		/* a point of each region: the two leaves it claims */
		for (size_t i = 0; i < rg.len; i++) {
			const struct arg_region *reg = &rg.items[i];
			uint64_t v[DIFF_VALUES] = { 0 };
			for (unsigned k = 0; k < DIFF_VALUES; k++)
				v[k] = random_value();
			/* a value's second condition is on bits its first leaves free */
			for (unsigned k = 0; k < DIFF_CONDS; k++) {
				const struct arg_cond *c = &reg->when[k];
				uint64_t *x = &v[k / 2];
				if (c->test == ARG_RANGE)
					*x = (*x & ~c->bits) | (c->lo + (c->hi - c->lo) / 2);
				else if (c->test == ARG_NE && (*x & c->bits) == c->lo)
					*x ^= c->bits & (~c->bits + 1);
				else if (c->test == ARG_MASK)
					*x = (*x & ~c->bits) | c->lo;
				else if (c->test == ARG_ANY_BIT && !(*x & c->bits))
					*x |= c->bits & (~c->bits + 1);
			}
			ck_assert(in_region(reg, v));
			uint32_t w[BDD_WORDS];
			to_words(v, w);
			ck_assert_uint_eq(bdd_eval(m, f, w), reg->a);
			ck_assert_uint_eq(bdd_eval(m, g, w), reg->b);
		}
		/* any point: in a region exactly when f and g differ there, and
		 * then only in regions with its two leaves */
		for (int s = 0; s < 400; s++) {
			uint64_t v[DIFF_VALUES] = { random_value(), random_value(), random_value(),
						    random_value(), 0, 0, 0 };
			uint32_t w[BDD_WORDS];
			to_words(v, w);
			uint32_t a = bdd_eval(m, f, w), b = bdd_eval(m, g, w);
			size_t inside = 0;
			for (size_t i = 0; i < rg.len; i++)
				if (in_region(&rg.items[i], v)) {
					ck_assert_uint_eq(rg.items[i].a, a);
					ck_assert_uint_eq(rg.items[i].b, b);
					inside++;
				}
			if (rg.complete)
				ck_assert_msg((a != b) == (inside > 0), "round %d sample %d", round, s);
			else   /* the first regions only: none is wrong */
				ck_assert(a != b || inside == 0);
			points_in += inside > 0;
		}
		arg_regions_free(&rg);
		bdd_free(m);
	}
	ck_assert_uint_gt(pairs, 200);
	ck_assert_uint_ge(complete, 295);
	ck_assert_uint_gt(points_in, 10000);
}
END_TEST

START_TEST(regions_read_as_intervals_masks_and_bits)
{
	struct bdd *m = bdd_new(0);
	bdd_node allow = bdd_action(m, 0x7fff0000u), eperm = bdd_action(m, 0x00050001u);
	struct bdd_piece flags = { 1, 0x7e020000u };
	/* clone without namespace flags against clone allowed */
	bdd_node clone = bdd_ite(m, bdd_compare(m, &flags, 1, CMP_EQ, 0), allow, eperm);
	struct arg_regions rg;
	arg_regions_of(m, allow, clone, 0, &rg);
	ck_assert_uint_eq(rg.len, 1);
	struct buf t;
	buf_init(&t);
	arg_region_text(&rg.items[0], &t);
	ck_assert_str_eq(t.data, "args[0] & 0x7e020000 != 0");
	arg_regions_free(&rg);
	/* personality: five 32-bit values allowed; the rest are four intervals */
	static const uint32_t personas[] = { 0, 8, 0x20000, 0x20008, 0xffffffff };
	struct bdd_piece low = { 1, 0xffffffffu };
	bdd_node p = eperm;
	for (int i = 4; i >= 0; i--)
		p = bdd_ite(m, bdd_compare(m, &low, 1, CMP_EQ, personas[i]), allow, p);
	arg_regions_of(m, p, eperm, 0, &rg);
	static const char *const want[] = {
		"args[0] & 0xffffffff == 0xffffffff", "args[0] & 0xfffdfff7 == 0x0",
	};
	ck_assert_uint_eq(rg.len, 2);
	for (size_t i = 0; i < rg.len; i++) {
		t.len = 0;
		arg_region_text(&rg.items[i], &t);
		ck_assert_str_eq(t.data, want[i]);
	}
	arg_regions_free(&rg);
	arg_regions_of(m, eperm, bdd_ite(m, bdd_not(m, bdd_compare(m, &low, 1, CMP_EQ, 0x1f)),
					 allow, eperm), 0, &rg);
	ck_assert_uint_eq(rg.len, 1);
	t.len = 0;
	arg_region_text(&rg.items[0], &t);
	ck_assert_str_eq(t.data, "args[0] & 0xffffffff != 0x1f");
	arg_regions_free(&rg);
	/* a 64-bit comparison against one of the low 32 bits (libseccomp's
	 * against the kernel's reading of an int): the high words are named */
	struct bdd_piece wide[2] = { { 0, 0xffffffffu }, { 1, 0xffffffffu } };
	static const struct {
		enum cmp_op op;
		const char *text;
	} mixed[] = {
		{ CMP_EQ, "args[0] >= 0x100000000 && args[0] & 0xffffffff == 0x28" },
		{ CMP_LT, "args[0] >= 0x100000000 && args[0] & 0xffffffff <= 0x27" },
		{ CMP_GE, "args[0] >= 0x100000000 && args[0] & 0xffffffff <= 0x27" },
	};
	for (size_t i = 0; i < sizeof mixed / sizeof *mixed; i++) {
		bdd_node a = bdd_ite(m, bdd_compare(m, wide, 2, mixed[i].op, 40), eperm, allow);
		bdd_node b = bdd_ite(m, bdd_compare(m, &low, 1, mixed[i].op, 40), eperm, allow);
		arg_regions_of(m, a, b, 0, &rg);
		ck_assert_uint_eq(rg.len, 1);
		t.len = 0;
		arg_region_text(&rg.items[0], &t);
		ck_assert_str_eq(t.data, mixed[i].text);
		arg_regions_free(&rg);
	}
	buf_free(&t);
	bdd_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("diff");
	tcase_set_timeout(tc, 240);
	tcase_add_test(tc, moby_against_default_names_seccompcs_changes);
	tcase_add_test(tc, the_kernel_does_what_the_diff_says);
	tcase_add_test(tc, a_profile_against_itself_and_its_filter_differs_nowhere);
	tcase_add_test(tc, crafted_argument_rules_give_exact_regions);
	tcase_add_test(tc, many_regions_are_capped_in_text_only);
	tcase_add_test(tc, runs_of_numbers_and_foreign_arches);
	tcase_add_test(tc, a_learned_profile_differs_only_in_what_it_now_allows);
	tcase_add_test(tc, exit_codes_and_bad_inputs);
	tcase_add_test(tc, libseccomps_filter_differs_only_where_it_cannot_name);
	tcase_add_test(tc, regions_are_exactly_where_two_diagrams_differ);
	tcase_add_test(tc, regions_read_as_intervals_masks_and_bits);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
