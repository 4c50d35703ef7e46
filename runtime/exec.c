/*
 * exec.c - seccompc-exec: run a command under a seccomp filter, fail-closed.
 *
 *     seccompc-exec [options] [FILTER.bpf|PROFILE.json|NAME|none] -- CMD [ARG]...
 *
 * The filter is a raw blob, a JSON profile (compiled in-process), a shipped
 * profile by name (default, restrictive, log), or `none`; without one, the
 * default profile compiled at build time and embedded here. If anything
 * fails before exec, the command never runs and the exit status is 125
 * (126/127 when the command itself cannot be executed / is not found).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "config.h"
#include "default_filter.h"
#include "launcher.h"
#include "shipped_profiles.h"
#include "seccompc-runtime.h"

struct launch {
	unsigned flags;
	bool report;
	struct resolve_options select;
	struct cap_options caps;          /* the model seccompc uses (caps.h) */
	const char *cap_names[CAP_COUNT];
	bool select_given;                /* a selection option was given */
	const char *filter;    /* NULL: the embedded default */
	char **argv;
};

static const char usage_text[] =
	"usage: seccompc-exec [options] [FILTER.bpf|PROFILE.json|NAME|none] [options] -- CMD [ARG]...\n"
	"  NAME          a shipped profile: default, restrictive, log\n"
	"  none          run CMD without a filter (a warning is printed)\n"
	"  (no filter)   the default profile, compiled into seccompc-exec\n"
	"options:\n"
	"  --report      supervise: print each denied syscall and a summary (JSON, NAME or default)\n"
	"  --tsync --log --spec-allow --wait-killable-recv   seccomp filter flags\n"
	"  --caps docker|none|all, --cap CAP, --drop-cap CAP, --kernel X.Y\n"
	"                selection for JSON profiles and NAMEs, as in seccompc(1)\n"
	"  -h, --help    this text\n"
	"exit status: CMD's; 125 if seccompc-exec failed (CMD did not run), 126 if CMD\n"
	"cannot be executed, 127 if it was not found\n";

_Noreturn void exec_command(char **argv)
{
	execvp(argv[0], argv);
	int e = errno;
	fprintf(stderr, "seccompc-exec: cannot run %s: %s\n", argv[0], strerror(e));
	/* _exit: under the filter, exit handlers (a leak checker's, say) may
	 * need syscalls it denies. */
	_exit(e == ENOENT ? LAUNCH_NOT_FOUND : LAUNCH_CANNOT_EXEC);
}

/* Options (getopt_long from optind on, stopping at an operand or after "--"). */
static int parse_options(int argc, char **argv, struct launch *l)
{
	enum { O_TSYNC = 1000, O_LOG, O_SPEC, O_WKR, O_REPORT, O_CAP, O_CAPS, O_DROP_CAP, O_KERNEL };
	static const struct option opts[] = {
		{ "tsync", no_argument, NULL, O_TSYNC },
		{ "log", no_argument, NULL, O_LOG },
		{ "spec-allow", no_argument, NULL, O_SPEC },
		{ "wait-killable-recv", no_argument, NULL, O_WKR },
		{ "report", no_argument, NULL, O_REPORT },
		{ "cap", required_argument, NULL, O_CAP },
		{ "caps", required_argument, NULL, O_CAPS },
		{ "drop-cap", required_argument, NULL, O_DROP_CAP },
		{ "kernel", required_argument, NULL, O_KERNEL },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;
	while ((opt = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (opt) {
		case O_TSYNC: l->flags |= SECCOMPC_FLAG_TSYNC; break;
		case O_LOG: l->flags |= SECCOMPC_FLAG_LOG; break;
		case O_SPEC: l->flags |= SECCOMPC_FLAG_SPEC_ALLOW; break;
		case O_WKR: l->flags |= SECCOMPC_FLAG_WAIT_KILLABLE_RECV; break;
		case O_REPORT: l->report = true; break;
		case O_CAP:
		case O_CAPS:
		case O_DROP_CAP: {
			char why[256];
			enum cap_option_kind kind = opt == O_CAP ? CAP_OPT_ADD :
						    opt == O_CAPS ? CAP_OPT_CAPS : CAP_OPT_DROP;
			if (!cap_options_apply(&l->caps, kind, optarg, why, sizeof why))
				return fprintf(stderr, "seccompc-exec: %s\n", why), -1;
			cap_select(&l->select, l->caps.set, l->cap_names);
			l->select_given = true;
			break;
		}
		case O_KERNEL:
			if (sscanf(optarg, "%u.%u", &l->select.kernel_major, &l->select.kernel_minor) != 2)
				return fprintf(stderr, "seccompc-exec: --kernel %s: expected X.Y\n", optarg), -1;
			l->select_given = true;
			break;
		case 'h': fputs(usage_text, stdout); exit(0);
		default: return -1;
		}
	}
	return 0;
}

/* [options] [FILTER] [options] -- CMD [ARG]...: options may stand on either
 * side of the filter; "--" is required once a filter is given. */
static int parse_args(int argc, char **argv, struct launch *l)
{
	if (parse_options(argc, argv, l) != 0)
		return -1;
	if (optind < argc && strcmp(argv[optind - 1], "--") != 0) {
		l->filter = argv[optind++];
		if (parse_options(argc, argv, l) != 0)
			return -1;
		if (strcmp(argv[optind - 1], "--") != 0)
			return fprintf(stderr, "seccompc-exec: expected -- between the filter and the "
				       "command\n"), -1;
	}
	if (optind >= argc)
		return fprintf(stderr, "seccompc-exec: no command given\n"), -1;
	l->argv = argv + optind;
	if (l->report && l->filter && strcmp(l->filter, "none") == 0)
		return fprintf(stderr, "seccompc-exec: --report needs a filter to report on, "
			       "not none\n"), -1;
	if (l->report && (l->flags & SECCOMPC_FLAG_TSYNC))
		l->flags |= SECCOMPC_FLAG_TSYNC_ESRCH;  /* the kernel's rule with NEW_LISTENER */
	return 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Whether `filter` names a shipped profile: no '/' and no '.'. */
static bool is_profile_name(const char *filter)
{
	return !strchr(filter, '/') && !strchr(filter, '.');
}

/* The text of the shipped profile NAME, embedded at build time: a name is
 * never looked up on disk (see docs/runtime.md). NULL, after a message, when
 * there is none. */
static const struct shipped_profile *shipped_profile(const char *name)
{
	for (const struct shipped_profile *p = shipped_profiles; p->name; p++)
		if (strcmp(p->name, name) == 0)
			return p;
	fprintf(stderr, "seccompc-exec: %s: not a shipped profile (there are ", name);
	for (const struct shipped_profile *p = shipped_profiles; p->name; p++)
		fprintf(stderr, "%s%s", p == shipped_profiles ? "" : ", ", p->name);
	fprintf(stderr, "); a file needs a path, e.g. ./%s\n", name);
	return NULL;
}

/* Says why an install failed (from the result's detail when there is one). */
static int install_failed(const char *what, int err, const struct seccompc_install_result *r)
{
	if (err == -EINVAL && r->reason)
		fprintf(stderr, "seccompc-exec: %s: instruction %zu: %s\n", what, r->bad_insn, r->reason);
	else if (err == -ESRCH && r->tsync_failed_tid)
		fprintf(stderr, "seccompc-exec: %s: thread %ld could not be synchronised\n", what,
			r->tsync_failed_tid);
	else
		fprintf(stderr, "seccompc-exec: %s: %s\n", what, seccompc_strerror(err));
	return LAUNCH_FAILED;
}

/* Compiles a profile for this host: the file at path, or else the embedded
 * text of the shipped profile `shipped`. */
static bool compile_profile(const struct launch *l, const char *path,
			    const struct shipped_profile *shipped, struct arena *arena,
			    struct compile_result *res)
{
	char label[64];
	if (!path)
		snprintf(label, sizeof label, "%s.json", shipped->name);
	struct diag diag;
	diag_init(&diag, path ? path : label);
	diag.echo = stderr;
	diag.quiet_warnings = true;
	struct compile_options co;
	memset(&co, 0, sizeof co);
	co.select = l->select;
	co.verify = true;
	co.notify_errno = l->report;
	int status = path ? compile_profile_file(path, &co, arena, &diag, res)
			  : compile_profile_text(arena_strdup(arena, label), shipped->text,
						 strlen(shipped->text), &co, arena, &diag, res);
	diag_fini(&diag);
	return status == 0;
}

/* The embedded default profile's entry. */
static const struct shipped_profile *embedded_default(void)
{
	for (const struct shipped_profile *p = shipped_profiles; p->name; p++)
		if (strcmp(p->name, "default") == 0)
			return p;
	abort();   /* the build embeds profiles/default.json */
}

static int install_or_fail(const struct sock_filter *insns, size_t len, unsigned flags,
			   const char *what)
{
	struct seccompc_install_result r;
	int err = seccompc_install(insns, len, flags, &r);
	return err ? install_failed(what, err, &r) : 0;
}

int main(int argc, char **argv)
{
	struct launch l;
	memset(&l, 0, sizeof l);
	cap_options_init(&l.caps);
	if (parse_args(argc, argv, &l) != 0) {
		fputs(usage_text, stderr);
		return LAUNCH_FAILED;
	}
	if (l.filter && strcmp(l.filter, "none") == 0) {
		fprintf(stderr, "seccompc-exec: warning: running %s without a seccomp filter\n", l.argv[0]);
		exec_command(l.argv);
	}
	const char *json = NULL;
	const struct shipped_profile *shipped = embedded_default();
	if (l.filter && is_profile_name(l.filter)) {
		if (!(shipped = shipped_profile(l.filter)))
			return LAUNCH_FAILED;
	} else if (l.filter && ends_with(l.filter, ".json")) {
		json = l.filter;
	} else if (l.filter) {   /* a raw blob */
		if (l.select_given) {
			fprintf(stderr, "seccompc-exec: --cap, --caps, --drop-cap and --kernel select "
				"the rules of a JSON profile; a raw filter has none\n");
			return LAUNCH_FAILED;
		}
		if (l.report) {
			fprintf(stderr, "seccompc-exec: --report needs a JSON profile or a NAME: a raw "
				"filter does not say what its denials mean\n");
			return LAUNCH_FAILED;
		}
		struct seccompc_install_result r;
		int err = seccompc_install_file(l.filter, l.flags, &r);
		if (err)
			return install_failed(l.filter, err, &r);
		exec_command(l.argv);
	}
	if (!json && !l.filter && !l.report && !l.select_given) {
		/* The embedded default: compiled at build time, nothing to do at run time. */
		if (install_or_fail(seccompc_default_filter, seccompc_default_filter_len, l.flags,
				    "the default filter"))
			return LAUNCH_FAILED;
		exec_command(l.argv);
	}
	struct arena arena;
	arena_init(&arena);
	struct compile_result res;
	if (!compile_profile(&l, json, shipped, &arena, &res)) {
		arena_free(&arena);
		return LAUNCH_FAILED;
	}
	if (l.report) {
		int status = report_supervise(&res.prog, &res.table, l.flags, l.argv);
		arena_free(&arena);
		return status;
	}
	if (install_or_fail(res.prog.insns, res.prog.len, l.flags, json ? json : shipped->name))
		return LAUNCH_FAILED;
	exec_command(l.argv);
}
