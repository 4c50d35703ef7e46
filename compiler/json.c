/*
 * json.c - positioned JSON trees from yajl's event parser (see json.h).
 *
 * yajl reports, during each callback, how many bytes it has consumed: the
 * offset just past the current token (the whole text goes to one
 * yajl_parse call). The start of the token is found by backing up over it,
 * and offsets become LINE:COL with a cursor that only moves forward.
 */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#define MAX_DEPTH 64

struct frame {
	struct json_value *value;
	struct json_value **items;   /* growing children */
	struct json_member *members;
	size_t n, cap;
	const char *pending_key;     /* object: key awaiting its value */
	struct src_loc pending_loc;
};

struct builder {
	yajl_handle yajl;
	const char *text;
	size_t len;
	struct arena *arena;
	struct diag *diag;
	struct frame stack[MAX_DEPTH];
	int depth;
	struct json_value *root;
	size_t cursor_off;           /* position cache: offset, line, col */
	int cursor_line, cursor_col;
	bool failed;                 /* a semantic error (duplicate key, depth) */
};

static struct src_loc loc_at(struct builder *b, size_t off)
{
	if (off < b->cursor_off) {
		b->cursor_off = 0;
		b->cursor_line = 1;
		b->cursor_col = 1;
	}
	while (b->cursor_off < off && b->cursor_off < b->len) {
		unsigned char ch = (unsigned char)b->text[b->cursor_off++];
		if (ch == '\n') {
			b->cursor_line++;
			b->cursor_col = 1;
		} else if ((ch & 0xc0) != 0x80) {  /* count characters, not UTF-8 bytes */
			b->cursor_col++;
		}
	}
	return (struct src_loc){ b->cursor_line, b->cursor_col };
}

static size_t token_end(const struct builder *b)
{
	return yajl_get_bytes_consumed(b->yajl);
}

/* Start of the string token ending just before `end`: the unescaped opening quote. */
static size_t string_start(const struct builder *b, size_t end)
{
	size_t i = end ? end - 1 : 0;   /* the closing quote */
	while (i > 0) {
		i--;
		if (b->text[i] != '"')
			continue;
		size_t slashes = 0;
		while (i > slashes && b->text[i - 1 - slashes] == '\\')
			slashes++;
		if (slashes % 2 == 0)
			return i;
	}
	return 0;
}

static size_t scalar_start(const struct builder *b, size_t end)
{
	size_t i = end;
	while (i > 0 && strchr("0123456789+-.eEtruefalsn", b->text[i - 1]))
		i--;
	return i;
}

static struct json_value *new_value(struct builder *b, enum json_type type, size_t start)
{
	struct json_value *v = arena_alloc(b->arena, sizeof *v);
	v->type = type;
	v->loc = loc_at(b, start);
	return v;
}

/* Attaches a finished value to its parent (or makes it the root). */
static int attach(struct builder *b, struct json_value *v)
{
	if (b->depth == 0) {
		b->root = v;
		return 1;
	}
	struct frame *f = &b->stack[b->depth - 1];
	if (f->value->type == JSON_ARRAY) {
		VEC_RESERVE(f->items, f->cap, f->n + 1);
		f->items[f->n++] = v;
		return 1;
	}
	for (size_t i = 0; i < f->n; i++) {
		if (strcmp(f->members[i].key, f->pending_key) == 0) {
			diag_error(b->diag, &f->pending_loc, NULL,
				   "invalid JSON: duplicate key \"%s\" (first at line %d)",
				   f->pending_key, f->members[i].key_loc.line);
			b->failed = true;
			return 0;
		}
	}
	VEC_RESERVE(f->members, f->cap, f->n + 1);
	f->members[f->n++] = (struct json_member){ f->pending_key, f->pending_loc, v };
	return 1;
}

static int on_null(void *ctx)
{
	struct builder *b = ctx;
	return attach(b, new_value(b, JSON_NULL, token_end(b) - 4));
}

static int on_boolean(void *ctx, int value)
{
	struct builder *b = ctx;
	struct json_value *v = new_value(b, JSON_BOOL, token_end(b) - (value ? 4 : 5));
	v->boolean = value != 0;
	return attach(b, v);
}

static int on_number(void *ctx, const char *s, size_t len)
{
	struct builder *b = ctx;
	struct json_value *v = new_value(b, JSON_NUMBER, scalar_start(b, token_end(b)));
	v->text = arena_strndup(b->arena, s, len);
	v->len = len;
	return attach(b, v);
}

static int on_string(void *ctx, const unsigned char *s, size_t len)
{
	struct builder *b = ctx;
	struct json_value *v = new_value(b, JSON_STRING, string_start(b, token_end(b)));
	v->text = arena_strndup(b->arena, (const char *)s, len);
	v->len = len;
	return attach(b, v);
}

static int open_container(struct builder *b, enum json_type type)
{
	if (b->depth == MAX_DEPTH) {
		diag_error(b->diag, NULL, NULL, "invalid JSON: nested deeper than %d levels", MAX_DEPTH);
		b->failed = true;
		return 0;
	}
	struct frame *f = &b->stack[b->depth++];
	memset(f, 0, sizeof *f);
	f->value = new_value(b, type, token_end(b) - 1);
	return 1;
}

static int close_container(struct builder *b)
{
	struct frame *f = &b->stack[--b->depth];
	struct json_value *v = f->value;
	v->n = f->n;
	if (v->type == JSON_ARRAY) {
		v->items = arena_calloc(b->arena, f->n + 1, sizeof *v->items);
		if (f->n)
			memcpy(v->items, f->items, f->n * sizeof *v->items);
	} else {
		v->members = arena_calloc(b->arena, f->n + 1, sizeof *v->members);
		if (f->n)
			memcpy(v->members, f->members, f->n * sizeof *v->members);
	}
	free(f->items);
	free(f->members);
	return attach(b, v);
}

static int on_start_map(void *ctx)
{
	return open_container(ctx, JSON_OBJECT);
}

static int on_map_key(void *ctx, const unsigned char *s, size_t len)
{
	struct builder *b = ctx;
	struct frame *f = &b->stack[b->depth - 1];
	f->pending_key = arena_strndup(b->arena, (const char *)s, len);
	f->pending_loc = loc_at(b, string_start(b, token_end(b)));
	return 1;
}

static int on_end_map(void *ctx)
{
	return close_container(ctx);
}

static int on_start_array(void *ctx)
{
	return open_container(ctx, JSON_ARRAY);
}

static int on_end_array(void *ctx)
{
	return close_container(ctx);
}

static const yajl_callbacks callbacks = {
	on_null, on_boolean, NULL, NULL, on_number, on_string,
	on_start_map, on_map_key, on_end_map, on_start_array, on_end_array,
};

/* yajl's message without its "parse error: " prefix and trailing context. */
static void report_syntax(struct builder *b)
{
	unsigned char *raw = yajl_get_error(b->yajl, 0, (const unsigned char *)b->text, b->len);
	char msg[256];
	snprintf(msg, sizeof msg, "%s", raw ? (const char *)raw : "malformed text");
	if (raw)
		yajl_free_error(b->yajl, raw);
	char *m = msg;
	const char *prefixes[] = { "parse error: ", "lexical error: " };
	for (size_t i = 0; i < 2; i++)
		if (strncmp(m, prefixes[i], strlen(prefixes[i])) == 0)
			m += strlen(prefixes[i]);
	size_t n = strlen(m);
	while (n && (m[n - 1] == '\n' || m[n - 1] == ' ' || m[n - 1] == '.'))
		m[--n] = '\0';
	/* yajl has consumed the offending character: point at it. */
	size_t off = yajl_get_bytes_consumed(b->yajl);
	if (off > 0)
		off--;
	if (strcmp(m, "premature EOF") == 0) {
		m = "the text ends before the JSON value does (truncated?)";
		off = b->len;
	}
	struct src_loc loc = loc_at(b, off < b->len ? off : b->len);
	diag_error(b->diag, &loc, NULL, "invalid JSON: %s", m);
}

struct json_value *json_parse(const char *text, size_t len, struct arena *arena,
			      struct diag *diag)
{
	struct builder b;
	memset(&b, 0, sizeof b);
	b.text = text;
	b.len = len;
	b.arena = arena;
	b.diag = diag;
	b.cursor_line = b.cursor_col = 1;
	b.yajl = yajl_alloc(&callbacks, NULL, &b);
	if (!b.yajl) {
		diag_error(diag, NULL, NULL, "internal error: cannot allocate the JSON parser");
		return NULL;
	}
	yajl_status st = yajl_parse(b.yajl, (const unsigned char *)text, len);
	if (st == yajl_status_ok)
		st = yajl_complete_parse(b.yajl);
	if (st != yajl_status_ok && !b.failed)
		report_syntax(&b);
	for (int i = 0; i < b.depth; i++) {
		free(b.stack[i].items);
		free(b.stack[i].members);
	}
	yajl_free(b.yajl);
	if (st != yajl_status_ok || b.failed || !b.root) {
		if (!diag_failed(diag))
			diag_error(diag, NULL, NULL, "invalid JSON: no value");
		return NULL;
	}
	return b.root;
}

const struct json_member *json_member(const struct json_value *obj, const char *key)
{
	for (size_t i = 0; obj && obj->type == JSON_OBJECT && i < obj->n; i++)
		if (strcmp(obj->members[i].key, key) == 0)
			return &obj->members[i];
	return NULL;
}

const char *json_type_name(enum json_type type)
{
	switch (type) {
	case JSON_NULL: return "null";
	case JSON_BOOL: return "a boolean";
	case JSON_NUMBER: return "a number";
	case JSON_STRING: return "a string";
	case JSON_ARRAY: return "an array";
	default: return "an object";
	}
}
