/*
 * suggest.c - the JSON rule that would allow a denied call (see suggest.h).
 */
#include "suggest.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define MAX_TUPLES 3

/* The argument indices the profile's rules check for (audit_arch, nr). */
static unsigned checked_indices(const struct rule_table *t, const struct denied_call *c)
{
	const struct tarch *ta;
	uint64_t none[6] = { 0 };
	table_deciding_rule(t, c->audit_arch, c->nr, none, &ta);
	const struct tsyscall *s = ta ? tarch_syscall(ta, c->nr) : NULL;
	unsigned mask = 0;
	for (size_t r = 0; s && r < s->nrules; r++)
		for (size_t k = 0; k < s->rules[r].nconds; k++)
			mask |= 1u << s->rules[r].conds[k].index;
	return mask;
}

/* The distinct value tuples of calls on the indices in mask (up to max);
 * their number, or max + 1 when there are more. */
static size_t distinct_tuples(const struct denied_call *calls, size_t ncalls, unsigned mask,
			      const uint64_t *out[], size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < ncalls; i++) {
		bool seen = false;
		for (size_t j = 0; j < n && !seen; j++) {
			seen = true;
			for (unsigned k = 0; k < 6; k++)
				if ((mask & (1u << k)) && out[j][k] != calls[i].args[k])
					seen = false;
		}
		if (seen)
			continue;
		if (n == max)
			return max + 1;
		out[n++] = calls[i].args;
	}
	return n;
}

/* The profile with one rule added: ALLOW for name, with EQ on the indices
 * of mask to the values of each tuple (one rule a tuple; none: no args). */
static struct profile with_rules(const struct profile *p, const char *name, unsigned mask,
				 const uint64_t *const tuples[], size_t ntuples, struct arena *a)
{
	struct profile q = *p;
	size_t nrules = ntuples ? ntuples : 1;
	struct prof_rule *rules = arena_calloc(a, p->nrules + nrules, sizeof *rules);
	memcpy(rules, p->rules, p->nrules * sizeof *rules);
	for (size_t i = 0; i < nrules; i++) {
		struct prof_rule *r = &rules[p->nrules + i];
		r->names = arena_calloc(a, 1, sizeof *r->names);
		r->names[0].name = name;
		r->names[0].origin.path = "suggested";
		r->nnames = 1;
		r->action.kind = ACT_ALLOW;
		r->action.origin.path = "suggested";
		r->position = p->nrules + i;
		r->origin.path = "suggested";
		r->args = arena_calloc(a, 6, sizeof *r->args);
		for (unsigned k = 0; ntuples && k < 6; k++)
			if (mask & (1u << k))
				r->args[r->nargs++] = (struct prof_arg){
					.index = k, .value = tuples[i][k], .op = CMP_EQ,
					.origin = { "suggested", { 0, 0 } } };
	}
	q.rules = rules;
	q.nrules = p->nrules + nrules;
	return q;
}

/* Whether the profile with those rules allows every call. */
static bool allows_all(const struct rule_table *t, const struct resolve_options *select,
		       const struct denied_call *calls, size_t ncalls, unsigned mask,
		       const uint64_t *const tuples[], size_t ntuples)
{
	struct arena a;
	arena_init(&a);
	struct diag d;
	diag_init(&d, t->profile->file);
	d.quiet_warnings = true;
	struct profile q = with_rules(t->profile, calls[0].name, mask, tuples, ntuples, &a);
	struct rule_table t2;
	bool ok = resolve_profile(&q, select, &a, &d, &t2);
	for (size_t i = 0; ok && i < ncalls; i++)
		ok = table_decide_raw(&t2, calls[i].audit_arch, calls[i].nr, calls[i].args) == RET_ALLOW;
	diag_fini(&d);
	arena_free(&a);
	return ok;
}

static void write_rules(char *out, size_t size, const char *name, unsigned mask,
			const uint64_t *const tuples[], size_t ntuples)
{
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < (ntuples ? ntuples : 1) && len < size; i++) {
		len += (size_t)snprintf(out + len, size - len, "%s{\"names\": [\"%s\"], \"action\": "
					"\"SCMP_ACT_ALLOW\"", i ? ",\n  " : "", name);
		const char *sep = ", \"args\": [";
		for (unsigned k = 0; ntuples && k < 6 && len < size; k++)
			if (mask & (1u << k)) {
				len += (size_t)snprintf(out + len, size - len, "%s{\"index\": %u, \"value\": "
							"%" PRIu64 ", \"op\": \"SCMP_CMP_EQ\"}", sep,
							k, tuples[i][k]);
				sep = ", ";
			}
		if (len < size)
			len += (size_t)snprintf(out + len, size - len, "%s}", ntuples && mask ? "]" : "");
	}
}

bool suggest_allow_rule(const struct rule_table *t, const struct resolve_options *select,
			const struct denied_call *calls, size_t ncalls, char *out, size_t size,
			const struct prof_rule **decider)
{
	*decider = NULL;
	const struct tarch *ta;
	const struct trule *r = table_deciding_rule(t, calls[0].audit_arch, calls[0].nr,
						    calls[0].args, &ta);
	if (r && r->nconds == 0) {
		*decider = r->source;   /* decides every call; a rule added after it cannot */
		return false;
	}
	unsigned mask = checked_indices(t, &calls[0]);
	const uint64_t *tuples[MAX_TUPLES];
	size_t n = mask ? distinct_tuples(calls, ncalls, mask, tuples, MAX_TUPLES) : 0;
	if (n >= 1 && n <= MAX_TUPLES && allows_all(t, select, calls, ncalls, mask, tuples, n)) {
		write_rules(out, size, calls[0].name, mask, tuples, n);
		return true;
	}
	if (allows_all(t, select, calls, ncalls, 0, NULL, 0)) {
		write_rules(out, size, calls[0].name, 0, NULL, 0);
		return true;
	}
	*decider = r ? r->source : NULL;
	return false;
}
