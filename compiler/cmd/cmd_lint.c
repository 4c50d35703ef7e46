/*
 * cmd_lint.c - `seccompc lint PROFILE.json [--werror] [--format text|json]
 * [--ignore CODE]... [selection options]`, and `seccompc lint --codes`.
 *
 * Runs the checks of lint.h and prints what they found: as text on stderr
 * (FILE:LINE:COL: warning: PATH: message [CODE], then "fix: ..."), or as one
 * JSON object on stdout for tools.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "buf.h"
#include "lint.h"
#include "nearest.h"

enum { OPT_WERROR = OPT_FIRST_FREE, OPT_FORMAT, OPT_IGNORE, OPT_CODES };

static const char usage[] =
	"usage: seccompc lint PROFILE.json [--werror] [--format text|json] [--ignore CODE]...\n"
	"                [--target ARCH] [--cap CAP]... [--drop-cap CAP]...\n"
	"                [--caps docker|none|all] [--kernel X.Y] [--enosys-newer]\n"
	"                [--arg-width kernel|register] [--strict]\n"
	"       seccompc lint --codes\n";

static void print_codes(void)
{
	for (size_t i = 0; lint_codes[i].code; i++)
		printf("%s  %-7s  %s\n", lint_codes[i].code, lint_codes[i].error ? "error" : "warning",
		       lint_codes[i].title);
}

/* Checks one --ignore argument (codes separated by commas) and appends its codes. */
static bool add_ignored(const char *arg, const char **codes, size_t *n, size_t max)
{
	char copy[256];
	snprintf(copy, sizeof copy, "%s", arg);
	for (char *save = NULL, *tok = strtok_r(copy, ", ", &save); tok;
	     tok = strtok_r(NULL, ", ", &save)) {
		const struct lint_code *c = lint_code_find(tok);
		if (!c) {
			static const char *all[64];
			size_t k = 0;
			for (; lint_codes[k].code && k + 1 < 64; k++)
				all[k] = lint_codes[k].code;
			all[k] = NULL;
			const char *near = list_nearest(tok, all, "SC");
			cli_usage_error("lint", "--ignore %s: no such code%s%s%s (seccompc lint --codes "
					"lists them)", tok, near ? "; did you mean " : "",
					near ? near : "", near ? "?" : "");
			return false;
		}
		if (c->error) {
			cli_usage_error("lint", "--ignore %s: %s is an error, and errors cannot be "
					"silenced (the compiler refuses the profile)", tok, c->code);
			return false;
		}
		if (*n == max) {
			cli_usage_error("lint", "--ignore %s: too many codes", tok);
			return false;
		}
		codes[(*n)++] = c->code;
	}
	return true;
}

static void print_text(const struct lint_report *r)
{
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct lint_finding *f = &r->findings[i];
		fprintf(stderr, "%s:", r->file);
		if (f->loc.line > 0)
			fprintf(stderr, "%d:%d:", f->loc.line, f->loc.col);
		fprintf(stderr, " %s: ", f->error ? "error" : "warning");
		if (*f->path)
			fprintf(stderr, "%s: ", f->path);
		fprintf(stderr, "%s [%s]\n", f->message, f->code);
		if (f->fix)
			fprintf(stderr, "    fix: %s\n", f->fix);
	}
	if (r->is_object && !r->resolved && r->errors)
		fprintf(stderr, "%s: note: the checks of the rules as they decide on the target did "
			"not run; mend the errors first\n", r->file);
	fprintf(stderr, "%s: %d error%s, %d warning%s", r->file, r->errors,
		r->errors == 1 ? "" : "s", r->warnings, r->warnings == 1 ? "" : "s");
	if (r->silenced)
		fprintf(stderr, " (%zu silenced)", r->silenced);
	fputc('\n', stderr);
}

static void print_json(const struct lint_report *r)
{
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "{\"file\": ");
	buf_json_string(&b, r->file);
	buf_printf(&b, ", \"errors\": %d, \"warnings\": %d, \"silenced\": %zu, \"resolved\": %s,\n"
		   " \"findings\": [", r->errors, r->warnings, r->silenced,
		   r->resolved ? "true" : "false");
	const char *sep = "\n  ";
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct lint_finding *f = &r->findings[i];
		if (f->more)
			continue;
		buf_printf(&b, "%s{\"path\": ", sep);
		buf_json_string(&b, f->path);
		buf_printf(&b, ", \"line\": %d, \"column\": %d, \"code\": \"%s\", \"severity\": "
			   "\"%s\", \"message\": ", f->loc.line, f->loc.col, f->code,
			   f->error ? "error" : "warning");
		buf_json_string(&b, f->message);
		buf_puts(&b, ", \"fix\": ");
		if (f->fix)
			buf_json_string(&b, f->fix);
		else
			buf_puts(&b, "null");
		buf_puts(&b, "}");
		sep = ",\n  ";
	}
	buf_puts(&b, "],\n \"omitted\": [");
	sep = "";
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct lint_finding *f = &r->findings[i];
		if (!f->more)
			continue;
		buf_printf(&b, "%s{\"code\": \"%s\", \"severity\": \"%s\", \"count\": %zu}", sep,
			   f->code, f->error ? "error" : "warning", f->more);
		sep = ", ";
	}
	buf_puts(&b, "]}\n");
	fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
}

int cmd_lint(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "werror", no_argument, NULL, OPT_WERROR },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "ignore", required_argument, NULL, OPT_IGNORE },
		{ "codes", no_argument, NULL, OPT_CODES },
		{ "help", no_argument, NULL, 'h' },
		CLI_SELECT_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_select sel;
	const char *ignored[64];
	size_t nignored = 0;
	bool werror = false, json = false, codes = false;
	cli_select_init(&sel);
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		int r = cli_select_option(&sel, opt, optarg);
		if (r < 0)
			return EXIT_USAGE;
		if (r > 0)
			continue;
		switch (opt) {
		case OPT_WERROR:
			werror = true;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "json") != 0 && strcmp(optarg, "text") != 0)
				return cli_usage_error("lint", "--format %s: expected text or json",
						       optarg);
			json = strcmp(optarg, "json") == 0;
			break;
		case OPT_IGNORE:
			if (!add_ignored(optarg, ignored, &nignored, sizeof ignored / sizeof ignored[0]))
				return EXIT_USAGE;
			break;
		case OPT_CODES:
			codes = true;
			break;
		case 'h':
			return fputs(usage, stdout), EXIT_OK;
		default:
			return fputs(usage, stderr), EXIT_USAGE;
		}
	}
	if (codes && optind == argc)
		return print_codes(), EXIT_OK;
	if (codes || optind != argc - 1)
		return fputs(usage, stderr), EXIT_USAGE;

	struct lint_options o = { .select = sel.opts, .strict = sel.strict, .ignore = ignored,
				  .nignore = nignored };
	struct arena arena;
	arena_init(&arena);
	struct lint_report report;
	lint_file(argv[optind], &o, &arena, &report);
	if (json)
		print_json(&report);
	else
		print_text(&report);
	int status = report.failed || (werror && report.warnings) ? EXIT_INPUT : EXIT_OK;
	arena_free(&arena);
	return status;
}
