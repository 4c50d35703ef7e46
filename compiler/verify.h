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
	bool two_threads;         /* shown on two threads (verify_begin()) */
	bool out_of_room;         /* not proved: a diagram manager passed its bound, so
				   * the program could be neither shown right nor wrong */
};

/* True when the program is valid and decides as the table on every input;
 * otherwise the first disagreements are reported as internal errors, each
 * with an input on which they disagree. */
bool verify_program(const struct rule_table *t, const struct bpf_prog *prog,
		    struct diag *diag, struct verify_stats *stats);

/*
 * verify_program() in two steps, so that the table's side of the proof is
 * made while the caller generates the program: on a second thread, when
 * the table has argument checks enough to be worth one; the two threads
 * then read the program's meaning too, half each. t must not change until
 * the job ends: verify_end() answers as verify_program() and ends it,
 * verify_cancel() ends it without a proof (NULL: nothing). Exactly one of
 * them must be called.
 */
struct verify_job;
struct verify_job *verify_begin(const struct rule_table *t);
bool verify_end(struct verify_job *j, const struct bpf_prog *prog, struct diag *diag,
		struct verify_stats *stats);
void verify_cancel(struct verify_job *j);

#endif
