/*
 * profile_doc.c - a profile's JSON text, edited and written back (see
 * profile_doc.h).
 */
#include "profile_doc.h"

#include <inttypes.h>
#include <string.h>

/* The member `key` of object `obj`, or NULL. */
static struct json_member *member(struct json_node *obj, const char *key)
{
	for (size_t i = 0; obj && obj->type == JSON_OBJECT && i < obj->nmembers; i++)
		if (strcmp(obj->members[i].key, key) == 0)
			return &obj->members[i];
	return NULL;
}

/* A value that says nothing: absent, null, [] or {}. */
static bool empty(const struct json_member *m)
{
	return !m || m->value.type == JSON_NULL ||
	       (m->value.type == JSON_ARRAY && m->value.nitems == 0) ||
	       (m->value.type == JSON_OBJECT && m->value.nmembers == 0);
}

static struct json_node string_node(struct arena *a, const char *s, size_t len)
{
	struct json_node n;
	memset(&n, 0, sizeof n);
	n.type = JSON_STRING;
	n.str = arena_strndup(a, s, len);
	n.len = len;
	return n;
}

static struct json_node text_node(struct arena *a, const char *s)
{
	return string_node(a, s, strlen(s));
}

static struct json_node number_node(struct arena *a, uint64_t v)
{
	struct json_node n;
	memset(&n, 0, sizeof n);
	n.type = JSON_NUMBER;
	n.str = arena_printf(a, "%" PRIu64, v);
	n.len = strlen(n.str);
	return n;
}

static struct json_node container_node(enum json_type type)
{
	struct json_node n;
	memset(&n, 0, sizeof n);
	n.type = type;
	return n;
}

/* Appends item to array node (arena memory: a new array each time). */
static void append_item(struct arena *a, struct json_node *array, struct json_node item)
{
	struct json_node *items = arena_calloc(a, array->nitems + 1, sizeof *items);
	if (array->nitems)
		memcpy(items, array->items, array->nitems * sizeof *items);
	items[array->nitems] = item;
	array->items = items;
	array->nitems++;
}

/* Appends the member key: value to object node. */
static struct json_member *append_member(struct arena *a, struct json_node *obj, const char *key,
					 struct json_node value)
{
	struct json_member *members = arena_calloc(a, obj->nmembers + 1, sizeof *members);
	if (obj->nmembers)
		memcpy(members, obj->members, obj->nmembers * sizeof *members);
	struct json_member *m = &members[obj->nmembers];
	m->key = arena_strdup(a, key);
	m->key_len = strlen(key);
	m->value = value;
	obj->members = members;
	obj->nmembers++;
	return m;
}

bool profile_doc_parse(const char *text, size_t len, struct arena *arena, struct diag *diag,
		       struct profile_doc *doc)
{
	memset(doc, 0, sizeof *doc);
	doc->arena = arena;
	doc->root = json_parse(text, len, arena, diag);
	if (!doc->root || diag_failed(diag) || doc->root->type != JSON_OBJECT) {
		diag_error(diag, NULL, NULL, "not a profile: expected a JSON object");
		return false;
	}
	struct json_member *m = member(doc->root, "syscalls");
	if (m && m->value.type == JSON_ARRAY) {
		doc->rules = &m->value;
		doc->first_index = arena_calloc(arena, doc->rules->nitems + 1, sizeof *doc->first_index);
		for (size_t i = 0; i < doc->rules->nitems; i++)
			doc->first_index[i] = i;
	}
	return true;
}

/* The "syscalls" array, made when the profile has none (absent or null). */
static struct json_node *rules_array(struct profile_doc *doc)
{
	if (doc->rules)
		return doc->rules;
	struct json_member *m = member(doc->root, "syscalls");
	if (m)
		m->value = container_node(JSON_ARRAY);
	else
		m = append_member(doc->arena, doc->root, "syscalls", container_node(JSON_ARRAY));
	doc->rules = &m->value;
	return doc->rules;
}

static void add_rule(struct profile_doc *doc, struct json_node rule)
{
	struct json_node *rules = rules_array(doc);
	size_t *first = arena_calloc(doc->arena, rules->nitems + 2, sizeof *first);
	if (rules->nitems)
		memcpy(first, doc->first_index, rules->nitems * sizeof *first);
	first[rules->nitems] = SIZE_MAX;
	doc->first_index = first;
	append_item(doc->arena, rules, rule);
}

static void remove_rule(struct profile_doc *doc, size_t position)
{
	struct json_node *rules = doc->rules;
	size_t after = rules->nitems - position - 1;
	memmove(&rules->items[position], &rules->items[position + 1], after * sizeof *rules->items);
	memmove(&doc->first_index[position], &doc->first_index[position + 1],
		after * sizeof *doc->first_index);
	rules->nitems--;
}

static bool names_nr(const struct json_node *name, const struct arch_info *arch, uint32_t nr)
{
	return name->type == JSON_STRING && arch_syscall_nr(arch, name->str) == (int64_t)nr;
}

size_t profile_doc_take_out(struct profile_doc *doc, size_t position,
			    const struct arch_info *arch, uint32_t nr)
{
	if (!doc->rules || position >= doc->rules->nitems)
		return 0;
	struct json_node *rule = &doc->rules->items[position];
	struct json_member *one = member(rule, "name"), *names = member(rule, "names");
	size_t taken = 0;
	if (one && names_nr(&one->value, arch, nr)) {
		remove_rule(doc, position);
		return 1;
	}
	if (!names || names->value.type != JSON_ARRAY)
		return 0;
	struct json_node *list = &names->value;
	size_t kept = 0;
	for (size_t i = 0; i < list->nitems; i++) {
		if (names_nr(&list->items[i], arch, nr))
			taken++;
		else
			list->items[kept++] = list->items[i];
	}
	list->nitems = kept;
	if (taken && kept == 0)
		remove_rule(doc, position);
	return taken;
}

/* The rule names are added to: the first unconditional ALLOW rule without
 * includes or excludes; NULL when there is none. */
static struct json_node *plain_allow_rule(struct profile_doc *doc)
{
	for (size_t i = 0; doc->rules && i < doc->rules->nitems; i++) {
		struct json_node *r = &doc->rules->items[i];
		struct json_member *action = member(r, "action"), *names = member(r, "names");
		if (action && action->value.type == JSON_STRING &&
		    strcmp(action->value.str, "SCMP_ACT_ALLOW") == 0 &&
		    names && names->value.type == JSON_ARRAY && names->value.nitems > 0 &&
		    empty(member(r, "args")) && empty(member(r, "includes")) &&
		    empty(member(r, "excludes")))
			return r;
	}
	return NULL;
}

/* Appends comment to rule's "comment" ("; " after an earlier one). */
static void add_comment(struct arena *a, struct json_node *rule, const char *comment)
{
	struct json_member *m = member(rule, "comment");
	if (!m) {
		append_member(a, rule, "comment", text_node(a, comment));
		return;
	}
	if (m->value.type != JSON_STRING || m->value.len == 0) {
		m->value = text_node(a, comment);
		return;
	}
	struct buf b;
	buf_init(&b);
	buf_append(&b, m->value.str, m->value.len);
	buf_puts(&b, "; ");
	buf_puts(&b, comment);
	m->value = string_node(a, b.data, b.len);
	buf_free(&b);
}

void profile_doc_allow_names(struct profile_doc *doc, const char *const *names, size_t n,
			     const char *comment)
{
	struct arena *a = doc->arena;
	struct json_node *rule = plain_allow_rule(doc);
	if (!rule) {
		struct json_node r = container_node(JSON_OBJECT);
		append_member(a, &r, "names", container_node(JSON_ARRAY));
		append_member(a, &r, "action", text_node(a, "SCMP_ACT_ALLOW"));
		add_rule(doc, r);
		rule = &doc->rules->items[doc->rules->nitems - 1];
	}
	struct json_node *list = &member(rule, "names")->value;
	for (size_t i = 0; i < n; i++)
		append_item(a, list, text_node(a, names[i]));
	add_comment(a, rule, comment);
}

void profile_doc_allow_values(struct profile_doc *doc, const char *name, unsigned mask,
			      const uint64_t values[6], const char *comment)
{
	struct arena *a = doc->arena;
	struct json_node r = container_node(JSON_OBJECT), names = container_node(JSON_ARRAY),
			 args = container_node(JSON_ARRAY);
	append_item(a, &names, text_node(a, name));
	for (unsigned i = 0; i < 6; i++) {
		if (!(mask & (1u << i)))
			continue;
		struct json_node arg = container_node(JSON_OBJECT);
		append_member(a, &arg, "index", number_node(a, i));
		append_member(a, &arg, "value", number_node(a, values[i]));
		append_member(a, &arg, "op", text_node(a, "SCMP_CMP_EQ"));
		append_item(a, &args, arg);
	}
	append_member(a, &r, "names", names);
	append_member(a, &r, "action", text_node(a, "SCMP_ACT_ALLOW"));
	append_member(a, &r, "args", args);
	append_member(a, &r, "comment", text_node(a, comment));
	add_rule(doc, r);
}

/* ---- writing ------------------------------------------------------------- */

/* A JSON string of len bytes (buf_json_string's escapes; a NUL, which only
 * an unknown field can hold, as \u0000). */
static void render_string(struct buf *b, const char *s, size_t len)
{
	buf_puts(b, "\"");
	for (size_t at = 0; at <= len; at += strlen(s + at) + 1) {
		struct buf piece;
		buf_init(&piece);
		buf_json_string(&piece, s + at);
		buf_append(b, piece.data + 1, piece.len - 2);   /* without its quotes */
		buf_free(&piece);
		if (at + strlen(s + at) < len)
			buf_puts(b, "\\u0000");
	}
	buf_puts(b, "\"");
}

static void indent(struct buf *b, int depth)
{
	for (int i = 0; i < depth; i++)
		buf_puts(b, "\t");
}

static void render(struct buf *b, const struct json_node *n, int depth)
{
	switch (n->type) {
	case JSON_NULL: buf_puts(b, "null"); return;
	case JSON_FALSE: buf_puts(b, "false"); return;
	case JSON_TRUE: buf_puts(b, "true"); return;
	case JSON_NUMBER: buf_append(b, n->str, n->len); return;
	case JSON_STRING: render_string(b, n->str, n->len); return;
	case JSON_ARRAY:
		if (n->nitems == 0) {
			buf_puts(b, "[]");
			return;
		}
		buf_puts(b, "[\n");
		for (size_t i = 0; i < n->nitems; i++) {
			indent(b, depth + 1);
			render(b, &n->items[i], depth + 1);
			buf_puts(b, i + 1 < n->nitems ? ",\n" : "\n");
		}
		indent(b, depth);
		buf_puts(b, "]");
		return;
	case JSON_OBJECT:
		if (n->nmembers == 0) {
			buf_puts(b, "{}");
			return;
		}
		buf_puts(b, "{\n");
		for (size_t i = 0; i < n->nmembers; i++) {
			indent(b, depth + 1);
			render_string(b, n->members[i].key, n->members[i].key_len);
			buf_puts(b, ": ");
			render(b, &n->members[i].value, depth + 1);
			buf_puts(b, i + 1 < n->nmembers ? ",\n" : "\n");
		}
		indent(b, depth);
		buf_puts(b, "}");
		return;
	}
}

void profile_doc_render(const struct profile_doc *doc, struct buf *out)
{
	render(out, doc->root, 0);
	buf_puts(out, "\n");
}
