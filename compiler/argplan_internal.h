/*
 * argplan_internal.h - what the argument planner's files share (see
 * argplan.h): the builder of one plan, and the atoms and terms the rules
 * are rewritten into. argplan.c owns the nodes and the API,
 * argplan_terms.c the rewriting, argplan_diagram.c and argplan_trie.c
 * the two shapes, argplan_thread.c the jump threading of finished tries.
 */
#ifndef SECCOMPC_ARGPLAN_INTERNAL_H
#define SECCOMPC_ARGPLAN_INTERNAL_H

#include "argplan.h"

struct builder {
	struct arg_plan *p;
	size_t cap;
	uint32_t *index;          /* open addressing: node id + 1, 0 empty */
	size_t index_cap;
	size_t size, max_size;    /* about how many instructions the nodes become, and a bound */
	size_t work, max_work;    /* the diagram: terms of the lists it took apart, and a bound */
	bool over;
	uint32_t dflt;
	bool any_word;            /* tries: the commonest atom on any word first */
	bool compact;             /* tries: shared values tested before a split */
	struct arg_var vars[12];  /* the words the rules read, in word order */
	size_t nvars;
	struct memo_entry *memo;
	size_t memo_len, memo_cap;
};

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

/* ---- argplan.c: nodes, hash-consed ---- */
uint64_t argplan_mix(uint64_t h, uint64_t v);
int32_t argplan_leaf(struct builder *b, uint32_t action);
int32_t argplan_test(struct builder *b, struct arg_var v, bool is_mask, uint32_t a, uint32_t x,
		     int32_t yes, int32_t no);
int32_t argplan_split(struct builder *b, struct arg_var v, struct arg_range *ranges, size_t n);

/* ---- argplan_terms.c: rules as terms ---- */
/* Registers the words the syscall's conditions read (b->vars, in order). */
void argplan_add_vars(struct builder *b, const struct tsyscall *s);
int argplan_cmp_atom(const void *x, const void *y);
bool argplan_same_atom(const struct atom *x, const struct atom *y);
bool argplan_is_point(const struct atom *a);
void argplan_list_push(struct term_list *l, const struct term *t);
size_t argplan_atoms_total(const struct term_list *l);
/* The syscall's rules as terms, those that can never decide dropped;
 * *pool holds the atoms (free it after the list). */
void argplan_make_terms(struct builder *b, const struct tsyscall *s, struct term_list *l,
		struct atom **pool);

/* ---- the shapes ---- */
int32_t argplan_build_diagram(struct builder *b, const struct tsyscall *s);
int32_t argplan_build_tries(struct builder *b, const struct tsyscall *s);

/* ---- argplan_thread.c ---- */
/* Edges into tests whose answer the paths along them already know go to
 * the answer; nodes left unreached are dropped (the plan stays in order). */
void argplan_thread(struct arg_plan *p);

#endif
