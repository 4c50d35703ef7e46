/*
 * lint.c - the lint driver (see lint.h): the catalogue of codes, the
 * silencing directives, the order of the checks, and the report.
 */
#include "lint.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "nearest.h"

const struct lint_code lint_codes[] = {
	{ SC_INVALID, true, "the profile cannot be read as a profile (JSON syntax, a value of "
			    "the wrong type or range, a missing field)" },
	{ SC_UNKNOWN_ACTION, true, "unknown action" },
	{ SC_UNKNOWN_ERRNO, true, "unknown errno name" },
	{ SC_UNKNOWN_ARCH, true, "unknown architecture (SCMP_ARCH_*)" },
	{ SC_UNKNOWN_OP, true, "unknown comparison operator" },
	{ SC_UNKNOWN_FLAG, true, "unknown filter flag" },
	{ SC_UNKNOWN_SYSCALL, false, "unknown syscall name" },
	{ SC_UNKNOWN_FIELD, false, "unknown field" },
	{ SC_UNKNOWN_GO_ARCH, false, "unknown architecture in includes/excludes" },
	{ SC_UNKNOWN_CAP, false, "unknown capability in includes/excludes" },
	{ SC_UNSUPPORTED_ARCH, false, "architecture seccompc has no tables for" },
	{ SC_DUPLICATE_NAME, false, "the same syscall named twice in one rule" },
	{ SC_ORED_ARGS, false, "an argument compared twice in one rule: ORed, not ANDed" },
	{ SC_SHADOWED, false, "a rule that never decides a syscall: an unconditional rule "
			      "decides it first" },
	{ SC_DEFAULT_HOLE, false, "a rule with the default action is dropped, and another rule "
				  "decides what it meant to" },
	{ SC_DEFAULT_NOOP, false, "a rule with the default action is dropped and changes nothing" },
	{ SC_NEVER_MATCHES, false, "a condition that never holds: the rule never matches" },
	{ SC_NEVER_APPLIES, false, "includes and excludes that contradict: the rule never applies" },
	{ SC_VALUE_TWO_UNUSED, false, "valueTwo given with an operator that ignores it" },
	{ SC_MASK_DATUM_BITS, false, "SCMP_CMP_MASKED_EQ with datum bits outside the mask" },
	{ SC_MASK_ZERO, false, "SCMP_CMP_MASKED_EQ with mask 0: the condition always holds" },
	{ SC_NAMES_NULL, false, "\"names\": null: the rule names no syscall" },
	{ SC_KERNEL_SUFFIX, false, "minKernel with a suffix that is ignored" },
	{ SC_RISKY_ALLOWED, false, "a dangerous syscall allowed outright" },
	{ SC_IO_URING, false, "io_uring allowed outright: operations the filter never sees" },
	{ SC_CLONE, false, "clone allowed outright while unshare is not" },
	{ SC_CLONE3, false, "clone3 answered with something other than ENOSYS" },
	{ SC_SOCKETCALL, false, "socketcall allowed outright while socket's arguments are "
				"checked" },
	{ SC_CUT_TO_WIDTH, false, "a value cut to the bits of the argument compared" },
	{ SC_WIDER_THAN_ARG, false, "a value wider than the argument the kernel reads, compared "
				    "wider" },
	{ SC_BAD_DIRECTIVE, false, "a seccompc-lint directive that cannot be read" },
	{ SC_OTHER_WARNING, false, "a warning without a code of its own" },
	{ NULL, false, NULL },
};

const struct lint_code *lint_code_find(const char *code)
{
	for (size_t i = 0; lint_codes[i].code; i++)
		if (strcasecmp(lint_codes[i].code, code) == 0)
			return &lint_codes[i];
	return NULL;
}

/* Codes silenced in one place. */
struct silence {
	const char **codes;
	size_t n, cap;
};

struct lint_run {
	const struct lint_options *o;
	struct arena *arena;
	struct silence file;         /* by the top-level comment */
	struct silence *rules;       /* by each rule's comment */
	size_t nrules;
	struct lint_finding *found;
	size_t nfound, cap;
};

/* ---- directives: "seccompc-lint: ignore SC040 SC022" ---- */

#define DIRECTIVE "seccompc-lint:"

static bool silenced_in(const struct silence *s, const char *code)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->codes[i], code) == 0)
			return true;
	return false;
}

/* The next word of a directive: letters, digits, '_' and '-'. */
static size_t word_at(const char *p)
{
	size_t n = 0;
	while (isalnum((unsigned char)p[n]) || p[n] == '_' || p[n] == '-')
		n++;
	return n;
}

static bool looks_like_code(const char *p, size_t n)
{
	return n == 5 && (p[0] == 'S' || p[0] == 's') && (p[1] == 'C' || p[1] == 'c') &&
	       isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) &&
	       isdigit((unsigned char)p[4]);
}

/*
 * Reads the directives of a comment into *out. Problems are reported to l
 * (at `at`) when l is given; the first reading, before the profile's own
 * messages, passes NULL. The codes after "ignore" run until the first word
 * that is not a code, so prose may follow.
 */
static void read_directives(const char *comment, struct silence *out, struct lint_ctx *l,
			    const struct prof_origin *at)
{
	for (const char *p = comment; p && (p = strstr(p, DIRECTIVE)); ) {
		p += strlen(DIRECTIVE);
		while (*p == ' ' || *p == '\t')
			p++;
		size_t n = word_at(p);
		if (n != 6 || strncmp(p, "ignore", 6) != 0) {
			if (l)
				lint_warn(l, SC_BAD_DIRECTIVE, at, "write \"seccompc-lint: ignore "
					  "SC0NN\" (docs/lint.md lists the codes)",
					  "found \"" DIRECTIVE " %.*s\"; expected \"" DIRECTIVE
					  " ignore\" and codes", (int)n, p);
			continue;
		}
		p += n;
		size_t codes = 0;
		for (;;) {
			while (*p == ' ' || *p == '\t' || *p == ',')
				p++;
			n = word_at(p);
			if (!looks_like_code(p, n))
				break;
			char code[6];
			memcpy(code, p, 5);
			code[5] = '\0';
			p += n;
			codes++;
			const struct lint_code *c = lint_code_find(code);
			if (!c || c->error) {
				if (l && c)
					lint_warn(l, SC_BAD_DIRECTIVE, at, "remove it: mend the error",
						  "%s is an error, and errors cannot be silenced "
						  "(the compiler refuses the profile)", c->code);
				else if (l)
					lint_warn(l, SC_BAD_DIRECTIVE, at, "write a code docs/lint.md "
						  "lists", "unknown code %s", code);
				continue;
			}
			if (!silenced_in(out, c->code)) {
				VEC_RESERVE(out->codes, out->cap, out->n + 1);
				out->codes[out->n++] = c->code;
			}
		}
		if (!codes && l)
			lint_warn(l, SC_BAD_DIRECTIVE, at, "name the codes: \"seccompc-lint: ignore "
				  "SC040\"", "found \"" DIRECTIVE " ignore\" without a code");
	}
}

static void read_all_directives(struct lint_run *r, const struct profile *p, struct lint_ctx *l)
{
	read_directives(p->comment, &r->file, l, &p->comment_origin);
	for (size_t i = 0; i < p->nrules && i < r->nrules; i++)
		read_directives(p->rules[i].comment, &r->rules[i], l, &p->rules[i].comment_origin);
}

/* The rule a JSON path is in ("syscalls[12]..." -> 12), or -1. */
static long rule_of_path(const char *path)
{
	if (!path || strncmp(path, "syscalls[", 9) != 0)
		return -1;
	char *end;
	long i = strtol(path + 9, &end, 10);
	return *end == ']' ? i : -1;
}

/* diag's keep hook: drops silenced warnings. */
static bool keep(void *ctx, bool error, const char *code, const char *path)
{
	struct lint_run *r = ctx;
	if (error)
		return true;
	if (!code)
		code = SC_OTHER_WARNING;
	bool drop = silenced_in(&r->file, code);
	for (size_t i = 0; i < r->o->nignore && !drop; i++)
		drop = strcasecmp(r->o->ignore[i], code) == 0;
	long rule = rule_of_path(path);
	if (!drop && rule >= 0 && (size_t)rule < r->nrules)
		drop = silenced_in(&r->rules[rule], code);
	return !drop;
}

/* The first reading's keep hook: its messages come again in the second. */
static bool drop_all(void *ctx, bool error, const char *code, const char *path)
{
	return false;
}

/* diag's shown hook: keeps a copy of each message for the report. */
static void shown(void *ctx, const struct diag_msg *m)
{
	struct lint_run *r = ctx;
	VEC_RESERVE(r->found, r->cap, r->nfound + 1);
	r->found[r->nfound] = (struct lint_finding){
		.error = m->error,
		.code = m->code ? m->code : m->error ? SC_INVALID : SC_OTHER_WARNING,
		.loc = m->loc,
		.path = arena_strdup(r->arena, m->path ? m->path : ""),
		.message = arena_strdup(r->arena, m->message),
		.fix = m->fix ? arena_strdup(r->arena, m->fix) : NULL,
		.more = m->more,
		.order = r->nfound,
	};
	r->nfound++;
}

static int by_place(const void *a, const void *b)
{
	const struct lint_finding *x = a, *y = b;
	if ((x->more > 0) != (y->more > 0))
		return x->more > 0 ? 1 : -1;
	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	if (x->loc.col != y->loc.col)
		return x->loc.col < y->loc.col ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* ---- helpers for the checks ---- */

void lint_warn(struct lint_ctx *l, const char *code, const struct prof_origin *at,
	       const char *fix, const char *fmt, ...)
{
	char body[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(body, sizeof body, fmt, ap);
	va_end(ap);
	diag_report(l->diag, DIAG_WARNING, code, fix, &at->loc, at->path, "%s", body);
}

bool lint_wanted(const struct lint_ctx *l, const char *code, const char *path)
{
	return diag_wanted(l->diag, DIAG_WARNING, code, path);
}

const struct prof_origin *lint_name_origin(const struct prof_rule *r, const char *name)
{
	for (size_t i = 0; i < r->nnames; i++)
		if (strcmp(r->names[i].name, name) == 0)
			return &r->names[i].origin;
	return &r->origin;
}

const char *lint_arch_list(struct lint_ctx *l, const bool in[ARCH_COUNT])
{
	size_t n = 0, k = 0;
	for (int i = 0; i < ARCH_COUNT; i++)
		n += in[i];
	struct buf b;
	buf_init(&b);
	for (int i = 0; i < ARCH_COUNT; i++) {
		if (!in[i])
			continue;
		k++;
		buf_printf(&b, "%s%s", k == 1 ? "" : k == n ? " and " : ", ",
			   arch_get((enum arch_id)i)->name);
	}
	const char *s = arena_strdup(l->arena, b.data ? b.data : "");
	buf_free(&b);
	return s;
}

/* ---- the run ---- */

/* The profile the resolved checks read: sound rules only, names that some
 * arch knows only (the others have been reported). */
static struct profile sound_profile(struct lint_ctx *l)
{
	const struct profile *p = l->prof;
	struct profile q = *p;
	struct prof_rule *rules = arena_calloc(l->arena, p->nrules + 1, sizeof *rules);
	size_t n = 0;
	for (size_t i = 0; i < p->nrules; i++) {
		if (l->skip_rule[i])
			continue;
		struct prof_rule r = p->rules[i];
		struct prof_name *names = arena_calloc(l->arena, r.nnames + 1, sizeof *names);
		size_t k = 0;
		for (size_t j = 0; j < r.nnames; j++)
			if (syscall_name_id(r.names[j].name) >= 0)
				names[k++] = r.names[j];
		r.names = names;
		r.nnames = k;
		rules[n++] = r;
	}
	q.rules = rules;
	q.nrules = n;
	return q;
}

static void lint_resolved(struct lint_ctx *l, struct lint_report *out)
{
	struct profile *sound = arena_alloc(l->arena, sizeof *sound);
	*sound = sound_profile(l);
	struct rule_table *t = arena_calloc(l->arena, 1, sizeof *t);
	int errors = l->diag->errors;
	resolve_profile(sound, l->select, l->arena, l->diag, t);
	if (l->diag->errors > errors || t->narches == 0)
		return;   /* a partial table would mislead */
	l->sound = sound;
	l->table = t;
	out->resolved = true;
	lint_table(l);
	lint_dropped(l);
}

void lint_file(const char *path, const struct lint_options *o, struct arena *arena,
	       struct lint_report *out)
{
	memset(out, 0, sizeof *out);
	out->file = path;
	struct lint_run run = { .o = o, .arena = arena };
	struct diag diag;
	diag_init(&diag, path);
	diag.strict = o->strict;
	diag.keep = keep;
	diag.shown = shown;
	diag.hook_ctx = &run;

	struct buf text;
	if (read_file(path, &text, &diag)) {
		char *copy = arena_strndup(arena, text.data, text.len);
		size_t len = text.len;
		buf_free(&text);

		/* First the directives, so that they silence the parser's messages too. */
		struct arena scratch;
		struct diag quiet;
		struct profile first;
		arena_init(&scratch);
		diag_init(&quiet, path);
		quiet.keep = drop_all;
		profile_parse(copy, len, &scratch, &quiet, &first);
		run.nrules = first.nrules;
		run.rules = arena_calloc(arena, first.nrules + 1, sizeof *run.rules);
		read_all_directives(&run, &first, NULL);
		diag_fini(&quiet);
		arena_free(&scratch);

		struct profile prof;
		profile_parse(copy, len, arena, &diag, &prof);
		prof.file = path;
		out->is_object = prof.is_object;
		if (prof.is_object) {
			struct lint_ctx l = {
				.arena = arena, .diag = &diag, .prof = &prof, .select = &o->select,
				.skip_rule = arena_calloc(arena, prof.nrules + 1, sizeof(bool)),
				.default_ok = !prof.default_action.broken,
			};
			for (size_t i = 0; i < prof.nrules; i++)
				l.skip_rule[i] = prof.rules[i].broken;
			read_all_directives(&run, &prof, &l);
			lint_rules(&l);
			if (l.default_ok)
				lint_resolved(&l, out);
		}
	}
	diag_end(&diag);
	out->errors = diag.errors;
	out->warnings = diag.warnings;
	out->failed = diag_failed(&diag);
	out->silenced = (size_t)diag.dropped;
	if (run.nfound)
		qsort(run.found, run.nfound, sizeof *run.found, by_place);
	out->findings = arena_calloc(arena, run.nfound + 1, sizeof *out->findings);
	if (run.nfound)
		memcpy(out->findings, run.found, run.nfound * sizeof *run.found);
	out->nfindings = run.nfound;
	free(run.found);
	for (size_t i = 0; i < run.nrules; i++)
		free(run.rules[i].codes);
	free(run.file.codes);
	diag.keep = NULL;
	diag.shown = NULL;
	diag_fini(&diag);
}
