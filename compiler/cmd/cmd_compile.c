/*
 * cmd_compile.c - `seccompc PROFILE.json -o OUT [-f raw|c|asm] [options]`.
 *
 * Compiles, verifies, and writes one output atomically: a raw blob in the
 * target's byte order, a C array, or an annotated listing.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "compile.h"
#include "hash.h"

enum { OPT_NAME = OPT_FIRST_FREE, OPT_NO_VERIFY };

enum format { FMT_UNSET, FMT_RAW, FMT_C, FMT_ASM };

static enum format format_from_name(const char *s)
{
	if (strcmp(s, "raw") == 0 || strcmp(s, "bpf") == 0)
		return FMT_RAW;
	if (strcmp(s, "c") == 0)
		return FMT_C;
	if (strcmp(s, "asm") == 0 || strcmp(s, "listing") == 0)
		return FMT_ASM;
	return FMT_UNSET;
}

static enum format format_from_path(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot)
		return FMT_RAW;
	if (strcmp(dot, ".h") == 0 || strcmp(dot, ".c") == 0)
		return FMT_C;
	if (strcmp(dot, ".s") == 0 || strcmp(dot, ".asm") == 0)
		return FMT_ASM;
	return FMT_RAW;
}

static const char compile_usage[] =
	"usage: seccompc PROFILE.json -o OUT [-f raw|c|asm] [--target ARCH] [--cap CAP]...\n"
	"                [--caps docker|none|all] [--drop-cap CAP]... [--kernel X.Y]\n"
	"                [--bad-arch ACTION] [--name SYMBOL] [--strict] [--no-verify]\n"
	"                [--enosys-newer]\n";

int cmd_compile(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "no-verify", no_argument, NULL, OPT_NO_VERIFY },
		{ "help", no_argument, NULL, 'h' },
		CLI_SELECT_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_select sel;
	cli_select_init(&sel);
	const char *output = NULL, *name = "seccomp_filter";
	enum format fmt = FMT_UNSET;
	bool verify = true;
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "o:f:h", longopts, NULL)) != -1) {
		int r = cli_select_option(&sel, opt, optarg);
		if (r < 0)
			return EXIT_USAGE;
		if (r > 0)
			continue;
		switch (opt) {
		case 'o': output = optarg; break;
		case 'f':
			fmt = format_from_name(optarg);
			if (fmt == FMT_UNSET)
				return cli_usage_error(NULL, "-f %s: expected raw, c or asm", optarg);
			break;
		case OPT_NAME: name = optarg; break;
		case OPT_NO_VERIFY: verify = false; break;
		case 'h': fputs(compile_usage, stdout); return EXIT_OK;
		default: fputs(compile_usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc - 1 || !output) {
		fputs(compile_usage, stderr);
		return EXIT_USAGE;
	}
	const char *path = argv[optind];
	if (fmt == FMT_UNSET)
		fmt = strcmp(output, "-") == 0 ? FMT_ASM : format_from_path(output);

	struct arena arena;
	arena_init(&arena);
	struct diag diag;
	diag_init(&diag, path);
	diag.strict = sel.strict;
	diag.echo = stderr;
	struct compile_options co = { .select = sel.opts, .verify = verify };
	struct compile_result res;
	int status = compile_profile_file(path, &co, &arena, &diag, &res);
	if (status == 0) {
		struct buf out;
		buf_init(&out);
		if (fmt == FMT_RAW) {
			bpf_write_raw(&res.prog, res.table.target->big_endian, &out);
		} else if (fmt == FMT_C) {
			char hash[SHA256_HEX_LEN + 1];
			sha256_hex(res.source_text, res.source_len, hash);
			struct bpf_c_options c = { .name = name, .source_name = path,
						   .source_hash = hash,
						   .target = res.table.target->name };
			bpf_write_c(&res.prog, &c, &out);
		} else {
			bpf_write_listing(&res.prog, res.table.target, NULL, &out);
		}
		diag.file = NULL;
		if (!write_file_atomic(output, out.data, out.len, 0644, &diag))
			status = EXIT_INPUT;
		buf_free(&out);
	}
	diag_fini(&diag);
	arena_free(&arena);
	return status;
}
