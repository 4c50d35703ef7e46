/*
 * json.h - a positioned JSON tree, built with yajl.
 *
 * json.c owns turning JSON text into this tree and reporting syntax errors
 * (FILE:LINE:COL: error: invalid JSON: ...) and duplicate keys. Every node
 * knows where its value starts, every object member where its key starts, so
 * later stages can point at the exact place of a problem. Numbers keep their
 * raw text: the reader decides what range and form it accepts. Lines and
 * columns are 1-based; a column counts characters (UTF-8 sequences), not bytes.
 * All memory belongs to the arena given to json_parse().
 */
#ifndef SECCOMPC_JSON_H
#define SECCOMPC_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"

enum json_type {
	JSON_NULL,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,   /* str holds the number exactly as written: "-1.5e3" */
	JSON_STRING,   /* str holds the decoded UTF-8, NUL-terminated (may contain NULs: see len) */
	JSON_ARRAY,
	JSON_OBJECT,
};

struct json_member;

struct json_node {
	enum json_type type;
	struct src_loc loc;           /* first character of the value */
	const char *str;              /* JSON_STRING, JSON_NUMBER */
	size_t len;                   /* bytes in str */
	struct json_node *items;      /* JSON_ARRAY elements, in order */
	size_t nitems;
	struct json_member *members;  /* JSON_OBJECT members, in order, keys unique */
	size_t nmembers;
};

struct json_member {
	const char *key;              /* decoded, NUL-terminated */
	size_t key_len;
	struct src_loc key_loc;       /* the opening quote of the key */
	struct json_node value;
};

/*
 * Parses one JSON value that fills the whole text (surrounding white space
 * allowed). On a syntax error, reports it once, with the position of the
 * offending token, and returns NULL. A key repeated in one object is reported
 * with its JSON path ("syscalls[2].action: duplicate key ..."); the first
 * occurrence is kept, the tree is still returned, and diag counts the error.
 */
struct json_node *json_parse(const char *text, size_t len, struct arena *arena,
			     struct diag *diag);

/* The member of object `obj` named `key`, or NULL (also when obj is no object). */
const struct json_member *json_member(const struct json_node *obj, const char *key);

/* "a string", "a number", "an object", "an array", "null", "a boolean". */
const char *json_type_desc(enum json_type type);

#endif
