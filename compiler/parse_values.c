/*
 * parse_values.c - typed access to the values of a profile's JSON tree for
 * parse.c: strings, unsigned numbers, arrays of strings and known keys, each
 * checked against what the field expects, with the JSON path and the
 * file:line:col of any problem reported (see parse_internal.h).
 */
#include "parse_internal.h"

#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "codes.h"
#include "nearest.h"

bool parse_in_list(const char *const *list, const char *s)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

/* "a, b, c" of a NULL-terminated list, in the arena. */
const char *parse_list_text(struct parse_ctx *c, const char *const *list)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; list[i]; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", list[i]);
	const char *s = arena_strndup(c->arena, b.data ? b.data : "", b.len);
	buf_free(&b);
	return s;
}

/* "did you mean \"X\"? " when near is a name, else "". */
const char *parse_did_you_mean(struct parse_ctx *c, const char *near)
{
	return near ? arena_printf(c->arena, "did you mean \"%s\"? ", near) : "";
}

/* The fix for an unknown name: the suggestion, or what to look at. */
const char *parse_rename_fix(struct parse_ctx *c, const char *near, const char *otherwise)
{
	return near ? arena_printf(c->arena, "write \"%s\"", near) : otherwise;
}

/* JSON paths are made for every element, so they are built by hand, not printf. */
const char *parse_join_key(struct parse_ctx *c, const char *path, const char *key)
{
	size_t a = strlen(path), b = strlen(key);
	char *p = arena_alloc(c->arena, a + b + 2);
	memcpy(p, path, a);
	if (a)
		p[a++] = '.';
	memcpy(p + a, key, b + 1);
	return p;
}

const char *parse_join_index(struct parse_ctx *c, const char *path, size_t i)
{
	char digits[24];
	size_t n = 0;
	do
		digits[n++] = (char)('0' + i % 10);
	while ((i /= 10) != 0);
	size_t a = strlen(path);
	char *p = arena_alloc(c->arena, a + n + 3);
	memcpy(p, path, a);
	p[a] = '[';
	for (size_t k = 0; k < n; k++)
		p[a + 1 + k] = digits[n - 1 - k];
	p[a + 1 + n] = ']';
	p[a + 2 + n] = '\0';
	return p;
}

struct prof_origin parse_origin(const char *path, const struct json_node *n)
{
	return (struct prof_origin){ .path = path, .loc = n->loc };
}

void parse_type_error(struct parse_ctx *c, const struct json_node *n, const char *path,
		      const char *expected)
{
	diag_error(c->diag, &n->loc, path, "found %s; expected %s",
		   json_type_desc(n->type), expected);
}

/* The value of `key` in obj, NULL when absent or null. */
const struct json_node *parse_field(const struct json_node *obj, const char *key)
{
	const struct json_member *m = json_member(obj, key);
	return m && m->value.type != JSON_NULL ? &m->value : NULL;
}

/* Warns about every member of obj not in `known`. */
void parse_check_fields(struct parse_ctx *c, const struct json_node *obj, const char *path,
			const char *const *known)
{
	for (size_t i = 0; i < obj->nmembers; i++) {
		const struct json_member *m = &obj->members[i];
		if (parse_in_list(known, m->key))
			continue;
		const char *p = parse_join_key(c, path, m->key);
		if (!diag_wanted(c->diag, DIAG_WARNING, SC_UNKNOWN_FIELD, p)) {
			diag_report(c->diag, DIAG_WARNING, SC_UNKNOWN_FIELD, NULL, &m->key_loc, p,
				    "unknown field");   /* counted, not shown */
			continue;
		}
		const char *near = list_nearest(m->key, known, "");
		diag_report(c->diag, DIAG_WARNING, SC_UNKNOWN_FIELD,
			    parse_rename_fix(c, near, "remove it, or ignore this warning where "
					     "a newer runtime reads the field"),
			    &m->key_loc, p, "unknown field; %sexpected one of %s",
			    parse_did_you_mean(c, near), parse_list_text(c, known));
	}
}

/* A string value without NUL characters. */
bool parse_get_string(struct parse_ctx *c, const struct json_node *n, const char *path,
		      const char *expected, const char **out)
{
	if (n->type != JSON_STRING) {
		parse_type_error(c, n, path, expected);
		return false;
	}
	if (strlen(n->str) != n->len) {
		diag_error(c->diag, &n->loc, path, "found a string with a NUL character (\\u0000); "
			   "expected %s", expected);
		return false;
	}
	*out = n->str;
	return true;
}

/* A number as written, shortened for messages. */
static const char *number_text(struct parse_ctx *c, const struct json_node *n)
{
	if (n->len <= 40)
		return n->str;
	return arena_printf(c->arena, "%.40s...", n->str);
}

/* An unsigned integer from 0 to max; `expected` says so in words. */
bool parse_get_uint(struct parse_ctx *c, const struct json_node *n, const char *path,
		    uint64_t max, const char *expected, uint64_t *out)
{
	if (n->type != JSON_NUMBER) {
		parse_type_error(c, n, path, expected);
		return false;
	}
	const char *s = n->str;
	if (s[0] == '-') {
		diag_error(c->diag, &n->loc, path, "found a negative number (%s); expected %s",
			   number_text(c, n), expected);
		return false;
	}
	if (strpbrk(s, ".eE")) {
		diag_error(c->diag, &n->loc, path, "found a number with a fraction or exponent (%s); "
			   "expected %s", number_text(c, n), expected);
		return false;
	}
	uint64_t v = 0;
	bool over = false;
	for (; *s; s++) {
		unsigned d = (unsigned)(*s - '0');
		if (v > (UINT64_MAX - d) / 10)
			over = true;
		else
			v = v * 10 + d;
	}
	if (over || v > max) {
		diag_error(c->diag, &n->loc, path, "found %s; expected %s", number_text(c, n), expected);
		return false;
	}
	*out = v;
	return true;
}

/* An array of strings (null: none). Each string is checked by `check`, which
 * reports and returns false to drop it. */
bool parse_get_string_array(struct parse_ctx *c, const struct json_node *n, const char *path,
			    const char *expected_item,
			    bool (*check)(struct parse_ctx *, const char *,
					  const struct json_node *, const char *),
			    const char ***out, size_t *count)
{
	*out = NULL;
	*count = 0;
	if (!n)
		return true;
	if (n->type != JSON_ARRAY) {
		parse_type_error(c, n, path,
				 arena_printf(c->arena, "an array of %ss", expected_item));
		return false;
	}
	bool ok = true;
	const char **items = arena_calloc(c->arena, n->nitems, sizeof *items);
	for (size_t i = 0; i < n->nitems; i++) {
		const char *p = parse_join_index(c, path, i), *s;
		if (!parse_get_string(c, &n->items[i], p, expected_item, &s)) {
			ok = false;
			continue;
		}
		if (check && !check(c, s, &n->items[i], p))
			continue;
		items[(*count)++] = s;
	}
	*out = items;
	return ok;
}

