/*
 * cmd_disasm.c - `seccompc disasm FILTER.bpf [--target T] [-o OUT]`: the
 * annotated listing of any raw seccomp filter (seccompc's, libseccomp's,
 * hand-made), with the kernel's objections, if any, on stderr.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_bpf.h"

static const char usage_text[] =
	"usage: seccompc disasm FILTER.bpf [--target ARCH] [-o OUT]\n"
	"  prints the annotated listing of a raw seccomp BPF filter (\"-\": stdin).\n"
	"  --target ARCH  byte order and syscall names (default: the host; the byte\n"
	"                 order is guessed when the filter does not read well in it)\n"
	"  -o OUT         write the listing to OUT (default: stdout)\n";

int cmd_disasm(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "target", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *target_name = NULL, *output = "-";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 't': target_name = optarg; break;
		case 'o': output = optarg; break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		default: fputs(usage_text, stderr); return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	const char *path = argv[optind];
	const struct arch_info *target = cmd_arch("disasm", "--target", target_name);
	if (!target)
		return EXIT_USAGE;

	struct arena arena;
	struct bpf_prog prog;
	bool big_endian;
	arena_init(&arena);
	if (!cmd_load_blob("disasm", path, target, target_name != NULL, &arena, &prog,
			   &big_endian)) {
		arena_free(&arena);
		return EXIT_INPUT;
	}
	cmd_report_validity("disasm", path, &prog);
	/* a filter read in the other byte order is not the target's: no names then */
	const struct arch_info *names = big_endian == target->big_endian ? target : NULL;
	struct buf out;
	struct diag diag;
	buf_init(&out);
	diag_init(&diag, output);
	diag.echo = stderr;
	bpf_write_listing(&prog, names, NULL, &out);
	bool ok = write_file_atomic(output, out.data, out.len, 0644, &diag);
	buf_free(&out);
	diag_fini(&diag);
	arena_free(&arena);
	return ok ? EXIT_OK : EXIT_INPUT;
}
