/*
 * bdd_internal.h - the manager's insides, shared by bdd.c (nodes and
 * operations) and bdd_classes.c (value classes); nothing else includes it.
 */
#ifndef SECCOMPC_BDD_INTERNAL_H
#define SECCOMPC_BDD_INTERNAL_H

#include <stdatomic.h>

#include "bdd.h"

#define LEAF_VAR 0xffffu
#define FREE_VAR 0xfffeu      /* a collected node, on the free list (lo: next + 1) */
#define NVARS (BDD_WORDS * 32)
#define KIND_ACTION 0u
#define KIND_BOOL 1u
#define DEFAULT_MAX_NODES (8u << 20)
#define CACHE_MIN 1024u
#define CACHE_MAX (1u << 20)
#define COLLECT_MIN (1u << 20)    /* live nodes before a first collection */

struct ite_entry {
	bdd_node p, f, g, r;
};

struct node {
	uint32_t var;             /* LEAF_VAR for a leaf */
	uint32_t lo, hi;          /* leaves: lo is the value, hi the kind */
};

/* A slot of the unique table: a node and its hash, so that a probe looks
 * at a node only when the hashes agree. */
struct slot {
	uint32_t id;              /* node id + 1, 0 when empty */
	uint32_t hash;
};

/* A comparison made before (bdd_compare() is asked the same ones often). */
struct compare_entry {
	uint64_t k;
	uint32_t masks[2];
	uint8_t words[2], n, op;
	bdd_node result;
	bool used;
};

#define COMPARE_CACHE 512

struct word_classes;

struct bdd {
	struct node *nodes;
	size_t len, cap, max;
	struct slot *unique;      /* open addressing over the nodes */
	size_t unique_cap;
	struct ite_entry *cache;
	size_t cache_cap;         /* a power of two, grown with the node count */
	uint32_t recent_action[16];   /* leaves made lately, by action % 16 */
	bdd_node recent_leaf[16];
	struct compare_entry compares[COMPARE_CACHE];
	bdd_node t, f;
	bool overflow;
	atomic_bool abandoned;    /* bdd_abandon(): full, whatever the count */
	/* bdd_use_classes(): per word, its classes (NULL: the word's bits) */
	struct word_classes *classes[BDD_WORDS];
	bool classes_on;         /* some word has classes */
	bool classes_missed;
	/* collection (bdd_safe_point()) */
	uint32_t free_head;       /* a free node's id + 1, 0: none */
	size_t nfree;
	size_t collect_at;        /* live nodes from which a safe point collects */
	size_t collections;
	bdd_node *roots;          /* bdd_root_push() */
	size_t nroots, roots_cap;
	struct { void (*mark)(struct bdd *, void *); void *arg; } markers[4];
	size_t nmarkers;
	uint8_t *marked;          /* during a collection: per node */
	bdd_node *mark_stack;
	size_t mark_len, mark_cap;
};

/* Marks what the value classes hold (bdd_classes.c). */
void bdd_classes_mark(struct bdd *m);

/* The node (var, lo, hi), made if new (bdd.c). */
bdd_node bdd_mk(struct bdd *m, uint32_t var, uint32_t lo, uint32_t hi);

/* The variable of bit `bit` (0: least significant) of `word`. */
static inline uint32_t bdd_var_of(uint8_t word, unsigned bit)
{
	return word * 32u + (31u - bit);
}

/* The word variable v is a bit of. */
static inline uint8_t bdd_word_of(uint32_t v)
{
	return (uint8_t)(v / 32);
}

/* On bits, whatever classes say: bdd_compare() and bdd_intervals(). */
bdd_node bdd_compare_bits(struct bdd *m, const struct bdd_piece *pieces, size_t npieces,
			  enum cmp_op op, uint64_t k);
bdd_node bdd_intervals_bits(struct bdd *m, uint8_t word, const uint32_t (*iv)[2], size_t n);

/* With classes (bdd_classes.c): the same predicates, on class numbers. */
bdd_node bdd_compare_classes(struct bdd *m, const struct bdd_piece *pieces, size_t npieces,
			     enum cmp_op op, uint64_t k);
bdd_node bdd_intervals_classes(struct bdd *m, uint8_t word, const uint32_t (*iv)[2], size_t n);
void bdd_classes_free(struct bdd *m);

#endif
