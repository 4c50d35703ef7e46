/*
 * test_classes.c - diagrams made on value classes mean what diagrams made
 * on bits mean (bdd.h, bdd_use_classes()).
 *
 * The verifier makes its diagrams over classes of values when it can; that
 * is only sound if every comparison is constant on every class and every
 * class number stands for real values. Checked here against the bit-level
 * diagrams, which test_verify checks against plain arithmetic: the same
 * function at every point tried, the same answer to "are these two
 * functions equal", witnesses that are real disagreements; comparisons
 * nobody announced are refused, not guessed; words that masks would cut
 * into too many classes stay on bits; and a program read on classes decides
 * as the simulator does.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "bdd.h"
#include "bdd_classes_internal.h"
#include "bpf/bpf.h"
#include "compile.h"
#include "diag.h"
#include "meaning.h"
#include "verify.h"

static uint64_t next_random(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static const uint32_t masks[] = { 0xffffffffu, 0xff, 0xff00, 0x1, 0xf0f0, 0x80000000u, 0x7 };

struct comparison {
	struct bdd_piece p[2];
	size_t n;
	enum cmp_op op;
	uint64_t k;
};

/* A value near one of the word's constants: itself, a neighbour, a masked
 * variant, 0 or ~0. */
static uint32_t near_pool(uint64_t *rng, const uint32_t *pool, size_t n)
{
	uint32_t k = pool[next_random(rng) % n];
	switch (next_random(rng) % 7) {
	case 0: return k + 1;
	case 1: return k - 1;
	case 2: return k ^ (1u << (next_random(rng) % 32));
	case 3: return k | (uint32_t)next_random(rng);
	case 4: return 0;
	case 5: return ~0u;
	default: return k;
	}
}

#define NCMP 10
#define NFN 10

/* Random functions of random comparisons, made on bits in one manager and
 * on classes in another: same values everywhere tried, same equalities,
 * witnesses that are real. */
START_TEST(class_diagrams_read_values_as_bit_diagrams_do)
{
	uint64_t rng = 0x9b1e5a3du + (uint64_t)_i * 104729;
	uint32_t pool[4][5];
	for (int w = 0; w < 4; w++)
		for (int j = 0; j < 5; j++)
			pool[w][j] = j == 0 ? 0 : j == 1 ? (uint32_t)next_random(&rng) % 64
						: (uint32_t)next_random(&rng) >> (next_random(&rng) % 32);
	struct comparison c[NCMP];
	struct bdd_atoms *atoms = bdd_atoms_new();
	for (int i = 0; i < NCMP; i++) {
		c[i].n = 1 + next_random(&rng) % 2;
		uint8_t first = c[i].n == 2 ? (uint8_t)(2 * (next_random(&rng) % 2))
					    : (uint8_t)(next_random(&rng) % 4);
		c[i].k = 0;
		for (size_t j = 0; j < c[i].n; j++) {
			uint8_t w = (uint8_t)(first + j);
			c[i].p[j] = (struct bdd_piece){ w, masks[next_random(&rng) % 7] };
			c[i].k = c[i].k << 32 | pool[w][next_random(&rng) % 5];
		}
		c[i].op = (enum cmp_op)(next_random(&rng) % 6);   /* NE .. GT */
		bdd_atoms_compare(atoms, c[i].p, c[i].n, c[i].op, c[i].k);
	}
	struct bdd *bits = bdd_new(0), *cls = bdd_new(0);
	bdd_use_classes(cls, atoms);
	size_t classed = 0;
	for (uint8_t w = 0; w < 4; w++)
		classed += bdd_class_count(cls, w) > 0;
	ck_assert_msg(classed > 0, "seed %d: no word has classes", _i);
	/* Each function: 1-3 comparisons, first holding decides, two actions. */
	bdd_node fb[NFN], fc[NFN];
	for (int f = 0; f < NFN; f++) {
		int len = 1 + (int)(next_random(&rng) % 3);
		int pick[3];
		uint32_t acts[4];
		for (int j = 0; j < len; j++) {
			pick[j] = (int)(next_random(&rng) % NCMP);
			acts[j] = next_random(&rng) % 2 ? 0x7fff0000u : 0x50001u;
		}
		acts[len] = next_random(&rng) % 2 ? 0x7fff0000u : 0x50001u;
		fb[f] = bdd_action(bits, acts[len]);
		fc[f] = bdd_action(cls, acts[len]);
		for (int j = len; j-- > 0;) {
			const struct comparison *x = &c[pick[j]];
			fb[f] = bdd_ite(bits, bdd_compare(bits, x->p, x->n, x->op, x->k),
					bdd_action(bits, acts[j]), fb[f]);
			fc[f] = bdd_ite(cls, bdd_compare(cls, x->p, x->n, x->op, x->k),
					bdd_action(cls, acts[j]), fc[f]);
		}
	}
	ck_assert(!bdd_classes_missed(cls));
	size_t answered = 0;
	for (int t = 0; t < 3000; t++) {
		uint32_t words[BDD_WORDS] = { 0 };
		for (int w = 0; w < 4; w++)
			words[w] = near_pool(&rng, pool[w], 5);
		uint32_t coded[BDD_WORDS];
		memcpy(coded, words, sizeof coded);
		bdd_encode(cls, coded);
		for (int f = 0; f < NFN; f++)
			ck_assert_msg(bdd_eval(bits, fb[f], words) == bdd_eval(cls, fc[f], coded),
				      "seed %d function %d at [%x %x %x %x]", _i, f, words[0],
				      words[1], words[2], words[3]);
	}
	for (int f = 0; f < NFN; f++)
		for (int g = 0; g < NFN; g++) {
			bool same = bdd_equal(cls, fc[f], fc[g]);
			if (bdd_classes_missed(cls))
				continue;   /* the verifier would build on bits */
			answered++;
			ck_assert_msg((fb[f] == fb[g]) == same,
				      "seed %d: functions %d and %d are %s on bits", _i, f, g,
				      fb[f] == fb[g] ? "equal" : "different");
			uint32_t words[BDD_WORDS];
			if (!bdd_witness_values(cls, fc[f], fc[g], words))
				continue;
			ck_assert_uint_ne(bdd_eval(bits, fb[f], words), bdd_eval(bits, fb[g], words));
		}
	ck_assert_msg(answered > 0 || bdd_classes_missed(cls), "seed %d", _i);
	bdd_free(bits);
	bdd_free(cls);
	bdd_atoms_free(atoms);
}
END_TEST

/* Two managers on the same classes (the proof on two threads): random
 * functions made in each, in other orders and at other ids, match across
 * them exactly when they are one function; managers on other classes, or
 * one on bits, are told apart. */
START_TEST(functions_match_across_managers_exactly_when_one)
{
	uint64_t rng = 0x51ed27u + (uint64_t)_i * 7919;
	struct comparison c[NCMP];
	struct bdd_atoms *atoms = bdd_atoms_new(), *fewer = bdd_atoms_new();
	for (int i = 0; i < NCMP; i++) {
		uint8_t w = (uint8_t)(next_random(&rng) % 4);
		c[i] = (struct comparison){ { { w, masks[next_random(&rng) % 7] } }, 1,
					    (enum cmp_op)(next_random(&rng) % 6),
					    next_random(&rng) % 4 ? next_random(&rng) % 100
								  : (uint32_t)next_random(&rng) };
		bdd_atoms_compare(atoms, c[i].p, c[i].n, c[i].op, c[i].k);
		if (i)
			bdd_atoms_compare(fewer, c[i].p, c[i].n, c[i].op, c[i].k);
	}
	struct bdd *a = bdd_new(0), *b = bdd_new(0), *other = bdd_new(0), *bits = bdd_new(0);
	bdd_use_classes(a, atoms);
	bdd_use_classes(b, atoms);
	bdd_use_classes(other, fewer);
	ck_assert(bdd_same_classes(a, b) && bdd_same_classes(b, a));
	ck_assert(!bdd_same_classes(a, bits));
	/* c[0] alone may cut no class apart; then the two are the same */
	bool cut = false;
	for (uint8_t w = 0; w < 4; w++)
		cut |= bdd_class_count(a, w) != bdd_class_count(other, w);
	ck_assert(!cut || !bdd_same_classes(a, other));
	/* as many classes, cut at other values */
	struct bdd_atoms *at5 = bdd_atoms_new(), *at7 = bdd_atoms_new();
	bdd_atoms_compare(at5, &(struct bdd_piece){ 1, 0xffffffffu }, 1, CMP_EQ, 5);
	bdd_atoms_compare(at7, &(struct bdd_piece){ 1, 0xffffffffu }, 1, CMP_EQ, 7);
	struct bdd *m5 = bdd_new(0), *m7 = bdd_new(0);
	bdd_use_classes(m5, at5);
	bdd_use_classes(m7, at7);
	ck_assert_uint_eq(bdd_class_count(m5, 1), bdd_class_count(m7, 1));
	ck_assert(!bdd_same_classes(m5, m7));
	bdd_free(m5);
	bdd_free(m7);
	bdd_atoms_free(at5);
	bdd_atoms_free(at7);
	/* b's ids differ from a's: some diagrams of its own first */
	for (int i = NCMP; i-- > 0;)
		bdd_not(b, bdd_compare(b, c[i].p, c[i].n, c[i].op, c[i].k));
	bdd_node fa[NFN], fb[NFN];
	for (int f = 0; f < NFN; f++) {
		int pick[3];
		uint32_t acts[4];
		int len = 1 + (int)(next_random(&rng) % 3);
		for (int j = 0; j <= len; j++) {
			pick[j < 3 ? j : 0] = (int)(next_random(&rng) % NCMP);
			acts[j] = next_random(&rng) % 2 ? 0x7fff0000u : 0x50001u;
		}
		fa[f] = bdd_action(a, acts[len]);
		for (int j = len; j-- > 0;)
			fa[f] = bdd_ite(a, bdd_compare(a, c[pick[j]].p, 1, c[pick[j]].op, c[pick[j]].k),
					bdd_action(a, acts[j]), fa[f]);
		/* in b from the first rule down: if c then x else (rest) */
		bdd_node rest = bdd_action(b, acts[len]);
		bdd_node guard = bdd_false(b);   /* some earlier rule holds */
		for (int j = 0; j < len; j++) {
			bdd_node holds = bdd_compare(b, c[pick[j]].p, 1, c[pick[j]].op, c[pick[j]].k);
			bdd_node here = bdd_and(b, bdd_not(b, guard), holds);
			rest = bdd_ite(b, here, bdd_action(b, acts[j]), rest);
			guard = bdd_ite(b, holds, bdd_true(b), guard);
		}
		fb[f] = rest;
	}
	ck_assert(!bdd_classes_missed(a) && !bdd_classes_missed(b));
	size_t same = 0, differ = 0;
	for (int f = 0; f < NFN; f++)
		for (int g = 0; g < NFN; g++) {
			struct bdd_match *mt = bdd_match_begin(a, b);
			bool matched = bdd_match(mt, fa[f], fb[g]);
			bdd_match_end(mt);
			ck_assert_msg(matched == (fa[f] == fa[g]), "seed %d: %d and %d %s", _i, f, g,
				      matched ? "matched" : "did not match");
			same += matched;
			differ += !matched;
		}
	ck_assert(same >= NFN);
	/* one match for many questions: what it learnt stays true */
	struct bdd_match *mt = bdd_match_begin(a, b);
	for (int f = 0; f < NFN; f++)
		for (int g = 0; g < NFN; g++)
			ck_assert(bdd_match(mt, fa[f], fb[g]) == (fa[f] == fa[g]));
	bdd_match_end(mt);
	bdd_free(a);
	bdd_free(b);
	bdd_free(other);
	bdd_free(bits);
	bdd_atoms_free(atoms);
	bdd_atoms_free(fewer);
	(void)differ;
}
END_TEST

/* A comparison nobody announced is made when the classes decide it, and
 * marks the manager missed when they do not: never a guess. */
START_TEST(an_unannounced_comparison_is_made_or_missed_never_guessed)
{
	struct bdd_atoms *atoms = bdd_atoms_new();
	struct bdd_piece word = { 3, ~0u };
	bdd_atoms_interval(atoms, 3, 0x100, 0x1ff);   /* classes [0, ff], [100, 1ff], [200, ~0] */
	struct bdd *m = bdd_new(0);
	bdd_use_classes(m, atoms);
	ck_assert_uint_eq(bdd_class_count(m, 3), 3);
	/* (x & ~0xff) == 0x100 holds on the middle class only: decided */
	bdd_node mid = bdd_compare(m, &(struct bdd_piece){ 3, 0xffffff00u }, 1, CMP_EQ, 0x100);
	ck_assert(!bdd_classes_missed(m));
	uint32_t words[BDD_WORDS] = { 0 };
	uint32_t probe[] = { 0, 0xff, 0x100, 0x1ff, 0x200, 0x300, ~0u };
	for (size_t i = 0; i < sizeof probe / sizeof *probe; i++) {
		words[3] = probe[i];
		bdd_encode(m, words);
		ck_assert_uint_eq(bdd_eval(m, mid, words), probe[i] >= 0x100 && probe[i] <= 0x1ff);
	}
	/* x == 0x150 splits the middle class: missed */
	bdd_compare(m, &word, 1, CMP_EQ, 0x150);
	ck_assert(bdd_classes_missed(m));
	bdd_free(m);
	/* so does a mask that varies inside a class */
	m = bdd_new(0);
	bdd_use_classes(m, atoms);
	bdd_compare(m, &(struct bdd_piece){ 3, 1 }, 1, CMP_EQ, 1);
	ck_assert(bdd_classes_missed(m));
	bdd_free(m);
	bdd_atoms_free(atoms);
}
END_TEST

/* A masked comparison is answered by the interval where the interval
 * answers it alike ([0], [3]: bit 1 is constant there), by its variable
 * where not ([1, 2], [4, ~0]), and a code decodes to a value that gives
 * the same answers. */
START_TEST(masked_comparisons_are_variables_where_intervals_differ)
{
	struct bdd_atoms *atoms = bdd_atoms_new();
	struct bdd_piece word = { 5, ~0u }, bit1 = { 5, 2 }, high = { 5, 0xf0000000u };
	bdd_atoms_compare(atoms, &word, 1, CMP_EQ, 0);
	bdd_atoms_compare(atoms, &word, 1, CMP_EQ, 3);
	bdd_atoms_compare(atoms, &bit1, 1, CMP_EQ, 2);
	bdd_atoms_compare(atoms, &high, 1, CMP_EQ, 0x10000000u);
	struct bdd *m = bdd_new(0);
	bdd_use_classes(m, atoms);
	/* [0], [1, 2], [3], [4, ~0] */
	ck_assert_uint_eq(bdd_class_count(m, 5), 4);
	bdd_node f = bdd_compare(m, &bit1, 1, CMP_EQ, 2);
	bdd_node g = bdd_compare(m, &high, 1, CMP_EQ, 0x10000000u);
	ck_assert(!bdd_classes_missed(m));
	uint32_t probe[] = { 0, 1, 2, 3, 4, 6, 7, 0x10000000u, 0x10000002u, 0x1fffffffu,
			     0x20000002u, ~0u };
	for (size_t i = 0; i < sizeof probe / sizeof *probe; i++) {
		uint32_t words[BDD_WORDS] = { 0 };
		words[5] = probe[i];
		bdd_encode(m, words);
		ck_assert_uint_eq(bdd_eval(m, f, words), (probe[i] & 2) == 2);
		ck_assert_uint_eq(bdd_eval(m, g, words), (probe[i] >> 28) == 1);
		uint32_t back[BDD_WORDS];
		memcpy(back, words, sizeof back);
		bdd_decode(m, back);   /* the class's least value answers alike */
		ck_assert_uint_eq((back[5] & 2) == 2, (probe[i] & 2) == 2);
		ck_assert_uint_eq(back[5] >> 28 == 1, probe[i] >> 28 == 1);
		ck_assert_uint_le(back[5], probe[i]);
	}
	bdd_free(m);
	bdd_atoms_free(atoms);
}
END_TEST

/* interval_meets() against every value of small intervals: masks up to 9
 * bits wide and masks of any width, intervals up to 2,048 values anywhere
 * in the word, so that both the interval that holds a whole block of the
 * mask and the one that does not are met. */
START_TEST(interval_answers_are_those_of_every_value)
{
	uint64_t rng = 0x51ed270b + (uint64_t)_i * 7919;
	for (int t = 0; t < 400; t++) {
		uint32_t mask = (uint32_t)next_random(&rng);
		if (t % 5 < 3)
			mask &= 0x1ff;
		else if (t % 5 == 3)
			mask >>= next_random(&rng) % 32;
		if (!mask)
			mask = 1;
		uint32_t lo = (uint32_t)next_random(&rng);
		if (t % 4 == 0)
			lo = 0;
		uint32_t width = (uint32_t)(next_random(&rng) % 2048);
		uint32_t hi = lo + width < lo ? FULL : lo + width;
		enum cmp_op ops[3] = { CMP_EQ, CMP_GT, CMP_GE };
		uint32_t k = (uint32_t)next_random(&rng);
		if (t % 2)   /* a value of the interval's, masked: often met */
			k = (lo + (uint32_t)(next_random(&rng) % (width + 1))) & mask;
		else if (mask <= 0x1ff)
			k &= 0x3ff;
		struct atom a = { 0, (uint8_t)ops[t % 3], mask, k };
		bool any = false, all = true;
		for (uint64_t x = lo; x <= hi; x++) {
			bool h = atom_holds(&a, (uint32_t)x);
			any |= h;
			all &= h;
		}
		int want = all ? 1 : any ? -1 : 0;
		ck_assert_msg(interval_meets(lo, hi, &a) == want,
			      "[%#x, %#x] & %#x op %u k %#x: %d, every value says %d", lo, hi, mask,
			      a.op, a.k, interval_meets(lo, hi, &a), want);
		/* An interval that ends just before the first value meeting an
		 * equality, and one that ends on it. */
		struct atom eq = { 0, CMP_EQ, mask, k & mask };
		for (uint64_t x = lo; x <= (uint64_t)lo + 4096 && x <= FULL; x++) {
			if (!atom_holds(&eq, (uint32_t)x))
				continue;
			if (x > lo)
				ck_assert_int_eq(interval_meets(lo, (uint32_t)x - 1, &eq), 0);
			ck_assert_int_ne(interval_meets(lo, (uint32_t)x, &eq), 0);
			break;
		}
	}
}
END_TEST

/* Comparisons of one bit that mean the same predicate, or its negation,
 * are one variable: "x & 2 is 0" is "not (x & 2 is 2)", "x & 2 > 0" and
 * "x & 2 >= 1" are "x & 2 is 2", by id, so a program testing one and a
 * profile saying the other need no search for codes no value has. */
START_TEST(comparisons_meaning_the_same_share_a_variable)
{
	struct bdd_atoms *atoms = bdd_atoms_new();
	struct bdd_piece word = { 1, ~0u }, bit1 = { 1, 2 }, low3 = { 1, 7 };
	bdd_atoms_compare(atoms, &word, 1, CMP_EQ, 40);
	bdd_atoms_compare(atoms, &bit1, 1, CMP_EQ, 0);
	bdd_atoms_compare(atoms, &bit1, 1, CMP_GT, 0);
	bdd_atoms_compare(atoms, &low3, 1, CMP_EQ, 6);
	struct bdd *m = bdd_new(0);
	bdd_use_classes(m, atoms);
	bdd_node set = bdd_compare(m, &bit1, 1, CMP_EQ, 2);
	ck_assert(!bdd_classes_missed(m));   /* announced as "== 0" and "> 0" */
	ck_assert(bdd_compare(m, &bit1, 1, CMP_GT, 0) == set);
	ck_assert(bdd_compare(m, &bit1, 1, CMP_GE, 1) == set);
	ck_assert(bdd_compare(m, &bit1, 1, CMP_GE, 2) == set);
	ck_assert(bdd_compare(m, &bit1, 1, CMP_NE, 0) == set);
	ck_assert(bdd_compare(m, &bit1, 1, CMP_EQ, 0) == bdd_not(m, set));
	ck_assert(bdd_compare(m, &bit1, 1, CMP_LE, 1) == bdd_not(m, set));
	ck_assert(bdd_compare(m, &bit1, 1, CMP_GT, 2) == bdd_false(m));
	ck_assert(bdd_compare(m, &bit1, 1, CMP_EQ, 3) == bdd_false(m));
	ck_assert(bdd_compare(m, &bit1, 1, CMP_GE, 0) == bdd_true(m));
	ck_assert(bdd_compare(m, &low3, 1, CMP_EQ, 8) == bdd_false(m));
	ck_assert(!bdd_classes_missed(m));
	for (uint32_t v = 36; v < 44; v++) {
		uint32_t words[BDD_WORDS] = { 0 };
		words[1] = v;
		bdd_encode(m, words);
		ck_assert_uint_eq(bdd_eval(m, set, words), (v & 2) != 0);
	}
	bdd_free(m);
	bdd_atoms_free(atoms);
}
END_TEST

/* Which answer patterns occur is a property of each interval: in [2, 3]
 * (x & 3) == 3 and (x & 1) == 1 agree, in [4, ~0] they do not (5). So
 * "in [2, 3] and x & 3 is 3" equals "in [2, 3] and x is odd" on values,
 * though their codes differ where the first fails and the second holds;
 * on [4, ~0] the same two differ, and the witness shows it. */
START_TEST(codes_some_value_has_are_found_per_interval)
{
	struct bdd_atoms *atoms = bdd_atoms_new();
	struct bdd_piece word = { 3, ~0u }, low2 = { 3, 3 }, low1 = { 3, 1 };
	bdd_atoms_compare(atoms, &word, 1, CMP_GE, 2);
	bdd_atoms_compare(atoms, &word, 1, CMP_GE, 4);
	bdd_atoms_compare(atoms, &low2, 1, CMP_EQ, 3);
	bdd_atoms_compare(atoms, &low1, 1, CMP_EQ, 1);
	struct bdd *m = bdd_new(0);
	bdd_use_classes(m, atoms);
	ck_assert_uint_eq(bdd_class_count(m, 3), 3);   /* [0, 1], [2, 3], [4, ~0] */
	bdd_node at_least_2 = bdd_compare(m, &word, 1, CMP_GE, 2);
	bdd_node at_least_4 = bdd_compare(m, &word, 1, CMP_GE, 4);
	bdd_node none = bdd_false(m);
	bdd_node in_2_3 = bdd_ite(m, at_least_4, none, at_least_2);
	bdd_node three = bdd_compare(m, &low2, 1, CMP_EQ, 3);
	bdd_node odd = bdd_compare(m, &low1, 1, CMP_EQ, 1);
	bdd_node f = bdd_ite(m, in_2_3, three, none);
	bdd_node g = bdd_ite(m, in_2_3, odd, none);
	ck_assert(f != g);   /* apart on a code: in [2, 3], odd, x & 3 not 3 */
	ck_assert(bdd_equal(m, f, g));
	bdd_node f4 = bdd_ite(m, at_least_4, three, none);
	bdd_node g4 = bdd_ite(m, at_least_4, odd, none);
	ck_assert(!bdd_equal(m, f4, g4));
	uint32_t words[BDD_WORDS] = { 0 };
	ck_assert(bdd_witness_values(m, f4, g4, words));
	ck_assert_uint_ge(words[3], 4);
	ck_assert_uint_eq(words[3] & 3, 1);
	ck_assert(!bdd_classes_missed(m));
	bdd_free(m);
	bdd_atoms_free(atoms);
}
END_TEST

/* More masks than a word's code has room for (its interval number takes 7
 * bits, 32 single-bit masks would take 32 more): that word stays on bits,
 * and what is made there is still right. */
START_TEST(a_word_that_masks_shatter_stays_on_bits)
{
	struct bdd_atoms *atoms = bdd_atoms_new();
	struct bdd_piece word = { 1, ~0u };
	for (uint32_t i = 0; i < 40; i++) {
		bdd_atoms_compare(atoms, &word, 1, CMP_EQ, i * 100003u);
		bdd_atoms_compare(atoms, &(struct bdd_piece){ 1, 1u << (i % 32) }, 1, CMP_EQ, 0);
	}
	struct bdd_piece other = { 3, ~0u };
	bdd_atoms_compare(atoms, &other, 1, CMP_GT, 7);
	bdd_atoms_compare(atoms, &(struct bdd_piece){ 3, 0xf0 }, 1, CMP_EQ, 0x30);
	struct bdd *m = bdd_new(0);
	bdd_use_classes(m, atoms);
	ck_assert_uint_eq(bdd_class_count(m, 1), 0);
	ck_assert_uint_eq(bdd_class_count(m, 3), 2);   /* [0, 7], [8, ~0]; the mask a variable */
	bdd_node f = bdd_and(m, bdd_compare(m, &(struct bdd_piece){ 1, 1u << 5 }, 1, CMP_EQ, 0),
			     bdd_compare(m, &(struct bdd_piece){ 3, 0xf0 }, 1, CMP_EQ, 0x30));
	ck_assert(!bdd_classes_missed(m));
	uint64_t rng = 77;
	for (int t = 0; t < 1000; t++) {
		uint32_t words[BDD_WORDS] = { 0 };
		words[1] = (uint32_t)next_random(&rng);
		words[3] = t % 2 ? 0x30 | ((uint32_t)next_random(&rng) & ~0xf0u)
				 : (uint32_t)next_random(&rng);
		bool want = !(words[1] & (1u << 5)) && (words[3] & 0xf0) == 0x30;
		bdd_encode(m, words);
		ck_assert_uint_eq(bdd_eval(m, f, words), want);
	}
	bdd_free(m);
	bdd_atoms_free(atoms);
}
END_TEST

/* A random program of argument tests only: loads of argument words, ANDs
 * with masks of any bits, every kind of jump, returns. */
static struct bpf_prog argument_program(uint64_t *rng, const uint32_t *ks, size_t nks,
					struct sock_filter *insns, size_t max)
{
	static const uint32_t actions[] = { 0x7fff0000, 0x50001, 0x50026, 0x80000000 };
	size_t len = 6 + next_random(rng) % (max - 6);
	insns[0] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 16);
	for (size_t pc = 1; pc + 1 < len; pc++) {
		uint64_t r = next_random(rng);
		size_t room = len - pc - 1;
		uint8_t jt = (uint8_t)(next_random(rng) % (room < 10 ? room : 10));
		uint8_t jf = (uint8_t)(next_random(rng) % (room < 10 ? room : 10));
		uint32_t k = ks[(r >> 8) % nks];
		switch (r % 8) {
		case 0:
			insns[pc] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
								 16 + 4 * (uint32_t)((r >> 20) % 4));
			break;
		case 1:
			insns[pc] = (struct sock_filter)BPF_STMT(BPF_ALU | BPF_AND | BPF_K,
								 masks[(r >> 20) % 7]);
			break;
		case 2:
			insns[pc] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K,
								 masks[(r >> 20) % 7], jt, jf);
			break;
		case 3:
			insns[pc] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, k, jt, jf);
			break;
		case 4:
			insns[pc] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, k, jt, jf);
			break;
		case 5:
		case 6:
			insns[pc] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, k, jt, jf);
			break;
		default:
			insns[pc] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, actions[r % 4]);
			break;
		}
	}
	insns[len - 1] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, actions[next_random(rng) % 4]);
	return (struct bpf_prog){ insns, len };
}

/* Read on classes, with the comparisons program_atoms() finds, a program
 * decides as the simulator does; when a comparison escapes them the
 * manager says so (and the verifier builds on bits). */
START_TEST(program_meanings_on_classes_agree_with_the_simulator)
{
	uint64_t rng = 0x3c6ef372u + (uint64_t)_i * 7919;
	size_t on_classes = 0;
	for (int round = 0; round < 20; round++) {
		uint32_t ks[6];
		for (int j = 0; j < 6; j++)
			ks[j] = j == 0 ? 0 : (uint32_t)next_random(&rng) >> (next_random(&rng) % 32);
		struct sock_filter insns[40];
		struct bpf_prog prog = argument_program(&rng, ks, 6, insns, 40);
		struct diag diag;
		diag_init(&diag, "random program");
		ck_assert_msg(bpf_validate(&prog, &diag), "%s", diag_text(&diag));
		struct bdd_atoms *atoms = bdd_atoms_new();
		program_atoms(&prog, false, atoms);
		struct bdd *m = bdd_new(0);
		bdd_use_classes(m, atoms);
		struct meaning got = { 0 };
		ck_assert_msg(program_meaning(&prog, false, m, &got, &diag), "%s", diag_text(&diag));
		ck_assert_uint_eq(got.len, 1);   /* no test of arch or nr: one region */
		if (!bdd_classes_missed(m)) {
			on_classes++;
			for (int t = 0; t < 400; t++) {
				struct bpf_input in = { .nr = 0, .arch = 0xc000003e };
				uint32_t words[BDD_WORDS] = { 0 };
				for (int w = 0; w < 4; w++)
					words[w] = near_pool(&rng, ks, 6);
				/* word 2i is args[i]'s high word */
				in.args[0] = (uint64_t)words[0] << 32 | words[1];
				in.args[1] = (uint64_t)words[2] << 32 | words[3];
				uint32_t sim = bpf_simulate(&prog, &in).action;
				bdd_encode(m, words);
				ck_assert_msg(bdd_eval(m, got.items[0].fn, words) == sim,
					      "seed %d round %d", _i, round);
			}
		}
		meaning_free(&got);
		bdd_free(m);
		bdd_atoms_free(atoms);
		diag_fini(&diag);
	}
	ck_assert_uint_ge(on_classes, 10);
}
END_TEST

/* The program with `n` instructions put in before `at`: jumps from before
 * it to `at` now reach them, jumps past it are moved. */
static struct bpf_prog insert(const struct bpf_prog *p, size_t at, const struct sock_filter *ins,
			      size_t n, struct sock_filter *out)
{
	for (size_t pc = 0; pc < p->len; pc++) {
		struct sock_filter in = p->insns[pc];
		if (pc < at && BPF_CLASS(in.code) == BPF_JMP) {
			if (BPF_OP(in.code) == BPF_JA) {
				in.k += pc + 1 + in.k > at ? (uint32_t)n : 0;
			} else {
				in.jt = (uint8_t)(in.jt + (pc + 1 + in.jt > at ? n : 0));
				in.jf = (uint8_t)(in.jf + (pc + 1 + in.jf > at ? n : 0));
			}
		}
		out[pc < at ? pc : pc + n] = in;
	}
	memcpy(out + at, ins, n * sizeof *ins);
	return (struct bpf_prog){ out, p->len + n };
}

static const char fallback_profile[] =
	"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
	"{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\","
	" \"args\": [{\"index\": 0, \"value\": 5, \"op\": \"SCMP_CMP_EQ\"}]},"
	"{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\","
	" \"args\": [{\"index\": 4, \"value\": 77, \"op\": \"SCMP_CMP_EQ\"}]}]}";

/* A program whose comparison escapes program_atoms() (the fifth word the
 * accumulator may hold at one test, which it does not follow): the verifier
 * notices the miss and proves on bits, where a wrong program still fails. */
START_TEST(a_comparison_that_escapes_the_classes_is_proved_on_bits)
{
	struct arena arena;
	arena_init(&arena);
	struct diag diag;
	diag_init(&diag, "test");
	struct compile_result res;
	struct compile_options co = { .verify = false };
	co.select.target = arch_by_name("x86_64");
	ck_assert_int_eq(compile_profile_text("test", fallback_profile, strlen(fallback_profile),
					      &co, &arena, &diag, &res), 0);
	struct verify_stats stats;
	ck_assert(verify_program(&res.table, &res.prog, &diag, &stats));
	ck_assert(!stats.on_bits);
	size_t at = 0;   /* read's argument code starts with its first argument load */
	while (!(res.prog.insns[at].code == (BPF_LD | BPF_W | BPF_ABS) && res.prog.insns[at].k >= 16))
		at++;
	/* Loads of args[0..4]'s low words, each on its own path, meeting at a
	 * test of args[4] against 12345 whose two ways go on alike. */
	const struct sock_filter gadget[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 16),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 101, 0, 1),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 24),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 102, 0, 1),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 32),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 103, 0, 1),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 40),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 104, 0, 1),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 48),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 12345, 0, 0),
	};
	size_t n = sizeof gadget / sizeof *gadget;
	struct sock_filter *buf = malloc((res.prog.len + n) * sizeof *buf);
	struct bpf_prog odd = insert(&res.prog, at, gadget, n, buf);
	ck_assert_msg(verify_program(&res.table, &odd, &diag, &stats), "%s", diag_text(&diag));
	ck_assert(stats.on_bits);
	/* the same, with args[0] compared with 6 instead of 5: refused */
	for (size_t pc = at + n; pc < odd.len; pc++)
		if (odd.insns[pc].code == (BPF_JMP | BPF_JEQ | BPF_K) && odd.insns[pc].k == 5)
			odd.insns[pc].k = 6;
	ck_assert(!verify_program(&res.table, &odd, &diag, &stats));
	ck_assert(stats.on_bits);
	ck_assert_msg(strstr(diag_text(&diag), "args [0x5, ") || strstr(diag_text(&diag), "args [0x6, "),
		      "%s", diag_text(&diag));
	free(buf);
	diag_fini(&diag);
	arena_free(&arena);
}
END_TEST

static Suite *classes_suite(void)
{
	Suite *s = suite_create("classes");
	TCase *t = tcase_create("classes");
	tcase_set_timeout(t, 60);
	tcase_add_loop_test(t, class_diagrams_read_values_as_bit_diagrams_do, 0, 40);
	tcase_add_test(t, an_unannounced_comparison_is_made_or_missed_never_guessed);
	tcase_add_test(t, masked_comparisons_are_variables_where_intervals_differ);
	tcase_add_loop_test(t, interval_answers_are_those_of_every_value, 0, 10);
	tcase_add_test(t, comparisons_meaning_the_same_share_a_variable);
	tcase_add_test(t, codes_some_value_has_are_found_per_interval);
	tcase_add_test(t, a_word_that_masks_shatter_stays_on_bits);
	tcase_add_loop_test(t, program_meanings_on_classes_agree_with_the_simulator, 0, 10);
	tcase_add_test(t, a_comparison_that_escapes_the_classes_is_proved_on_bits);
	tcase_add_loop_test(t, functions_match_across_managers_exactly_when_one, 0, 30);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(classes_suite());
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? 1 : 0;
}
