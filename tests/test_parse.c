/*
 * test_parse.c - the JSON front end: every corpus profile parses, facts of
 * the parsed profiles, and malformed profiles fail with the exact message
 * and place a user needs to fix them.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

static const char *corpus_path(const char *name)
{
	static char path[4096];
	const char *src = getenv("SRCDIR");
	snprintf(path, sizeof path, "%s/tests/corpus/%s", src ? src : "..", name);
	return path;
}

static const char *const corpus[] = {
	"moby-default.json", "moby-fixture-conditional_include.json",
	"moby-fixture-default-old-format.json", "moby-fixture-example.json",
	"podman-default.json", "runc-syscall-test1.json", "runc-syscall-test2.json",
	"moby-default-x86_64-only.json",
};

START_TEST(corpus_parses_cleanly)
{
	struct arena arena;
	arena_init(&arena);
	struct diag diag;
	diag_init(&diag, corpus[_i]);
	struct profile p;
	ck_assert_msg(profile_load(corpus_path(corpus[_i]), &arena, &diag, &p), "%s", diag_text(&diag));
	ck_assert_msg(diag.errors == 0 && diag.warnings == 0, "%s", diag_text(&diag));
	ck_assert_uint_gt(p.nrules, 0);
	diag_fini(&diag);
	arena_free(&arena);
}
END_TEST

START_TEST(moby_default_facts)
{
	struct arena arena;
	arena_init(&arena);
	struct diag diag;
	diag_init(&diag, NULL);
	struct profile p;
	ck_assert(profile_load(corpus_path("moby-default.json"), &arena, &diag, &p));
	ck_assert_int_eq(p.default_action.kind, ACT_ERRNO);
	ck_assert(p.default_action.has_errno_ret && p.default_action.errno_ret == 1);
	ck_assert(p.has_arch_map && !p.has_architectures);
	ck_assert_str_eq(p.arch_map[0].arch, "SCMP_ARCH_X86_64");
	ck_assert_uint_eq(p.arch_map[0].nsub_arches, 2);
	ck_assert_str_eq(p.arch_map[0].sub_arches[1], "SCMP_ARCH_X32");
	/* The clone rule for processes without CAP_SYS_ADMIN masks the namespace flags. */
	bool found = false;
	for (size_t i = 0; i < p.nrules; i++) {
		const struct prof_rule *r = &p.rules[i];
		if (r->nnames == 1 && !strcmp(r->names[0].name, "clone") && r->nargs == 1 &&
		    r->excludes.ncaps == 1 && r->excludes.narches == 2) {
			ck_assert_int_eq(r->args[0].op, CMP_MASKED_EQ);
			ck_assert_uint_eq(r->args[0].value, 2114060288);
			ck_assert_uint_eq(r->args[0].value_two, 0);
			ck_assert_str_eq(r->excludes.caps[0], "CAP_SYS_ADMIN");
			found = true;
		}
	}
	ck_assert(found);
	/* ptrace is allowed from kernel 4.8 on. */
	found = false;
	for (size_t i = 0; i < p.nrules; i++)
		for (size_t k = 0; k < p.rules[i].nnames; k++)
			if (!strcmp(p.rules[i].names[k].name, "ptrace") && p.rules[i].includes.has_min_kernel) {
				ck_assert_uint_eq(p.rules[i].includes.min_kernel_major, 4);
				ck_assert_uint_eq(p.rules[i].includes.min_kernel_minor, 8);
				found = true;
			}
	ck_assert(found);
	diag_fini(&diag);
	arena_free(&arena);
}
END_TEST

/* Each case: a profile and the complete text the parser reports. */
static const struct {
	const char *json;
	const char *message;
} malformed[] = {
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [",
	  "p.json:1:50: error: invalid JSON: the text ends before the JSON value does (truncated?)\n" },
	{ "",
	  "p.json:1:1: error: invalid JSON: the text ends before the JSON value does (truncated?)\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\"} {",
	  "p.json:1:37: error: invalid JSON: trailing garbage\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\",}",
	  "p.json:1:36: error: invalid JSON: invalid object key (must be a string)\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultAction\": \"SCMP_ACT_ALLOW\"}",
	  "p.json:1:37: error: invalid JSON: duplicate key \"defaultAction\" (first at line 1)\n" },
	{ "[]",
	  "p.json:1:1: error: expected the profile as a JSON object, found an array\n" },
	{ "{}",
	  "p.json:1:1: error: missing \"defaultAction\" (SCMP_ACT_ERRNO, SCMP_ACT_KILL_PROCESS, ...)\n" },
	{ "{\"defaultAction\": 1}",
	  "p.json:1:19: error: defaultAction: expected a string, found a number\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_DENY\"}",
	  "p.json:1:19: error: defaultAction: unknown action \"SCMP_ACT_DENY\"; expected one of "
	  "SCMP_ACT_ALLOW, SCMP_ACT_ERRNO, SCMP_ACT_KILL, SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_THREAD, "
	  "SCMP_ACT_LOG, SCMP_ACT_NOTIFY, SCMP_ACT_TRACE, SCMP_ACT_TRAP\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"defaultErrnoRet\": 1}",
	  "p.json:1:37: error: defaultErrnoRet: defaultErrnoRet is valid only with SCMP_ACT_ERRNO "
	  "or SCMP_ACT_TRACE, not SCMP_ACT_ALLOW\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 70000}",
	  "p.json:1:56: error: defaultErrnoRet: defaultErrnoRet 70000 is out of range; expected 0 to 65535\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrno\": \"eperm\"}",
	  "p.json:1:53: error: defaultErrno: expected an errno name such as \"EPERM\", found \"eperm\"\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_X86_64\"],\n"
	  " \"archMap\": [{\"architecture\": \"SCMP_ARCH_X86_64\"}]}",
	  "p.json:2:2: error: archMap: \"archMap\" and \"architectures\" are both given; use one of them\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_AMD64\"]}",
	  "p.json:1:55: error: architectures[0]: unknown architecture \"SCMP_ARCH_AMD64\"; expected one "
	  "of SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_X32, SCMP_ARCH_AARCH64, SCMP_ARCH_ARM, "
	  "SCMP_ARCH_RISCV64, SCMP_ARCH_S390X, SCMP_ARCH_S390, SCMP_ARCH_PPC64LE, SCMP_ARCH_PPC64, "
	  "SCMP_ARCH_PPC, SCMP_ARCH_MIPS64, SCMP_ARCH_MIPS64N32, SCMP_ARCH_MIPS, SCMP_ARCH_MIPSEL64, "
	  "SCMP_ARCH_MIPSEL64N32, SCMP_ARCH_MIPSEL, SCMP_ARCH_LOONGARCH64\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"archMap\": [{\"subArchitectures\": null}]}",
	  "p.json:1:49: error: archMap[0]: missing \"architecture\"\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": {}}",
	  "p.json:1:49: error: syscalls: expected an array, found an object\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"]}]}",
	  "p.json:1:50: error: syscalls[0]: missing \"action\" (SCMP_ACT_ALLOW, SCMP_ACT_ERRNO, ...)\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"action\": \"SCMP_ACT_ALLOW\"}]}",
	  "p.json:1:50: error: syscalls[0]: no syscall names; expected \"names\": [\"read\", ...]\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [], \"action\": \"SCMP_ACT_ALLOW\"}]}",
	  "p.json:1:60: error: syscalls[0].names: \"names\" is empty; expected at least one syscall name\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
	  "p.json:1:61: error: syscalls[0].names[0]: empty syscall name\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": \"read\", \"action\": \"SCMP_ACT_ALLOW\"}]}",
	  "p.json:1:60: error: syscalls[0].names: expected an array, found a string\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [7], \"action\": \"SCMP_ACT_ALLOW\"}]}",
	  "p.json:1:61: error: syscalls[0].names[0]: expected a string, found a number\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"name\": \"read\", \"names\": [\"write\"],"
	  " \"action\": \"SCMP_ACT_ALLOW\"}]}",
	  "p.json:1:51: error: syscalls[0].name: both \"name\" and \"names\" are given; use \"names\" alone\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\","
	  " \"errnoRet\": 1}]}",
	  "p.json:1:98: error: syscalls[0].errnoRet: errnoRet is valid only with SCMP_ACT_ERRNO or "
	  "SCMP_ACT_TRACE, not SCMP_ACT_ALLOW\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\","
	  " \"errnoRet\": \"EPERM\"}]}",
	  "p.json:1:110: error: syscalls[0].errnoRet: expected an unsigned 64-bit integer, found a string\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\","
	  " \"args\": [{\"index\": 6, \"value\": 0, \"op\": \"SCMP_CMP_EQ\"}]}]}",
	  "p.json:1:117: error: syscalls[0].args[0].index: argument index 6 is out of range; expected 0 to 5\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\","
	  " \"args\": [{\"index\": 0, \"value\": -1, \"op\": \"SCMP_CMP_EQ\"}]}]}",
	  "p.json:1:129: error: syscalls[0].args[0].value: expected an unsigned 64-bit integer, found -1\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\","
	  " \"args\": [{\"index\": 0, \"value\": 18446744073709551616, \"op\": \"SCMP_CMP_EQ\"}]}]}",
	  "p.json:1:129: error: syscalls[0].args[0].value: 18446744073709551616 does not fit in 64 bits; "
	  "expected at most 18446744073709551615\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\","
	  " \"args\": [{\"index\": 0, \"value\": 1.5, \"op\": \"SCMP_CMP_EQ\"}]}]}",
	  "p.json:1:129: error: syscalls[0].args[0].value: expected an unsigned 64-bit integer, found 1.5\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\","
	  " \"args\": [{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_BETWEEN\"}]}]}",
	  "p.json:1:138: error: syscalls[0].args[0].op: unknown operator \"SCMP_CMP_BETWEEN\"; expected one "
	  "of SCMP_CMP_NE, SCMP_CMP_LT, SCMP_CMP_LE, SCMP_CMP_EQ, SCMP_CMP_GE, SCMP_CMP_GT, SCMP_CMP_MASKED_EQ\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\","
	  " \"args\": [{\"index\": 0, \"value\": 1}]}]}",
	  "p.json:1:107: error: syscalls[0].args[0]: missing \"op\" (SCMP_CMP_EQ, SCMP_CMP_MASKED_EQ, ...)\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\","
	  " \"args\": [{\"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]}]}",
	  "p.json:1:107: error: syscalls[0].args[0]: missing \"index\" (the argument, 0 to 5)\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\","
	  " \"args\": {}}]}",
	  "p.json:1:106: error: syscalls[0].args: expected an array, found an object\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\","
	  " \"includes\": {\"minKernel\": \"4\"}}]}",
	  "p.json:1:124: error: syscalls[0].includes.minKernel: expected a kernel version \"X.Y\" such as "
	  "\"4.8\", found \"4\"\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\","
	  " \"excludes\": {\"minKernel\": \"4.x\"}}]}",
	  "p.json:1:124: error: syscalls[0].excludes.minKernel: expected a kernel version \"X.Y\" such as "
	  "\"4.8\", found \"4.x\"\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\","
	  " \"includes\": {\"caps\": \"CAP_SYS_ADMIN\"}}]}",
	  "p.json:1:119: error: syscalls[0].includes.caps: expected an array, found a string\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"flags\": [\"SECCOMP_FILTER_FLAG_FAST\"]}",
	  "p.json:1:47: error: flags[0]: unknown flag \"SECCOMP_FILTER_FLAG_FAST\"; expected one of "
	  "SECCOMP_FILTER_FLAG_TSYNC, SECCOMP_FILTER_FLAG_LOG, SECCOMP_FILTER_FLAG_SPEC_ALLOW, "
	  "SECCOMP_FILTER_FLAG_NEW_LISTENER, SECCOMP_FILTER_FLAG_TSYNC_ESRCH, "
	  "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV\n" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n \"syscalls\": [\n  {\"names\": [\"read\"],\n"
	  "   \"action\": \"SCMP_ACT_ALLOW\"},\n  {\"names\": [\"write\"], \"action\": \"ALLOW\"}]}",
	  "p.json:5:34: error: syscalls[1].action: unknown action \"ALLOW\"; expected one of SCMP_ACT_ALLOW, "
	  "SCMP_ACT_ERRNO, SCMP_ACT_KILL, SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_THREAD, SCMP_ACT_LOG, "
	  "SCMP_ACT_NOTIFY, SCMP_ACT_TRACE, SCMP_ACT_TRAP\n" },
};

START_TEST(malformed_profile_is_rejected_with_its_place)
{
	struct arena arena;
	arena_init(&arena);
	struct diag diag;
	diag_init(&diag, "p.json");
	struct profile p;
	bool ok = profile_parse(malformed[_i].json, strlen(malformed[_i].json), &arena, &diag, &p);
	ck_assert_msg(!ok, "case %d parsed", _i);
	ck_assert_str_eq(diag_text(&diag), malformed[_i].message);
	diag_fini(&diag);
	arena_free(&arena);
}
END_TEST

START_TEST(unknown_fields_are_warnings_with_their_path)
{
	const char *json = "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"],"
			   " \"action\": \"SCMP_ACT_ALLOW\", \"priority\": 3}], \"comment\": null}";
	struct arena arena;
	arena_init(&arena);
	struct diag diag;
	diag_init(&diag, "p.json");
	struct profile p;
	ck_assert(profile_parse(json, strlen(json), &arena, &diag, &p));
	ck_assert_int_eq(diag.errors, 0);
	ck_assert_int_eq(diag.warnings, 2);
	ck_assert_str_eq(diag_text(&diag),
		"p.json:1:115: warning: comment: unknown field \"comment\" is ignored; expected one of "
		"defaultAction, defaultErrnoRet, defaultErrno, architectures, archMap, syscalls, flags, "
		"listenerPath, listenerMetadata\n"
		"p.json:1:98: warning: syscalls[0].priority: unknown field \"priority\" is ignored; "
		"expected one of names, name, action, errnoRet, errno, args, comment, includes, excludes\n");
	diag_fini(&diag);
	arena_free(&arena);
}
END_TEST

START_TEST(nulls_and_empties_are_accepted)
{
	const char *json = "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": null,"
			   " \"architectures\": null, \"archMap\": [{\"architecture\": \"SCMP_ARCH_X86_64\","
			   " \"subArchitectures\": null}], \"syscalls\": [{\"names\": [\"read\"],"
			   " \"action\": \"SCMP_ACT_ALLOW\", \"args\": null, \"includes\": {}, \"excludes\": {},"
			   " \"comment\": \"\"}, {\"name\": \"write\", \"action\": \"SCMP_ACT_ERRNO\","
			   " \"errno\": \"ENOSYS\", \"args\": []}], \"flags\": [], \"listenerPath\": \"/run/x.sock\"}";
	struct arena arena;
	arena_init(&arena);
	struct diag diag;
	diag_init(&diag, "p.json");
	struct profile p;
	ck_assert_msg(profile_parse(json, strlen(json), &arena, &diag, &p), "%s", diag_text(&diag));
	ck_assert_uint_eq(p.nrules, 2);
	ck_assert_uint_eq(p.narch_map, 1);
	ck_assert_uint_eq(p.arch_map[0].nsub_arches, 0);
	ck_assert_str_eq(p.rules[1].names[0].name, "write");
	ck_assert_str_eq(p.rules[1].action.errno_name, "ENOSYS");
	ck_assert_str_eq(p.listener_path, "/run/x.sock");
	ck_assert_int_eq(p.rules[1].origin.loc.line, 1);
	diag_fini(&diag);
	arena_free(&arena);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("parse");
	TCase *tc = tcase_create("corpus");
	tcase_add_loop_test(tc, corpus_parses_cleanly, 0, (int)(sizeof corpus / sizeof corpus[0]));
	tcase_add_test(tc, moby_default_facts);
	suite_add_tcase(s, tc);
	tc = tcase_create("malformed");
	tcase_add_loop_test(tc, malformed_profile_is_rejected_with_its_place, 0,
			    (int)(sizeof malformed / sizeof malformed[0]));
	tcase_add_test(tc, unknown_fields_are_warnings_with_their_path);
	tcase_add_test(tc, nulls_and_empties_are_accepted);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
