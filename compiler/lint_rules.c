/*
 * lint_rules.c - the lint checks of the rules as written, whatever the
 * target (see lint.h): unknown syscall and errno names with suggestions,
 * names repeated in a rule, arguments compared twice (ORed), mask tests
 * that compare nothing or ignore bits, includes that excludes contradict.
 */
#include "lint.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "nearest.h"

/* ---- names ---- */

static bool refuses(enum action_kind k)
{
	return k != ACT_ALLOW && k != ACT_LOG;
}

static void unknown_syscalls(struct lint_ctx *l, const struct prof_rule *r)
{
	for (size_t i = 0; i < r->nnames; i++) {
		const struct prof_name *n = &r->names[i];
		if (syscall_name_id(n->name) >= 0)
			continue;
		/* the search only for what is shown: 10^6 typos stay fast */
		const char *near = lint_wanted(l, SC_UNKNOWN_SYSCALL, n->origin.path) ?
				   syscall_nearest(n->name) : NULL;
		if (!near) {
			lint_warn(l, SC_UNKNOWN_SYSCALL, &n->origin, "check the name (`seccompc "
				  "syscalls NAME` shows a syscall on every arch), or remove it",
				  "unknown syscall \"%s\"; no architecture has it", n->name);
			continue;
		}
		const char *what = r->action.broken ? "apply to" :
				   refuses(r->action.kind) ? "refuse" : "allow";
		lint_warn(l, SC_UNKNOWN_SYSCALL, &n->origin,
			  arena_printf(l->arena, "write \"%s\"", near),
			  "unknown syscall \"%s\"; no architecture has it; did you mean \"%s\"? As "
			  "written, this rule does not %s %s", n->name, near, what, near);
	}
}

static int by_name(const void *a, const void *b)
{
	const struct prof_name *const *x = a, *const *y = b;
	int c = strcmp((*x)->name, (*y)->name);
	return c ? c : (*x < *y ? -1 : *x > *y);
}

/* Every name after its first occurrence in the rule (sorted: 10^5 names stay fast). */
static void repeated_names(struct lint_ctx *l, const struct prof_rule *r)
{
	if (r->nnames < 2)
		return;
	const struct prof_name **sorted = xmalloc(r->nnames * sizeof *sorted);
	for (size_t i = 0; i < r->nnames; i++)
		sorted[i] = &r->names[i];
	qsort(sorted, r->nnames, sizeof *sorted, by_name);
	for (size_t i = 1; i < r->nnames; i++) {
		const struct prof_name *first = sorted[i - 1];
		while (i < r->nnames && strcmp(sorted[i]->name, first->name) == 0) {
			lint_warn(l, SC_DUPLICATE_NAME, &sorted[i]->origin,
				  "remove it, or write the syscall that was meant",
				  "\"%s\" is named twice in this rule (first at %s): the second does "
				  "nothing; was another syscall meant?", first->name, first->origin.path);
			i++;
		}
	}
	free(sorted);
}

/* Errno names no arch knows: an error (resolve would stop at the first). */
static bool errno_known(const struct lint_ctx *l, const struct prof_action *a)
{
	if (a->broken || !a->errno_name || a->has_errno_ret)
		return true;
	for (int i = 0; i < ARCH_COUNT; i++)
		if (arch_errno_nr(arch_get((enum arch_id)i), a->errno_name) >= 0)
			return true;
	const char *near = errno_nearest(a->errno_name);
	diag_report(l->diag, DIAG_ERROR, SC_UNKNOWN_ERRNO,
		    near ? arena_printf(l->arena, "write \"%s\"", near)
			 : "write an errno name such as \"EPERM\", or the number in errnoRet",
		    &a->errno_origin.loc, a->errno_origin.path,
		    "unknown errno name \"%s\"; no architecture has it; %s%s%sexpected a name such "
		    "as EPERM or ENOSYS", a->errno_name, near ? "did you mean \"" : "",
		    near ? near : "", near ? "\"? " : "");
	return false;
}

/* ---- arguments ---- */

/* The smallest x >= lo (x <= max) with (x & known) == bits; false when none.
 * bits has only bits of known. */
static bool next_with_bits(uint64_t lo, uint64_t max, uint64_t known, uint64_t bits,
			   unsigned width, uint64_t *x)
{
	if ((lo & known) == bits) {
		*x = lo;
		return true;
	}
	/* x first differs from lo at bit i, where lo has 0 and x 1; the
	 * lowest such i that the bits above allow gives the smallest x. */
	for (unsigned i = 0; i < width; i++) {
		uint64_t bit = UINT64_C(1) << i;
		uint64_t above = i == 63 ? 0 : ~((bit << 1) - 1) & max;
		if ((lo & bit) || ((known & bit) && !(bits & bit)))
			continue;
		if ((lo & above & known) != (bits & above))
			continue;
		*x = (lo & above) | bit | (bits & (bit - 1));
		return true;
	}
	return false;
}

/* Could the conditions on one argument all hold together (ANDed) at width
 * bits? Exact for every operator. */
static bool all_can_hold(const struct prof_arg *const *a, size_t n, unsigned width)
{
	uint64_t max = width == 64 ? UINT64_MAX : (UINT64_C(1) << width) - 1;
	uint64_t lo = 0, hi = max, known = 0, bits = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t v = a[i]->value & max, two = a[i]->value_two & max;
		switch (a[i]->op) {
		case CMP_EQ: lo = v > lo ? v : lo; hi = v < hi ? v : hi; break;
		case CMP_LT: if (v == 0) return false; hi = v - 1 < hi ? v - 1 : hi; break;
		case CMP_LE: hi = v < hi ? v : hi; break;
		case CMP_GT: if (v == max) return false; lo = v + 1 > lo ? v + 1 : lo; break;
		case CMP_GE: lo = v > lo ? v : lo; break;
		case CMP_MASKED_EQ:
			if ((bits ^ (two & v)) & known & v)
				return false;
			known |= v;
			bits |= two & v;
			break;
		case CMP_NE:
		case CMP_COUNT:
			break;
		}
	}
	/* The smallest candidate that no NE excludes: at most n + 1 rounds. */
	for (size_t round = 0; round <= n; round++) {
		uint64_t x;
		if (lo > hi || !next_with_bits(lo, max, known, bits, width, &x) || x > hi)
			return false;
		bool excluded = false;
		for (size_t i = 0; i < n && !excluded; i++)
			excluded = a[i]->op == CMP_NE && (a[i]->value & max) == x;
		if (!excluded)
			return true;
		if (x == max)
			return false;
		lo = x + 1;
	}
	return false;
}

/* An argument index compared twice: one rule per condition, ORed. */
static void repeated_index(struct lint_ctx *l, const struct prof_rule *r)
{
	for (unsigned idx = 0; idx < 6; idx++) {
		const struct prof_arg *same[64];
		size_t n = 0;
		for (size_t k = 0; k < r->nargs && n < 64; k++)
			if (!r->args[k].broken && r->args[k].index == idx)
				same[n++] = &r->args[k];
		if (n < 2)
			continue;
		const char *times = n == 2 ? "twice" : arena_printf(l->arena, "%zu times", n);
		if (all_can_hold(same, n, 64))
			lint_warn(l, SC_ORED_ARGS, &same[1]->origin,
				  "keep one condition per argument in a rule; to refuse outside a "
				  "range, refuse each side in a rule of its own",
				  "argument %u is compared %s in one rule: runc, crun and seccompc make "
				  "it one rule per condition, ORed, so the rule matches when any one of "
				  "them holds, not only when all do", idx, times);
		else
			lint_warn(l, SC_ORED_ARGS, &same[1]->origin,
				  "write one rule per condition to say so plainly",
				  "argument %u is compared %s in one rule: runc, crun and seccompc make "
				  "it one rule per condition, ORed (ANDed they could never all hold, so "
				  "ORed is probably what is meant)", idx, times);
		return;  /* one finding a rule */
	}
}

static void mask_tests(struct lint_ctx *l, const struct prof_rule *r)
{
	for (size_t k = 0; k < r->nargs; k++) {
		const struct prof_arg *a = &r->args[k];
		if (a->broken || a->op != CMP_MASKED_EQ)
			continue;
		if (a->value == 0) {
			lint_warn(l, SC_MASK_ZERO, &a->origin,
				  "put the mask in value and the bits it must have in valueTwo",
				  "SCMP_CMP_MASKED_EQ with mask (value) 0 compares no bit: the condition "
				  "holds for every value of argument %u%s", a->index,
				  a->value_two ? "; were value (the mask) and valueTwo (the bits) "
						 "swapped?" : "");
			continue;
		}
		uint64_t outside = a->value_two & ~a->value;
		if (!outside)
			continue;
		lint_warn(l, SC_MASK_DATUM_BITS, &a->origin,
			  arena_printf(l->arena, "write valueTwo 0x%" PRIx64 " (only bits of the "
				       "mask), or swap value and valueTwo", a->value_two & a->value),
			  "valueTwo 0x%" PRIx64 " has bits outside the mask value 0x%" PRIx64
			  " (0x%" PRIx64 "): they are never compared, the condition is (arg & 0x%"
			  PRIx64 ") == 0x%" PRIx64 " (read as (arg & value) == valueTwo it could never "
			  "hold)%s", a->value_two, a->value, outside, a->value,
			  a->value_two & a->value,
			  (a->value_two & a->value) == 0 ? "; were value and valueTwo swapped?" : "");
	}
}

/* ---- includes / excludes ---- */

static const struct arch_info *go_arch(const char *name)
{
	const struct arch_info *a = arch_by_go_name(name);
	return a ? a : arch_by_name(name);
}

static bool arch_in(const struct prof_filter *f, const struct arch_info *a)
{
	for (size_t i = 0; i < f->narches; i++)
		if (go_arch(f->arches[i]) == a)
			return true;
	return false;
}

/* Why includes and excludes can never both let the rule apply, or NULL. */
static const char *contradiction(struct lint_ctx *l, const struct prof_rule *r)
{
	const struct prof_filter *in = &r->includes, *ex = &r->excludes;
	if (in->narches && ex->narches) {
		bool all = true;
		for (size_t i = 0; i < in->narches && all; i++)
			all = go_arch(in->arches[i]) && arch_in(ex, go_arch(in->arches[i]));
		if (all)
			return "every architecture includes lists, excludes lists too";
	}
	for (size_t i = 0; i < in->ncaps; i++)
		for (size_t j = 0; j < ex->ncaps; j++)
			if (cap_by_name(in->caps[i]) >= 0 &&
			    cap_by_name(in->caps[i]) == cap_by_name(ex->caps[j]))
				return arena_printf(l->arena, "it needs %s (includes) and is dropped "
						    "with it (excludes)", in->caps[i]);
	if (in->has_min_kernel && ex->has_min_kernel &&
	    (in->min_kernel_major > ex->min_kernel_major ||
	     (in->min_kernel_major == ex->min_kernel_major &&
	      in->min_kernel_minor >= ex->min_kernel_minor)))
		return arena_printf(l->arena, "it needs a kernel of at least %u.%u (includes) and "
				    "is dropped from %u.%u on (excludes)", in->min_kernel_major,
				    in->min_kernel_minor, ex->min_kernel_major, ex->min_kernel_minor);
	return NULL;
}

void lint_rules(struct lint_ctx *l)
{
	const struct profile *p = l->prof;
	if (!errno_known(l, &p->default_action))
		l->default_ok = false;
	for (size_t i = 0; i < p->nrules; i++) {
		const struct prof_rule *r = &p->rules[i];
		unknown_syscalls(l, r);
		repeated_names(l, r);
		if (!errno_known(l, &r->action))
			l->skip_rule[i] = true;
		repeated_index(l, r);
		mask_tests(l, r);
		const char *why = contradiction(l, r);
		if (why)
			lint_warn(l, SC_NEVER_APPLIES, &r->excludes.origin,
				  "remove the condition from includes or from excludes",
				  "includes and excludes contradict, so the rule never applies: %s",
				  why);
	}
}
