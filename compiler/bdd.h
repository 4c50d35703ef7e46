/*
 * bdd.h - decision diagrams over the bits of seccomp_data's argument words,
 * whose leaves are actions: the exact meaning of a syscall's argument checks.
 *
 * A diagram is a function of the 14 argument words (args[0..5], high word
 * then low word, then instruction_pointer's two words) to a SECCOMP_RET
 * value, or a predicate (leaves true and false). Diagrams are ordered (the
 * variables are the words' bits, args[0]'s high word's most significant bit
 * first) and reduced, and one manager hash-conses every node, so two
 * diagrams of one manager mean the same function exactly when their node
 * ids are equal. The verifier builds one diagram from a program's argument
 * code and one from the table's rules and compares ids; `diff` does the
 * same for two filters.
 */
#ifndef SECCOMPC_BDD_H
#define SECCOMPC_BDD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profile.h"   /* enum cmp_op */

/* Words, in variable order: args[i]'s high word is 2i, its low word 2i + 1. */
enum { BDD_IP_HI = 12, BDD_IP_LO = 13, BDD_WORDS = 14 };

typedef uint32_t bdd_node;

struct bdd;

/* A part of a compared value: the bits of `word` selected by `mask`
 * (unselected bits read as 0). */
struct bdd_piece {
	uint8_t word;
	uint32_t mask;
};

/* A manager that may hold at most `max_nodes` live nodes (0: a default of a
 * few million). Past that, operations return bdd_false() and bdd_overflowed()
 * says so: callers must then refuse to conclude anything. */
struct bdd *bdd_new(size_t max_nodes);
void bdd_free(struct bdd *m);
bool bdd_overflowed(const struct bdd *m);
/* From any thread: m counts as full from now on (its operations return
 * bdd_false() once they need a new node), so that work on it that nobody
 * will read ends soon. */
void bdd_abandon(struct bdd *m);
size_t bdd_node_count(const struct bdd *m);

/*
 * Collection. Diagrams made on the way to a result (a trie's fallbacks, a
 * run of rules ORed one by one) can outnumber the result's nodes ten to
 * one. At a safe point, where every node the caller still needs is held
 * by a root (pushed, or marked by a marker), the manager may free every
 * other node; the ids of those it keeps do not change. Roots pushed are
 * a stack (bdd_roots_restore() pops back to a depth); a marker is called
 * during a collection to bdd_mark() what it holds.
 */
size_t bdd_roots_depth(const struct bdd *m);
void bdd_root_push(struct bdd *m, bdd_node f);
void bdd_roots_restore(struct bdd *m, size_t depth);
void bdd_add_marker(struct bdd *m, void (*mark)(struct bdd *m, void *arg), void *arg);
void bdd_remove_marker(struct bdd *m, void *arg);
void bdd_mark(struct bdd *m, bdd_node f);
void bdd_safe_point(struct bdd *m);
size_t bdd_collections(const struct bdd *m);

/*
 * Whether f of manager a and g of manager b are one function, for managers
 * given the same classes (or none), read only: then both diagrams are
 * reduced and ordered alike, and they are one function exactly when they
 * are the same graph. A match remembers the pairs it has seen, so asking
 * for many functions of one pair of managers costs their nodes once.
 */
struct bdd_match;
struct bdd_match *bdd_match_begin(const struct bdd *a, const struct bdd *b);
bool bdd_match(struct bdd_match *mt, bdd_node f, bdd_node g);
void bdd_match_end(struct bdd_match *mt);

/* Leaves: an action, or a truth value. */
bdd_node bdd_action(struct bdd *m, uint32_t action);
bdd_node bdd_true(const struct bdd *m);
bdd_node bdd_false(const struct bdd *m);
bool bdd_is_action(const struct bdd *m, bdd_node f, uint32_t *action);

/*
 * The predicate `value op k`, unsigned, where value is the concatenation of
 * the pieces, the first one most significant (one piece: a 32-bit value;
 * two: a 64-bit one). op is one of CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GE,
 * CMP_GT. A masked equality (x & m) == d is CMP_EQ on the piece (x, m) with
 * k = d & m.
 */
bdd_node bdd_compare(struct bdd *m, const struct bdd_piece *pieces, size_t npieces,
		     enum cmp_op op, uint64_t k);

/*
 * The predicate "word lies in one of the intervals": iv[0..n) are inclusive
 * [lo, hi] pairs of 32-bit values, sorted, disjoint and not adjacent. The
 * same diagram as ORing their comparisons, made in one pass over them.
 */
bdd_node bdd_intervals(struct bdd *m, uint8_t word, const uint32_t (*iv)[2], size_t n);

/* if pred then f else g; pred is a predicate, f and g anything. */
bdd_node bdd_ite(struct bdd *m, bdd_node pred, bdd_node f, bdd_node g);
bdd_node bdd_and(struct bdd *m, bdd_node p, bdd_node q);
bdd_node bdd_not(struct bdd *m, bdd_node p);

/* The value of f for the given words. */
uint32_t bdd_eval(const struct bdd *m, bdd_node f, const uint32_t words[BDD_WORDS]);

/*
 * An assignment of the words on which f and g differ (bits no node tests
 * are 0). Returns false, leaving words alone, when f and g are equal.
 */
bool bdd_witness(const struct bdd *m, bdd_node f, bdd_node g, uint32_t words[BDD_WORDS]);

/*
 * For walks of a diagram's nodes (diff_regions.c): the variable node f tests,
 * 32 * word + (31 - bit) in the order above, or BDD_WORDS * 32 for a leaf;
 * and the node reached when that variable is 0 or 1 (a leaf: itself).
 */
unsigned bdd_top_var(const struct bdd *m, bdd_node f);
bdd_node bdd_branch(const struct bdd *m, bdd_node f, bool one);

/*
 * The regions on which f and g differ, as cubes: for each, per word, the
 * bits that are fixed (`care`) and their values; calls `each` for every
 * cube with the leaves f and g reach there, until it returns false or
 * `max` cubes were given. Returns the number of cubes visited.
 */
struct bdd_cube {
	uint32_t care[BDD_WORDS];
	uint32_t value[BDD_WORDS];
};
size_t bdd_diff_cubes(const struct bdd *m, bdd_node f, bdd_node g, size_t max,
		      bool (*each)(const struct bdd_cube *cube, uint32_t f_leaf,
				   uint32_t g_leaf, void *arg),
		      void *arg);

/*
 * Value classes (bdd_classes.c). A diagram over a word's 32 bits spends
 * about 32 nodes per constant it tells apart; one over the word's classes
 * (values every comparison of the word answers alike) spends about one.
 * Announce every comparison first, then call bdd_use_classes() on a fresh
 * manager: from then on bdd_compare() and bdd_intervals() make predicates
 * on codes for the words announced. A code is the word's interval between
 * cut points of its whole-word comparisons, and one variable per masked
 * comparison that some interval does not answer alike. Two functions
 * decide alike on every value exactly when bdd_equal() says so (equal ids
 * still mean equal functions; different ids may differ only on codes no
 * value has). A comparison that was not announced and that the classes do
 * not decide marks the manager missed: its diagrams are then meaningless
 * and must be made again on bits, in a new manager.
 */
struct bdd_atoms;
struct bdd_atoms *bdd_atoms_new(void);
void bdd_atoms_free(struct bdd_atoms *a);
/* bdd_compare(pieces, npieces, op, k) will be asked. */
void bdd_atoms_compare(struct bdd_atoms *a, const struct bdd_piece *pieces, size_t npieces,
		       enum cmp_op op, uint64_t k);
/* bdd_intervals() will be asked for [lo, hi] on word. */
void bdd_atoms_interval(struct bdd_atoms *a, uint8_t word, uint32_t lo, uint32_t hi);
void bdd_use_classes(struct bdd *m, const struct bdd_atoms *a);
bool bdd_classes_missed(const struct bdd *m);
/* a and b were given the same classes (or both none): a diagram of one
 * means in the other what it means in its own (bdd_match()). Reads only
 * what bdd_use_classes() set, so either may be in use on another thread. */
bool bdd_same_classes(const struct bdd *a, const struct bdd *b);
/* How many intervals a word's codes tell apart (0: it is on bits). */
size_t bdd_class_count(const struct bdd *m, uint8_t word);
/* f and g decide alike on every value (on classes: on every code some
 * value has; finding those codes may take too long, and then the manager
 * is marked missed). */
bool bdd_equal(struct bdd *m, bdd_node f, bdd_node g);
/* Values of the words on which f and g decide differently (a path down
 * which they differ on codes some value has, the low branch first, then
 * bdd_decode()); false when they do not, or
 * when the codes took too long to find (the manager is then missed). */
bool bdd_witness_values(struct bdd *m, bdd_node f, bdd_node g, uint32_t words[BDD_WORDS]);
/* Turns words read off diagrams made on classes (a cube's values) into
 * real values: each code into the least value that has it. */
void bdd_decode(const struct bdd *m, uint32_t words[BDD_WORDS]);
/* The other way: real values into the words a diagram made on classes
 * reads (each value into its class's number), so that bdd_eval() answers
 * for them. */
void bdd_encode(const struct bdd *m, uint32_t words[BDD_WORDS]);

#endif
