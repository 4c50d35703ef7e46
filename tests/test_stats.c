/*
 * test_stats.c - stats on filters other tools made: which arches a blob
 * dispatches on, whatever the shape of its arch checks.
 */
#include <check.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <stdlib.h>

#include "stats.h"

#define RET_ALLOW_ 0x7fff0000u
#define RET_KILL_ 0u

/* libseccomp's shape: when the first arch check fails it jumps to the next
 * one, which compares A (still the arch) without loading it again. Inside the
 * x86_64 branch, a syscall number equal to an arch constant must not count. */
static const struct sock_filter libseccomp_shape[] = {
	/* 0 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 4),
	/* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 3),
	/* 2 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
	/* 3 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_AARCH64, 3, 4),
	/* 4 */ BPF_STMT(BPF_RET | BPF_K, RET_ALLOW_),
	/* 5 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 0, 2),
	/* 6 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
	/* 7 */ BPF_STMT(BPF_RET | BPF_K, RET_ALLOW_),
	/* 8 */ BPF_STMT(BPF_RET | BPF_K, RET_KILL_),
};

START_TEST(arch_check_after_a_jump)
{
	struct bpf_prog prog = { (struct sock_filter *)libseccomp_shape,
				 sizeof libseccomp_shape / sizeof libseccomp_shape[0] };
	const struct arch_info *arches[ARCH_COUNT];
	size_t n = stats_find_arches(&prog, arches, ARCH_COUNT);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(arches[0]->name, "x86_64");
	ck_assert_str_eq(arches[1]->name, "x86");
}
END_TEST

/* Every form the kernel's cache analysis follows, on nr: jgt, jge, jeq,
 * jset, and, ja; an argument load on one path. */
static const struct sock_filter nr_forms[] = {
	/* 0 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 4),
	/* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 11),
	/* 2 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
	/* 3 */ BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x40, 9, 0),
	/* 4 */ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 55, 8, 0),
	/* 5 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 50, 0, 2),
	/* 6 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 60, 3, 0),
	/* 7 */ BPF_STMT(BPF_JMP | BPF_JA, 4),
	/* 8 */ BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0x7),
	/* 9 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 3, 2, 0),
	/* 10 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 16),
	/* 11 */ BPF_STMT(BPF_JMP | BPF_JA, 1),
	/* 12 */ BPF_STMT(BPF_RET | BPF_K, RET_ALLOW_),
	/* 13 */ BPF_STMT(BPF_RET | BPF_K, RET_KILL_),
};

/* What seccomp_is_const_allow() decides, from the path the simulator runs:
 * only loads of nr and arch, K-form jumps, ja and and K, ending in ALLOW. */
static bool const_allow_by_path(const struct bpf_prog *prog, uint32_t arch, uint32_t nr)
{
	uint16_t trace[64];
	struct bpf_input in = { .nr = (int32_t)nr, .arch = arch };
	struct bpf_result r = bpf_simulate_trace(prog, &in, trace);
	for (size_t i = 0; i < r.executed; i++) {
		const struct sock_filter *f = &prog->insns[trace[i]];
		if (f->code == (BPF_LD | BPF_W | BPF_ABS) && f->k >= 8)
			return false;
	}
	return r.action == RET_ALLOW_;
}

START_TEST(action_cache_follows_every_jump_on_nr)
{
	struct bpf_prog prog = { (struct sock_filter *)nr_forms,
				 sizeof nr_forms / sizeof nr_forms[0] };
	size_t allowed = 0;
	for (uint32_t nr = 0; nr < 300; nr++) {
		bool want = const_allow_by_path(&prog, AUDIT_ARCH_X86_64, nr);
		ck_assert_msg(stats_cache_allows(&prog, AUDIT_ARCH_X86_64, nr) == want, "nr %u", nr);
		allowed += want;
	}
	/* 50..55, and below 50 those whose low bits are 3; with bit 6 set,
	 * above 55, or reading args[0] (60): not */
	ck_assert_uint_eq(allowed, 12);
	ck_assert(stats_cache_allows(&prog, AUDIT_ARCH_X86_64, 55));
	ck_assert(!stats_cache_allows(&prog, AUDIT_ARCH_AARCH64, 0));
}
END_TEST

/* One syscall (getpid) runs two instructions more than every other: the
 * figures over the arch's syscalls follow from that exactly. */
static const struct sock_filter one_long_path[] = {
	/* 0 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 4),
	/* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 7),
	/* 2 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
	/* 3 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 39, 0, 4),
	/* 4 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 16),
	/* 5 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1),
	/* 6 */ BPF_STMT(BPF_RET | BPF_K, RET_ALLOW_),
	/* 7 */ BPF_STMT(BPF_RET | BPF_K, RET_KILL_),
	/* 8 */ BPF_STMT(BPF_RET | BPF_K, RET_ALLOW_),
	/* 9 */ BPF_STMT(BPF_RET | BPF_K, RET_KILL_),
};

START_TEST(figures_over_the_syscalls)
{
	struct bpf_prog prog = { (struct sock_filter *)one_long_path,
				 sizeof one_long_path / sizeof one_long_path[0] };
	const struct arch_info *x86_64 = arch_get(ARCH_X86_64);
	struct filter_stats st;
	stats_compute(&prog, &x86_64, 1, NULL, &st);
	ck_assert_uint_eq(st.size, 10);
	ck_assert_uint_eq(st.narches, 1);
	const struct arch_stats *a = &st.arches[0];
	ck_assert_uint_gt(a->nsyscalls, 300);
	ck_assert_uint_eq(a->p50, 5);
	ck_assert_uint_eq(a->p99, 5);
	ck_assert_uint_eq(a->max, 7);
	ck_assert_uint_eq(a->max_any, 7);
	double want = (5.0 * (double)(a->nsyscalls - 1) + 7.0) / (double)a->nsyscalls;
	ck_assert_double_eq_tol(a->mean, want, 1e-9);
	/* allowed whatever the arguments: every syscall but getpid, all cached */
	ck_assert_uint_eq(a->allowed_always, a->nsyscalls - 1);
	ck_assert_uint_eq(a->cache_skips, a->nsyscalls - 1);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("stats");
	TCase *tc = tcase_create("blobs");
	tcase_add_test(tc, arch_check_after_a_jump);
	tcase_add_test(tc, action_cache_follows_every_jump_on_nr);
	tcase_add_test(tc, figures_over_the_syscalls);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
