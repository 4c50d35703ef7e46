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

static Suite *suite(void)
{
	Suite *s = suite_create("stats");
	TCase *tc = tcase_create("blobs");
	tcase_add_test(tc, arch_check_after_a_jump);
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
