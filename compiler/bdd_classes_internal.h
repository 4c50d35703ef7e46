/*
 * bdd_classes_internal.h - a word's codes, shared by the files that make
 * predicates on them (bdd_classes.c) and that tell which codes some value
 * has (bdd_real.c). Not part of any interface outside the manager.
 */
#ifndef SECCOMPC_BDD_CLASSES_INTERNAL_H
#define SECCOMPC_BDD_CLASSES_INTERNAL_H

#include "bdd_internal.h"

#define FULL 0xffffffffu

/* One comparison of one word: (word & mask) op k, op EQ, GT or GE. */
struct atom {
	uint8_t word;
	uint8_t op;
	uint32_t mask, k;
};

struct masked_memo {
	uint64_t key;              /* mask << 32 | k */
	uint8_t op;
	bool used;
	bdd_node fn;
};

/*
 * A word on classes: its top `bits` variables spell the number of the
 * interval between cut points its value lies in (numbers past the last
 * stand for the last), and the next `nvars` variables say, one each,
 * whether a masked comparison holds: those that some interval does not
 * answer alike. Not every pattern of those answers occurs in every
 * interval; `real` is the set of codes some value has.
 */
struct word_classes {
	uint8_t word;
	uint32_t *starts;          /* the intervals' first values, ascending, from 0 */
	size_t nintervals;
	unsigned bits;
	struct atom *vars;         /* the masked comparisons with a variable */
	size_t nvars;
	struct masked_memo *memo;  /* masked comparisons made, on codes */
	size_t memo_len, memo_cap;
	bdd_node real;             /* 0 until made (bdd_equal()) */
	bool real_unknown;         /* making it took too long */
};

static inline bool atom_holds(const struct atom *a, uint32_t x)
{
	x &= a->mask;
	return a->op == CMP_EQ ? x == a->k : a->op == CMP_GT ? x > a->k : x >= a->k;
}

/* The last value of interval i. */
static inline uint32_t interval_last(const struct word_classes *wc, size_t i)
{
	return i + 1 < wc->nintervals ? wc->starts[i + 1] - 1 : FULL;
}

/* The variable of masked comparison t of a word. */
static inline uint32_t var_of_atom(const struct word_classes *wc, size_t t)
{
	return bdd_var_of(wc->word, 31u - wc->bits - (unsigned)t);
}

/* The interval number a word's code names. */
static inline size_t interval_of_code(const struct word_classes *wc, uint32_t code)
{
	size_t i = wc->bits ? code >> (32 - wc->bits) : 0;
	return i < wc->nintervals ? i : wc->nintervals - 1;
}

/* The index of the interval v lies in (the last one starting at or below
 * it: starts[0] is 0). */
size_t interval_containing(const struct word_classes *wc, uint32_t v);

/* 1: every value of [lo, hi] satisfies the atom, 0: none does, -1: some. */
int interval_meets(uint32_t lo, uint32_t hi, const struct atom *a);

/* The predicate "the interval number lies in one of the ranges" (inclusive,
 * sorted, disjoint). */
bdd_node class_ranges_fn(struct bdd *m, const struct word_classes *wc, const uint32_t (*ranges)[2],
			 size_t n);

#endif
