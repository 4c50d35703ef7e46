/*
 * verify.h - the verify stage: proves a program means what the table says.
 *
 * Independent of the planner and the code generator: it reads only the
 * resolved table and the final program. It checks the kernel's rules
 * (toolkit validator), then reads the program's meaning off its
 * instructions by symbolic execution and the table's off its rules
 * (meaning.h), and compares them everywhere: every arch value, every
 * syscall number and every argument value, with no sampling.
 */
#ifndef SECCOMPC_VERIFY_H
#define SECCOMPC_VERIFY_H

#include "bpf/bpf.h"
#include "table.h"

struct verify_stats {
	size_t program_regions;   /* rectangles of (arch, nr) the program's paths own */
	size_t table_regions;     /* the same for the table */
	size_t nodes;             /* diagram nodes made for argument checks */
	bool on_bits;             /* made on bits: a comparison escaped the value classes */
};

/* True when the program is valid and decides as the table on every input;
 * otherwise the first disagreements are reported as internal errors, each
 * with an input on which they disagree. */
bool verify_program(const struct rule_table *t, const struct bpf_prog *prog,
		    struct diag *diag, struct verify_stats *stats);

#endif
