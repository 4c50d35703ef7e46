/*
 * test_bpf_validate.c - every rule of the kernel's bpf_check_classic() and
 * seccomp_check_filter() has a rejected case with its exact message, and a
 * program using every allowed opcode is accepted.
 */
#include <check.h>
#include <stdlib.h>

#include "bpf.h"

#define S(c, k) BPF_STMT((uint16_t)(c), (uint32_t)(k))
#define J(c, k, t, f) BPF_JUMP((uint16_t)(c), (uint32_t)(k), (uint8_t)(t), (uint8_t)(f))
#define RETK S(BPF_RET | BPF_K, 0x7fff0000)

/* Validates and returns the messages (static storage, one test at a time). */
static const char *check_prog(const struct sock_filter *insns, size_t len, bool *ok)
{
	static char text[4096];
	struct bpf_prog p = { (struct sock_filter *)insns, len };
	struct diag d;
	diag_init(&d, NULL);
	*ok = bpf_validate(&p, &d);
	snprintf(text, sizeof text, "%s", diag_text(&d));
	diag_fini(&d);
	return text;
}

#define PROG(...) (const struct sock_filter[]){ __VA_ARGS__ }, \
	sizeof((const struct sock_filter[]){ __VA_ARGS__ }) / sizeof(struct sock_filter)

static void rejected(const char *expect, const struct sock_filter *insns, size_t len)
{
	bool ok;
	const char *got = check_prog(insns, len, &ok);
	ck_assert_msg(!ok, "accepted, expected %s", expect);
	ck_assert_str_eq(got, expect);
}

START_TEST(accepts_every_allowed_opcode)
{
	bool ok;
	const char *msg = check_prog(PROG(
		S(BPF_LD | BPF_W | BPF_ABS, 60), S(BPF_LD | BPF_W | BPF_LEN, 0),
		S(BPF_LDX | BPF_W | BPF_LEN, 0), S(BPF_LD | BPF_IMM, 1), S(BPF_LDX | BPF_IMM, 1),
		S(BPF_ST, 0), S(BPF_STX, 15), S(BPF_LD | BPF_MEM, 0), S(BPF_LDX | BPF_MEM, 15),
		S(BPF_ALU | BPF_ADD | BPF_K, 1), S(BPF_ALU | BPF_ADD | BPF_X, 0),
		S(BPF_ALU | BPF_SUB | BPF_K, 1), S(BPF_ALU | BPF_SUB | BPF_X, 0),
		S(BPF_ALU | BPF_MUL | BPF_K, 1), S(BPF_ALU | BPF_MUL | BPF_X, 0),
		S(BPF_ALU | BPF_DIV | BPF_K, 1), S(BPF_ALU | BPF_DIV | BPF_X, 0),
		S(BPF_ALU | BPF_AND | BPF_K, 1), S(BPF_ALU | BPF_AND | BPF_X, 0),
		S(BPF_ALU | BPF_OR | BPF_K, 1), S(BPF_ALU | BPF_OR | BPF_X, 0),
		S(BPF_ALU | BPF_XOR | BPF_K, 1), S(BPF_ALU | BPF_XOR | BPF_X, 0),
		S(BPF_ALU | BPF_LSH | BPF_K, 31), S(BPF_ALU | BPF_LSH | BPF_X, 0),
		S(BPF_ALU | BPF_RSH | BPF_K, 31), S(BPF_ALU | BPF_RSH | BPF_X, 0),
		S(BPF_ALU | BPF_NEG, 0), S(BPF_MISC | BPF_TAX, 0), S(BPF_MISC | BPF_TXA, 0),
		S(BPF_JMP | BPF_JA, 0),
		J(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 0), J(BPF_JMP | BPF_JEQ | BPF_X, 0, 0, 0),
		J(BPF_JMP | BPF_JGT | BPF_K, 1, 0, 0), J(BPF_JMP | BPF_JGT | BPF_X, 0, 0, 0),
		J(BPF_JMP | BPF_JGE | BPF_K, 1, 0, 0), J(BPF_JMP | BPF_JGE | BPF_X, 0, 0, 0),
		J(BPF_JMP | BPF_JSET | BPF_K, 1, 0, 0), J(BPF_JMP | BPF_JSET | BPF_X, 0, 1, 0),
		S(BPF_RET | BPF_A, 0), RETK), &ok);
	ck_assert_msg(ok, "%s", msg);
	ck_assert_str_eq(msg, "");
}
END_TEST

START_TEST(length)
{
	bool ok;
	struct sock_filter one = RETK;
	ck_assert_str_eq(check_prog(&one, 0, &ok),
			 "error: the program is empty; the kernel needs 1 to 4096 instructions\n");
	ck_assert(!ok);
	struct sock_filter *many = calloc(4097, sizeof *many);
	for (int i = 0; i < 4097; i++)
		many[i] = one;
	ck_assert_str_eq(check_prog(many, 4097, &ok),
			 "error: the program has 4097 instructions; the kernel accepts at most 4096\n");
	ck_assert(!ok);
	ck_assert_str_eq(check_prog(many, 4096, &ok), "");
	ck_assert(ok);
	free(many);
}
END_TEST

START_TEST(forbidden_opcodes)
{
	rejected("error: instruction 0: 16-bit load is not allowed in seccomp filters; only 32-bit "
		 "loads are\n", PROG(S(BPF_LD | BPF_H | BPF_ABS, 0), RETK));
	rejected("error: instruction 1: 8-bit load is not allowed in seccomp filters; only 32-bit "
		 "loads are\n", PROG(RETK, S(BPF_LD | BPF_B | BPF_ABS, 0), RETK));
	rejected("error: instruction 0: indirect load (ld [x + k]) is not allowed in seccomp filters\n",
		 PROG(S(BPF_LD | BPF_W | BPF_IND, 0), RETK));
	rejected("error: instruction 0: ldx msh (IP header length) is not allowed in seccomp filters\n",
		 PROG(S(BPF_LDX | BPF_B | BPF_MSH, 0), RETK));
	rejected("error: instruction 0: modulo (mod) is not allowed in seccomp filters\n",
		 PROG(S(BPF_ALU | BPF_MOD | BPF_K, 3), RETK));
	rejected("error: instruction 0: opcode 0x000e is not an instruction seccomp filters may use\n",
		 PROG(S(BPF_RET | BPF_X, 0), RETK));
	rejected("error: instruction 0: opcode 0x008c is not an instruction seccomp filters may use\n",
		 PROG(S(BPF_ALU | BPF_NEG | BPF_X, 0), RETK));
}
END_TEST

START_TEST(loads)
{
	rejected("error: instruction 0: load from offset 66 is outside struct seccomp_data (64 bytes)\n",
		 PROG(S(BPF_LD | BPF_W | BPF_ABS, 66), RETK));
	rejected("error: instruction 0: load from offset 64 is outside struct seccomp_data (64 bytes)\n",
		 PROG(S(BPF_LD | BPF_W | BPF_ABS, 64), RETK));
	rejected("error: instruction 0: load from offset 2 is not 32-bit aligned\n",
		 PROG(S(BPF_LD | BPF_W | BPF_ABS, 2), RETK));
	rejected("error: instruction 0: load from offset 4294963200 is outside struct seccomp_data "
		 "(64 bytes)\n", PROG(S(BPF_LD | BPF_W | BPF_ABS, 0xfffff000u), RETK));  /* SKF_AD_OFF */
}
END_TEST

START_TEST(arithmetic)
{
	rejected("error: instruction 0: division by constant 0\n",
		 PROG(S(BPF_ALU | BPF_DIV | BPF_K, 0), RETK));
	rejected("error: instruction 0: shift by 32; the kernel refuses constant shifts of 32 or more\n",
		 PROG(S(BPF_ALU | BPF_LSH | BPF_K, 32), RETK));
	rejected("error: instruction 0: shift by 40; the kernel refuses constant shifts of 32 or more\n",
		 PROG(S(BPF_ALU | BPF_RSH | BPF_K, 40), RETK));
}
END_TEST

START_TEST(memory_slots)
{
	rejected("error: instruction 0: scratch memory slot M[16] does not exist (slots are M[0] to "
		 "M[15])\n", PROG(S(BPF_ST, 16), RETK));
	rejected("error: instruction 0: scratch memory slot M[99] does not exist (slots are M[0] to "
		 "M[15])\n", PROG(S(BPF_LDX | BPF_MEM, 99), RETK));
}
END_TEST

START_TEST(jumps_in_range)
{
	rejected("error: instruction 0: jump to instruction 2 is past the last instruction (1)\n",
		 PROG(S(BPF_JMP | BPF_JA, 1), RETK));
	rejected("error: instruction 0: jump to instruction 4294967296 is past the last instruction "
		 "(1)\n", PROG(S(BPF_JMP | BPF_JA, 0xffffffffu), RETK));
	rejected("error: instruction 0: jump to instruction 3 is past the last instruction (2)\n",
		 PROG(J(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2), RETK, RETK));
	rejected("error: instruction 0: jump to instruction 5 is past the last instruction (1)\n",
		 PROG(J(BPF_JMP | BPF_JSET | BPF_X, 0, 4, 0), RETK));
}
END_TEST

START_TEST(last_is_return)
{
	rejected("error: instruction 1: the last instruction must be a return (ret)\n",
		 PROG(RETK, S(BPF_LD | BPF_IMM, 0)));
	/* a jump as the last instruction also jumps past the end */
	rejected("error: instruction 1: jump to instruction 2 is past the last instruction (1)\n"
		 "error: instruction 1: the last instruction must be a return (ret)\n",
		 PROG(RETK, J(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 0)));
}
END_TEST

START_TEST(memory_written_before_read)
{
	rejected("error: instruction 0: reads scratch memory M[3], which is not written on every "
		 "path to it\n", PROG(S(BPF_LD | BPF_MEM, 3), RETK));
	/* written on the true path only */
	rejected("error: instruction 3: reads scratch memory M[1], which is not written on every "
		 "path to it\n",
		 PROG(J(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), S(BPF_ST, 1),
		      S(BPF_LD | BPF_IMM, 0), S(BPF_LDX | BPF_MEM, 1), RETK));
	bool ok;
	/* written on both paths */
	ck_assert_str_eq(check_prog(PROG(J(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2), S(BPF_ST, 1),
					 S(BPF_JMP | BPF_JA, 1), S(BPF_STX, 1),
					 S(BPF_LD | BPF_MEM, 1), RETK), &ok), "");
	ck_assert(ok);
	/* The kernel's quirk: the state after a return flows on (not reset). */
	ck_assert_str_eq(check_prog(PROG(S(BPF_ST, 2), J(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 1),
					 RETK, S(BPF_LD | BPF_MEM, 2), RETK), &ok), "");
	ck_assert(ok);
}
END_TEST

START_TEST(every_violation_is_reported)
{
	rejected("error: instruction 0: load from offset 66 is outside struct seccomp_data (64 bytes)\n"
		 "error: instruction 1: division by constant 0\n"
		 "error: instruction 2: the last instruction must be a return (ret)\n",
		 PROG(S(BPF_LD | BPF_W | BPF_ABS, 66), S(BPF_ALU | BPF_DIV | BPF_K, 0),
		      S(BPF_LD | BPF_IMM, 0)));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bpf_validate");
	TCase *tc = tcase_create("validate");
	tcase_add_test(tc, accepts_every_allowed_opcode);
	tcase_add_test(tc, length);
	tcase_add_test(tc, forbidden_opcodes);
	tcase_add_test(tc, loads);
	tcase_add_test(tc, arithmetic);
	tcase_add_test(tc, memory_slots);
	tcase_add_test(tc, jumps_in_range);
	tcase_add_test(tc, last_is_return);
	tcase_add_test(tc, memory_written_before_read);
	tcase_add_test(tc, every_violation_is_reported);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
