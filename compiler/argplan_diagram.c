/*
 * argplan_diagram.c - the diagram shape (see argplan.h).
 *
 * The rules' terms in order, first match deciding, are taken apart word by
 * word: a word's ranges cut by every interval atom on it make a split
 * node, and on each range the atoms become true or false, which leaves a
 * shorter list of terms for the next word; mask atoms become tests after
 * the word's ranges. Lists met twice give the same node (a memo on the
 * list), so the diagram is as small as the word order allows.
 */
#include "argplan_internal.h"

#include <stdlib.h>
#include <string.h>

#include "sort.h"

/* The list as words: the memo's key. */
static uint32_t *serialize(const struct term_list *l, size_t *len)
{
	size_t n = 2;
	for (size_t i = 0; i < l->len; i++)
		n += 2 + 3 * l->items[i].natoms;
	uint32_t *k = xmalloc(n * sizeof *k), *w = k;
	*w++ = l->otherwise;
	*w++ = (uint32_t)l->len;
	for (size_t i = 0; i < l->len; i++) {
		const struct term *t = &l->items[i];
		*w++ = t->action;
		*w++ = (uint32_t)t->natoms;
		for (size_t j = 0; j < t->natoms; j++) {
			const struct atom *a = &t->atoms[j];
			*w++ = (uint32_t)a->var << 16 | (uint32_t)a->kind << 8 | a->neg;
			*w++ = a->a;
			*w++ = a->b;
		}
	}
	*len = n;
	return k;
}

static uint64_t key_hash(const uint32_t *k, size_t n)
{
	uint64_t h = 0x243f6a8885a308d3ull;
	for (size_t i = 0; i < n; i++)
		h = argplan_mix(h, k[i]);
	return h;
}

static struct memo_entry *memo_slot(struct builder *b, uint64_t h, const uint32_t *k, size_t n)
{
	if ((b->memo_len + 1) * 2 > b->memo_cap) {
		struct memo_entry *old = b->memo;
		size_t old_cap = b->memo_cap;
		b->memo_cap = old_cap ? old_cap * 2 : 64;
		b->memo = xcalloc(b->memo_cap, sizeof *b->memo);
		for (size_t i = 0; i < old_cap; i++) {
			if (!old[i].key)
				continue;
			size_t s = (size_t)old[i].hash & (b->memo_cap - 1);
			while (b->memo[s].key)
				s = (s + 1) & (b->memo_cap - 1);
			b->memo[s] = old[i];
		}
		free(old);
	}
	size_t s = (size_t)h & (b->memo_cap - 1);
	while (b->memo[s].key && (b->memo[s].hash != h || b->memo[s].keylen != n ||
				  memcmp(b->memo[s].key, k, n * sizeof *k) != 0))
		s = (s + 1) & (b->memo_cap - 1);
	return &b->memo[s];
}

/* Cuts the list after its first term without atoms (it always holds: its
 * action is what the list gives otherwise) and drops the terms at the end
 * that give what the list gives otherwise anyway. */
static void trim(struct term_list *l)
{
	for (size_t i = 0; i < l->len; i++)
		if (l->items[i].natoms == 0) {
			l->otherwise = l->items[i].action;
			l->len = i;
			break;
		}
	while (l->len && l->items[l->len - 1].action == l->otherwise)
		l->len--;
}

static int32_t build(struct builder *b, struct term_list *l);

/* The index of cut value x among the sorted cuts (it is one of them). */
static size_t cut_index(const uint32_t *cuts, size_t n, uint32_t x)
{
	size_t lo = 0, hi = n;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (cuts[mid] <= x)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The runs of ranges that are in `runs` and in [first, last] (or, neg, out
 * of it); returns how many (at most 8: a term has at most 12 atoms, and on
 * one word one positive interval and a few negative ones). */
static size_t intersect_runs(size_t runs[][2], size_t nruns, size_t first, size_t last, bool neg,
			     size_t n)
{
	size_t keep[2][2], nkeep = 0;
	if (!neg) {
		keep[nkeep][0] = first;
		keep[nkeep++][1] = last;
	} else {
		if (first > 0) {
			keep[nkeep][0] = 0;
			keep[nkeep++][1] = first - 1;
		}
		if (last + 1 < n) {
			keep[nkeep][0] = last + 1;
			keep[nkeep++][1] = n - 1;
		}
	}
	size_t out[8][2], m = 0;
	for (size_t r = 0; r < nruns; r++)
		for (size_t q = 0; q < nkeep && m < 8; q++) {
			size_t lo = runs[r][0] > keep[q][0] ? runs[r][0] : keep[q][0];
			size_t hi = runs[r][1] < keep[q][1] ? runs[r][1] : keep[q][1];
			if (lo <= hi) {
				out[m][0] = lo;
				out[m++][1] = hi;
			}
		}
	memcpy(runs, out, m * sizeof out[0]);
	return m;
}

struct event {
	size_t at;      /* the range where the term starts or stops being alive */
	size_t term;
	bool on;
};

static int cmp_event(const void *x, const void *y)
{
	const struct event *a = x, *b = y;
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return a->on - b->on;   /* a term that stops before one that starts */
}

/* The sorted, unique points where the interval atoms on var v start or
 * end. */
static uint32_t *split_cuts(const struct term_list *l, size_t v, uint32_t vmax, size_t *n)
{
	size_t ncuts = 1;
	uint32_t *cuts = xmalloc((2 * argplan_atoms_total(l) + 1) * sizeof *cuts);
	cuts[0] = 0;
	for (size_t i = 0; i < l->len; i++)
		for (size_t j = 0; j < l->items[i].natoms; j++) {
			const struct atom *a = &l->items[i].atoms[j];
			if (a->var != v || a->kind != ATOM_IN)
				continue;
			cuts[ncuts++] = a->a;
			if (a->b < vmax)
				cuts[ncuts++] = a->b + 1;
		}
	*n = sort_unique_u32(cuts, ncuts);
	return cuts;
}

/* The terms of a split, without their interval atoms on v (rest[k], atoms
 * in `store`), and the events where each starts and stops being alive
 * across the n ranges (sorted); dynamic[k]: term k has such atoms (else it
 * is alive on every range). Returns the number of events. */
static size_t split_events(const struct term_list *l, size_t v, uint32_t vmax,
			   const uint32_t *cuts, size_t n, struct term *rest, struct atom *store,
			   bool *dynamic, struct event **events)
{
	struct event *ev = NULL;
	size_t nev = 0, evcap = 0, used = 0;
	for (size_t k = 0; k < l->len; k++) {
		const struct term *t = &l->items[k];
		rest[k] = (struct term){ store + used, 0, t->action };
		size_t runs[2 * 4][2], nruns = 1;   /* ranges where the term is alive */
		runs[0][0] = 0;
		runs[0][1] = n - 1;
		for (size_t j = 0; j < t->natoms; j++) {
			const struct atom *a = &t->atoms[j];
			if (a->var != v || a->kind != ATOM_IN) {
				rest[k].atoms[rest[k].natoms++] = *a;
				continue;
			}
			dynamic[k] = true;
			size_t first = cut_index(cuts, n, a->a);
			size_t last = a->b < vmax ? cut_index(cuts, n, a->b + 1) - 1 : n - 1;
			nruns = intersect_runs(runs, nruns, first, last, a->neg, n);
		}
		used += rest[k].natoms;
		for (size_t r = 0; r < nruns && dynamic[k]; r++) {
			VEC_RESERVE(ev, evcap, nev + 2);
			ev[nev++] = (struct event){ runs[r][0], k, true };
			ev[nev++] = (struct event){ runs[r][1] + 1, k, false };
		}
	}
	qsort(ev, nev, sizeof *ev, cmp_event);
	*events = ev;
	return nev;
}

/* Keeps `now`, the terms alive on the current range in the list's order,
 * as an event says. */
static void apply_event(const struct event *e, size_t *now, size_t *nnow)
{
	size_t at = 0;
	while (at < *nnow && now[at] < e->term)
		at++;
	if (e->on) {
		memmove(now + at + 1, now + at, (*nnow - at) * sizeof *now);
		now[at] = e->term;
		(*nnow)++;
	} else if (at < *nnow && now[at] == e->term) {
		memmove(now + at, now + at + 1, (*nnow - at - 1) * sizeof *now);
		(*nnow)--;
	}
}

/*
 * A split of var v at every end of an interval atom on it. Between two cuts
 * every interval atom on v is constant, so a term is alive on runs of
 * ranges: each term's runs are found once, and a sweep over the ranges
 * keeps the alive ones (in their order), instead of every range looking at
 * every term.
 */
static int32_t split_on(struct builder *b, struct term_list *l, size_t v)
{
	uint32_t vmax = b->vars[v].mask;
	size_t n;
	uint32_t *cuts = split_cuts(l, v, vmax, &n);
	struct term *rest = xmalloc((l->len + 1) * sizeof *rest);
	struct atom *store = xmalloc((argplan_atoms_total(l) + 1) * sizeof *store);
	bool *dynamic = xcalloc(l->len + 1, sizeof *dynamic);
	struct event *ev;
	size_t nev = split_events(l, v, vmax, cuts, n, rest, store, dynamic, &ev);
	/* The terms alive everywhere, and those alive on the current range,
	 * each in the list's order; a range's list merges the two. */
	size_t *always = xmalloc((l->len + 1) * sizeof *always), nalways = 0;
	size_t *now = xmalloc((l->len + 1) * sizeof *now), nnow = 0;
	for (size_t k = 0; k < l->len; k++)
		if (!dynamic[k])
			always[nalways++] = k;
	struct arg_range *ranges = xmalloc(n * sizeof *ranges);
	size_t e = 0;
	for (size_t i = 0; i < n && !b->over; i++) {
		for (; e < nev && ev[e].at == i; e++)
			apply_event(&ev[e], now, &nnow);
		struct term_list sub = { .otherwise = l->otherwise };
		for (size_t p = 0, q = 0; p < nalways || q < nnow;) {
			bool from_always = q == nnow || (p < nalways && always[p] < now[q]);
			argplan_list_push(&sub, &rest[from_always ? always[p++] : now[q++]]);
		}
		ranges[i] = (struct arg_range){ cuts[i], build(b, &sub) };
		free(sub.items);
	}
	free(always);
	free(now);
	free(dynamic);
	free(ev);
	free(rest);
	free(store);
	free(cuts);
	int32_t node = b->over ? 0 : argplan_split(b, b->vars[v], ranges, n);
	free(ranges);
	return node;
}

/* A test of the first mask atom on var v (the word has no interval atoms). */
static int32_t test_on(struct builder *b, struct term_list *l, size_t v)
{
	const struct atom *x = NULL;
	for (size_t i = 0; i < l->len && !x; i++)
		for (size_t j = 0; j < l->items[i].natoms && !x; j++)
			if (l->items[i].atoms[j].var == v)
				x = &l->items[i].atoms[j];
	struct atom tested = *x;
	int32_t child[2];
	struct atom *store = xmalloc((argplan_atoms_total(l) + 1) * sizeof *store);
	for (int yes = 0; yes < 2 && !b->over; yes++) {
		struct term_list sub = { .otherwise = l->otherwise };
		size_t used = 0;
		for (size_t k = 0; k < l->len; k++) {
			const struct term *t = &l->items[k];
			struct term r = *t;
			r.atoms = store + used;
			r.natoms = 0;
			bool alive = true;
			for (size_t j = 0; j < t->natoms && alive; j++) {
				const struct atom *a = &t->atoms[j];
				bool same = a->var == v && a->a == tested.a && a->b == tested.b;
				/* Where (w & m) == d holds, every bit of m is known: an
				 * atom within those bits is decided too. */
				bool within = a->var == v && yes && (a->a & ~tested.a) == 0;
				if (same)
					alive = (yes != 0) != a->neg;
				else if (within)
					alive = ((tested.b & a->a) == a->b) != a->neg;
				else
					r.atoms[r.natoms++] = *a;
			}
			if (!alive)
				continue;
			used += r.natoms;
			argplan_list_push(&sub, &r);
		}
		child[yes] = build(b, &sub);
		free(sub.items);
	}
	free(store);
	if (b->over)
		return 0;
	return argplan_test(b, b->vars[v], true, tested.a, tested.b, child[1], child[0]);
}

static int32_t build(struct builder *b, struct term_list *l)
{
	if (b->over)
		return 0;
	trim(l);
	if (l->len == 0)
		return argplan_leaf(b, l->otherwise);
	size_t keylen;
	uint32_t *key = serialize(l, &keylen);
	uint64_t h = key_hash(key, keylen);
	struct memo_entry *e = memo_slot(b, h, key, keylen);
	if (e->key) {
		free(key);
		return e->node;
	}
	size_t v = SIZE_MAX;
	bool interval = false;
	for (size_t i = 0; i < l->len; i++)
		for (size_t j = 0; j < l->items[i].natoms; j++) {
			const struct atom *a = &l->items[i].atoms[j];
			if (a->var < v) {
				v = a->var;
				interval = false;
			}
			if (a->var == v && a->kind == ATOM_IN)
				interval = true;
		}
	b->work += l->len;
	if (b->work > b->max_work) {   /* on its way past max_size: see arg_plan_build() */
		b->over = true;
		free(key);
		return 0;
	}
	int32_t node = interval ? split_on(b, l, v) : test_on(b, l, v);
	if (b->over) {
		free(key);
		return 0;
	}
	e = memo_slot(b, h, key, keylen);   /* the memo may have grown */
	*e = (struct memo_entry){ h, key, keylen, node };
	b->memo_len++;
	return node;
}

int32_t argplan_build_diagram(struct builder *b, const struct tsyscall *s)
{
	struct term_list l = { 0 };
	struct atom *pool;
	argplan_make_terms(b, s, &l, &pool);
	int32_t root = build(b, &l);
	free(l.items);
	free(pool);
	return root;
}
