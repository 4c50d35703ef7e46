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
 *
 * A message may carry a code (codes.h: what `seccompc lint` shows and lets a
 * user silence) and a fix (how to mend it). Messages of one kind (one code,
 * or for a message without one, one format string) are capped: past
 * DIAG_MAX_PER_KIND of a kind they are counted but not shown, and diag_end()
 * says once per such kind "... and N more", so a profile with a million
 * unknown names prints a few lines, not a million.
 */
#ifndef SECCOMPC_DIAG_H
#define SECCOMPC_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define DIAG_MAX_PER_KIND 20

struct src_loc {
	int line;   /* 1-based, 0 when unknown */
	int col;    /* 1-based, 0 when unknown */
};

enum diag_severity { DIAG_ERROR, DIAG_WARNING };

/* One message as the `shown` hook receives it. */
struct diag_msg {
	bool error;              /* an error, or a warning that strict makes one */
	const char *code;        /* "SC010"; NULL when it has none of its own */
	struct src_loc loc;
	const char *path;        /* JSON path, NULL when none */
	const char *message;     /* what was found and why, one line */
	const char *fix;         /* how to mend it, NULL when the message says it */
	size_t more;             /* from diag_end(): how many of this kind were not shown */
};

struct diag_kind;            /* one kind of message and how many were shown (diag.c) */

struct diag {
	const char *file;   /* name printed before every message */
	bool strict;        /* warnings count as errors */
	bool quiet_warnings;/* do not record warnings */
	int errors;
	int warnings;
	int dropped;        /* messages the keep hook dropped (not counted above) */
	char *text;         /* all messages shown, each ending in '\n' */
	size_t len, cap;
	FILE *echo;         /* when set, each message is also written here at once */
	/* Optional hooks, both called with hook_ctx. keep: false drops a message
	 * before it is counted or shown (lint's silencing; `error` is the
	 * message's own severity, strict aside). shown: receives every message
	 * shown, with its code and fix, and diag_end()'s counts. */
	bool (*keep)(void *ctx, bool error, const char *code, const char *path);
	void (*shown)(void *ctx, const struct diag_msg *m);
	void *hook_ctx;
	struct diag_kind *kinds;
	size_t nkinds, kinds_cap;
};

void diag_init(struct diag *d, const char *file);

/* Ends the diag (diag_end() when not done yet) and frees it. */
void diag_fini(struct diag *d);

void diag_error(struct diag *d, const struct src_loc *loc, const char *path,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void diag_warning(struct diag *d, const struct src_loc *loc, const char *path,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void diag_verror(struct diag *d, const struct src_loc *loc, const char *path,
		 const char *fmt, va_list ap);

/* A message with a code (codes.h) and, when known, a fix; the text printed
 * is the same as diag_error's or diag_warning's. */
void diag_report(struct diag *d, enum diag_severity sev, const char *code, const char *fix,
		 const struct src_loc *loc, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* Would a message of this severity, code and path be shown? False when a
 * hook would drop it, warnings are quiet, or its kind is past the cap:
 * callers skip costly work (a "did you mean" search) then, and report it
 * anyway so that it is counted. */
bool diag_wanted(const struct diag *d, enum diag_severity sev, const char *code,
		 const char *path);

/* Says, once per kind past the cap, how many of that kind were not shown:
 * "FILE: warning: ... and N more warnings like the one at L:C (PATH)". */
void diag_end(struct diag *d);

/* True when an error was reported (or a warning under strict). */
bool diag_failed(const struct diag *d);

/* The messages so far, "" when none. */
const char *diag_text(const struct diag *d);

#endif
