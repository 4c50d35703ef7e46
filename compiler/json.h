/*
 * json.h - a JSON document as a tree whose every value knows where it is.
 *
 * Built from yajl's event parser so that later stages can report errors at
 * FILE:LINE:COL. Numbers keep their text (the profile parser reads them as
 * exact unsigned 64-bit integers); strings are decoded UTF-8. Memory belongs
 * to the arena given to json_parse().
 */
#ifndef SECCOMPC_JSON_H
#define SECCOMPC_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json_member;

struct json_value {
	enum json_type type;
	struct src_loc loc;          /* where the value starts */
	bool boolean;
	const char *text;            /* number: as written; string: decoded, NUL-terminated */
	size_t len;
	struct json_value **items;   /* array elements */
	struct json_member *members; /* object members, in document order */
	size_t n;                    /* elements or members */
};

struct json_member {
	const char *key;
	struct src_loc key_loc;
	struct json_value *value;
};

/* Parses text; syntax errors are reported as FILE:LINE:COL: error: invalid JSON: ...,
 * duplicate keys as errors at the second key. Returns NULL on error. */
struct json_value *json_parse(const char *text, size_t len, struct arena *arena,
			      struct diag *diag);

/* The member `key` of an object, or NULL. */
const struct json_member *json_member(const struct json_value *obj, const char *key);

/* "a string", "an array", ... for messages. */
const char *json_type_name(enum json_type type);

#endif
