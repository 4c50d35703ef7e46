/*
 * argplan.c - one syscall's argument checks as a decision diagram (see
 * argplan.h).
 *
 * Both shapes are built from the bottom up out of hash-consed nodes, so a
 * subdiagram that two paths need is made once. The diagram shape rewrites
 * each rule into terms: conjunctions of atoms, an atom being "this word,
 * masked to the bits read, lies in [lo, hi]" (or outside it) or "(word &
 * m) == d" (or !=); a 64-bit comparison is one or two terms over the high
 * and the low word. The rules' terms in order, first match deciding, are
 * then taken apart word by word: a word's ranges cut by every interval
 * atom on it make a split node, and on each range the atoms become true or
 * false, which leaves a shorter list of terms for the next word. Lists met
 * twice give the same node (a memo on the list), so the diagram is as
 * small as the word order allows.
 */
#include "argplan.h"

#include <stdlib.h>
#include <string.h>

/* ---- nodes, hash-consed -------------------------------------------------- */

struct builder {
	struct arg_plan *p;
	size_t cap;
	uint32_t *index;          /* open addressing: node id + 1, 0 empty */
	size_t index_cap;
	size_t max_nodes;
	bool over;
	uint32_t dflt;
	bool any_word;            /* tries: the commonest atom on any word first */
	struct arg_var vars[12];  /* the words the rules read, in word order */
	size_t nvars;
	struct memo_entry *memo;
	size_t memo_len, memo_cap;
};

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdull;
}

static uint64_t node_hash(const struct arg_node *n)
{
	uint64_t h = mix(n->kind, n->action);
	h = mix(h, (uint64_t)n->var.word << 32 | n->var.mask);
	h = mix(h, (uint64_t)n->is_mask << 63 ^ (uint64_t)n->a << 32 ^ n->b);
	h = mix(h, (uint64_t)(uint32_t)n->yes << 32 | (uint32_t)n->no);
	for (size_t i = 0; i < n->nranges; i++)
		h = mix(h, (uint64_t)n->ranges[i].lo << 32 | (uint32_t)n->ranges[i].child);
	return h;
}

static bool node_equal(const struct arg_node *x, const struct arg_node *y)
{
	if (x->kind != y->kind || x->action != y->action || x->var.word != y->var.word ||
	    x->var.mask != y->var.mask || x->is_mask != y->is_mask || x->a != y->a ||
	    x->b != y->b || x->yes != y->yes || x->no != y->no || x->nranges != y->nranges)
		return false;
	for (size_t i = 0; i < x->nranges; i++)
		if (x->ranges[i].lo != y->ranges[i].lo || x->ranges[i].child != y->ranges[i].child)
			return false;
	return true;
}

static void index_put(struct builder *b, uint32_t id)
{
	size_t s = (size_t)node_hash(&b->p->nodes[id]) & (b->index_cap - 1);
	while (b->index[s])
		s = (s + 1) & (b->index_cap - 1);
	b->index[s] = id + 1;
}

/* The node equal to *n, made if new (n->ranges is copied then). */
static int32_t intern(struct builder *b, const struct arg_node *n)
{
	if ((b->p->nnodes + 1) * 2 > b->index_cap) {
		free(b->index);
		b->index_cap = b->index_cap ? b->index_cap * 2 : 64;
		b->index = xcalloc(b->index_cap, sizeof *b->index);
		for (size_t i = 0; i < b->p->nnodes; i++)
			index_put(b, (uint32_t)i);
	}
	size_t s = (size_t)node_hash(n) & (b->index_cap - 1);
	while (b->index[s]) {
		uint32_t id = b->index[s] - 1;
		if (node_equal(&b->p->nodes[id], n))
			return (int32_t)id;
		s = (s + 1) & (b->index_cap - 1);
	}
	if (b->p->nnodes >= b->max_nodes) {
		b->over = true;
		return 0;
	}
	VEC_RESERVE(b->p->nodes, b->cap, b->p->nnodes + 1);
	struct arg_node *copy = &b->p->nodes[b->p->nnodes];
	*copy = *n;
	if (n->nranges) {
		struct arg_range *r = xmalloc(n->nranges * sizeof *r);
		memcpy(r, n->ranges, n->nranges * sizeof *r);
		copy->ranges = r;
	}
	b->index[s] = (uint32_t)b->p->nnodes + 1;
	return (int32_t)b->p->nnodes++;
}

static int32_t mk_leaf(struct builder *b, uint32_t action)
{
	struct arg_node n = { .kind = ARG_LEAF, .action = action, .yes = -1, .no = -1 };
	return intern(b, &n);
}

static int32_t mk_test(struct builder *b, struct arg_var v, bool is_mask, uint32_t a, uint32_t x,
		       int32_t yes, int32_t no)
{
	if (yes == no)
		return yes;
	struct arg_node n = { .kind = ARG_TEST, .var = v, .is_mask = is_mask, .a = a, .b = x,
			      .yes = yes, .no = no };
	return intern(b, &n);
}

/* A split; merges neighbours with one child (ranges is rewritten). `plain`:
 * see struct arg_node. */
static int32_t mk_split(struct builder *b, struct arg_var v, struct arg_range *ranges, size_t n,
			size_t plain)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!m || ranges[m - 1].child != ranges[i].child)
			ranges[m++] = ranges[i];
	if (m == 1)
		return ranges[0].child;
	struct arg_node node = { .kind = ARG_SPLIT, .var = v, .yes = -1, .no = -1,
				 .ranges = ranges, .nranges = m, .plain = plain };
	return intern(b, &node);
}

/* ---- atoms and terms ----------------------------------------------------- */

enum { ATOM_IN, ATOM_MASK };

struct atom {
	uint8_t var;              /* index into builder.vars */
	uint8_t kind;
	uint8_t neg;              /* the atom holds when its test does not */
	uint32_t a, b;            /* ATOM_IN: lo, hi; ATOM_MASK: m, d */
};

struct term {
	struct atom *atoms;
	size_t natoms;
	uint32_t action;
};

/* Registers the word a condition reads (in word order: an atom names its
 * word by its place in that order). */
static void add_var(struct builder *b, uint8_t word, uint32_t mask)
{
	for (size_t i = 0; i < b->nvars; i++)
		if (b->vars[i].word == word)
			return;
	size_t i = b->nvars++;
	while (i > 0 && b->vars[i - 1].word > word) {
		b->vars[i] = b->vars[i - 1];
		i--;
	}
	b->vars[i] = (struct arg_var){ word, mask };
}

static void add_vars(struct builder *b, const struct tsyscall *s)
{
	for (size_t r = 0; r < s->nrules; r++)
		for (size_t k = 0; k < s->rules[r].nconds; k++) {
			const struct cond *c = &s->rules[r].conds[k];
			add_var(b, (uint8_t)(2 * c->index + 1), (uint32_t)width_mask(c->bits));
			if (c->bits > 32)
				add_var(b, (uint8_t)(2 * c->index), 0xffffffffu);
		}
}

static size_t var_index(const struct builder *b, uint8_t word)
{
	size_t i = 0;
	while (b->vars[i].word != word)
		i++;
	return i;
}

/* One way a condition can hold: at most two atoms. */
struct alt {
	struct atom atoms[2];
	size_t n;
};

static struct atom in_atom(uint8_t var, bool neg, uint32_t lo, uint32_t hi)
{
	return (struct atom){ var, ATOM_IN, neg, lo, hi };
}

/* An atom (word & m) == d over a var of mask vm, as an interval when it
 * reads the whole var. Returns false when it always holds. */
static bool mask_atom(uint8_t var, uint32_t vm, uint32_t m, uint32_t d, struct atom *out)
{
	m &= vm;
	if (m == 0)
		return false;
	*out = m == vm ? in_atom(var, false, d & m, d & m) : (struct atom){ var, ATOM_MASK, 0, m, d & m };
	return true;
}

/* The ways condition c holds, as alternatives of atoms; returns how many
 * (0: never; one alternative of no atoms: always). The alternatives are
 * disjoint. */
static size_t cond_alts(const struct builder *b, const struct cond *c, struct alt out[2])
{
	uint8_t lo_word = (uint8_t)(2 * c->index + 1), hi_word = (uint8_t)(2 * c->index);
	memset(out, 0, 2 * sizeof *out);
	if (c->bits <= 32) {
		uint32_t max = (uint32_t)width_mask(c->bits), v = (uint32_t)c->value;
		uint8_t L = (uint8_t)var_index(b, lo_word);
		struct atom *a = &out[0].atoms[0];
		out[0].n = 1;
		switch (c->op) {
		case CMP_EQ: *a = in_atom(L, false, v, v); break;
		case CMP_NE: *a = in_atom(L, true, v, v); break;
		case CMP_LT: if (v == 0) return 0; *a = in_atom(L, false, 0, v - 1); break;
		case CMP_LE: if (v >= max) out[0].n = 0; else *a = in_atom(L, false, 0, v); break;
		case CMP_GT: if (v >= max) return 0; *a = in_atom(L, false, v + 1, max); break;
		case CMP_GE: if (v == 0) out[0].n = 0; else *a = in_atom(L, false, v, max); break;
		default: out[0].n = mask_atom(L, max, v, (uint32_t)c->value_two, a); break;
		}
		return 1;
	}
	uint32_t vh = (uint32_t)(c->value >> 32), vl = (uint32_t)c->value, max = 0xffffffffu;
	uint8_t H = (uint8_t)var_index(b, hi_word), L = (uint8_t)var_index(b, lo_word);
	size_t n = 0;
	switch (c->op) {
	case CMP_EQ:
		out[0] = (struct alt){ { in_atom(H, false, vh, vh), in_atom(L, false, vl, vl) }, 2 };
		return 1;
	case CMP_NE:
		out[0] = (struct alt){ { in_atom(H, true, vh, vh) }, 1 };
		out[1] = (struct alt){ { in_atom(H, false, vh, vh), in_atom(L, true, vl, vl) }, 2 };
		return 2;
	case CMP_GE:
	case CMP_GT: {
		bool gt = c->op == CMP_GT;
		if (gt ? c->value == ~0ull : c->value == 0)
			return gt ? 0 : (out[0].n = 0, 1);
		if (gt ? vl == max : vl == 0) {   /* the low word cannot help */
			uint32_t first = gt ? vh + 1 : vh;
			out[0] = (struct alt){ { in_atom(H, false, first, max) }, 1 };
			return 1;
		}
		if (vh < max)
			out[n++] = (struct alt){ { in_atom(H, false, vh + 1, max) }, 1 };
		out[n++] = (struct alt){ { in_atom(H, false, vh, vh),
					   in_atom(L, false, gt ? vl + 1 : vl, max) }, 2 };
		return n;
	}
	case CMP_LT:
	case CMP_LE: {
		bool le = c->op == CMP_LE;
		if (le ? c->value == ~0ull : c->value == 0)
			return le ? (out[0].n = 0, 1) : 0;
		if (le ? vl == max : vl == 0) {
			uint32_t last = le ? vh : vh - 1;
			out[0] = (struct alt){ { in_atom(H, false, 0, last) }, 1 };
			return 1;
		}
		if (vh > 0)
			out[n++] = (struct alt){ { in_atom(H, false, 0, vh - 1) }, 1 };
		out[n++] = (struct alt){ { in_atom(H, false, vh, vh),
					   in_atom(L, false, 0, le ? vl : vl - 1) }, 2 };
		return n;
	}
	default: {
		struct alt *a = &out[0];
		uint64_t d = c->value_two;
		if (mask_atom(H, max, (uint32_t)(c->value >> 32), (uint32_t)(d >> 32), &a->atoms[a->n]))
			a->n++;
		if (mask_atom(L, max, (uint32_t)c->value, (uint32_t)d, &a->atoms[a->n]))
			a->n++;
		return 1;
	}
	}
}

static int cmp_atom(const void *x, const void *y)
{
	const struct atom *a = x, *b = y;
	if (a->var != b->var)
		return a->var < b->var ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->neg != b->neg)
		return a->neg < b->neg ? -1 : 1;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

/* Sorts a term's atoms and folds what one atom says about another on the
 * same word; false when the term can never hold. */
static bool normalize(struct term *t)
{
	qsort(t->atoms, t->natoms, sizeof *t->atoms, cmp_atom);
	size_t m = 0;
	for (size_t i = 0; i < t->natoms; i++) {
		struct atom *x = &t->atoms[i];
		struct atom *prev = m ? &t->atoms[m - 1] : NULL;
		if (prev && prev->var == x->var && prev->kind == x->kind && prev->neg == x->neg &&
		    prev->a == x->a && prev->b == x->b)
			continue;   /* the same atom twice */
		if (prev && prev->var == x->var && x->kind == ATOM_IN && prev->kind == ATOM_IN &&
		    !prev->neg && !x->neg) {   /* two intervals: their intersection */
			prev->a = x->a > prev->a ? x->a : prev->a;
			prev->b = x->b < prev->b ? x->b : prev->b;
			if (prev->a > prev->b)
				return false;
			continue;
		}
		t->atoms[m++] = *x;
	}
	t->natoms = m;
	/* A positive interval decides every negative one on its word. */
	for (size_t i = 0; i < t->natoms; i++) {
		struct atom *p = &t->atoms[i];
		if (p->kind != ATOM_IN || p->neg)
			continue;
		size_t k = 0;
		for (size_t j = 0; j < t->natoms; j++) {
			struct atom *q = &t->atoms[j];
			if (q->var == p->var && q->kind == ATOM_IN && q->neg) {
				if (q->b < p->a || q->a > p->b)
					continue;            /* disjoint: always holds */
				if (q->a <= p->a && p->b <= q->b)
					return false;        /* p inside what q excludes */
			}
			t->atoms[k++] = *q;
		}
		t->natoms = k;
	}
	return true;
}

/* ---- the diagram --------------------------------------------------------- */

struct term_list {
	struct term *items;
	size_t len, cap;
	uint32_t otherwise;       /* the action when no term holds */
};

struct memo_entry {
	uint64_t hash;
	uint32_t *key;
	size_t keylen;
	int32_t node;
};

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
		h = mix(h, k[i]);
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

static void list_push(struct term_list *l, const struct term *t)
{
	VEC_RESERVE(l->items, l->cap, l->len + 1);
	l->items[l->len++] = *t;
}

static int32_t build(struct builder *b, struct term_list *l);

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static size_t atoms_total(const struct term_list *l)
{
	size_t n = 0;
	for (size_t i = 0; i < l->len; i++)
		n += l->items[i].natoms;
	return n;
}

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

/* A split of var v at every end of an interval atom on it. */
static int32_t split_on(struct builder *b, struct term_list *l, size_t v)
{
	uint32_t vmax = b->vars[v].mask;
	size_t ncuts = 1;
	uint32_t *cuts = xmalloc((2 * atoms_total(l) + 1) * sizeof *cuts);
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
	qsort(cuts, ncuts, sizeof *cuts, cmp_u32);
	size_t n = 0;
	for (size_t i = 0; i < ncuts; i++)
		if (!n || cuts[n - 1] != cuts[i])
			cuts[n++] = cuts[i];
	size_t plain = 0;
	for (size_t i = 0; i < l->len; i++)
		for (size_t j = 0; j < l->items[i].natoms; j++) {
			const struct atom *a = &l->items[i].atoms[j];
			if (a->var == v && a->kind == ATOM_IN)
				plain += a->a == a->b || a->a == 0 || a->b == vmax ? 1 : 2;
		}
	/* Between two cuts every interval atom on v is constant, so a term is
	 * alive on runs of ranges: each term's runs are found once, and a sweep
	 * over the ranges keeps the alive ones (in their order), instead of
	 * every range looking at every term. */
	struct term *rest = xmalloc((l->len + 1) * sizeof *rest);
	struct atom *store = xmalloc((atoms_total(l) + 1) * sizeof *store);
	struct event *ev = NULL;
	size_t nev = 0, evcap = 0, used = 0;
	bool *dynamic = xcalloc(l->len + 1, sizeof *dynamic);
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
		for (; e < nev && ev[e].at == i; e++) {
			size_t k = ev[e].term, at = 0;
			while (at < nnow && now[at] < k)
				at++;
			if (ev[e].on) {
				memmove(now + at + 1, now + at, (nnow - at) * sizeof *now);
				now[at] = k;
				nnow++;
			} else if (at < nnow && now[at] == k) {
				memmove(now + at, now + at + 1, (nnow - at - 1) * sizeof *now);
				nnow--;
			}
		}
		struct term_list sub = { .otherwise = l->otherwise };
		for (size_t p = 0, q = 0; p < nalways || q < nnow;) {
			bool from_always = q == nnow || (p < nalways && always[p] < now[q]);
			list_push(&sub, &rest[from_always ? always[p++] : now[q++]]);
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
	int32_t node = b->over ? 0 : mk_split(b, b->vars[v], ranges, n, plain);
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
	struct atom *store = xmalloc((atoms_total(l) + 1) * sizeof *store);
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
			list_push(&sub, &r);
		}
		child[yes] = build(b, &sub);
		free(sub.items);
	}
	free(store);
	if (b->over)
		return 0;
	return mk_test(b, b->vars[v], true, tested.a, tested.b, child[1], child[0]);
}

static int32_t build(struct builder *b, struct term_list *l)
{
	if (b->over)
		return 0;
	trim(l);
	if (l->len == 0)
		return mk_leaf(b, l->otherwise);
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

/* A bloom signature of a term's atoms: a term whose atoms include all of
 * another's has all of its bits. */
static uint64_t atom_bits(const struct atom *a)
{
	uint64_t h = mix(mix((uint64_t)a->var << 16 | (uint64_t)a->kind << 8 | a->neg, a->a), a->b);
	return (1ull << (h & 63)) | (1ull << ((h >> 6) & 63));
}

/* Are all atoms of x among y's? (Both sorted by normalize().) */
static bool atoms_within(const struct term *x, const struct term *y)
{
	size_t j = 0;
	for (size_t i = 0; i < x->natoms; i++) {
		while (j < y->natoms && cmp_atom(&y->atoms[j], &x->atoms[i]) < 0)
			j++;
		if (j == y->natoms || cmp_atom(&y->atoms[j], &x->atoms[i]) != 0)
			return false;
		j++;
	}
	return true;
}

/* A term by its first atom (NULL: it has none). */
struct first {
	const struct atom *atom;
	size_t term;
};

static int cmp_first(const void *x, const void *y)
{
	const struct first *a = x, *b = y;
	if (!a->atom || !b->atom)
		return (a->atom != NULL) - (b->atom != NULL);
	return cmp_atom(a->atom, b->atom);
}

/* The entries [*from, *to) of a sorted index whose first atom equals x. */
static void first_range(const struct first *index, size_t n, const struct atom *x, size_t *from,
			size_t *to)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cmp_atom(index[mid].atom, x) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*from = lo;
	while (lo < n && cmp_atom(index[lo].atom, x) == 0)
		lo++;
	*to = lo;
}

/*
 * The syscall's rules as terms in their order (a rule: the product of its
 * conditions' alternatives), without the terms that can never decide: a
 * term whose atoms include all of an earlier term's (the earlier one holds
 * whenever it does), or of any other term of the same action (either may
 * decide, alike). *pool holds the atoms.
 */
static void make_terms(struct builder *b, const struct tsyscall *s, struct term_list *l,
		       struct atom **pool)
{
	size_t most = 0;
	for (size_t r = 0; r < s->nrules; r++)
		most += (size_t)1 << s->rules[r].nconds;
	*pool = xmalloc((most * 12 + 1) * sizeof **pool);
	uint64_t *sig = xmalloc((most + 1) * sizeof *sig);
	size_t used = 0;
	l->otherwise = b->dflt;
	for (size_t r = 0; r < s->nrules; r++) {
		const struct trule *rule = &s->rules[r];
		struct alt alts[6][2];
		size_t nalts[6], nterms = 1;
		for (size_t k = 0; k < rule->nconds; k++) {
			nalts[k] = cond_alts(b, &rule->conds[k], alts[k]);
			nterms *= nalts[k];
		}
		for (size_t t = 0; t < nterms; t++) {
			struct term term = { *pool + used, 0, rule->action };
			size_t pick = t;
			for (size_t k = 0; k < rule->nconds; k++) {
				const struct alt *a = &alts[k][pick % nalts[k]];
				pick /= nalts[k];
				for (size_t j = 0; j < a->n; j++)
					term.atoms[term.natoms++] = a->atoms[j];
			}
			if (!normalize(&term))
				continue;
			used += term.natoms;
			uint64_t bits = 0;
			for (size_t j = 0; j < term.natoms; j++)
				bits |= atom_bits(&term.atoms[j]);
			sig[l->len] = bits;
			list_push(l, &term);
		}
	}
	/* A term whose atoms another's include has its first atom among them:
	 * the candidates for term i are found through an index of first
	 * atoms (terms without atoms hold always and come first in it). */
	struct first *index = xmalloc((l->len + 1) * sizeof *index);
	for (size_t k = 0; k < l->len; k++)
		index[k] = (struct first){ l->items[k].natoms ? &l->items[k].atoms[0] : NULL, k };
	qsort(index, l->len, sizeof *index, cmp_first);
	size_t nempty = 0;
	while (nempty < l->len && !index[nempty].atom)
		nempty++;
	bool *dead = xcalloc(l->len + 1, sizeof *dead);
	for (size_t i = 0; i < l->len; i++) {
		const struct term *t = &l->items[i];
		for (size_t j = 0; j <= t->natoms && !dead[i]; j++) {
			/* j < natoms: terms whose first atom is t's j-th; then those
			 * with no atoms */
			size_t from = 0, to = nempty;
			if (j < t->natoms) {
				first_range(index + nempty, l->len - nempty, &t->atoms[j], &from, &to);
				from += nempty;
				to += nempty;
			}
			for (size_t q = from; q < to && !dead[i]; q++) {
				size_t k = index[q].term;
				if (k == i || (k > i && l->items[k].action != t->action) ||
				    (sig[k] & ~sig[i]) || l->items[k].natoms > t->natoms)
					continue;
				if (l->items[k].natoms == t->natoms && k > i)
					continue;   /* of two equal terms the first stays */
				dead[i] = atoms_within(&l->items[k], t);
			}
		}
	}
	size_t m = 0;
	for (size_t i = 0; i < l->len; i++)
		if (!dead[i])
			l->items[m++] = l->items[i];
	l->len = m;
	free(dead);
	free(index);
	free(sig);
}

static int32_t build_diagram(struct builder *b, const struct tsyscall *s)
{
	struct term_list l = { 0 };
	struct atom *pool;
	make_terms(b, s, &l, &pool);
	int32_t root = build(b, &l);
	free(l.items);
	free(pool);
	return root;
}

/* ---- the trie ----------------------------------------------------------- */

/*
 * Terms of one action are alternatives: any of them holding decides. The
 * trie tests the atom most of them share, then what those terms still
 * need, falling back to the terms without it, and those to the next
 * action's terms: a shared condition is tested once. Where every atom is
 * its own, a word that many terms compare with single values is split
 * once instead of compared value after value.
 */
static int32_t build_trie(struct builder *b, struct term_list *l, uint32_t action,
			  int32_t fallback);

static bool same_atom(const struct atom *x, const struct atom *y)
{
	return x->var == y->var && x->kind == y->kind && x->neg == y->neg && x->a == y->a &&
	       x->b == y->b;
}

static bool is_point(const struct atom *a)
{
	return a->kind == ATOM_IN && !a->neg && a->a == a->b;
}

/* The terms of l with atom x (taken out) or without it. */
static void partition(const struct term_list *l, const struct atom *x, struct term_list *with,
		      struct term_list *without, struct atom *store)
{
	size_t used = 0;
	for (size_t i = 0; i < l->len; i++) {
		const struct term *t = &l->items[i];
		struct term r = { store + used, 0, t->action };
		bool has = false;
		for (size_t j = 0; j < t->natoms; j++) {
			if (!has && same_atom(&t->atoms[j], x))
				has = true;
			else
				r.atoms[r.natoms++] = t->atoms[j];
		}
		if (has) {
			used += r.natoms;
			list_push(with, &r);
		} else {
			list_push(without, t);
		}
	}
}

static struct arg_node atom_test(const struct builder *b, const struct atom *x)
{
	return (struct arg_node){ .kind = ARG_TEST, .var = b->vars[x->var],
				  .is_mask = x->kind == ATOM_MASK, .a = x->a, .b = x->b };
}

/* A split of word v over the terms comparing it with single values. */
static int32_t trie_split(struct builder *b, const struct term_list *l, size_t v, uint32_t action,
			  int32_t fallback)
{
	struct term_list rest = { 0 };
	struct atom *store = xmalloc((atoms_total(l) + 1) * sizeof *store);
	size_t used = 0;
	/* (value, term) pairs, sorted by value */
	struct pick { uint32_t value; struct term t; } *picks = xmalloc((l->len + 1) * sizeof *picks);
	size_t npicks = 0;
	for (size_t i = 0; i < l->len; i++) {
		const struct term *t = &l->items[i];
		const struct atom *p = NULL;
		for (size_t j = 0; j < t->natoms && !p; j++)
			if (t->atoms[j].var == v && is_point(&t->atoms[j]))
				p = &t->atoms[j];
		if (!p) {
			list_push(&rest, t);
			continue;
		}
		struct term r = { store + used, 0, t->action };
		for (size_t j = 0; j < t->natoms; j++)
			if (&t->atoms[j] != p)
				r.atoms[r.natoms++] = t->atoms[j];
		used += r.natoms;
		size_t k = npicks++;
		while (k > 0 && picks[k - 1].value > p->a) {
			picks[k] = picks[k - 1];
			k--;
		}
		picks[k] = (struct pick){ p->a, r };
	}
	int32_t other = build_trie(b, &rest, action, fallback);
	struct arg_range *ranges = xmalloc((2 * npicks + 2) * sizeof *ranges);
	size_t m = 0;
	uint64_t uncovered = 0;   /* the least value no range covers yet */
	for (size_t i = 0; i < npicks && !b->over;) {
		uint32_t value = picks[i].value;
		struct term_list same = { 0 };
		for (; i < npicks && picks[i].value == value; i++)
			list_push(&same, &picks[i].t);
		if (value > uncovered)
			ranges[m++] = (struct arg_range){ (uint32_t)uncovered, other };
		ranges[m++] = (struct arg_range){ value, build_trie(b, &same, action, other) };
		uncovered = (uint64_t)value + 1;
		free(same.items);
	}
	if (uncovered <= b->vars[v].mask)
		ranges[m++] = (struct arg_range){ (uint32_t)uncovered, other };
	int32_t node = b->over ? 0 : mk_split(b, b->vars[v], ranges, m, npicks);
	free(ranges);
	free(picks);
	free(store);
	free(rest.items);
	return node;
}

static int32_t build_trie(struct builder *b, struct term_list *l, uint32_t action,
			  int32_t fallback)
{
	if (b->over)
		return 0;
	if (l->len == 0)
		return fallback;
	for (size_t i = 0; i < l->len; i++)
		if (l->items[i].natoms == 0)
			return mk_leaf(b, action);
	/* The commonest atom; and per word, how many terms compare it with a
	 * single value. */
	size_t total = atoms_total(l), npoints[12] = { 0 };
	struct atom *all = xmalloc(total * sizeof *all);
	size_t n = 0;
	for (size_t i = 0; i < l->len; i++)
		for (size_t j = 0; j < l->items[i].natoms; j++) {
			all[n] = l->items[i].atoms[j];
			npoints[all[n].var] += is_point(&all[n]);
			n++;
		}
	qsort(all, n, sizeof *all, cmp_atom);
	/* Words are taken in order, the first one read first, so that every
	 * path tests them in increasing order (but where a fallback comes
	 * back to one): the verifier's diagrams then grow along the program
	 * instead of being rebuilt at each fallback. */
	size_t w = all[0].var;
	struct atom best = all[0];
	size_t best_count = 0;
	for (size_t i = 0; i < n && (b->any_word || all[i].var == w);) {
		size_t k = i;
		while (k < n && same_atom(&all[k], &all[i]))
			k++;
		if (k - i > best_count) {   /* ties: the first in atom order */
			best = all[i];
			best_count = k - i;
		}
		i = k;
	}
	free(all);
	if (b->any_word)   /* the word compared with the most single values */
		for (size_t v = 0; v < b->nvars; v++)
			if (npoints[v] > npoints[w])
				w = v;
	if (best_count < 2 && npoints[w] >= 3)
		return trie_split(b, l, w, action, fallback);
	struct atom x = best;
	struct term_list with = { 0 }, without = { 0 };
	struct atom *store = xmalloc((atoms_total(l) + 1) * sizeof *store);
	partition(l, &x, &with, &without, store);
	int32_t no = build_trie(b, &without, action, fallback);
	int32_t yes = build_trie(b, &with, action, no);
	free(store);
	free(with.items);
	free(without.items);
	if (b->over)
		return 0;
	struct arg_node t = atom_test(b, &x);
	return mk_test(b, t.var, t.is_mask, t.a, t.b, x.neg ? no : yes, x.neg ? yes : no);
}

/* The terms in groups of one action, the last group first, each falling
 * back to the groups after it. */
static int32_t build_tries(struct builder *b, const struct tsyscall *s)
{
	struct term_list l = { 0 };
	struct atom *pool;
	make_terms(b, s, &l, &pool);
	int32_t node = mk_leaf(b, b->dflt);
	size_t end = l.len;
	while (end > 0 && !b->over) {
		size_t start = end;
		while (start > 0 && l.items[start - 1].action == l.items[end - 1].action)
			start--;
		struct term_list group = { l.items + start, end - start, 0, 0 };
		if (l.items[start].action != b->dflt || node != mk_leaf(b, b->dflt))
			node = build_trie(b, &group, l.items[start].action, node);
		end = start;
	}
	free(l.items);
	free(pool);
	return node;
}

bool arg_plan_build(const struct tsyscall *s, uint32_t dflt, enum arg_shape shape,
		    size_t max_nodes, struct arg_plan *out)
{
	memset(out, 0, sizeof *out);
	struct builder b = { .p = out, .max_nodes = shape == ARG_SHAPE_DIAGRAM ? max_nodes : SIZE_MAX,
			     .dflt = dflt, .any_word = shape == ARG_SHAPE_SHARED_TRIE };
	add_vars(&b, s);
	out->root = shape == ARG_SHAPE_DIAGRAM ? build_diagram(&b, s) : build_tries(&b, s);
	for (size_t i = 0; i < b.memo_cap; i++)
		free(b.memo[i].key);
	free(b.memo);
	free(b.index);
	if (b.over) {
		arg_plan_free(out);
		return false;
	}
	return true;
}

void arg_plan_free(struct arg_plan *p)
{
	for (size_t i = 0; i < p->nnodes; i++)
		free((void *)p->nodes[i].ranges);
	free(p->nodes);
	memset(p, 0, sizeof *p);
}

/* About how many instructions a plan becomes (for choosing a shape). */
static size_t plan_size(const struct arg_plan *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->nnodes; i++) {
		const struct arg_node *a = &p->nodes[i];
		if (a->kind == ARG_TEST)
			n += 2;
		else if (a->kind == ARG_SPLIT)
			n += a->nranges / 2 + 2;
	}
	return n;
}

void arg_plan_choose(const struct tsyscall *s, uint32_t dflt, bool compact, struct arg_plan *out)
{
	arg_plan_build(s, dflt, ARG_SHAPE_TRIE, 0, out);
	size_t trie_size = plan_size(out);
	struct arg_plan shared;
	arg_plan_build(s, dflt, ARG_SHAPE_SHARED_TRIE, 0, &shared);
	if (plan_size(&shared) < trie_size) {
		arg_plan_free(out);
		*out = shared;
		trie_size = plan_size(out);
	} else {
		arg_plan_free(&shared);
	}
	/* The diagram gives up as soon as it outgrows what it could be taken at. */
	size_t limit = compact ? out->nnodes + 16 : 2 * out->nnodes + 64;
	struct arg_plan diagram;
	if (!arg_plan_build(s, dflt, ARG_SHAPE_DIAGRAM, limit, &diagram))
		return;
	size_t diagram_size = plan_size(&diagram);
	if (compact ? diagram_size <= trie_size : diagram_size <= trie_size + trie_size / 4 + 8) {
		arg_plan_free(out);
		*out = diagram;
	} else {
		arg_plan_free(&diagram);
	}
}

struct cached_plan {
	const struct tsyscall *sys;
	uint32_t dflt;
	bool compact;
	struct arg_plan plan;
};

struct arg_plan_cache {
	struct cached_plan *items;
	size_t len, cap;
};

struct arg_plan_cache *arg_plan_cache_new(void)
{
	return xcalloc(1, sizeof(struct arg_plan_cache));
}

void arg_plan_cache_free(struct arg_plan_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->len; i++)
		arg_plan_free(&c->items[i].plan);
	free(c->items);
	free(c);
}

const struct arg_plan *arg_plan_cached(struct arg_plan_cache *c, const struct tsyscall *s,
				       uint32_t dflt, bool compact)
{
	for (size_t i = 0; i < c->len; i++)
		if (c->items[i].sys == s && c->items[i].dflt == dflt && c->items[i].compact == compact)
			return &c->items[i].plan;
	VEC_RESERVE(c->items, c->cap, c->len + 1);
	struct cached_plan *e = &c->items[c->len++];
	*e = (struct cached_plan){ s, dflt, compact, { 0 } };
	arg_plan_choose(s, dflt, compact, &e->plan);
	return &e->plan;
}
