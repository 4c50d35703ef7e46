/*
 * diag.c - collects errors and warnings as text, caps each kind of message
 * (see diag.h).
 */
#include "diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

/* One kind of message: its code, or else the format string of its call site. */
struct diag_kind {
	const char *code;
	const char *fmt;
	bool error;
	size_t shown, more, more_told;
	char *first_file;           /* d->file then (a command may change it later) */
	struct src_loc first_loc;   /* of the first one shown */
	char *first_path;           /* NULL when it had none */
	char *first_message;
};

void diag_init(struct diag *d, const char *file)
{
	memset(d, 0, sizeof *d);
	d->file = file;
}

void diag_fini(struct diag *d)
{
	diag_end(d);
	for (size_t i = 0; i < d->nkinds; i++) {
		free(d->kinds[i].first_file);
		free(d->kinds[i].first_path);
		free(d->kinds[i].first_message);
	}
	free(d->kinds);
	free(d->text);
	d->kinds = NULL;
	d->nkinds = d->kinds_cap = 0;
	d->text = NULL;
	d->len = d->cap = 0;
}

static void append(struct diag *d, const char *s, size_t n)
{
	if (d->len + n + 1 > d->cap) {
		size_t cap = d->cap ? d->cap : 256;
		while (cap < d->len + n + 1)
			cap *= 2;
		d->text = xrealloc(d->text, cap);
		d->cap = cap;
	}
	memcpy(d->text + d->len, s, n);
	d->len += n;
	d->text[d->len] = '\0';
}

/* The kind of a message; NULL when there is none yet and `make` is false. */
static struct diag_kind *kind_of(const struct diag *d, const char *code, const char *fmt)
{
	for (size_t i = 0; i < d->nkinds; i++) {
		struct diag_kind *k = &d->kinds[i];
		if (code ? k->code && strcmp(k->code, code) == 0 : !k->code && k->fmt == fmt)
			return k;
	}
	return NULL;
}

static struct diag_kind *add_kind(struct diag *d, const char *code, const char *fmt, bool error)
{
	VEC_RESERVE(d->kinds, d->kinds_cap, d->nkinds + 1);
	struct diag_kind *k = &d->kinds[d->nkinds++];
	*k = (struct diag_kind){ .code = code, .fmt = fmt, .error = error };
	return k;
}

/* Prints one line "FILE:LINE:COL: KIND: PATH: MESSAGE" and hands it to the hook. */
static void show(struct diag *d, const char *file, const struct diag_msg *m)
{
	char head[512];
	int n = 0;
	if (file)
		n = snprintf(head, sizeof head, "%s:", file);
	if (m->loc.line > 0)
		n += snprintf(head + n, sizeof head - (size_t)n, "%d:%d:", m->loc.line, m->loc.col);
	n += snprintf(head + n, sizeof head - (size_t)n, "%s%s: ", n ? " " : "",
		      m->error ? "error" : "warning");
	if (m->path && *m->path)
		n += snprintf(head + n, sizeof head - (size_t)n, "%s: ", m->path);
	if (n >= (int)sizeof head)
		n = (int)sizeof head - 1;
	size_t start = d->len;
	append(d, head, (size_t)n);
	append(d, m->message, strlen(m->message));
	append(d, "\n", 1);
	if (d->echo)
		fputs(d->text + start, d->echo);
	if (d->shown)
		d->shown(d->hook_ctx, m);
}

static void emit(struct diag *d, enum diag_severity sev, const char *code, const char *fix,
		 const struct src_loc *loc, const char *path, const char *fmt, va_list ap)
{
	bool error = sev == DIAG_ERROR || d->strict;
	if (d->keep && !d->keep(d->hook_ctx, sev == DIAG_ERROR, code, path)) {
		d->dropped++;
		return;
	}
	if (sev == DIAG_ERROR)
		d->errors++;
	else
		d->warnings++;
	if (sev == DIAG_WARNING && d->quiet_warnings && !d->strict)
		return;
	struct diag_kind *k = kind_of(d, code, fmt);
	if (!k)
		k = add_kind(d, code, fmt, error);
	if (k->shown >= DIAG_MAX_PER_KIND) {
		k->more++;
		return;
	}
	char body[1024];
	int m = vsnprintf(body, sizeof body, fmt, ap);
	if (m < 0)
		body[0] = '\0';
	struct diag_msg msg = { .error = error, .code = code, .path = path, .message = body,
				.fix = fix };
	if (loc)
		msg.loc = *loc;
	if (k->shown++ == 0) {
		k->first_file = d->file ? xstrdup(d->file) : NULL;
		k->first_loc = msg.loc;
		k->first_path = path && *path ? xstrdup(path) : NULL;
		k->first_message = xstrdup(body);
	}
	show(d, d->file, &msg);
}

void diag_verror(struct diag *d, const struct src_loc *loc, const char *path,
		 const char *fmt, va_list ap)
{
	emit(d, DIAG_ERROR, NULL, NULL, loc, path, fmt, ap);
}

void diag_error(struct diag *d, const struct src_loc *loc, const char *path,
		const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit(d, DIAG_ERROR, NULL, NULL, loc, path, fmt, ap);
	va_end(ap);
}

void diag_warning(struct diag *d, const struct src_loc *loc, const char *path,
		  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit(d, DIAG_WARNING, NULL, NULL, loc, path, fmt, ap);
	va_end(ap);
}

void diag_report(struct diag *d, enum diag_severity sev, const char *code, const char *fix,
		 const struct src_loc *loc, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit(d, sev, code, fix, loc, path, fmt, ap);
	va_end(ap);
}

bool diag_wanted(const struct diag *d, enum diag_severity sev, const char *code,
		 const char *path)
{
	if (d->keep && !d->keep(d->hook_ctx, sev == DIAG_ERROR, code, path))
		return false;
	if (sev == DIAG_WARNING && d->quiet_warnings && !d->strict)
		return false;
	const struct diag_kind *k = kind_of(d, code, NULL);
	return !k || k->shown < DIAG_MAX_PER_KIND;
}

void diag_end(struct diag *d)
{
	for (size_t i = 0; i < d->nkinds; i++) {
		struct diag_kind *k = &d->kinds[i];
		if (k->more == k->more_told)
			continue;
		size_t more = k->more - k->more_told;
		k->more_told = k->more;
		const char *what = k->error ? (more == 1 ? "error" : "errors")
					    : (more == 1 ? "warning" : "warnings");
		char body[1200];
		if (k->first_loc.line > 0)
			snprintf(body, sizeof body, "... and %zu more %s like the one at %d:%d%s%s%s",
				 more, what, k->first_loc.line, k->first_loc.col,
				 k->first_path ? " (" : "", k->first_path ? k->first_path : "",
				 k->first_path ? ")" : "");
		else
			snprintf(body, sizeof body, "... and %zu more %s like: %.1000s", more, what,
				 k->first_message);
		struct diag_msg msg = { .error = k->error, .code = k->code, .message = body,
					.more = more };
		show(d, k->first_file, &msg);
	}
}

bool diag_failed(const struct diag *d)
{
	return d->errors > 0 || (d->strict && d->warnings > 0);
}

const char *diag_text(const struct diag *d)
{
	return d->text ? d->text : "";
}
