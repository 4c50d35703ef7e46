/*
 * profile_doc.h - a profile's JSON text as --learn edits it and writes it
 * back: every member, number and string kept as written (unknown fields
 * too), names taken out of a rule, names added to an allow rule, rules
 * added at the end, and one stable formatting (tabs, one member or item a
 * line, Docker's own layout), so that the same document always gives the
 * same bytes. Knows JSON and the rule fields, nothing of tables or learning.
 * All memory belongs to the arena given to profile_doc_parse().
 */
#ifndef SECCOMPC_PROFILE_DOC_H
#define SECCOMPC_PROFILE_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/arch.h"
#include "buf.h"
#include "json.h"

struct profile_doc {
	struct json_node *root;   /* the top-level object */
	struct json_node *rules;  /* its "syscalls" array; NULL while it has none */
	size_t *first_index;      /* per rule: its index in "syscalls" as parsed
				   * (SIZE_MAX: added) */
	struct arena *arena;
};

/* Parses text (a profile that compiled, so an object). False after a
 * message to diag. */
bool profile_doc_parse(const char *text, size_t len, struct arena *arena, struct diag *diag,
		       struct profile_doc *doc);

/*
 * Takes every name whose number on `arch` is nr out of rule `position` (its
 * index in "syscalls" now); a rule left without a name is taken out of
 * "syscalls" altogether. Returns the number of names taken out.
 */
size_t profile_doc_take_out(struct profile_doc *doc, size_t position,
			    const struct arch_info *arch, uint32_t nr);

/*
 * Adds names (in that order) to the first unconditional ALLOW rule without
 * includes or excludes ("args" absent, null or [], "includes" and
 * "excludes" absent, null or {}), appending `comment` to its comment
 * ("; " between); without such a rule, adds {"names", "action":
 * "SCMP_ACT_ALLOW", "comment"} at the end.
 */
void profile_doc_allow_names(struct profile_doc *doc, const char *const *names, size_t n,
			     const char *comment);

/* Adds at the end {"names": [name], "action": "SCMP_ACT_ALLOW", "args":
 * [{"index": i, "value": values[i], "op": "SCMP_CMP_EQ"} for each i of
 * mask, in order], "comment"}. */
void profile_doc_allow_values(struct profile_doc *doc, const char *name, unsigned mask,
			      const uint64_t values[6], const char *comment);

/* Writes the document into out: tab-indented, one member or item a line,
 * ": " after a key, a newline at the end. */
void profile_doc_render(const struct profile_doc *doc, struct buf *out);

#endif
