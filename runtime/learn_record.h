/*
 * learn_record.h - what --learn saw, as learn.c records it while the
 * command runs and learn_out.c reads it at the end (inside --learn only).
 */
#ifndef SECCOMPC_LEARN_RECORD_H
#define SECCOMPC_LEARN_RECORD_H

#include "learn.h"

#define VALUES_KEPT 128   /* different argument values kept for one syscall */
#define USES_KEPT 16      /* program names counted for one set of values */
#define COMM_SIZE 48      /* a program name, escaped */

/* Calls by program name (comm). */
struct use {
	char comm[COMM_SIZE];
	unsigned count;
};

struct uses {
	struct use items[USES_KEPT];
	size_t n;
	unsigned other;           /* calls by programs beyond USES_KEPT */
};

void uses_add(struct uses *u, const char *comm, unsigned count);

/* What an added rule can do for a set of values (learn_out.c decides). */
enum fate {
	FATE_ADD,                 /* the default action decides: an added rule allows them */
	FATE_ALLOWED,             /* allowed once the syscall was taken out of deny rules */
	FATE_DENIED,              /* a conditional rule denies them: no added rule can allow
				   * them (the most restrictive rule that matches wins) */
};

/* The calls of one syscall with the same values on the arguments the
 * profile tests for it. */
struct values {
	uint64_t args[6];         /* the first such call's arguments */
	struct uses uses;
	unsigned count;
	enum fate fate;
	const char *denied_by;    /* FATE_DENIED: "syscalls[2] (default.json:64)" */
};

enum seen_kind {
	SEEN_LEARNED,             /* denied: let through, to be learned */
	SEEN_FALLBACK,            /* an expected fallback: answered ENOSYS as the profile says */
	SEEN_NOTIFY,              /* the profile's own NOTIFY: answered ENOSYS */
};

/* One (arch value, number) the profile did not allow. */
struct seen {
	uint32_t audit_arch, nr;
	enum seen_kind kind;
	uint32_t action;          /* the profile's decision for the first call */
	const struct arch_info *arch;   /* NULL: an arch value seccompc does not know */
	bool covered;             /* the profile covers the arch */
	const char *name;         /* NULL: no name on its arch */
	unsigned mask;            /* the argument indexes the profile tests for name */
	struct values *values;
	size_t nvalues, cap;
	unsigned count;           /* calls */
	unsigned unkept;          /* calls whose values were beyond VALUES_KEPT */
	const char *taken_out;    /* the rules name was taken out of (learn_out.c) */
};

struct learn {
	struct learn_request req;
	const struct rule_table *table;      /* the profile's own actions */
	struct rule_table conditional;       /* its conditional rules alone */
	bool have_conditional;
	struct arena arena;
	char command[160];                   /* escaped, for the comments */
	struct seen *seen;
	size_t nseen, cap;
};

/* The argument indexes the profile's rules test for `name` on any arch of
 * the table, those of rules an unconditional rule hides included: the ones
 * --learn pins. */
unsigned learn_tested_args(const struct learn *l, const char *name);

#endif
