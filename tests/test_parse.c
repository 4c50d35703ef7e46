/*
 * test_parse.c - the parse stage: every corpus profile parses cleanly and
 * yields the facts its JSON states; every malformed profile is rejected with
 * its exact message and position; unknown fields warn with their path; the
 * places where moby, runc and crun accept null or empty values are accepted.
 */
#include <check.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "profile.h"

/* One parse with its messages; freed by parsed_free(). */
struct parsed {
	struct arena arena;
	struct diag diag;
	struct profile prof;
	bool ok;
};

static void parse_text(struct parsed *p, const char *file, const char *json, size_t len)
{
	arena_init(&p->arena);
	diag_init(&p->diag, file);
	p->ok = profile_parse(json, len, &p->arena, &p->diag, &p->prof);
}

static void parse_str(struct parsed *p, const char *json)
{
	parse_text(p, "p.json", json, strlen(json));
}

static void parsed_free(struct parsed *p)
{
	diag_fini(&p->diag);
	arena_free(&p->arena);
}

static const char *src_path(const char *dir, const char *name)
{
	static char path[4096];
	const char *src = getenv("SRCDIR");
	snprintf(path, sizeof path, "%s/%s/%s", src ? src : "..", dir, name);
	return path;
}

static void load(struct parsed *p, const char *dir, const char *name)
{
	arena_init(&p->arena);
	diag_init(&p->diag, name);
	p->ok = profile_load(src_path(dir, name), &p->arena, &p->diag, &p->prof);
}

/* A rule of p whose first name is `name` and that is the n-th such rule (0-based). */
static const struct prof_rule *rule_named(const struct profile *p, const char *name, int n)
{
	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].nnames && strcmp(p->rules[i].names[0].name, name) == 0 && n-- == 0)
			return &p->rules[i];
	return NULL;
}

/* ---- malformed profiles: exact message and position ---- */

struct bad_case {
	const char *name;
	const char *json;
	const char *expected;   /* the complete diagnostic text */
};

static const struct bad_case bad_cases[] = {
	{ "truncated_in_array",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [\n"
	  "  {\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"}\n",
	  "bad.json:2:50: error: invalid JSON: the text ends inside the array that "
	  "starts at 1:49; expected ']'\n" },
	{ "truncated_in_string",
	  "{\"defaultAction\": \"SCMP_ACT_ERR",
	  "bad.json:1:32: error: invalid JSON: the text ends inside the string that "
	  "starts at 1:19; expected its closing '\"'\n" },
	{ "truncated_after_key",
	  "{\"defaultAction\"",
	  "bad.json:1:17: error: invalid JSON: the text ends inside the object that "
	  "starts at 1:1; expected a value, then '}'\n" },
	{ "empty_text",
	  "",
	  "bad.json:1:1: error: invalid JSON: the text is empty; expected a JSON object\n" },
	{ "only_spaces",
	  " \n"
	  " \n",
	  "bad.json:1:1: error: invalid JSON: the text is empty; expected a JSON object\n" },
	{ "trailing_garbage",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\"}\n"
	  "}",
	  "bad.json:2:1: error: invalid JSON: found '}' after the end of the top-level "
	  "value; expected the end of the text\n" },
	{ "two_values",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\"} {}",
	  "bad.json:1:37: error: invalid JSON: found '{' after the end of the top-level "
	  "value; expected the end of the text\n" },
	{ "missing_comma",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\"\n"
	  " \"syscalls\": []}",
	  "bad.json:2:2: error: invalid JSON: found a string after an object member; "
	  "expected ',' or '}'\n" },
	{ "missing_colon",
	  "{\"defaultAction\" \"SCMP_ACT_ERRNO\"}",
	  "bad.json:1:18: error: invalid JSON: found a string after an object key; "
	  "expected ':'\n" },
	{ "trailing_comma_array",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\",], "
	  "\"action\": \"SCMP_ACT_ALLOW\"}]}",
	  "bad.json:1:68: error: invalid JSON: found ']'; expected a value (object, "
	  "array, string, number, true, false or null)\n" },
	{ "trailing_comma_object",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\",}",
	  "bad.json:1:36: error: invalid JSON: found '}'; expected an object key in "
	  "double quotes\n" },
	{ "unquoted_key",
	  "{defaultAction: \"SCMP_ACT_ERRNO\"}",
	  "bad.json:1:2: error: invalid JSON: found 'defaultAction'; expected an object "
	  "key in double quotes\n" },
	{ "single_quotes",
	  "{'defaultAction': 'SCMP_ACT_ERRNO'}",
	  "bad.json:1:2: error: invalid JSON: found a single-quoted string; expected "
	  "an object key in double quotes\n" },
	{ "bad_literal",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": True}",
	  "bad.json:1:49: error: invalid JSON: found 'True'; expected a value (object, "
	  "array, string, number, true, false or null)\n" },
	{ "comment",
	  "{\n"
	  "  // allow all\n"
	  "  \"defaultAction\": \"SCMP_ACT_ALLOW\"\n"
	  "}",
	  "bad.json:2:3: error: invalid JSON: found a comment; JSON does not allow "
	  "comments\n" },
	{ "bad_escape",
	  "{\"defaultAction\": \"SCMP_ACT_\\ERRNO\"}",
	  "bad.json:1:29: error: invalid JSON: found an unknown escape sequence in "
	  "a string; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX\n" },
	{ "raw_newline_in_string",
	  "{\"defaultAction\": \"SCMP_ACT_\n"
	  "ERRNO\"}",
	  "bad.json:1:29: error: invalid JSON: found a control character in a string; "
	  "expected it escaped (\\n, \\t, \\u0000 ...)\n" },
	{ "bad_unicode_escape",
	  "{\"defaultAction\": \"\\u00zz\"}",
	  "bad.json:1:24: error: invalid JSON: found a non-hexadecimal character after "
	  "\\u in a string; expected four hexadecimal digits\n" },
	{ "malformed_number",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1.}]}",
	  "bad.json:1:110: error: invalid JSON: found malformed number '1.'; expected "
	  "a digit after the decimal point\n" },
	{ "leading_zero",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 01}]}",
	  "bad.json:1:110: error: invalid JSON: found a number with a leading zero; "
	  "expected a number without one (JSON has no octal)\n" },
	{ "array_mismatch",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [}",
	  "bad.json:1:50: error: invalid JSON: found '}'; expected a value (object, "
	  "array, string, number, true, false or null)\n" },
	{ "top_level_array",
	  "[{\"defaultAction\": \"SCMP_ACT_ERRNO\"}]",
	  "bad.json:1:1: error: found an array at the top level; expected a JSON object "
	  "(a seccomp profile)\n" },
	{ "top_level_string",
	  "\"SCMP_ACT_ERRNO\"",
	  "bad.json:1:1: error: found a string at the top level; expected a JSON object "
	  "(a seccomp profile)\n" },
	{ "top_level_null",
	  "null",
	  "bad.json:1:1: error: found null at the top level; expected a JSON object "
	  "(a seccomp profile)\n" },
	{ "missing_default_action",
	  "{\"syscalls\": []}",
	  "bad.json:1:1: error: missing required field \"defaultAction\"; expected "
	  "an action such as \"SCMP_ACT_ERRNO\"\n" },
	{ "default_action_number",
	  "{\"defaultAction\": 1}",
	  "bad.json:1:19: error: defaultAction: found a number; expected an action "
	  "such as \"SCMP_ACT_ERRNO\"\n" },
	{ "unknown_default_action",
	  "{\"defaultAction\": \"SCMP_ACT_DENY\"}",
	  "bad.json:1:19: error: defaultAction: unknown action \"SCMP_ACT_DENY\"; "
	  "expected one of SCMP_ACT_KILL, SCMP_ACT_KILL_THREAD, SCMP_ACT_KILL_PROCESS, "
	  "SCMP_ACT_TRAP, SCMP_ACT_ERRNO, SCMP_ACT_TRACE, SCMP_ACT_ALLOW, SCMP_ACT_LOG, "
	  "SCMP_ACT_NOTIFY\n" },
	{ "notify_default",
	  "{\"defaultAction\": \"SCMP_ACT_NOTIFY\", \"listenerPath\": \"/run/l.sock\"}",
	  "bad.json:1:19: error: defaultAction: found SCMP_ACT_NOTIFY; expected an "
	  "action other than SCMP_ACT_NOTIFY (the kernel cannot notify by default)\n" },
	{ "default_errno_ret_with_allow",
	  "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"defaultErrnoRet\": 1}",
	  "bad.json:1:56: error: defaultErrnoRet: given with action SCMP_ACT_ALLOW; "
	  "expected only with SCMP_ACT_ERRNO or SCMP_ACT_TRACE\n" },
	{ "default_errno_ret_too_big",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 65536}",
	  "bad.json:1:56: error: defaultErrnoRet: found 65536; expected an errno number "
	  "from 0 to 65535 (SECCOMP_RET_DATA)\n" },
	{ "default_errno_bad_name",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrno\": \"eperm\"}",
	  "bad.json:1:53: error: defaultErrno: found \"eperm\"; did you mean \"EPERM\"? expected an errno "
	  "name such as \"EPERM\" or \"ENOSYS\"\n" },
	{ "syscalls_object",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": {}}",
	  "bad.json:1:49: error: syscalls: found an object; expected an array of rule "
	  "objects\n" },
	{ "rule_string",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [\"read\"]}",
	  "bad.json:1:50: error: syscalls[0]: found a string; expected a rule object "
	  "with names and action\n" },
	{ "rule_null",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [null]}",
	  "bad.json:1:50: error: syscalls[0]: found null; expected a rule object with "
	  "names and action\n" },
	{ "missing_action",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"]}]}",
	  "bad.json:1:50: error: syscalls[0]: missing required field \"action\"; expected "
	  "an action such as \"SCMP_ACT_ERRNO\"\n" },
	{ "missing_names",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"action\": \"SCMP_ACT_ALLOW\"}]}",
	  "bad.json:1:50: error: syscalls[0]: missing required field \"names\"; expected "
	  "an array of syscall names\n" },
	{ "unknown_action",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ACCEPT\"}]}",
	  "bad.json:1:80: error: syscalls[0].action: unknown action \"SCMP_ACT_ACCEPT\"; "
	  "expected one of SCMP_ACT_KILL, SCMP_ACT_KILL_THREAD, SCMP_ACT_KILL_PROCESS, "
	  "SCMP_ACT_TRAP, SCMP_ACT_ERRNO, SCMP_ACT_TRACE, SCMP_ACT_ALLOW, SCMP_ACT_LOG, "
	  "SCMP_ACT_NOTIFY\n" },
	{ "action_lower_case",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"scmp_act_allow\"}]}",
	  "bad.json:1:80: error: syscalls[0].action: unknown action \"scmp_act_allow\"; "
	  "did you mean \"SCMP_ACT_ALLOW\"? "
	  "expected one of SCMP_ACT_KILL, SCMP_ACT_KILL_THREAD, SCMP_ACT_KILL_PROCESS, "
	  "SCMP_ACT_TRAP, SCMP_ACT_ERRNO, SCMP_ACT_TRACE, SCMP_ACT_ALLOW, SCMP_ACT_LOG, "
	  "SCMP_ACT_NOTIFY\n" },
	{ "names_number",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": 5, \"action\": "
	  "\"SCMP_ACT_ALLOW\"}]}",
	  "bad.json:1:60: error: syscalls[0].names: found a number; expected an array "
	  "of syscall names\n" },
	{ "names_string",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": \"read\", "
	  "\"action\": \"SCMP_ACT_ALLOW\"}]}",
	  "bad.json:1:60: error: syscalls[0].names: found a string; expected an array "
	  "of syscall names\n" },
	{ "names_item_number",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\", "
	  "0], \"action\": \"SCMP_ACT_ALLOW\"}]}",
	  "bad.json:1:69: error: syscalls[0].names[1]: found a number; expected a "
	  "syscall name\n" },
	{ "name_array",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"name\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\"}]}",
	  "bad.json:1:59: error: syscalls[0].name: found an array; expected a syscall "
	  "name\n" },
	{ "empty_names",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [], "
	  "\"action\": \"SCMP_ACT_ALLOW\"}]}",
	  "bad.json:1:60: error: syscalls[0].names: found an empty array; expected "
	  "at least one syscall name\n" },
	{ "empty_name_in_names",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\", "
	  "\"\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
	  "bad.json:1:69: error: syscalls[0].names[1]: found an empty string; expected "
	  "a syscall name\n" },
	{ "empty_name",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"name\": \"\", "
	  "\"action\": \"SCMP_ACT_ALLOW\"}]}",
	  "bad.json:1:59: error: syscalls[0].name: found an empty string; expected "
	  "a syscall name\n" },
	{ "nul_in_name",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"re\\u0000ad\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\"}]}",
	  "bad.json:1:61: error: syscalls[0].names[0]: found a string with a NUL character "
	  "(\\u0000); expected a syscall name\n" },
	{ "name_and_names",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"name\": \"read\", "
	  "\"names\": [\"write\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
	  "bad.json:1:67: error: syscalls[0]: found both \"name\" and \"names\"; expected "
	  "only one of them\n" },
	{ "errno_ret_with_allow",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"errnoRet\": 1}]}",
	  "bad.json:1:110: error: syscalls[0].errnoRet: given with action SCMP_ACT_ALLOW; "
	  "expected only with SCMP_ACT_ERRNO or SCMP_ACT_TRACE\n" },
	{ "errno_ret_with_kill",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_KILL\", \"errnoRet\": 1}]}",
	  "bad.json:1:109: error: syscalls[0].errnoRet: given with action SCMP_ACT_KILL; "
	  "expected only with SCMP_ACT_ERRNO or SCMP_ACT_TRACE\n" },
	{ "errno_with_log",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_LOG\", \"errno\": \"EPERM\"}]}",
	  "bad.json:1:105: error: syscalls[0].errno: given with action SCMP_ACT_LOG; "
	  "expected only with SCMP_ACT_ERRNO or SCMP_ACT_TRACE\n" },
	{ "errno_ret_70000",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 70000}]}",
	  "bad.json:1:110: error: syscalls[0].errnoRet: found 70000; expected an errno "
	  "number from 0 to 65535 (SECCOMP_RET_DATA)\n" },
	{ "errno_ret_string",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": \"1\"}]}",
	  "bad.json:1:110: error: syscalls[0].errnoRet: found a string; expected an "
	  "errno number from 0 to 65535 (SECCOMP_RET_DATA)\n" },
	{ "errno_ret_negative",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": -1}]}",
	  "bad.json:1:110: error: syscalls[0].errnoRet: found a negative number (-1); "
	  "expected an errno number from 0 to 65535 (SECCOMP_RET_DATA)\n" },
	{ "errno_not_a_name",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ERRNO\", \"errno\": \"1\"}]}",
	  "bad.json:1:107: error: syscalls[0].errno: found \"1\"; expected an errno "
	  "name such as \"EPERM\" or \"ENOSYS\"\n" },
	{ "args_object",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"args\": {\"index\": 0}}]}",
	  "bad.json:1:106: error: syscalls[0].args: found an object; expected an array "
	  "of argument objects\n" },
	{ "arg_null",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"args\": [null]}]}",
	  "bad.json:1:107: error: syscalls[0].args[0]: found null; expected an argument "
	  "object with index, value and op\n" },
	{ "unknown_op",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": 1, "
	  "\"op\": \"SCMP_CMP_FOO\"}]}]}",
	  "bad.json:1:138: error: syscalls[0].args[0].op: unknown operator \"SCMP_CMP_FOO\"; "
	  "expected one of SCMP_CMP_NE, SCMP_CMP_LT, SCMP_CMP_LE, SCMP_CMP_EQ, SCMP_CMP_GE, "
	  "SCMP_CMP_GT, SCMP_CMP_MASKED_EQ\n" },
	{ "op_number",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": 1, "
	  "\"op\": 4}]}]}",
	  "bad.json:1:138: error: syscalls[0].args[0].op: found a number; expected "
	  "an operator such as \"SCMP_CMP_EQ\"\n" },
	{ "index_6",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 6, \"value\": 1, "
	  "\"op\": \"SCMP_CMP_EQ\"}]}]}",
	  "bad.json:1:117: error: syscalls[0].args[0].index: found 6; expected an "
	  "argument index from 0 to 5\n" },
	{ "index_string",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": \"0\", \"value\": "
	  "1, \"op\": \"SCMP_CMP_EQ\"}]}]}",
	  "bad.json:1:117: error: syscalls[0].args[0].index: found a string; expected "
	  "an argument index from 0 to 5\n" },
	{ "value_negative",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": -1, "
	  "\"op\": \"SCMP_CMP_EQ\"}]}]}",
	  "bad.json:1:129: error: syscalls[0].args[0].value: found a negative number "
	  "(-1); expected an unsigned 64-bit integer (0 to 18446744073709551615)\n" },
	{ "value_over_2_64",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": 18446744073709551616, "
	  "\"op\": \"SCMP_CMP_EQ\"}]}]}",
	  "bad.json:1:129: error: syscalls[0].args[0].value: found 18446744073709551616; "
	  "expected an unsigned 64-bit integer (0 to 18446744073709551615)\n" },
	{ "value_fraction",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": 0.5, "
	  "\"op\": \"SCMP_CMP_EQ\"}]}]}",
	  "bad.json:1:129: error: syscalls[0].args[0].value: found a number with a "
	  "fraction or exponent (0.5); expected an unsigned 64-bit integer (0 to 18446744073709551615)\n" },
	{ "value_exponent",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": 1e3, "
	  "\"op\": \"SCMP_CMP_EQ\"}]}]}",
	  "bad.json:1:129: error: syscalls[0].args[0].value: found a number with a "
	  "fraction or exponent (1e3); expected an unsigned 64-bit integer (0 to 18446744073709551615)\n" },
	{ "value_two_string",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": 1, "
	  "\"valueTwo\": \"1\", \"op\": \"SCMP_CMP_MASKED_EQ\"}]}]}",
	  "bad.json:1:144: error: syscalls[0].args[0].valueTwo: found a string; expected "
	  "an unsigned 64-bit integer (0 to 18446744073709551615)\n" },
	{ "missing_op",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": 1}]}]}",
	  "bad.json:1:107: error: syscalls[0].args[0]: missing required field \"op\"\n" },
	{ "missing_index_and_value",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"op\": \"SCMP_CMP_EQ\"}]}]}",
	  "bad.json:1:107: error: syscalls[0].args[0]: missing required field \"index\"\n"
	  "bad.json:1:107: error: syscalls[0].args[0]: missing required field \"value\"\n" },
	{ "includes_array",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"includes\": []}]}",
	  "bad.json:1:110: error: syscalls[0].includes: found an array; expected an "
	  "object with arches, caps or minKernel\n" },
	{ "min_kernel_4",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"minKernel\": \"4\"}}]}",
	  "bad.json:1:124: error: syscalls[0].includes.minKernel: found \"4\"; expected "
	  "a kernel version \"MAJOR.MINOR\" such as \"4.8\"\n" },
	{ "min_kernel_4_x",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"minKernel\": \"4.x\"}}]}",
	  "bad.json:1:124: error: syscalls[0].includes.minKernel: found \"4.x\"; expected "
	  "a kernel version \"MAJOR.MINOR\" such as \"4.8\"\n" },
	{ "min_kernel_a_b",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"excludes\": {\"minKernel\": \"a.b\"}}]}",
	  "bad.json:1:124: error: syscalls[0].excludes.minKernel: found \"a.b\"; expected "
	  "a kernel version \"MAJOR.MINOR\" such as \"4.8\"\n" },
	{ "min_kernel_number",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"minKernel\": 4.8}}]}",
	  "bad.json:1:124: error: syscalls[0].includes.minKernel: found a number; "
	  "expected a kernel version \"MAJOR.MINOR\" such as \"4.8\"\n" },
	{ "caps_string",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"caps\": \"CAP_SYS_ADMIN\"}}]}",
	  "bad.json:1:119: error: syscalls[0].includes.caps: found a string; expected "
	  "an array of capability names\n" },
	{ "comment_number",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"comment\": 1}]}",
	  "bad.json:1:109: error: syscalls[0].comment: found a number; expected a "
	  "string\n" },
	{ "unknown_scmp_arch",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_X86_64\", "
	  "\"SCMP_ARCH_AMD64\"]}",
	  "bad.json:1:75: error: architectures[1]: unknown architecture \"SCMP_ARCH_AMD64\"; "
	  "expected one of SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_X32, SCMP_ARCH_AARCH64, "
	  "SCMP_ARCH_ARM, SCMP_ARCH_RISCV64, SCMP_ARCH_S390X, SCMP_ARCH_S390, SCMP_ARCH_PPC64LE, "
	  "SCMP_ARCH_PPC64, SCMP_ARCH_PPC, SCMP_ARCH_MIPS64, SCMP_ARCH_MIPS64N32, "
	  "SCMP_ARCH_MIPS, SCMP_ARCH_MIPSEL64, SCMP_ARCH_MIPSEL64N32, SCMP_ARCH_MIPSEL, "
	  "SCMP_ARCH_LOONGARCH64\n" },
	{ "architectures_string",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": \"SCMP_ARCH_X86_64\"}",
	  "bad.json:1:54: error: architectures: found a string; expected an array "
	  "of architecture names\n" },
	{ "arch_map_and_architectures",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
	  " \"architectures\": [\"SCMP_ARCH_X86_64\"],\n"
	  " \"archMap\": [{\"architecture\": \"SCMP_ARCH_X86_64\", \"subArchitectures\": "
	  "[\"SCMP_ARCH_X86\"]}]}",
	  "bad.json:3:2: error: archMap: found both \"archMap\" and \"architectures\"; "
	  "expected only one of them\n" },
	{ "arch_map_missing_architecture",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"archMap\": [{\"subArchitectures\": "
	  "[\"SCMP_ARCH_X86\"]}]}",
	  "bad.json:1:49: error: archMap[0]: missing required field \"architecture\"; "
	  "expected an architecture such as \"SCMP_ARCH_X86_64\"\n" },
	{ "arch_map_bad_sub_arch",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"archMap\": [{\"architecture\": "
	  "\"SCMP_ARCH_X86_64\", \"subArchitectures\": [\"SCMP_ARCH_I386\"]}]}",
	  "bad.json:1:107: error: archMap[0].subArchitectures[0]: unknown architecture "
	  "\"SCMP_ARCH_I386\"; expected one of SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_X32, "
	  "SCMP_ARCH_AARCH64, SCMP_ARCH_ARM, SCMP_ARCH_RISCV64, SCMP_ARCH_S390X, SCMP_ARCH_S390, "
	  "SCMP_ARCH_PPC64LE, SCMP_ARCH_PPC64, SCMP_ARCH_PPC, SCMP_ARCH_MIPS64, SCMP_ARCH_MIPS64N32, "
	  "SCMP_ARCH_MIPS, SCMP_ARCH_MIPSEL64, SCMP_ARCH_MIPSEL64N32, SCMP_ARCH_MIPSEL, "
	  "SCMP_ARCH_LOONGARCH64\n" },
	{ "unknown_flag",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"flags\": [\"SECCOMP_FILTER_FLAG_TSYNC\", "
	  "\"SECCOMP_FILTER_FLAG_FOO\"]}",
	  "bad.json:1:76: error: flags[1]: unknown flag \"SECCOMP_FILTER_FLAG_FOO\"; "
	  "expected one of SECCOMP_FILTER_FLAG_TSYNC, SECCOMP_FILTER_FLAG_LOG, SECCOMP_FILTER_FLAG_SPEC_ALLOW, "
	  "SECCOMP_FILTER_FLAG_NEW_LISTENER, SECCOMP_FILTER_FLAG_TSYNC_ESRCH, SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV\n" },
	{ "listener_path_number",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"listenerPath\": 3}",
	  "bad.json:1:53: error: listenerPath: found a number; expected a socket path\n" },
	{ "duplicate_top_key",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
	  " \"defaultAction\": \"SCMP_ACT_ALLOW\"}",
	  "bad.json:2:2: error: defaultAction: duplicate key \"defaultAction\" (first "
	  "given at 1:2); expected each key once\n" },
	{ "duplicate_rule_key",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"action\": \"SCMP_ACT_ERRNO\"}]}",
	  "bad.json:1:98: error: syscalls[0].action: duplicate key \"action\" (first "
	  "given at 1:70); expected each key once\n" },
	{ "duplicate_arg_key",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": 1, "
	  "\"value\": 2, \"op\": \"SCMP_CMP_EQ\"}]}]}",
	  "bad.json:1:132: error: syscalls[0].args[0].value: duplicate key \"value\" "
	  "(first given at 1:120); expected each key once\n" },
	{ "several_errors",
	  "{\n"
	  "  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
	  "  \"syscalls\": [\n"
	  "    {\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALOW\"},\n"
	  "    {\"names\": [\"write\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": "
	  "[{\"index\": 7, \"value\": 0, \"op\": \"SCMP_CMP_EQ\"}]},\n"
	  "    {\"names\": [\"open\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": "
	  "100000}\n"
	  "  ]\n"
	  "}\n",
	  "bad.json:4:35: error: syscalls[0].action: unknown action \"SCMP_ACT_ALOW\"; "
	  "did you mean \"SCMP_ACT_ALLOW\"? "
	  "expected one of SCMP_ACT_KILL, SCMP_ACT_KILL_THREAD, SCMP_ACT_KILL_PROCESS, "
	  "SCMP_ACT_TRAP, SCMP_ACT_ERRNO, SCMP_ACT_TRACE, SCMP_ACT_ALLOW, SCMP_ACT_LOG, "
	  "SCMP_ACT_NOTIFY\n"
	  "bad.json:5:73: error: syscalls[1].args[0].index: found 7; expected an argument "
	  "index from 0 to 5\n"
	  "bad.json:6:65: error: syscalls[2].errnoRet: found 100000; expected an errno "
	  "number from 0 to 65535 (SECCOMP_RET_DATA)\n" },
	{ "unquoted_key_2",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", syscalls: []}",
	  "bad.json:1:37: error: invalid JSON: found 'syscalls'; expected an object "
	  "key in double quotes\n" },
	{ "leading_zero_index",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 00, \"value\": 1, "
	  "\"op\": \"SCMP_CMP_EQ\"}]}]}",
	  "bad.json:1:117: error: invalid JSON: found a number with a leading zero; "
	  "expected a number without one (JSON has no octal)\n" },
	{ "errno_name_in_lower_case",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ERRNO\", \"errno\": \"Eperm\"}]}",
	  "bad.json:1:107: error: syscalls[0].errno: found \"Eperm\"; did you mean \"EPERM\"? "
	  "expected an errno name such as \"EPERM\" or \"ENOSYS\"\n" },
	{ "not_utf8",
	  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"r\xe9""ad\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\"}]}",
	  "bad.json:1:64: error: invalid JSON: found bytes that are not UTF-8 in a "
	  "string; expected UTF-8 text\n" },
};

START_TEST(malformed_profile_is_rejected_with_exact_message)
{
	const struct bad_case *bc = &bad_cases[_i];
	struct parsed p;
	parse_text(&p, "bad.json", bc->json, strlen(bc->json));
	ck_assert_msg(!p.ok, "%s: accepted", bc->name);
	ck_assert_msg(strcmp(diag_text(&p.diag), bc->expected) == 0,
		      "%s:\n got: %s want: %s", bc->name, diag_text(&p.diag), bc->expected);
	parsed_free(&p);
}
END_TEST

/* ---- warnings: reported with their path, the profile still usable ---- */

START_TEST(unknown_fields_warn_with_their_path)
{
	struct parsed p;
	parse_str(&p,
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultActoin\": 1,\n"
		" \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
		"   \"arg\": [], \"includes\": {\"cap\": [\"CAP_SYS_ADMIN\"]},\n"
		"   \"args\": [{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_EQ\", \"mask\": 3}]}],\n"
		" \"archMap\": [{\"architecture\": \"SCMP_ARCH_X86_64\", \"subArches\": []}]}");
	ck_assert_msg(p.ok, "%s", diag_text(&p.diag));
	ck_assert_int_eq(p.diag.errors, 0);
	ck_assert_int_eq(p.diag.warnings, 5);
	ck_assert_str_eq(diag_text(&p.diag),
		"p.json:1:37: warning: defaultActoin: unknown field; did you mean \"defaultAction\"? "
		"expected one of defaultAction, defaultErrnoRet, defaultErrno, architectures, archMap, "
		"syscalls, flags, listenerPath, listenerMetadata, comment\n"
		"p.json:5:51: warning: archMap[0].subArches: unknown field; expected one of "
		"architecture, subArchitectures\n"
		"p.json:3:4: warning: syscalls[0].arg: unknown field; did you mean \"args\"? "
		"expected one of names, name, "
		"action, errnoRet, errno, args, comment, includes, excludes\n"
		"p.json:4:59: warning: syscalls[0].args[0].mask: unknown field; expected one of "
		"index, value, valueTwo, op\n"
		"p.json:3:28: warning: syscalls[0].includes.cap: unknown field; did you mean \"caps\"? "
		"expected one of "
		"arches, caps, minKernel\n");
	/* the rule itself is intact */
	ck_assert_uint_eq(p.prof.nrules, 1);
	ck_assert_uint_eq(p.prof.rules[0].nargs, 1);
	ck_assert_uint_eq(p.prof.rules[0].includes.ncaps, 0);
	parsed_free(&p);
}
END_TEST

START_TEST(strict_turns_warnings_into_failure)
{
	const char *json = "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"remark\": \"x\"}";
	struct parsed p;
	arena_init(&p.arena);
	diag_init(&p.diag, "p.json");
	p.diag.strict = true;
	ck_assert(!profile_parse(json, strlen(json), &p.arena, &p.diag, &p.prof));
	ck_assert_str_eq(diag_text(&p.diag),
		"p.json:1:37: error: remark: unknown field; expected one of defaultAction, "
		"defaultErrnoRet, defaultErrno, architectures, archMap, syscalls, flags, listenerPath, "
		"listenerMetadata, comment\n");
	parsed_free(&p);
}
END_TEST

START_TEST(doubtful_values_warn)
{
	struct parsed p;
	parse_str(&p,
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_PARISC\"],\n"
		" \"syscalls\": [\n"
		"  {\"names\": null, \"action\": \"SCMP_ACT_ALLOW\"},\n"
		"  {\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"minKernel\": \"5.4-rc1\","
		" \"caps\": [\"CAP_SYS_ADMIM\"], \"arches\": [\"amd46\"]}},\n"
		"  {\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
		"   \"args\": [{\"index\": 0, \"value\": 1, \"valueTwo\": 2, \"op\": \"SCMP_CMP_EQ\"}]}]}");
	ck_assert_msg(p.ok, "%s", diag_text(&p.diag));
	ck_assert_str_eq(diag_text(&p.diag),
		"p.json:1:55: warning: architectures[0]: SCMP_ARCH_PARISC is not supported by "
		"seccompc; ignored\n"
		"p.json:3:13: warning: syscalls[0].names: found null; the rule names no syscall and "
		"has no effect\n"
		"p.json:4:126: warning: syscalls[1].includes.arches[0]: unknown architecture \"amd46\"; "
		"did you mean \"amd64\"? "
		"expected a Go architecture name such as \"amd64\", \"arm64\" or \"s390x\" (the rule "
		"never matches it)\n"
		"p.json:4:97: warning: syscalls[1].includes.caps[0]: unknown capability "
		"\"CAP_SYS_ADMIM\"; expected a capability name such as \"CAP_SYS_ADMIN\"\n"
		"p.json:4:77: warning: syscalls[1].includes.minKernel: ignoring \"-rc1\" after 5.4: "
		"only the kernel version and major revision are compared\n"
		"p.json:6:50: warning: syscalls[2].args[0].valueTwo: SCMP_CMP_EQ ignores valueTwo; "
		"only SCMP_CMP_MASKED_EQ uses it\n");
	ck_assert_uint_eq(p.prof.narchitectures, 0);
	ck_assert_uint_eq(p.prof.rules[0].nnames, 0);
	ck_assert(p.prof.rules[1].includes.has_min_kernel);
	ck_assert_uint_eq(p.prof.rules[1].includes.min_kernel_major, 5);
	ck_assert_uint_eq(p.prof.rules[1].includes.min_kernel_minor, 4);
	ck_assert_str_eq(p.prof.rules[1].includes.arches[0], "amd46");
	parsed_free(&p);
}
END_TEST

/* ---- what the Go runtimes accept is accepted ---- */

START_TEST(null_and_empty_are_accepted_where_runtimes_accept_them)
{
	static const char *const ok_profiles[] = {
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\"}",
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": null}",
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": []}",
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": null, \"archMap\": null,"
		" \"flags\": null, \"listenerPath\": null, \"defaultErrnoRet\": null}",
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [], \"archMap\": [], \"flags\": []}",
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_X86_64\"], \"archMap\": []}",
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"archMap\": [{\"architecture\": \"SCMP_ARCH_RISCV64\","
		" \"subArchitectures\": null}]}",
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\":"
		" \"SCMP_ACT_ALLOW\", \"args\": null, \"includes\": {}, \"excludes\": null, \"comment\": null,"
		" \"errnoRet\": null}]}",
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\":"
		" \"SCMP_ACT_ALLOW\", \"args\": [], \"includes\": {\"caps\": null, \"arches\": [],"
		" \"minKernel\": \"\"}, \"excludes\": {}}]}",
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"name\": \"read\", \"names\": null,"
		" \"action\": \"SCMP_ACT_ALLOW\"}]}",
	};
	for (size_t i = 0; i < sizeof ok_profiles / sizeof ok_profiles[0]; i++) {
		struct parsed p;
		parse_str(&p, ok_profiles[i]);
		ck_assert_msg(p.ok && p.diag.len == 0, "profile %zu: %s", i, diag_text(&p.diag));
		parsed_free(&p);
	}
}
END_TEST

/* ---- values as written ---- */

START_TEST(values_are_kept_exactly)
{
	struct parsed p;
	parse_str(&p,
		"{\"defaultAction\": \"SCMP_ACT_KILL\",\n"
		" \"flags\": [\"SECCOMP_FILTER_FLAG_LOG\", \"SECCOMP_FILTER_FLAG_SPEC_ALLOW\"],\n"
		" \"listenerPath\": \"/run/seccomp.sock\", \"listenerMetadata\": \"m\\u00e9ta\",\n"
		" \"syscalls\": [\n"
		"  {\"names\": [\"ioctl\", \"fcntl\"], \"action\": \"SCMP_ACT_TRACE\", \"errnoRet\": 65535,"
		" \"errno\": \"ENOSYS\", \"comment\": \"c\",\n"
		"   \"args\": [{\"index\": 5, \"value\": 18446744073709551615, \"valueTwo\": 0, \"op\": \"SCMP_CMP_GE\"},\n"
		"            {\"index\": 1, \"value\": 4294967296, \"valueTwo\": 12345678901234567890,"
		" \"op\": \"SCMP_CMP_MASKED_EQ\"}],\n"
		"   \"excludes\": {\"arches\": [\"s390x\"], \"caps\": [\"CAP_SYS_ADMIN\", \"CAP_BPF\"],"
		" \"minKernel\": \"6.10.3\"}},\n"
		"  {\"name\": \"read\", \"action\": \"SCMP_ACT_ERRNO\", \"errno\": \"EPERM\"}\n"
		" ]}");
	ck_assert_msg(p.ok && p.diag.len == 0, "%s", diag_text(&p.diag));
	const struct profile *pr = &p.prof;
	ck_assert_int_eq(pr->default_action.kind, ACT_KILL_THREAD);  /* SCMP_ACT_KILL */
	ck_assert(!pr->default_action.has_errno_ret);
	ck_assert_ptr_null(pr->default_action.errno_name);
	ck_assert_uint_eq(pr->nflags, 2);
	ck_assert_str_eq(pr->flags[1], "SECCOMP_FILTER_FLAG_SPEC_ALLOW");
	ck_assert_str_eq(pr->listener_path, "/run/seccomp.sock");
	ck_assert_str_eq(pr->listener_metadata, "m\xc3\xa9ta");
	ck_assert(!pr->has_arch_map && !pr->has_architectures);
	ck_assert_uint_eq(pr->nrules, 2);

	const struct prof_rule *r = &pr->rules[0];
	ck_assert_uint_eq(r->nnames, 2);
	ck_assert_str_eq(r->names[1].name, "fcntl");
	ck_assert_str_eq(r->names[1].origin.path, "syscalls[0].names[1]");
	ck_assert_int_eq(r->names[1].origin.loc.line, 5);
	ck_assert_int_eq(r->names[1].origin.loc.col, 23);
	ck_assert_int_eq(r->action.kind, ACT_TRACE);
	ck_assert(r->action.has_errno_ret);
	ck_assert_uint_eq(r->action.errno_ret, 65535);
	ck_assert_str_eq(r->action.errno_name, "ENOSYS");
	ck_assert_str_eq(r->action.origin.path, "syscalls[0].action");
	ck_assert_int_eq(r->action.origin.loc.line, 5);
	ck_assert_int_eq(r->action.origin.loc.col, 43);
	ck_assert_str_eq(r->comment, "c");
	ck_assert_uint_eq(r->nargs, 2);
	ck_assert_uint_eq(r->args[0].index, 5);
	ck_assert_uint_eq(r->args[0].value, UINT64_MAX);
	ck_assert_int_eq(r->args[0].op, CMP_GE);
	ck_assert_uint_eq(r->args[1].index, 1);
	ck_assert_uint_eq(r->args[1].value, 1ull << 32);
	ck_assert_uint_eq(r->args[1].value_two, 12345678901234567890ull);
	ck_assert_int_eq(r->args[1].op, CMP_MASKED_EQ);
	ck_assert_str_eq(r->args[1].origin.path, "syscalls[0].args[1]");
	ck_assert_int_eq(r->args[1].origin.loc.line, 7);
	ck_assert_int_eq(r->args[1].origin.loc.col, 13);
	ck_assert_uint_eq(r->includes.narches + r->includes.ncaps, 0);
	ck_assert(!r->includes.has_min_kernel);
	ck_assert_uint_eq(r->excludes.narches, 1);
	ck_assert_str_eq(r->excludes.arches[0], "s390x");
	ck_assert_uint_eq(r->excludes.ncaps, 2);
	ck_assert_str_eq(r->excludes.caps[1], "CAP_BPF");
	ck_assert(r->excludes.has_min_kernel);
	ck_assert_uint_eq(r->excludes.min_kernel_major, 6);
	ck_assert_uint_eq(r->excludes.min_kernel_minor, 10);
	ck_assert_str_eq(r->excludes.origin.path, "syscalls[0].excludes");
	ck_assert_str_eq(r->origin.path, "syscalls[0]");
	ck_assert_int_eq(r->origin.loc.line, 5);
	ck_assert_int_eq(r->origin.loc.col, 3);
	ck_assert_uint_eq(r->position, 0);

	r = &pr->rules[1];
	ck_assert_uint_eq(r->position, 1);
	ck_assert_uint_eq(r->nnames, 1);
	ck_assert_str_eq(r->names[0].name, "read");
	ck_assert_str_eq(r->names[0].origin.path, "syscalls[1].name");
	ck_assert_int_eq(r->action.kind, ACT_ERRNO);
	ck_assert(!r->action.has_errno_ret);
	ck_assert_str_eq(r->action.errno_name, "EPERM");
	parsed_free(&p);
}
END_TEST

START_TEST(every_action_and_operator_name)
{
	static const struct { const char *name; enum action_kind kind; } acts[] = {
		{ "SCMP_ACT_KILL", ACT_KILL_THREAD }, { "SCMP_ACT_KILL_THREAD", ACT_KILL_THREAD },
		{ "SCMP_ACT_KILL_PROCESS", ACT_KILL_PROCESS }, { "SCMP_ACT_TRAP", ACT_TRAP },
		{ "SCMP_ACT_ERRNO", ACT_ERRNO }, { "SCMP_ACT_TRACE", ACT_TRACE },
		{ "SCMP_ACT_ALLOW", ACT_ALLOW }, { "SCMP_ACT_LOG", ACT_LOG },
		{ "SCMP_ACT_NOTIFY", ACT_NOTIFY },
	};
	static const char *const ops[] = { "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE",
		"SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ" };
	for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++) {
		for (size_t j = 0; j < sizeof ops / sizeof ops[0]; j++) {
			char json[512];
			snprintf(json, sizeof json, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": "
				 "[{\"names\": [\"read\"], \"action\": \"%s\", \"args\": [{\"index\": 2, "
				 "\"value\": 7, \"op\": \"%s\"}]}]}", acts[i].name, ops[j]);
			struct parsed p;
			parse_str(&p, json);
			ck_assert_msg(p.ok && p.diag.len == 0, "%s", diag_text(&p.diag));
			ck_assert_int_eq(p.prof.rules[0].action.kind, acts[i].kind);
			enum cmp_op op = p.prof.rules[0].args[0].op;
			ck_assert_str_eq(cmp_op_name(op), ops[j]);
			enum cmp_op back;
			ck_assert(cmp_op_from_name(ops[j], &back) && back == op);
			parsed_free(&p);
		}
	}
	enum cmp_op op;
	ck_assert(!cmp_op_from_name("SCMP_CMP_MASKED", &op));
	ck_assert(!cmp_op_from_name("scmp_cmp_eq", &op));
}
END_TEST

START_TEST(min_kernel_forms_moby_accepts)
{
	static const struct { const char *text; unsigned major, minor; } forms[] = {
		{ "4.8", 4, 8 }, { "3.8.0", 3, 8 }, { "5.10.1", 5, 10 }, { "99.999", 99, 999 },
		{ "0.0", 0, 0 },
	};
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		char json[256];
		snprintf(json, sizeof json, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": "
			 "[{\"names\": [\"read\"], \"action\": \"SCMP_ACT_LOG\", \"includes\": "
			 "{\"minKernel\": \"%s\"}}]}", forms[i].text);
		struct parsed p;
		parse_str(&p, json);
		ck_assert_msg(p.ok && p.diag.len == 0, "%s: %s", forms[i].text, diag_text(&p.diag));
		const struct prof_filter *f = &p.prof.rules[0].includes;
		ck_assert(f->has_min_kernel);
		ck_assert_uint_eq(f->min_kernel_major, forms[i].major);
		ck_assert_uint_eq(f->min_kernel_minor, forms[i].minor);
		parsed_free(&p);
	}
	static const char *const bad[] = { "4", "4.", ".8", "-3.8", "3.-8", "+4.8", " 4.8", "4 .8",
		"99999999999.1" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char json[256], want[256];
		snprintf(json, sizeof json, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": "
			 "[{\"names\": [\"read\"], \"action\": \"SCMP_ACT_LOG\", \"includes\": "
			 "{\"minKernel\": \"%s\"}}]}", bad[i]);
		snprintf(want, sizeof want, "p.json:1:122: error: syscalls[0].includes.minKernel: "
			 "found \"%s\"; expected a kernel version \"MAJOR.MINOR\" such as \"4.8\"\n",
			 bad[i]);
		struct parsed p;
		parse_str(&p, json);
		ck_assert_msg(!p.ok, "%s accepted", bad[i]);
		ck_assert_str_eq(diag_text(&p.diag), want);
		parsed_free(&p);
	}
}
END_TEST

START_TEST(columns_count_characters_not_bytes)
{
	struct parsed p;
	/* "é" is two bytes in UTF-8, "😀" four: both are one column */
	parse_str(&p, "{\"remarks\": \"\xc3\xa9\xf0\x9f\x98\x80\", \"defaultAction\": \"SCMP_ACT_X\"}");
	ck_assert(!p.ok);
	ck_assert_str_eq(diag_text(&p.diag),
		"p.json:1:2: warning: remarks: unknown field; expected one of defaultAction, "
		"defaultErrnoRet, defaultErrno, architectures, archMap, syscalls, flags, listenerPath, "
		"listenerMetadata, comment\n"
		"p.json:1:36: error: defaultAction: unknown action \"SCMP_ACT_X\"; expected one of "
		"SCMP_ACT_KILL, SCMP_ACT_KILL_THREAD, SCMP_ACT_KILL_PROCESS, SCMP_ACT_TRAP, "
		"SCMP_ACT_ERRNO, SCMP_ACT_TRACE, SCMP_ACT_ALLOW, SCMP_ACT_LOG, SCMP_ACT_NOTIFY\n");
	parsed_free(&p);
}
END_TEST

START_TEST(number_ending_the_text_has_its_position)
{
	/* yajl reports a number that ends the text only from yajl_complete_parse */
	struct parsed p;
	parse_str(&p, "\n\n   18446744073709551615");
	ck_assert(!p.ok);
	ck_assert_str_eq(diag_text(&p.diag), "p.json:3:4: error: found a number at the top level; "
			 "expected a JSON object (a seccomp profile)\n");
	parsed_free(&p);
}
END_TEST

START_TEST(a_failed_profile_reports_every_problem_but_fails)
{
	/* errors do not stop the walk, warnings in between are kept */
	struct parsed p;
	parse_str(&p, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"defaultErrnoRet\": 1, \"x\": 0, "
		      "\"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_LOG\", \"errno\": \"EIO\"}]}");
	ck_assert(!p.ok);
	ck_assert_int_eq(p.diag.errors, 2);
	ck_assert_int_eq(p.diag.warnings, 1);
	parsed_free(&p);
}
END_TEST

START_TEST(an_element_with_an_error_is_marked_and_the_rest_read)
{
	/* what lint relies on: after an error the rest is read, and where it was is marked */
	struct parsed p;
	parse_str(&p, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"comment\": \"whole file\",\n"
		      " \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"},\n"
		      "  {\"names\": [\"write\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [\n"
		      "    {\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"},\n"
		      "    {\"index\": 1, \"value\": 1, \"op\": \"SCMP_CMP_FOO\"}],\n"
		      "   \"comment\": \"seccompc-lint: ignore SC021\"},\n"
		      "  {\"names\": [\"close\"], \"action\": \"SCMP_ACT_NOPE\", \"errno\": \"EPERM\"},\n"
		      "  \"not a rule\"]}");
	ck_assert(!p.ok);
	ck_assert_int_eq(p.diag.errors, 3);
	ck_assert(p.prof.is_object);
	ck_assert(!p.prof.default_action.broken);
	ck_assert_str_eq(p.prof.comment, "whole file");
	ck_assert_str_eq(p.prof.comment_origin.path, "comment");
	ck_assert_uint_eq(p.prof.nrules, 4);
	ck_assert(!p.prof.rules[0].broken);
	ck_assert(p.prof.rules[1].broken);
	ck_assert(!p.prof.rules[1].args[0].broken);
	ck_assert(p.prof.rules[1].args[1].broken);
	ck_assert_str_eq(p.prof.rules[1].comment, "seccompc-lint: ignore SC021");
	ck_assert_int_eq(p.prof.rules[1].comment_origin.loc.line, 6);
	ck_assert(p.prof.rules[2].broken && p.prof.rules[2].action.broken);
	ck_assert_str_eq(p.prof.rules[2].action.errno_origin.path, "syscalls[2].errno");
	ck_assert(p.prof.rules[3].broken);
	parsed_free(&p);
	/* a text that is not an object has nothing to read */
	parse_str(&p, "[1]");
	ck_assert(!p.prof.is_object);
	parsed_free(&p);
}
END_TEST

/* ---- files: the corpus, stdin, a missing file ---- */

static const char *const corpus[] = {
	"moby-default.json", "moby-fixture-conditional_include.json",
	"moby-fixture-default-old-format.json", "moby-fixture-example.json",
	"podman-default.json", "runc-syscall-test1.json", "runc-syscall-test2.json",
	"moby-default-x86_64-only.json",
};

START_TEST(corpus_profile_parses_without_any_message)
{
	struct parsed p;
	load(&p, "tests/corpus", corpus[_i]);
	ck_assert_msg(p.ok, "%s", diag_text(&p.diag));
	ck_assert_msg(p.diag.len == 0, "%s", diag_text(&p.diag));
	ck_assert_uint_gt(p.prof.nrules, 0);
	for (size_t i = 0; i < p.prof.nrules; i++) {
		ck_assert_uint_gt(p.prof.rules[i].nnames, 0);
		ck_assert_uint_eq(p.prof.rules[i].position, i);
	}
	ck_assert_str_eq(p.prof.file, src_path("tests/corpus", corpus[_i]));
	parsed_free(&p);
}
END_TEST

START_TEST(moby_default_facts)
{
	struct parsed p;
	load(&p, "tests/corpus", "moby-default.json");
	ck_assert_msg(p.ok, "%s", diag_text(&p.diag));
	const struct profile *pr = &p.prof;
	ck_assert_int_eq(pr->default_action.kind, ACT_ERRNO);
	ck_assert(pr->default_action.has_errno_ret);
	ck_assert_uint_eq(pr->default_action.errno_ret, 1);
	ck_assert(pr->has_arch_map);
	ck_assert_uint_eq(pr->narch_map, 9);
	ck_assert_str_eq(pr->arch_map[0].arch, "SCMP_ARCH_X86_64");
	ck_assert_uint_eq(pr->arch_map[0].nsub_arches, 2);
	ck_assert_str_eq(pr->arch_map[0].sub_arches[0], "SCMP_ARCH_X86");
	ck_assert_str_eq(pr->arch_map[0].sub_arches[1], "SCMP_ARCH_X32");
	ck_assert_str_eq(pr->arch_map[7].arch, "SCMP_ARCH_RISCV64");
	ck_assert_uint_eq(pr->arch_map[7].nsub_arches, 0);  /* subArchitectures: null */
	ck_assert_uint_eq(pr->nrules, 33);
	ck_assert_uint_eq(pr->rules[0].nnames, 361);
	ck_assert_int_eq(pr->rules[0].action.kind, ACT_ALLOW);

	/* socket: three rules on the address family, none for AF_VSOCK (40) */
	static const struct { uint64_t value; enum cmp_op op; } socket_args[] = {
		{ 38, CMP_LT }, { 39, CMP_EQ }, { 40, CMP_GT },
	};
	for (int i = 0; i < 3; i++) {
		const struct prof_rule *r = rule_named(pr, "socket", i);
		ck_assert_ptr_nonnull(r);
		ck_assert_uint_eq(r->nargs, 1);
		ck_assert_uint_eq(r->args[0].index, 0);
		ck_assert_uint_eq(r->args[0].value, socket_args[i].value);
		ck_assert_int_eq(r->args[0].op, socket_args[i].op);
	}
	ck_assert_ptr_null(rule_named(pr, "socket", 3));

	/* clone without CAP_SYS_ADMIN: no namespace flag may be set (flags are
	 * argument 1 on s390, 0 elsewhere) */
	const uint64_t ns_flags = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER |
				  CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP;
	const struct prof_rule *clone0 = rule_named(pr, "clone", 0);
	const struct prof_rule *clone1 = rule_named(pr, "clone", 1);
	ck_assert_ptr_nonnull(clone0);
	ck_assert_ptr_nonnull(clone1);
	ck_assert_int_eq(clone0->args[0].op, CMP_MASKED_EQ);
	ck_assert_uint_eq(clone0->args[0].index, 0);
	ck_assert_uint_eq(clone0->args[0].value, ns_flags);
	ck_assert_uint_eq(clone0->args[0].value_two, 0);
	ck_assert_str_eq(clone0->excludes.caps[0], "CAP_SYS_ADMIN");
	ck_assert_uint_eq(clone0->excludes.narches, 2);
	ck_assert_uint_eq(clone1->args[0].index, 1);
	ck_assert_uint_eq(clone1->args[0].value, ns_flags);
	ck_assert_str_eq(clone1->includes.arches[1], "s390x");
	/* the clone rule's origin points at its line in the file */
	ck_assert_str_eq(clone0->origin.path, "syscalls[18]");
	ck_assert_str_eq(clone0->args[0].origin.path, "syscalls[18].args[0]");

	const struct prof_rule *clone3 = rule_named(pr, "clone3", 0);
	ck_assert_int_eq(clone3->action.kind, ACT_ERRNO);
	ck_assert_uint_eq(clone3->action.errno_ret, 38);  /* ENOSYS, so that glibc falls back to clone */
	const struct prof_rule *ptrace = rule_named(pr, "process_vm_readv", 0);
	ck_assert(ptrace->includes.has_min_kernel);
	ck_assert_uint_eq(ptrace->includes.min_kernel_major, 4);
	ck_assert_uint_eq(ptrace->includes.min_kernel_minor, 8);
	const struct prof_rule *pers = rule_named(pr, "personality", 4);
	ck_assert_uint_eq(pers->args[0].value, 0xffffffffu);
	parsed_free(&p);
}
END_TEST

/* The line of the first occurrence of `needle` in the file, 1-based. */
static int line_of(const char *path, const char *needle)
{
	FILE *f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	char line[4096];
	for (int n = 1; fgets(line, sizeof line, f); n++) {
		if (strstr(line, needle)) {
			fclose(f);
			return n;
		}
	}
	fclose(f);
	return 0;
}

START_TEST(positions_in_a_real_file)
{
	struct parsed p;
	load(&p, "tests/corpus", "moby-default.json");
	const struct prof_rule *clone0 = rule_named(&p.prof, "clone", 0);
	const char *path = src_path("tests/corpus", "moby-default.json");
	ck_assert_int_eq(clone0->args[0].origin.loc.line, line_of(path, "\"value\": 2114060288") - 2);
	const struct prof_rule *clone3 = rule_named(&p.prof, "clone3", 0);
	ck_assert_int_eq(clone3->action.origin.loc.line, line_of(path, "\"errnoRet\": 38") - 1);
	parsed_free(&p);
}
END_TEST

START_TEST(other_corpus_facts)
{
	struct parsed p;
	load(&p, "tests/corpus", "moby-fixture-default-old-format.json");
	ck_assert_uint_eq(p.prof.nrules, 311);
	ck_assert(p.prof.has_architectures);
	ck_assert_uint_eq(p.prof.narchitectures, 3);
	ck_assert_str_eq(p.prof.architectures[2], "SCMP_ARCH_X32");
	ck_assert_str_eq(p.prof.rules[0].names[0].origin.path, "syscalls[0].name");
	parsed_free(&p);

	load(&p, "tests/corpus", "podman-default.json");
	ck_assert_str_eq(p.prof.default_action.errno_name, "ENOSYS");
	ck_assert_uint_eq(p.prof.default_action.errno_ret, 38);
	const struct prof_rule *sock = rule_named(&p.prof, "socket", 1);
	ck_assert_ptr_nonnull(sock);
	ck_assert_str_eq(sock->action.errno_name, "EINVAL");
	ck_assert_uint_eq(sock->action.errno_ret, 22);
	parsed_free(&p);

	load(&p, "tests/corpus", "moby-fixture-example.json");
	const struct prof_rule *syslog = rule_named(&p.prof, "syslog", 0);
	ck_assert_uint_eq(syslog->action.errno_ret, 12345);
	parsed_free(&p);

	load(&p, "tests/corpus", "moby-fixture-conditional_include.json");
	ck_assert_str_eq(rule_named(&p.prof, "syslog", 0)->includes.caps[0], "CAP_SYSLOG");
	ck_assert_str_eq(rule_named(&p.prof, "ptrace", 0)->excludes.caps[0], "CAP_SYS_ADMIN");
	parsed_free(&p);

	load(&p, "tests/corpus", "runc-syscall-test1.json");
	const struct prof_rule *pvw = rule_named(&p.prof, "process_vm_writev", 0);
	ck_assert_int_eq(pvw->action.kind, ACT_ERRNO);
	ck_assert_uint_eq(pvw->action.errno_ret, 55);
	parsed_free(&p);
}
END_TEST

START_TEST(dash_reads_standard_input)
{
	const char *json = "{\"defaultAction\": \"SCMP_ACT_LOG\",\n \"syscalls\": 3}";
	FILE *tmp = tmpfile();
	ck_assert_ptr_nonnull(tmp);
	fputs(json, tmp);
	rewind(tmp);
	ck_assert_int_ge(dup2(fileno(tmp), STDIN_FILENO), 0);
	struct parsed p;
	arena_init(&p.arena);
	diag_init(&p.diag, "<stdin>");
	ck_assert(!profile_load("-", &p.arena, &p.diag, &p.prof));
	ck_assert_str_eq(diag_text(&p.diag), "<stdin>:2:14: error: syscalls: found a number; "
			 "expected an array of rule objects\n");
	ck_assert_int_eq(p.prof.default_action.kind, ACT_LOG);
	ck_assert_str_eq(p.prof.file, "-");
	parsed_free(&p);
	fclose(tmp);
}
END_TEST

START_TEST(missing_file_is_reported)
{
	struct parsed p;
	arena_init(&p.arena);
	diag_init(&p.diag, "nope.json");
	ck_assert(!profile_load("/nonexistent/nope.json", &p.arena, &p.diag, &p.prof));
	ck_assert_str_eq(diag_text(&p.diag), "nope.json: error: cannot open /nonexistent/nope.json: "
			 "No such file or directory\n");
	parsed_free(&p);
}
END_TEST

static Suite *parse_suite(void)
{
	Suite *s = suite_create("parse");
	TCase *t = tcase_create("malformed");
	tcase_add_loop_test(t, malformed_profile_is_rejected_with_exact_message, 0,
			    (int)(sizeof bad_cases / sizeof bad_cases[0]));
	tcase_add_test(t, a_failed_profile_reports_every_problem_but_fails);
	tcase_add_test(t, an_element_with_an_error_is_marked_and_the_rest_read);
	tcase_add_test(t, min_kernel_forms_moby_accepts);
	tcase_add_test(t, columns_count_characters_not_bytes);
	tcase_add_test(t, number_ending_the_text_has_its_position);
	suite_add_tcase(s, t);
	TCase *w = tcase_create("warnings");
	tcase_add_test(w, unknown_fields_warn_with_their_path);
	tcase_add_test(w, strict_turns_warnings_into_failure);
	tcase_add_test(w, doubtful_values_warn);
	suite_add_tcase(s, w);
	TCase *v = tcase_create("values");
	tcase_add_test(v, null_and_empty_are_accepted_where_runtimes_accept_them);
	tcase_add_test(v, values_are_kept_exactly);
	tcase_add_test(v, every_action_and_operator_name);
	suite_add_tcase(s, v);
	TCase *f = tcase_create("files");
	tcase_add_loop_test(f, corpus_profile_parses_without_any_message, 0,
			    (int)(sizeof corpus / sizeof corpus[0]));
	tcase_add_test(f, moby_default_facts);
	tcase_add_test(f, positions_in_a_real_file);
	tcase_add_test(f, other_corpus_facts);
	tcase_add_test(f, dash_reads_standard_input);
	tcase_add_test(f, missing_file_is_reported);
	suite_add_tcase(s, f);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(parse_suite());
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
