/*
 * codegen.h - the codegen stage: a plan becomes labelled BPF blocks, then a
 * program through the toolkit's assembler.
 */
#ifndef SECCOMPC_CODEGEN_H
#define SECCOMPC_CODEGEN_H

#include "bpf/bpf.h"
#include "plan.h"

struct arg_plan_cache;

struct codegen_options {
	unsigned bucket;   /* jumps a chain makes before a search halves its values
			    * (0: 4, or UINT_MAX, no search, when compact) */
	bool compact;      /* the smallest plans: tries where smaller (for profiles
			    * that do not fit otherwise) */
	struct arg_plan_cache *plans;   /* argument plans kept between runs (may be NULL) */
};

void codegen_options_default(struct codegen_options *o);

/*
 * Emits `plan` as a program: load arch once, dispatch natives first, the
 * search tree per arch value (K-form jumps on nr only, so every path to an
 * unconditional ALLOW is visible to the kernel's action cache), argument
 * checks (argplan.h) only inside conditional leaves, shared returns and
 * tails. Fails (reported) only when the program cannot fit 4096
 * instructions.
 */
bool codegen(const struct plan *plan, const struct rule_table *t,
	     const struct codegen_options *opts, struct arena *arena, struct diag *diag,
	     struct bpf_prog *out);

/* For every decision of the plan, the most instructions its leaf runs
 * (1 for a return), so that the planner can keep costly leaves shallow. */
void codegen_leaf_costs(const struct plan *plan, const struct rule_table *t,
			const struct codegen_options *opts, struct arena *arena,
			unsigned *decision_cost);

#endif
