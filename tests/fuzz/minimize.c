/*
 * minimize.c - shrinks a failing case to one that still fails the same way:
 * rules, names, conditions, includes/excludes, arches and options are taken
 * away one at a time while the check keeps its verdict (and the arch of its
 * first wrong decision). What is left is
 * what a regression test (tests/fuzz/regress/) needs.
 */
#include <string.h>

#include "diff.h"
#include "minimize.h"

#define MAX_ATTEMPTS 3000

struct shrink {
	struct model_case *best;
	enum diff_verdict verdict;
	int status;
	enum arch_id arch;
	const struct diff_options *opt;
	struct arena *arena;
	size_t attempts;
};

/* Keeps candidate when it fails as the original did. */
static bool still_fails(struct shrink *s, const struct model_case *candidate)
{
	if (s->attempts >= MAX_ATTEMPTS)
		return false;
	s->attempts++;
	struct diff_result res;
	struct buf report;
	buf_init(&report);
	enum diff_verdict v = diff_check(candidate, s->opt, &res, &report);
	buf_free(&report);
	if (v != s->verdict || res.status != s->status || res.first_arch != s->arch)
		return false;
	*s->best = *candidate;
	return true;
}

/* A copy of array (n items of size) without item k. */
static void *without(struct arena *arena, const void *array, size_t n, size_t size, size_t k)
{
	char *out = arena_calloc(arena, n, size);
	memcpy(out, array, k * size);
	memcpy(out + k * size, (const char *)array + (k + 1) * size, (n - k - 1) * size);
	return out;
}

/* The profile's rules with rule k replaced by *rule. */
static struct model_rule *with_rule(struct arena *arena, const struct model_profile *p, size_t k,
				    const struct model_rule *rule)
{
	struct model_rule *rules = arena_calloc(arena, p->nrules + 1, sizeof *rules);
	memcpy(rules, p->rules, p->nrules * sizeof *rules);
	rules[k] = *rule;
	return rules;
}

static bool try_rule(struct shrink *s, size_t k, const struct model_rule *rule)
{
	struct model_case c = *s->best;
	c.profile.rules = with_rule(s->arena, &s->best->profile, k, rule);
	return still_fails(s, &c);
}

static bool shrink_rules(struct shrink *s)
{
	bool progress = false;
	size_t first = s->best->kernel_safe ? 1 : 0;   /* the child's lifeline stays */
	for (size_t k = first; k < s->best->profile.nrules;) {
		struct model_case c = *s->best;
		c.profile.rules = without(s->arena, c.profile.rules, c.profile.nrules,
					  sizeof *c.profile.rules, k);
		c.profile.nrules--;
		if (still_fails(s, &c))
			progress = true;
		else
			k++;
	}
	return progress;
}

static bool shrink_rule_parts(struct shrink *s, size_t k)
{
	bool progress = false;
	for (size_t i = 0; s->best->profile.rules[k].nnames > 1 &&
			   i < s->best->profile.rules[k].nnames;) {
		struct model_rule r = s->best->profile.rules[k];
		r.names = without(s->arena, r.names, r.nnames, sizeof *r.names, i);
		r.nnames--;
		if (try_rule(s, k, &r))
			progress = true;
		else
			i++;
	}
	for (size_t i = 0; i < s->best->profile.rules[k].nconds;) {
		struct model_rule r = s->best->profile.rules[k];
		r.conds = without(s->arena, r.conds, r.nconds, sizeof *r.conds, i);
		r.nconds--;
		if (try_rule(s, k, &r))
			progress = true;
		else
			i++;
	}
	struct model_rule r = s->best->profile.rules[k];
	if (r.has_includes && (r.has_includes = false, try_rule(s, k, &r)))
		progress = true;
	r = s->best->profile.rules[k];
	if (r.has_excludes && (r.has_excludes = false, try_rule(s, k, &r)))
		progress = true;
	r = s->best->profile.rules[k];
	if (r.verdict.errno_name && (r.verdict.errno_name = NULL, try_rule(s, k, &r)))
		progress = true;
	r = s->best->profile.rules[k];
	for (size_t i = 0; i < r.nconds; i++) {   /* valueTwo only where it counts */
		if (!r.conds[i].has_value_two || r.conds[i].op == MO_MASKED_EQ)
			continue;
		struct model_rule t = r;
		t.conds = arena_calloc(s->arena, r.nconds, sizeof *t.conds);
		memcpy(t.conds, r.conds, r.nconds * sizeof *t.conds);
		t.conds[i].has_value_two = false;
		t.conds[i].value_two = 0;
		if (try_rule(s, k, &t)) {
			progress = true;
			r = s->best->profile.rules[k];
		}
	}
	return progress;
}

static bool shrink_arches(struct shrink *s)
{
	bool progress = false;
	struct model_case c = *s->best;
	if (c.profile.has_arch_map && (c.profile.has_arch_map = false, c.profile.narch_map = 0,
				       still_fails(s, &c)))
		progress = true;
	c = *s->best;
	if (c.profile.has_architectures && (c.profile.has_architectures = false,
					    c.profile.narchitectures = 0, still_fails(s, &c)))
		progress = true;
	for (size_t i = 0; i < s->best->profile.narchitectures;) {
		c = *s->best;
		c.profile.architectures = without(s->arena, c.profile.architectures,
						  c.profile.narchitectures,
						  sizeof *c.profile.architectures, i);
		c.profile.narchitectures--;
		if (still_fails(s, &c))
			progress = true;
		else
			i++;
	}
	for (size_t i = 0; i < s->best->profile.narch_map;) {
		c = *s->best;
		c.profile.arch_map = without(s->arena, c.profile.arch_map, c.profile.narch_map,
					     sizeof *c.profile.arch_map, i);
		c.profile.narch_map--;
		if (still_fails(s, &c))
			progress = true;
		else
			i++;
	}
	return progress;
}

static bool shrink_options(struct shrink *s)
{
	bool progress = false;
	struct model_case c = *s->best;
	if (c.target.enosys_newer && (c.target.enosys_newer = false, still_fails(s, &c)))
		progress = true;
	c = *s->best;
	if (c.target.has_bad_arch && (c.target.has_bad_arch = false, still_fails(s, &c)))
		progress = true;
	c = *s->best;
	if (c.target.caps_given && (c.target.caps_given = false, c.target.ncaps = 0,
				    still_fails(s, &c)))
		progress = true;
	c = *s->best;
	if (c.profile.default_verdict.errno_name &&
	    (c.profile.default_verdict.errno_name = NULL, still_fails(s, &c)))
		progress = true;
	return progress;
}

size_t minimize_case(struct model_case *c, const struct diff_result *how,
		     const struct diff_options *opt, struct arena *arena)
{
	struct diff_options quiet = *opt;
	quiet.max_report = 0;
	struct shrink s = { c, how->verdict, how->status, how->first_arch, &quiet, arena, 0 };
	bool progress = true;
	while (progress && s.attempts < MAX_ATTEMPTS) {
		progress = shrink_rules(&s);
		for (size_t k = s.best->kernel_safe ? 1 : 0; k < s.best->profile.nrules; k++)
			progress |= shrink_rule_parts(&s, k);
		progress |= shrink_arches(&s);
		progress |= shrink_options(&s);
	}
	return s.attempts;
}
