/*
 * parse_internal.h - what parse.c and parse_values.c share: the parse
 * context, and typed, located access to the values of the JSON tree. Each
 * get_ function reports a problem with the value's JSON path and position
 * (an error: it returns false) and goes on, so one run shows every problem.
 */
#ifndef SECCOMPC_PARSE_INTERNAL_H
#define SECCOMPC_PARSE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "json.h"
#include "profile.h"

struct parse_ctx {
	struct arena *arena;
	struct diag *diag;
};

/* Whether s is in the NULL-terminated list. */
bool parse_in_list(const char *const *list, const char *s);
/* "a, b, c" of a NULL-terminated list, in the arena. */
const char *parse_list_text(struct parse_ctx *c, const char *const *list);
/* "did you mean \"X\"? " when near is a name, else "". */
const char *parse_did_you_mean(struct parse_ctx *c, const char *near);
/* The fix for an unknown name: the suggestion, or `otherwise`. */
const char *parse_rename_fix(struct parse_ctx *c, const char *near, const char *otherwise);
/* path.key and path[i], in the arena. */
const char *parse_join_key(struct parse_ctx *c, const char *path, const char *key);
const char *parse_join_index(struct parse_ctx *c, const char *path, size_t i);
/* Where a value came from, for the profile's records. */
struct prof_origin parse_origin(const char *path, const struct json_node *n);
/* Reports "found TYPE; expected `expected`" at n. */
void parse_type_error(struct parse_ctx *c, const struct json_node *n, const char *path,
		      const char *expected);
/* The value of `key` in obj, NULL when absent or null. */
const struct json_node *parse_field(const struct json_node *obj, const char *key);
/* Warns about every member of obj not in `known`, with the nearest known name. */
void parse_check_fields(struct parse_ctx *c, const struct json_node *obj, const char *path,
			const char *const *known);
/* A string value without NUL characters. */
bool parse_get_string(struct parse_ctx *c, const struct json_node *n, const char *path,
		      const char *expected, const char **out);
/* An unsigned integer from 0 to max; `expected` says so in words. */
bool parse_get_uint(struct parse_ctx *c, const struct json_node *n, const char *path,
		    uint64_t max, const char *expected, uint64_t *out);
/* An array of strings (n NULL: none). Each string is checked by `check`,
 * which reports and returns false to drop it; false when n is not such an
 * array or an item is not a string. */
bool parse_get_string_array(struct parse_ctx *c, const struct json_node *n, const char *path,
			    const char *expected_item,
			    bool (*check)(struct parse_ctx *, const char *,
					  const struct json_node *, const char *),
			    const char ***out, size_t *count);

#endif
