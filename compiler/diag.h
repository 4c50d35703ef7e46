/*
 * diag.h - diagnostics: errors and warnings with a place and a reason.
 *
 * A diag collects messages as text so that the CLI can print them and tests can
 * assert them exactly. Every message has the form
 *
 *     FILE:LINE:COL: error: PATH: what was found; what was expected
 *
 * where LINE:COL and PATH (a JSON path such as syscalls[12].args[0].op) are
 * present when known.
 */
#ifndef SECCOMPC_DIAG_H
#define SECCOMPC_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct src_loc {
	int line;   /* 1-based, 0 when unknown */
	int col;    /* 1-based, 0 when unknown */
};

struct diag {
	const char *file;   /* name printed before every message */
	bool strict;        /* warnings count as errors */
	bool quiet_warnings;/* do not record warnings */
	int errors;
	int warnings;
	char *text;         /* all messages, each ending in '\n' */
	size_t len, cap;
	FILE *echo;         /* when set, each message is also written here at once */
};

void diag_init(struct diag *d, const char *file);
void diag_fini(struct diag *d);

void diag_error(struct diag *d, const struct src_loc *loc, const char *path,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void diag_warning(struct diag *d, const struct src_loc *loc, const char *path,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void diag_verror(struct diag *d, const struct src_loc *loc, const char *path,
		 const char *fmt, va_list ap);

/* True when an error was reported (or a warning under strict). */
bool diag_failed(const struct diag *d);

/* The messages so far, "" when none. */
const char *diag_text(const struct diag *d);

#endif
