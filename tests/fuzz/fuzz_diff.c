/*
 * fuzz_diff.c - seccompc-fuzz-diff: the differential fuzzer's command line.
 *
 *   seccompc-fuzz-diff [--seed N] [--count N] [--family ARCH] [--kernel-every N]
 *                      [--out DIR] [--known FILE] [--no-minimize] [--quiet]
 *   seccompc-fuzz-diff --replay CASE.json [CASE.args]...
 *   seccompc-fuzz-diff --emit DIR [--seed N] [--count N]
 *
 * Generates `count` cases from consecutive seeds, checks each (diff.c) and
 * prints every finding with its seed; with --out, writes each failing
 * profile (SEED.json), its options (SEED.args: `seccompc SEED.json $(cat
 * SEED.args) -o -` compiles it the same way) and a reduced case
 * (SEED.min.json, .min.args). --replay checks saved cases (the .args beside
 * the .json unless given); --emit only writes generated cases (fuzzing
 * corpora). --known lists findings expected today (see struct known).
 * Exit status: 0 no finding (but known ones), 1 findings, 2 usage.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diff.h"
#include "minimize.h"

struct totals {
	size_t cases, too_large, inputs, kernel_runs, findings, refused, wrong, kernel_wrong;
	size_t insns, known, fixed;
};

/*
 * Findings expected today (--known FILE), one a line, '#' comments:
 *     case NAME -- why        a case (seed-N, a replayed file's name) known to fail
 *     message TEXT -- why     any refusal whose message contains TEXT
 * A known finding is reported but does not fail the run; a listed case that
 * passes does ("FIXED": the line must go).
 */
struct known {
	char **cases;
	size_t ncases, cap;
	char **messages;
	size_t nmessages, mcap;
};

struct driver {
	const char *out_dir;
	const char *known_file;
	bool minimize;
	bool quiet;
	struct diff_options opt;
	struct totals t;
	struct known known;
};

static bool read_known(struct known *k, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "seccompc-fuzz-diff: %s: %s\n", path, strerror(errno));
		return false;
	}
	char line[1024];
	for (int no = 1; fgets(line, sizeof line, f); no++) {
		char *sep = strstr(line, " -- "), *text = line;
		line[strcspn(line, "\n")] = '\0';
		if (!*line || *line == '#')
			continue;
		if (sep)
			*sep = '\0';
		if (!strncmp(text, "case ", 5)) {
			VEC_RESERVE(k->cases, k->cap, k->ncases + 1);
			k->cases[k->ncases++] = xstrdup(text + 5);
		} else if (!strncmp(text, "message ", 8)) {
			VEC_RESERVE(k->messages, k->mcap, k->nmessages + 1);
			k->messages[k->nmessages++] = xstrdup(text + 8);
		} else {
			fprintf(stderr, "%s:%d: expected 'case NAME -- why' or 'message TEXT -- why'\n",
				path, no);
			fclose(f);
			return false;
		}
	}
	fclose(f);
	return true;
}

static bool known_case(const struct known *k, const char *label)
{
	for (size_t i = 0; i < k->ncases; i++)
		if (strcmp(k->cases[i], label) == 0)
			return true;
	return false;
}

static bool known_finding(const struct known *k, const char *label, const char *report)
{
	for (size_t i = 0; report && i < k->nmessages; i++)
		if (strstr(report, k->messages[i]))
			return true;
	return known_case(k, label);
}

static bool write_text(const char *path, const char *text, size_t len)
{
	struct diag d;
	diag_init(&d, NULL);
	bool ok = write_file_atomic(path, text, len, 0644, &d);
	if (!ok)
		fprintf(stderr, "%s", diag_text(&d));
	diag_fini(&d);
	return ok;
}

/* Writes DIR/NAME.json and DIR/NAME.args. */
static void save_case(const char *dir, const char *name, const struct model_case *c)
{
	char path[4096];
	struct buf b;
	buf_init(&b);
	model_write_json(&c->profile, &b);
	snprintf(path, sizeof path, "%s/%s.json", dir, name);
	write_text(path, b.data, b.len);
	b.len = 0;
	model_write_args(&c->target, &b);
	snprintf(path, sizeof path, "%s/%s.args", dir, name);
	write_text(path, b.data, b.len);
	buf_free(&b);
}

static const char *verdict_text(const struct diff_result *r)
{
	static char text[96];
	switch (r->verdict) {
	case DIFF_REFUSED:
		snprintf(text, sizeof text, "a valid profile refused with exit %d", r->status);
		return text;
	case DIFF_WRONG:
		if (r->mismatches)
			snprintf(text, sizeof text, "%zu of %zu inputs decided wrongly", r->mismatches,
				 r->inputs);
		else
			snprintf(text, sizeof text, "%zu of %zu syscalls in the kernel acted wrongly",
				 r->kernel_mismatches, r->kernel_runs);
		return text;
	default:
		return "ok";
	}
}

/* Checks one case, counts it, reports a finding (a known one briefly);
 * true when it passed. */
static bool run_case(struct driver *d, struct model_case *c, const char *label)
{
	struct diff_result res;
	struct buf report;
	buf_init(&report);
	enum diff_verdict v = diff_check(c, &d->opt, &res, &report);
	d->t.cases++;
	d->t.inputs += res.inputs;
	d->t.kernel_runs += res.kernel_runs;
	d->t.insns += res.insns;
	if (v == DIFF_TOO_LARGE)
		d->t.too_large++;
	if (v == DIFF_OK || v == DIFF_TOO_LARGE) {
		buf_free(&report);
		if (known_case(&d->known, label)) {
			printf("FIXED %s: it passes; remove it from %s\n", label, d->known_file);
			d->t.fixed++;
			return false;
		}
		return true;
	}
	d->t.findings++;
	if (v == DIFF_REFUSED)
		d->t.refused++;
	else if (res.mismatches)
		d->t.wrong++;
	else
		d->t.kernel_wrong++;
	if (known_finding(&d->known, label, report.data)) {
		const char *nl = strchr(report.data, '\n');
		if (!d->quiet)
			printf("KNOWN %s: %s\n%.*s", label, verdict_text(&res),
			       (int)(nl ? nl - report.data + 1 : 0), report.data);
		d->t.known++;
		buf_free(&report);
		return false;
	}
	struct buf args;
	buf_init(&args);
	model_write_args(&c->target, &args);
	printf("FAIL %s (%.*s): %s\n%s", label, (int)args.len - 1, args.data, verdict_text(&res),
	       report.data ? report.data : "");
	buf_free(&args);
	buf_free(&report);
	if (d->out_dir) {
		save_case(d->out_dir, label, c);
		printf("  written %s/%s.json and .args\n", d->out_dir, label);
	}
	if (d->minimize) {
		struct arena arena;
		arena_init(&arena);
		struct model_case small = *c;
		size_t tries = minimize_case(&small, &res, &d->opt, &arena);
		struct buf json;
		buf_init(&json);
		model_write_json(&small.profile, &json);
		printf("  reduced in %zu checks to %zu rule%s:\n%s", tries, small.profile.nrules,
		       small.profile.nrules == 1 ? "" : "s", json.data);
		buf_free(&json);
		if (d->out_dir) {
			char name[256];
			snprintf(name, sizeof name, "%s.min", label);
			save_case(d->out_dir, name, &small);
		}
		arena_free(&arena);
	}
	fflush(stdout);
	return false;
}

static char *slurp(const char *path)
{
	struct diag d;
	diag_init(&d, NULL);
	struct buf b;
	char *text = read_file(path, &b, &d) ? b.data : NULL;
	if (!text)
		fprintf(stderr, "%s", diag_text(&d));
	diag_fini(&d);
	return text;
}

/* Does the case start with the lifeline rule (write, exit and exit_group
 * allowed) and name only harmless syscalls after it (so the kernel may run
 * it)? */
static bool looks_kernel_safe(const struct model_case *c)
{
	const struct model_profile *p = &c->profile;
	if (c->target.native != ARCH_X86_64 || !p->nrules || p->rules[0].nconds ||
	    p->rules[0].verdict.action != MA_ALLOW)
		return false;
	/* the lifeline allows what the child needs to report and exit */
	static const char *const lifeline[] = { "write", "exit", "exit_group" };
	for (size_t i = 0; i < 3; i++) {
		bool named = false;
		for (size_t k = 0; k < p->rules[0].nnames && !named; k++)
			named = strcmp(p->rules[0].names[k], lifeline[i]) == 0;
		if (!named)
			return false;
	}
	for (size_t r = 1; r < p->nrules; r++)
		for (size_t k = 0; k < p->rules[r].nnames; k++) {
			bool harmless = false;
			for (size_t i = 0; model_harmless_syscalls[i] && !harmless; i++)
				harmless = strcmp(p->rules[r].names[k], model_harmless_syscalls[i]) == 0;
			if (!harmless)
				return false;
		}
	return true;
}

/* Checks a saved case: JSON and its options (args_path NULL: beside it). */
static bool replay(struct driver *d, const char *json_path, const char *args_path, uint64_t seed)
{
	char guessed[4096], err[256];
	if (!args_path) {
		size_t n = strlen(json_path);
		snprintf(guessed, sizeof guessed, "%.*s.args",
			 (int)(n > 5 && !strcmp(json_path + n - 5, ".json") ? n - 5 : n), json_path);
		args_path = guessed;
	}
	char *json = slurp(json_path), *args = slurp(args_path);
	struct arena arena;
	arena_init(&arena);
	struct model_case c;
	memset(&c, 0, sizeof c);
	bool ok = json && args;
	if (ok && !model_read_json(json, strlen(json), &arena, &c.profile, err, sizeof err)) {
		fprintf(stderr, "%s: %s\n", json_path, err);
		ok = false;
	}
	if (ok && !model_read_args(args, &arena, &c.target, err, sizeof err)) {
		fprintf(stderr, "%s: %s\n", args_path, err);
		ok = false;
	}
	if (ok) {
		c.kernel_safe = looks_kernel_safe(&c);
		c.seed = seed;
		const char *base = strrchr(json_path, '/');
		ok = run_case(d, &c, base ? base + 1 : json_path);
		if (ok && !d->quiet)
			printf("ok %s\n", json_path);
	} else {
		d->t.findings++;
	}
	free(json);
	free(args);
	arena_free(&arena);
	return ok;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every DIR/NAME.json with its NAME.args, in name order. */
static void replay_dir(struct driver *d, const char *dir, uint64_t seed)
{
	DIR *dh = opendir(dir);
	if (!dh) {
		fprintf(stderr, "seccompc-fuzz-diff: %s: %s\n", dir, strerror(errno));
		d->t.findings++;
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	for (struct dirent *e; (e = readdir(dh));) {
		size_t len = strlen(e->d_name);
		if (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0) {
			VEC_RESERVE(names, cap, n + 1);
			names[n++] = xstrdup(e->d_name);
		}
	}
	closedir(dh);
	qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		replay(d, path, NULL, seed);
		free(names[i]);
	}
	free(names);
}

static void emit(const char *dir, uint64_t seed, size_t count, int family)
{
	for (size_t i = 0; i < count; i++) {
		struct arena arena;
		arena_init(&arena);
		struct model_case c;
		struct model_gen_options g = { family, false };
		model_generate(seed + i, &g, &arena, &c);
		char name[64];
		snprintf(name, sizeof name, "gen-%llu", (unsigned long long)(seed + i));
		save_case(dir, name, &c);
		arena_free(&arena);
	}
}

static int usage(void)
{
	fputs("usage: seccompc-fuzz-diff [--seed N] [--count N] [--family ARCH] [--kernel-every N]\n"
	      "                          [--out DIR] [--known FILE] [--no-minimize] [--quiet]\n"
	      "       seccompc-fuzz-diff --replay CASE.json [CASE.args] | --replay-dir DIR\n"
	      "       seccompc-fuzz-diff --emit DIR [--seed N] [--count N]\n", stderr);
	return 2;
}

static bool number_arg(const char *s, unsigned long long *out)
{
	char *end;
	errno = 0;
	*out = strtoull(s, &end, 0);
	return *s && !*end && !errno;
}

/* What the command line asks for, beside the driver's settings. */
struct request {
	unsigned long long seed, count, kernel_every;
	int family;
	const char *emit_dir, *replay_path, *replay_args, *replay_from;
};

/* Parses argv into d and rq; false on a usage error. */
static bool parse_cmdline(int argc, char **argv, struct driver *d, struct request *rq)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		const struct arch_info *arch;
		if (!strcmp(a, "--seed") && v && number_arg(v, &rq->seed))
			i++;
		else if (!strcmp(a, "--count") && v && number_arg(v, &rq->count))
			i++;
		else if (!strcmp(a, "--kernel-every") && v && number_arg(v, &rq->kernel_every))
			i++;
		else if (!strcmp(a, "--family") && v && (arch = arch_by_name(v)) && arch->native == arch->id)
			rq->family = (int)arch->id, i++;
		else if (!strcmp(a, "--known") && v)
			d->known_file = v, i++;
		else if (!strcmp(a, "--out") && v)
			d->out_dir = v, i++;
		else if (!strcmp(a, "--emit") && v)
			rq->emit_dir = v, i++;
		else if (!strcmp(a, "--no-minimize"))
			d->minimize = false;
		else if (!strcmp(a, "--quiet"))
			d->quiet = true;
		else if (!strcmp(a, "--replay") && v) {
			rq->replay_path = v;
			rq->replay_args = i + 2 < argc && strstr(argv[i + 2], ".args") ? argv[i + 2] : NULL;
			i += rq->replay_args ? 2 : 1;
		} else if (!strcmp(a, "--replay-dir") && v)
			rq->replay_from = v, i++;
		else
			return false;
	}
	return true;
}

static bool make_dir(const char *dir)
{
	if (mkdir(dir, 0755) == 0 || errno == EEXIST)
		return true;
	fprintf(stderr, "seccompc-fuzz-diff: %s: %s\n", dir, strerror(errno));
	return false;
}

/* count generated cases from seed; every kernel_every-th seed kernel-safe. */
static void generated(struct driver *d, const struct request *rq)
{
	for (unsigned long long i = 0; i < rq->count; i++) {
		struct arena arena;
		arena_init(&arena);
		struct model_case c;
		struct model_gen_options g = { rq->family, false };
#if defined(__x86_64__)
		g.kernel_safe = rq->kernel_every && (rq->seed + i) % rq->kernel_every == 0;
#endif
		model_generate(rq->seed + i, &g, &arena, &c);
		char label[64];
		snprintf(label, sizeof label, "seed-%llu%s", rq->seed + i, g.kernel_safe ? "-kernel" : "");
		run_case(d, &c, label);
		arena_free(&arena);
	}
}

static void print_summary(const struct driver *d, const struct request *rq, bool replaying)
{
	printf("seccompc-fuzz-diff: %zu profile%s", d->t.cases, d->t.cases == 1 ? "" : "s");
	if (!replaying)
		printf(" from seed %llu", rq->seed);
	printf(" (%zu too large for 4096 instructions; %zu instructions in all), %zu inputs "
	       "simulated, %zu syscalls in the kernel: %zu finding%s", d->t.too_large, d->t.insns,
	       d->t.inputs, d->t.kernel_runs, d->t.findings, d->t.findings == 1 ? "" : "s");
	if (d->t.findings)
		printf(" (%zu refused valid profiles, %zu wrong decisions, %zu wrong in the kernel)",
		       d->t.refused, d->t.wrong, d->t.kernel_wrong);
	if (d->known_file)
		printf("; %zu known (listed in %s), %zu fixed", d->t.known, d->known_file, d->t.fixed);
	printf("\n");
}

int main(int argc, char **argv)
{
	struct driver d;
	memset(&d, 0, sizeof d);
	d.minimize = true;
	d.opt.kernel = true;
	d.opt.max_report = 4;
	struct request rq = { 1, 100, 16, -1, NULL, NULL, NULL, NULL };
	if (!parse_cmdline(argc, argv, &d, &rq))
		return usage();
	if (d.out_dir && !make_dir(d.out_dir))
		return 2;
	if (rq.emit_dir) {
		if (!make_dir(rq.emit_dir))
			return 2;
		emit(rq.emit_dir, rq.seed, rq.count, rq.family);
		return 0;
	}
	if (d.known_file && !read_known(&d.known, d.known_file))
		return 2;
	bool replaying = rq.replay_path || rq.replay_from;
	if (rq.replay_path)
		replay(&d, rq.replay_path, rq.replay_args, rq.seed);
	if (rq.replay_from)
		replay_dir(&d, rq.replay_from, rq.seed);
	if (!replaying)
		generated(&d, &rq);
	print_summary(&d, &rq, replaying);
	for (size_t i = 0; i < d.known.ncases; i++)
		free(d.known.cases[i]);
	for (size_t i = 0; i < d.known.nmessages; i++)
		free(d.known.messages[i]);
	free(d.known.cases);
	free(d.known.messages);
	return d.t.findings > d.t.known || d.t.fixed ? 1 : 0;
}
