/*
 * test_bpf_simulate.c - the simulator against hand-computed results: every
 * opcode seccomp allows (ALU in K and X form, loads, scratch memory, register
 * moves, every jump taken and not taken, both returns), seccomp_data loads in
 * both byte orders, exact executed counts and traces.
 */
#include <check.h>
#include <stdlib.h>

#include "bpf.h"

#define S(c, k) BPF_STMT((uint16_t)(c), (uint32_t)(k))
#define J(c, k, t, f) BPF_JUMP((uint16_t)(c), (uint32_t)(k), (uint8_t)(t), (uint8_t)(f))
#define RET_A S(BPF_RET | BPF_A, 0)

static struct bpf_result run(const struct sock_filter *insns, size_t len,
			     const struct bpf_input *in)
{
	struct bpf_prog p = { (struct sock_filter *)insns, len };
	struct diag d;
	diag_init(&d, NULL);
	ck_assert_msg(bpf_validate(&p, &d), "test program invalid: %s", diag_text(&d));
	diag_fini(&d);
	return bpf_simulate(&p, in);
}

#define RUN(in, ...) run((const struct sock_filter[]){ __VA_ARGS__ }, \
	sizeof((const struct sock_filter[]){ __VA_ARGS__ }) / sizeof(struct sock_filter), (in))

static const struct bpf_input zero_in;

/* ld #a; OP #k; ret a */
struct alu_case {
	uint16_t op;
	uint32_t a, k, expect;
};

static const struct alu_case alu_cases[] = {
	{ BPF_ADD, 7, 5, 12 },
	{ BPF_ADD, 0xffffffffu, 2, 1 },                  /* 32-bit wrap */
	{ BPF_SUB, 7, 9, 0xfffffffeu },
	{ BPF_MUL, 0x10000, 0x10001, 0x10000 },          /* overflow keeps the low word */
	{ BPF_DIV, 100, 7, 14 },
	{ BPF_DIV, 0xffffffffu, 2, 0x7fffffffu },        /* unsigned */
	{ BPF_AND, 0xf0f0, 0xff, 0xf0 },
	{ BPF_OR, 0xf000, 0x0f, 0xf00f },
	{ BPF_XOR, 0xff00, 0x0ff0, 0xf0f0 },
	{ BPF_LSH, 1, 31, 0x80000000u },
	{ BPF_LSH, 0x80000001u, 1, 2 },
	{ BPF_RSH, 0x80000000u, 31, 1 },                 /* logical, not arithmetic */
};

START_TEST(alu_k)
{
	const struct alu_case *c = &alu_cases[_i];
	struct sock_filter p[] = {
		S(BPF_LD | BPF_IMM, c->a), S(BPF_ALU | c->op | BPF_K, c->k), RET_A,
	};
	struct bpf_result r = run(p, 3, &zero_in);
	ck_assert_uint_eq(r.action, c->expect);
	ck_assert_uint_eq(r.executed, 3);
}
END_TEST

START_TEST(alu_x)
{
	const struct alu_case *c = &alu_cases[_i];
	struct sock_filter p[] = {
		S(BPF_LD | BPF_IMM, c->a), S(BPF_LDX | BPF_IMM, c->k),
		S(BPF_ALU | c->op | BPF_X, 0), RET_A,
	};
	struct bpf_result r = run(p, 4, &zero_in);
	ck_assert_uint_eq(r.action, c->expect);
	ck_assert_uint_eq(r.executed, 4);
}
END_TEST

START_TEST(neg)
{
	struct bpf_result r = RUN(&zero_in, S(BPF_LD | BPF_IMM, 1), S(BPF_ALU | BPF_NEG, 0), RET_A);
	ck_assert_uint_eq(r.action, 0xffffffffu);
	r = RUN(&zero_in, S(BPF_LD | BPF_IMM, 0x80000000u), S(BPF_ALU | BPF_NEG, 0), RET_A);
	ck_assert_uint_eq(r.action, 0x80000000u);
}
END_TEST

START_TEST(shift_by_x_uses_low_five_bits)
{
	struct bpf_result r = RUN(&zero_in, S(BPF_LD | BPF_IMM, 1), S(BPF_LDX | BPF_IMM, 33),
				  S(BPF_ALU | BPF_LSH | BPF_X, 0), RET_A);
	ck_assert_uint_eq(r.action, 2);
	r = RUN(&zero_in, S(BPF_LD | BPF_IMM, 0x100), S(BPF_LDX | BPF_IMM, 36),
		S(BPF_ALU | BPF_RSH | BPF_X, 0), RET_A);
	ck_assert_uint_eq(r.action, 0x10);
}
END_TEST

START_TEST(division_by_x_zero_returns_kill_thread)
{
	struct bpf_result r = RUN(&zero_in, S(BPF_LD | BPF_IMM, 7), S(BPF_LDX | BPF_IMM, 0),
				  S(BPF_ALU | BPF_DIV | BPF_X, 0), S(BPF_RET | BPF_K, 0x7fff0000),
				  RET_A);
	ck_assert_uint_eq(r.action, 0);
	ck_assert_uint_eq(r.executed, 3);
}
END_TEST

START_TEST(registers_and_memory)
{
	struct bpf_result r = RUN(&zero_in,
		S(BPF_LD | BPF_IMM, 5), S(BPF_ST, 0),             /* M[0] = 5 */
		S(BPF_LDX | BPF_IMM, 9), S(BPF_STX, 15),          /* M[15] = 9 */
		S(BPF_LD | BPF_MEM, 15),                          /* A = 9 */
		S(BPF_LDX | BPF_MEM, 0),                          /* X = 5 */
		S(BPF_ALU | BPF_SUB | BPF_X, 0),                  /* A = 4 */
		S(BPF_MISC | BPF_TAX, 0),                         /* X = 4 */
		S(BPF_LD | BPF_IMM, 100),
		S(BPF_ALU | BPF_ADD | BPF_X, 0),                  /* A = 104 */
		S(BPF_ST, 7),
		S(BPF_LDX | BPF_MEM, 7),                          /* X = 104 */
		S(BPF_LD | BPF_IMM, 0),
		S(BPF_MISC | BPF_TXA, 0),                         /* A = 104 */
		RET_A);
	ck_assert_uint_eq(r.action, 104);
	ck_assert_uint_eq(r.executed, 15);
}
END_TEST

START_TEST(len_is_64)
{
	struct bpf_result r = RUN(&zero_in, S(BPF_LD | BPF_W | BPF_LEN, 0), RET_A);
	ck_assert_uint_eq(r.action, 64);
	r = RUN(&zero_in, S(BPF_LDX | BPF_W | BPF_LEN, 0), S(BPF_MISC | BPF_TXA, 0), RET_A);
	ck_assert_uint_eq(r.action, 64);
	ck_assert_uint_eq(r.executed, 3);
}
END_TEST

static struct bpf_input sample_input(bool big_endian)
{
	struct bpf_input in = {
		.nr = -1, .arch = 0xc000003e, .ip = 0x1111222233334444ull,
		.args = { 0xa0a0a0a0b0b0b0b0ull, 1, 0x0102030405060708ull, 0xffffffff00000000ull,
			  0x7, 0x8000000000000000ull },
		.big_endian = big_endian,
	};
	return in;
}

static uint32_t load_at(uint32_t off, bool big_endian)
{
	struct sock_filter p[] = { S(BPF_LD | BPF_W | BPF_ABS, off), RET_A };
	struct bpf_input in = sample_input(big_endian);
	struct bpf_result r = run(p, 2, &in);
	ck_assert_uint_eq(r.executed, 2);
	return r.action;
}

START_TEST(loads_little_endian)
{
	ck_assert_uint_eq(load_at(0, false), 0xffffffffu);   /* nr = -1 */
	ck_assert_uint_eq(load_at(4, false), 0xc000003eu);
	ck_assert_uint_eq(load_at(8, false), 0x33334444u);   /* ip low word first */
	ck_assert_uint_eq(load_at(12, false), 0x11112222u);
	ck_assert_uint_eq(load_at(16, false), 0xb0b0b0b0u);  /* args[0].lo */
	ck_assert_uint_eq(load_at(20, false), 0xa0a0a0a0u);
	ck_assert_uint_eq(load_at(24, false), 1);
	ck_assert_uint_eq(load_at(28, false), 0);
	ck_assert_uint_eq(load_at(32, false), 0x05060708u);
	ck_assert_uint_eq(load_at(36, false), 0x01020304u);
	ck_assert_uint_eq(load_at(40, false), 0);
	ck_assert_uint_eq(load_at(44, false), 0xffffffffu);
	ck_assert_uint_eq(load_at(48, false), 7);
	ck_assert_uint_eq(load_at(56, false), 0);
	ck_assert_uint_eq(load_at(60, false), 0x80000000u);  /* args[5].hi */
}
END_TEST

START_TEST(loads_big_endian)
{
	ck_assert_uint_eq(load_at(0, true), 0xffffffffu);
	ck_assert_uint_eq(load_at(4, true), 0xc000003eu);
	ck_assert_uint_eq(load_at(8, true), 0x11112222u);    /* ip high word first */
	ck_assert_uint_eq(load_at(12, true), 0x33334444u);
	ck_assert_uint_eq(load_at(16, true), 0xa0a0a0a0u);
	ck_assert_uint_eq(load_at(20, true), 0xb0b0b0b0u);
	ck_assert_uint_eq(load_at(24, true), 0);
	ck_assert_uint_eq(load_at(28, true), 1);
	ck_assert_uint_eq(load_at(32, true), 0x01020304u);
	ck_assert_uint_eq(load_at(36, true), 0x05060708u);
	ck_assert_uint_eq(load_at(48, true), 0);
	ck_assert_uint_eq(load_at(52, true), 7);
	ck_assert_uint_eq(load_at(56, true), 0x80000000u);
	ck_assert_uint_eq(load_at(60, true), 0);
}
END_TEST

/* ld #a; ldx #x; JOP (k|x), 1, 0; ret #0; ret #1  -> 1 when taken */
struct jump_case {
	uint16_t op;
	uint32_t a, b;
	bool taken;
};

static const struct jump_case jump_cases[] = {
	{ BPF_JEQ, 5, 5, true }, { BPF_JEQ, 5, 6, false },
	{ BPF_JGT, 6, 5, true }, { BPF_JGT, 5, 5, false },
	{ BPF_JGT, 0xffffffffu, 1, true },                  /* unsigned */
	{ BPF_JGE, 5, 5, true }, { BPF_JGE, 4, 5, false },
	{ BPF_JGE, 1, 0x80000000u, false },
	{ BPF_JSET, 6, 2, true }, { BPF_JSET, 6, 9, false },
};

START_TEST(jumps)
{
	const struct jump_case *c = &jump_cases[_i];
	for (int x = 0; x < 2; x++) {
		struct sock_filter p[] = {
			S(BPF_LD | BPF_IMM, c->a), S(BPF_LDX | BPF_IMM, x ? c->b : 0xdead),
			J(BPF_JMP | c->op | (x ? BPF_X : BPF_K), x ? 0 : c->b, 1, 0),
			S(BPF_RET | BPF_K, 0), S(BPF_RET | BPF_K, 1),
		};
		struct bpf_result r = run(p, 5, &zero_in);
		ck_assert_uint_eq(r.action, c->taken ? 1 : 0);
		ck_assert_uint_eq(r.executed, 4);
	}
}
END_TEST

START_TEST(ja_and_trace)
{
	static const struct sock_filter p[] = {
		S(BPF_LD | BPF_W | BPF_ABS, 0),          /* 0 */
		J(BPF_JMP | BPF_JEQ | BPF_K, 3, 2, 0),   /* 1: nr == 3 -> 4 */
		S(BPF_JMP | BPF_JA, 2),                  /* 2: -> 5 */
		S(BPF_RET | BPF_K, 11),                  /* 3 */
		S(BPF_RET | BPF_K, 22),                  /* 4 */
		J(BPF_JMP | BPF_JGE | BPF_K, 10, 0, 1),  /* 5: nr >= 10 -> 6 else 7 */
		S(BPF_RET | BPF_K, 33),                  /* 6 */
		S(BPF_RET | BPF_K, 44),                  /* 7 */
	};
	struct bpf_prog prog = { (struct sock_filter *)p, 8 };
	uint16_t trace[8];
	struct bpf_input in = { .nr = 3 };
	struct bpf_result r = bpf_simulate_trace(&prog, &in, trace);
	ck_assert_uint_eq(r.action, 22);
	ck_assert_uint_eq(r.executed, 3);
	ck_assert_uint_eq(trace[0], 0);
	ck_assert_uint_eq(trace[1], 1);
	ck_assert_uint_eq(trace[2], 4);
	in.nr = 12;
	r = bpf_simulate_trace(&prog, &in, trace);
	ck_assert_uint_eq(r.action, 33);
	ck_assert_uint_eq(r.executed, 5);
	ck_assert_uint_eq(trace[2], 2);
	ck_assert_uint_eq(trace[3], 5);
	ck_assert_uint_eq(trace[4], 6);
	in.nr = 4;
	r = bpf_simulate(&prog, &in);
	ck_assert_uint_eq(r.action, 44);
	ck_assert_uint_eq(r.executed, 5);
}
END_TEST

START_TEST(unvalidated_programs_do_not_crash)
{
	static const struct sock_filter p[] = {
		S(BPF_LD | BPF_W | BPF_ABS, 1000), S(BPF_RET | BPF_K, 5),
	};
	struct bpf_prog prog = { (struct sock_filter *)p, 2 };
	struct bpf_result r = bpf_simulate(&prog, &zero_in);
	ck_assert_uint_eq(r.action, 0);
	ck_assert_uint_eq(r.executed, 1);
	static const struct sock_filter q[] = { S(BPF_LD | BPF_IMM, 1) };   /* no return */
	prog = (struct bpf_prog){ (struct sock_filter *)q, 1 };
	r = bpf_simulate(&prog, &zero_in);
	ck_assert_uint_eq(r.action, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bpf_simulate");
	TCase *tc = tcase_create("simulate");
	int nalu = (int)(sizeof alu_cases / sizeof alu_cases[0]);
	tcase_add_loop_test(tc, alu_k, 0, nalu);
	tcase_add_loop_test(tc, alu_x, 0, nalu);
	tcase_add_test(tc, neg);
	tcase_add_test(tc, shift_by_x_uses_low_five_bits);
	tcase_add_test(tc, division_by_x_zero_returns_kill_thread);
	tcase_add_test(tc, registers_and_memory);
	tcase_add_test(tc, len_is_64);
	tcase_add_test(tc, loads_little_endian);
	tcase_add_test(tc, loads_big_endian);
	tcase_add_loop_test(tc, jumps, 0, (int)(sizeof jump_cases / sizeof jump_cases[0]));
	tcase_add_test(tc, ja_and_trace);
	tcase_add_test(tc, unvalidated_programs_do_not_crash);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
