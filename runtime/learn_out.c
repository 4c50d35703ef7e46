/*
 * learn_out.c - seccompc-exec --learn at the end: what was recorded,
 * turned into OUT.json (see learn.h).
 *
 * The profile's text is edited as a document (profile_doc.h), never
 * rebuilt from what it means. A syscall that an unconditional rule of the
 * profile denies is taken out of that rule, one rule at a time and each time
 * against the profile as it is then (another rule may decide next). What the
 * default action then decides gets an allow rule: the syscall's name added
 * to an allow rule or, for a syscall the profile tests by argument, a rule
 * for the exact values seen on the arguments it tests. The result is
 * compiled and verified; the simulator checks that it allows every call
 * learned, and a comparison of the two filters' meanings (meaning.h, every
 * input) that it answers as the profile's wherever that allowed, before it
 * is written.
 */
#include "learn_record.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notified.h"
#include "meaning.h"
#include "profile_doc.h"
#include "risky.h"

#define USES_NAMED 4          /* programs a comment names; the rest are counted */
#define DISAGREEMENTS_SHOWN 5

struct finish {
	struct learn *l;
	struct arena arena;
	struct diag diag;
	struct profile_doc doc;
	const char *file;         /* the profile, as messages name it */
	struct seen **learnable;  /* sorted by name, then arch */
	size_t nlearnable;
	const char **learned;     /* names allowed now, sorted */
	size_t nlearned;
};

static bool allows(uint32_t action)
{
	enum action_kind k = action_kind_of(action);
	return k == ACT_ALLOW || k == ACT_LOG;
}

/* ---- order: the same calls give the same file ----------------------------- */

static int compare_values(unsigned mask, const struct values *a, const struct values *b)
{
	for (unsigned i = 0; i < 6; i++)
		if ((mask & (1u << i)) && a->args[i] != b->args[i])
			return a->args[i] < b->args[i] ? -1 : 1;
	return 0;
}

/* Sorts a syscall's sets of values by their values on its mask (at most
 * VALUES_KEPT: an insertion sort). */
static void sort_values(struct seen *s)
{
	for (size_t i = 1; i < s->nvalues; i++) {
		struct values v = s->values[i];
		size_t k = i;
		for (; k > 0 && compare_values(s->mask, &s->values[k - 1], &v) > 0; k--)
			s->values[k] = s->values[k - 1];
		s->values[k] = v;
	}
}

static int seen_order(const void *pa, const void *pb)
{
	const struct seen *a = *(struct seen *const *)pa, *b = *(struct seen *const *)pb;
	int c = strcmp(a->name, b->name);
	if (c)
		return c;
	if (a->arch->id != b->arch->id)
		return a->arch->id < b->arch->id ? -1 : 1;
	return a->nr < b->nr ? -1 : a->nr > b->nr;
}

/* The syscalls an added rule may allow (denied, covered, named), sorted,
 * each with its values sorted. */
static void collect_learnable(struct finish *f)
{
	struct learn *l = f->l;
	f->learnable = arena_calloc(&f->arena, l->nseen + 1, sizeof *f->learnable);
	for (size_t i = 0; i < l->nseen; i++) {
		struct seen *s = &l->seen[i];
		if (s->kind != SEEN_LEARNED || !s->covered || !s->name)
			continue;
		sort_values(s);
		f->learnable[f->nlearnable++] = s;
	}
	qsort(f->learnable, f->nlearnable, sizeof *f->learnable, seen_order);
}

/* ---- taking syscalls out of the rules that deny them ----------------------- */

/* "syscalls[7] (restrictive.json:120)": rule `position` of the document,
 * by its index and line in the profile as given. */
static const char *rule_place(struct finish *f, size_t position)
{
	return arena_printf(&f->arena, "syscalls[%zu] (%s:%d)", f->doc.first_index[position],
			    f->file, f->doc.rules->items[position].loc.line);
}

/* The document, resolved as the command's profile was. */
static bool resolve_doc(struct finish *f, struct rule_table *t)
{
	struct buf text;
	buf_init(&text);
	profile_doc_render(&f->doc, &text);
	char *copy = arena_strndup(&f->arena, text.data, text.len);
	size_t len = text.len;
	buf_free(&text);
	struct profile *p = arena_alloc(&f->arena, sizeof *p);
	if (!profile_parse(copy, len, &f->arena, &f->diag, p))
		return false;
	p->file = f->file;
	return resolve_profile(p, f->l->req.select, &f->arena, &f->diag, t);
}

/* Judges one set of values on table t: its fate, or takes its syscall out
 * of the unconditional rule that denies it (true: the document changed). */
static bool judge(struct finish *f, const struct rule_table *t, struct seen *s, struct values *v)
{
	const struct tarch *ta;
	const struct trule *r = table_deciding_rule(t, s->audit_arch, s->nr, v->args, &ta);
	if (allows(table_decide_raw(t, s->audit_arch, s->nr, v->args))) {
		v->fate = FATE_ALLOWED;
		return false;
	}
	if (!r) {
		v->fate = FATE_ADD;
		return false;
	}
	const char *place = rule_place(f, r->source->position);
	if (r->nconds == 0 && profile_doc_take_out(&f->doc, r->source->position, ta->arch, s->nr)) {
		s->taken_out = s->taken_out ? arena_printf(&f->arena, "%s, %s", s->taken_out, place)
					    : place;
		return true;
	}
	v->fate = FATE_DENIED;
	v->denied_by = place;
	return false;
}

/* Takes the syscalls seen out of the unconditional rules that deny them,
 * until every set of values has a fate. False after a message. */
static bool settle(struct finish *f)
{
	for (;;) {
		struct rule_table t;
		if (!resolve_doc(f, &t))
			return false;
		bool changed = false;
		for (size_t i = 0; i < f->nlearnable && !changed; i++) {
			struct seen *s = f->learnable[i];
			for (size_t k = 0; k < s->nvalues && !changed; k++)
				changed = judge(f, &t, s, &s->values[k]);
		}
		if (!changed)
			return true;
	}
}

/* ---- comments ------------------------------------------------------------- */

static int use_order(const void *a, const void *b)
{
	return strcmp(((const struct use *)a)->comm, ((const struct use *)b)->comm);
}

/* "sh x3, cat x1, and 5 calls by other programs" */
static void describe_uses(struct buf *b, const struct uses *u)
{
	struct uses sorted = *u;
	qsort(sorted.items, sorted.n, sizeof sorted.items[0], use_order);
	unsigned others = sorted.other;
	for (size_t i = 0; i < sorted.n; i++) {
		if (i >= USES_NAMED) {
			others += sorted.items[i].count;
			continue;
		}
		buf_printf(b, "%s%s x%u", i ? ", " : "", sorted.items[i].comm, sorted.items[i].count);
	}
	if (others)
		buf_printf(b, ", and %u call%s by other programs", others, others == 1 ? "" : "s");
}

/* What used the calls of a group (the same name; like: only the calls of
 * that set of values, else all): programs per arch, the native arch
 * unnamed. */
static void describe_group(const struct finish *f, struct buf *b, struct seen *const *group,
			   size_t n, const struct values *like, unsigned mask)
{
	const struct arch_info *native = f->l->table->target;
	const char *sep = "";
	for (size_t i = 0; i < n; i++) {
		struct uses all;
		memset(&all, 0, sizeof all);
		for (size_t k = 0; k < group[i]->nvalues; k++) {
			const struct values *v = &group[i]->values[k];
			if (like && compare_values(mask, v, like) != 0)
				continue;
			for (size_t u = 0; u < v->uses.n; u++)
				uses_add(&all, v->uses.items[u].comm, v->uses.items[u].count);
			all.other += v->uses.other;
		}
		if (!all.n && !all.other)
			continue;
		buf_puts(b, sep);
		if (group[i]->arch != native)
			buf_printf(b, "%s: ", group[i]->arch->name);
		describe_uses(b, &all);
		sep = "; ";
	}
}

/* The rules a group's name was taken out of, and why it is risky. */
static void describe_notes(struct buf *b, struct seen *const *group, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (group[i]->taken_out)
			buf_printf(b, "; taken out of %s, which denied it", group[i]->taken_out);
	const char *why = risky_syscall_why(group[0]->name);
	if (why)
		buf_printf(b, "; RISKY: %s", why);
}

/* ---- the additions --------------------------------------------------------- */

/* The end of the group of learnable[i]: the syscalls of the same name. */
static size_t group_end(const struct finish *f, size_t i)
{
	size_t end = i + 1;
	while (end < f->nlearnable && strcmp(f->learnable[end]->name, f->learnable[i]->name) == 0)
		end++;
	return end;
}

static bool group_has(struct seen *const *group, size_t n, enum fate fate)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < group[i]->nvalues; k++)
			if (group[i]->values[k].fate == fate)
				return true;
	return false;
}

/* One rule a set of values that needs one, in order, sets equal on the
 * tested arguments (from several arches) once. */
static void allow_values(struct finish *f, struct seen *const *group, size_t n)
{
	unsigned mask = group[0]->mask;
	const struct values *done = NULL;
	for (;;) {
		/* The smallest set above `done`, over the group. */
		const struct values *next = NULL;
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < group[i]->nvalues; k++) {
				const struct values *v = &group[i]->values[k];
				if (v->fate == FATE_ADD && (!done || compare_values(mask, v, done) > 0) &&
				    (!next || compare_values(mask, v, next) < 0))
					next = v;
			}
		if (!next)
			return;
		struct buf comment;
		buf_init(&comment);
		buf_printf(&comment, "learned by seccompc-exec --learn from `%s`: ", f->l->command);
		describe_group(f, &comment, group, n, next, mask);
		describe_notes(&comment, group, n);
		profile_doc_allow_values(&f->doc, group[0]->name, mask, next->args, comment.data);
		buf_free(&comment);
		done = next;
	}
}

/* Adds to the document what allows every call of fate FATE_ADD: names with
 * no tested argument to an allow rule, then a rule for each set of values.
 * f->learned gets every name allowed now. */
static void add_rules(struct finish *f)
{
	const char **names = arena_calloc(&f->arena, f->nlearnable + 1, sizeof *names);
	size_t nnames = 0;
	f->learned = arena_calloc(&f->arena, f->nlearnable + 1, sizeof *f->learned);
	struct buf comment;
	buf_init(&comment);
	buf_printf(&comment, "learned by seccompc-exec --learn from `%s`: ", f->l->command);
	for (size_t i = 0, end; i < f->nlearnable; i = end) {
		end = group_end(f, i);
		struct seen *const *group = &f->learnable[i];
		if (group_has(group, end - i, FATE_ADD) || group_has(group, end - i, FATE_ALLOWED))
			f->learned[f->nlearned++] = group[0]->name;
		if (group[0]->mask || !group_has(group, end - i, FATE_ADD))
			continue;
		buf_printf(&comment, "%s%s (", nnames ? ", " : "", group[0]->name);
		describe_group(f, &comment, group, end - i, NULL, 0);
		describe_notes(&comment, group, end - i);
		buf_puts(&comment, ")");
		names[nnames++] = group[0]->name;
	}
	if (nnames)
		profile_doc_allow_names(&f->doc, names, nnames, comment.data);
	buf_free(&comment);
	for (size_t i = 0, end; i < f->nlearnable; i = end) {
		end = group_end(f, i);
		if (f->learnable[i]->mask)
			allow_values(f, &f->learnable[i], end - i);
	}
}

/* ---- the checks ------------------------------------------------------------ */

static uint32_t simulate(const struct compile_result *c, uint32_t arch, uint32_t nr,
			 const uint64_t args[6])
{
	struct bpf_input in;
	memset(&in, 0, sizeof in);
	in.nr = (int32_t)nr;
	in.arch = arch;
	in.big_endian = c->table.target->big_endian;
	memcpy(in.args, args, sizeof in.args);
	return bpf_simulate(&c->prog, &in).action;
}

static void describe_call(char *out, size_t size, uint32_t arch, uint32_t nr,
			  const uint64_t args[6])
{
	const struct arch_info *a = arch_by_audit(arch);
	const char *name = a ? arch_syscall_name(a, nr) : NULL;
	snprintf(out, size, "%s %s(%#" PRIx64 ", %#" PRIx64 ", %#" PRIx64 ", %#" PRIx64 ", %#"
		 PRIx64 ", %#" PRIx64 ")", a ? a->name : "?", name ? name : "?", args[0], args[1],
		 args[2], args[3], args[4], args[5]);
}

/* Every set of values learned is allowed by the new filter. */
static bool check_learned(struct finish *f, const struct compile_result *after)
{
	bool ok = true;
	for (size_t i = 0; i < f->nlearnable; i++) {
		const struct seen *s = f->learnable[i];
		for (size_t k = 0; k < s->nvalues; k++) {
			const struct values *v = &s->values[k];
			if (v->fate == FATE_DENIED || allows(simulate(after, s->audit_arch, s->nr, v->args)))
				continue;
			char call[256];
			describe_call(call, sizeof call, s->audit_arch, s->nr, v->args);
			diag_error(&f->diag, NULL, NULL, "internal error: the learned profile still "
				   "refuses %s", call);
			ok = false;
		}
	}
	return ok;
}

static bool is_learned(const struct finish *f, const struct rule_table *t, uint32_t arch,
		       uint32_t nr)
{
	const struct tarch *ta = table_deciding_arch(t, arch, nr);
	const char *name = ta ? arch_syscall_name(ta->arch, nr) : NULL;
	for (size_t i = 0; name && i < f->nlearned; i++)
		if (strcmp(f->learned[i], name) == 0)
			return true;
	return false;
}

#define CUBES_CHECKED 100000   /* argument regions of one difference looked at */

struct comparison {
	struct finish *f;
	struct bdd *m;
	const struct rule_table *after;
	const struct meaning_diff *diff;
	size_t disagreements;
	bool undecided;           /* a difference with more than CUBES_CHECKED regions */
};

static void disagree(struct comparison *c, uint32_t arch, uint32_t nr, const uint64_t args[6],
		     uint32_t was, uint32_t now)
{
	if (c->disagreements++ >= DISAGREEMENTS_SHOWN)
		return;
	char call[256], a[48], b[48];
	describe_call(call, sizeof call, arch, nr, args);
	diag_error(&c->f->diag, NULL, NULL, "internal error: %s was %s under %s and is %s under the "
		   "learned profile", call, action_describe(was, a, sizeof a), c->f->file,
		   action_describe(now, b, sizeof b));
}

static void cube_args(const uint32_t words[BDD_WORDS], uint64_t args[6])
{
	for (int i = 0; i < 6; i++)
		args[i] = (uint64_t)words[2 * i] << 32 | words[2 * i + 1];
}

/* An argument region where the filters differ: the profile must not have
 * allowed it. */
static bool check_cube(const struct bdd_cube *cube, uint32_t was, uint32_t now, void *arg)
{
	struct comparison *c = arg;
	if (allows(was)) {
		uint64_t args[6];
		cube_args(cube->value, args);
		disagree(c, c->diff->arch_lo, c->diff->nr_lo, args, was, now);
	}
	return true;
}

/* A region of (arch, nr) where the filters differ: only syscalls learned
 * may, and only where the profile did not allow. */
static bool check_difference(const struct meaning_diff *d, void *arg)
{
	struct comparison *c = arg;
	c->diff = d;
	bool learned = d->arch_lo == d->arch_hi && d->nr_hi - d->nr_lo < 4096;
	for (uint64_t nr = d->nr_lo; learned && nr <= d->nr_hi; nr++)
		learned = is_learned(c->f, c->after, d->arch_lo, (uint32_t)nr);
	if (!learned) {
		uint32_t words[BDD_WORDS] = { 0 };
		bdd_witness(c->m, d->a, d->b, words);
		uint64_t args[6];
		cube_args(words, args);
		disagree(c, d->arch_lo, d->nr_lo, args, bdd_eval(c->m, d->a, words),
			 bdd_eval(c->m, d->b, words));
		return true;
	}
	if (bdd_diff_cubes(c->m, d->a, d->b, CUBES_CHECKED, check_cube, c) >= CUBES_CHECKED)
		c->undecided = true;
	return true;
}

/* Proves, on every input (meaning.h: every arch value, number and argument
 * value), that the new filter answers as the profile's wherever the profile
 * allowed, and differs elsewhere only on syscalls learned. */
static bool check_unchanged(struct finish *f, const struct compile_result *before,
			    const struct compile_result *after)
{
	struct comparison c = { f, bdd_new(0), &after->table, NULL, 0, false };
	struct meaning was = { 0 }, now = { 0 };
	bool big_endian = before->table.target->big_endian;
	bool ok = program_meaning(&before->prog, big_endian, c.m, &was, &f->diag) &&
		  program_meaning(&after->prog, big_endian, c.m, &now, &f->diag) &&
		  !bdd_overflowed(c.m);
	if (ok) {
		meaning_compare(&was, &now, check_difference, &c);
		if (c.disagreements > DISAGREEMENTS_SHOWN)
			diag_error(&f->diag, NULL, NULL, "internal error: %zu more disagreements",
				   c.disagreements - DISAGREEMENTS_SHOWN);
		ok = c.disagreements == 0 && !c.undecided && !bdd_overflowed(c.m);
	}
	if (!ok && !c.disagreements)
		diag_error(&f->diag, NULL, NULL, "internal error: the learned filter could not be "
			   "compared with the profile's");
	meaning_free(&was);
	meaning_free(&now);
	bdd_free(c.m);
	return ok;
}

/* Compiles the document into after, the profile into before, and checks. */
static bool compile_and_check(struct finish *f, const struct buf *text,
			      struct compile_result *before, struct compile_result *after)
{
	struct compile_options co;
	memset(&co, 0, sizeof co);
	co.select = *f->l->req.select;
	co.verify = true;
	const struct compile_result *res = f->l->req.res;
	char *copy = arena_strndup(&f->arena, text->data, text->len);
	if (compile_profile_text(f->l->req.out, copy, text->len, &co, &f->arena, &f->diag, after) ||
	    compile_profile_text(f->file, res->source_text, res->source_len, &co, &f->arena, &f->diag,
				 before))
		return false;
	return check_learned(f, after) && check_unchanged(f, before, after);
}

/* ---- the summary ------------------------------------------------------------ */

static unsigned count_kind(const struct learn *l, enum seen_kind kind, unsigned *syscalls)
{
	unsigned calls = 0;
	*syscalls = 0;
	for (size_t i = 0; i < l->nseen; i++)
		if (l->seen[i].kind == kind) {
			calls += l->seen[i].count;
			++*syscalls;
		}
	return calls;
}

static const char *label(const struct seen *s, char *buf, size_t size)
{
	if (s->name)
		snprintf(buf, size, "%s", s->name);
	else
		snprintf(buf, size, "syscall %" PRIu32, s->nr);
	return buf;
}

/* The calls answered as the profile says, and those not learned. */
static void print_unlearned(const struct finish *f)
{
	const struct learn *l = f->l;
	char name[48];
	for (size_t i = 0; i < l->nseen; i++) {
		const struct seen *s = &l->seen[i];
		if (s->kind == SEEN_FALLBACK)
			fprintf(stderr, "seccompc-exec: not learned: %s x%u, answered ENOSYS as the profile "
				"says (the caller falls back to %s)\n", label(s, name, sizeof name), s->count,
				expected_fallback(s->name, s->action, s->arch));
		else if (s->kind == SEEN_NOTIFY)
			fprintf(stderr, "seccompc-exec: not learned: %s x%u, answered ENOSYS (the profile's "
				"own SCMP_ACT_NOTIFY, as without a listener)\n", label(s, name, sizeof name),
				s->count);
		else if (!s->arch)
			fprintf(stderr, "seccompc-exec: not learned: syscall %" PRIu32 " x%u of arch value "
				"%#" PRIx32 ", which seccompc does not know\n", s->nr, s->count, s->audit_arch);
		else if (!s->covered)
			fprintf(stderr, "seccompc-exec: not learned: %s %s x%u: the profile does not cover "
				"%s (add %s to its archMap or architectures to learn it)\n", s->arch->name,
				label(s, name, sizeof name), s->count, s->arch->name, s->arch->scmp_name);
		else if (!s->name)
			fprintf(stderr, "seccompc-exec: not learned: %s syscall %" PRIu32 " x%u: it has no "
				"name on %s\n", s->arch->name, s->nr, s->count, s->arch->name);
		if (s->unkept)
			fprintf(stderr, "seccompc-exec: not learned: %u calls of %s with more than %d "
				"different values of the arguments the profile tests\n", s->unkept,
				label(s, name, sizeof name), VALUES_KEPT);
	}
	for (size_t i = 0; i < f->nlearnable; i++) {
		const struct seen *s = f->learnable[i];
		for (size_t k = 0; k < s->nvalues; k++) {
			const struct values *v = &s->values[k];
			if (v->fate != FATE_DENIED)
				continue;
			fprintf(stderr, "seccompc-exec: not learned: %s x%u", s->name, v->count);
			for (unsigned a = 0; a < 6; a++)
				if (s->mask & (1u << a))
					fprintf(stderr, ", arg %u = %#" PRIx64, a, v->args[a]);
			fprintf(stderr, ": %s denies it, and no rule added after it can allow it (the most "
				"restrictive rule that matches wins): change that rule\n", v->denied_by);
		}
	}
}

/* The rules syscalls were taken out of (a rule left without a name is
 * gone, and its comment with it). */
static void print_taken_out(const struct finish *f)
{
	for (size_t i = 0; i < f->nlearnable; i++) {
		const struct seen *s = f->learnable[i];
		if (s->taken_out)
			fprintf(stderr, "seccompc-exec: took %s out of %s, which denied it\n", s->name,
				s->taken_out);
	}
}

/* The risky syscalls learned, one a line, with the programs that used them. */
static void print_risky(const struct finish *f)
{
	bool any = false;
	for (size_t i = 0, end; i < f->nlearnable; i = end) {
		end = group_end(f, i);
		struct seen *const *group = &f->learnable[i];
		const char *why = risky_syscall_why(group[0]->name);
		if (!why || !(group_has(group, end - i, FATE_ADD) || group_has(group, end - i, FATE_ALLOWED)))
			continue;
		if (!any)
			fprintf(stderr, "seccompc-exec: warning: learned risky syscalls, marked RISKY in %s "
				"(take out what the program should not do):\n", f->l->req.out);
		any = true;
		struct buf uses;
		buf_init(&uses);
		describe_group(f, &uses, group, end - i, NULL, 0);
		fprintf(stderr, "  %s, used by %s: %s\n", group[0]->name, uses.data, why);
		buf_free(&uses);
	}
}

static void print_summary(const struct finish *f, bool written)
{
	unsigned syscalls, calls = count_kind(f->l, SEEN_LEARNED, &syscalls);
	print_unlearned(f);
	if (!written) {
		fprintf(stderr, "seccompc-exec: %s was not written\n", f->l->req.out);
		return;
	}
	print_taken_out(f);
	print_risky(f);
	if (!calls)
		fprintf(stderr, "seccompc-exec: nothing to learn: the profile denied no call; wrote %s "
			"(the profile as it was)\n", f->l->req.out);
	else
		fprintf(stderr, "seccompc-exec: learned %zu syscall%s from %u denied call%s; wrote %s "
			"(checked: it allows every call learned and refuses nothing %s allowed)\n",
			f->nlearned, f->nlearned == 1 ? "" : "s", calls, calls == 1 ? "" : "s",
			f->l->req.out, f->file);
}

int learn_finish(struct learn *l)
{
	struct finish f;
	memset(&f, 0, sizeof f);
	f.l = l;
	f.file = l->table->profile->file;
	arena_init(&f.arena);
	diag_init(&f.diag, l->req.out);
	f.diag.echo = stderr;
	f.diag.quiet_warnings = true;
	collect_learnable(&f);
	const struct compile_result *res = l->req.res;
	bool ok = profile_doc_parse(res->source_text, res->source_len, &f.arena, &f.diag, &f.doc) &&
		  settle(&f);
	struct buf text;
	buf_init(&text);
	if (ok) {
		add_rules(&f);
		profile_doc_render(&f.doc, &text);
		struct compile_result before, after;
		ok = compile_and_check(&f, &text, &before, &after) &&
		     write_file_atomic(l->req.out, text.data, text.len, 0644, &f.diag);
	}
	print_summary(&f, ok);
	buf_free(&text);
	diag_fini(&f.diag);
	arena_free(&f.arena);
	return ok ? 0 : -1;
}
