/*
 * bdd_real.c - which codes of a word some value has, and what follows from
 * it: equality of two functions on values (bdd_equal()), a witness value
 * where they differ, and the way between values and codes (bdd_decode(),
 * bdd_encode()). See bdd_classes.c for what a code is.
 *
 * A word's masked comparisons each have a variable, and not every pattern
 * of their answers occurs in every interval ((x & 15) == 14 implies x & 8).
 * Two functions of one manager are equal on values exactly when they are
 * equal on the codes some value has, so where their ids differ that set is
 * made (once per word) and the two are compared on it.
 */
#include "bdd_classes_internal.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"

/* Answer patterns kept while learning which answers of a word's masked
 * comparisons occur together (per block of values, word_real()); past it
 * the verifier builds again on bits (bdd_classes_missed()). */
#define REAL_WORK_MAX (1u << 21)
/* More bits read by a word's masks than this, and the blocks are not even
 * tried. */
#define REAL_BITS_MAX 20
/* Blocks looked at to find a value that has a code (bdd_decode()); past it,
 * the interval's least value is given. */
#define FIND_WORK_MAX 4096u

/* ---- values meeting wanted answers ------------------------------------ */

/* A wanted answer of one masked comparison. */
struct wanted {
	const struct atom *a;
	bool holds;
};

/*
 * The least value of [lo, hi] inside the aligned block of 2^s values from
 * base that gives every wanted answer, into *out. A block where some
 * comparison never gives its answer is dropped whole (interval_meets() is
 * exact); one where every comparison always does yields its least value;
 * others are halved. False when there is none, or when *work passed
 * FIND_WORK_MAX.
 */
static bool find_value(uint64_t base, unsigned s, uint32_t lo, uint32_t hi,
		       const struct wanted *w, size_t n, size_t *work, uint32_t *out)
{
	uint64_t end = base + ((uint64_t)1 << s) - 1;
	uint32_t blo = base > lo ? (uint32_t)base : lo;
	uint32_t bhi = end < hi ? (uint32_t)end : hi;
	if (blo > bhi || ++*work > FIND_WORK_MAX)
		return false;
	bool all = true;
	for (size_t i = 0; i < n; i++) {
		int r = interval_meets(blo, bhi, w[i].a);
		if (r == (w[i].holds ? 0 : 1))
			return false;
		all &= r >= 0;
	}
	if (all) {
		*out = blo;
		return true;
	}
	/* a single value answers every comparison: s > 0 here */
	return find_value(base, s - 1, lo, hi, w, n, work, out) ||
	       find_value(base + ((uint64_t)1 << (s - 1)), s - 1, lo, hi, w, n, work, out);
}

void bdd_decode(const struct bdd *m, uint32_t words[BDD_WORDS])
{
	for (int w = 0; w < BDD_WORDS; w++) {
		const struct word_classes *wc = m->classes[w];
		if (!wc)
			continue;
		size_t i = interval_of_code(wc, words[w]);
		uint32_t lo = wc->starts[i], hi = interval_last(wc, i);
		struct wanted *want = xmalloc((wc->nvars + 1) * sizeof *want);
		size_t n = 0, work = 0;
		for (size_t t = 0; t < wc->nvars; t++)
			if (interval_meets(lo, hi, &wc->vars[t]) < 0)
				want[n++] = (struct wanted){ &wc->vars[t],
							     (words[w] >> (31 - wc->bits - t)) & 1 };
		uint32_t v;
		words[w] = find_value(0, 32, lo, hi, want, n, &work, &v) ? v : lo;
		free(want);
	}
}

void bdd_encode(const struct bdd *m, uint32_t words[BDD_WORDS])
{
	for (int w = 0; w < BDD_WORDS; w++) {
		const struct word_classes *wc = m->classes[w];
		if (!wc)
			continue;
		uint32_t v = words[w];
		uint32_t code = wc->bits ? (uint32_t)interval_containing(wc, v) << (32 - wc->bits) : 0;
		for (size_t t = 0; t < wc->nvars; t++)
			if (atom_holds(&wc->vars[t], v))
				code |= 1u << (31 - wc->bits - t);
		words[w] = code;
	}
}

/* ---- codes some value has --------------------------------------------- */

/* The answers of a word's masked comparisons with a variable for value v,
 * comparison t as bit nvars - 1 - t (so that sorting groups by the first). */
static uint32_t answers_of(const struct word_classes *wc, uint32_t v)
{
	uint32_t x = 0;
	for (size_t t = 0; t < wc->nvars; t++)
		x |= (uint32_t)atom_holds(&wc->vars[t], v) << (wc->nvars - 1 - t);
	return x;
}

/* x's bits under `used`, packed to the bottom (in order), and back. */
static uint32_t pack_bits(uint32_t x, uint32_t used)
{
	uint32_t y = 0;
	for (unsigned i = 0; used; used &= used - 1, i++)
		y |= (x >> __builtin_ctz(used) & 1u) << i;
	return y;
}

static uint32_t unpack_bits(uint32_t y, uint32_t used)
{
	uint32_t x = 0;
	for (; used; used &= used - 1, y >>= 1)
		x |= (y & 1u) << __builtin_ctz(used);
	return x;
}

/*
 * The answer patterns of a word's values. Only the bits the masks read
 * (`used`) matter, so values are looked at packed to those bits: an
 * aligned block of values is an aligned block of packed values, and the
 * patterns of packed block (level, j), covering [j << level, (j + 1) <<
 * level), are kept sorted and distinct, made once from their halves.
 */
struct pattern_sets {
	const struct word_classes *wc;
	uint32_t used;
	unsigned nused;
	struct { uint64_t key; size_t at, n; } *memo;   /* key: (level, j) + 1; 0 free */
	size_t memo_cap, memo_len;
	uint32_t *pool;                                /* the sets, end to end */
	size_t pool_len, pool_cap;
	bool too_much;                                 /* pool passed REAL_WORK_MAX */
};

static size_t pattern_slot(const struct pattern_sets *ps, uint64_t key)
{
	size_t h = (size_t)(key * 0x9e3779b97f4a7c15ull >> 24) & (ps->memo_cap - 1);
	while (ps->memo[h].key && ps->memo[h].key != key)
		h = (h + 1) & (ps->memo_cap - 1);
	return h;
}

static uint32_t *pool_reserve(struct pattern_sets *ps, size_t n)
{
	while (ps->pool_len + n > ps->pool_cap) {
		ps->pool_cap = ps->pool_cap ? ps->pool_cap * 2 : 1024;
		ps->pool = xrealloc(ps->pool, ps->pool_cap * sizeof *ps->pool);
	}
	return ps->pool + ps->pool_len;
}

/* Merges sorted distinct a and b into out (room for na + nb); the count. */
static size_t merge_sets(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, uint32_t *out)
{
	size_t i = 0, j = 0, n = 0;
	while (i < na || j < nb) {
		uint32_t x = j >= nb || (i < na && a[i] <= b[j]) ? a[i] : b[j];
		i += i < na && a[i] == x;
		j += j < nb && b[j] == x;
		out[n++] = x;
	}
	return n;
}

/* Packed block (level, j)'s patterns: where they start in the pool, and how many. */
static size_t block_patterns(struct pattern_sets *ps, unsigned level, uint32_t j, size_t *n)
{
	uint64_t key = ((uint64_t)level << 32 | j) + 1;
	if ((ps->memo_len + 1) * 2 > ps->memo_cap) {
		__typeof__(ps->memo) old = ps->memo;
		size_t old_cap = ps->memo_cap;
		ps->memo_cap = old_cap ? old_cap * 2 : 256;
		ps->memo = xcalloc(ps->memo_cap, sizeof *ps->memo);
		for (size_t i = 0; i < old_cap; i++)
			if (old[i].key)
				ps->memo[pattern_slot(ps, old[i].key)] = old[i];
		free(old);
	}
	size_t h = pattern_slot(ps, key);
	if (ps->memo[h].key) {
		*n = ps->memo[h].n;
		return ps->memo[h].at;
	}
	size_t at, count;
	if (level == 0 || ps->too_much) {
		uint32_t x = answers_of(ps->wc, unpack_bits(j << level, ps->used));
		at = ps->pool_len;
		*pool_reserve(ps, 1) = x;
		count = 1;
	} else {
		size_t na, nb;
		size_t a = block_patterns(ps, level - 1, 2 * j, &na);
		size_t b = block_patterns(ps, level - 1, 2 * j + 1, &nb);
		uint32_t *out = pool_reserve(ps, na + nb);
		at = ps->pool_len;
		count = merge_sets(ps->pool + a, na, ps->pool + b, nb, out);
	}
	ps->pool_len += count;
	ps->too_much |= ps->pool_len > REAL_WORK_MAX;
	h = pattern_slot(ps, key);   /* the table may have grown below */
	ps->memo[h].key = key;
	ps->memo[h].at = at;
	ps->memo[h].n = count;
	ps->memo_len++;
	*n = count;
	return at;
}

/* The patterns of the values in [lo, hi], sorted and distinct, into *out
 * (grown as needed); their count. */
static size_t interval_patterns(struct pattern_sets *ps, uint32_t lo, uint32_t hi,
				uint32_t **out, size_t *cap)
{
	size_t n = 0;
	for (uint64_t x = lo; x <= hi && !ps->too_much;) {
		unsigned s = x ? (unsigned)__builtin_ctzll(x) : 32;
		while (x + ((uint64_t)1 << s) - 1 > hi)
			s--;
		uint32_t below = s >= 32 ? FULL : (1u << s) - 1;
		unsigned level = (unsigned)__builtin_popcount(ps->used & below);
		uint32_t j = level >= 32 ? 0 : pack_bits((uint32_t)x, ps->used) >> level;
		size_t nb, at = block_patterns(ps, level, j, &nb);
		if (2 * n + nb > *cap) {
			*cap = 2 * (2 * n + nb) + 64;
			*out = xrealloc(*out, *cap * sizeof **out);
		}
		size_t merged = merge_sets(*out, n, ps->pool + at, nb, *out + n);
		memmove(*out, *out + n, merged * sizeof **out);
		n = merged;
		x += (uint64_t)1 << s;
	}
	return n;
}
/* The set of sorted distinct patterns p[0 .. n) over the variables from
 * masked comparison t on. */
static bdd_node patterns_fn(struct bdd *m, const struct word_classes *wc, const uint32_t *p,
			    size_t n, size_t t)
{
	if (n == 0)
		return m->f;
	if (t == wc->nvars)
		return m->t;
	uint32_t bit = 1u << (wc->nvars - 1 - t);
	size_t zeros = 0;   /* p agree above t, so those without it come first */
	while (zeros < n && !(p[zeros] & bit))
		zeros++;
	bdd_node lo = patterns_fn(m, wc, p, zeros, t + 1);
	bdd_node hi = patterns_fn(m, wc, p + zeros, n - zeros, t + 1);
	return bdd_mk(m, var_of_atom(wc, t), lo, hi);
}

/* The codes of a word some value has; 0 when finding them took too long. */
static bdd_node word_real(struct bdd *m, struct word_classes *wc)
{
	if (wc->real || wc->real_unknown)
		return wc->real;
	uint32_t used = 0;
	for (size_t t = 0; t < wc->nvars; t++)
		used |= wc->vars[t].mask;
	if (__builtin_popcount(used) > REAL_BITS_MAX) {
		wc->real_unknown = true;
		return 0;
	}
	struct pattern_sets ps = { .wc = wc, .used = used };
	uint32_t *cur = NULL, *run = NULL;
	size_t ncur = 0, nrun = 0, cur_cap = 0, run_cap = 0;
	bdd_node f = m->f;
	uint32_t run_first = 0;
	for (size_t i = 0; i <= wc->nintervals && !ps.too_much; i++) {
		if (i < wc->nintervals)
			ncur = interval_patterns(&ps, wc->starts[i], interval_last(wc, i), &cur,
						 &cur_cap);
		bool same = i < wc->nintervals && ncur == nrun &&
			    (!ncur || !memcmp(cur, run, ncur * sizeof *cur));
		if (i && !same) {   /* intervals run_first .. i - 1 share `run` */
			uint32_t range[1][2] = { { run_first, (uint32_t)i - 1 } };
			bdd_node set = patterns_fn(m, wc, run, nrun, 0);
			f = bdd_ite(m, class_ranges_fn(m, wc, (const uint32_t (*)[2])range, 1), set, f);
		}
		if (i < wc->nintervals && (!i || !same)) {
			uint32_t *swap = run;
			size_t swap_cap = run_cap;
			run = cur;
			run_cap = cur_cap;
			nrun = ncur;
			cur = swap;
			cur_cap = swap_cap;
			run_first = (uint32_t)i;
		}
	}
	bool too_much = ps.too_much;
	free(ps.memo);
	free(ps.pool);
	free(cur);
	free(run);
	if (too_much) {
		wc->real_unknown = true;
		return 0;
	}
	wc->real = f;
	return f;
}

/* Pairs of nodes looked at by a walk over where f and g differ, with the
 * codes walked (NO_NODE: all). */
#define NO_NODE 0xffffffffu
struct pair_entry {
	bdd_node f, g, r;
	uint8_t used, answer;
};

struct pair_memo {
	struct pair_entry *items;
	size_t cap, len;
};

/* The memo slot of (f, g, r), the table grown first if needed. */
static struct pair_entry *pair_slot(struct pair_memo *memo, bdd_node f, bdd_node g, bdd_node r)
{
	if ((memo->len + 1) * 2 > memo->cap) {
		struct pair_entry *old = memo->items;
		size_t old_cap = memo->cap;
		memo->cap = old_cap ? old_cap * 2 : 1024;
		memo->items = xcalloc(memo->cap, sizeof *memo->items);
		memo->len = 0;
		for (size_t i = 0; i < old_cap; i++)
			if (old[i].used) {
				*pair_slot(memo, old[i].f, old[i].g, old[i].r) = old[i];
				memo->len++;
			}
		free(old);
	}
	size_t h = (size_t)(((f * 0x9e3779b97f4a7c15ull ^ g) * 0xc2b2ae3d27d4eb4full ^ r) *
			    0x9e3779b97f4a7c15ull >> 24) & (memo->cap - 1);
	while (memo->items[h].used &&
	       !(memo->items[h].f == f && memo->items[h].g == g && memo->items[h].r == r))
		h = (h + 1) & (memo->cap - 1);
	return &memo->items[h];
}

/* The top variable of f, g and r, and each one's branches on it. */
static uint32_t split3(const struct bdd *m, bdd_node x[3], bdd_node lo[3], bdd_node hi[3])
{
	uint32_t v = LEAF_VAR;
	for (int i = 0; i < 3; i++)
		if (m->nodes[x[i]].var < v)
			v = m->nodes[x[i]].var;
	for (int i = 0; i < 3; i++) {
		bool on_v = m->nodes[x[i]].var == v;
		lo[i] = on_v ? m->nodes[x[i]].lo : x[i];
		hi[i] = on_v ? m->nodes[x[i]].hi : x[i];
	}
	return v;
}

/* The words whose masked comparisons' variables f or g reads where they
 * differ, as bits. */
static uint32_t words_read_apart(const struct bdd *m, struct pair_memo *memo, bdd_node f,
				 bdd_node g)
{
	if (f == g)
		return 0;
	struct pair_entry *slot = pair_slot(memo, f, g, NO_NODE);
	if (slot->used)
		return 0;   /* its words are in the answer already */
	*slot = (struct pair_entry){ f, g, NO_NODE, 1, 0 };
	memo->len++;
	bdd_node x[3] = { f, g, m->t }, lo[3], hi[3];
	uint32_t v = split3(m, x, lo, hi);
	if (v == LEAF_VAR)
		return 0;
	uint32_t words = 0;
	const struct word_classes *wc = m->classes[bdd_word_of(v)];
	if (wc && v % 32 >= wc->bits)
		words = 1u << bdd_word_of(v);
	words |= words_read_apart(m, memo, lo[0], lo[1]);
	return words | words_read_apart(m, memo, hi[0], hi[1]);
}

/* Whether f and g differ on some code r holds, building no node. */
static bool apart_on(const struct bdd *m, struct pair_memo *memo, bdd_node f, bdd_node g,
		     bdd_node r)
{
	if (f == g || r == m->f)
		return false;
	if (r == m->t)
		return true;   /* every code below is some value's */
	bdd_node x[3] = { f, g, r }, lo[3], hi[3];
	uint32_t v = split3(m, x, lo, hi);
	if (v == LEAF_VAR)
		return true;   /* two leaves, and r, reduced and not false, holds */
	struct pair_entry *slot = pair_slot(memo, f, g, r);
	if (slot->used)
		return slot->answer;
	bool answer = apart_on(m, memo, lo[0], lo[1], lo[2]) ||
		      apart_on(m, memo, hi[0], hi[1], hi[2]);
	slot = pair_slot(memo, f, g, r);   /* the table may have grown */
	*slot = (struct pair_entry){ f, g, r, 1, answer };
	memo->len++;
	return answer;
}

/* The codes some values have, on the words given; 0 when unknown. Only
 * those need be: every interval of a word has some value, so a function
 * that reads none of a word's variables is real there whatever they are. */
static bdd_node codes_real(struct bdd *m, uint32_t words)
{
	bdd_node f = m->t;
	for (int w = BDD_WORDS; w-- > 0;) {
		struct word_classes *wc = m->classes[w];
		if (!wc || !wc->nvars || !(words >> w & 1))
			continue;
		bdd_node r = word_real(m, wc);
		if (!r) {
			m->classes_missed = true;
			return 0;
		}
		f = bdd_and(m, r, f);
	}
	return f;
}

/* The codes some value has on the words f and g read where they differ,
 * with the walk's memo filled; 0 (and the manager missed) when those codes
 * took too long to find. */
static bdd_node real_where_apart(struct bdd *m, struct pair_memo *memo, bdd_node f, bdd_node g)
{
	if (!m->classes_on)
		return m->t;
	return codes_real(m, words_read_apart(m, memo, f, g));
}

bool bdd_equal(struct bdd *m, bdd_node f, bdd_node g)
{
	if (f == g || !m->classes_on)
		return f == g;
	struct pair_memo memo = { 0 };
	bdd_node real = real_where_apart(m, &memo, f, g);
	bool apart = !real || apart_on(m, &memo, f, g, real);
	free(memo.items);
	return !apart;   /* !real: the caller builds again on bits */
}

bool bdd_witness_values(struct bdd *m, bdd_node f, bdd_node g, uint32_t words[BDD_WORDS])
{
	struct pair_memo memo = { 0 };
	bdd_node real = f == g ? m->f : real_where_apart(m, &memo, f, g);
	bool apart = real && apart_on(m, &memo, f, g, real);
	memset(words, 0, BDD_WORDS * sizeof *words);
	/* Down the branch on which they still differ on some real code, the
	 * low one first: it ends on two different leaves. */
	while (apart) {
		bdd_node x[3] = { f, g, real }, lo[3], hi[3];
		uint32_t v = split3(m, x, lo, hi);
		if (v == LEAF_VAR)
			break;
		bool one = !apart_on(m, &memo, lo[0], lo[1], lo[2]);
		if (one)
			words[bdd_word_of(v)] |= 1u << (31 - v % 32);
		f = one ? hi[0] : lo[0];
		g = one ? hi[1] : lo[1];
		real = one ? hi[2] : lo[2];
	}
	free(memo.items);
	if (apart)
		bdd_decode(m, words);
	return apart;
}
