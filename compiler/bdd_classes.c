/*
 * bdd_classes.c - diagrams over codes of values instead of bits (see
 * bdd.h, bdd_use_classes()): announcing comparisons, making each word's
 * codes, and comparisons as predicates on codes.
 *
 * A filter compares each argument word with a few constants, and two
 * values that every comparison of a word answers alike are interchangeable.
 * Told beforehand which comparisons both sides will make (bdd_atoms), the
 * values of each word are cut into intervals between the cut points of its
 * whole-word comparisons. A word's code is the number of its interval
 * (numbers past the last stand for the last) in its top `bits` variables,
 * then one variable per masked comparison that some interval does not
 * answer alike. A whole-word comparison becomes "the interval number lies
 * in this set", a masked one "its answer on the interval, or its variable
 * where the interval does not decide it": diagrams shaped like searches
 * over intervals instead of over 32 bits per constant.
 *
 * Why this is exact: every comparison made is a function of the code, and
 * of the value through the map value -> code; functions equal on the codes
 * some value has are equal on values (bdd_real.c decides that). A
 * comparison the codes do not decide (one nobody announced) is not
 * approximated: the manager is marked missed and the caller builds again
 * on bits.
 */
#include "bdd_classes_internal.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "sort.h"

struct word_atoms {
	uint32_t *cuts;            /* values where a whole-word comparison may change */
	size_t ncuts, cuts_cap;
	struct atom *masked;       /* comparisons of some bits only */
	size_t nmasked, masked_cap;
};

struct bdd_atoms {
	struct word_atoms w[BDD_WORDS];
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

/*
 * A masked comparison in the one form every comparison that means the same
 * predicate gets, so that they share one variable: on one bit, "(x & b) ==
 * b", negated where *negate says. Returns 0 or 1 when the comparison is
 * constant, -1 otherwise.
 */
static int canonical_masked(struct atom *x, bool *negate)
{
	*negate = false;
	if (x->op == CMP_EQ && (x->k & ~x->mask))
		return 0;
	if (x->mask & (x->mask - 1))
		return -1;   /* several bits: as it is */
	uint32_t b = x->mask;
	bool holds_when_set;   /* the predicate is "bit set", or "bit clear" */
	if (x->op == CMP_EQ)
		holds_when_set = x->k == b;
	else if (x->op == CMP_GT)
		holds_when_set = true;   /* k < b here: set means greater */
	else
		holds_when_set = x->k != 0;
	if (x->op == CMP_GT ? x->k >= b : x->op == CMP_GE ? x->k > b : false)
		return 0;
	if (x->op == CMP_GE && x->k == 0)
		return 1;
	*x = (struct atom){ x->word, CMP_EQ, b, b };
	*negate = !holds_when_set;
	return -1;
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
	struct atom c = *x;
	bool negate;
	if (canonical_masked(&c, &negate) >= 0)
		return;
	VEC_RESERVE(wa->masked, wa->masked_cap, wa->nmasked + 1);
	wa->masked[wa->nmasked++] = c;
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

static int cmp_atom(const void *a, const void *b)
{
	const struct atom *x = a, *y = b;
	if (x->mask != y->mask)
		return x->mask < y->mask ? -1 : 1;
	if (x->k != y->k)
		return x->k < y->k ? -1 : 1;
	return (x->op > y->op) - (x->op < y->op);
}

/* The index of the interval v lies in (the last one starting at or below
 * it: starts[0] is 0). */
size_t interval_containing(const struct word_classes *wc, uint32_t v)
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

/* The least y & mask over y in [lo, 2^n): y = lo, or lo's bits above a 0 of
 * lo, that bit set and the bits below clear (n < 32). */
static uint32_t least_masked_from(uint32_t lo, uint32_t mask, unsigned n)
{
	uint32_t best = lo & mask, above = 0;
	for (unsigned i = n; i-- > 0;) {
		uint32_t bit = 1u << i;
		if (!(lo & bit) && above + (mask & bit) < best)
			best = above + (mask & bit);
		above += lo & mask & bit;
	}
	return best;
}

/* The greatest y & mask over y in [0, hi]: y = hi, or hi's bits above a 1
 * of hi, that bit clear and the bits below set. */
static uint32_t greatest_masked_to(uint32_t hi, uint32_t mask, unsigned n)
{
	uint32_t best = hi & mask, above = 0;
	for (unsigned i = n; i-- > 0;) {
		uint32_t bit = 1u << i;
		if ((hi & bit) && above + (mask & (bit - 1)) > best)
			best = above + (mask & (bit - 1));
		above += hi & mask & bit;
	}
	return best;
}

/*
 * The least (or greatest) x & mask over x in [lo, hi], exactly. Above the
 * highest bit d where lo and hi differ every x has their bits; below it x
 * runs over [lo's low bits, all ones] with bit d clear, and over [0, hi's
 * low bits] with it set.
 */
static uint32_t masked_extreme(uint32_t lo, uint32_t hi, uint32_t mask, bool greatest)
{
	if (lo == hi)
		return lo & mask;
	unsigned d = 31u - (unsigned)__builtin_clz(lo ^ hi);
	uint32_t bit = 1u << d, below = bit - 1;
	uint32_t prefix = lo & mask & ~(bit | below);
	uint32_t low_mask = mask & below;
	if (greatest) {
		uint32_t clear = low_mask;   /* y = all ones */
		uint32_t set = (mask & bit) + greatest_masked_to(hi & below, low_mask, d);
		return prefix + (clear > set ? clear : set);
	}
	uint32_t clear = least_masked_from(lo & below, low_mask, d);
	uint32_t set = mask & bit;     /* y = 0 */
	return prefix + (clear < set ? clear : set);
}

/* Whether some x in [lo, hi] has (x & mask) == v: the least x >= lo with
 * the mask's bits of v is found going down from the top, where x may first
 * pass lo on a free bit that lo has clear. */
static bool masked_value_within(uint32_t lo, uint32_t hi, uint32_t mask, uint32_t v)
{
	if (v & ~mask)
		return false;
	uint64_t found = UINT64_MAX;   /* the least x above lo so far */
	uint32_t prefix = 0;           /* x's bits equal to lo's so far */
	for (unsigned i = 32; i-- > 0;) {
		uint32_t bit = 1u << i, lb = lo & bit;
		if (mask & bit) {
			if ((v & bit) != lb) {   /* x passes lo here, or falls below it */
				if (v & bit)
					found = prefix | bit | (v & (bit - 1));
				return found <= hi;
			}
		} else if (!lb) {
			found = prefix | bit | (v & (bit - 1));
		}
		prefix |= (mask & bit) ? (v & bit) : lb;
	}
	return true;   /* x = lo */
}

/* Whether [lo, hi] holds an aligned block of values as wide as the mask's
 * highest bit: then x & mask takes every value under the mask there. */
static bool every_masked_value_within(uint32_t lo, uint32_t hi, uint32_t mask)
{
	unsigned top = 31u - (unsigned)__builtin_clz(mask);
	if (top == 31)
		return lo == 0 && hi == FULL;
	uint64_t size = 2ull << top;
	uint64_t start = ((uint64_t)lo + size - 1) & ~(size - 1);
	return start + size - 1 <= hi;
}

int interval_meets(uint32_t lo, uint32_t hi, const struct atom *a)
{
	if (mask_constant_on(lo, hi, a->mask))
		return atom_holds(a, lo);
	bool every = every_masked_value_within(lo, hi, a->mask);
	if (a->op == CMP_EQ) {   /* (x & mask) varies, so some x misses k */
		bool some = every ? !(a->k & ~a->mask) : masked_value_within(lo, hi, a->mask, a->k);
		return some ? -1 : 0;
	}
	uint32_t least = every ? 0 : masked_extreme(lo, hi, a->mask, false);
	uint32_t most = every ? a->mask : masked_extreme(lo, hi, a->mask, true);
	bool gt = a->op == CMP_GT;
	if (gt ? least > a->k : least >= a->k)
		return 1;
	return (gt ? most > a->k : most >= a->k) ? -1 : 0;
}

/* ---- making a word's classes ------------------------------------------ */

static void word_classes_free(struct word_classes *wc)
{
	if (!wc)
		return;
	free(wc->starts);
	free(wc->vars);
	free(wc->memo);
	free(wc);
}

/* The classes of one word, or NULL when its masked comparisons need more
 * variables than its interval number leaves. */
static struct word_classes *make_classes(uint8_t word, const struct word_atoms *wa)
{
	struct word_classes *wc = xcalloc(1, sizeof *wc);
	wc->word = word;
	wc->starts = xmalloc((wa->ncuts + 1) * sizeof *wc->starts);
	memcpy(wc->starts, wa->cuts, wa->ncuts * sizeof *wc->starts);
	wc->nintervals = sort_unique_u32(wc->starts, wa->ncuts);
	while (wc->bits < 32 && (1ull << wc->bits) < wc->nintervals)
		wc->bits++;
	struct atom *masked = xmalloc((wa->nmasked + 1) * sizeof *masked);
	if (wa->nmasked) {
		memcpy(masked, wa->masked, wa->nmasked * sizeof *masked);
		qsort(masked, wa->nmasked, sizeof *masked, cmp_atom);
	}
	wc->vars = xmalloc((wa->nmasked + 1) * sizeof *wc->vars);
	for (size_t j = 0; j < wa->nmasked; j++) {
		if (wc->nvars && !cmp_atom(&wc->vars[wc->nvars - 1], &masked[j]))
			continue;
		/* from the last interval, which is the widest as a rule: it
		 * answers first whether some interval does not decide */
		for (size_t i = wc->nintervals; i-- > 0;)
			if (interval_meets(wc->starts[i], interval_last(wc, i), &masked[j]) < 0) {
				wc->vars[wc->nvars++] = masked[j];
				break;
			}
	}
	free(masked);
	if (wc->bits + wc->nvars > 32) {
		word_classes_free(wc);
		return NULL;
	}
	return wc;
}

void bdd_use_classes(struct bdd *m, const struct bdd_atoms *a)
{
	for (int w = 0; w < BDD_WORDS; w++) {
		if (!a->w[w].ncuts)
			continue;
		m->classes[w] = make_classes((uint8_t)w, &a->w[w]);
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
		if (!wc)
			continue;
		bdd_mark(m, wc->real);
		for (size_t i = 0; i < wc->memo_cap; i++)
			if (wc->memo[i].used)
				bdd_mark(m, wc->memo[i].fn);
	}
}

bool bdd_same_classes(const struct bdd *a, const struct bdd *b)
{
	if (a->classes_on != b->classes_on)
		return false;
	for (int w = 0; w < BDD_WORDS; w++) {
		const struct word_classes *x = a->classes[w], *y = b->classes[w];
		if (!x || !y) {
			if (x || y)
				return false;
			continue;
		}
		if (x->nintervals != y->nintervals || x->bits != y->bits || x->nvars != y->nvars ||
		    memcmp(x->starts, y->starts, x->nintervals * sizeof *x->starts))
			return false;
		for (size_t i = 0; i < x->nvars; i++)
			if (cmp_atom(&x->vars[i], &y->vars[i]))
				return false;
	}
	return true;
}

bool bdd_classes_missed(const struct bdd *m)
{
	return m->classes_missed;
}

size_t bdd_class_count(const struct bdd *m, uint8_t word)
{
	return word < BDD_WORDS && m->classes[word] ? m->classes[word]->nintervals : 0;
}

/* ---- predicates on codes ---------------------------------------------- */

/* The predicate "the interval number lies in one of the ranges" (inclusive,
 * sorted, disjoint). */
bdd_node class_ranges_fn(struct bdd *m, const struct word_classes *wc,
				const uint32_t (*ranges)[2], size_t n)
{
	if (wc->bits == 0)
		return n ? m->t : m->f;
	unsigned shift = 32 - wc->bits;
	uint32_t (*iv)[2] = xmalloc((n + 1) * sizeof *iv);
	size_t niv = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t lo = ranges[i][0] << shift;
		uint32_t hi = ranges[i][1] + 1 >= wc->nintervals ? FULL
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

/* Appends interval i to sorted ranges, joining it to the last when next. */
static void ranges_add(uint32_t (*ranges)[2], size_t *n, uint32_t i)
{
	if (*n && ranges[*n - 1][1] + 1 == i) {
		ranges[*n - 1][1] = i;
	} else {
		ranges[*n][0] = ranges[*n][1] = i;
		(*n)++;
	}
}

/* The index of the interval starting at v, or -1 when v is no cut. */
static long interval_at(const struct word_classes *wc, uint32_t v)
{
	size_t i = interval_containing(wc, v);
	return wc->starts[i] == v ? (long)i : -1;
}

/* The intervals making up [lo, hi] as a range; false when they do not. */
static bool classes_of_interval(struct bdd *m, const struct word_classes *wc, uint32_t lo,
				uint32_t hi, uint32_t range[2])
{
	long i0 = interval_at(wc, lo);
	long i1 = hi == FULL ? (long)wc->nintervals : interval_at(wc, hi + 1);
	if (i0 < 0 || i1 < 0) {
		m->classes_missed = true;
		return false;
	}
	range[0] = (uint32_t)i0;
	range[1] = (uint32_t)i1 - 1;
	return true;
}

/* Where a masked comparison's memo entry is looked for first. */
static size_t memo_slot_of(uint64_t key, uint8_t op, size_t cap)
{
	return (size_t)((key * 0x9e3779b97f4a7c15ull + op) >> 20) & (cap - 1);
}

/* The memo slot of a masked comparison, the table grown first if needed. */
static struct masked_memo *memo_slot(struct word_classes *wc, uint64_t key, uint8_t op)
{
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
	size_t s = memo_slot_of(key, op, wc->memo_cap);
	while (wc->memo[s].used && !(wc->memo[s].key == key && wc->memo[s].op == op))
		s = (s + 1) & (wc->memo_cap - 1);
	return &wc->memo[s];
}

/*
 * A masked comparison on codes: on the intervals it answers alike, that
 * answer; on the others, its variable. One without a variable that some
 * interval does not answer alike was not announced: missed.
 */
static bdd_node masked_fn(struct bdd *m, struct word_classes *wc, const struct atom *a)
{
	struct masked_memo *slot = memo_slot(wc, (uint64_t)a->mask << 32 | a->k, a->op);
	if (slot->used)
		return slot->fn;
	const struct atom *var = bsearch(a, wc->vars, wc->nvars, sizeof *wc->vars, cmp_atom);
	uint32_t (*yes)[2] = xmalloc((wc->nintervals + 1) * sizeof *yes);
	uint32_t (*some)[2] = xmalloc((wc->nintervals + 1) * sizeof *some);
	size_t nyes = 0, nsome = 0;
	for (size_t i = 0; i < wc->nintervals; i++) {
		int in = interval_meets(wc->starts[i], interval_last(wc, i), a);
		if (in > 0)
			ranges_add(yes, &nyes, (uint32_t)i);
		else if (in < 0)
			ranges_add(some, &nsome, (uint32_t)i);
	}
	bdd_node f = class_ranges_fn(m, wc, (const uint32_t (*)[2])yes, nyes);
	if (nsome && !var) {
		m->classes_missed = true;
		f = m->f;
	} else if (nsome) {
		bdd_node v = bdd_mk(m, var_of_atom(wc, (size_t)(var - wc->vars)), m->f, m->t);
		f = bdd_ite(m, class_ranges_fn(m, wc, (const uint32_t (*)[2])some, nsome), v, f);
	}
	free(yes);
	free(some);
	*slot = (struct masked_memo){ (uint64_t)a->mask << 32 | a->k, a->op, true, f };
	wc->memo_len++;
	return f;
}

/* One atom as a predicate: on codes when its word has classes. */
static bdd_node atom_fn(struct bdd *m, const struct atom *a)
{
	struct word_classes *wc = a->word < BDD_WORDS ? m->classes[a->word] : NULL;
	if (a->mask == 0)
		return atom_holds(a, 0) ? m->t : m->f;
	if (!wc)
		return bdd_compare_bits(m, &(struct bdd_piece){ a->word, a->mask }, 1,
					(enum cmp_op)a->op, a->k);
	if (a->mask != FULL) {
		struct atom c = *a;
		bool negate;
		int constant = canonical_masked(&c, &negate);
		if (constant >= 0)
			return constant ? m->t : m->f;
		bdd_node f = masked_fn(m, wc, &c);
		return negate ? bdd_not(m, f) : f;
	}
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
