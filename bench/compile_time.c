/*
 * compile_time.c - seccompc's in-process compile time: compile_profile_text
 * (parse, resolve, plan, codegen, assemble, verify) plus the raw encoding,
 * from profile text already in memory, N times; reports the medians.
 *
 *   compile_time [--runs N] [--kernel X.Y] [--write OUT] PROFILE.json
 *
 * Target: the host; capabilities: Docker's default set; kernel: the running
 * one unless --kernel. Prints `key value` lines: size_insns,
 * compile_median_ns (with the verifier, as `seccompc PROFILE -o OUT` runs it)
 * and compile_noverify_median_ns (--no-verify). With --write, also
 * file_median_ns: what `seccompc PROFILE -o OUT` does between its arguments
 * and its exit, from reading PROFILE to OUT written atomically. Exit: 0 ok,
 * 1 the profile does not compile, 2 usage.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "compile.h"
#include "diag.h"
#include "timing.h"

/* One compile and raw encoding; returns the program's length, 0 on failure. */
static size_t compile_once(const char *path, const struct buf *text,
			   const struct compile_options *co)
{
	struct arena arena;
	struct diag diag;
	struct compile_result res;
	arena_init(&arena);
	diag_init(&diag, path);
	size_t len = 0;
	if (compile_profile_text(path, text->data, text->len, co, &arena, &diag, &res) == 0) {
		struct buf raw;
		buf_init(&raw);
		bpf_write_raw(&res.prog, false, &raw);
		len = raw.len / 8;
		buf_free(&raw);
	} else {
		fprintf(stderr, "%s", diag_text(&diag));
	}
	diag_fini(&diag);
	arena_free(&arena);
	return len;
}

/* Reads the profile, compiles it with the verifier and writes the raw blob
 * to `out` atomically, as seccompc's compile command does; false on failure. */
static bool file_to_file(const char *path, const char *out, const struct compile_options *co)
{
	struct arena arena;
	struct diag diag;
	struct compile_result res;
	arena_init(&arena);
	diag_init(&diag, path);
	bool ok = compile_profile_file(path, co, &arena, &diag, &res) == 0;
	if (ok) {
		struct buf raw;
		buf_init(&raw);
		bpf_write_raw(&res.prog, res.table.target->big_endian, &raw);
		ok = write_file_atomic(out, raw.data, raw.len, 0644, &diag);
		buf_free(&raw);
	}
	if (!ok)
		fprintf(stderr, "%s", diag_text(&diag));
	diag_fini(&diag);
	arena_free(&arena);
	return ok;
}

static double median_file_to_file(const char *path, const char *out,
				  const struct compile_options *co, long runs)
{
	uint64_t *t = xmalloc((size_t)runs * sizeof *t);
	bool ok = true;
	for (long i = -3; i < runs && ok; i++) {
		uint64_t t0 = bench_now_ns();
		ok = file_to_file(path, out, co);
		if (i >= 0)
			t[i] = bench_now_ns() - t0;
	}
	double med = ok ? bench_median(t, (size_t)runs) : -1.0;
	free(t);
	return med;
}

/* Medians over runs compiles with the verifier (med[0]) and without (med[1]),
 * alternating after a few unmeasured runs so that frequency scaling and the
 * heap's state weigh on both alike. Returns false if a compile failed. */
static bool median_compiles(const char *path, const struct buf *text,
			    const struct compile_options *co, long runs, double med[2])
{
	uint64_t *t[2] = { xmalloc((size_t)runs * sizeof *t[0]),
			   xmalloc((size_t)runs * sizeof *t[1]) };
	struct compile_options variant[2] = { *co, *co };
	variant[0].verify = true;
	variant[1].verify = false;
	bool ok = true;
	for (long i = -3; i < runs && ok; i++)
		for (int v = 0; v < 2 && ok; v++) {
			uint64_t t0 = bench_now_ns();
			ok = compile_once(path, text, &variant[v]) != 0;
			if (i >= 0)
				t[v][i] = bench_now_ns() - t0;
		}
	for (int v = 0; v < 2; v++) {
		med[v] = ok ? bench_median(t[v], (size_t)runs) : -1.0;
		free(t[v]);
	}
	return ok;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "runs", required_argument, NULL, 'n' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "write", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	struct compile_options co;
	memset(&co, 0, sizeof co);
	co.verify = true;
	long runs = 200;
	const char *write_to = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'n')
			runs = strtol(optarg, NULL, 10);
		else if (c == 'w')
			write_to = optarg;
		else if (c == 'k' && sscanf(optarg, "%u.%u", &co.select.kernel_major,
					    &co.select.kernel_minor) == 2)
			continue;
		else
			runs = -1;
	}
	if (optind + 1 != argc || runs < 1) {
		fputs("usage: compile_time [--runs N] [--kernel X.Y] [--write OUT] PROFILE.json\n", stderr);
		return 2;
	}
	const char *path = argv[optind];
	struct diag diag;
	struct buf text;
	diag_init(&diag, path);
	buf_init(&text);
	if (!read_file(path, &text, &diag)) {
		fprintf(stderr, "%s", diag_text(&diag));
		return 1;
	}
	size_t size = compile_once(path, &text, &co);
	if (!size)
		return 1;
	double med[2];
	bool ok = median_compiles(path, &text, &co, runs, med);
	if (ok)
		printf("size_insns %zu\nruns %ld\ncompile_median_ns %.0f\n"
		       "compile_noverify_median_ns %.0f\n", size, runs, med[0], med[1]);
	if (ok && write_to) {
		double file = median_file_to_file(path, write_to, &co, runs);
		ok = file >= 0;
		if (ok)
			printf("file_median_ns %.0f\n", file);
	}
	buf_free(&text);
	diag_fini(&diag);
	return ok ? 0 : 1;
}
