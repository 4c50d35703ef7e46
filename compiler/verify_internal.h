/*
 * verify_internal.h - what the one-thread proof (verify.c) and its
 * two-thread fast path (verify_parallel.c) share; nothing else includes it.
 */
#ifndef SECCOMPC_VERIFY_INTERNAL_H
#define SECCOMPC_VERIFY_INTERNAL_H

#include "meaning.h"
#include "verify.h"

/* A new manager on the classes of the table's comparisons and, when prog
 * is given, the program's. */
struct bdd *verify_manager(const struct rule_table *t, const struct bpf_prog *prog);

/* The proof on one thread: verify_program() without a job, and what says
 * where a program is wrong. prog must have been validated. */
bool verify_serial(const struct rule_table *t, const struct bpf_prog *prog,
		   struct diag *diag, struct verify_stats *stats);

/* verify_begin() with a thread from min_conds argument conditions (tests
 * give 0: the two-thread proof on small random profiles). */
struct verify_job *verify_begin_from(const struct rule_table *t, size_t min_conds);

const struct rule_table *verify_job_table(const struct verify_job *j);

/* The fast path: true when it showed that the validated prog decides as
 * the job's table everywhere (stats filled); false when it could not show
 * it, which proves nothing either way; *full is then the node count of a
 * manager that passed its bound, else 0 (the one-thread proof holds the
 * same diagrams and more in one manager, so it would pass it too). Ends
 * the job's helper thread. */
bool verify_parallel(struct verify_job *j, const struct bpf_prog *prog,
		     struct verify_stats *stats, size_t *full);

#endif
