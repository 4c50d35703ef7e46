/*
 * lint.h - `seccompc lint`: what a profile probably does not mean, and where
 * it opens holes. Every finding has a code (codes.h, documented in
 * docs/lint.md), a place (FILE:LINE:COL and JSON path), a message that says
 * what and why, and a fix.
 *
 * The checks run in the pipeline's order and go on after errors: parse
 * (every error and warning, with suggestions for unknown names), the rules
 * as written (lint_rules.c: typos, repeated names and arguments, conditions
 * that never or always hold), then, when the default action and the sound
 * rules resolve for the target, the rules as they decide (lint_table.c:
 * shadowed and dropped rules, dangerous syscalls allowed, clone3,
 * socketcall). A rule with an error is left out of the resolved checks.
 *
 * Warnings are silenced with --ignore CODE, or in the profile with a comment
 * "seccompc-lint: ignore CODE..." (a rule's "comment": findings in that
 * rule; the top-level "comment": the whole file). Errors are never silenced:
 * the compiler refuses the profile whatever lint says.
 */
#ifndef SECCOMPC_LINT_H
#define SECCOMPC_LINT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "codes.h"
#include "table.h"

/* One entry of the catalogue. */
struct lint_code {
	const char *code;        /* "SC010" */
	bool error;              /* an error: never silenced */
	const char *title;       /* "unknown syscall name" */
};

/* Every code, in order, ended by a NULL code. */
extern const struct lint_code lint_codes[];

/* The catalogue entry of code ("SC010", any case), NULL when there is none. */
const struct lint_code *lint_code_find(const char *code);

struct lint_options {
	struct resolve_options select;   /* what the profile is resolved against */
	bool strict;                     /* warnings are errors */
	const char *const *ignore;       /* codes silenced on the command line */
	size_t nignore;
};

/* One line of the report: a finding, or (more > 0) "... and N more". */
struct lint_finding {
	bool error;
	const char *code;        /* never NULL: SC001 / SC099 for messages without one */
	struct src_loc loc;
	const char *path;        /* "" when none */
	const char *message;
	const char *fix;         /* NULL when the message says it */
	size_t more;
	size_t order;            /* in the order found */
};

struct lint_report {
	const char *file;
	struct lint_finding *findings;  /* by line, column, then order found; "more" lines last */
	size_t nfindings;
	int errors, warnings;    /* every one, shown or not; silenced ones do not count */
	size_t silenced;
	bool is_object;          /* the text was a JSON object (a profile to check) */
	bool resolved;           /* the checks of the resolved profile ran */
	bool failed;             /* an error, or a warning under strict */
};

/* Lints the profile at path ("-": standard input). The report and its text
 * belong to arena. */
void lint_file(const char *path, const struct lint_options *o, struct arena *arena,
	       struct lint_report *out);

/* ---- for the checks (lint_rules.c, lint_table.c) ---- */

struct lint_ctx {
	struct arena *arena;
	struct diag *diag;
	const struct profile *prof;
	const struct profile *sound;         /* the sound rules the table was resolved from */
	const struct rule_table *table;      /* NULL until resolved, and when not */
	const struct resolve_options *select;
	bool *skip_rule;                     /* per rule: left out of the resolved checks */
	bool default_ok;                     /* the default action can be resolved */
};

/* A warning of code at origin, with its fix. */
void lint_warn(struct lint_ctx *l, const char *code, const struct prof_origin *at,
	       const char *fix, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Would a finding of code at path be shown (diag_wanted)? */
bool lint_wanted(const struct lint_ctx *l, const char *code, const char *path);

/* The origin of the name `name` in rule r (its names[i]), or the rule's when
 * it has no such name. */
const struct prof_origin *lint_name_origin(const struct prof_rule *r, const char *name);

/* "x86_64", "x86_64 and x86", "x86_64, x86 and x32" of a set of arch ids. */
const char *lint_arch_list(struct lint_ctx *l, const bool in[ARCH_COUNT]);

/* The checks of the rules as written, of the resolved table, and of the
 * rules the table dropped because their action is the default. */
void lint_rules(struct lint_ctx *l);
void lint_table(struct lint_ctx *l);
void lint_dropped(struct lint_ctx *l);

#endif
