/*
 * exec.c - seccompc-exec: run a command under a seccomp filter, fail-closed.
 *
 *     seccompc-exec [options] [FILTER.bpf|PROFILE.json|NAME|none] -- CMD [ARG]...
 *
 * The filter is a raw blob, a JSON profile (compiled in-process), a shipped
 * profile by name (embedded at build time), or `none`; without one, the
 * default profile compiled at build time and embedded here. If anything
 * fails before exec, the command never runs and the exit status is 125
 * (126/127 when the command itself cannot be executed / is not found).
 *
 * The launcher execs the command in its own process unless it has to stay:
 * --report (it answers the filter's notifications: report.h), --learn (it
 * records and lets through what the profile denies, then writes the profile
 * that allows it: learn.h), --isolate-pids (the command runs in new
 * namespaces), or a failing command should get a note on a terminal. Then
 * spawn.h starts the command and supervise.h waits.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "caps.h"
#include "config.h"
#include "default_filter.h"
#include "learn.h"
#include "report.h"
#include "shipped_profiles.h"
#include "spawn.h"
#include "supervise.h"

struct launch {
	unsigned flags;
	bool report, isolate_pids, quiet;
	struct resolve_options select;
	struct cap_options caps;          /* the model seccompc uses (caps.h) */
	const char *cap_names[CAP_COUNT];
	bool select_given;                /* a selection option was given */
	const char *filter;               /* as given; NULL: the embedded default */
	const char *learn_out;            /* --learn OUT.json */
	char **argv;
};

static const char usage_text[] =
	"usage: seccompc-exec [options] [FILTER.bpf|PROFILE.json|NAME|none] [options] -- CMD [ARG]...\n"
	"  NAME          a shipped profile, embedded at build time: default, restrictive, batch, log\n"
	"  none          run CMD without a filter (a warning is printed)\n"
	"  (no filter)   the default profile, compiled into seccompc-exec\n"
	"options:\n"
	"  --report      supervise: print each denied syscall, follow every process that holds\n"
	"                the filter, and end with a summary (JSON, NAME or default)\n"
	"  --learn OUT.json  let through and record what the profile denies, then write\n"
	"                OUT.json: the profile plus rules that allow it (learns on top of\n"
	"                OUT.json when it exists); not a sandbox\n"
	"  --isolate-pids  run CMD in new PID and mount namespaces (and a user namespace\n"
	"                without CAP_SYS_ADMIN) with a fresh /proc: it cannot reach processes\n"
	"                outside (ptrace, /proc/PID/mem, kill)\n"
	"  --quiet       no note on a terminal when CMD fails\n"
	"  --tsync --log --spec-allow --wait-killable-recv   seccomp filter flags\n"
	"  --caps docker|none|all, --cap CAP, --drop-cap CAP, --kernel X.Y\n"
	"                selection for JSON profiles and NAMEs, as in seccompc(1)\n"
	"  -h, --help    this text\n"
	"exit status: CMD's (killed by a signal: the same signal); 125 if seccompc-exec\n"
	"failed (CMD did not run), 126 if CMD cannot be executed, 127 if it was not found\n";

/* A usage error: the message, where to read more, 125. */
static int usage_error(const char *fmt, const char *arg)
{
	fputs("seccompc-exec: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nusage: seccompc-exec [options] [FILTER] -- CMD [ARG]... (seccompc-exec --help)\n",
	      stderr);
	return -1;
}

/* Options (getopt_long from optind on, stopping at an operand or after "--"). */
static int parse_options(int argc, char **argv, struct launch *l)
{
	enum { O_TSYNC = 1000, O_LOG, O_SPEC, O_WKR, O_REPORT, O_CAP, O_CAPS, O_DROP_CAP, O_KERNEL,
	       O_ISOLATE, O_QUIET, O_LEARN };
	static const struct option opts[] = {
		{ "tsync", no_argument, NULL, O_TSYNC },
		{ "log", no_argument, NULL, O_LOG },
		{ "spec-allow", no_argument, NULL, O_SPEC },
		{ "wait-killable-recv", no_argument, NULL, O_WKR },
		{ "report", no_argument, NULL, O_REPORT },
		{ "learn", required_argument, NULL, O_LEARN },
		{ "isolate-pids", no_argument, NULL, O_ISOLATE },
		{ "quiet", no_argument, NULL, O_QUIET },
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
		case O_LEARN: l->learn_out = optarg; break;
		case O_ISOLATE: l->isolate_pids = true; break;
		case O_QUIET: l->quiet = true; break;
		case O_CAP:
		case O_CAPS:
		case O_DROP_CAP: {
			char why[256];
			enum cap_option_kind kind = opt == O_CAP ? CAP_OPT_ADD :
						    opt == O_CAPS ? CAP_OPT_CAPS : CAP_OPT_DROP;
			if (!cap_options_apply(&l->caps, kind, optarg, why, sizeof why))
				return usage_error("%s", why);
			cap_select(&l->select, l->caps.set, l->cap_names);
			l->select_given = true;
			break;
		}
		case O_KERNEL: {
			char end;
			if (sscanf(optarg, "%u.%u%c", &l->select.kernel_major, &l->select.kernel_minor,
				   &end) != 2)
				return usage_error("--kernel %s: expected a version X.Y such as 5.10", optarg);
			l->select_given = true;
			break;
		}
		case 'h': fputs(usage_text, stdout); exit(0);
		default: return usage_error("%s", "unknown option or missing argument (see above)");
		}
	}
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

/* --learn OUT.json: a JSON profile or a NAME to learn from, an output
 * that is a JSON file in a directory the launcher can write to. When
 * OUT.json exists, it is the profile learned from. 0, or -1 after a
 * message. */
static int check_learn(struct launch *l)
{
	const char *out = l->learn_out;
	if (l->report)
		return usage_error("%s", "--learn and --report exclude each other (--learn lets denied calls run, --report answers them)");
	if (l->filter && (strcmp(l->filter, "none") == 0 ||
			  !(is_profile_name(l->filter) || ends_with(l->filter, ".json"))))
		return usage_error("--learn learns from a JSON profile or a NAME, not %s", l->filter);
	if (!ends_with(out, ".json") || strcmp(out, ".json") == 0)
		return usage_error("--learn %s: the profile written is JSON; its name must end in .json",
				   out);
	char *copy = xstrdup(out);
	const char *dir = dirname(copy);
	int writable = access(dir, W_OK);
	int why = errno;
	if (writable != 0)
		fprintf(stderr, "seccompc-exec: --learn %s: cannot write to %s: %s\n", out, dir,
			strerror(why));
	free(copy);
	if (writable != 0)
		return -1;
	if (access(out, F_OK) == 0) {
		if (l->filter && strcmp(l->filter, out) != 0)
			fprintf(stderr, "seccompc-exec: %s exists: learning on top of it (%s is not read)\n",
				out, l->filter);
		else
			fprintf(stderr, "seccompc-exec: %s exists: learning on top of it\n", out);
		l->filter = out;
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
			return usage_error("%s", "expected -- between the filter and the command");
	}
	if (optind >= argc)
		return usage_error("%s", "no command given");
	l->argv = argv + optind;
	if (l->report && l->filter && strcmp(l->filter, "none") == 0)
		return usage_error("%s", "--report needs a filter to report on, not none");
	if (l->learn_out && check_learn(l) != 0)
		return -1;
	if ((l->report || l->learn_out) && (l->flags & SECCOMPC_FLAG_TSYNC))
		l->flags |= SECCOMPC_FLAG_TSYNC_ESRCH;  /* the kernel's rule with NEW_LISTENER */
	return 0;
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

/* The embedded default profile's entry. */
static const struct shipped_profile *embedded_default(void)
{
	for (const struct shipped_profile *p = shipped_profiles; p->name; p++)
		if (strcmp(p->name, "default") == 0)
			return p;
	abort();   /* the build embeds profiles/default.json */
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
	co.notify_denials = l->learn_out != NULL;
	int status = path ? compile_profile_file(path, &co, arena, &diag, res)
			  : compile_profile_text(arena_strdup(arena, label), shipped->text,
						 strlen(shipped->text), &co, arena, &diag, res);
	diag_fini(&diag);
	return status == 0;
}

/* A raw filter file (native byte order; /dev/fd/N reads an inherited
 * descriptor) into arena memory; false after a message. */
static bool read_raw_filter(const char *path, struct arena *arena, struct launch_filter *f)
{
	/* One instruction more than allowed, to tell "too long". */
	size_t size = (SECCOMPC_MAX_INSNS + 1) * sizeof(struct sock_filter), got = 0;
	char *buf = arena_alloc(arena, size);
	int read_errno = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		read_errno = errno;
	while (fd >= 0 && got < size) {
		ssize_t n = read(fd, buf + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			read_errno = errno;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (fd >= 0)
		close(fd);
	if (read_errno) {
		fprintf(stderr, "seccompc-exec: %s: cannot read it: %s\n", path, strerror(read_errno));
		return false;
	}
	int err = got % sizeof(struct sock_filter) ? -EBADMSG : got == 0 ? -ENODATA
		: got == size ? -E2BIG : 0;
	if (err) {
		fprintf(stderr, "seccompc-exec: %s: %s\n", path, seccompc_strerror(err));
		return false;
	}
	f->insns = (const struct sock_filter *)buf;
	f->len = got / sizeof(struct sock_filter);
	f->what = path;
	return true;
}

/* The filter to install, from the filter argument; 0, or LAUNCH_FAILED
 * after a message. res receives a compiled profile (res->prog.len 0: none). */
static int choose_filter(const struct launch *l, struct arena *arena, struct compile_result *res,
			 struct launch_filter *f)
{
	memset(f, 0, sizeof *f);
	memset(res, 0, sizeof *res);
	f->flags = l->flags;
	if (l->filter && strcmp(l->filter, "none") == 0)
		return 0;
	const struct shipped_profile *shipped = embedded_default();
	const char *json = NULL;
	if (l->filter && is_profile_name(l->filter)) {
		if (!(shipped = shipped_profile(l->filter)))
			return LAUNCH_FAILED;
	} else if (l->filter && ends_with(l->filter, ".json")) {
		json = l->filter;
	} else if (l->filter) {   /* a raw blob */
		if (l->select_given) {
			fprintf(stderr, "seccompc-exec: --cap, --caps, --drop-cap and --kernel select "
				"the rules of a JSON profile; a raw filter has none\n");
			return LAUNCH_FAILED;
		}
		if (l->report) {
			fprintf(stderr, "seccompc-exec: --report needs a JSON profile or a NAME: a raw "
				"filter does not say what its denials mean\n");
			return LAUNCH_FAILED;
		}
		return read_raw_filter(l->filter, arena, f) ? 0 : LAUNCH_FAILED;
	}
	if (!l->filter && !l->report && !l->learn_out && !l->select_given) {
		/* The embedded default: compiled at build time, nothing to do at run time. */
		f->insns = seccompc_default_filter;
		f->len = seccompc_default_filter_len;
		f->what = "the default filter";
		return 0;
	}
	if (!compile_profile(l, json, shipped, arena, res))
		return LAUNCH_FAILED;
	f->insns = res->prog.insns;
	f->len = res->prog.len;
	f->what = json ? json : shipped->name;
	return 0;
}

/* On a terminal, when the command failed: one line that a profile was in
 * force and how to see what it denied. */
static void note_failure(const struct launch *l, int status)
{
	char how[64];
	if (WIFEXITED(status))
		snprintf(how, sizeof how, "exited with status %d", WEXITSTATUS(status));
	else
		snprintf(how, sizeof how, "was killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	const char *f = l->filter;
	bool profile = !f || is_profile_name(f) || ends_with(f, ".json");
	fprintf(stderr, "seccompc-exec: note: %s %s under the seccomp %s %s%s; %s (--quiet: no "
		"note)\n", l->argv[0], how, profile ? "profile" : "filter", f ? f : "default",
		profile && f && is_profile_name(f) ? " (shipped)" : "",
		profile ? "run it again with --report to see what the profile denied"
			: "run the JSON profile it was compiled from with --report to see what it denies");
}

/* Starts the command in a child and stays: --report, --learn,
 * --isolate-pids, or a note to give on failure. Returns only on failure to
 * start (125), or when --learn could not write its profile (125). */
static int run_supervised(const struct launch *l, const struct launch_filter *f,
			  const struct compile_result *res, bool note)
{
	bool listen = l->report || l->learn_out;
	struct supervisor sv;
	if (supervise_prepare(&sv, listen) != 0)
		return LAUNCH_FAILED;
	struct learn_request lr = { res, &l->select, l->learn_out, l->argv };
	struct learn *learner = l->learn_out ? learn_new(&lr) : NULL;
	struct spawn_request req = { *f, l->argv, listen, l->isolate_pids, &sv.old_mask };
	struct spawned child;
	if (spawn_command(&req, &child) != 0) {
		learn_free(learner);
		return LAUNCH_FAILED;
	}
	struct report *rep = l->report ? report_new(res, &l->select) : NULL;
	struct supervise_policy policy = rep ? report_policy(rep) :
					 learner ? learn_policy(learner) : (struct supervise_policy){ 0 };
	int status = supervise(&sv, child.pid, child.listener, listen ? &policy : NULL);
	bool ran;
	status = spawn_command_status(&child, status, &ran);
	spawn_release(&child);
	if (rep)   /* the filter was in place: spawn_command() said so */
		report_finish(rep, status);
	report_free(rep);
	int learned = learner ? learn_finish(learner) : 0;
	learn_free(learner);
	if (learned != 0)
		return LAUNCH_FAILED;
	if (note && ran && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
		note_failure(l, status);
	exit_like(status);
}

int main(int argc, char **argv)
{
	struct launch l;
	memset(&l, 0, sizeof l);
	cap_options_init(&l.caps);
	if (parse_args(argc, argv, &l) != 0)
		return LAUNCH_FAILED;
	struct arena arena;
	arena_init(&arena);
	struct compile_result res;
	struct launch_filter f;
	int status = choose_filter(&l, &arena, &res, &f);
	if (status == 0) {
		if (!f.insns)
			fprintf(stderr, "seccompc-exec: warning: running %s without a seccomp filter\n",
				l.argv[0]);
		bool note = !l.quiet && !l.report && !l.learn_out && f.insns && isatty(STDERR_FILENO);
		if (l.report || l.learn_out || l.isolate_pids || note)
			status = run_supervised(&l, &f, &res, note);   /* returns only on failure */
		else if (install_filter(&f, NULL) == 0)
			exec_command(l.argv);
		else
			status = LAUNCH_FAILED;
	}
	arena_free(&arena);
	return status;
}
