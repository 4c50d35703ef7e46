/*
 * bdd_classes.c - diagrams over classes of values instead of bits (see
 * bdd.h, bdd_use_classes()).
 *
 * A filter compares each argument word with a few constants, and two
 * values that every comparison of a word answers alike are interchangeable.
 * Told beforehand which comparisons both sides will make (bdd_atoms), the
 * values of each word are cut into classes: the intervals between the cut
 * points of its whole-word comparisons, each split further by its masked
 * comparisons where they are not constant on it. The word's top `bits`
 * variables then spell a class number (numbers past the last class stand
 * for the last class), and each comparison becomes "the class number lies
 * in this set": a diagram shaped like a search over the classes instead
 * of one over 32 bits per constant.
 *
 * Why this is exact: every comparison made is constant on every class of
 * its word, so a function built on class numbers is the bit-level function
 * read through the map value -> class; and every class number stands for
 * some real value, independently per word. Two functions of one manager
 * are therefore equal on class numbers exactly when they are equal on
 * values. A comparison the classes do not decide (one nobody announced)
 * is not approximated: the manager is marked missed and the caller builds
 * again on bits.
 */
#include "bdd_internal.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define FULL 0xffffffffu
/* Splits and membership tests by diagram allowed while cutting one word's
 * intervals by its masked comparisons (a whole interval is answered by
 * arithmetic); past it the word stays on bits (as exact, only bigger).
 * Many masks over wide gaps between constants cut a word into thousands
 * of classes, each costing diagram operations to make and a scattered set
 * per mask: the series of docs/performance.md verify fastest at about this
 * bound. */
#define SPLIT_WORK_MAX 100u

/* One comparison of one word: (word & mask) op k, op EQ, GT or GE. */
struct atom {
	uint8_t word;
	uint8_t op;
	uint32_t mask, k;
};

struct word_atoms {
	uint32_t *cuts;            /* values where a whole-word comparison may change */
	size_t ncuts, cuts_cap;
	struct atom *masked;       /* comparisons of some bits only */
	size_t nmasked, masked_cap;
};

struct bdd_atoms {
	struct word_atoms w[BDD_WORDS];
};

struct value_class {
	uint32_t interval;         /* the elementary interval it lies in */
	uint32_t rep;              /* its least value */
	bool whole;                /* it is that whole interval */
	bdd_node fn;               /* its values, on bits; 0 until made */
};

struct masked_memo {
	uint64_t key;              /* mask << 32 | k */
	uint8_t op;
	bool used;
	bdd_node fn;
};

struct word_classes {
	uint8_t word;
	uint32_t *starts;          /* the intervals' first values, ascending, from 0 */
	uint32_t *first;           /* per interval its first class; [nintervals]: nclasses */
	size_t nintervals;
	struct value_class *cls;
	size_t nclasses, cls_cap;
	unsigned bits;             /* class numbers are the word's top `bits` bits */
	struct masked_memo *memo;  /* masked comparisons made, on class numbers */
	size_t memo_len, memo_cap;
};

/* ---- which comparisons a bdd_compare() is made of -------------------- */

struct split_compare {
	size_t natoms;             /* 1: one word; 3: hi ==, hi >, lo op (compare_of()) */
	struct atom atoms[3];
	bool constant, value;      /* natoms == 0: the answer */
	bool negate;
};

/* op as a positive comparison and whether to negate it: NE is !EQ, LT !GE,
 * LE !GT. */
static enum cmp_op positive(enum cmp_op op, bool *negate)
{
	*negate = op == CMP_NE || op == CMP_LT || op == CMP_LE;
	switch (op) {
	case CMP_NE: return CMP_EQ;
	case CMP_LT: return CMP_GE;
	case CMP_LE: return CMP_GT;
	default: return op;
	}
}

/*
 * `value op k` over one or two pieces as word comparisons. One piece:
 * the atom itself. Two (high, low): == is hi == KH and lo == KL; > is
 * hi > KH or (hi == KH and lo > KL); >= likewise with lo >= KL.
 */
static struct split_compare compare_of(const struct bdd_piece *pieces, size_t n,
				       enum cmp_op op, uint64_t k)
{
	struct split_compare s = { 0 };
	enum cmp_op pos = positive(op, &s.negate);
	if (n == 1) {
		if (k > FULL) {   /* a 32-bit value is below it */
			s.constant = true;
			s.value = false;
			return s;
		}
		s.atoms[s.natoms++] = (struct atom){ pieces[0].word, (uint8_t)pos, pieces[0].mask,
						     (uint32_t)k };
		return s;
	}
	uint32_t kh = (uint32_t)(k >> 32), kl = (uint32_t)k;
	s.atoms[0] = (struct atom){ pieces[0].word, CMP_EQ, pieces[0].mask, kh };
	s.atoms[1] = (struct atom){ pieces[0].word, CMP_GT, pieces[0].mask, kh };
	s.atoms[2] = (struct atom){ pieces[1].word, (uint8_t)pos, pieces[1].mask, kl };
	s.natoms = 3;
	return s;
}

static bool atom_holds(const struct atom *a, uint32_t x)
{
	x &= a->mask;
	return a->op == CMP_EQ ? x == a->k : a->op == CMP_GT ? x > a->k : x >= a->k;
}

/* ---- announcing comparisons ------------------------------------------- */

struct bdd_atoms *bdd_atoms_new(void)
{
	return xcalloc(1, sizeof(struct bdd_atoms));
}

void bdd_atoms_free(struct bdd_atoms *a)
{
	if (!a)
		return;
	for (int w = 0; w < BDD_WORDS; w++) {
		free(a->w[w].cuts);
		free(a->w[w].masked);
	}
	free(a);
}

static void add_cut(struct word_atoms *wa, uint64_t v)
{
	if (v > FULL)
		return;
	VEC_RESERVE(wa->cuts, wa->cuts_cap, wa->ncuts + 1);
	wa->cuts[wa->ncuts++] = (uint32_t)v;
}

static void announce(struct bdd_atoms *a, const struct atom *x)
{
	if (x->word >= BDD_WORDS || x->mask == 0)
		return;   /* a constant */
	struct word_atoms *wa = &a->w[x->word];
	if (x->mask == FULL) {
		add_cut(wa, x->op == CMP_GT ? (uint64_t)x->k + 1 : x->k);
		if (x->op == CMP_EQ)
			add_cut(wa, (uint64_t)x->k + 1);
		add_cut(wa, 0);   /* a word compared has classes */
		return;
	}
	VEC_RESERVE(wa->masked, wa->masked_cap, wa->nmasked + 1);
	wa->masked[wa->nmasked++] = *x;
	add_cut(wa, 0);
}

void bdd_atoms_compare(struct bdd_atoms *a, const struct bdd_piece *pieces, size_t npieces,
		       enum cmp_op op, uint64_t k)
{
	if (npieces == 0 || npieces > 2)
		return;   /* made on bits; a classed word then reports a miss */
	struct split_compare s = compare_of(pieces, npieces, op, k);
	for (size_t i = 0; i < s.natoms; i++)
		announce(a, &s.atoms[i]);
}

void bdd_atoms_interval(struct bdd_atoms *a, uint8_t word, uint32_t lo, uint32_t hi)
{
	if (word >= BDD_WORDS)
		return;
	add_cut(&a->w[word], lo);
	add_cut(&a->w[word], (uint64_t)hi + 1);
	add_cut(&a->w[word], 0);
}

/* ---- making a word's classes ------------------------------------------ */

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static int cmp_atom(const void *a, const void *b)
{
	const struct atom *x = a, *y = b;
	if (x->mask != y->mask)
		return x->mask < y->mask ? -1 : 1;
	if (x->k != y->k)
		return x->k < y->k ? -1 : 1;
	return (x->op > y->op) - (x->op < y->op);
}

static uint32_t interval_last(const struct word_classes *wc, size_t i)
{
	return i + 1 < wc->nintervals ? wc->starts[i + 1] - 1 : FULL;
}

/* The index of the interval v lies in (the last one starting at or below
 * it: starts[0] is 0). */
static size_t interval_containing(const struct word_classes *wc, uint32_t v)
{
	size_t lo = 0, hi = wc->nintervals;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (wc->starts[mid] <= v)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* A class's values on bits, made when first needed. */
static bdd_node class_fn(struct bdd *m, struct word_classes *wc, size_t c)
{
	struct value_class *v = &wc->cls[c];
	if (!v->fn) {
		uint32_t iv[1][2] = { { wc->starts[v->interval], interval_last(wc, v->interval) } };
		v->fn = bdd_intervals_bits(m, wc->word, (const uint32_t (*)[2])iv, 1);
	}
	return v->fn;
}

/* Does (x & mask) change within [lo, hi]? Not when every bit of the mask
 * lies above the highest bit in which lo and hi differ. */
static bool mask_constant_on(uint32_t lo, uint32_t hi, uint32_t mask)
{
	if (lo == hi)
		return true;
	unsigned d = 31u - (unsigned)__builtin_clz(lo ^ hi);
	uint32_t below = d == 31 ? FULL : (2u << d) - 1;
	return (mask & below) == 0;
}

/*
 * The least (or greatest) x & mask over x in [lo, hi], exactly: a pass over
 * the bits from the least significant up, keeping for each pair of "the
 * bits above equal lo's" and "... equal hi's" the best value of the bits
 * below that respects them (bits below must then be >= lo's, <= hi's).
 */
static uint32_t masked_extreme(uint32_t lo, uint32_t hi, uint32_t mask, bool greatest)
{
	int64_t best[2][2] = { { 0, 0 }, { 0, 0 } };   /* [tight on lo][tight on hi], -1: none */
	for (unsigned i = 0; i < 32; i++) {
		unsigned lb = (lo >> i) & 1, hb = (hi >> i) & 1;
		int64_t next[2][2];
		for (int tl = 0; tl < 2; tl++)
			for (int th = 0; th < 2; th++) {
				next[tl][th] = -1;
				for (unsigned b = 0; b < 2; b++) {
					if ((tl && b < lb) || (th && b > hb))
						continue;
					int64_t below = best[tl && b == lb][th && b == hb];
					if (below < 0)
						continue;
					int64_t v = below + ((int64_t)(b & (mask >> i)) << i);
					if (next[tl][th] < 0 || (greatest ? v > next[tl][th] : v < next[tl][th]))
						next[tl][th] = v;
				}
			}
		memcpy(best, next, sizeof best);
	}
	return (uint32_t)best[1][1];   /* lo <= hi: never -1 */
}

/* Whether some x in [lo, hi] has (x & mask) == v. */
static bool masked_value_within(uint32_t lo, uint32_t hi, uint32_t mask, uint32_t v)
{
	if (v & ~mask)
		return false;
	bool ok[2][2] = { { true, true }, { true, true } };
	for (unsigned i = 0; i < 32; i++) {
		unsigned lb = (lo >> i) & 1, hb = (hi >> i) & 1, want = (v >> i) & 1;
		bool next[2][2];
		for (int tl = 0; tl < 2; tl++)
			for (int th = 0; th < 2; th++) {
				next[tl][th] = false;
				for (unsigned b = 0; b < 2; b++) {
					if (((mask >> i) & 1) && b != want)
						continue;
					if ((tl && b < lb) || (th && b > hb))
						continue;
					next[tl][th] |= ok[tl && b == lb][th && b == hb];
				}
			}
		memcpy(ok, next, sizeof ok);
	}
	return ok[1][1];
}

/* 1: every value of [lo, hi] satisfies the atom, 0: none does, -1: some. */
static int interval_meets(uint32_t lo, uint32_t hi, const struct atom *a)
{
	if (mask_constant_on(lo, hi, a->mask))
		return atom_holds(a, lo);
	if (a->op == CMP_EQ)   /* (x & mask) varies, so some x misses k */
		return masked_value_within(lo, hi, a->mask, a->k) ? -1 : 0;
	uint32_t least = masked_extreme(lo, hi, a->mask, false);
	uint32_t most = masked_extreme(lo, hi, a->mask, true);
	bool gt = a->op == CMP_GT;
	if (gt ? least > a->k : least >= a->k)
		return 1;
	return (gt ? most > a->k : most >= a->k) ? -1 : 0;
}

/* The atom on bits, made once into *fn (0: not yet). */
static bdd_node atom_bits(struct bdd *m, uint8_t word, const struct atom *a, bdd_node *fn)
{
	if (!*fn)
		*fn = bdd_compare_bits(m, &(struct bdd_piece){ word, a->mask }, 1,
				       (enum cmp_op)a->op, a->k);
	return *fn;
}

/* 1: every value of class c satisfies the atom, 0: none does, -1: some. */
static int class_meets(struct bdd *m, struct word_classes *wc, size_t c, const struct atom *a,
		       bdd_node *atom_fn, size_t *work)
{
	const struct value_class *v = &wc->cls[c];
	if (v->whole)
		return interval_meets(wc->starts[v->interval], interval_last(wc, v->interval), a);
	(*work)++;
	bdd_node fn = class_fn(m, wc, c);
	bdd_node both = bdd_and(m, fn, atom_bits(m, wc->word, a, atom_fn));
	return both == m->f ? 0 : both == fn ? 1 : -1;
}

/* The least value of a predicate on one word's bits (not false). */
static uint32_t least_value(const struct bdd *m, bdd_node f)
{
	uint32_t x = 0;
	while (m->nodes[f].var != LEAF_VAR) {
		const struct node *n = &m->nodes[f];
		if (n->lo != m->f) {
			f = n->lo;
		} else {
			x |= 1u << (31 - n->var % 32);
			f = n->hi;
		}
	}
	return x;
}

static void push_class(struct word_classes *wc, struct value_class v)
{
	VEC_RESERVE(wc->cls, wc->cls_cap, wc->nclasses + 1);
	wc->cls[wc->nclasses++] = v;
}

/* Splits the classes of interval i (from `from` on) by every masked atom. */
static bool split_interval(struct bdd *m, struct word_classes *wc, size_t from,
			   const struct atom *masked, size_t nmasked, size_t *work)
{
	for (size_t j = 0; j < nmasked; j++) {
		bdd_node atom_fn = 0;
		for (size_t c = from, end = wc->nclasses; c < end; c++) {
			if (class_meets(m, wc, c, &masked[j], &atom_fn, work) >= 0)
				continue;
			if (++*work > SPLIT_WORK_MAX || m->overflow)
				return false;
			bdd_node fn = class_fn(m, wc, c), a = atom_bits(m, wc->word, &masked[j], &atom_fn);
			bdd_node in = bdd_and(m, fn, a), out = bdd_and(m, fn, bdd_not(m, a));
			wc->cls[c].fn = in;
			wc->cls[c].whole = false;
			wc->cls[c].rep = least_value(m, in);
			push_class(wc, (struct value_class){ wc->cls[c].interval, least_value(m, out),
							     false, out });
		}
	}
	return true;
}

static void word_classes_free(struct word_classes *wc)
{
	if (!wc)
		return;
	free(wc->starts);
	free(wc->first);
	free(wc->cls);
	free(wc->memo);
	free(wc);
}

/* The classes of one word, or NULL when it is better left on bits. */
static struct word_classes *make_classes(struct bdd *m, uint8_t word, const struct word_atoms *wa)
{
	struct word_classes *wc = xcalloc(1, sizeof *wc);
	wc->word = word;
	wc->starts = xmalloc((wa->ncuts + 1) * sizeof *wc->starts);
	memcpy(wc->starts, wa->cuts, wa->ncuts * sizeof *wc->starts);
	qsort(wc->starts, wa->ncuts, sizeof *wc->starts, cmp_u32);
	for (size_t i = 0; i < wa->ncuts; i++)
		if (!wc->nintervals || wc->starts[wc->nintervals - 1] != wc->starts[i])
			wc->starts[wc->nintervals++] = wc->starts[i];
	struct atom *masked = xmalloc((wa->nmasked + 1) * sizeof *masked);
	size_t nmasked = 0;
	if (wa->nmasked) {
		memcpy(masked, wa->masked, wa->nmasked * sizeof *masked);
		qsort(masked, wa->nmasked, sizeof *masked, cmp_atom);
		for (size_t i = 0; i < wa->nmasked; i++)
			if (!nmasked || cmp_atom(&masked[nmasked - 1], &masked[i]))
				masked[nmasked++] = masked[i];
	}
	wc->first = xmalloc((wc->nintervals + 1) * sizeof *wc->first);
	size_t work = 0;
	bool ok = true;
	for (size_t i = 0; i < wc->nintervals && ok; i++) {
		wc->first[i] = (uint32_t)wc->nclasses;
		push_class(wc, (struct value_class){ (uint32_t)i, wc->starts[i], true, 0 });
		ok = split_interval(m, wc, wc->first[i], masked, nmasked, &work);
	}
	free(masked);
	if (!ok) {
		word_classes_free(wc);
		return NULL;
	}
	wc->first[wc->nintervals] = (uint32_t)wc->nclasses;
	while (wc->bits < 32 && (1ull << wc->bits) < wc->nclasses)
		wc->bits++;
	return wc;
}

void bdd_use_classes(struct bdd *m, const struct bdd_atoms *a)
{
	for (int w = 0; w < BDD_WORDS; w++) {
		if (!a->w[w].ncuts)
			continue;
		m->classes[w] = make_classes(m, (uint8_t)w, &a->w[w]);
		if (m->classes[w])
			m->classes_on = true;
	}
	memset(m->compares, 0, sizeof m->compares);
}

void bdd_classes_free(struct bdd *m)
{
	for (int w = 0; w < BDD_WORDS; w++) {
		word_classes_free(m->classes[w]);
		m->classes[w] = NULL;
	}
}

void bdd_classes_mark(struct bdd *m)
{
	for (int w = 0; w < BDD_WORDS; w++) {
		const struct word_classes *wc = m->classes[w];
		for (size_t c = 0; wc && c < wc->nclasses; c++)
			bdd_mark(m, wc->cls[c].fn);
		for (size_t i = 0; wc && i < wc->memo_cap; i++)
			if (wc->memo[i].used)
				bdd_mark(m, wc->memo[i].fn);
	}
}

bool bdd_classes_missed(const struct bdd *m)
{
	return m->classes_missed;
}

size_t bdd_class_count(const struct bdd *m, uint8_t word)
{
	return word < BDD_WORDS && m->classes[word] ? m->classes[word]->nclasses : 0;
}

void bdd_decode(const struct bdd *m, uint32_t words[BDD_WORDS])
{
	for (int w = 0; w < BDD_WORDS; w++) {
		const struct word_classes *wc = m->classes[w];
		if (!wc)
			continue;
		uint64_t c = wc->bits ? words[w] >> (32 - wc->bits) : 0;
		if (c >= wc->nclasses)
			c = wc->nclasses - 1;
		words[w] = wc->cls[c].rep;
	}
}

void bdd_encode(const struct bdd *m, uint32_t words[BDD_WORDS])
{
	for (int w = 0; w < BDD_WORDS; w++) {
		const struct word_classes *wc = m->classes[w];
		if (!wc)
			continue;
		size_t lo = interval_containing(wc, words[w]);
		size_t c = wc->first[lo];
		for (; c + 1 < wc->first[lo + 1]; c++)   /* a split interval: whose class is it? */
			if (bdd_eval(m, wc->cls[c].fn, words) == 1)
				break;
		words[w] = wc->bits ? (uint32_t)(c << (32 - wc->bits)) : 0;
	}
}

/* ---- predicates on class numbers -------------------------------------- */

/* The predicate "the class number lies in one of the ranges" (inclusive,
 * sorted, disjoint), each class number standing for its values' class. */
static bdd_node class_ranges_fn(struct bdd *m, const struct word_classes *wc,
				const uint32_t (*ranges)[2], size_t n)
{
	if (wc->bits == 0)
		return n ? m->t : m->f;
	unsigned shift = 32 - wc->bits;
	uint32_t (*iv)[2] = xmalloc((n + 1) * sizeof *iv);
	size_t niv = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t lo = ranges[i][0] << shift;
		uint32_t hi = ranges[i][1] + 1 >= wc->nclasses ? FULL
			    : ((ranges[i][1] + 1) << shift) - 1;
		if (niv && (uint64_t)iv[niv - 1][1] + 1 == lo) {
			iv[niv - 1][1] = hi;
		} else {
			iv[niv][0] = lo;
			iv[niv++][1] = hi;
		}
	}
	bdd_node f = bdd_intervals_bits(m, wc->word, (const uint32_t (*)[2])iv, niv);
	free(iv);
	return f;
}

/* The index of the interval starting at v, or -1 when v is no cut. */
static long interval_at(const struct word_classes *wc, uint32_t v)
{
	size_t i = interval_containing(wc, v);
	return wc->starts[i] == v ? (long)i : -1;
}

/* The classes of [lo, hi] as a range; false when they do not make it up. */
static bool classes_of_interval(struct bdd *m, const struct word_classes *wc, uint32_t lo,
				uint32_t hi, uint32_t range[2])
{
	long i0 = interval_at(wc, lo);
	long i1 = hi == FULL ? (long)wc->nintervals : interval_at(wc, hi + 1);
	if (i0 < 0 || i1 < 0) {
		m->classes_missed = true;
		return false;
	}
	range[0] = wc->first[i0];
	range[1] = wc->first[i1] - 1;
	return true;
}

/* Where a masked comparison's memo entry is looked for first. */
static size_t memo_slot_of(uint64_t key, uint8_t op, size_t cap)
{
	return (size_t)((key * 0x9e3779b97f4a7c15ull + op) >> 20) & (cap - 1);
}

static bdd_node masked_fn(struct bdd *m, struct word_classes *wc, const struct atom *a)
{
	uint64_t key = (uint64_t)a->mask << 32 | a->k;
	if ((wc->memo_len + 1) * 2 > wc->memo_cap) {
		struct masked_memo *old = wc->memo;
		size_t old_cap = wc->memo_cap;
		wc->memo_cap = old_cap ? old_cap * 2 : 64;
		wc->memo = xcalloc(wc->memo_cap, sizeof *wc->memo);
		for (size_t i = 0; i < old_cap; i++) {
			if (!old[i].used)
				continue;
			size_t s = memo_slot_of(old[i].key, old[i].op, wc->memo_cap);
			while (wc->memo[s].used)
				s = (s + 1) & (wc->memo_cap - 1);
			wc->memo[s] = old[i];
		}
		free(old);
	}
	size_t s = memo_slot_of(key, a->op, wc->memo_cap);
	while (wc->memo[s].used && !(wc->memo[s].key == key && wc->memo[s].op == a->op))
		s = (s + 1) & (wc->memo_cap - 1);
	if (wc->memo[s].used)
		return wc->memo[s].fn;
	bdd_node atom_fn = 0;
	uint32_t (*ranges)[2] = xmalloc((wc->nclasses + 1) * sizeof *ranges);
	size_t n = 0, work = 0;
	for (size_t c = 0; c < wc->nclasses; c++) {
		int in = class_meets(m, wc, c, a, &atom_fn, &work);
		if (in < 0) {
			m->classes_missed = true;
			free(ranges);
			return m->f;
		}
		if (!in)
			continue;
		if (n && ranges[n - 1][1] + 1 == c) {
			ranges[n - 1][1] = (uint32_t)c;
		} else {
			ranges[n][0] = ranges[n][1] = (uint32_t)c;
			n++;
		}
	}
	bdd_node f = class_ranges_fn(m, wc, (const uint32_t (*)[2])ranges, n);
	free(ranges);
	/* class_meets may have grown nothing here but diagrams: s is still free */
	wc->memo[s] = (struct masked_memo){ key, a->op, true, f };
	wc->memo_len++;
	return f;
}

/* One atom as a predicate: on class numbers when its word has classes. */
static bdd_node atom_fn(struct bdd *m, const struct atom *a)
{
	struct word_classes *wc = a->word < BDD_WORDS ? m->classes[a->word] : NULL;
	if (a->mask == 0)
		return atom_holds(a, 0) ? m->t : m->f;
	if (!wc)
		return bdd_compare_bits(m, &(struct bdd_piece){ a->word, a->mask }, 1,
					(enum cmp_op)a->op, a->k);
	if (a->mask != FULL)
		return masked_fn(m, wc, a);
	if (a->op == CMP_GT && a->k == FULL)
		return m->f;
	uint32_t lo = a->op == CMP_GT ? a->k + 1 : a->k, hi = a->op == CMP_EQ ? a->k : FULL;
	uint32_t range[2];
	if (!classes_of_interval(m, wc, lo, hi, range))
		return m->f;
	return class_ranges_fn(m, wc, (const uint32_t (*)[2])&range, 1);
}

bdd_node bdd_compare_classes(struct bdd *m, const struct bdd_piece *pieces, size_t npieces,
			     enum cmp_op op, uint64_t k)
{
	if (npieces == 0 || npieces > 2) {
		for (size_t i = 0; i < npieces; i++)
			if (pieces[i].word < BDD_WORDS && m->classes[pieces[i].word])
				m->classes_missed = true;
		return bdd_compare_bits(m, pieces, npieces, op, k);
	}
	struct split_compare s = compare_of(pieces, npieces, op, k);
	bdd_node f;
	if (s.constant) {
		f = s.value ? m->t : m->f;
	} else if (s.natoms == 1) {
		f = atom_fn(m, &s.atoms[0]);
	} else {
		bdd_node hi_eq = atom_fn(m, &s.atoms[0]), lo = atom_fn(m, &s.atoms[2]);
		bdd_node both = bdd_and(m, hi_eq, lo);
		/* s.atoms[2] carries ==, > or >=; only == needs no "hi >" */
		f = s.atoms[2].op == CMP_EQ ? both
					    : bdd_ite(m, atom_fn(m, &s.atoms[1]), m->t, both);
	}
	return s.negate ? bdd_not(m, f) : f;
}

bdd_node bdd_intervals_classes(struct bdd *m, uint8_t word, const uint32_t (*iv)[2], size_t n)
{
	const struct word_classes *wc = m->classes[word];
	uint32_t (*ranges)[2] = xmalloc((n + 1) * sizeof *ranges);
	size_t nr = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t r[2];
		if (!classes_of_interval(m, wc, iv[i][0], iv[i][1], r)) {
			free(ranges);
			return m->f;
		}
		if (nr && ranges[nr - 1][1] + 1 == r[0]) {
			ranges[nr - 1][1] = r[1];
		} else {
			ranges[nr][0] = r[0];
			ranges[nr++][1] = r[1];
		}
	}
	bdd_node f = class_ranges_fn(m, wc, (const uint32_t (*)[2])ranges, nr);
	free(ranges);
	return f;
}
