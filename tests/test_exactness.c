/*
 * test_exactness.c - conditions that are constant do not confuse the code
 * generator (issue 9's wrong filter, and every trigger of its kind).
 *
 * A rule whose condition always or never holds once it is read as the
 * kernel reads it (LT 0, GE 0, GT or LE the largest value, a mask of 0, a
 * 64-bit constant cut to its low word on a 32-bit arch) stands before a
 * rule that tests three other words. Every such profile must compile (the
 * verifier passing), and decide as the rules say on inputs chosen around
 * their constants, on 64- and 32-bit arches, x32 included (whose read()
 * is x86_64's: a 64-bit buf and count), reading each argument as the kernel
 * does; on this machine the kernel has the last word.
 */
#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "testlib.h"

/* One constant condition: as JSON, and whether it holds on 64-bit and on
 * 32-bit arguments (it is constant on the arches listed). */
struct constant {
	const char *json;
	int on64, on32;      /* 1 holds, 0 never, -1 not constant there */
};

static const struct constant constants[] = {
	{ "{\"index\": 1, \"value\": 0, \"op\": \"SCMP_CMP_LT\"}", 0, 0 },
	{ "{\"index\": 1, \"value\": 0, \"op\": \"SCMP_CMP_GE\"}", 1, 1 },
	{ "{\"index\": 1, \"value\": 18446744073709551615, \"op\": \"SCMP_CMP_GT\"}", 0, 0 },
	{ "{\"index\": 1, \"value\": 18446744073709551615, \"op\": \"SCMP_CMP_LE\"}", 1, 1 },
	{ "{\"index\": 1, \"value\": 4294967295, \"op\": \"SCMP_CMP_GT\"}", -1, 0 },
	{ "{\"index\": 1, \"value\": 4294967295, \"op\": \"SCMP_CMP_LE\"}", -1, 1 },
	{ "{\"index\": 1, \"value\": 0, \"valueTwo\": 7, \"op\": \"SCMP_CMP_MASKED_EQ\"}", 1, 1 },
	/* high-word masks and data: cut to nothing on 32-bit arches */
	{ "{\"index\": 1, \"value\": 18446744069414584320, \"valueTwo\": 0, "
	  "\"op\": \"SCMP_CMP_MASKED_EQ\"}", -1, 1 },
	/* 2^32 cut to its low word: LT 0 (never), GE 0 (always) */
	{ "{\"index\": 1, \"value\": 4294967296, \"op\": \"SCMP_CMP_LT\"}", -1, 0 },
	{ "{\"index\": 1, \"value\": 4294967296, \"op\": \"SCMP_CMP_GE\"}", -1, 1 },
};

/* Rule 1: args[0] == 5 and the constant; rule 2: (args[0] & 2) == 0,
 * args[2] == 1111, args[3] == 2222. Both allow; the default refuses. */
static char *profile(const struct constant *k, const char *arches)
{
	char *s = malloc(2048);
	snprintf(s, 2048,
		 "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [%s], \"syscalls\": ["
		 "{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": ["
		 "{\"index\": 0, \"value\": 5, \"op\": \"SCMP_CMP_EQ\"}, %s]},"
		 "{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": ["
		 "{\"index\": 0, \"value\": 2, \"valueTwo\": 0, \"op\": \"SCMP_CMP_MASKED_EQ\"},"
		 "{\"index\": 2, \"value\": 1111, \"op\": \"SCMP_CMP_EQ\"},"
		 "{\"index\": 3, \"value\": 2222, \"op\": \"SCMP_CMP_EQ\"}]},"
		 "{\"names\": [\"exit_group\", \"write\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
		 arches, k->json);
	return s;
}

/* What the two rules say for args, bits[i] of args[i] read. */
static bool allowed(const struct constant *k, const uint64_t a[6], const unsigned bits[6])
{
	uint64_t m[6];
	for (int i = 0; i < 6; i++)
		m[i] = bits[i] == 64 ? ~0ull : (1ull << bits[i]) - 1;
	int konst = bits[1] == 64 ? k->on64 : k->on32;
	bool kholds;
	if (konst >= 0) {
		kholds = konst;
	} else {   /* not constant: only the 64-bit cases with a 2^32-ish constant */
		uint64_t v = a[1];
		kholds = strstr(k->json, "GT") ? v > 0xffffffffull :
			 strstr(k->json, "\"LE") ? v <= 0xffffffffull :
			 strstr(k->json, "LT") ? v < 0x100000000ull :
			 strstr(k->json, "GE") ? v >= 0x100000000ull : (v >> 32) == 0;
	}
	bool rule1 = (a[0] & m[0]) == 5 && kholds;
	bool rule2 = (a[0] & 2) == 0 && (a[2] & m[2]) == 1111 && (a[3] & m[3]) == 2222;
	return rule1 || rule2;
}

struct target {
	const char *name;      /* --target */
	const char *arches;    /* the profile's architectures */
	const char *members[3];
};

static const struct target targets[] = {
	{ "x86_64", "\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\", \"SCMP_ARCH_X32\"",
	  { "x86_64", "x86", "x32" } },
	{ "aarch64", "\"SCMP_ARCH_ARM\"", { "aarch64", "arm", NULL } },
	{ "s390x", "\"SCMP_ARCH_S390\"", { "s390x", "s390", NULL } },
	{ "mips64", "\"SCMP_ARCH_MIPS64N32\", \"SCMP_ARCH_MIPS\"", { "mips64", "mips64n32", "mips" } },
	{ "ppc64", "\"SCMP_ARCH_PPC\"", { "ppc64", "ppc", NULL } },
	{ "riscv64", "\"SCMP_ARCH_RISCV64\"", { "riscv64", NULL, NULL } },
};

/* Every constant, every family and member arch: compiles, and decides as
 * the rules say around their constants. */
START_TEST(constant_conditions_compile_and_decide)
{
	const struct target *tg = &targets[_i];
	static const uint64_t vals0[] = { 0, 2, 5, 6, 7, 0x100000005ull, 0xffffffff00000005ull };
	static const uint64_t vals1[] = { 0, 1, 0xffffffffull, 0x100000000ull, ~0ull, 0x80000000ull };
	static const uint64_t vals23[] = { 0, 1111, 2222, 0x100000457ull, 0x1000008aeull };
	for (size_t c = 0; c < sizeof constants / sizeof *constants; c++) {
		char *json = profile(&constants[c], tg->arches);
		struct arena arena;
		arena_init(&arena);
		struct diag diag;
		diag_init(&diag, "exactness");
		diag.quiet_warnings = true;
		struct compile_result res;
		ck_assert_msg(test_compile(json, tg->name, &arena, &diag, &res) == 0,
			      "constant %zu on %s: %s", c, tg->name, diag_text(&diag));
		for (int mi = 0; mi < 3 && tg->members[mi]; mi++) {
			const struct arch_info *a = arch_by_name(tg->members[mi]);
			int64_t nr = arch_syscall_nr(a, "read");
			/* read(unsigned int fd, char *buf, size_t count): what the
			 * kernel reads of each, from the generated signatures; args[3]
			 * is past the arity, so its whole register counts. */
			unsigned bits[6];
			for (unsigned i = 0; i < 6; i++)
				bits[i] = arch_arg_bits(a, (uint32_t)nr, i);
			ck_assert_uint_eq(bits[0], 32);
			ck_assert_uint_eq(bits[3], arch_reg_bits(a));
			struct bpf_input in = { .nr = (int32_t)nr, .arch = a->audit_arch,
						.big_endian = a->big_endian };
			for (size_t i0 = 0; i0 < 7; i0++)
				for (size_t i1 = 0; i1 < 6; i1++)
					for (size_t i2 = 0; i2 < 5; i2++)
						for (size_t i3 = 0; i3 < 5; i3++) {
							in.args[0] = vals0[i0];
							in.args[1] = vals1[i1];
							in.args[2] = vals23[i2];
							in.args[3] = vals23[(i3 + 2) % 5];
							bool want = allowed(&constants[c], in.args, bits);
							uint32_t got = bpf_simulate(&res.prog, &in).action;
							ck_assert_msg((got == 0x7fff0000) == want,
								      "constant %zu on %s: read(0x%" PRIx64
								      ", 0x%" PRIx64 ", 0x%" PRIx64
								      ", 0x%" PRIx64 ") gives 0x%x",
								      c, a->name, in.args[0], in.args[1],
								      in.args[2], in.args[3], got);
						}
		}
		diag_fini(&diag);
		arena_free(&arena);
		free(json);
	}
}
END_TEST

/*
 * File order within a class: two ERRNO(EPERM) rules around an ERRNO(EACCES)
 * one. The later EPERM rule always holds, and its terms include the first
 * one's; still, where the first fails and the middle one holds, EACCES
 * decides (a fuzz finding: the first was dropped as "the same action", and
 * the verifier refused the program).
 */
static const char file_order_json[] =
	"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_X86_64\"],"
	" \"syscalls\": ["
	"{\"names\": [\"chroot\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1,"
	" \"args\": [{\"index\": 2, \"value\": 65536, \"op\": \"SCMP_CMP_LT\"}]},"
	"{\"names\": [\"chroot\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 13,"
	" \"args\": [{\"index\": 2, \"value\": 18446744069414584320, \"op\": \"SCMP_CMP_LE\"}]},"
	"{\"names\": [\"chroot\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1,"
	" \"args\": [{\"index\": 0, \"value\": 0, \"op\": \"SCMP_CMP_GE\"}]}]}";

START_TEST(file_order_within_a_class)
{
	struct arena arena;
	arena_init(&arena);
	struct diag diag;
	diag_init(&diag, "exactness");
	diag.quiet_warnings = true;
	struct compile_result res;
	ck_assert_msg(test_compile(file_order_json, "x86_64", &arena, &diag, &res) == 0, "%s",
		      diag_text(&diag));
	static const struct { uint64_t a2; int err; } cases[] = {
		{ 1, EPERM },                        /* rule 1 */
		{ 65536, EACCES },                   /* rule 2: rule 1 fails */
		{ 0xffffffff00000000ull, EACCES },   /* rule 2 at its bound */
		{ ~0ull, EPERM },                    /* rule 3 only */
	};
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		struct bpf_input in = { .nr = SYS_chroot, .arch = arch_by_name("x86_64")->audit_arch };
		in.args[2] = cases[c].a2;
		ck_assert_uint_eq(bpf_simulate(&res.prog, &in).action,
				  0x00050000u | (uint32_t)cases[c].err);
#if defined(__x86_64__)
		uint64_t args[6] = { 0, 0, cases[c].a2, 0, 0, 0 };
		struct child_outcome o = run_syscall_filtered(&res.prog, SYS_chroot, args);
		ck_assert(o.installed && o.exited);
		ck_assert_int_eq(o.ret, -1);
		ck_assert_int_eq(o.err, cases[c].err);
#endif
	}
	diag_fini(&diag);
	arena_free(&arena);
}
END_TEST

#if defined(__x86_64__)
/* Issue 9's filter in the real kernel: read(6, 0, 1111, 2222) is refused
 * (rule 2 needs bit 1 of the fd clear), read(4, 0, 1111, 2222) runs (and
 * fails on the closed fd). Also through int $0x80 for x86. */
START_TEST(kernel_refuses_what_the_profile_refuses)
{
	char *json = profile(&constants[0], "\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\"");
	struct arena arena;
	arena_init(&arena);
	struct diag diag;
	diag_init(&diag, "exactness");
	struct compile_result res;
	ck_assert_msg(test_compile(json, "x86_64", &arena, &diag, &res) == 0, "%s", diag_text(&diag));
	uint64_t refused[6] = { 6, 0, 1111, 2222, 0, 0 }, allowed_[6] = { 1000, 0, 1111, 2222, 0, 0 };
	struct child_outcome o = run_syscall_filtered(&res.prog, SYS_read, refused);
	ck_assert(o.installed && o.exited);
	ck_assert_int_eq(o.ret, -1);
	ck_assert_int_eq(o.err, EPERM);
	o = run_syscall_filtered(&res.prog, SYS_read, allowed_);
	ck_assert(o.installed && o.exited);
	ck_assert_int_eq(o.err, EBADF);   /* the kernel ran it: fd 1000 is not open */
	if (ia32_available("kernel_refuses_what_the_profile_refuses")) {
		/* x86's read is 3; its arguments 1..3 are eax's neighbours: fd,
		 * buf, count — rule 2's args[3] is out of reach of the helper,
		 * so only rule 1 with LT 0 (never) and the default are seen. */
		o = run_ia32_syscall_filtered(&res.prog, 3, refused);
		ck_assert(o.installed && o.exited);
		ck_assert(o.ret == -1 && o.err == EPERM);
	}
	diag_fini(&diag);
	arena_free(&arena);
	free(json);
}
END_TEST
#endif

static Suite *exactness_suite(void)
{
	Suite *s = suite_create("exactness");
	TCase *t = tcase_create("constants");
	tcase_set_timeout(t, 120);
	tcase_add_loop_test(t, constant_conditions_compile_and_decide, 0,
			    (int)(sizeof targets / sizeof *targets));
	tcase_add_test(t, file_order_within_a_class);
	suite_add_tcase(s, t);
#if defined(__x86_64__)
	t = tcase_create("kernel");
	tcase_add_test(t, kernel_refuses_what_the_profile_refuses);
	suite_add_tcase(s, t);
#endif
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(exactness_suite());
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? 1 : 0;
}
