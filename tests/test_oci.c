/*
 * test_oci.c - `seccompc resolve --oci`: the profile resolved for a target
 * and a capability set, as the OCI linux.seccomp object runc, crun and
 * podman read, decides like the profile. For every profile of the corpus,
 * the shipped ones and tests/oci/ (every construct runc reads otherwise:
 * caps, minKernel, arches in includes and excludes, archMap, repeated
 * argument indexes, errno names, every action, rules equal to the default,
 * shadowed rules, 64-bit constants on 32-bit arches), several targets, cap
 * sets and kernels: both are compiled, and each filter is checked with the
 * simulator against the other's resolved table on every syscall number of
 * every arch and on argument values around every constant (the verifier's
 * probes), with and without --enosys-newer.
 */
#include <check.h>

#include "run_command.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "compile.h"
#include "verify.h"

static char *seccompc(void)
{
	return getenv("SECCOMPC");
}

static const char *const profiles[] = {
	"tests/oci/semantics.json",
	"tests/oci/errno-names.json",
	"tests/corpus/moby-default.json",
	"tests/corpus/moby-default-x86_64-only.json",
	"tests/corpus/moby-fixture-conditional_include.json",
	"tests/corpus/moby-fixture-default-old-format.json",
	"tests/corpus/moby-fixture-example.json",
	"tests/corpus/podman-default.json",
	"tests/corpus/runc-syscall-test1.json",
	"tests/corpus/runc-syscall-test2.json",
	"profiles/default.json",
	"profiles/restrictive.json",
	"profiles/log.json",
};
#define NPROFILES (sizeof profiles / sizeof profiles[0])

static const char *const targets[] = { "x86_64", "aarch64", "s390x", "mips64", "ppc64le" };

/* Capability sets as command-line options; NULL ends each. */
static const char *const cap_sets[][8] = {
	{ NULL },                                          /* Docker's default */
	{ "--caps", "none", NULL },
	{ "--cap", "CAP_SYS_ADMIN", "--cap", "CAP_SYS_PTRACE", "--cap", "CAP_SYSLOG", NULL },
	{ "--caps", "all", "--drop-cap", "CAP_SYS_ADMIN", NULL },
};

static const char *const kernels[] = { "4.14", "6.1" };

struct compiled {
	struct arena arena;
	struct diag diag;
	struct compile_result res;
	int status;
};

/* Compiles `text` (named `name`) for the target with the given selection. */
static void compile_text(struct compiled *c, const char *name, const char *text, size_t len,
			 const char *target, const char *const *caps, const char *kernel,
			 bool enosys)
{
	arena_init(&c->arena);
	diag_init(&c->diag, name);
	c->diag.quiet_warnings = true;
	struct compile_options co = { .verify = true };
	co.select.target = arch_by_name(target);
	co.select.enosys_newer = enosys;
	sscanf(kernel, "%u.%u", &co.select.kernel_major, &co.select.kernel_minor);
	/* The capability options as the command line reads them (caps.h). */
	struct cap_options capo;
	cap_options_init(&capo);
	for (size_t i = 0; caps[i]; i += 2) {
		char why[256];
		enum cap_option_kind kind = strcmp(caps[i], "--caps") == 0 ? CAP_OPT_CAPS :
					    strcmp(caps[i], "--cap") == 0 ? CAP_OPT_ADD : CAP_OPT_DROP;
		ck_assert_msg(cap_options_apply(&capo, kind, caps[i + 1], why, sizeof why), "%s", why);
	}
	static const char *cap_names[CAP_COUNT];
	if (capo.given)
		cap_select(&co.select, capo.set, cap_names);
	char *copy = arena_strndup(&c->arena, text, len);
	c->status = compile_profile_text(name, copy, len, &co, &c->arena, &c->diag, &c->res);
}

static void release(struct compiled *c)
{
	diag_fini(&c->diag);
	arena_free(&c->arena);
}

/* What resolve --oci prints for the profile, target and selection. */
static char *resolve_oci(const char *profile, const char *target, const char *const *caps,
			 const char *kernel, size_t *len)
{
	char *argv[24] = { seccompc(), "resolve", "--oci", (char *)profile, "--target",
			   (char *)target, "--kernel", (char *)kernel };
	int argc = 8;
	for (size_t i = 0; caps[i]; i++)
		argv[argc++] = (char *)caps[i];
	struct run r;
	ck_assert_msg(run(&r, argv) == 0, "resolve --oci %s --target %s: %s", profile, target, r.err);
	ck_assert_msg(r.outlen < sizeof r.out - 1, "output too long for the test's buffer");
	*len = r.outlen;
	return strdup(r.out);
}

/* Each program decides as the other's table says, on that table's probes. */
static void assert_alike(struct compiled *a, struct compiled *b, const char *what)
{
	struct diag d;
	diag_init(&d, NULL);
	bool ab = verify_program(&a->res.table, &b->res.prog, &d, NULL);
	bool ba = verify_program(&b->res.table, &a->res.prog, &d, NULL);
	ck_assert_msg(ab && ba, "%s: the OCI profile decides otherwise:\n%s", what, diag_text(&d));
	diag_fini(&d);
}

START_TEST(oci_output_decides_like_the_profile)
{
	const char *src = getenv("SRCDIR");
	char path[4200];
	snprintf(path, sizeof path, "%s/%s", src, profiles[_i]);
	for (size_t t = 0; t < sizeof targets / sizeof targets[0]; t++)
		for (size_t c = 0; c < sizeof cap_sets / sizeof cap_sets[0]; c++)
			for (size_t k = 0; k < sizeof kernels / sizeof kernels[0]; k++) {
				size_t len;
				char *oci = resolve_oci(path, targets[t], cap_sets[c], kernels[k], &len);
				/* Nothing runc would read otherwise is left. */
				ck_assert(!strstr(oci, "\"includes\"") && !strstr(oci, "\"excludes\"") &&
					  !strstr(oci, "\"archMap\"") && !strstr(oci, "\"errno\"") &&
					  !strstr(oci, "\"defaultErrno\""));
				for (int enosys = 0; enosys < 2; enosys++) {
					struct compiled orig, back;
					struct buf text;
					struct diag rd;
					diag_init(&rd, NULL);
					ck_assert(read_file(path, &text, &rd));
					diag_fini(&rd);
					compile_text(&orig, path, text.data, text.len, targets[t],
						     cap_sets[c], kernels[k], enosys);
					buf_free(&text);
					/* The OCI profile needs no selection: none is given. */
					static const char *const none[] = { NULL };
					compile_text(&back, "oci.json", oci, len, targets[t], none, "1.0",
						     enosys);
					char what[512];
					snprintf(what, sizeof what, "%s --target %s, caps %s, kernel %s%s",
						 profiles[_i], targets[t], cap_sets[c][0] ? cap_sets[c][1] :
						 "docker", kernels[k], enosys ? ", --enosys-newer" : "");
					ck_assert_msg(orig.status == 0 && back.status == 0, "%s: %s%s", what,
						      diag_text(&orig.diag), diag_text(&back.diag));
					assert_alike(&orig, &back, what);
					release(&orig);
					release(&back);
				}
				free(oci);
			}
}
END_TEST

START_TEST(oci_output_says_what_runc_reads)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/tests/oci/semantics.json", getenv("SRCDIR"));
	size_t len;
	static const char *const admin[] = { "--cap", "CAP_SYS_ADMIN", NULL };
	char *oci = resolve_oci(path, "mips64", admin, "6.1", &len);
	/* archMap: the target's entry, native first, as architectures. */
	ck_assert_msg(strstr(oci, "\"architectures\": [\n    \"SCMP_ARCH_MIPS64\",\n    "
			     "\"SCMP_ARCH_MIPS\",\n    \"SCMP_ARCH_MIPS64N32\"\n  ]"), "%s", oci);
	/* An errno name as mips numbers it, the flags and the listener as written. */
	ck_assert(strstr(oci, "\"names\": [\n        \"clone3\"\n      ],\n      \"action\": "
			 "\"SCMP_ACT_ERRNO\",\n      \"errnoRet\": 89\n"));
	ck_assert(strstr(oci, "\"flags\": [\n    \"SECCOMP_FILTER_FLAG_LOG\"\n  ]"));
	ck_assert(strstr(oci, "\"listenerMetadata\": \"what \\\"the agent\\\" reads\""));
	/* A repeated index: one rule a condition. */
	ck_assert(strstr(oci, "\"names\": [\n        \"personality\"\n      ],\n      \"action\": "
			 "\"SCMP_ACT_ALLOW\",\n      \"args\": [\n        {\"index\": 0, \"value\": 8, "
			 "\"valueTwo\": 0, \"op\": \"SCMP_CMP_EQ\"}\n      ]"));
	/* CAP_SYS_ADMIN held: mount allowed, its ERRNO(13) rule gone; ptrace's
	 * rule is for amd64 and arm64 only; SCMP_ACT_KILL is KILL_THREAD. */
	ck_assert(strstr(oci, "\"mount\",\n        \"umount2\"\n      ],\n      \"action\": "
			 "\"SCMP_ACT_ALLOW\""));
	ck_assert(!strstr(oci, "\"errnoRet\": 13") && !strstr(oci, "\"ptrace\""));
	ck_assert(strstr(oci, "\"action\": \"SCMP_ACT_KILL_THREAD\""));
	/* The shadowed conditional read is gone; file_setattr, ERRNO(1) like
	 * the default, stays as the largest name runc's ENOSYS stub counts. */
	ck_assert(!strstr(oci, "\"value\": 3,"));
	ck_assert_msg(strstr(oci, "\"names\": [\n        \"file_setattr\"\n      ],\n      \"action\": "
			      "\"SCMP_ACT_ERRNO\",\n      \"errnoRet\": 1\n    }\n  ]\n}\n"), "%s", oci);
	free(oci);
	struct run r;
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "resolve", "--oci", path,
						  "--bad-arch", "ERRNO(38)", NULL }), 2);
	ck_assert(strstr(r.err, "an OCI profile has no bad-arch action"));
}
END_TEST

/* --enosys-newer answers ENOSYS for a syscall newer than the profile
 * whatever its number; runc's stub goes by number. uprobe (x86_64 336,
 * Linux 6.18) is below moby's largest number: the OCI output gives it a
 * rule of its own, so runc answers it alike. */
START_TEST(oci_output_keeps_enosys_by_age)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/tests/corpus/moby-default.json", getenv("SRCDIR"));
	struct run r;
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "resolve", "--oci", path, "--target",
						  "x86_64", "--enosys-newer", NULL }), 0);
	ck_assert_msg(strstr(r.out, "\"names\": [\n        \"uprobe\"\n      ],\n      \"action\": "
			      "\"SCMP_ACT_ERRNO\",\n      \"errnoRet\": 38\n"), "%s", r.out);
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "resolve", "--oci", path, "--target",
						  "x86_64", NULL }), 0);
	ck_assert_ptr_null(strstr(r.out, "\"uprobe\""));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("oci");
	TCase *tc = tcase_create("oci");
	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, oci_output_decides_like_the_profile, 0, NPROFILES);
	tcase_add_test(tc, oci_output_says_what_runc_reads);
	tcase_add_test(tc, oci_output_keeps_enosys_by_age);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
