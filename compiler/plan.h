/*
 * plan.h - the plan stage: per arch value, the decision for every syscall
 * number as ranges, and the search tree over their boundaries.
 *
 * A dispatch covers one value of seccomp_data.arch. On x86_64 it covers x32
 * too: numbers with bit 30 set are x32's (or the bad-arch action when x32 is
 * not in the filter), so the x32 guard is just more ranges of one search.
 * The tree minimises the comparisons run, weighted by the real syscalls each
 * range holds: an optimal alphabetic tree over the ranges, except where a
 * short stretch of one decision holds a few one-number exceptions; there a
 * chain of equality tests picks the exceptions out and the stretch needs no
 * boundary comparisons at all.
 */
#ifndef SECCOMPC_PLAN_H
#define SECCOMPC_PLAN_H

#include "table.h"

/* What happens to a syscall number once the search reaches its range. */
struct decision {
	uint32_t action;               /* the return value, when !sys */
	const struct tsyscall *sys;    /* else: the syscall's rules decide on arguments */
	const struct tarch *ta;        /* the arch whose rules and default apply */
};

struct range {
	uint32_t lo, hi;               /* inclusive */
	uint32_t decision;             /* index into plan.decisions */
	uint32_t nreal;                /* real syscalls of the arch inside */
	double weight;                 /* what the tree minimises depth against */
};

/* A node of the search tree. A leaf decides ranges first..last that carry
 * its decision (a chain's leaf spans the exceptions it was built around).
 * An inner node tests nr against `value` (nr >= value, or nr == value)
 * and goes to `yes` when the test holds, else to `no`. */
enum tree_test { TEST_GE, TEST_EQ };

struct tree_node {
	int32_t range;                 /* >= 0 for a leaf: its first range */
	int32_t last;                  /* a leaf's last range */
	enum tree_test test;
	uint32_t value;
	int32_t yes, no;
};

struct dispatch {
	uint32_t audit_arch;
	const struct tarch *members[2];  /* x86_64 and x32 share one arch value */
	size_t nmembers;
	struct range *ranges;
	size_t nranges;
	struct tree_node *nodes;
	size_t nnodes;
	int32_t root;
};

struct plan {
	struct decision *decisions;
	size_t ndecisions;
	struct dispatch *dispatches;   /* native first */
	size_t ndispatches;
	uint32_t bad_arch_action;
	uint32_t default_action;
};

struct plan_options {
	double x32_weight;             /* weight of an x32 syscall relative to a native one (0.18: x32 is rarely enabled) */
	unsigned max_run;              /* aim: no path longer than this (0: no aim) */
	unsigned max_chain;            /* most equality tests in one chain (0: plain alphabetic tree) */
	const unsigned *leaf_cost;     /* per decision, instructions its leaf runs (NULL: 1) */
	size_t nleaf_cost;
	bool decisions_only;           /* ranges and decisions, no tree */
};

void plan_options_default(struct plan_options *o);

/* Plans `t`. Never fails for a valid table. */
void plan_build(const struct rule_table *t, const struct plan_options *opts,
		struct arena *arena, struct plan *out);

/* Cost of the optimal alphabetic tree over weights w[0..n): the minimum of
 * sum(w[i] * depth[i]) / sum(w). Used by `stats` to show the floor. */
double alphabetic_tree_floor(const double *w, size_t n);

#endif
