/*
 * argplan_terms.c - a syscall's rules rewritten into terms (see
 * argplan_internal.h).
 *
 * A term is a conjunction of atoms, an atom being "this word, masked to
 * the bits read, lies in [lo, hi]" (or outside it) or "(word & m) == d"
 * (or !=); a condition is one or two alternative conjunctions (a 64-bit
 * comparison over the high and the low word), a rule the product of its
 * conditions' alternatives. Terms that can never decide are dropped.
 */
#include "argplan_internal.h"

#include <stdlib.h>
#include <string.h>

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

void argplan_add_vars(struct builder *b, const struct tsyscall *s)
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

int argplan_cmp_atom(const void *x, const void *y)
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
	qsort(t->atoms, t->natoms, sizeof *t->atoms, argplan_cmp_atom);
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

void argplan_list_push(struct term_list *l, const struct term *t)
{
	VEC_RESERVE(l->items, l->cap, l->len + 1);
	l->items[l->len++] = *t;
}

size_t argplan_atoms_total(const struct term_list *l)
{
	size_t n = 0;
	for (size_t i = 0; i < l->len; i++)
		n += l->items[i].natoms;
	return n;
}

/* A bloom signature of a term's atoms: a term whose atoms include all of
 * another's has all of its bits. */
static uint64_t atom_bits(const struct atom *a)
{
	uint64_t h = argplan_mix(argplan_mix((uint64_t)a->var << 16 | (uint64_t)a->kind << 8 | a->neg, a->a), a->b);
	return (1ull << (h & 63)) | (1ull << ((h >> 6) & 63));
}

/* Are all atoms of x among y's? (Both sorted by normalize().) */
static bool atoms_within(const struct term *x, const struct term *y)
{
	size_t j = 0;
	for (size_t i = 0; i < x->natoms; i++) {
		while (j < y->natoms && argplan_cmp_atom(&y->atoms[j], &x->atoms[i]) < 0)
			j++;
		if (j == y->natoms || argplan_cmp_atom(&y->atoms[j], &x->atoms[i]) != 0)
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
	return argplan_cmp_atom(a->atom, b->atom);
}

/* The entries [*from, *to) of a sorted index whose first atom equals x. */
static void first_range(const struct first *index, size_t n, const struct atom *x, size_t *from,
			size_t *to)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (argplan_cmp_atom(index[mid].atom, x) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*from = lo;
	while (lo < n && argplan_cmp_atom(index[lo].atom, x) == 0)
		lo++;
	*to = lo;
}

/*
 * The syscall's rules as terms in their order (a rule: the product of its
 * conditions' alternatives), without the terms that can never decide: a
 * term whose atoms include all of an earlier term's (the earlier one holds
 * whenever it does), or of a later term of the same action with only terms
 * of that action between them (where it holds, the later one or one between
 * decides, alike). A later term of the same action past a term of another
 * action does not make it dead: where both hold, the term between may hold
 * too and would decide in its place. *pool holds the atoms.
 */
void argplan_make_terms(struct builder *b, const struct tsyscall *s, struct term_list *l,
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
			argplan_list_push(l, &term);
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
	size_t *run = xmalloc((l->len + 1) * sizeof *run);   /* runs of one action */
	for (size_t i = 0; i < l->len; i++)
		run[i] = i && l->items[i].action == l->items[i - 1].action ? run[i - 1] : i;
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
				if (k == i || (k > i && run[k] != run[i]) ||
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
	free(run);
	free(dead);
	free(index);
	free(sig);
}

bool argplan_same_atom(const struct atom *x, const struct atom *y)
{
	return x->var == y->var && x->kind == y->kind && x->neg == y->neg && x->a == y->a &&
	       x->b == y->b;
}

bool argplan_is_point(const struct atom *a)
{
	return a->kind == ATOM_IN && !a->neg && a->a == a->b;
}
