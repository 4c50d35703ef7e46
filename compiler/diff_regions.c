/*
 * diff_regions.c - the argument regions where two diagrams differ, as few
 * readable conditions as can be found (see diff.h).
 *
 * The diagrams test the argument words in order (args[0]'s high word, its
 * low word, args[1]'s high word...), each word's bits together. So the walk
 * goes one word at a time: the paths through the bits of word w end in a
 * pair of sub-diagrams of the later words; the paths that end in one pair
 * form one set of values of w, read as few conditions as can be found, and
 * the regions of that pair (found the same way) are prefixed with each.
 * Where the diagrams test several words, the regions are products: paths
 * through different words are never multiplied out.
 *
 * A path fixes some bits of a word: fixed bits that are the top bits of the
 * low 8, 16 or 32 make an interval, others a mask. A set of paths is read
 * three ways and the one that reads best kept: as they are; cut into
 * intervals (the free bits between fixed ones take each combination);
 * grown (each fixed bit freed while the diagrams still reach the same pair,
 * which the diagrams themselves check). Lists of regions are merged:
 * conditions are joined where their union is again one condition (adjacent
 * intervals, masks one bit apart, one-bit masks into "any of these bits"),
 * and regions inside others dropped. Last, each argument's high and low word
 * conditions become 64-bit conditions on the argument ("args[3] >=
 * 0x100000006"), merged again. The union of the regions is exactly where
 * the functions differ, each region with its one pair of actions.
 */
#include "diff.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_LIMIT 65536     /* regions, and paths through one word */
#define MAX_GROWN 128           /* growing costs diagram operations per bit */
#define MAX_ABSORB 1024         /* the containment pass is quadratic */
#define MAX_HOLES 6             /* a path splits into at most 2^MAX_HOLES intervals */

/* ---- conditions --------------------------------------------------------- */

static const uint64_t fields[] = { 0xffu, 0xffffu, 0xffffffffu, UINT64_MAX };

/* The field (the low 8, 16, 32 or 64 bits) that holds the bits `care`. */
static uint64_t field_of(uint64_t care)
{
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		if (!(care & ~fields[i]))
			return fields[i];
	return UINT64_MAX;
}

/* The condition "the bits `care` of the value are `value`". */
static struct arg_cond cond_of(uint64_t care, uint64_t value)
{
	if (!care)
		return (struct arg_cond){ ARG_ANY, 0, 0, 0 };
	uint64_t field = field_of(care);
	uint64_t low = field & ~care;
	if (!(low & (low + 1)))   /* care is the field's top bits: an interval */
		return (struct arg_cond){ ARG_RANGE, field, value, value | low };
	return (struct arg_cond){ ARG_MASK, care, value, 0 };
}

static bool is_bit_set(const struct arg_cond *c)
{
	return c->test == ARG_MASK && c->lo == c->bits && !(c->bits & (c->bits - 1));
}

static int cond_cmp(const struct arg_cond *x, const struct arg_cond *y)
{
	if (x->test != y->test)
		return x->test < y->test ? -1 : 1;
	if (x->bits != y->bits)
		return x->bits < y->bits ? -1 : 1;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	return 0;
}

/* Does every value that meets y meet x? (false when unsure) */
static bool cond_contains(const struct arg_cond *x, const struct arg_cond *y)
{
	if (x->test == ARG_ANY || !cond_cmp(x, y))
		return true;
	if (x->test == ARG_RANGE && y->test == ARG_RANGE && x->bits == y->bits)
		return x->lo <= y->lo && y->hi <= x->hi;
	if (x->test == ARG_RANGE && y->test == ARG_MASK) {
		/* (v & bits) over y's values lies in [least, most] */
		uint64_t least = y->lo & x->bits, most = (y->lo | ~y->bits) & x->bits;
		return x->lo <= least && most <= x->hi;
	}
	if (x->test == ARG_MASK && y->test == ARG_MASK)
		return !(x->bits & ~y->bits) && (y->lo & x->bits) == x->lo;
	if (x->test == ARG_ANY_BIT && y->test == ARG_MASK)
		return (y->bits & y->lo & x->bits) != 0;
	if (x->test == ARG_ANY_BIT && y->test == ARG_ANY_BIT)
		return !(y->bits & ~x->bits);
	return false;
}

/* The union of x and y when it is one condition. */
static bool cond_union(const struct arg_cond *x, const struct arg_cond *y, struct arg_cond *out)
{
	if (cond_contains(x, y)) {
		*out = *x;
		return true;
	}
	if (cond_contains(y, x)) {
		*out = *y;
		return true;
	}
	if (x->test == ARG_RANGE && y->test == ARG_RANGE && x->bits == y->bits) {
		const struct arg_cond *l = x->lo <= y->lo ? x : y, *h = l == x ? y : x;
		if (l->hi != UINT64_MAX && l->hi + 1 < h->lo)
			return false;
		uint64_t hi = l->hi > h->hi ? l->hi : h->hi;
		*out = l->lo == 0 && hi == x->bits ? (struct arg_cond){ ARG_ANY, 0, 0, 0 }
			: (struct arg_cond){ ARG_RANGE, x->bits, l->lo, hi };
		return true;
	}
	if (x->test == ARG_MASK && y->test == ARG_MASK && x->bits == y->bits) {
		uint64_t d = x->lo ^ y->lo;
		if (!d || (d & (d - 1)))
			return false;
		*out = cond_of(x->bits & ~d, x->lo & ~d);
		return true;
	}
	bool xb = is_bit_set(x) || x->test == ARG_ANY_BIT, yb = is_bit_set(y) || y->test == ARG_ANY_BIT;
	if (xb && yb) {
		*out = (struct arg_cond){ ARG_ANY_BIT, x->bits | y->bits, 0, 0 };
		return true;
	}
	return false;
}

/* ---- regions ------------------------------------------------------------ */

static int region_cmp(const void *px, const void *py)
{
	const struct arg_region *x = px, *y = py;
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	if (x->b != y->b)
		return x->b < y->b ? -1 : 1;
	for (unsigned v = 0; v < DIFF_CONDS; v++) {
		int c = cond_cmp(&x->when[v], &y->when[v]);
		if (c)
			return c;
	}
	return 0;
}

static void sort_regions(struct arg_region *r, size_t n)
{
	if (n > 1)   /* qsort wants a valid pointer even for none */
		qsort(r, n, sizeof *r, region_cmp);
}

/* Same actions, same conditions but the last. */
static bool same_but_last(const struct arg_region *x, const struct arg_region *y)
{
	if (x->a != y->a || x->b != y->b)
		return false;
	for (unsigned v = 0; v + 1 < DIFF_CONDS; v++)
		if (cond_cmp(&x->when[v], &y->when[v]))
			return false;
	return true;
}

static void swap_value(struct arg_region *r, size_t n, unsigned v)
{
	for (size_t i = 0; i < n; i++) {
		struct arg_cond t = r[i].when[v];
		r[i].when[v] = r[i].when[DIFF_CONDS - 1];
		r[i].when[DIFF_CONDS - 1] = t;
	}
}

/*
 * One joining pass over condition v: sorted with v last, regions equal but
 * for v are neighbours, and each is joined into the one before when their
 * union is one condition. Returns whether any was joined.
 */
static bool join_on(struct arg_region *r, size_t *n, unsigned v)
{
	bool joined = false;
	swap_value(r, *n, v);
	sort_regions(r, *n);
	size_t out = 0;
	for (size_t i = 0; i < *n; i++) {
		struct arg_cond u;
		if (out && same_but_last(&r[out - 1], &r[i]) &&
		    cond_union(&r[out - 1].when[DIFF_CONDS - 1], &r[i].when[DIFF_CONDS - 1], &u)) {
			r[out - 1].when[DIFF_CONDS - 1] = u;
			joined = true;
			continue;
		}
		r[out++] = r[i];
	}
	*n = out;
	swap_value(r, *n, v);
	return joined;
}

static bool region_contains(const struct arg_region *x, const struct arg_region *y)
{
	if (x->a != y->a || x->b != y->b)
		return false;
	for (unsigned v = 0; v < DIFF_CONDS; v++)
		if (!cond_contains(&x->when[v], &y->when[v]))
			return false;
	return true;
}

/* "!= k": the two intervals [0, k - 1] and [k + 1, max] of one condition. */
static void join_not_equal(struct arg_region *r, size_t *n, unsigned v)
{
	swap_value(r, *n, v);
	sort_regions(r, *n);
	size_t out = 0;
	for (size_t i = 0; i < *n; i++) {
		struct arg_cond *p = out ? &r[out - 1].when[DIFF_CONDS - 1] : NULL;
		const struct arg_cond *q = &r[i].when[DIFF_CONDS - 1];
		if (p && same_but_last(&r[out - 1], &r[i]) && p->test == ARG_RANGE &&
		    q->test == ARG_RANGE && p->bits == q->bits && p->lo == 0 && q->hi == q->bits &&
		    p->hi + 2 == q->lo) {
			*p = (struct arg_cond){ ARG_NE, p->bits, p->hi + 1, 0 };
			continue;
		}
		r[out++] = r[i];
	}
	*n = out;
	swap_value(r, *n, v);
}

/* Joins, absorbs and sorts regions in place, and with not_equal makes
 * "!= k" of two intervals; returns how many remain. */
static size_t simplify(struct arg_region *r, size_t n, bool not_equal)
{
	bool again = true;
	while (again) {
		again = false;
		for (unsigned v = 0; v < DIFF_CONDS; v++)
			again |= join_on(r, &n, v);
	}
	if (n <= MAX_ABSORB) {   /* drop regions inside others (of equal ones, the later) */
		bool *gone = xcalloc(n + 1, sizeof *gone);
		for (size_t j = 0; j < n; j++)
			for (size_t i = 0; i < n && !gone[j]; i++)
				gone[j] = i != j && !gone[i] && region_contains(&r[i], &r[j]) &&
					  (i < j || !region_contains(&r[j], &r[i]));
		size_t kept = 0;
		for (size_t i = 0; i < n; i++)
			if (!gone[i])
				r[kept++] = r[i];
		n = kept;
		free(gone);
	}
	for (unsigned v = 0; v < DIFF_CONDS && not_equal; v++)
		join_not_equal(r, &n, v);
	sort_regions(r, n);
	return n;
}

/* ---- paths through one word -------------------------------------------- */

/* A path through the bits of one word in both diagrams. */
struct path {
	uint64_t care, value;    /* the bits of the word it fixes */
	bdd_node f, g;           /* where it leaves them */
};

struct paths {
	struct path *items;
	size_t len, cap;
};

struct walk {
	struct bdd *m;
	size_t limit;
	bool complete;
};

/* May a list of len items take one more? When not, the walk is incomplete. */
static bool room(struct walk *w, size_t len)
{
	if (len >= w->limit)
		w->complete = false;
	return len < w->limit;
}

static void push_path(struct walk *w, struct paths *ps, const struct path *p)
{
	if (!room(w, ps->len))
		return;
	VEC_RESERVE(ps->items, ps->cap, ps->len + 1);
	ps->items[ps->len++] = *p;
}

/* Appends the paths through word v's bits where f and g still differ. */
static void word_paths(struct walk *w, bdd_node f, bdd_node g, unsigned v, uint64_t care,
		       uint64_t value, struct paths *ps)
{
	if (f == g || !w->complete)
		return;
	unsigned tf = bdd_top_var(w->m, f), tg = bdd_top_var(w->m, g);
	unsigned top = tf < tg ? tf : tg;
	if (top >= 32 * (v + 1)) {
		push_path(w, ps, &(struct path){ care, value, f, g });
		return;
	}
	uint64_t bit = 1ull << (31 - (top - 32 * v));
	for (int one = 0; one < 2; one++)
		word_paths(w, tf == top ? bdd_branch(w->m, f, one) : f,
			   tg == top ? bdd_branch(w->m, g, one) : g, v, care | bit,
			   one ? value | bit : value, ps);
}

static int path_cmp(const void *px, const void *py)
{
	const struct path *x = px, *y = py;
	if (x->f != y->f)
		return x->f < y->f ? -1 : 1;
	if (x->g != y->g)
		return x->g < y->g ? -1 : 1;
	if (x->care != y->care)
		return x->care < y->care ? -1 : 1;
	return x->value < y->value ? -1 : x->value > y->value;
}

/* Appends the path cut into intervals: the free bits between its fixed
 * ones take every combination (too many: the path as it is). */
static void split_path(struct walk *w, const struct path *p, struct paths *out)
{
	uint64_t holes = 0;
	if (p->care) {
		uint64_t lowest = p->care & (~p->care + 1);
		holes = field_of(p->care) & ~p->care & ~(lowest - 1);
	}
	unsigned n = (unsigned)__builtin_popcountll(holes);
	if (n > MAX_HOLES)
		n = 0, holes = 0;
	for (uint32_t pick = 0; pick < 1u << n; pick++) {
		struct path part = *p;
		unsigned k = 0;
		for (unsigned bit = 0; bit < 32; bit++)
			if (holes >> bit & 1) {
				part.care |= 1ull << bit;
				if (pick >> k++ & 1)
					part.value |= 1ull << bit;
			}
		push_path(w, out, &part);
	}
}

/* Does every value of word v whose bits `care` are `value` lead f to f2 and
 * g to g2 (the later words whatever they are)? */
static bool path_keeps(struct bdd *m, unsigned v, uint64_t care, uint64_t value, bdd_node f,
		       bdd_node g, bdd_node f2, bdd_node g2)
{
	bdd_node p = bdd_true(m);
	if (care) {
		struct bdd_piece piece = { (uint8_t)v, (uint32_t)care };
		p = bdd_compare(m, &piece, 1, CMP_EQ, value & care);
	}
	return bdd_ite(m, p, f, f2) == f2 && bdd_ite(m, p, g, g2) == g2;
}

/* Frees every fixed bit of the path that can go, the least significant first. */
static void grow_path(struct bdd *m, unsigned v, bdd_node f, bdd_node g, struct path *p)
{
	for (unsigned bit = 0; bit < 32; bit++) {
		uint64_t b = 1ull << bit;
		if ((p->care & b) && path_keeps(m, v, p->care & ~b, p->value & ~b, f, g, p->f, p->g)) {
			p->care &= ~b;
			p->value &= ~b;
		}
	}
}

/* ---- reading the values of one word -------------------------------------- */

/* How hard a list of regions is to read: two a region, one a mask. */
static size_t cost(const struct arg_region *r, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++) {
		c += 2;
		for (unsigned v = 0; v < DIFF_CONDS; v++)
			c += r[i].when[v].test == ARG_MASK || r[i].when[v].test == ARG_ANY_BIT;
	}
	return c;
}

/* The paths as regions of word v alone, merged; returns how many. */
static size_t as_regions(const struct path *ps, size_t n, unsigned v, struct arg_region **out)
{
	*out = xcalloc(n + 1, sizeof **out);
	for (size_t i = 0; i < n; i++)
		(*out)[i].when[v] = cond_of(ps[i].care, ps[i].value & ps[i].care);
	return simplify(*out, n, false);
}

/* Keeps r in *best when it reads better (or as well and `ties`). */
static void keep_better(struct arg_region **best, size_t *nbest, struct arg_region *r, size_t nr,
			bool ties)
{
	size_t c = cost(r, nr), cb = cost(*best, *nbest);
	if (c < cb || (ties && c == cb)) {
		free(*best);
		*best = r;
		*nbest = nr;
	} else {
		free(r);
	}
}

/*
 * The values of word v on which f and g lead to one pair (the paths ps), as
 * few conditions as the three readings give; returns how many, in *out.
 */
static size_t read_value(struct walk *w, const struct path *ps, size_t n, unsigned v,
			 bdd_node f, bdd_node g, struct arg_cond **out)
{
	struct arg_region *best, *r;
	size_t nbest = as_regions(ps, n, v, &best), nr;
	struct walk split = { w->m, w->limit, true };
	struct paths parts = { 0 };
	for (size_t i = 0; i < n && split.complete; i++)
		split_path(&split, &ps[i], &parts);
	if (split.complete) {   /* intervals read best: they win ties */
		nr = as_regions(parts.items, parts.len, v, &r);
		keep_better(&best, &nbest, r, nr, true);
	}
	free(parts.items);
	if (n <= MAX_GROWN && !bdd_overflowed(w->m)) {
		struct path *grown = xcalloc(n + 1, sizeof *grown);
		memcpy(grown, ps, n * sizeof *ps);
		for (size_t i = 0; i < n; i++)
			grow_path(w->m, v, f, g, &grown[i]);
		nr = as_regions(grown, n, v, &r);
		if (bdd_overflowed(w->m))   /* the checks were not made */
			free(r);
		else
			keep_better(&best, &nbest, r, nr, false);
		free(grown);
	}
	*out = xcalloc(nbest + 1, sizeof **out);
	for (size_t i = 0; i < nbest; i++)
		(*out)[i] = best[i].when[v];
	free(best);
	return nbest;
}

/* ---- the whole ---------------------------------------------------------- */

static void push_region(struct walk *w, struct arg_regions *out, const struct arg_region *r)
{
	if (!room(w, out->len))
		return;
	VEC_RESERVE(out->items, out->cap, out->len + 1);
	out->items[out->len++] = *r;
}

/* Appends the regions where f and g, functions of the words from v on,
 * differ (the words before v: any), as conditions on words. */
static void regions_from(struct walk *w, bdd_node f, bdd_node g, unsigned v,
			 struct arg_regions *out)
{
	uint32_t a, b;
	if (f == g || !w->complete)
		return;
	if (bdd_is_action(w->m, f, &a) && bdd_is_action(w->m, g, &b)) {
		struct arg_region r;
		memset(&r, 0, sizeof r);
		r.a = a;
		r.b = b;
		push_region(w, out, &r);
		return;
	}
	if (v >= BDD_WORDS)
		return;   /* not reached: every variable is some word's */
	struct paths ps = { 0 };
	word_paths(w, f, g, v, 0, 0, &ps);
	if (ps.len > 1)   /* qsort wants a valid pointer even for none */
		qsort(ps.items, ps.len, sizeof *ps.items, path_cmp);
	for (size_t i = 0; i < ps.len && w->complete;) {
		size_t j = i;
		while (j < ps.len && ps.items[j].f == ps.items[i].f && ps.items[j].g == ps.items[i].g)
			j++;
		struct arg_regions sub = { 0 };
		regions_from(w, ps.items[i].f, ps.items[i].g, v + 1, &sub);
		struct arg_cond *conds;
		size_t nconds = read_value(w, &ps.items[i], j - i, v, f, g, &conds);
		for (size_t c = 0; c < nconds; c++)
			for (size_t k = 0; k < sub.len; k++) {
				struct arg_region r = sub.items[k];
				r.when[v] = conds[c];
				push_region(w, out, &r);
			}
		free(conds);
		free(sub.items);
		i = j;
	}
	free(ps.items);
}

/* ---- words to arguments ------------------------------------------------- */

/* A condition on a high word as one on its 64-bit value. */
static struct arg_cond lift_high(const struct arg_cond *c)
{
	if (c->test == ARG_RANGE && c->bits == 0xffffffffu)
		return (struct arg_cond){ ARG_RANGE, UINT64_MAX, c->lo << 32, c->hi << 32 | 0xffffffffu };
	return (struct arg_cond){ c->test, c->bits << 32, c->lo << 32, c->hi << 32 };
}

/* A region on words as one on the arguments: per argument, its high and
 * low word's conditions in one 64-bit condition where they make one. */
static struct arg_region lift(const struct arg_region *r)
{
	struct arg_region out;
	memset(&out, 0, sizeof out);
	out.a = r->a;
	out.b = r->b;
	for (unsigned v = 0; v < DIFF_VALUES; v++) {
		const struct arg_cond *h = &r->when[2 * v], *l = &r->when[2 * v + 1];
		struct arg_cond *first = &out.when[2 * v], *second = &out.when[2 * v + 1];
		if (h->test == ARG_ANY) {
			*first = *l;   /* a condition on the low 32 bits of the value */
		} else if (h->test == ARG_RANGE && h->bits == 0xffffffffu && h->lo == h->hi &&
			   (l->test == ARG_ANY || (l->test == ARG_RANGE && l->bits == 0xffffffffu))) {
			uint64_t lo = l->test == ARG_ANY ? 0 : l->lo;
			uint64_t hi = l->test == ARG_ANY ? 0xffffffffu : l->hi;
			*first = (struct arg_cond){ ARG_RANGE, UINT64_MAX, h->lo << 32 | lo, h->lo << 32 | hi };
		} else {
			*first = lift_high(h);
			*second = *l;
		}
	}
	return out;
}

void arg_regions_of(struct bdd *m, bdd_node f, bdd_node g, size_t limit,
		    struct arg_regions *out)
{
	memset(out, 0, sizeof *out);
	struct walk w = { m, limit ? limit : DEFAULT_LIMIT, true };
	regions_from(&w, f, g, 0, out);
	out->len = simplify(out->items, out->len, false);
	for (size_t i = 0; i < out->len; i++)
		out->items[i] = lift(&out->items[i]);
	out->len = simplify(out->items, out->len, true);
	out->complete = w.complete;
}

void arg_regions_free(struct arg_regions *r)
{
	free(r->items);
	memset(r, 0, sizeof *r);
}

/* ---- text --------------------------------------------------------------- */

static void value_name(unsigned index, struct buf *out)
{
	if (index < 6)
		buf_printf(out, "args[%u]", index);
	else
		buf_puts(out, "instruction_pointer");
}

void arg_cond_text(const struct arg_cond *c, unsigned index, struct buf *out)
{
	value_name(index, out);
	if ((c->test == ARG_RANGE || c->test == ARG_NE) && c->bits != UINT64_MAX)
		buf_printf(out, " & 0x%" PRIx64, c->bits);
	switch (c->test) {
	case ARG_RANGE:
		if (c->lo == c->hi)
			buf_printf(out, " == 0x%" PRIx64, c->lo);
		else if (c->lo == 0)
			buf_printf(out, " <= 0x%" PRIx64, c->hi);
		else if (c->hi == c->bits)
			buf_printf(out, " >= 0x%" PRIx64, c->lo);
		else
			buf_printf(out, " in [0x%" PRIx64 ", 0x%" PRIx64 "]", c->lo, c->hi);
		break;
	case ARG_NE:
		buf_printf(out, " != 0x%" PRIx64, c->lo);
		break;
	case ARG_MASK:
		buf_printf(out, " & 0x%" PRIx64 " == 0x%" PRIx64, c->bits, c->lo);
		break;
	case ARG_ANY_BIT:
		buf_printf(out, " & 0x%" PRIx64 " != 0", c->bits);
		break;
	default:
		buf_puts(out, " is anything");
		break;
	}
}

void arg_region_text(const struct arg_region *r, struct buf *out)
{
	bool any = false;
	for (unsigned v = 0; v < DIFF_CONDS; v++) {
		if (r->when[v].test == ARG_ANY)
			continue;
		if (any)
			buf_puts(out, " && ");
		arg_cond_text(&r->when[v], v / 2, out);
		any = true;
	}
	if (!any)
		buf_puts(out, "any arguments");
}
