/*
 * cmd_compile.c - `seccompc PROFILE.json -o OUT [-f FORMAT] [options]`.
 *
 * Compiles and verifies the profile for each --target, then writes one
 * output atomically: a raw blob in the target's byte order, its base64 text,
 * an annotated listing, or source code that embeds the filters of several
 * targets (a C header, a Go file pair, a Rust module).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "compile.h"
#include "embed.h"
#include "hash.h"

enum { OPT_NAME = OPT_FIRST_FREE, OPT_NO_VERIFY, OPT_PACKAGE };

enum format { FMT_UNSET, FMT_RAW, FMT_BASE64, FMT_ASM, FMT_C, FMT_GO, FMT_RUST };

static const struct {
	const char *name;
	enum format fmt;
} format_names[] = {
	{ "raw", FMT_RAW }, { "bpf", FMT_RAW }, { "base64", FMT_BASE64 }, { "asm", FMT_ASM },
	{ "listing", FMT_ASM }, { "c", FMT_C }, { "go", FMT_GO }, { "rust", FMT_RUST },
};

static const struct {
	const char *ext;
	enum format fmt;
} format_exts[] = {
	{ ".bpf", FMT_RAW }, { ".b64", FMT_BASE64 }, { ".base64", FMT_BASE64 },
	{ ".s", FMT_ASM }, { ".asm", FMT_ASM }, { ".h", FMT_C }, { ".c", FMT_C },
	{ ".go", FMT_GO }, { ".rs", FMT_RUST },
};

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

static const char compile_usage[] =
	"usage: seccompc PROFILE.json -o OUT [-f raw|base64|asm|c|go|rust] [--target ARCH]...\n"
	"                [--caps docker|none|all] [--cap CAP]... [--drop-cap CAP]... [--kernel X.Y]\n"
	"                [--bad-arch ACTION] [--name NAME] [--package PKG] [--strict] [--no-verify]\n"
	"                [--enosys-newer] [--arg-width kernel|register]\n";

/* What the command line asks for. */
struct compile_request {
	struct cli_select sel;
	const struct arch_info *targets[ARCH_COUNT];
	size_t ntargets;
	const char *profile, *output, *name, *package;
	enum format fmt;
	bool verify;
};

static const char *extension(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	return dot && dot != base ? dot : NULL;
}

/* The format OUT's extension names; FMT_RAW without one; FMT_UNSET (a
 * message printed) for an extension seccompc does not write. */
static enum format format_from_path(const char *path)
{
	const char *ext = extension(path);
	if (!ext)
		return FMT_RAW;
	for (size_t i = 0; i < COUNT(format_exts); i++)
		if (strcmp(ext, format_exts[i].ext) == 0)
			return format_exts[i].fmt;
	cli_usage_error(NULL, "-o %s: seccompc writes no format named %s (it knows .bpf, .b64, .s, "
			".h, .c, .go, .rs); say which with -f raw|base64|asm|c|go|rust%s", path, ext,
			strcmp(ext, ".json") == 0 ? " (a profile resolved for runc, crun or podman "
			"comes from `seccompc resolve --oci`)" : "");
	return FMT_UNSET;
}

/* A C identifier, which also makes Go's InstallNAME and Rust's install_NAME. */
static bool is_identifier(const char *s)
{
	if (!*s || strlen(s) > 100 || (*s >= '0' && *s <= '9'))
		return false;
	for (; *s; s++)
		if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9')))
			return false;
	return true;
}

static bool is_go_keyword(const char *s)
{
	static const char *const keywords[] = {
		"break", "case", "chan", "const", "continue", "default", "defer", "else",
		"fallthrough", "for", "func", "go", "goto", "if", "import", "interface", "map",
		"package", "range", "return", "select", "struct", "switch", "type", "var",
	};
	for (size_t i = 0; i < COUNT(keywords); i++)
		if (strcmp(s, keywords[i]) == 0)
			return true;
	return false;
}

/* Handles --target, which may repeat: each names one more target. Returns
 * as cli_select_option() does. */
static int add_target(struct compile_request *rq, const char *arg)
{
	if (cli_select_option(&rq->sel, OPT_TARGET, arg) < 0)
		return -1;
	for (size_t i = 0; i < rq->ntargets; i++)
		if (rq->targets[i] == rq->sel.opts.target)
			return 1;
	rq->targets[rq->ntargets++] = rq->sel.opts.target;
	return 1;
}

/* Parses argv into rq; returns -1 when all is well, else the exit status. */
static int parse_request(int argc, char **argv, struct compile_request *rq)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "package", required_argument, NULL, OPT_PACKAGE },
		{ "no-verify", no_argument, NULL, OPT_NO_VERIFY },
		{ "help", no_argument, NULL, 'h' },
		CLI_SELECT_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	memset(rq, 0, sizeof *rq);
	cli_select_init(&rq->sel);
	rq->verify = true;
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "o:f:h", longopts, NULL)) != -1) {
		int r = opt == OPT_TARGET ? add_target(rq, optarg)
					  : cli_select_option(&rq->sel, opt, optarg);
		if (r < 0)
			return EXIT_USAGE;
		if (r > 0)
			continue;
		switch (opt) {
		case 'o': rq->output = optarg; break;
		case 'f':
			for (size_t i = 0; i < COUNT(format_names); i++)
				if (strcmp(optarg, format_names[i].name) == 0)
					rq->fmt = format_names[i].fmt;
			if (rq->fmt == FMT_UNSET)
				return cli_usage_error(NULL, "-f %s: expected raw, base64, asm, c, go "
						       "or rust", optarg);
			break;
		case OPT_NAME: rq->name = optarg; break;
		case OPT_PACKAGE: rq->package = optarg; break;
		case OPT_NO_VERIFY: rq->verify = false; break;
		case 'h': fputs(compile_usage, stdout); return EXIT_OK;
		default: fputs(compile_usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc - 1 || !rq->output) {
		fputs(compile_usage, stderr);
		return EXIT_USAGE;
	}
	rq->profile = argv[optind];
	return -1;
}

/* The path of the Go file for other OSes: OUT.go -> OUT_nonlinux.go. */
static char *go_other_path(const char *output, struct arena *arena)
{
	size_t n = strlen(output) - 3;
	return arena_printf(arena, "%.*s_nonlinux.go", (int)n, output);
}

/* Go takes a file name ending in _GOOS, _GOARCH or _test as a build
 * constraint; the pair of files must not be so constrained. */
static const char *go_constraining_suffix(const char *output)
{
	static const char *const suffixes[] = {
		"_test", "_aix", "_android", "_darwin", "_dragonfly", "_freebsd", "_hurd",
		"_illumos", "_ios", "_js", "_netbsd", "_openbsd", "_plan9", "_solaris",
		"_wasip1", "_windows", "_zos", "_386", "_amd64", "_arm", "_arm64", "_loong64",
		"_mips", "_mipsle", "_mips64", "_mips64le", "_ppc64", "_ppc64le", "_riscv64",
		"_s390x", "_wasm", "_sparc64", "_riscv", "_ppc", "_s390", "_sparc",
	};
	size_t n = strlen(output) - 3;
	for (size_t i = 0; i < COUNT(suffixes); i++) {
		size_t k = strlen(suffixes[i]);
		if (n >= k && strncmp(output + n - k, suffixes[i], k) == 0)
			return suffixes[i];
	}
	return NULL;
}

/* Checks the combination of options; returns -1 when it makes sense, else
 * EXIT_USAGE (a message printed). */
static int check_request(struct compile_request *rq)
{
	bool to_stdout = strcmp(rq->output, "-") == 0;
	if (rq->fmt == FMT_UNSET)
		rq->fmt = to_stdout ? FMT_ASM : format_from_path(rq->output);
	if (rq->fmt == FMT_UNSET)
		return EXIT_USAGE;
	bool source = rq->fmt == FMT_C || rq->fmt == FMT_GO || rq->fmt == FMT_RUST;
	if (rq->ntargets > 1 && !source)
		return cli_usage_error(NULL, "several --target options: a %s output holds one "
				       "target's filter; -f c, go or rust hold several",
				       rq->fmt == FMT_ASM ? "listing" : rq->fmt == FMT_BASE64 ?
				       "base64" : "raw");
	if (rq->name && !source)
		return cli_usage_error(NULL, "--name is for -f c, go and rust");
	if (!rq->name)
		rq->name = rq->fmt == FMT_GO ? "SeccompFilter" : "seccomp_filter";
	if (!is_identifier(rq->name))
		return cli_usage_error(NULL, "--name %s: expected an identifier (letters, digits "
				       "and _, not starting with a digit)", rq->name);
	if (rq->package && rq->fmt != FMT_GO)
		return cli_usage_error(NULL, "--package is for -f go");
	if (!rq->package)
		rq->package = "main";
	if (!is_identifier(rq->package) || is_go_keyword(rq->package))
		return cli_usage_error(NULL, "--package %s: expected a Go package name", rq->package);
	if (rq->fmt == FMT_GO) {
		size_t n = strlen(rq->output);
		if (to_stdout || n < 4 || strcmp(rq->output + n - 3, ".go") != 0)
			return cli_usage_error(NULL, "-f go writes two files, OUT.go and "
					       "OUT_nonlinux.go: give -o a path ending in .go");
		const char *suffix = go_constraining_suffix(rq->output);
		if (suffix)
			return cli_usage_error(NULL, "-o %s: Go reads a name ending in %s.go as a "
					       "build constraint; choose another name", rq->output,
					       suffix);
	}
	return -1;
}

static bool has_line(const struct buf *seen, const char *line, size_t len)
{
	for (const char *p = seen->data; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
		if (n == len && memcmp(p, line, len) == 0)
			return true;
		p += n;
	}
	return false;
}

/* Prints the lines of text not printed before (several targets repeat the
 * same warnings about the profile) and remembers them in seen. */
static void print_new_lines(const char *text, struct buf *seen)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) + 1 : strlen(text);
		if (!has_line(seen, text, len)) {
			fwrite(text, 1, len, stderr);
			buf_append(seen, text, len);
		}
		text += len;
	}
}

/* Compiles the profile (read once: it may be standard input) for every
 * target of rq into filters[]; returns 0 or the compile's status. */
static int compile_targets(const struct compile_request *rq, struct arena *arena,
			   struct compile_result *results, struct embed_filter *filters)
{
	struct diag diag;
	diag_init(&diag, rq->profile);
	diag.echo = stderr;
	struct buf text;
	bool read = read_file(rq->profile, &text, &diag);
	diag_fini(&diag);
	if (!read)
		return EXIT_INPUT;
	char *copy = arena_strndup(arena, text.data, text.len);
	size_t len = text.len;
	buf_free(&text);
	struct buf seen;
	buf_init(&seen);
	int status = 0;
	for (size_t i = 0; i < rq->ntargets && status == 0; i++) {
		diag_init(&diag, rq->profile);
		diag.strict = rq->sel.strict;
		struct compile_options co = { .select = rq->sel.opts, .verify = rq->verify };
		co.select.target = rq->targets[i];
		status = compile_profile_text(rq->profile, copy, len, &co, arena, &diag, &results[i]);
		diag_end(&diag);   /* "... and N more" into the text */
		print_new_lines(diag_text(&diag), &seen);
		diag_fini(&diag);
		if (status)
			break;
		const struct rule_table *t = &results[i].table;
		const struct arch_info **arches = arena_calloc(arena, t->narches, sizeof *arches);
		for (size_t a = 0; a < t->narches; a++)
			arches[a] = t->arches[a].arch;
		filters[i] = (struct embed_filter){ .target = t->target, .arches = arches,
						    .narches = t->narches, .prog = results[i].prog };
	}
	buf_free(&seen);
	return status;
}

static bool write_output(const char *path, const struct buf *out)
{
	struct diag diag;
	diag_init(&diag, NULL);
	diag.echo = stderr;
	bool ok = write_file_atomic(path, out->data, out->len, 0644, &diag);
	diag_fini(&diag);
	return ok;
}

/* Writes the filters in rq's format; returns the exit status. */
static int emit(const struct compile_request *rq, const struct compile_result *first,
		const struct embed_filter *filters, struct arena *arena)
{
	const struct embed_filter *f = &filters[0];
	char hash[SHA256_HEX_LEN + 1];
	sha256_hex(first->source_text, first->source_len, hash);
	struct embed_source src = { .name = rq->name, .package = rq->package,
				    .profile = rq->profile, .profile_hash = hash,
				    .filters = filters, .nfilters = rq->ntargets };
	struct buf out;
	buf_init(&out);
	bool ok = true;
	switch (rq->fmt) {
	case FMT_RAW: bpf_write_raw(&f->prog, f->target->big_endian, &out); break;
	case FMT_BASE64: embed_write_base64(&f->prog, f->target->big_endian, &out); break;
	case FMT_ASM: bpf_write_listing(&f->prog, f->target, NULL, &out); break;
	case FMT_C: embed_write_c(&src, &out); break;
	case FMT_RUST: embed_write_rust(&src, &out); break;
	case FMT_GO: {
		/* The file for other OSes first: on a failure between the two, the
		 * pair still builds (it depends only on --name and --package). */
		const char *other = go_other_path(rq->output, arena);
		const char *slash = strrchr(other, '/');
		src.go_other_file = slash ? slash + 1 : other;
		embed_write_go_other(&src, &out);
		ok = write_output(other, &out);
		out.len = 0;
		if (ok)
			embed_write_go(&src, &out);
		break;
	}
	case FMT_UNSET: break;
	}
	ok = ok && write_output(rq->output, &out);
	buf_free(&out);
	return ok ? EXIT_OK : EXIT_INPUT;
}

int cmd_compile(int argc, char **argv)
{
	struct compile_request rq;
	int status = parse_request(argc, argv, &rq);
	if (status >= 0)
		return status;
	status = check_request(&rq);
	if (status >= 0)
		return status;
	if (rq.ntargets == 0)
		rq.targets[rq.ntargets++] = rq.sel.opts.target;   /* NULL: the host */
	struct arena arena;
	arena_init(&arena);
	struct compile_result *results = arena_calloc(&arena, rq.ntargets, sizeof *results);
	struct embed_filter *filters = arena_calloc(&arena, rq.ntargets, sizeof *filters);
	status = compile_targets(&rq, &arena, results, filters);
	if (status == 0)
		status = emit(&rq, &results[0], filters, &arena);
	arena_free(&arena);
	return status;
}
