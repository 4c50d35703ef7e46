/*
 * verify.h - the verify stage: proves a program means what the table says.
 *
 * Independent of the planner and the code generator: it reads only the
 * resolved table and the final program. It checks the kernel's rules
 * (toolkit validator), then simulates the program on the probe inputs
 * (probe.h) for every arch value of the table and for foreign arches, and
 * compares each action with table_decide_raw().
 */
#ifndef SECCOMPC_VERIFY_H
#define SECCOMPC_VERIFY_H

#include "bpf/bpf.h"
#include "table.h"

struct verify_stats {
	size_t inputs;      /* simulated inputs */
};

/* True when the program is valid and agrees on every probe; otherwise the
 * first disagreements are reported as internal errors. */
bool verify_program(const struct rule_table *t, const struct bpf_prog *prog,
		    struct diag *diag, struct verify_stats *stats);

#endif
