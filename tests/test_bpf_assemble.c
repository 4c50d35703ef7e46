/*
 * test_bpf_assemble.c - the block builder and assembler: layout (goto
 * elision, fall-through of false targets), shared returns, long jumps through
 * pads (JA trampolines and duplicated returns), the 4096-instruction limit and
 * malformed graphs. Every assembled program is also validated and simulated.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "bpf.h"

#define LD_NR (BPF_LD | BPF_W | BPF_ABS)
#define ALLOW RET_ALLOW
#define KILL RET_KILL_PROCESS
#define EPERM_RET (RET_ERRNO | 1u)

struct fixture {
	struct arena arena;
	struct diag diag;
	struct bpf_builder *b;
	struct bpf_prog prog;
};

static void fx_init(struct fixture *fx)
{
	arena_init(&fx->arena);
	diag_init(&fx->diag, NULL);
	fx->b = bpf_builder_new(&fx->arena);
}

static void fx_fini(struct fixture *fx)
{
	diag_fini(&fx->diag);
	arena_free(&fx->arena);
}

/* Assembles from entry and insists the validator accepts the result. */
static void assemble_ok(struct fixture *fx, bpf_label entry)
{
	ck_assert_msg(bpf_assemble(fx->b, entry, &fx->arena, &fx->prog, &fx->diag),
		      "assemble failed: %s", diag_text(&fx->diag));
	ck_assert_msg(bpf_validate(&fx->prog, &fx->diag), "validate: %s", diag_text(&fx->diag));
}

static struct bpf_result run_nr(const struct bpf_prog *p, int nr)
{
	struct bpf_input in = { .nr = nr, .arch = 0xc000003e };
	return bpf_simulate(p, &in);
}

START_TEST(false_target_falls_through)
{
	struct fixture fx;
	fx_init(&fx);
	bpf_label e = bpf_block(fx.b);
	bpf_stmt(fx.b, e, LD_NR, 0);
	bpf_jump(fx.b, e, BPF_JMP | BPF_JEQ | BPF_K, 39, bpf_ret_block(fx.b, ALLOW),
		 bpf_ret_block(fx.b, EPERM_RET));
	assemble_ok(&fx, e);
	ck_assert_uint_eq(fx.prog.len, 4);
	ck_assert_uint_eq(fx.prog.insns[1].jf, 0);   /* false target placed next */
	ck_assert_uint_eq(fx.prog.insns[1].jt, 1);
	struct bpf_result r = run_nr(&fx.prog, 39);
	ck_assert_uint_eq(r.action, ALLOW);
	ck_assert_uint_eq(r.executed, 3);
	r = run_nr(&fx.prog, 40);
	ck_assert_uint_eq(r.action, EPERM_RET);
	ck_assert_uint_eq(r.executed, 3);
	fx_fini(&fx);
}
END_TEST

START_TEST(ret_block_is_shared)
{
	struct fixture fx;
	fx_init(&fx);
	bpf_label a = bpf_ret_block(fx.b, ALLOW);
	ck_assert_int_eq(bpf_ret_block(fx.b, ALLOW), a);
	ck_assert_int_ne(bpf_ret_block(fx.b, KILL), a);
	ck_assert_int_ne(bpf_ret_block(fx.b, RET_ERRNO | 2), bpf_ret_block(fx.b, RET_ERRNO | 3));
	fx_fini(&fx);
}
END_TEST

START_TEST(goto_to_next_block_emits_nothing)
{
	struct fixture fx;
	fx_init(&fx);
	bpf_label e = bpf_block(fx.b), f = bpf_block(fx.b);
	bpf_stmt(fx.b, e, LD_NR, 0);
	bpf_goto(fx.b, e, f);
	bpf_stmt(fx.b, f, BPF_ALU | BPF_ADD | BPF_K, 1);
	bpf_stmt(fx.b, f, BPF_RET | BPF_A, 0);
	assemble_ok(&fx, e);
	ck_assert_uint_eq(fx.prog.len, 3);
	struct bpf_result r = run_nr(&fx.prog, 41);
	ck_assert_uint_eq(r.action, 42);
	ck_assert_uint_eq(r.executed, 3);
	fx_fini(&fx);
}
END_TEST

/* Two gotos to one join block: the first one placed needs a JA, the last one
 * falls into the join. */
START_TEST(join_needs_one_ja)
{
	struct fixture fx;
	fx_init(&fx);
	bpf_label e = bpf_block(fx.b), t = bpf_block(fx.b), f = bpf_block(fx.b),
		  join = bpf_block(fx.b);
	bpf_stmt(fx.b, e, LD_NR, 0);
	bpf_jump(fx.b, e, BPF_JMP | BPF_JGT | BPF_K, 100, t, f);
	bpf_stmt(fx.b, t, BPF_LD | BPF_IMM, 7);
	bpf_goto(fx.b, t, join);
	bpf_stmt(fx.b, f, BPF_LD | BPF_IMM, 9);
	bpf_goto(fx.b, f, join);
	bpf_stmt(fx.b, join, BPF_RET | BPF_A, 0);
	assemble_ok(&fx, e);
	ck_assert_uint_eq(fx.prog.len, 2 + 2 + 1 + 1);
	int ja = 0;
	for (size_t i = 0; i < fx.prog.len; i++)
		ja += fx.prog.insns[i].code == (BPF_JMP | BPF_JA);
	ck_assert_int_eq(ja, 1);
	ck_assert_uint_eq(run_nr(&fx.prog, 101).action, 7);
	ck_assert_uint_eq(run_nr(&fx.prog, 100).action, 9);
	fx_fini(&fx);
}
END_TEST

START_TEST(unreachable_blocks_are_dropped)
{
	struct fixture fx;
	fx_init(&fx);
	bpf_label dead = bpf_block(fx.b);
	bpf_stmt(fx.b, dead, BPF_LD | BPF_IMM, 1);
	bpf_ret(fx.b, dead, KILL);
	bpf_label e = bpf_block(fx.b);
	bpf_ret(fx.b, e, ALLOW);
	assemble_ok(&fx, e);
	ck_assert_uint_eq(fx.prog.len, 1);
	ck_assert_uint_eq(fx.prog.insns[0].k, ALLOW);
	fx_fini(&fx);
}
END_TEST

/* entry: ld nr; jeq 1 -> far, else -> a block of `distance` statements.
 * far is a lone return (duplicated) or a block with a statement (JA pad). */
static void far_jump(int distance, bool lone_ret)
{
	struct fixture fx;
	fx_init(&fx);
	bpf_label e = bpf_block(fx.b), filler = bpf_block(fx.b), far;
	bpf_stmt(fx.b, e, LD_NR, 0);
	if (lone_ret) {
		far = bpf_ret_block(fx.b, ALLOW);
	} else {
		far = bpf_block(fx.b);
		bpf_stmt(fx.b, far, BPF_LD | BPF_IMM, ALLOW);
		bpf_stmt(fx.b, far, BPF_RET | BPF_A, 0);
	}
	bpf_label kill = bpf_block(fx.b);   /* shares far's position after filler */
	bpf_jump(fx.b, e, BPF_JMP | BPF_JEQ | BPF_K, 1, far, filler);
	for (int i = 0; i < distance; i++)
		bpf_stmt(fx.b, filler, BPF_LD | BPF_IMM, (uint32_t)i);
	bpf_jump(fx.b, filler, BPF_JMP | BPF_JEQ | BPF_K, 0xffffffffu, far, kill);
	bpf_ret(fx.b, kill, KILL);
	assemble_ok(&fx, e);

	struct bpf_result r = run_nr(&fx.prog, 1);
	ck_assert_uint_eq(r.action, ALLOW);
	/* ld, jeq, then a duplicated ret, or a JA and the two statements of far */
	ck_assert_uint_eq(r.executed, lone_ret ? 3 : 5);
	r = run_nr(&fx.prog, 2);
	ck_assert_uint_eq(r.action, KILL);
	ck_assert_uint_eq(r.executed, 2 + (size_t)distance + 2);
	fx_fini(&fx);
}

START_TEST(long_jump_300) { far_jump(300, false); far_jump(300, true); }
END_TEST
START_TEST(long_jump_1000) { far_jump(1000, false); far_jump(1000, true); }
END_TEST
START_TEST(long_jump_4000) { far_jump(4000, false); far_jump(4000, true); }
END_TEST

/* 700 comparisons all jumping to one shared ALLOW placed at the end: every
 * jumper must still reach it, through shared pads. */
START_TEST(shared_return_reached_by_all)
{
	struct fixture fx;
	fx_init(&fx);
	enum { N = 700 };
	bpf_label allow = bpf_ret_block(fx.b, ALLOW), kill = bpf_ret_block(fx.b, KILL);
	bpf_label e = bpf_block(fx.b), cur = e;
	bpf_stmt(fx.b, e, LD_NR, 0);
	for (int i = 0; i < N; i++) {
		bpf_label next = i + 1 < N ? bpf_block(fx.b) : kill;
		bpf_jump(fx.b, cur, BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)i * 3, allow, next);
		cur = next;
	}
	assemble_ok(&fx, e);
	ck_assert_uint_lt(fx.prog.len, 1 + N + N / 8);   /* pads are shared */
	for (int i = 0; i < N; i++) {
		struct bpf_result r = run_nr(&fx.prog, i * 3);
		ck_assert_uint_eq(r.action, ALLOW);
		ck_assert_uint_eq(r.executed, 1 + (size_t)i + 1 + 1);
		ck_assert_uint_eq(run_nr(&fx.prog, i * 3 + 1).action, KILL);
	}
	fx_fini(&fx);
}
END_TEST

START_TEST(too_long_is_an_error)
{
	struct fixture fx;
	fx_init(&fx);
	bpf_label e = bpf_block(fx.b);
	for (int i = 0; i < 5000; i++)
		bpf_stmt(fx.b, e, BPF_LD | BPF_IMM, (uint32_t)i);
	bpf_ret(fx.b, e, ALLOW);
	ck_assert(!bpf_assemble(fx.b, e, &fx.arena, &fx.prog, &fx.diag));
	ck_assert_str_eq(diag_text(&fx.diag),
			 "error: program needs 5001 instructions; the kernel accepts at most 4096\n");
	/* what it needed, for a caller choosing between shapes; no program */
	ck_assert_uint_eq(fx.prog.len, 5001);
	ck_assert_ptr_null(fx.prog.insns);
	fx_fini(&fx);
}
END_TEST

START_TEST(exactly_4096_is_fine)
{
	struct fixture fx;
	fx_init(&fx);
	bpf_label e = bpf_block(fx.b);
	for (int i = 0; i < 4095; i++)
		bpf_stmt(fx.b, e, BPF_LD | BPF_IMM, (uint32_t)i);
	bpf_ret(fx.b, e, ALLOW);
	assemble_ok(&fx, e);
	ck_assert_uint_eq(fx.prog.len, 4096);
	fx_fini(&fx);
}
END_TEST

START_TEST(cycle_is_an_error)
{
	struct fixture fx;
	fx_init(&fx);
	bpf_label a = bpf_block(fx.b), b = bpf_block(fx.b), c = bpf_block(fx.b);
	bpf_stmt(fx.b, a, LD_NR, 0);
	bpf_goto(fx.b, a, b);
	bpf_jump(fx.b, b, BPF_JMP | BPF_JEQ | BPF_K, 1, c, bpf_ret_block(fx.b, KILL));
	bpf_goto(fx.b, c, b);
	ck_assert(!bpf_assemble(fx.b, a, &fx.arena, &fx.prog, &fx.diag));
	ck_assert_ptr_nonnull(strstr(diag_text(&fx.diag), "form a cycle"));
	fx_fini(&fx);
}
END_TEST

START_TEST(missing_terminator_and_misuse)
{
	struct fixture fx;
	fx_init(&fx);
	bpf_label a = bpf_block(fx.b), b = bpf_block(fx.b);
	bpf_goto(fx.b, a, b);
	ck_assert(!bpf_assemble(fx.b, a, &fx.arena, &fx.prog, &fx.diag));
	ck_assert_str_eq(diag_text(&fx.diag),
			 "error: internal error: BPF block 1 has no terminator (return, goto or jump)\n");
	fx_fini(&fx);

	fx_init(&fx);
	a = bpf_block(fx.b);
	bpf_ret(fx.b, a, ALLOW);
	bpf_stmt(fx.b, a, BPF_LD | BPF_IMM, 1);
	ck_assert(!bpf_assemble(fx.b, a, &fx.arena, &fx.prog, &fx.diag));
	ck_assert_str_eq(diag_text(&fx.diag), "error: internal error: BPF builder misuse: "
			 "bpf_stmt on block 0, which already ends in a terminator\n");
	fx_fini(&fx);
}
END_TEST

/* The same graph built twice assembles to the same bytes. */
START_TEST(deterministic)
{
	struct bpf_prog p[2];
	struct fixture fx[2];
	for (int n = 0; n < 2; n++) {
		fx_init(&fx[n]);
		bpf_label allow = bpf_ret_block(fx[n].b, ALLOW);
		bpf_label e = bpf_block(fx[n].b), cur = e;
		bpf_stmt(fx[n].b, e, LD_NR, 0);
		for (int i = 0; i < 400; i++) {
			bpf_label next = bpf_block(fx[n].b);
			bpf_jump(fx[n].b, cur, BPF_JMP | BPF_JGE | BPF_K, 1000u - (uint32_t)i,
				 i % 2 ? allow : bpf_ret_block(fx[n].b, RET_ERRNO | (uint32_t)i), next);
			cur = next;
		}
		bpf_ret(fx[n].b, cur, KILL);
		ck_assert(bpf_assemble(fx[n].b, e, &fx[n].arena, &p[n], &fx[n].diag));
	}
	ck_assert_uint_eq(p[0].len, p[1].len);
	ck_assert(memcmp(p[0].insns, p[1].insns, p[0].len * sizeof *p[0].insns) == 0);
	ck_assert(bpf_validate(&p[0], &fx[0].diag));
	fx_fini(&fx[0]);
	fx_fini(&fx[1]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bpf_assemble");
	TCase *tc = tcase_create("assemble");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, false_target_falls_through);
	tcase_add_test(tc, ret_block_is_shared);
	tcase_add_test(tc, goto_to_next_block_emits_nothing);
	tcase_add_test(tc, join_needs_one_ja);
	tcase_add_test(tc, unreachable_blocks_are_dropped);
	tcase_add_test(tc, long_jump_300);
	tcase_add_test(tc, long_jump_1000);
	tcase_add_test(tc, long_jump_4000);
	tcase_add_test(tc, shared_return_reached_by_all);
	tcase_add_test(tc, too_long_is_an_error);
	tcase_add_test(tc, exactly_4096_is_fine);
	tcase_add_test(tc, cycle_is_an_error);
	tcase_add_test(tc, missing_terminator_and_misuse);
	tcase_add_test(tc, deterministic);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
