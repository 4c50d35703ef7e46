/*
 * test_lint.c - `seccompc lint` as a user runs it, and the diagnostics cap of
 * every command: a profile full of planted mistakes is linted and each
 * finding asserted by code, JSON path and line (text and --format json, the
 * JSON read back with seccompc's own parser); silencing on the command line
 * and in comments; --werror; lint going on after errors; 100,000 unknown
 * names printing a bounded number of lines in every command; the "did you
 * mean" search; every code documented.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codes.h"
#include "diag.h"
#include "editdist.h"
#include "json.h"
#include "nearest.h"
#include "run_command.h"

static char *seccompc(void)
{
	return getenv("SECCOMPC");
}

static char *src(const char *rel)
{
	static char path[4][4096];
	static int next;
	char *p = path[next++ % 4];
	snprintf(p, sizeof path[0], "%s/%s", getenv("SRCDIR"), rel);
	return p;
}

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* A file in a fresh temporary directory; removed by unlink_tmp(). */
static char tmp_path[4096];

static FILE *create_tmp(const char *name)
{
	char dir[] = "/tmp/seccompc-lint-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(tmp_path, sizeof tmp_path, "%s/%s", dir, name);
	FILE *f = fopen(tmp_path, "w");
	ck_assert_ptr_nonnull(f);
	return f;
}

static void unlink_tmp(void)
{
	unlink(tmp_path);
	*strrchr(tmp_path, '/') = '\0';
	rmdir(tmp_path);
}

static void write_tmp(const char *name, const char *text)
{
	FILE *f = create_tmp(name);
	fputs(text, f);
	fclose(f);
}

/* ---- the findings of --format json, read back ---- */

struct found {
	const char *code, *path, *severity, *message, *fix;
	long line, column;
};

struct report {
	struct arena arena;
	struct found f[64];
	size_t n;
	long errors, warnings, silenced;
	bool resolved;
	const struct json_node *omitted;
};

static const struct json_node *member(const struct json_node *o, const char *key)
{
	const struct json_member *m = json_member(o, key);
	ck_assert_msg(m, "no \"%s\" in the JSON output", key);
	return &m->value;
}

static const char *str_or_null(const struct json_node *o, const char *key)
{
	const struct json_node *v = member(o, key);
	if (v->type == JSON_NULL)
		return NULL;
	ck_assert_int_eq(v->type, JSON_STRING);
	return v->str;
}

static long number(const struct json_node *o, const char *key)
{
	const struct json_node *v = member(o, key);
	ck_assert_int_eq(v->type, JSON_NUMBER);
	return strtol(v->str, NULL, 10);
}

static void read_report(struct report *r, const char *json)
{
	memset(r, 0, sizeof *r);
	arena_init(&r->arena);
	struct diag d;
	diag_init(&d, "lint output");
	const struct json_node *root = json_parse(json, strlen(json), &r->arena, &d);
	ck_assert_msg(root && d.errors == 0, "not JSON: %s\n%.2000s", diag_text(&d), json);
	diag_fini(&d);
	ck_assert_int_eq(root->type, JSON_OBJECT);
	r->errors = number(root, "errors");
	r->warnings = number(root, "warnings");
	r->silenced = number(root, "silenced");
	r->resolved = member(root, "resolved")->type == JSON_TRUE;
	const struct json_node *list = member(root, "findings");
	ck_assert_int_eq(list->type, JSON_ARRAY);
	ck_assert_uint_le(list->nitems, 64);
	for (size_t i = 0; i < list->nitems; i++) {
		const struct json_node *o = &list->items[i];
		r->f[i] = (struct found){
			.code = str_or_null(o, "code"), .path = str_or_null(o, "path"),
			.severity = str_or_null(o, "severity"), .message = str_or_null(o, "message"),
			.fix = str_or_null(o, "fix"), .line = number(o, "line"),
			.column = number(o, "column"),
		};
	}
	r->n = list->nitems;
	r->omitted = member(root, "omitted");
	ck_assert_int_eq(r->omitted->type, JSON_ARRAY);
}

/* ---- a profile full of planted mistakes ---- */

static const struct {
	const char *code, *path;
	long line;
	const char *says;        /* a part of the message, the suggestion where one is due */
} planted[] = {
	{ SC_CLONE3, "defaultAction", 2, "clone3 is answered with ERRNO(1) by the default action "
	  "on x86_64 and x86: glibc 2.34 and later create threads with clone3" },
	{ SC_UNKNOWN_FIELD, "comments", 4, "did you mean \"comment\"?" },
	{ SC_UNKNOWN_ARCH, "architectures[2]", 5, "did you mean \"SCMP_ARCH_X32\"?" },
	{ SC_UNSUPPORTED_ARCH, "architectures[3]", 5, "SCMP_ARCH_PARISC is not supported" },
	{ SC_UNKNOWN_FLAG, "flags[0]", 6, "did you mean \"SECCOMP_FILTER_FLAG_LOG\"?" },
	{ SC_DUPLICATE_NAME, "syscalls[0].names[6]", 9, "\"read\" is named twice in this rule "
	  "(first at syscalls[0].names[0])" },
	{ SC_CLONE, "syscalls[0].names[7]", 10, "clone is allowed outright on x86_64 and x86: "
	  "unshare is not" },
	{ SC_IO_URING, "syscalls[0].names[8]", 10, "io_uring_setup is allowed outright" },
	{ SC_RISKY_ALLOWED, "syscalls[0].names[9]", 10, "ptrace is allowed outright on x86_64 "
	  "and x86: it controls other processes" },
	{ SC_SOCKETCALL, "syscalls[0].names[10]", 10, "on x86, socket's arguments are checked but "
	  "socketcall is allowed outright" },
	{ SC_DEFAULT_HOLE, "syscalls[1].names[0]", 14, "this rule's action, ERRNO(1), is the "
	  "default action, so the rule is dropped (as libseccomp drops it) and does nothing: on "
	  "x86_64, ioctl with args[1] == 0x5412 is decided ALLOW by syscalls[0], line 8" },
	{ SC_UNKNOWN_SYSCALL, "syscalls[2].names[0]", 20, "unknown syscall \"ptrce\"; no "
	  "architecture has it; did you mean \"ptrace\"? As written, this rule does not refuse "
	  "ptrace" },
	{ SC_NEVER_MATCHES, "syscalls[4].args[0]", 31, "SCMP_CMP_LT 0x0 never holds" },
	{ SC_ORED_ARGS, "syscalls[5].args[1]", 37, "argument 2 is compared twice in one rule" },
	{ SC_MASK_ZERO, "syscalls[6].args[0]", 42, "mask (value) 0 compares no bit" },
	{ SC_MASK_DATUM_BITS, "syscalls[7].args[0]", 47, "valueTwo 0x3 has bits outside the mask "
	  "value 0x1 (0x2)" },
	{ SC_SHADOWED, "syscalls[8].names[0]", 50, "this rule never decides write: the "
	  "unconditional rule at syscalls[0] (line 8) decides it first" },
	{ SC_DEFAULT_NOOP, "syscalls[9].action", 56, "no other rule decides reboot" },
	{ SC_UNKNOWN_ACTION, "syscalls[10].action", 60, "did you mean \"SCMP_ACT_ALLOW\"?" },
	{ SC_UNKNOWN_ERRNO, "syscalls[11].errno", 65, "did you mean \"EPERM\"?" },
	{ SC_UNKNOWN_OP, "syscalls[12].args[0].op", 70, "did you mean \"SCMP_CMP_EQ\"?" },
	{ SC_UNKNOWN_GO_ARCH, "syscalls[13].includes.arches[0]", 75, "did you mean \"amd64\"?" },
	{ SC_UNKNOWN_CAP, "syscalls[13].includes.caps[0]", 75, "such as \"CAP_CHOWN\"" },
	{ SC_NEVER_APPLIES, "syscalls[14].excludes", 81, "it needs CAP_SYS_ADMIN (includes) and "
	  "is dropped with it (excludes)" },
	{ SC_VALUE_TWO_UNUSED, "syscalls[15].args[0].valueTwo", 86, "SCMP_CMP_EQ ignores "
	  "valueTwo" },
	{ SC_NAMES_NULL, "syscalls[16].names", 89, "the rule names no syscall" },
	{ SC_KERNEL_SUFFIX, "syscalls[17].includes.minKernel", 95, "ignoring \"-rc1\" after 5.4" },
	{ SC_BAD_DIRECTIVE, "syscalls[19].comment", 105, "unknown code SC999" },
	{ SC_CUT_TO_WIDTH, "syscalls[20].args[0]", 110, "value 0x100000009 does not fit argument 1 "
	  "of kill on x86_64 (int sig: the kernel reads 32 bits); only 0x9 is compared" },
	{ SC_CUT_TO_WIDTH, "syscalls[20].args[0]", 110, "value 0x100000009 does not fit argument 1 "
	  "of kill on x86 (int sig: the kernel reads 32 bits); only 0x9 is compared" },
	{ SC_INVALID, "syscalls[21]", 112, "missing required field \"action\"" },
	{ SC_UNKNOWN_FIELD, "syscalls[21].acton", 114, "did you mean \"action\"?" },
	{ SC_INVALID, "syscalls[22].args", 119, "found a string; expected an array of argument "
	  "objects" },
	{ SC_INVALID, "syscalls[23]", 121, "found a number; expected a rule object" },
	{ SC_CUT_TO_WIDTH, "syscalls[24].args[0]", 125, "value 0x101a4 does not fit argument 1 of "
	  "fchmod on x86_64 (umode_t mode: the kernel reads 16 bits); only 0x1a4 is compared" },
	{ SC_CUT_TO_WIDTH, "syscalls[24].args[0]", 125, "value 0x101a4 does not fit argument 1 of "
	  "fchmod on x86 (umode_t mode: the kernel reads 16 bits); only 0x1a4 is compared" },
};

#define PLANTED_ARGS(...) (char *const[]){ seccompc(), "lint", src("tests/lint/planted.json"), \
	"--target", "x86_64", "--kernel", "6.1", __VA_ARGS__, NULL }

START_TEST(every_planted_mistake_is_named)
{
	struct run r;
	ck_assert_int_eq(run(&r, PLANTED_ARGS("--format", "json")), 1);
	struct report rep;
	read_report(&rep, r.out);
	size_t want = sizeof planted / sizeof planted[0];
	for (size_t i = 0; i < rep.n && i < want; i++) {
		const struct found *f = &rep.f[i];
		ck_assert_msg(strcmp(f->code, planted[i].code) == 0 &&
			      strcmp(f->path, planted[i].path) == 0 && f->line == planted[i].line,
			      "finding %zu: got %s %s line %ld, want %s %s line %ld", i, f->code,
			      f->path, f->line, planted[i].code, planted[i].path, planted[i].line);
		ck_assert_msg(strstr(f->message, planted[i].says), "%s: %s", f->code, f->message);
		bool error = f->code[2] == '0' && f->code[3] == '0';   /* SC001..SC009 */
		ck_assert_str_eq(f->severity, error ? "error" : "warning");
		ck_assert_int_gt(f->column, 0);
		/* every finding of lint's own says how to fix it */
		if (strcmp(f->code, SC_INVALID) != 0)
			ck_assert_msg(f->fix && *f->fix, "%s at %s has no fix", f->code, f->path);
	}
	ck_assert_uint_eq(rep.n, want);
	ck_assert_int_eq(rep.errors, 8);
	ck_assert_int_eq(rep.warnings, 28);
	ck_assert_int_eq(rep.silenced, 1);        /* bpf, by its rule's comment */
	ck_assert(rep.resolved);                  /* the rules without errors were resolved */
	ck_assert_uint_eq(rep.omitted->nitems, 0);
	/* suggestions come as fixes too */
	ck_assert_str_eq(rep.f[11].fix, "write \"ptrace\"");
	ck_assert_str_eq(rep.f[10].fix, "move ioctl out of the rule at syscalls[0] (which decides "
			 "it outright) into a rule of its own with the condition args[1] "
			 "SCMP_CMP_NE 0x5412");
	arena_free(&rep.arena);
}
END_TEST

/* Where the filter compares whole registers (as libseccomp does), a constant
 * wider than what the kernel reads is about bits the kernel ignores. */
START_TEST(wide_constants_under_register_width)
{
	struct run r;
	ck_assert_int_eq(run(&r, PLANTED_ARGS("--format", "json", "--arg-width", "register")), 1);
	struct report rep;
	read_report(&rep, r.out);
	size_t wide = 0, cut = 0;
	for (size_t i = 0; i < rep.n; i++) {
		const struct found *f = &rep.f[i];
		if (strcmp(f->code, SC_CUT_TO_WIDTH) == 0) {
			cut++;   /* x86's registers are 32 bits: kill's value is cut there */
			ck_assert_str_eq(f->path, "syscalls[20].args[0]");
		}
		if (strcmp(f->code, SC_WIDER_THAN_ARG) != 0)
			continue;
		ck_assert_str_eq(f->path, wide ? "syscalls[24].args[0]" : "syscalls[20].args[0]");
		ck_assert_msg(strstr(f->message, wide
			? "value 0x101a4 is wider than the 16 bits the kernel reads of argument 1 of "
			  "fchmod (umode_t) on x86_64 and x86: the filter compares the whole register"
			: "value 0x100000009 is wider than the 32 bits the kernel reads of argument 1 of "
			  "kill (int) on x86_64"), "%s", f->message);
		ck_assert_str_eq(f->fix, wide ? "write 0x1a4, the 16 bits the kernel reads"
					      : "write 0x9, the 32 bits the kernel reads");
		wide++;
	}
	ck_assert_uint_eq(wide, 2);
	ck_assert_uint_eq(cut, 1);
	arena_free(&rep.arena);
}
END_TEST

START_TEST(text_names_each_place_code_and_fix)
{
	struct run r;
	ck_assert_int_eq(run(&r, PLANTED_ARGS("--format", "text")), 1);
	const char *typo = strstr(r.err, "planted.json:20:17: warning: syscalls[2].names[0]: unknown "
				  "syscall \"ptrce\"; no architecture has it; did you mean \"ptrace\"? "
				  "As written, this rule does not refuse ptrace [SC010]\n"
				  "    fix: write \"ptrace\"\n");
	ck_assert_msg(typo, "%.3000s", r.err);
	ck_assert(strstr(r.err, "planted.json:60:17: error: syscalls[10].action: unknown action "
			 "\"SCMP_ACT_ALOW\"; did you mean \"SCMP_ACT_ALLOW\"? "));
	ck_assert(strstr(r.err, "planted.json:121:5: error: syscalls[23]: found a number; expected "
			 "a rule object with names and action [SC001]\n"));
	ck_assert_msg(strstr(r.err, "planted.json: 8 errors, 28 warnings (1 silenced)\n"), "%.3000s", r.err);
	/* in file order: the first finding is at line 2 */
	ck_assert(strstr(r.err, "planted.json:2:20: warning: defaultAction: clone3") == strstr(r.err, "planted.json:"));
}
END_TEST

START_TEST(warnings_are_silenced_where_asked)
{
	struct run r;
	ck_assert_int_eq(run(&r, PLANTED_ARGS("--format", "json", "--ignore", "SC040,sc041",
					      "--ignore", "SC010")), 1);
	struct report rep;
	read_report(&rep, r.out);
	for (size_t i = 0; i < rep.n; i++)
		ck_assert_msg(strcmp(rep.f[i].code, "SC040") && strcmp(rep.f[i].code, "SC041") &&
			      strcmp(rep.f[i].code, "SC010"), "%s not silenced", rep.f[i].code);
	ck_assert_int_eq(rep.silenced, 4);
	ck_assert_int_eq(rep.warnings, 25);
	arena_free(&rep.arena);

	/* errors cannot be silenced; unknown codes are usage errors with a suggestion */
	ck_assert_int_eq(run(&r, PLANTED_ARGS("--ignore", "SC001")), 2);
	ck_assert_msg(strstr(r.err, "--ignore SC001: SC001 is an error, and errors cannot be "
			     "silenced"), "%.3000s", r.err);
	ck_assert_int_eq(run(&r, PLANTED_ARGS("--ignore", "SC99")), 2);
	ck_assert_msg(strstr(r.err, "--ignore SC99: no such code; did you mean SC099?"), "%.3000s", r.err);

	/* a top-level comment silences the whole file; runtimes ignore the field */
	write_tmp("file.json", "{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
		  " \"comment\": \"seccompc-lint: ignore SC010 SC040; typos on purpose\",\n"
		  " \"syscalls\": [{\"names\": [\"ptrce\", \"ptrace\"], \"action\": \"SCMP_ACT_ALLOW\"}]}");
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "lint", tmp_path, "--werror", NULL }), 0);
	ck_assert_msg(strstr(r.err, ": 0 errors, 0 warnings (2 silenced)\n"), "%.3000s", r.err);
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "lint", tmp_path, "--werror",
						  "--format", "json", NULL }), 0);
	/* --strict makes warnings errors, and silenced ones stay silent */
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "lint", tmp_path, "--strict", NULL }), 0);
	unlink_tmp();
}
END_TEST

/* An argument compared twice: whether the conditions could all hold
 * (ANDed) decides what the warning says, at the edges of the values too. */
START_TEST(ored_arguments_say_whether_they_could_all_hold)
{
	static const struct { const char *args, *says; } cases[] = {
		{ "{\"index\": 0, \"value\": 5, \"op\": \"SCMP_CMP_EQ\"}, "
		  "{\"index\": 0, \"value\": 10, \"op\": \"SCMP_CMP_LE\"}", "not only when all do" },
		{ "{\"index\": 0, \"value\": 5, \"op\": \"SCMP_CMP_EQ\"}, "
		  "{\"index\": 0, \"value\": 5, \"op\": \"SCMP_CMP_NE\"}", "could never all hold" },
		{ "{\"index\": 0, \"value\": 5, \"op\": \"SCMP_CMP_GE\"}, "
		  "{\"index\": 0, \"value\": 5, \"op\": \"SCMP_CMP_NE\"}", "not only when all do" },
		{ "{\"index\": 0, \"value\": 5, \"op\": \"SCMP_CMP_GT\"}, "
		  "{\"index\": 0, \"value\": 5, \"op\": \"SCMP_CMP_LE\"}", "could never all hold" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[1024];
		snprintf(text, sizeof text, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
			 "[{\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\", "
			 "\"args\": [%s]}]}", cases[i].args);
		write_tmp("p.json", text);
		struct run r;
		run(&r, (char *const[]){ seccompc(), "lint", tmp_path, NULL });
		ck_assert_msg(strstr(r.err, "argument 0 is compared twice in one rule") &&
			      strstr(r.err, cases[i].says), "case %zu: %.2000s", i, r.err);
		unlink_tmp();
	}
}
END_TEST

START_TEST(werror_fails_on_warnings)
{
	struct run r;
	char *moby = src("tests/corpus/moby-default.json");
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "lint", moby, "--kernel", "6.1", NULL }), 0);
	ck_assert(strstr(r.err, "ptrace is allowed outright on x86_64, x86 and x32: it controls "
			 "other processes [SC040]"));
	ck_assert(strstr(r.err, ": 0 errors, 4 warnings\n"));
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "lint", moby, "--kernel", "6.1",
						  "--werror", NULL }), 1);
	ck_assert(strstr(r.err, "warning: "));   /* printed as warnings still */
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "lint", moby, "--kernel", "6.1",
						  "--werror", "--format", "json", NULL }), 1);
	struct report rep;
	read_report(&rep, r.out);
	ck_assert_uint_eq(rep.n, 4);
	arena_free(&rep.arena);
	/* the shipped profiles are clean (what they state on purpose is silenced) */
	static const char *const shipped[] = { "profiles/default.json", "profiles/restrictive.json",
					       "profiles/batch.json", "profiles/log.json" };
	for (size_t i = 0; i < sizeof shipped / sizeof shipped[0]; i++)
		ck_assert_msg(run(&r, (char *const[]){ seccompc(), "lint", src(shipped[i]), "--werror",
						       NULL }) == 0, "%s: %s", shipped[i], r.err);
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "lint", moby, "--format", "xml", NULL }), 2);
}
END_TEST

START_TEST(lint_goes_on_after_errors)
{
	struct run r;
	/* an unknown default action: the rules are still checked as written */
	write_tmp("p.json", "{\"defaultAction\": \"SCMP_ACT_ERRNOO\",\n"
		  " \"syscalls\": [{\"names\": [\"getpid\", \"mkdri\"], \"action\": 7},\n"
		  "  {\"names\": [\"read\", \"read\"], \"action\": \"SCMP_ACT_ALLOW\"}]}");
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "lint", tmp_path, NULL }), 1);
	ck_assert_msg(strstr(r.err, "p.json:1:19: error: defaultAction: unknown action "
			     "\"SCMP_ACT_ERRNOO\"; did you mean \"SCMP_ACT_ERRNO\"?"), "%.3000s", r.err);
	ck_assert(strstr(r.err, "p.json:2:36: warning: syscalls[0].names[1]: unknown syscall "
			 "\"mkdri\"; no architecture has it; did you mean \"mkdir\"? As written, this "
			 "rule does not apply to mkdir [SC010]\n"));
	ck_assert(strstr(r.err, "p.json:2:56: error: syscalls[0].action: found a number"));
	ck_assert(strstr(r.err, "p.json:3:22: warning: syscalls[1].names[1]: \"read\" is named twice"));
	ck_assert(strstr(r.err, "note: the checks of the rules as they decide on the target did not run"));
	ck_assert(strstr(r.err, "p.json: 2 errors, 2 warnings\n"));
	/* JSON syntax is the one thing that ends the run */
	unlink_tmp();
	write_tmp("p.json", "{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n \"syscalls\": [}");
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "lint", tmp_path, "--format", "json",
						  NULL }), 1);
	struct report rep;
	read_report(&rep, r.out);
	ck_assert_uint_eq(rep.n, 1);
	ck_assert_str_eq(rep.f[0].code, SC_INVALID);
	ck_assert_int_eq(rep.f[0].line, 2);
	ck_assert(!rep.resolved);
	arena_free(&rep.arena);
	unlink_tmp();
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "lint", "/nonexistent/p.json", NULL }), 1);
	ck_assert(strstr(r.err, "/nonexistent/p.json: 1 error, 0 warnings\n"));
}
END_TEST

/* ---- the cap: 100,000 unknown names ---- */

static void write_many(const char *name, size_t n, bool bad_actions)
{
	FILE *f = create_tmp(name);
	fputs("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [\n", f);
	if (bad_actions) {
		for (size_t i = 0; i < n; i++)
			fprintf(f, "%s{\"names\": [\"read\"], \"action\": \"SCMP_ACT_%zu\"}", i ? ",\n" : "", i);
	} else {
		fputs("{\"action\": \"SCMP_ACT_ALLOW\", \"names\": [\n", f);
		for (size_t i = 0; i < n; i++)
			fprintf(f, "%s\"nosuch%zu\"", i ? ",\n" : "", i);
		fputs("]}", f);
	}
	fputs("]}\n", f);
	fclose(f);
}

START_TEST(diagnostics_are_capped_in_every_command)
{
	struct run r;
	write_many("names.json", 100000, false);
	/* compile, resolve and stats: 20 warnings, then one line for the rest */
	static const char *const cmds[][2] = { { NULL, NULL }, { "resolve", NULL }, { "stats", NULL } };
	for (size_t i = 0; i < 3; i++) {
		char *argv[6] = { seccompc() };
		int k = 1;
		if (cmds[i][0])
			argv[k++] = (char *)cmds[i][0];
		argv[k++] = tmp_path;
		if (!cmds[i][0]) {
			argv[k++] = "-o";
			argv[k++] = "/dev/null";
		}
		argv[k] = NULL;
		ck_assert_int_eq(run(&r, argv), 0);
		ck_assert_msg(count_lines(r.err) == 21, "%s: %zu lines:\n%s", cmds[i][0] ? cmds[i][0] : "compile",
			      count_lines(r.err), r.err);
		ck_assert(strstr(r.err, "names.json: warning: ... and 99980 more warnings like the one at "
				 "3:1 (syscalls[0].names[0])\n"));
	}
	/* lint: 20 findings with their fixes, the rest counted, the summary */
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "lint", tmp_path, NULL }), 0);
	ck_assert_msg(count_lines(r.err) == 20 * 2 + 1 + 1, "%zu lines", count_lines(r.err));
	ck_assert(strstr(r.err, "names.json: 0 errors, 100000 warnings\n"));
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "lint", tmp_path, "--format", "json", NULL }), 0);
	struct report rep;
	read_report(&rep, r.out);
	ck_assert_uint_eq(rep.n, 20);
	ck_assert_int_eq(rep.warnings, 100000);
	ck_assert_uint_eq(rep.omitted->nitems, 1);
	ck_assert_str_eq(str_or_null(&rep.omitted->items[0], "code"), SC_UNKNOWN_SYSCALL);
	ck_assert_int_eq(number(&rep.omitted->items[0], "count"), 99980);
	arena_free(&rep.arena);
	unlink_tmp();

	/* errors too: 30,000 rules with an unknown action */
	write_many("actions.json", 30000, true);
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), tmp_path, "-o", "/dev/null", NULL }), 1);
	ck_assert_msg(count_lines(r.err) == 21, "%zu lines", count_lines(r.err));
	ck_assert(strstr(r.err, "actions.json: error: ... and 29980 more errors like the one at 2:31 "
			 "(syscalls[0].action)\n"));
	unlink_tmp();
}
END_TEST

START_TEST(the_cap_counts_each_kind)
{
	struct diag d;
	diag_init(&d, "f.json");
	struct src_loc at = { 3, 7 };
	for (int i = 0; i < 25; i++) {
		ck_assert(diag_wanted(&d, DIAG_WARNING, SC_UNKNOWN_SYSCALL, "p") == (i < 20));
		diag_report(&d, DIAG_WARNING, SC_UNKNOWN_SYSCALL, "fix it", &at, "p", "typo %d", i);
	}
	for (int i = 0; i < 22; i++)
		diag_error(&d, NULL, NULL, "other %d", i);   /* a kind of its own: its format */
	ck_assert_int_eq(d.warnings, 25);
	ck_assert_int_eq(d.errors, 22);
	ck_assert_uint_eq(count_lines(diag_text(&d)), 40);
	diag_end(&d);
	diag_end(&d);   /* says it once */
	ck_assert_uint_eq(count_lines(diag_text(&d)), 42);
	ck_assert(strstr(diag_text(&d), "f.json:3:7: warning: p: typo 19\n"
			 "f.json: error: other 0\n"));
	ck_assert(strstr(diag_text(&d), "f.json: warning: ... and 5 more warnings like the one at "
			 "3:7 (p)\nf.json: error: ... and 2 more errors like: other 0\n"));
	diag_fini(&d);
}
END_TEST

/* ---- did you mean ---- */

START_TEST(suggestions_come_from_the_tables)
{
	ck_assert_uint_eq(edit_distance("EPREM", "EPERM", 3), 1);   /* a swap is one edit */
	ck_assert_uint_eq(edit_distance("ptrce", "ptrace", 3), 1);
	ck_assert_uint_eq(edit_distance("kitten", "sitting", 3), 3);
	ck_assert_uint_eq(edit_distance("abcdef", "uvwxyz", 2), 3);  /* past the cap: cap + 1 */
	ck_assert_str_eq(syscall_nearest("ptrce"), "ptrace");
	ck_assert_str_eq(syscall_nearest("PTRACE"), "ptrace");
	ck_assert_str_eq(syscall_nearest("opnat"), "openat");
	ck_assert_ptr_null(syscall_nearest("nosuch17"));
	ck_assert_str_eq(errno_nearest("EPREM"), "EPERM");
	ck_assert_str_eq(errno_nearest("enosys"), "ENOSYS");
	ck_assert_ptr_null(errno_nearest("EBANANA"));
	static const char *const acts[] = { "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", NULL };
	ck_assert_str_eq(list_nearest("SCMP_ACT_ALOW", acts, "SCMP_ACT_"), "SCMP_ACT_ALLOW");
	/* "FOO" is not a typo of "LOG": a third of what follows the prefix */
	ck_assert_ptr_null(list_nearest("SCMP_ACT_FOO", acts, "SCMP_ACT_"));
}
END_TEST

/* ---- every code documented ---- */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f, "%s", path);
	static char buf[2][131072];
	static int next;
	char *b = buf[next++ % 2];
	size_t n = fread(b, 1, sizeof buf[0] - 1, f);
	b[n] = '\0';
	fclose(f);
	return b;
}

START_TEST(every_code_is_documented)
{
	struct run r;
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), "lint", "--codes", NULL }), 0);
	const char *doc = slurp(src("docs/lint.md"));
	const char *man = slurp(src("man/seccompc-lint.1"));
	size_t n = 0;
	for (const char *line = r.out; *line; line = strchr(line, '\n') + 1, n++) {
		char code[6], want[32];
		memcpy(code, line, 5);
		code[5] = '\0';
		snprintf(want, sizeof want, "#### %s ", code);
		ck_assert_msg(strstr(doc, want), "%s is not in docs/lint.md", code);
		snprintf(want, sizeof want, ".B %s\n", code);
		ck_assert_msg(strstr(man, want), "%s is not in man/seccompc-lint.1", code);
	}
	ck_assert_uint_eq(n, 32);   /* SC001..006, SC010..014, SC020..031, SC040..044, SC050..051, SC090, SC099 */
	ck_assert(strstr(r.out, "SC010  warning  unknown syscall name\n"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lint");
	TCase *tc = tcase_create("lint");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, every_planted_mistake_is_named);
	tcase_add_test(tc, wide_constants_under_register_width);
	tcase_add_test(tc, text_names_each_place_code_and_fix);
	tcase_add_test(tc, warnings_are_silenced_where_asked);
	tcase_add_test(tc, werror_fails_on_warnings);
	tcase_add_test(tc, ored_arguments_say_whether_they_could_all_hold);
	tcase_add_test(tc, lint_goes_on_after_errors);
	tcase_add_test(tc, diagnostics_are_capped_in_every_command);
	tcase_add_test(tc, the_cap_counts_each_kind);
	tcase_add_test(tc, suggestions_come_from_the_tables);
	tcase_add_test(tc, every_code_is_documented);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
