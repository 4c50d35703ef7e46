/*
 * diff_print.c - the differences of two filters as text for people and as
 * JSON for programs (see diff.h).
 *
 * Text: one block per arch; in it, the changes that do not depend on the
 * arguments grouped by their pair of actions ("ALLOW -> ERRNO(1): ptrace
 * (101), ..."), then each argument-dependent change with its regions, at
 * most max_regions of them. A syscall is named with its number; numbers
 * without a name come as ranges. JSON: one object per run of numbers, with
 * every region found.
 */
#include "diff.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"

#define WIDTH 100

static void put_nr(struct buf *out, uint32_t nr)
{
	if (nr < 0x10000)
		buf_printf(out, "%" PRIu32, nr);
	else
		buf_printf(out, "0x%" PRIx32, nr);
}

static const char *describe(uint32_t action, char *text, unsigned size)
{
	return action_describe(action, text, size);
}

/* The index of the first syscall of `arch` numbered nr or more. */
static size_t first_at(const struct arch_info *arch, uint32_t nr)
{
	size_t lo = 0, hi = arch->nsyscalls;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (arch->nrs[mid] < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* ---- labels: what a run of numbers is called ---------------------------- */

/* Text with items separated by ", ", wrapped at WIDTH under `indent`. */
struct line {
	struct buf *out;
	size_t col, indent;
	bool first;
};

static void line_start(struct line *l, struct buf *out, size_t col, size_t indent)
{
	*l = (struct line){ out, col, indent, true };
}

static void line_item(struct line *l, const char *text, size_t len)
{
	if (!l->first) {
		buf_puts(l->out, ",");
		l->col++;
		if (l->col + 1 + len > WIDTH) {
			buf_printf(l->out, "\n%*s", (int)l->indent, "");
			l->col = l->indent;
		} else {
			buf_puts(l->out, " ");
			l->col++;
		}
	}
	buf_append(l->out, text, len);
	l->col += len;
	l->first = false;
}

/* Names of runs of numbers, in order. */
struct labels {
	char **items;
	size_t len, cap;
};

static void add_label(struct labels *ls, const struct buf *t)
{
	VEC_RESERVE(ls->items, ls->cap, ls->len + 1);
	ls->items[ls->len++] = xstrdup(t->data);
}

static void labels_free(struct labels *ls)
{
	for (size_t i = 0; i < ls->len; i++)
		free(ls->items[i]);
	free(ls->items);
	memset(ls, 0, sizeof *ls);
}

/* Adds the labels of one item: each named syscall, "numbers LO-HI (names)"
 * for a run with unnamed numbers (at most max_inner names, 0: all); foreign
 * items name their arch values. */
static void item_labels(const struct diff_item *it, size_t max_inner, struct labels *ls)
{
	struct buf t;
	buf_init(&t);
	buf_puts(&t, "");
	if (!it->arch) {
		if (it->nr_lo == 0 && it->nr_hi == UINT32_MAX)
			buf_puts(&t, "every number");
		else if (it->nr_lo == it->nr_hi)
			buf_printf(&t, "number %" PRIu32, it->nr_lo);
		else
			buf_printf(&t, "numbers %" PRIu32 "-%" PRIu32, it->nr_lo, it->nr_hi);
		if (it->arch_lo == it->arch_hi)
			buf_printf(&t, " of arch value 0x%08" PRIx32, it->arch_lo);
		else
			buf_printf(&t, " of arch values 0x%08" PRIx32 "-0x%08" PRIx32, it->arch_lo,
				   it->arch_hi);
		add_label(ls, &t);
		buf_free(&t);
		return;
	}
	const struct arch_info *a = it->arch;
	size_t from = first_at(a, it->nr_lo), to = from;
	while (to < a->nsyscalls && a->nrs[to] <= it->nr_hi)
		to++;
	uint64_t len = (uint64_t)it->nr_hi - it->nr_lo + 1;
	if (to - from == len) {   /* every number has a name */
		for (size_t i = from; i < to; i++) {
			t.len = 0;
			buf_printf(&t, "%s (", syscall_names[a->ids_by_nr[i]]);
			put_nr(&t, a->nrs[i]);
			buf_puts(&t, ")");
			add_label(ls, &t);
		}
		buf_free(&t);
		return;
	}
	buf_puts(&t, len == 1 ? "number " : "numbers ");
	put_nr(&t, it->nr_lo);
	if (len > 1) {
		buf_puts(&t, "-");
		put_nr(&t, it->nr_hi);
	}
	size_t shown = max_inner && to - from > max_inner + 1 ? max_inner : to - from;
	for (size_t i = from; i < from + shown; i++)
		buf_printf(&t, "%s%s", i == from ? " (" : ", ", syscall_names[a->ids_by_nr[i]]);
	if (shown < to - from)
		buf_printf(&t, " and %zu more", to - from - shown);
	if (to > from)
		buf_puts(&t, ")");
	add_label(ls, &t);
	buf_free(&t);
}

/* Prints the labels from column col, wrapped, at most max of them (0: all). */
static void write_labels(struct buf *out, const struct labels *ls, size_t col, size_t indent,
			 size_t max)
{
	struct line l;
	line_start(&l, out, col, indent);
	size_t shown = max && ls->len > max + 1 ? max : ls->len;
	for (size_t i = 0; i < shown; i++)
		line_item(&l, ls->items[i], strlen(ls->items[i]));
	if (shown < ls->len) {
		struct buf t;
		buf_init(&t);
		buf_printf(&t, "... and %zu more (all of them: --all or --format json)",
			   ls->len - shown);
		line_item(&l, t.data, t.len);
		buf_free(&t);
	}
}

/* ---- text --------------------------------------------------------------- */

static const char *section_name(const struct diff_section *s)
{
	return s->arch ? s->arch->name : "foreign arches";
}

static bool same_change(const struct diff_item *x, const struct diff_item *y)
{
	if (x->by_args != y->by_args)
		return false;
	if (x->by_args)
		return x->a == y->a && x->b == y->b;
	return x->action_a == y->action_a && x->action_b == y->action_b;
}

/* Adds the labels of the items from i on that change as items[i] does,
 * and marks them done. */
static void gather(const struct diff_item *items, size_t count, size_t i, bool *done,
		   size_t max_inner, struct labels *ls)
{
	for (size_t j = i; j < count; j++)
		if (!done[j] && same_change(&items[i], &items[j])) {
			item_labels(&items[j], max_inner, ls);
			done[j] = true;
		}
}

/* The changes that do not depend on arguments, one line per pair of
 * actions; returns the number of labels. */
static size_t write_plain_groups(const struct diff_result *r, const struct diff_section *s,
				 size_t max_names, size_t max_inner, struct buf *out)
{
	const struct diff_item *items = &r->items[s->first];
	char ta[48], tb[48];
	if (!s->arch && s->every_foreign) {
		buf_printf(out, "  %s -> %s: every syscall of every other arch value\n",
			   describe(items[0].action_a, ta, sizeof ta),
			   describe(items[0].action_b, tb, sizeof tb));
		return 1;
	}
	bool *done = xcalloc(s->count + 1, sizeof *done);
	size_t labels = 0;
	for (size_t i = 0; i < s->count; i++) {
		if (done[i] || items[i].by_args)
			continue;
		struct labels ls = { 0 };
		gather(items, s->count, i, done, max_inner, &ls);
		size_t start = out->len;
		buf_printf(out, "  %s -> %s: ", describe(items[i].action_a, ta, sizeof ta),
			   describe(items[i].action_b, tb, sizeof tb));
		write_labels(out, &ls, out->len - start, 6, max_names);
		buf_puts(out, "\n");
		labels += ls.len;
		labels_free(&ls);
	}
	free(done);
	return labels;
}

static void write_regions(const struct arg_regions *rg, size_t max, struct buf *out)
{
	char ta[48], tb[48];
	size_t shown = max && rg->len > max ? max : rg->len;
	for (size_t i = 0; i < shown; i++) {
		const struct arg_region *g = &rg->items[i];
		buf_printf(out, "      %s -> %s where ", describe(g->a, ta, sizeof ta),
			   describe(g->b, tb, sizeof tb));
		arg_region_text(g, out);
		buf_puts(out, "\n");
	}
	if (shown < rg->len)
		buf_printf(out, "      ... and %zu more region%s (all of them: --all or --format "
			   "json)\n", rg->len - shown, rg->len - shown == 1 ? "" : "s");
	if (!rg->complete)
		buf_printf(out, "      ... and more: past %zu regions the list stops; those above "
			   "are exact, but not all\n", rg->len);
}

/* The changes that depend on arguments, one block per pair of functions. */
static size_t write_arg_groups(const struct diff_result *r, const struct diff_section *s,
			       size_t max_regions, size_t max_inner, struct buf *out)
{
	const struct diff_item *items = &r->items[s->first];
	bool *done = xcalloc(s->count + 1, sizeof *done);
	size_t labels = 0;
	for (size_t i = 0; i < s->count; i++) {
		if (done[i] || !items[i].by_args)
			continue;
		struct labels ls = { 0 };
		gather(items, s->count, i, done, max_inner, &ls);
		buf_puts(out, "  ");
		write_labels(out, &ls, 2, 4, 0);
		labels += ls.len;
		labels_free(&ls);
		buf_puts(out, ", depending on the arguments:\n");
		write_regions(items[i].regions, max_regions, out);
	}
	free(done);
	return labels;
}

static void write_uniform_note(const struct diff_section *s, struct buf *out)
{
	char t[48];
	if (!s->arch)
		return;
	if (s->has_uniform_a)
		buf_printf(out, "  (A answers %s to every %s syscall number)\n",
			   describe(s->uniform_a, t, sizeof t), s->arch->name);
	if (s->has_uniform_b)
		buf_printf(out, "  (B answers %s to every %s syscall number)\n",
			   describe(s->uniform_b, t, sizeof t), s->arch->name);
}

void diff_write_text(const struct diff_result *r, const struct diff_print_options *o,
		     struct buf *out)
{
	buf_printf(out, "A: %s\nB: %s\n", o->a_label, o->b_label);
	size_t *counts = xcalloc(r->nsections + 1, sizeof *counts);
	for (size_t k = 0; k < r->nsections; k++) {
		const struct diff_section *s = &r->sections[k];
		buf_printf(out, "\n%s:\n", section_name(s));
		write_uniform_note(s, out);
		bool one_sided = s->has_uniform_a || s->has_uniform_b;
		size_t inner = o->all ? 0 : o->max_names;
		counts[k] = write_plain_groups(r, s, o->all ? 0 : one_sided ? o->max_names : 0,
					       inner, out);
		counts[k] += write_arg_groups(r, s, o->all ? 0 : o->max_regions, inner, out);
	}
	if (!r->nsections) {
		buf_puts(out, "\nA and B decide alike on every input: every arch value, syscall "
			 "number and argument value.\n");
	} else {
		buf_puts(out, "\ndifferences:");
		for (size_t k = 0; k < r->nsections; k++)
			buf_printf(out, "%s %zu on %s", k ? "," : "", counts[k],
				   section_name(&r->sections[k]));
		buf_puts(out, " (syscalls, or runs of numbers without a name)\n");
	}
	free(counts);
}

/* ---- JSON --------------------------------------------------------------- */

static void json_action(struct buf *out, const char *key, uint32_t action)
{
	char t[48];
	buf_printf(out, "\"%s\": ", key);
	buf_json_string(out, describe(action, t, sizeof t));
	buf_printf(out, ", \"%sValue\": %" PRIu32, key, action);
}

static void json_cond(struct buf *out, const struct arg_cond *c, unsigned v)
{
	static const char *const tests[] = { "any", "range", "!=", "mask", "any-bit" };
	buf_puts(out, "{\"value\": ");
	struct buf name;
	buf_init(&name);
	if (v < 6)
		buf_printf(&name, "args[%u]", v);
	else
		buf_puts(&name, "instruction_pointer");
	buf_json_string(out, name.data);
	buf_free(&name);
	buf_printf(out, ", \"test\": \"%s\", \"bits\": \"0x%" PRIx64 "\"", tests[c->test], c->bits);
	if (c->test == ARG_RANGE)
		buf_printf(out, ", \"min\": \"0x%" PRIx64 "\", \"max\": \"0x%" PRIx64 "\"", c->lo, c->hi);
	else if (c->test == ARG_NE || c->test == ARG_MASK)
		buf_printf(out, ", \"equals\": \"0x%" PRIx64 "\"", c->lo);
	buf_puts(out, "}");
}

static void json_regions(struct buf *out, const struct arg_regions *rg)
{
	buf_puts(out, ", \"regions\": [");
	for (size_t i = 0; i < rg->len; i++) {
		const struct arg_region *g = &rg->items[i];
		buf_puts(out, i ? ",\n      {" : "\n      {");
		json_action(out, "a", g->a);
		buf_puts(out, ", ");
		json_action(out, "b", g->b);
		buf_puts(out, ", \"where\": [");
		bool any = false;
		for (unsigned v = 0; v < DIFF_CONDS; v++) {
			if (g->when[v].test == ARG_ANY)
				continue;
			buf_puts(out, any ? ", " : "");
			json_cond(out, &g->when[v], v / 2);
			any = true;
		}
		struct buf text;
		buf_init(&text);
		arg_region_text(g, &text);
		buf_puts(out, "], \"text\": ");
		buf_json_string(out, text.data);
		buf_free(&text);
		buf_puts(out, "}");
	}
	buf_printf(out, "], \"regionsComplete\": %s", rg->complete ? "true" : "false");
}

static void json_item(struct buf *out, const struct diff_item *it)
{
	buf_puts(out, "    {\"arch\": ");
	buf_json_string(out, it->arch ? it->arch->name : "foreign");
	buf_printf(out, ", \"archValues\": [%" PRIu32 ", %" PRIu32 "], \"numbers\": [%" PRIu32
		   ", %" PRIu32 "], \"syscalls\": [", it->arch_lo, it->arch_hi, it->nr_lo, it->nr_hi);
	if (it->arch) {
		size_t from = first_at(it->arch, it->nr_lo);
		for (size_t i = from; i < it->arch->nsyscalls && it->arch->nrs[i] <= it->nr_hi; i++) {
			buf_printf(out, "%s{\"name\": ", i == from ? "" : ", ");
			buf_json_string(out, syscall_names[it->arch->ids_by_nr[i]]);
			buf_printf(out, ", \"nr\": %" PRIu32 "}", it->arch->nrs[i]);
		}
	}
	buf_printf(out, "], \"byArguments\": %s", it->by_args ? "true" : "false");
	if (it->by_args) {
		json_regions(out, it->regions);
	} else {
		buf_puts(out, ", ");
		json_action(out, "a", it->action_a);
		buf_puts(out, ", ");
		json_action(out, "b", it->action_b);
	}
	buf_puts(out, "}");
}

void diff_write_json(const struct diff_result *r, const char *a_json, const char *b_json,
		     struct buf *out)
{
	buf_printf(out, "{\n  \"a\": %s,\n  \"b\": %s,\n  \"equal\": %s,\n  \"differences\": [",
		   a_json, b_json, r->len ? "false" : "true");
	for (size_t i = 0; i < r->len; i++) {
		buf_puts(out, i ? ",\n" : "\n");
		json_item(out, &r->items[i]);
	}
	buf_puts(out, r->len ? "\n  ]\n}\n" : "]\n}\n");
}
