/*
 * test_collect.c - the diagram manager frees what no root holds, and
 * nothing else (bdd.h, bdd_safe_point()).
 *
 * The verifier's diagrams of rules over several arguments are mostly
 * intermediate: the program's fallbacks, the table's rules ORed one by one.
 * Collecting them is what lets such profiles verify at all; a collection
 * that freed a node still needed would silently change a function, so the
 * checks are on values and on whole verifications: functions held across
 * collections still evaluate as made in a manager that never collected,
 * keep their ids, and the verifier's two meanings, made in a manager far
 * smaller than their garbage, still agree for a right program and still
 * disagree for a wrong one.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "bdd.h"
#include "compile.h"
#include "diag.h"
#include "meaning.h"

static uint64_t next_random(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* A random function of words 0..3: a first-match list of comparisons. */
static bdd_node random_fn(struct bdd *m, uint64_t *rng, int len)
{
	static const uint32_t actions[] = { 0x7fff0000u, 0x50001u, 0x50002u };
	bdd_node f = bdd_action(m, actions[next_random(rng) % 3]);
	for (int j = 0; j < len; j++) {
		struct bdd_piece p = { (uint8_t)(next_random(rng) % 4),
				       next_random(rng) % 3 ? ~0u : 0xff00u };
		bdd_node test = bdd_compare(m, &p, 1, (enum cmp_op)(next_random(rng) % 6),
					    next_random(rng) % 4 ? next_random(rng) % 64
								  : (uint32_t)next_random(rng));
		f = bdd_ite(m, test, bdd_action(m, actions[next_random(rng) % 3]), f);
	}
	return f;
}

/* Functions held as roots survive collections with their ids and their
 * values; the garbage made between them is freed and its room reused. */
START_TEST(held_functions_survive_collections)
{
	uint64_t rng = 0xc0ffee + (uint64_t)_i, again = rng;
	struct bdd *m = bdd_new(40000), *ref = bdd_new(0);
	bdd_node kept[24], made[24];
	uint32_t ids[24];
	for (int k = 0; k < 24; k++) {
		kept[k] = random_fn(m, &rng, 6);
		ids[k] = kept[k];
		bdd_root_push(m, kept[k]);
		for (int g = 0; g < 8; g++)   /* garbage: made, then dropped */
			random_fn(m, &rng, 6);
		bdd_safe_point(m);
		ck_assert_msg(!bdd_overflowed(m), "seed %d: overflow after %d functions", _i, k);
	}
	ck_assert_uint_gt(bdd_collections(m), 0);
	ck_assert_uint_le(bdd_node_count(m), 40000);
	for (int k = 0; k < 24; k++) {   /* the same draws, in a manager that never collects */
		made[k] = random_fn(ref, &again, 6);
		for (int g = 0; g < 8; g++)
			random_fn(ref, &again, 6);
	}
	for (int k = 0; k < 24; k++)
		ck_assert_uint_eq(kept[k], ids[k]);
	for (int t = 0; t < 2000; t++) {
		uint32_t words[BDD_WORDS] = { 0 };
		for (int w = 0; w < 4; w++)
			words[w] = next_random(&rng) % 3 ? (uint32_t)next_random(&rng) % 66
							  : (uint32_t)next_random(&rng);
		for (int k = 0; k < 24; k++)
			ck_assert_uint_eq(bdd_eval(m, kept[k], words), bdd_eval(ref, made[k], words));
	}
	/* equal functions made after collections are still the same node */
	rng = 0xc0ffee + (uint64_t)_i;
	ck_assert_uint_eq(random_fn(m, &rng, 6), kept[0]);
	bdd_free(m);
	bdd_free(ref);
}
END_TEST

/* Nothing held: a collection keeps only the leaves. */
START_TEST(a_collection_without_roots_keeps_the_leaves)
{
	uint64_t rng = 5;
	struct bdd *m = bdd_new(5000);
	while (bdd_collections(m) == 0 && !bdd_overflowed(m)) {
		random_fn(m, &rng, 4);
		bdd_safe_point(m);
	}
	ck_assert(!bdd_overflowed(m));
	ck_assert_uint_le(bdd_node_count(m), 2 + 3);   /* true, false, the actions */
	bdd_node f = bdd_compare(m, &(struct bdd_piece){ 1, ~0u }, 1, CMP_EQ, 7);
	uint32_t words[BDD_WORDS] = { 0 };
	words[1] = 7;
	ck_assert_uint_eq(bdd_eval(m, f, words), 1);
	words[1] = 8;
	ck_assert_uint_eq(bdd_eval(m, f, words), 0);
	bdd_free(m);
}
END_TEST

/* Compiles tests/series/NAME for x86_64 without verification. */
static void compile_series(const char *name, struct arena *arena, struct diag *diag,
			   struct compile_result *res)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/tests/series/%s",
		 getenv("SRCDIR") ? getenv("SRCDIR") : ".", name);
	diag_init(diag, path);
	struct compile_options co = { .verify = false };
	co.select.target = arch_by_name("x86_64");
	ck_assert_msg(compile_profile_file(path, &co, arena, diag, res) == 0, "%s",
		      diag_text(diag));
}

static bool go_on(const struct meaning_diff *d, void *arg)
{
	(void)d;
	(void)arg;
	return true;
}

/* What the verifier does, in a manager much smaller than everything it
 * makes: series profiles (1-3 conditions over four arguments; 64-bit
 * constants) and their programs still mean the same, a wrong program
 * still does not, and no function of the program is made twice (the
 * collection drops one only after its last use: dropping earlier made
 * 800 rules of 64-bit constants take minutes instead of a second). */
static const struct {
	const char *file;
	size_t budget;
} across[] = { { "conds-100.json", 50000 }, { "wide-300.json", 300000 } };

START_TEST(meanings_made_across_collections_still_decide)
{
	struct arena arena;
	arena_init(&arena);
	struct diag diag;
	struct compile_result res;
	compile_series(across[_i].file, &arena, &diag, &res);
	for (int wrong = 0; wrong < 2; wrong++) {
		if (wrong) {   /* the test after the last argument load, off by one */
			size_t pc = res.prog.len;
			while (pc-- > 0 && !(res.prog.insns[pc].code == (BPF_LD | BPF_W | BPF_ABS) &&
					     res.prog.insns[pc].k >= 16))
				;
			while (pc < res.prog.len && (BPF_CLASS(res.prog.insns[pc].code) != BPF_JMP ||
						     BPF_OP(res.prog.insns[pc].code) == BPF_JA))
				pc++;
			ck_assert_uint_lt(pc, res.prog.len);
			res.prog.insns[pc].k++;
		}
		struct bdd *m = bdd_new(across[_i].budget);   /* about half what is made */
		struct meaning want = { 0 }, got = { 0 };
		table_meaning(&res.table, m, &want);
		ck_assert_msg(program_meaning(&res.prog, false, m, &got, &diag), "%s",
			      diag_text(&diag));
		ck_assert(!bdd_overflowed(m));
		ck_assert_uint_gt(bdd_collections(m), 0);
		ck_assert_uint_gt(got.arg_keys, 0);
		ck_assert_uint_eq(got.arg_made, got.arg_keys);
		size_t differ = meaning_compare(&got, &want, go_on, NULL);
		if (wrong)
			ck_assert_uint_gt(differ, 0);
		else
			ck_assert_uint_eq(differ, 0);
		meaning_free(&want);
		meaning_free(&got);
		bdd_free(m);
	}
	diag_fini(&diag);
	arena_free(&arena);
}
END_TEST

/* The table's meaning, made on bits in a manager that must collect what
 * ORing its rules one by one leaves behind, decides as table_decide_raw()
 * does. */
START_TEST(table_meanings_made_across_collections_decide_as_the_table)
{
	struct arena arena;
	arena_init(&arena);
	struct diag diag;
	struct compile_result res;
	compile_series("conds-100.json", &arena, &diag, &res);
	struct bdd *m = bdd_new(40000);   /* smaller than all that is made */
	struct meaning want = { 0 };
	table_meaning(&res.table, m, &want);
	ck_assert(!bdd_overflowed(m));
	ck_assert_uint_gt(bdd_collections(m), 0);
	static const char *const calls[] = { "getsockopt", "setsockopt", "fcntl", "prctl" };
	const struct arch_info *a = arch_by_name("x86_64");
	uint64_t rng = 99;
	for (int t = 0; t < 4000; t++) {
		uint32_t nr = (uint32_t)arch_syscall_nr(a, calls[t % 4]);
		uint64_t args[6] = { 0 };
		uint32_t words[BDD_WORDS] = { 0 };
		for (int i = 0; i < 4; i++) {
			args[i] = next_random(&rng) % 4 ? next_random(&rng) % 66
							 : next_random(&rng) % 0x10000;
			words[2 * i + 1] = (uint32_t)args[i];
		}
		bdd_node fn = 0;
		for (size_t r = 0; r < want.len; r++)
			if (want.items[r].arch_lo <= a->audit_arch && a->audit_arch <= want.items[r].arch_hi &&
			    want.items[r].nr_lo <= nr && nr <= want.items[r].nr_hi)
				fn = want.items[r].fn;
		ck_assert_uint_eq(bdd_eval(m, fn, words),
				  table_decide_raw(&res.table, a->audit_arch, nr, args));
	}
	meaning_free(&want);
	bdd_free(m);
	diag_fini(&diag);
	arena_free(&arena);
}
END_TEST

static Suite *collect_suite(void)
{
	Suite *s = suite_create("collect");
	TCase *t = tcase_create("collect");
	tcase_set_timeout(t, 60);
	tcase_add_loop_test(t, held_functions_survive_collections, 0, 20);
	tcase_add_test(t, a_collection_without_roots_keeps_the_leaves);
	tcase_add_loop_test(t, meanings_made_across_collections_still_decide, 0,
			    (int)(sizeof across / sizeof across[0]));
	tcase_add_test(t, table_meanings_made_across_collections_decide_as_the_table);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(collect_suite());
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? 1 : 0;
}
