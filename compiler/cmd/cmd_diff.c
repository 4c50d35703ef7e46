/*
 * cmd_diff.c - `seccompc diff A B [selection options] [--format text|json]
 * [--regions N] [-o OUT]`: every difference in decisions between two
 * filters, each a profile or a raw BPF filter.
 *
 * A profile is resolved with the selection options and stands for its
 * table's meaning; a raw filter for its program's, read by symbolic
 * execution (meaning.h). Both meanings live in one diagram manager, so the
 * comparison covers every arch value, syscall number and argument value
 * with nothing sampled; diff.h names and prints what differs. Exit 0 when
 * A and B decide alike everywhere, 1 when they do not or an input is wrong,
 * 2 on usage errors.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_bpf.h"
#include "diff.h"

static const char usage_text[] =
	"usage: seccompc diff A B [--format text|json] [--regions N] [--all] [-o OUT]\n"
	"                [--target ARCH] [--cap CAP]... [--caps docker|none|all]\n"
	"                [--drop-cap CAP]... [--kernel X.Y] [--bad-arch ACTION]\n"
	"                [--enosys-newer] [--arg-width kernel|register] [--strict]\n"
	"  every difference in decisions between A and B, each a profile (.json) or a\n"
	"  raw filter (\"-\": stdin): per arch, the syscall, the argument region and\n"
	"  the action in A -> the action in B. Exit 0: they decide alike; 1: they\n"
	"  differ (or an input is wrong).\n"
	"  --format F     text (default) or json\n"
	"  --regions N    argument regions printed per change (default 8, 0: all)\n"
	"  --all          print every region and every name (text is shortened on an\n"
	"                 arch one side decides alike everywhere, say one it does not cover)\n"
	"  --target ARCH  what profiles are resolved for and the byte order of raw\n"
	"                 filters (default: the host; a raw filter's order is guessed)\n"
	"  -o OUT         write to OUT (default: stdout)\n"
	"  the other options select what profiles mean, as for compiling.\n";

enum { OPT_FORMAT = OPT_FIRST_FREE, OPT_REGIONS, OPT_ALL };
enum { DEFAULT_REGIONS = 8, DEFAULT_NAMES = 12 };

struct options {
	struct cli_select sel;
	const char *paths[2];
	const char *output;
	bool json, all;
	size_t max_regions;
};

/* Returns -1 when all is well, else the exit status (help printed: 0). */
static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "regions", required_argument, NULL, OPT_REGIONS },
		{ "all", no_argument, NULL, OPT_ALL },
		CLI_SELECT_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	cli_select_init(&o->sel);
	o->output = "-";
	o->max_regions = DEFAULT_REGIONS;
	o->all = false;
	o->json = false;
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		int r = cli_select_option(&o->sel, opt, optarg);
		if (r < 0)
			return EXIT_USAGE;
		if (r > 0)
			continue;
		if (opt == 'o') {
			o->output = optarg;
		} else if (opt == OPT_FORMAT) {
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				return cli_usage_error("diff", "--format %s: expected text or json", optarg);
			o->json = strcmp(optarg, "json") == 0;
		} else if (opt == OPT_REGIONS) {
			char *end;
			errno = 0;
			unsigned long n = strtoul(optarg, &end, 10);
			if (errno || end == optarg || *end || optarg[0] == '-')
				return cli_usage_error("diff", "--regions %s: expected a number (0: all)",
						       optarg);
			o->max_regions = n;
		} else if (opt == OPT_ALL) {
			o->all = true;
		} else if (opt == 'h') {
			return fputs(usage_text, stdout), EXIT_OK;
		} else {
			return fputs(usage_text, stderr), EXIT_USAGE;
		}
	}
	if (optind != argc - 2)
		return fputs(usage_text, stderr), EXIT_USAGE;
	o->paths[0] = argv[optind];
	o->paths[1] = argv[optind + 1];
	if (!strcmp(o->paths[0], "-") && !strcmp(o->paths[1], "-"))
		return cli_usage_error("diff", "A and B cannot both be standard input");
	return -1;
}

/* One side of the comparison. */
struct side {
	const char *path;
	bool profile;
	struct rule_table table;     /* a profile's */
	struct bpf_prog prog;        /* a raw filter's */
	bool big_endian;
	struct meaning meaning;
	struct buf label, json;      /* what it is, for people and as JSON */
};

static void describe_side(struct side *s)
{
	buf_init(&s->label);
	buf_init(&s->json);
	buf_printf(&s->label, "%s (", s->path);
	buf_puts(&s->json, "{\"file\": ");
	buf_json_string(&s->json, s->path);
	if (s->profile) {
		const struct rule_table *t = &s->table;
		buf_printf(&s->label, "profile resolved for %s: ", t->target->name);
		buf_puts(&s->json, ", \"kind\": \"profile\", \"target\": ");
		buf_json_string(&s->json, t->target->name);
		buf_puts(&s->json, ", \"arches\": [");
		for (size_t i = 0; i < t->narches; i++) {
			buf_printf(&s->label, "%s%s", i ? ", " : "", t->arches[i].arch->name);
			buf_puts(&s->json, i ? ", " : "");
			buf_json_string(&s->json, t->arches[i].arch->name);
		}
		buf_puts(&s->label, ")");
		buf_puts(&s->json, "]}");
	} else {
		const char *order = s->big_endian ? "big" : "little";
		buf_printf(&s->label, "raw filter, %s-endian, %zu instructions)", order, s->prog.len);
		buf_printf(&s->json, ", \"kind\": \"filter\", \"byteOrder\": \"%s\", "
			   "\"instructions\": %zu}", order, s->prog.len);
	}
}

/* Reads, parses (a profile: and resolves) one side and reads its meaning
 * into m; false, with a message, when it cannot be compared. */
static bool load_side(struct side *s, const struct cli_select *sel, struct arena *arena,
		      struct bdd *m)
{
	struct diag diag;
	struct buf text;
	cli_diag_init(&diag, s->path, sel);
	buf_init(&text);
	bool ok = read_file(s->path, &text, &diag);
	if (ok && (s->profile = cmd_is_profile(s->path, &text))) {
		struct profile *p = arena_alloc(arena, sizeof *p);
		const char *copy = arena_strndup(arena, text.data, text.len);
		ok = profile_parse(copy, text.len, arena, &diag, p);
		if (ok) {
			p->file = s->path;
			ok = resolve_profile(p, &sel->opts, arena, &diag, &s->table) &&
			     !diag_failed(&diag);
		}
		if (ok)
			table_meaning(&s->table, m, &s->meaning);
	} else if (ok) {
		const struct arch_info *target = sel->opts.target ? sel->opts.target : arch_host();
		ok = cmd_read_blob("diff", s->path, &text, target, sel->opts.target != NULL, arena,
				   &s->prog, &s->big_endian);
		if (ok && !bpf_validate(&s->prog, &diag)) {
			diag_error(&diag, NULL, NULL, "the kernel would refuse this filter (see above), "
				   "so it decides nothing to compare");
			ok = false;
		}
		if (ok)
			ok = program_meaning(&s->prog, s->big_endian, m, &s->meaning, &diag);
	}
	if (ok)
		describe_side(s);
	buf_free(&text);
	diag_fini(&diag);
	return ok;
}

static int compare(struct side sides[2], const struct options *o, struct bdd *m)
{
	struct diff_result res;
	diff_meanings(m, &sides[0].meaning, &sides[1].meaning, NULL, &res);
	struct buf out;
	buf_init(&out);
	if (o->json) {
		diff_write_json(&res, sides[0].json.data, sides[1].json.data, &out);
	} else {
		struct diff_print_options po = { sides[0].label.data, sides[1].label.data,
						 o->max_regions, DEFAULT_NAMES, o->all };
		diff_write_text(&res, &po, &out);
	}
	struct diag diag;
	diag_init(&diag, o->output);
	diag.echo = stderr;
	bool written = write_file_atomic(o->output, out.data, out.len, 0644, &diag);
	diag_fini(&diag);
	buf_free(&out);
	int status = !written ? EXIT_INPUT : res.len ? EXIT_INPUT : EXIT_OK;
	diff_result_free(&res);
	return status;
}

int cmd_diff(int argc, char **argv)
{
	struct options o;
	int status = parse_options(argc, argv, &o);
	if (status >= 0)
		return status;
	struct arena arena;
	arena_init(&arena);
	struct bdd *m = bdd_new(0);
	struct side sides[2];
	memset(sides, 0, sizeof sides);
	bool ok = true;
	for (int i = 0; i < 2; i++) {
		sides[i].path = o.paths[i];
		ok = load_side(&sides[i], &o.sel, &arena, m) && ok;
	}
	if (ok && bdd_overflowed(m)) {
		fprintf(stderr, "seccompc diff: the argument checks of A and B need more than %zu "
			"diagram nodes; they cannot be compared\n", bdd_node_count(m));
		ok = false;
	}
	status = ok ? compare(sides, &o, m) : EXIT_INPUT;
	for (int i = 0; i < 2; i++) {
		meaning_free(&sides[i].meaning);
		buf_free(&sides[i].label);
		buf_free(&sides[i].json);
	}
	bdd_free(m);
	arena_free(&arena);
	return status;
}
