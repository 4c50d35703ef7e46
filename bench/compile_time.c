/*
 * compile_time.c - seccompc's in-process compile time: compile_profile_text
 * (parse, resolve, plan, codegen, assemble, verify) plus the raw encoding,
 * from profile text already in memory, N times; reports the medians.
 *
 *   compile_time [--runs N] [--kernel X.Y] PROFILE.json
 *
 * Target: the host; capabilities: Docker's default set; kernel: the running
 * one unless --kernel. Prints `key value` lines: size_insns,
 * compile_median_ns (with the verifier, as `seccompc PROFILE -o OUT` runs it)
 * and compile_noverify_median_ns (--no-verify). Exit: 0 ok, 1 the profile
 * does not compile, 2 usage.
 */
#include <getopt.h>
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

/* Median over runs compiles; 0 runs or a failure: returns a negative number. */
static double median_compile(const char *path, const struct buf *text,
			     const struct compile_options *co, long runs)
{
	uint64_t *t = xmalloc((size_t)runs * sizeof *t);
	double med = -1.0;
	long i;
	for (i = 0; i < runs; i++) {
		uint64_t t0 = bench_now_ns();
		if (!compile_once(path, text, co))
			break;
		t[i] = bench_now_ns() - t0;
	}
	if (i == runs && runs > 0)
		med = bench_median(t, (size_t)runs);
	free(t);
	return med;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "runs", required_argument, NULL, 'n' },
		{ "kernel", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	struct compile_options co;
	memset(&co, 0, sizeof co);
	co.verify = true;
	long runs = 200;
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'n')
			runs = strtol(optarg, NULL, 10);
		else if (c == 'k' && sscanf(optarg, "%u.%u", &co.select.kernel_major,
					    &co.select.kernel_minor) == 2)
			continue;
		else
			runs = -1;
	}
	if (optind + 1 != argc || runs < 1) {
		fputs("usage: compile_time [--runs N] [--kernel X.Y] PROFILE.json\n", stderr);
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
	double with = median_compile(path, &text, &co, runs);
	co.verify = false;
	double without = median_compile(path, &text, &co, runs);
	printf("size_insns %zu\nruns %ld\ncompile_median_ns %.0f\ncompile_noverify_median_ns %.0f\n",
	       size, runs, with, without);
	buf_free(&text);
	diag_fini(&diag);
	return with < 0 || without < 0;
}
