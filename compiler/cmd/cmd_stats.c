/*
 * cmd_stats.c - `seccompc stats FILTER.bpf|PROFILE.json [--target ARCH] [options]`.
 *
 * Prints the size of a filter and, per arch, the instructions it runs
 * (mean, p50, p99, max over the arch's syscalls, each at its worst argument
 * region; max-any over every number), how many always-allowed syscalls the
 * kernel's action cache skips, and the dispatch floor: the comparisons an
 * optimal alphabetic tree over the filter's decision ranges would run.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_bpf.h"
#include "compile.h"
#include "stats.h"

static void print_stats(const char *path, const char *what, const struct filter_stats *st)
{
	printf("filter: %s (%s)\nsize: %zu instructions\n\n", path, what, st->size);
	printf("%-12s %8s %6s %4s %4s %4s %7s %8s %11s %7s %6s\n", "arch", "syscalls", "mean",
	       "p50", "p99", "max", "max-any", "allowed", "cache-skips", "ranges", "floor");
	for (size_t i = 0; i < st->narches; i++) {
		const struct arch_stats *a = &st->arches[i];
		char skips[32];
		if (a->arch->id == ARCH_X32)   /* x32 numbers lie past the kernel's cache bitmap */
			snprintf(skips, sizeof skips, "%11s", "no cache");
		else
			snprintf(skips, sizeof skips, "%5zu (%3.0f%%)", a->cache_skips,
				 a->allowed_always ? 100.0 * (double)a->cache_skips /
							     (double)a->allowed_always : 100.0);
		printf("%-12s %8zu %6.2f %4u %4u %4u %7u %8zu %s %6zu %6.2f\n",
		       a->arch->name, a->nsyscalls, a->mean, a->p50, a->p99, a->max, a->max_any,
		       a->allowed_always, skips, a->ranges, a->floor);
	}
	printf("\nmean/p50/p99/max: instructions run over the arch's syscalls, each at its worst\n"
	       "argument region; max-any: over every syscall number; allowed: syscalls allowed\n"
	       "whatever their arguments; cache-skips: of those, the ones the kernel's action\n"
	       "cache decides without running the filter (the kernel keeps none for x32);\n"
	       "floor: comparisons an optimal alphabetic search tree over the decision\n"
	       "ranges runs on average.\n");
}

/* The arches a blob covers: its arch constants, plus x32 when an x86_64
 * filter treats x32 numbers unlike a foreign arch. */
static size_t blob_arches(const struct bpf_prog *prog, const struct arch_info **arches)
{
	size_t n = stats_find_arches(prog, arches, ARCH_COUNT - 1);
	for (size_t i = 0; i < n; i++) {
		if (arches[i]->id != ARCH_X86_64)
			continue;
		struct bpf_input x32 = { .nr = 0x40000000, .arch = arches[i]->audit_arch };
		struct bpf_input foreign = { .nr = 0, .arch = 0 };
		if (bpf_simulate(prog, &x32).action != bpf_simulate(prog, &foreign).action)
			arches[n++] = arch_get(ARCH_X32);
		break;
	}
	return n;
}

int cmd_stats(int argc, char **argv)
{
	static const char usage[] =
		"usage: seccompc stats FILTER.bpf|PROFILE.json [--target ARCH] [--cap CAP]...\n"
		"                [--caps docker|none|all] [--drop-cap CAP]... [--kernel X.Y]\n"
		"                [--bad-arch ACTION] [--enosys-newer]\n";
	struct cli_select sel;
	const char *path;
	int usage_status = cli_parse_operand(argc, argv, usage, &sel, &path, NULL);
	if (usage_status >= 0)
		return usage_status;

	struct arena arena;
	arena_init(&arena);
	struct diag diag;
	cli_diag_init(&diag, path, &sel);
	struct buf text;
	int status = EXIT_INPUT;
	if (!read_file(path, &text, &diag))
		goto out;
	struct filter_stats st;
	if (cmd_is_profile(path, &text)) {
		struct compile_options co = { .select = sel.opts, .verify = true };
		struct compile_result res;
		status = compile_profile_text(path, text.data, text.len, &co, &arena, &diag, &res);
		if (status == 0) {
			const struct arch_info *arches[ARCH_COUNT];
			for (size_t i = 0; i < res.table.narches; i++)
				arches[i] = res.table.arches[i].arch;
			stats_compute(&res.prog, arches, res.table.narches, &res.table, &st);
			char what[96];
			snprintf(what, sizeof what, "profile compiled for %s", res.table.target->name);
			print_stats(path, what, &st);
		}
	} else {
		const struct arch_info *target = sel.opts.target ? sel.opts.target : arch_host();
		bool big = target->big_endian;
		struct bpf_prog prog;
		if (!sel.opts.target)
			bpf_guess_endian(text.data, text.len, &big);
		if (bpf_read_raw(text.data, text.len, big, &arena, &prog, &diag) &&
		    bpf_validate(&prog, &diag)) {
			const struct arch_info *arches[ARCH_COUNT];
			size_t n = blob_arches(&prog, arches);
			if (n == 0)
				arches[n++] = target;
			stats_compute(&prog, arches, n, NULL, &st);
			print_stats(path, big ? "raw filter, big-endian" : "raw filter, little-endian", &st);
			status = EXIT_OK;
		}
	}
	buf_free(&text);
out:
	diag_fini(&diag);
	arena_free(&arena);
	return status;
}
