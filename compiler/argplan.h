/*
 * argplan.h - the plan of one syscall's argument checks: a decision diagram
 * over the argument words its rules read.
 *
 * The table gives a syscall's rules in order (the first that holds
 * decides) with conditions on arguments as the kernel reads them (table.h:
 * 64 bits, or the low 32, 16 or 8). The planner turns them into a diagram
 * whose nodes test one 32-bit word of an argument (masked to the bits the
 * kernel reads) and whose leaves are actions; equal subdiagrams are one
 * node (hash-consed). Two shapes:
 *
 *  - ARG_SHAPE_DIAGRAM, the fast one: the words are examined in one order
 *    (args[0]'s high word first), each at most once on any path; a split
 *    node partitions a word's values into ranges, each leading to what the
 *    rules still need to know, so that a word is loaded once and the
 *    search over its constants is a search, not a scan. Its size can grow
 *    with the product of the constants of different words, hence a limit.
 *  - ARG_SHAPE_TRIE, the compact one: the rules of one action are
 *    alternatives, so the condition most of them share is tested once,
 *    then what each still needs (libseccomp's tree does the same); its
 *    size is at most linear in the conditions. It takes the words in
 *    order, as the diagram does; ARG_SHAPE_SHARED_TRIE takes the commonest
 *    condition on any word first, which shares more but makes fallbacks
 *    go back to earlier words (the verifier pays for that).
 *
 * codegen.c emits either. Both mean exactly what table_decide() means for
 * the syscall; the verifier proves it on every compile.
 */
#ifndef SECCOMPC_ARGPLAN_H
#define SECCOMPC_ARGPLAN_H

#include "table.h"

/* The word a node tests: args[i]'s high word is 2i, its low word 2i + 1;
 * only the bits of `mask` are read (all of them, or 0xffff, 0xff for an
 * argument the kernel reads as 16 or 8 bits). */
struct arg_var {
	uint8_t word;
	uint32_t mask;
};

enum arg_node_kind { ARG_LEAF, ARG_TEST, ARG_SPLIT };

/* One range of a split: from `lo` to the next range's lo - 1 (the last to
 * the var's mask). */
struct arg_range {
	uint32_t lo;
	int32_t child;
};

struct arg_node {
	enum arg_node_kind kind;
	uint32_t action;                /* ARG_LEAF */
	struct arg_var var;             /* ARG_TEST, ARG_SPLIT */
	/* ARG_TEST: when is_mask, (word & var.mask & a) == b; else
	 * a <= (word & var.mask) <= b. Goes to yes or no. */
	bool is_mask;
	uint32_t a, b;
	int32_t yes, no;
	/* ARG_SPLIT: ranges sorted, the first starting at 0, no two
	 * neighbours with one child. */
	const struct arg_range *ranges;
	size_t nranges;
};

/* Nodes in topological order: every child before its parents. */
struct arg_plan {
	struct arg_node *nodes;
	size_t nnodes;
	int32_t root;
};

enum arg_shape { ARG_SHAPE_DIAGRAM, ARG_SHAPE_TRIE, ARG_SHAPE_SHARED_TRIE };

/*
 * Plans the checks of syscall s, `dflt` deciding where no rule holds.
 * ARG_SHAPE_DIAGRAM gives up (false, *out empty) as soon as its nodes
 * would become more than about `max_size` instructions; the tries always
 * succeed, `compact` ones smaller with longer paths.
 */
bool arg_plan_build(const struct tsyscall *s, uint32_t dflt, enum arg_shape shape, bool compact,
		    size_t max_size, struct arg_plan *out);
void arg_plan_free(struct arg_plan *p);

/*
 * The plan the code generator uses: the smaller trie (in word order when
 * not larger), then the diagram unless it is more than a quarter larger
 * than that (compact: the smallest), judged by about how many
 * instructions each becomes.
 */
void arg_plan_choose(const struct tsyscall *s, uint32_t dflt, bool compact, struct arg_plan *out);

/* Chosen plans kept for one compile: the planner's dry run and the code
 * generator ask for the same ones. */
struct arg_plan_cache *arg_plan_cache_new(void);
void arg_plan_cache_free(struct arg_plan_cache *c);
const struct arg_plan *arg_plan_cached(struct arg_plan_cache *c, const struct tsyscall *s,
				       uint32_t dflt, bool compact);

#endif
