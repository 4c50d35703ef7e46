/*
 * json.c - JSON text to a positioned tree (see json.h), with yajl 2.
 *
 * yajl reports values through callbacks but not where they start. Inside a
 * callback, yajl_get_bytes_consumed() is the offset just past the current token
 * (the whole text goes to one yajl_parse call). Between two tokens that yajl
 * reports there is only white space and the separators ',' and ':', so a
 * token starts at the first other character after the end of the previous
 * one. One exception: a number that ends the text reaches its callback from
 * yajl_complete_parse, where the offset refers to yajl's own flush buffer;
 * there a tiny scanner finds the end instead. The same scanner names the
 * offending token of a syntax error.
 */
#include "json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "buf.h"

/* One open array or object. */
struct frame {
	struct json_node node;         /* type and loc; children go below until it closes */
	struct json_node *items;       /* array elements so far */
	size_t nitems, cap_items;
	struct json_member *members;   /* object members so far */
	size_t nmembers, cap_members;
	const char *key;               /* object: key waiting for its value */
	size_t key_len;
	struct src_loc key_loc;
	bool key_is_duplicate;         /* drop the value that follows */
};

struct json_ctx {
	const char *text;
	size_t len;
	struct arena *arena;
	struct diag *diag;
	yajl_handle yajl;
	bool completing;               /* inside yajl_complete_parse */
	size_t last_end;               /* offset just past the last reported token */
	size_t cur_off;                /* loc_at() cache: cur_line:cur_col is at cur_off */
	int cur_line, cur_col;
	bool ascii;                    /* no byte >= 0x80: a column is a byte count */
	struct frame *stack;
	size_t depth, cap;
	struct json_node root;
	bool have_root;
};

/* A token as the scanner sees it. */
struct token {
	size_t start, end;
	bool unterminated;             /* a string that runs to the end of the text */
};

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static bool is_structural(char ch)
{
	return ch == '{' || ch == '}' || ch == '[' || ch == ']' || ch == ',' || ch == ':';
}

/* The token at or after `off`, skipping white space (and ',' ':' when skip_sep).
 * start == end == len when only white space remains. */
static struct token scan_token(const char *t, size_t len, size_t off, bool skip_sep)
{
	struct token tok = { len, len, false };
	while (off < len && (is_space(t[off]) || (skip_sep && (t[off] == ',' || t[off] == ':'))))
		off++;
	if (off >= len)
		return tok;
	tok.start = off;
	if (t[off] == '"') {
		off++;
		while (off < len && t[off] != '"')
			off += (t[off] == '\\' && off + 1 < len) ? 2 : 1;
		tok.unterminated = off >= len;
		tok.end = off < len ? off + 1 : len;
	} else if (is_structural(t[off])) {
		tok.end = off + 1;
	} else {
		while (off < len && !is_space(t[off]) && !is_structural(t[off]) && t[off] != '"')
			off++;
		tok.end = off;
	}
	return tok;
}

/* Line and column of byte offset `off`; columns count UTF-8 characters. */
static struct src_loc loc_at(struct json_ctx *c, size_t off)
{
	if (off > c->len)
		off = c->len;
	if (off < c->cur_off) {
		c->cur_off = 0;
		c->cur_line = 1;
		c->cur_col = 1;
	}
	if (c->ascii) {   /* jump from line to line; a column is then a distance */
		const char *nl;
		while ((nl = memchr(c->text + c->cur_off, '\n', off - c->cur_off)) != NULL) {
			c->cur_line++;
			c->cur_col = 1;
			c->cur_off = (size_t)(nl - c->text) + 1;
		}
		c->cur_col += (int)(off - c->cur_off);
		c->cur_off = off;
		return (struct src_loc){ c->cur_line, c->cur_col };
	}
	for (; c->cur_off < off; c->cur_off++) {
		unsigned char ch = (unsigned char)c->text[c->cur_off];
		if (ch == '\n') {
			c->cur_line++;
			c->cur_col = 1;
		} else if ((ch & 0xc0) != 0x80) {
			c->cur_col++;
		}
	}
	return (struct src_loc){ c->cur_line, c->cur_col };
}

/* Position of the token yajl reports now; moves past it. */
static struct src_loc next_token_loc(struct json_ctx *c)
{
	struct token tok = scan_token(c->text, c->len, c->last_end, true);
	size_t end = c->completing ? tok.end : yajl_get_bytes_consumed(c->yajl);
	c->last_end = end > tok.start ? end : tok.end;
	return loc_at(c, tok.start);
}

/* JSON path of the value being read now, keys of open objects included. */
static void current_path(const struct json_ctx *c, struct buf *path)
{
	for (size_t i = 0; i < c->depth; i++) {
		const struct frame *f = &c->stack[i];
		if (f->node.type == JSON_ARRAY) {
			buf_printf(path, "[%zu]", f->nitems);
		} else if (f->key) {
			if (path->len)
				buf_puts(path, ".");
			buf_append(path, f->key, f->key_len);
		}
	}
}

/* Hands a finished value to the open container, or makes it the root. */
static void add_value(struct json_ctx *c, const struct json_node *node)
{
	if (c->depth == 0) {
		c->root = *node;
		c->have_root = true;
		return;
	}
	struct frame *f = &c->stack[c->depth - 1];
	if (f->node.type == JSON_ARRAY) {
		VEC_RESERVE(f->items, f->cap_items, f->nitems + 1);
		f->items[f->nitems++] = *node;
		return;
	}
	if (!f->key_is_duplicate) {
		VEC_RESERVE(f->members, f->cap_members, f->nmembers + 1);
		struct json_member *m = &f->members[f->nmembers++];
		m->key = f->key;
		m->key_len = f->key_len;
		m->key_loc = f->key_loc;
		m->value = *node;
	}
	f->key = NULL;
	f->key_is_duplicate = false;
}

static int on_scalar(struct json_ctx *c, enum json_type type, const char *s, size_t n)
{
	struct json_node node = { .type = type, .loc = next_token_loc(c) };
	if (s) {
		node.str = arena_strndup(c->arena, s, n);
		node.len = n;
	}
	add_value(c, &node);
	return 1;
}

static int cb_null(void *ctx)
{
	return on_scalar(ctx, JSON_NULL, NULL, 0);
}

static int cb_boolean(void *ctx, int value)
{
	return on_scalar(ctx, value ? JSON_TRUE : JSON_FALSE, NULL, 0);
}

static int cb_number(void *ctx, const char *s, size_t n)
{
	return on_scalar(ctx, JSON_NUMBER, s, n);
}

static int cb_string(void *ctx, const unsigned char *s, size_t n)
{
	return on_scalar(ctx, JSON_STRING, (const char *)s, n);
}

static int open_container(struct json_ctx *c, enum json_type type)
{
	VEC_RESERVE(c->stack, c->cap, c->depth + 1);
	struct frame *f = &c->stack[c->depth++];
	memset(f, 0, sizeof *f);
	f->node.type = type;
	f->node.loc = next_token_loc(c);
	return 1;
}

static int close_container(struct json_ctx *c)
{
	next_token_loc(c);
	struct frame *f = &c->stack[--c->depth];
	struct json_node node = f->node;
	if (f->nitems) {
		node.items = arena_calloc(c->arena, f->nitems, sizeof *node.items);
		memcpy(node.items, f->items, f->nitems * sizeof *node.items);
		node.nitems = f->nitems;
	}
	if (f->nmembers) {
		node.members = arena_calloc(c->arena, f->nmembers, sizeof *node.members);
		memcpy(node.members, f->members, f->nmembers * sizeof *node.members);
		node.nmembers = f->nmembers;
	}
	free(f->items);
	free(f->members);
	add_value(c, &node);
	return 1;
}

static int cb_start_map(void *ctx)
{
	return open_container(ctx, JSON_OBJECT);
}

static int cb_start_array(void *ctx)
{
	return open_container(ctx, JSON_ARRAY);
}

static int cb_end(void *ctx)
{
	return close_container(ctx);
}

static int cb_map_key(void *ctx, const unsigned char *s, size_t n)
{
	struct json_ctx *c = ctx;
	struct frame *f = &c->stack[c->depth - 1];
	f->key = arena_strndup(c->arena, (const char *)s, n);
	f->key_len = n;
	f->key_loc = next_token_loc(c);
	f->key_is_duplicate = false;
	for (size_t i = 0; i < f->nmembers; i++) {
		const struct json_member *m = &f->members[i];
		if (m->key_len == n && memcmp(m->key, s, n) == 0) {
			struct buf path;
			buf_init(&path);
			current_path(c, &path);
			diag_error(c->diag, &f->key_loc, path.data,
				   "duplicate key \"%s\" (first given at %d:%d); expected each key once",
				   f->key, m->key_loc.line, m->key_loc.col);
			buf_free(&path);
			f->key_is_duplicate = true;
			break;
		}
	}
	return 1;
}

static const yajl_callbacks callbacks = {
	.yajl_null = cb_null,
	.yajl_boolean = cb_boolean,
	.yajl_number = cb_number,
	.yajl_string = cb_string,
	.yajl_start_map = cb_start_map,
	.yajl_map_key = cb_map_key,
	.yajl_end_map = cb_end,
	.yajl_start_array = cb_start_array,
	.yajl_end_array = cb_end,
};

/* "'}'", "a string", "'tru'", "the end of the text": what a user sees at tok. */
static const char *describe_token(const struct json_ctx *c, const struct token *tok,
				  char *out, size_t size)
{
	if (tok->start >= c->len)
		return "the end of the text";
	if (c->text[tok->start] == '"')
		return tok->unterminated ? "an unterminated string" : "a string";
	size_t n = 0;
	out[n++] = '\'';
	for (size_t i = tok->start; i < tok->end && n + 6 < size; i++) {
		unsigned char ch = (unsigned char)c->text[i];
		if (i - tok->start >= 24) {
			memcpy(out + n, "...", 3);
			n += 3;
			break;
		}
		if (ch < 0x20 || ch == 0x7f || ch >= 0x80)
			n += (size_t)snprintf(out + n, size - n, "\\x%02x", ch);
		else
			out[n++] = (char)ch;
	}
	out[n++] = '\'';
	out[n] = '\0';
	return out;
}

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static bool is_number_char(char ch)
{
	return is_digit(ch) || ch == '.' || ch == 'e' || ch == 'E' || ch == '-' || ch == '+';
}

/* True when the parser stands where an object key must come. */
static bool expecting_key(const struct json_ctx *c)
{
	return c->depth > 0 && c->stack[c->depth - 1].node.type == JSON_OBJECT &&
	       !c->stack[c->depth - 1].key;
}

#define ANY_VALUE "a value (object, array, string, number, true, false or null)"

/* What to say about a premature end: the innermost thing left open. */
static void report_premature_end(struct json_ctx *c)
{
	size_t end = c->len;
	while (end > 0 && is_space(c->text[end - 1]))
		end--;
	struct src_loc at = loc_at(c, end);
	struct token tok = scan_token(c->text, c->len, c->last_end, true);
	if (tok.unterminated) {
		struct src_loc from = loc_at(c, tok.start);
		diag_error(c->diag, &at, NULL, "invalid JSON: the text ends inside the string "
			   "that starts at %d:%d; expected its closing '\"'", from.line, from.col);
	} else if (c->depth > 0) {
		const struct frame *f = &c->stack[c->depth - 1];
		bool obj = f->node.type == JSON_OBJECT;
		diag_error(c->diag, &at, NULL, "invalid JSON: the text ends inside the %s that "
			   "starts at %d:%d; expected %s", obj ? "object" : "array",
			   f->node.loc.line, f->node.loc.col,
			   obj ? (f->key ? "a value, then '}'" : "'}'") : "']'");
	} else {
		diag_error(c->diag, &at, NULL, "invalid JSON: the text is empty; expected a JSON object");
	}
}

/* Turns yajl's reason into a message with the position of the offending token. */
static void report_syntax_error(struct json_ctx *c, const char *reason, size_t err_off)
{
	if (strstr(reason, "premature EOF")) {
		report_premature_end(c);
		return;
	}
	/* The offending token: the first after the last good one that reaches err_off. */
	struct token tok = scan_token(c->text, c->len, c->last_end, false);
	while (tok.end < err_off && tok.end < c->len)
		tok = scan_token(c->text, c->len, tok.end, false);
	char found_buf[96];
	const char *found = describe_token(c, &tok, found_buf, sizeof found_buf);
	size_t at = tok.start;
	char what[256];
	if (tok.start > 0 && c->text[tok.start - 1] == '0' && is_digit(c->text[tok.start]) &&
		   (tok.start < 2 || !is_number_char(c->text[tok.start - 2]))) {
		snprintf(what, sizeof what, "found a number with a leading zero; expected a number "
			 "without one (JSON has no octal)");
		at = tok.start - 1;
	} else if (strstr(reason, "trailing garbage")) {
		snprintf(what, sizeof what, "found %s after the end of the top-level value; "
			 "expected the end of the text", found);
	} else if (strstr(reason, "invalid object key")) {
		snprintf(what, sizeof what, "found %s; expected an object key in double quotes", found);
	} else if (strstr(reason, "separated by a colon")) {
		snprintf(what, sizeof what, "found %s after an object key; expected ':'", found);
	} else if (strstr(reason, "inside map, I expect")) {
		snprintf(what, sizeof what, "found %s after an object member; expected ',' or '}'", found);
	} else if (strstr(reason, "after array element")) {
		snprintf(what, sizeof what, "found %s after an array element; expected ',' or ']'", found);
	} else if (c->text[tok.start] == '\'') {
		snprintf(what, sizeof what, "found a single-quoted string; expected %s in double "
			 "quotes", expecting_key(c) ? "an object key" : "a string");
	} else if (strstr(reason, "unallowed token") || strstr(reason, "invalid string in json") ||
		   strstr(reason, "invalid char in json")) {
		snprintf(what, sizeof what, "found %s; expected %s", found,
			 expecting_key(c) ? "an object key in double quotes" : ANY_VALUE);
	} else if (strstr(reason, "malformed number")) {
		const char *after = strstr(reason, "after the ");
		snprintf(what, sizeof what, "found malformed number %s; expected a digit %s", found,
			 after ? after : "");
		size_t n = strlen(what);
		if (n && what[n - 1] == '.')
			what[n - 1] = '\0';
	} else if (strstr(reason, "comment")) {
		snprintf(what, sizeof what, "found a comment; JSON does not allow comments");
		at = err_off;
	} else if (strstr(reason, "UTF8")) {
		snprintf(what, sizeof what, "found bytes that are not UTF-8 in a string; "
			 "expected UTF-8 text");
		at = err_off ? err_off - 1 : 0;
	} else if (strstr(reason, "occurs before a character")) {
		snprintf(what, sizeof what, "found an unknown escape sequence in a string; expected "
			 "one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
		at = err_off ? err_off - 1 : 0;
	} else if (strstr(reason, "invalid character inside string")) {
		snprintf(what, sizeof what, "found a control character in a string; expected it "
			 "escaped (\\n, \\t, \\u0000 ...)");
		at = err_off;
	} else if (strstr(reason, "non-hex")) {
		snprintf(what, sizeof what, "found a non-hexadecimal character after \\u in a string; "
			 "expected four hexadecimal digits");
		at = err_off;
	} else {
		snprintf(what, sizeof what, "%s", reason);
	}
	struct src_loc loc = loc_at(c, at);
	diag_error(c->diag, &loc, NULL, "invalid JSON: %s", what);
}

/* yajl's message without "parse error: " / "lexical error: " and the newline. */
static void report_yajl_error(struct json_ctx *c, yajl_handle h, size_t err_off)
{
	unsigned char *msg = yajl_get_error(h, 0, (const unsigned char *)c->text, c->len);
	const char *reason = msg ? (const char *)msg : "unknown error";
	const char *colon = strstr(reason, "error: ");
	if (colon)
		reason = colon + strlen("error: ");
	char clean[256];
	snprintf(clean, sizeof clean, "%s", reason);
	clean[strcspn(clean, "\n")] = '\0';
	report_syntax_error(c, clean, err_off);
	if (msg)
		yajl_free_error(h, msg);
}

struct json_node *json_parse(const char *text, size_t len, struct arena *arena,
			     struct diag *diag)
{
	struct json_ctx c = {
		.text = text, .len = len, .arena = arena, .diag = diag,
		.cur_line = 1, .cur_col = 1,
	};
	unsigned char high = 0;
	for (size_t i = 0; i < len; i++)
		high |= (unsigned char)text[i];
	c.ascii = high < 0x80;
	yajl_handle h = yajl_alloc(&callbacks, NULL, &c);
	if (!h) {
		fprintf(stderr, "seccompc: internal error: out of memory starting the JSON parser\n");
		exit(3);
	}
	c.yajl = h;
	bool ok = true;
	yajl_status st = yajl_parse(h, (const unsigned char *)text, len);
	if (st != yajl_status_ok) {
		report_yajl_error(&c, h, yajl_get_bytes_consumed(h));
		ok = false;
	} else if (c.completing = true, yajl_complete_parse(h) != yajl_status_ok) {
		report_yajl_error(&c, h, len);  /* offsets refer to yajl's flush buffer now */
		ok = false;
	}
	yajl_free(h);
	for (size_t i = 0; i < c.depth; i++) {
		free(c.stack[i].items);
		free(c.stack[i].members);
	}
	free(c.stack);
	if (!ok || !c.have_root)
		return NULL;
	struct json_node *root = arena_alloc(arena, sizeof *root);
	*root = c.root;
	return root;
}

const struct json_member *json_member(const struct json_node *obj, const char *key)
{
	if (!obj || obj->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < obj->nmembers; i++)
		if (strcmp(obj->members[i].key, key) == 0)
			return &obj->members[i];
	return NULL;
}

const char *json_type_desc(enum json_type type)
{
	switch (type) {
	case JSON_NULL: return "null";
	case JSON_FALSE:
	case JSON_TRUE: return "a boolean";
	case JSON_NUMBER: return "a number";
	case JSON_STRING: return "a string";
	case JSON_ARRAY: return "an array";
	case JSON_OBJECT: return "an object";
	}
	return "a value";
}
