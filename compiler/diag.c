/*
 * diag.c - collects errors and warnings as text (see diag.h).
 */
#include "diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

void diag_init(struct diag *d, const char *file)
{
	memset(d, 0, sizeof *d);
	d->file = file;
}

void diag_fini(struct diag *d)
{
	free(d->text);
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

static void report(struct diag *d, const char *kind, const struct src_loc *loc,
		   const char *path, const char *fmt, va_list ap)
{
	char head[512];
	int n = 0;

	if (d->file)
		n = snprintf(head, sizeof head, "%s:", d->file);
	if (loc && loc->line > 0)
		n += snprintf(head + n, sizeof head - (size_t)n, "%d:%d:", loc->line, loc->col);
	n += snprintf(head + n, sizeof head - (size_t)n, "%s%s: ", n ? " " : "", kind);
	if (path && *path)
		n += snprintf(head + n, sizeof head - (size_t)n, "%s: ", path);
	if (n >= (int)sizeof head)
		n = (int)sizeof head - 1;

	char body[1024];
	int m = vsnprintf(body, sizeof body, fmt, ap);
	if (m < 0)
		m = 0;
	if (m >= (int)sizeof body)
		m = (int)sizeof body - 1;

	size_t start = d->len;
	append(d, head, (size_t)n);
	append(d, body, (size_t)m);
	append(d, "\n", 1);
	if (d->echo)
		fputs(d->text + start, d->echo);
}

void diag_verror(struct diag *d, const struct src_loc *loc, const char *path,
		 const char *fmt, va_list ap)
{
	d->errors++;
	report(d, "error", loc, path, fmt, ap);
}

void diag_error(struct diag *d, const struct src_loc *loc, const char *path,
		const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_verror(d, loc, path, fmt, ap);
	va_end(ap);
}

void diag_warning(struct diag *d, const struct src_loc *loc, const char *path,
		  const char *fmt, ...)
{
	va_list ap;
	d->warnings++;
	if (d->quiet_warnings && !d->strict)
		return;
	va_start(ap, fmt);
	report(d, d->strict ? "error" : "warning", loc, path, fmt, ap);
	va_end(ap);
}

bool diag_failed(const struct diag *d)
{
	return d->errors > 0 || (d->strict && d->warnings > 0);
}

const char *diag_text(const struct diag *d)
{
	return d->text ? d->text : "";
}
