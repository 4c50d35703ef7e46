/*
 * probe.h - inputs that visit every region a filter distinguishes.
 *
 * The verifier and `stats` run a program on these: syscall numbers around
 * every number a table or an arch knows, the edges of the 32-bit space, and
 * for a conditional syscall argument vectors that hit each constant of its
 * conditions, their neighbours, 0 and all-ones per word, and for masks the
 * match and each masked bit flipped. Built from the rule table only, never
 * from the plan or the program, so that checking stays independent.
 */
#ifndef SECCOMPC_PROBE_H
#define SECCOMPC_PROBE_H

#include "table.h"

struct u32_set {
	uint32_t *items;
	size_t len, cap;
};

/* Sorted, unique syscall numbers worth trying under one arch value. */
void probe_numbers(const struct rule_table *t, uint32_t audit_arch, struct u32_set *out);

/* Foreign arch values worth trying (every known arch not in the table, 0, ~0). */
void probe_foreign_arches(const struct rule_table *t, struct u32_set *out);

struct arg_vectors {
	uint64_t (*items)[6];
	size_t len, cap;
};

/* Argument vectors for a syscall's rules (just all-zero when unconditional). */
void probe_args(const struct tsyscall *s, struct arg_vectors *out);

void u32_set_free(struct u32_set *s);
void arg_vectors_free(struct arg_vectors *v);

#endif
