/*
 * test_performance.c - the performance targets, asserted on exact counts.
 *
 * Instruction counts come from the simulator and are exact, so they may be
 * asserted (times may not: they live in bench/). Input: moby's default
 * profile with Docker's default capabilities, as a three-arch x86_64 filter
 * (x86_64, x86, x32) and cut down to x86_64 alone; and argument-heavy
 * profiles, whose filters must stay smaller than libseccomp's and run fewer
 * instructions on their hot syscall.
 */
#include <check.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "stats.h"
#include "testlib.h"

static const char *corpus_path(const char *name)
{
	static char path[4096];
	const char *src = getenv("SRCDIR");
	snprintf(path, sizeof path, "%s/tests/corpus/%s", src ? src : "..", name);
	return path;
}

static void measure(const char *name, struct arena *arena, struct filter_stats *st)
{
	struct diag diag;
	diag_init(&diag, name);
	struct compile_options co = { .verify = true };
	co.select.target = arch_get(ARCH_X86_64);
	co.select.kernel_major = 6;
	co.select.kernel_minor = 1;
	struct compile_result res;
	int status = compile_profile_file(corpus_path(name), &co, arena, &diag, &res);
	ck_assert_msg(status == 0, "%s", diag_text(&diag));
	const struct arch_info *arches[ARCH_COUNT];
	for (size_t i = 0; i < res.table.narches; i++)
		arches[i] = res.table.arches[i].arch;
	stats_compute(&res.prog, arches, res.table.narches, &res.table, st);
	diag_fini(&diag);
}

static void assert_common(const struct filter_stats *st)
{
	for (size_t i = 0; i < st->narches; i++) {
		const struct arch_stats *a = &st->arches[i];
		ck_assert_msg(a->max <= 16 && a->max_any <= 16, "%s: max %u, max-any %u",
			      a->arch->name, a->max, a->max_any);
		/* Every always-allowed syscall is decided by the kernel's action cache
		 * (x32 shares x86_64's arch value; the kernel caches native and compat). */
		if (a->arch->id != ARCH_X32)
			ck_assert_uint_eq(a->cache_skips, a->allowed_always);
		ck_assert_uint_gt(a->allowed_always, 250);
	}
}

START_TEST(three_arch_filter)
{
	struct arena arena;
	arena_init(&arena);
	struct filter_stats st;
	measure("moby-default.json", &arena, &st);
	ck_assert_uint_eq(st.narches, 3);
	/* Issue 13: what the argument code generator does for argument-heavy
	 * profiles must not cost moby's profile anything (257 instructions,
	 * means 9.37 / 11.24 / 12.36 before it). */
	ck_assert_uint_le(st.size, 257);
	assert_common(&st);
	ck_assert_msg(st.arches[0].mean <= 9.37, "x86_64 mean %.2f", st.arches[0].mean);
	ck_assert_msg(st.arches[1].mean <= 11.24, "x86 mean %.2f", st.arches[1].mean);
	/* x32 shares x86_64's search and weighs about a fifth of a native syscall
	 * in it. (The figures are to two places: 12.3619 over the 373 x32
	 * syscalls of Linux 7.1 is the 12.36 of 6.18's 371.) */
	ck_assert_msg(st.arches[2].mean < 12.365, "x32 mean %.4f", st.arches[2].mean);
	arena_free(&arena);
}
END_TEST

START_TEST(x86_64_only_filter)
{
	struct arena arena;
	arena_init(&arena);
	struct filter_stats st;
	measure("moby-default-x86_64-only.json", &arena, &st);
	ck_assert_uint_eq(st.narches, 1);
	ck_assert_uint_le(st.size, 83);
	assert_common(&st);
	ck_assert_msg(st.arches[0].mean <= 9.18, "mean %.2f", st.arches[0].mean);
	/* The floor is 4 + an optimal alphabetic tree's comparisons; equality
	 * chains around lone exceptions take the search below it. */
	ck_assert_msg(st.arches[0].mean < 4 + st.arches[0].floor, "mean %.2f floor %.2f",
		      st.arches[0].mean, st.arches[0].floor);
	arena_free(&arena);
}
END_TEST

/*
 * The most instructions the x86_64 filter p can run for syscall nr, argument
 * tests taken both ways (an upper bound on the worst path over all argument
 * values; on seccompc's filters bench/worst_path finds it within a few of
 * the exact worst). A reading of the program of its own: the accumulator is
 * known after loading arch or nr, unknown after loading an argument word,
 * and a test of an unknown value goes both ways.
 */
static unsigned longest_from(const struct bpf_prog *p, size_t pc, bool known, uint32_t a,
			     uint32_t nr, unsigned *memo)
{
	ck_assert_uint_lt(pc, p->len);
	if (!known && memo[pc])
		return memo[pc];
	const struct sock_filter *f = &p->insns[pc];
	unsigned n;
	switch (BPF_CLASS(f->code)) {
	case BPF_RET:
		n = 1;
		break;
	case BPF_LD:
		ck_assert_uint_eq(f->code, BPF_LD | BPF_W | BPF_ABS);
		known = f->k == 0 || f->k == 4;
		n = 1 + longest_from(p, pc + 1, known, f->k == 0 ? nr : AUDIT_ARCH_X86_64, nr, memo);
		break;
	case BPF_ALU:
		ck_assert_uint_eq(f->code, BPF_ALU | BPF_AND | BPF_K);
		n = 1 + longest_from(p, pc + 1, known, a & f->k, nr, memo);
		break;
	case BPF_JMP: {
		if (f->code == (BPF_JMP | BPF_JA)) {
			n = 1 + longest_from(p, pc + 1 + f->k, known, a, nr, memo);
			break;
		}
		bool taken = BPF_OP(f->code) == BPF_JEQ ? a == f->k :
			     BPF_OP(f->code) == BPF_JGT ? a > f->k :
			     BPF_OP(f->code) == BPF_JGE ? a >= f->k : (a & f->k) != 0;
		unsigned yes = 0, no = 0;
		if (!known || taken)
			yes = longest_from(p, pc + 1 + f->jt, known, a, nr, memo);
		if (!known || !taken)
			no = longest_from(p, pc + 1 + f->jf, known, a, nr, memo);
		n = 1 + (yes > no ? yes : no);
		break;
	}
	default:
		ck_abort_msg("instruction %zu: code %#x not expected", pc, f->code);
	}
	if (!known)
		memo[pc] = n;
	return n;
}

static unsigned longest_path(const struct bpf_prog *p, uint32_t nr)
{
	unsigned *memo = calloc(p->len, sizeof *memo);
	ck_assert_ptr_nonnull(memo);
	unsigned n = longest_from(p, 0, false, 0, nr, memo);
	free(memo);
	return n;
}

/* Argument-heavy profiles (tests/series/, bench/series.py): seccompc's
 * filter is smaller than libseccomp 2.5.4's binary tree for the same
 * profile, as bench/series.sh measured it, and the largest it has been;
 * the hot syscall runs fewer instructions than libseccomp's worst path
 * (bench/worst_path, exact), at most as many as it has. */
static const struct {
	const char *name;
	size_t libseccomp, most;
	uint32_t hot_nr;
	unsigned libseccomp_worst, most_worst;
} series[] = {
	{ "wide-100", 574, 520, 17 /* pread64 */, 71, 29 },
	{ "wide-300", 1502, 1410, 17, 206, 44 },
	{ "ioctl-300", 355, 272, 16 /* ioctl */, 316, 16 },
	{ "conds-100", 633, 401, 55 /* getsockopt */, 163, 52 },
	/* A high word that is 0 for most constants was split first, and a
	 * path through it searched its low word after its fallback's words:
	 * 95 instructions at most (bench/worst_path), 111 on the longest path. */
	{ "conds-500", 3033, 1604, 55, 795, 70 },
};

START_TEST(argument_heavy_filters_are_smaller)
{
	char path[4096];
	const char *src = getenv("SRCDIR");
	snprintf(path, sizeof path, "%s/tests/series/%s.json", src ? src : "..", series[_i].name);
	struct arena arena;
	arena_init(&arena);
	struct diag diag;
	diag_init(&diag, path);
	struct compile_options co = { .verify = true };
	co.select.target = arch_get(ARCH_X86_64);
	co.select.kernel_major = 6;
	co.select.kernel_minor = 1;
	struct compile_result res;
	ck_assert_msg(compile_profile_file(path, &co, &arena, &diag, &res) == 0, "%s",
		      diag_text(&diag));
	ck_assert_msg(res.prog.len < series[_i].libseccomp && res.prog.len <= series[_i].most,
		      "%s: %zu instructions (libseccomp: %zu)", series[_i].name, res.prog.len,
		      series[_i].libseccomp);
	unsigned worst = longest_path(&res.prog, series[_i].hot_nr);
	ck_assert_msg(worst < series[_i].libseccomp_worst && worst <= series[_i].most_worst,
		      "%s: the hot syscall runs up to %u instructions (libseccomp: %u)",
		      series[_i].name, worst, series[_i].libseccomp_worst);
	diag_fini(&diag);
	arena_free(&arena);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("performance");
	TCase *tc = tcase_create("moby-default");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, three_arch_filter);
	tcase_add_test(tc, x86_64_only_filter);
	suite_add_tcase(s, tc);
	tc = tcase_create("argument-heavy");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, argument_heavy_filters_are_smaller, 0,
			    (int)(sizeof series / sizeof series[0]));
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
