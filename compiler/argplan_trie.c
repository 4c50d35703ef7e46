/*
 * argplan_trie.c - the trie shapes (see argplan.h).
 *
 * Terms of one action are alternatives: any of them holding decides. The
 * trie tests the atom most of them share, then what those terms still
 * need, falling back to the terms without it, and those to the next
 * action's terms: a shared condition is tested once. A word that many
 * terms compare with single values is split once instead of compared value
 * after value, terms that share a value meeting in its range.
 */
#include "argplan_internal.h"

#include <stdlib.h>
#include <string.h>

static int32_t build_trie(struct builder *b, struct term_list *l, uint32_t action,
			  int32_t fallback);

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
			if (!has && argplan_same_atom(&t->atoms[j], x))
				has = true;
			else
				r.atoms[r.natoms++] = t->atoms[j];
		}
		if (has) {
			used += r.natoms;
			argplan_list_push(with, &r);
		} else {
			argplan_list_push(without, t);
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
	struct atom *store = xmalloc((argplan_atoms_total(l) + 1) * sizeof *store);
	size_t used = 0;
	/* (value, term) pairs, sorted by value */
	struct pick { uint32_t value; struct term t; } *picks = xmalloc((l->len + 1) * sizeof *picks);
	size_t npicks = 0;
	for (size_t i = 0; i < l->len; i++) {
		const struct term *t = &l->items[i];
		const struct atom *p = NULL;
		for (size_t j = 0; j < t->natoms && !p; j++)
			if (t->atoms[j].var == v && argplan_is_point(&t->atoms[j]))
				p = &t->atoms[j];
		if (!p) {
			argplan_list_push(&rest, t);
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
			argplan_list_push(&same, &picks[i].t);
		if (value > uncovered)
			ranges[m++] = (struct arg_range){ (uint32_t)uncovered, other };
		ranges[m++] = (struct arg_range){ value, build_trie(b, &same, action, other) };
		uncovered = (uint64_t)value + 1;
		free(same.items);
	}
	if (uncovered <= b->vars[v].mask)
		ranges[m++] = (struct arg_range){ (uint32_t)uncovered, other };
	int32_t node = b->over ? 0 : argplan_split(b, b->vars[v], ranges, m);
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
			return argplan_leaf(b, action);
	/* The commonest atom; and per word, how many terms compare it with a
	 * single value. */
	size_t total = argplan_atoms_total(l), npoints[12] = { 0 };
	struct atom *all = xmalloc(total * sizeof *all);
	size_t n = 0;
	for (size_t i = 0; i < l->len; i++)
		for (size_t j = 0; j < l->items[i].natoms; j++) {
			all[n] = l->items[i].atoms[j];
			npoints[all[n].var] += argplan_is_point(&all[n]);
			n++;
		}
	qsort(all, n, sizeof *all, argplan_cmp_atom);
	/* Words are taken in order, the first one read first, so that every
	 * path tests them in increasing order (but where a fallback comes
	 * back to one): the verifier's diagrams then grow along the program
	 * instead of being rebuilt at each fallback. */
	size_t w = all[0].var;
	struct atom best = all[0];
	size_t best_count = 0, most[12] = { 0 };   /* most: a word's commonest single value's terms */
	for (size_t i = 0; i < n && (b->any_word || all[i].var == w);) {
		size_t k = i;
		while (k < n && argplan_same_atom(&all[k], &all[i]))
			k++;
		if (k - i > best_count) {   /* ties: the first in atom order */
			best = all[i];
			best_count = k - i;
		}
		if (argplan_is_point(&all[i]) && k - i > most[all[i].var])
			most[all[i].var] = k - i;
		i = k;
	}
	/* The word compared with the most single values; but where most of a
	 * word's are one value (a high word, 0 for every 32-bit constant), only
	 * the others count: its split sets only those apart, and a path would
	 * search it before the word that does. */
	if (b->any_word) {
		size_t score[12];
		for (size_t v = 0; v < b->nvars; v++)
			score[v] = 2 * most[v] > npoints[v] ? npoints[v] - most[v] : npoints[v];
		for (size_t v = 0; v < b->nvars; v++)
			if (score[v] > score[w])
				w = v;
	}
	free(all);
	/* A split puts the terms that share a value in one range, so it
	 * subsumes a shared single-value atom: testing that atom first puts
	 * one more test on every path to the split for each such group, but
	 * makes a smaller filter (the compact shape's choice). */
	if ((best_count < 2 || (!b->compact && argplan_is_point(&best))) && npoints[w] >= 3)
		return trie_split(b, l, w, action, fallback);
	struct atom x = best;
	struct term_list with = { 0 }, without = { 0 };
	struct atom *store = xmalloc((argplan_atoms_total(l) + 1) * sizeof *store);
	partition(l, &x, &with, &without, store);
	int32_t no = build_trie(b, &without, action, fallback);
	int32_t yes = build_trie(b, &with, action, no);
	free(store);
	free(with.items);
	free(without.items);
	if (b->over)
		return 0;
	struct arg_node t = atom_test(b, &x);
	return argplan_test(b, t.var, t.is_mask, t.a, t.b, x.neg ? no : yes, x.neg ? yes : no);
}

/* The terms in groups of one action, the last group first, each falling
 * back to the groups after it. */
int32_t argplan_build_tries(struct builder *b, const struct tsyscall *s)
{
	struct term_list l = { 0 };
	struct atom *pool;
	argplan_make_terms(b, s, &l, &pool);
	int32_t node = argplan_leaf(b, b->dflt);
	size_t end = l.len;
	while (end > 0 && !b->over) {
		size_t start = end;
		while (start > 0 && l.items[start - 1].action == l.items[end - 1].action)
			start--;
		struct term_list group = { l.items + start, end - start, 0, 0 };
		if (l.items[start].action != b->dflt || node != argplan_leaf(b, b->dflt))
			node = build_trie(b, &group, l.items[start].action, node);
		end = start;
	}
	free(l.items);
	free(pool);
	return node;
}
