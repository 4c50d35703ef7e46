/*
 * test_semantics_args.c - the comparison rules of docs/semantics.md, one
 * case each, named after the rule: arguments compared as the kernel reads
 * them, unsigned, masked, cut to their width (see test_semantics.c for how
 * a case asserts).
 */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "semantics_check.h"

/* ---- comparisons ----------------------------------------------------------- */

START_TEST(arguments_compared_as_the_kernel_reads_them)
{
	/* socket's domain is an int (32 bits), lseek's offset an off_t (64 on
	 * x86_64 and x32, 32 on x86), chmod's mode a umode_t (16 bits). */
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'],"
		" 'syscalls': ["
		"{'names': ['socket'], 'action': 'SCMP_ACT_ALLOW', 'args': [{'index': 0, 'value': 40,"
		" 'op': 'SCMP_CMP_NE'}]},"
		"{'names': ['lseek'], 'action': 'SCMP_ACT_ALLOW', 'args': [{'index': 1, 'value': 5,"
		" 'op': 'SCMP_CMP_EQ'}]},"
		"{'names': ['chmod'], 'action': 'SCMP_ACT_ALLOW', 'args': [{'index': 1, 'value': 420,"
		" 'op': 'SCMP_CMP_EQ'}]}]}";
	struct sem s;
	sem_compile(&s, json, "x86_64");
	for (enum arch_id a = ARCH_X86_64; a <= ARCH_X32; a++) {
		DECIDES(&s, a, "socket", RET_ALLOW, 2);
		DECIDES(&s, a, "socket", EPERM_, 40);
		DECIDES(&s, a, "socket", EPERM_, HIGH | 40);   /* AF_VSOCK to the kernel */
		DECIDES(&s, a, "socket", RET_ALLOW, HIGH | 2);
		DECIDES(&s, a, "chmod", RET_ALLOW, 0, 420);
		DECIDES(&s, a, "chmod", RET_ALLOW, 0, 0x10000 | 420);
		DECIDES(&s, a, "chmod", RET_ALLOW, 0, 0xffffffff00000000u | 420);
		DECIDES(&s, a, "chmod", EPERM_, 0, 421);
		DECIDES(&s, a, "lseek", RET_ALLOW, 0, 5);
		/* x86's compat_off_t is 32 bits; x86_64's and x32's off_t 64. */
		DECIDES(&s, a, "lseek", a == ARCH_X86 ? RET_ALLOW : EPERM_, 0, HIGH | 5);
	}
	sem_free(&s);
}
END_TEST

START_TEST(comparisons_are_unsigned)
{
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'],"
		" 'syscalls': [{'names': ['lseek'], 'action': 'SCMP_ACT_ALLOW', 'args': [{'index': 1,"
		" 'value': 5, 'op': 'SCMP_CMP_LT'}]},"
		"{'names': ['kill'], 'action': 'SCMP_ACT_ALLOW', 'args': [{'index': 1,"
		" 'value': 5, 'op': 'SCMP_CMP_GT'}]}]}";
	struct sem s;
	sem_compile(&s, json, "x86_64");
	for (enum arch_id a = ARCH_X86_64; a <= ARCH_X32; a++) {
		uint64_t minus_one = a == ARCH_X86 ? 0xffffffffu : ~UINT64_C(0);
		DECIDES(&s, a, "lseek", RET_ALLOW, 0, 4);
		DECIDES(&s, a, "lseek", EPERM_, 0, minus_one);
		DECIDES(&s, a, "lseek", EPERM_, 0, 0x80000000u);
		DECIDES(&s, a, "kill", RET_ALLOW, 0, 0xffffffffu);   /* -1 as an int */
		DECIDES(&s, a, "kill", RET_ALLOW, 0, 0x80000000u);
		DECIDES(&s, a, "kill", EPERM_, 0, 5);
	}
	sem_free(&s);
}
END_TEST

START_TEST(masked_eq_masks_the_argument_and_the_datum)
{
	/* (arg & 0xf0) == (0x1ff & 0xf0): bits 4..7 all set. */
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'],"
		" 'syscalls': [{'names': ['lseek'], 'action': 'SCMP_ACT_ALLOW', 'args': [{'index': 2,"
		" 'value': 240, 'valueTwo': 511, 'op': 'SCMP_CMP_MASKED_EQ'}]},"
		"{'names': ['ioctl'], 'action': 'SCMP_ACT_ALLOW', 'args': [{'index': 2,"
		" 'value': 4294967297, 'valueTwo': 4294967296, 'op': 'SCMP_CMP_MASKED_EQ'}]}]}";
	struct sem s;
	sem_compile(&s, json, "x86_64");
	for (enum arch_id a = ARCH_X86_64; a <= ARCH_X32; a++) {
		DECIDES(&s, a, "lseek", RET_ALLOW, 0, 0, 0xf0);
		DECIDES(&s, a, "lseek", RET_ALLOW, 0, 0, 0x1f3);
		DECIDES(&s, a, "lseek", EPERM_, 0, 0, 0x70);
		DECIDES(&s, a, "lseek", EPERM_, 0, 0, 0x10f);
	}
	/* ioctl's arg is an unsigned long: on x86_64 (arg & (2^32 + 1)) ==
	 * 2^32; on x86 and x32 (compat_ulong_t) the mask is 1 and the datum 0. */
	DECIDES(&s, ARCH_X86_64, "ioctl", RET_ALLOW, 0, 0, HIGH);
	DECIDES(&s, ARCH_X86_64, "ioctl", RET_ALLOW, 0, 0, HIGH | 6);
	DECIDES(&s, ARCH_X86_64, "ioctl", EPERM_, 0, 0, HIGH | 7);
	DECIDES(&s, ARCH_X86_64, "ioctl", EPERM_, 0, 0, 0);
	for (enum arch_id a = ARCH_X86; a <= ARCH_X32; a++) {
		DECIDES(&s, a, "ioctl", RET_ALLOW, 0, 0, 0);
		DECIDES(&s, a, "ioctl", EPERM_, 0, 0, 1);
	}
	sem_free(&s);
}
END_TEST

START_TEST(arguments_past_the_arity_compare_the_whole_register)
{
	/* getpid takes nothing: its args[2] is the whole register, 64 bits on
	 * x86_64 and x32, 32 on x86 (the constant cut there, with a warning). */
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'],"
		" 'syscalls': [{'names': ['getpid'], 'action': 'SCMP_ACT_ALLOW', 'args': [{'index': 2,"
		" 'value': 4294967297, 'op': 'SCMP_CMP_EQ'}]}]}";
	struct sem s;
	sem_compile(&s, json, "x86_64");
	ck_assert_msg(strstr(diag_text(&s.diag), "value 0x100000001 does not fit the 32 bits of "
			     "argument 2 of getpid on x86; only 0x1 is compared"), "%s",
		      diag_text(&s.diag));
	for (enum arch_id a = ARCH_X86_64; a <= ARCH_X32; a += 2) {
		DECIDES(&s, a, "getpid", RET_ALLOW, 0, 0, HIGH | 1);
		DECIDES(&s, a, "getpid", EPERM_, 0, 0, 1);
	}
	DECIDES(&s, ARCH_X86, "getpid", RET_ALLOW, 0, 0, 1);
	sem_free(&s);
}
END_TEST

START_TEST(constants_are_cut_to_the_width_with_a_warning)
{
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86'], 'syscalls': ["
		"{'names': ['socket'], 'action': 'SCMP_ACT_ALLOW', 'args': [{'index': 0,"
		" 'value': 4294967298, 'op': 'SCMP_CMP_EQ'}]}]}";
	struct sem s;
	sem_compile(&s, json, "x86_64");
	ck_assert_msg(strstr(diag_text(&s.diag), "syscalls[0].args[0]: value 0x100000002 does not "
			     "fit argument 0 of socket on x86_64 (int family: the kernel reads 32 "
			     "bits); only 0x2 is compared"), "%s", diag_text(&s.diag));
	for (enum arch_id a = ARCH_X86_64; a <= ARCH_X86; a++) {
		DECIDES(&s, a, "socket", RET_ALLOW, 2);
		DECIDES(&s, a, "socket", RET_ALLOW, HIGH | 2);
		DECIDES(&s, a, "socket", EPERM_, 3);
	}
	sem_free(&s);
}
END_TEST

START_TEST(negative_constants_sign_extended_from_the_width_fit)
{
	/* AT_FDCWD written as a 64-bit -100 means -100 to openat's int dirfd. */
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86'], 'syscalls': ["
		"{'names': ['openat'], 'action': 'SCMP_ACT_ALLOW', 'args': [{'index': 0,"
		" 'value': 18446744073709551516, 'op': 'SCMP_CMP_EQ'}]}]}";
	struct sem s;
	sem_compile(&s, json, "x86_64");
	ck_assert_str_eq(diag_text(&s.diag), "");
	for (enum arch_id a = ARCH_X86_64; a <= ARCH_X86; a++) {
		DECIDES(&s, a, "openat", RET_ALLOW, 0xffffff9cu);
		DECIDES(&s, a, "openat", RET_ALLOW, 0xffffffffffffff9cu);
		DECIDES(&s, a, "openat", EPERM_, 0xffffff9du);
		DECIDES(&s, a, "openat", EPERM_, 3);
	}
	sem_free(&s);
}
END_TEST

START_TEST(mask_bits_above_the_width_are_dropped_silently)
{
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86'], 'syscalls': ["
		"{'names': ['socket'], 'action': 'SCMP_ACT_ALLOW', 'args': [{'index': 0,"
		" 'value': 18446744069414584335, 'valueTwo': 2, 'op': 'SCMP_CMP_MASKED_EQ'}]}]}";
	struct sem s;
	sem_compile(&s, json, "x86_64");   /* mask 0xffffffff0000000f */
	ck_assert_str_eq(diag_text(&s.diag), "");
	for (enum arch_id a = ARCH_X86_64; a <= ARCH_X86; a++) {
		DECIDES(&s, a, "socket", RET_ALLOW, 2);
		DECIDES(&s, a, "socket", RET_ALLOW, 0x12);
		DECIDES(&s, a, "socket", RET_ALLOW, 0xabcd000000000002u);
		DECIDES(&s, a, "socket", EPERM_, 3);
	}
	sem_free(&s);
}
END_TEST

START_TEST(x32_compares_long_on_64_bits_and_int_on_32)
{
	/* ioctl's request (unsigned int) and lseek's offset (off_t) on x32,
	 * whose ioctl is a compat call (514) and lseek a native one (8). */
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X32'], 'syscalls': ["
		"{'names': ['ioctl'], 'action': 'SCMP_ACT_ALLOW', 'args': [{'index': 1,"
		" 'value': 21505, 'op': 'SCMP_CMP_EQ'}, {'index': 2, 'value': 7, 'op': 'SCMP_CMP_EQ'}]},"
		"{'names': ['lseek'], 'action': 'SCMP_ACT_ALLOW', 'args': [{'index': 1,"
		" 'value': 4294967296, 'op': 'SCMP_CMP_GE'}]}]}";
	struct sem s;
	sem_compile(&s, json, "x86_64");
	DECIDES(&s, ARCH_X32, "ioctl", RET_ALLOW, 0, 21505, 7);
	DECIDES(&s, ARCH_X32, "ioctl", RET_ALLOW, 0, HIGH | 21505, HIGH | 7);
	DECIDES(&s, ARCH_X32, "lseek", RET_ALLOW, 0, HIGH);
	DECIDES(&s, ARCH_X32, "lseek", EPERM_, 0, 0xffffffffu);
	DECIDES(&s, ARCH_X86_64, "ioctl", EPERM_, 0, 21505, HIGH | 7);
	DECIDES(&s, ARCH_X86_64, "lseek", RET_ALLOW, 0, HIGH);
	sem_free(&s);
}
END_TEST

START_TEST(mips_n32_compares_32_bits)
{
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_MIPS64N32'], "
		"'syscalls': [{'names': ['lseek'], 'action': 'SCMP_ACT_ALLOW', 'args': [{'index': 1,"
		" 'value': 5, 'op': 'SCMP_CMP_EQ'}]}]}";
	struct sem s;
	sem_compile(&s, json, "mips64");
	DECIDES(&s, ARCH_MIPS64N32, "lseek", RET_ALLOW, 0, 5);
	DECIDES(&s, ARCH_MIPS64N32, "lseek", RET_ALLOW, 0, HIGH | 5);
	DECIDES(&s, ARCH_MIPS64, "lseek", EPERM_, 0, HIGH | 5);
	DECIDES(&s, ARCH_MIPS64, "lseek", RET_ALLOW, 0, 5);
	sem_free(&s);
}
END_TEST

START_TEST(register_width_compares_whole_registers)
{
	/* --arg-width register: libseccomp's reading, 64 bits on x86_64, 32 on
	 * x86 and x32. */
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'],"
		" 'syscalls': [{'names': ['socket'], 'action': 'SCMP_ACT_ALLOW', 'args': [{'index': 0,"
		" 'value': 40, 'op': 'SCMP_CMP_NE'}]},"
		"{'names': ['lseek'], 'action': 'SCMP_ACT_ALLOW', 'args': [{'index': 1,"
		" 'value': 5, 'op': 'SCMP_CMP_EQ'}]}]}";
	struct compile_options co = sem_opts("x86_64");
	co.select.register_width = true;
	struct sem s;
	sem_compile_opts(&s, json, co);
	DECIDES(&s, ARCH_X86_64, "socket", RET_ALLOW, HIGH | 40);
	DECIDES(&s, ARCH_X86_64, "socket", EPERM_, 40);
	DECIDES(&s, ARCH_X86, "socket", EPERM_, 40);
	DECIDES(&s, ARCH_X32, "socket", EPERM_, HIGH | 40);
	DECIDES(&s, ARCH_X32, "lseek", RET_ALLOW, 0, HIGH | 5);   /* 32 bits on x32 */
	DECIDES(&s, ARCH_X86_64, "lseek", EPERM_, 0, HIGH | 5);
	sem_free(&s);
}
END_TEST

START_TEST(conditions_constant_once_cut_are_read_exactly)
{
	/* For socket's 32-bit domain: < 2^32 never holds, >= 2^32 always;
	 * a mask in the high word only always holds; < 0 never, >= 0 always,
	 * a mask of 0 always (on any arch). */
	static const struct { const char *op; uint64_t value; bool holds; } conds[] = {
		{ "SCMP_CMP_LT", HIGH, false }, { "SCMP_CMP_GE", HIGH, true },
		{ "SCMP_CMP_MASKED_EQ", HIGH, true }, { "SCMP_CMP_LT", 0, false },
		{ "SCMP_CMP_GE", 0, true }, { "SCMP_CMP_MASKED_EQ", 0, true },
		{ "SCMP_CMP_GT", ~UINT64_C(0), false }, { "SCMP_CMP_LE", ~UINT64_C(0), true },
	};
	for (size_t i = 0; i < sizeof conds / sizeof conds[0]; i++) {
		char json[512];
		snprintf(json, sizeof json,
			 "{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86'], "
			 "'syscalls': [{'names': ['socket'], 'action': 'SCMP_ACT_ALLOW', 'args': "
			 "[{'index': 0, 'value': %" PRIu64 ", 'valueTwo': 0, 'op': '%s'}]}]}",
			 conds[i].value, conds[i].op);
		struct sem s;
		sem_compile(&s, json, "x86_64");
		uint32_t want = conds[i].holds ? RET_ALLOW : EPERM_;
		for (enum arch_id a = ARCH_X86_64; a <= ARCH_X86; a++) {
			DECIDES(&s, a, "socket", want, 0);
			DECIDES(&s, a, "socket", want, 0xffffffffu);
			DECIDES(&s, a, "socket", want, HIGH | 7);
		}
		sem_free(&s);
	}
}
END_TEST

static Suite *semantics_args_suite(void)
{
	Suite *s = suite_create("semantics_args");
	TCase *t;
	t = tcase_create("comparisons");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, arguments_compared_as_the_kernel_reads_them);
	tcase_add_test(t, comparisons_are_unsigned);
	tcase_add_test(t, masked_eq_masks_the_argument_and_the_datum);
	tcase_add_test(t, arguments_past_the_arity_compare_the_whole_register);
	tcase_add_test(t, constants_are_cut_to_the_width_with_a_warning);
	tcase_add_test(t, negative_constants_sign_extended_from_the_width_fit);
	tcase_add_test(t, mask_bits_above_the_width_are_dropped_silently);
	tcase_add_test(t, x32_compares_long_on_64_bits_and_int_on_32);
	tcase_add_test(t, mips_n32_compares_32_bits);
	tcase_add_test(t, register_width_compares_whole_registers);
	tcase_add_test(t, conditions_constant_once_cut_are_read_exactly);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(semantics_args_suite());
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? 1 : 0;
}
