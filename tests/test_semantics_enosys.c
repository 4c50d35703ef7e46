/*
 * test_semantics_enosys.c - the --enosys-newer rules of docs/semantics.md,
 * one case each, named after the rule (see test_semantics.c for how a case
 * asserts; test_enosys.c has the whole-profile and kernel checks).
 */
#include <check.h>
#include <stdio.h>

#include "semantics_check.h"

/* ---- --enosys-newer --------------------------------------------------------- */

START_TEST(enosys_above_the_last_named_syscall)
{
	/* io_uring_setup (425) is the largest named; 424 and 426 are as old (5.1). */
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86', 'SCMP_ARCH_ARM'],"
		" 'syscalls': [{'names': ['getpid', 'io_uring_setup'], 'action': 'SCMP_ACT_ALLOW'}]}";
	struct sem s;
	sem_compile_opts(&s, json, sem_enosys_opts("x86_64"));
	for (enum arch_id a = ARCH_X86_64; a <= ARCH_X86; a++) {
		const struct arch_info *ai = arch_get(a);
		DECIDES_NR(&s, ai->audit_arch, 425, RET_ALLOW, 0);
		DECIDES_NR(&s, ai->audit_arch, 424, EPERM_, 0);
		DECIDES_NR(&s, ai->audit_arch, 426, ERRNO(38), 0);
		DECIDES_NR(&s, ai->audit_arch, 2000, ERRNO(38), 0);
		DECIDES_NR(&s, ai->audit_arch, 1, EPERM_, 0);
	}
	sem_free(&s);
	sem_compile_opts(&s, json, sem_enosys_opts("aarch64"));
	DECIDES_NR(&s, AUDIT_ARM, 426, ERRNO(38), 0);
	DECIDES_NR(&s, AUDIT_ARM, 424, EPERM_, 0);
	DECIDES_NR(&s, AUDIT_AARCH64, 426, ERRNO(38), 0);
	sem_free(&s);
	/* Without the option: the default. */
	sem_compile(&s, json, "x86_64");
	DECIDES_NR(&s, AUDIT_X86, 426, EPERM_, 0);
	DECIDES_NR(&s, AUDIT_X86_64, 426, EPERM_, 0);
	sem_free(&s);
}
END_TEST

START_TEST(enosys_for_syscalls_newer_than_the_newest_named)
{
	/* removexattrat (466, 6.13) is the newest and largest named; uprobe
	 * (336, 6.18) is newer, uretprobe (335, 6.11) older. */
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'],"
		" 'syscalls': [{'names': ['getpid', 'removexattrat'], 'action': 'SCMP_ACT_ALLOW'}]}";
	struct sem s;
	sem_compile_opts(&s, json, sem_enosys_opts("x86_64"));
	DECIDES(&s, ARCH_X86_64, "uprobe", ERRNO(38), 0);
	DECIDES(&s, ARCH_X32, "uprobe", ERRNO(38), 0);
	DECIDES(&s, ARCH_X86_64, "uretprobe", EPERM_, 0);
	DECIDES(&s, ARCH_X86_64, "listmount", EPERM_, 0);
	DECIDES(&s, ARCH_X86, "listmount", EPERM_, 0);
	DECIDES_NR(&s, AUDIT_X86, 467, ERRNO(38), 0);
	DECIDES_NR(&s, AUDIT_X86_64, X32 | 467, ERRNO(38), 0);
	sem_free(&s);
	/* openat2 (437, 5.6) is the newest and largest named: close_range
	 * (436, 5.9) is below it but newer, pidfd_open (434, 5.3) older. */
	sem_compile_opts(&s, "{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': "
			 "['SCMP_ARCH_X86', 'SCMP_ARCH_X32'], 'syscalls': [{'names': ['openat2', "
			 "'getpid'], 'action': 'SCMP_ACT_ALLOW'}]}", sem_enosys_opts("x86_64"));
	for (enum arch_id a = ARCH_X86_64; a <= ARCH_X32; a++) {
		DECIDES(&s, a, "openat2", RET_ALLOW, 0);
		DECIDES(&s, a, "close_range", ERRNO(38), 0);
		DECIDES(&s, a, "pidfd_open", EPERM_, 0);
		DECIDES(&s, a, "pidfd_getfd", ERRNO(38), 0);
	}
	sem_free(&s);
}
END_TEST

START_TEST(enosys_last_counts_every_rule_that_applies)
{
	/* The ERRNO(1) rule equals the default (dropped), but its name counts;
	 * listmount's rule does not apply (CAP_SYS_ADMIN), so 458 does not. */
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'],"
		" 'syscalls': [{'names': ['getpid'], 'action': 'SCMP_ACT_ALLOW'},"
		"{'names': ['io_uring_setup'], 'action': 'SCMP_ACT_ERRNO', 'errnoRet': 1},"
		"{'names': ['listmount'], 'action': 'SCMP_ACT_ALLOW', 'includes': {'caps': "
		"['CAP_SYS_ADMIN']}}]}";
	struct sem s;
	sem_compile_opts(&s, json, sem_enosys_opts("x86_64"));
	for (enum arch_id a = ARCH_X86_64; a <= ARCH_X32; a++) {
		DECIDES(&s, a, "io_uring_setup", EPERM_, 0);
		DECIDES(&s, a, "pidfd_send_signal", EPERM_, 0);
		DECIDES(&s, a, "io_uring_enter", ERRNO(38), 0);
		DECIDES(&s, a, "listmount", ERRNO(38), 0);
	}
	sem_free(&s);
}
END_TEST

START_TEST(enosys_stub_not_under_log_default)
{
	/* No stub when the default lets syscalls through: ALLOW, LOG, TRACE. */
	static const struct { const char *action; uint32_t ret; bool stub; } defaults[] = {
		{ "SCMP_ACT_LOG", RET_LOG, false }, { "SCMP_ACT_ALLOW", RET_ALLOW, false },
		{ "SCMP_ACT_TRACE", RET_TRACE | 1, false }, { "SCMP_ACT_TRAP", RET_TRAP, true },
		{ "SCMP_ACT_KILL_PROCESS", RET_KILL_PROCESS, true },
	};
	for (size_t d = 0; d < sizeof defaults / sizeof defaults[0]; d++) {
		char json[512];
		snprintf(json, sizeof json, "{'defaultAction': '%s', 'architectures': "
			 "['SCMP_ARCH_X86'], 'syscalls': [{'names': ['getpid'], 'action': "
			 "'SCMP_ACT_ERRNO'}]}", defaults[d].action);
		struct sem s;
		sem_compile_opts(&s, json, sem_enosys_opts("x86_64"));
		uint32_t above = defaults[d].stub ? ERRNO(38) : defaults[d].ret;
		for (enum arch_id a = ARCH_X86_64; a <= ARCH_X86; a++) {
			DECIDES(&s, a, "getpid", EPERM_, 0);
			DECIDES(&s, a, "clone3", above, 0);
			DECIDES(&s, a, "getppid", above, 0);   /* above getpid on both */
			DECIDES(&s, a, "read", defaults[d].ret, 0);
		}
		sem_free(&s);
	}
}
END_TEST

START_TEST(enosys_stub_not_on_an_arch_the_profile_names_nothing_on)
{
	/* epoll_wait_old is x86_64's only; socketcall x86's only; read is 0
	 * on x86_64 (no stub for "only number 0"). */
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'],"
		" 'syscalls': [{'names': ['read', 'socketcall'], 'action': 'SCMP_ACT_ALLOW'}]}";
	struct sem s;
	sem_compile_opts(&s, json, sem_enosys_opts("x86_64"));
	DECIDES_NR(&s, AUDIT_X86_64, 0, RET_ALLOW, 0);
	DECIDES_NR(&s, AUDIT_X86_64, 1, EPERM_, 0);
	DECIDES_NR(&s, AUDIT_X86_64, 467, EPERM_, 0);
	DECIDES_NR(&s, AUDIT_X86, 102, RET_ALLOW, 0);
	DECIDES_NR(&s, AUDIT_X86, 103, ERRNO(38), 0);
	DECIDES_NR(&s, AUDIT_X86, 20, EPERM_, 0);
	DECIDES_NR(&s, AUDIT_X86_64, X32, RET_ALLOW, 0);
	DECIDES_NR(&s, AUDIT_X86_64, X32 | 1, ERRNO(38), 0);
	sem_free(&s);
	sem_compile_opts(&s, "{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': "
			 "['SCMP_ARCH_X86'], 'syscalls': [{'names': ['epoll_wait_old'], "
			 "'action': 'SCMP_ACT_ALLOW'}]}", sem_enosys_opts("x86_64"));
	DECIDES_NR(&s, AUDIT_X86, 500, EPERM_, 0);
	DECIDES_NR(&s, AUDIT_X86_64, 500, ERRNO(38), 0);
	sem_free(&s);
}
END_TEST

START_TEST(enosys_zero_on_s390_and_s390x)
{
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_S390', "
		"'SCMP_ARCH_ARM'], 'syscalls': [{'names': ['getpid', 'read'], 'action': "
		"'SCMP_ACT_ALLOW'}]}";
	struct sem s;
	sem_compile_opts(&s, json, sem_enosys_opts("s390x"));
	for (enum arch_id a = ARCH_S390X; a <= ARCH_S390; a++) {
		const struct arch_info *ai = arch_get(a);
		DECIDES_NR(&s, ai->audit_arch, 0, ERRNO(38), 0);
		DECIDES_NR(&s, ai->audit_arch, 1, EPERM_, 0);
		DECIDES_NR(&s, ai->audit_arch, 21, ERRNO(38), 0);
	}
	sem_free(&s);
	/* Elsewhere 0 is a syscall like any other. */
	sem_compile_opts(&s, json, sem_enosys_opts("aarch64"));
	DECIDES_NR(&s, AUDIT_AARCH64, 0, EPERM_, 0);     /* io_setup */
	DECIDES_NR(&s, AUDIT_ARM, 0, EPERM_, 0);         /* restart_syscall */
	DECIDES_NR(&s, AUDIT_ARM, 3, RET_ALLOW, 0);
	sem_free(&s);
}
END_TEST

START_TEST(enosys_minus_one_keeps_the_default_on_x86_64_only)
{
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86'],"
		" 'syscalls': [{'names': ['getpid'], 'action': 'SCMP_ACT_ALLOW'}]}";
	struct sem s;
	sem_compile_opts(&s, json, sem_enosys_opts("x86_64"));
	DECIDES_NR(&s, AUDIT_X86_64, 0xffffffffu, EPERM_, 0);
	DECIDES_NR(&s, AUDIT_X86, 0xffffffffu, ERRNO(38), 0);
	DECIDES_NR(&s, AUDIT_X86_64, X32 | 1, RET_KILL_PROCESS, 0);
	sem_free(&s);
	sem_compile_opts(&s, json, sem_enosys_opts("aarch64"));
	DECIDES_NR(&s, AUDIT_AARCH64, 0xffffffffu, ERRNO(38), 0);
	sem_free(&s);
}
END_TEST

START_TEST(enosys_x32_numbers_against_x32s_own_last)
{
	/* x32's last is getpid's 2^30 + 39: every larger number, those from
	 * 2^31 up included, is ENOSYS there. */
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X32'],"
		" 'syscalls': [{'names': ['getpid', 'io_uring_setup', 'arch_prctl'],"
		" 'action': 'SCMP_ACT_ALLOW'}]}";
	struct sem s;
	sem_compile_opts(&s, json, sem_enosys_opts("x86_64"));
	DECIDES_NR(&s, AUDIT_X86_64, X32 | 426, ERRNO(38), 0);
	DECIDES_NR(&s, AUDIT_X86_64, X32 | 424, EPERM_, 0);
	DECIDES_NR(&s, AUDIT_X86_64, 0x80000000u, ERRNO(38), 0);
	DECIDES_NR(&s, AUDIT_X86_64, 0xffffffffu, ERRNO(38), 0);
	DECIDES_NR(&s, AUDIT_X86_64, 426, ERRNO(38), 0);
	DECIDES_NR(&s, AUDIT_X86_64, 424, EPERM_, 0);
	sem_free(&s);
}
END_TEST

START_TEST(enosys_is_the_arches_enosys)
{
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_MIPS'],"
		" 'syscalls': [{'names': ['getpid'], 'action': 'SCMP_ACT_ALLOW'}]}";
	struct sem s;
	sem_compile_opts(&s, json, sem_enosys_opts("mips64"));
	DECIDES_NR(&s, 0x80000008u, 5100, ERRNO(89), 0);
	DECIDES_NR(&s, 0x80000008u, 5037, EPERM_, 0);
	DECIDES_NR(&s, 0x00000008u, 4100, ERRNO(89), 0);
	DECIDES_NR(&s, 0x00000008u, 4019, EPERM_, 0);
	sem_free(&s);
}
END_TEST

static Suite *semantics_enosys_suite(void)
{
	Suite *s = suite_create("semantics_enosys");
	TCase *t;
	t = tcase_create("--enosys-newer");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, enosys_above_the_last_named_syscall);
	tcase_add_test(t, enosys_for_syscalls_newer_than_the_newest_named);
	tcase_add_test(t, enosys_last_counts_every_rule_that_applies);
	tcase_add_test(t, enosys_stub_not_under_log_default);
	tcase_add_test(t, enosys_stub_not_on_an_arch_the_profile_names_nothing_on);
	tcase_add_test(t, enosys_zero_on_s390_and_s390x);
	tcase_add_test(t, enosys_minus_one_keeps_the_default_on_x86_64_only);
	tcase_add_test(t, enosys_x32_numbers_against_x32s_own_last);
	tcase_add_test(t, enosys_is_the_arches_enosys);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(semantics_enosys_suite());
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? 1 : 0;
}
