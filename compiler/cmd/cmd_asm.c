/*
 * cmd_asm.c - `seccompc asm LISTING -o OUT.bpf [--target T]`: a listing
 * (written by seccompc or by hand, see bpf_read_listing) back to a raw filter
 * in the target's byte order. A filter the kernel would refuse is not written.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_bpf.h"

static const char usage_text[] =
	"usage: seccompc asm LISTING -o OUT.bpf [--target ARCH] [--no-validate]\n"
	"  assembles a listing (as `seccompc disasm` writes it, or hand-written with\n"
	"  labels) into a raw seccomp filter in ARCH's byte order (default: the host).\n"
	"  --no-validate  write the filter even if the kernel would refuse it\n";

int cmd_asm(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "target", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "no-validate", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *target_name = NULL, *output = NULL;
	bool validate = true;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 't': target_name = optarg; break;
		case 'o': output = optarg; break;
		case 'n': validate = false; break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		default: fputs(usage_text, stderr); return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc || !output) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	const char *path = argv[optind];
	const struct arch_info *target = cmd_arch("asm", "--target", target_name);
	if (!target)
		return EXIT_USAGE;

	struct arena arena;
	struct diag diag;
	struct buf text, out;
	struct bpf_prog prog;
	int status = EXIT_INPUT;
	arena_init(&arena);
	diag_init(&diag, path);
	diag.echo = stderr;
	buf_init(&text);
	buf_init(&out);
	if (read_file(path, &text, &diag) &&
	    bpf_read_listing(text.data, text.len, path, &arena, &prog, &diag) &&
	    (!validate || bpf_validate(&prog, &diag))) {
		bpf_write_raw(&prog, target->big_endian, &out);
		diag.file = output;
		if (write_file_atomic(output, out.data, out.len, 0644, &diag))
			status = EXIT_OK;
	}
	buf_free(&text);
	buf_free(&out);
	diag_fini(&diag);
	arena_free(&arena);
	return status;
}
