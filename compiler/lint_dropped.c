/*
 * lint_dropped.c - rules whose action is the default action (see lint.h).
 *
 * resolve drops them, as libseccomp refuses them. That is harmless when no
 * other rule decides their syscalls (SC024), and a hole when one does: an
 * EPERM block of ioctl(TIOCSTI) next to a rule allowing ioctl refuses
 * nothing, ioctl(TIOCSTI) is allowed (SC023). To tell the two apart, the
 * sound rules are resolved once more with each such rule given an action
 * of its own (a marker), which yields its conditions per arch and syscall
 * exactly as resolve reads them (includes, excludes, ORed arguments, 32-bit
 * cuts); then arguments that meet them are searched for on which the real
 * table decides otherwise: values around every constant of the syscall's
 * rules, as the verifier probes.
 */
#include "lint.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

#define MAX_PROBES 65536   /* argument tuples tried per rule and syscall */

struct dropped_ctx {
	struct lint_ctx *l;
	const struct rule_table *marked;   /* the sound rules, dropped ones marked */
	bool *candidate;                   /* per rule of the profile */
	bool *applies;                     /* per rule: has conditions somewhere in marked */
	bool *hole;                        /* per rule: a hole was reported */
	bool **named;                      /* per rule, per syscall name id: reported */
};

/* ---- the witness search ---- */

struct values {
	uint64_t v[64];
	size_t n;
};

static void add_value(struct values *vs, uint64_t v, uint64_t max)
{
	v &= max;
	for (size_t i = 0; i < vs->n; i++)
		if (vs->v[i] == v)
			return;
	if (vs->n < sizeof vs->v / sizeof vs->v[0])
		vs->v[vs->n++] = v;
}

/* The values around what c compares, within the bits it reads. */
static void add_around(struct values vs[6], const struct cond *c)
{
	struct values *v = &vs[c->index];
	uint64_t max = width_mask(c->bits);
	if (c->op == CMP_MASKED_EQ) {
		uint64_t want = c->value_two & c->value;
		add_value(v, want, max);
		add_value(v, want | (~c->value & max), max);
		add_value(v, want ^ (c->value & (~c->value + 1)), max);  /* lowest mask bit flipped */
		return;
	}
	add_value(v, c->value, max);
	if (c->value > 0)
		add_value(v, c->value - 1, max);
	if (c->value < max)
		add_value(v, c->value + 1, max);
}

/*
 * Arguments on which all of conds hold and ta decides nr with something
 * other than `not`: true, with them in args. Each argument takes the values
 * around the constants it is compared with (conds' and the syscall's rules'),
 * 0 and the largest, that conds allow.
 */
static bool find_witness(const struct rule_table *t, const struct tarch *ta,
			 const struct tsyscall *s, const struct cond *conds, size_t nconds,
			 uint32_t not, uint64_t args[6])
{
	uint64_t max = ta->arch->is64 ? UINT64_MAX : UINT32_MAX;   /* the register */
	struct values vs[6];
	memset(vs, 0, sizeof vs);
	for (size_t i = 0; i < nconds; i++)
		add_around(vs, &conds[i]);
	for (size_t r = 0; r < s->nrules; r++)
		for (size_t i = 0; i < s->rules[r].nconds; i++)
			add_around(vs, &s->rules[r].conds[i]);
	size_t total = 1;
	for (int k = 0; k < 6; k++) {
		if (vs[k].n)
			add_value(&vs[k], max, max);
		add_value(&vs[k], 0, max);   /* the only value of an argument no rule reads */
		size_t kept = 0;
		for (size_t j = 0; j < vs[k].n; j++) {
			bool ok = true;
			for (size_t i = 0; i < nconds && ok; i++)
				ok = conds[i].index != k || cond_holds(&conds[i], vs[k].v[j]);
			if (ok)
				vs[k].v[kept++] = vs[k].v[j];
		}
		vs[k].n = kept;
		if (!kept)
			return false;
		total = total > MAX_PROBES ? total : total * kept;
	}
	size_t at[6] = { 0 };
	for (size_t probe = 0; probe < total && probe < MAX_PROBES; probe++) {
		for (int k = 0; k < 6; k++)
			args[k] = vs[k].v[at[k]];
		if (table_decide(t, ta, s->nr, args) != not)
			return true;
		for (int k = 0; k < 6 && ++at[k] == vs[k].n; k++)
			at[k] = 0;
	}
	return false;
}

/* "ioctl(args[1] = 0x5412)": the arguments any rule of the syscall reads. */
static const char *call_text(struct lint_ctx *l, const char *name, const struct tsyscall *s,
			     const struct cond *conds, size_t nconds, const uint64_t args[6])
{
	bool read[6] = { false };
	for (size_t i = 0; i < nconds; i++)
		read[conds[i].index] = true;
	for (size_t r = 0; r < s->nrules; r++)
		for (size_t i = 0; i < s->rules[r].nconds; i++)
			read[s->rules[r].conds[i].index] = true;
	struct buf b;
	buf_init(&b);
	buf_puts(&b, name);
	const char *sep = "(";
	for (int k = 0; k < 6; k++)
		if (read[k]) {
			buf_printf(&b, "%sargs[%d] = 0x%" PRIx64, sep, k, args[k]);
			sep = ", ";
		}
	if (*sep == ',')
		buf_puts(&b, ")");
	const char *text = arena_strdup(l->arena, b.data);
	buf_free(&b);
	return text;
}

/* "ioctl with args[1] == 0x5412": a rule's conditions as written (ORed when
 * an argument repeats, as resolve reads them). */
static const char *conds_text(struct lint_ctx *l, const char *name, const struct prof_rule *r)
{
	static const char *const ops[CMP_COUNT] = {
		[CMP_NE] = "!=", [CMP_LT] = "<", [CMP_LE] = "<=", [CMP_EQ] = "==",
		[CMP_GE] = ">=", [CMP_GT] = ">", [CMP_MASKED_EQ] = "&",
	};
	unsigned seen = 0;
	bool ored = false;
	for (size_t k = 0; k < r->nargs; k++) {
		ored |= (seen >> r->args[k].index) & 1;
		seen |= 1u << r->args[k].index;
	}
	struct buf b;
	buf_init(&b);
	buf_puts(&b, name);
	for (size_t k = 0; k < r->nargs; k++) {
		const struct prof_arg *a = &r->args[k];
		buf_printf(&b, "%sargs[%u] %s 0x%" PRIx64, k ? (ored ? " or " : " and ") : " with ",
			   a->index, ops[a->op], a->value);
		if (a->op == CMP_MASKED_EQ)
			buf_printf(&b, " == 0x%" PRIx64, a->value_two & a->value);
	}
	const char *text = arena_strdup(l->arena, b.data);
	buf_free(&b);
	return text;
}

/* ---- the findings ---- */

/* The rule r meant to decide `what` (name and arguments) as the default
 * does; the table decides it otherwise, for example for args. `only` is
 * r's condition when it is a single equality (the fix then names it). */
static void report_hole(struct dropped_ctx *c, const struct prof_rule *r, const char *name,
			const char *what, const struct tarch *ta, const struct tsyscall *s,
			const struct prof_arg *only, const uint64_t args[6])
{
	struct lint_ctx *l = c->l;
	const struct tarch *used;
	const struct trule *by = table_deciding_rule(l->table, ta->arch->audit_arch, s->nr, args,
						     &used);
	char dflt[48], got[48];
	action_describe(l->table->default_action_by_arch[ta->arch->id], dflt, sizeof dflt);
	action_describe(table_decide(l->table, ta, s->nr, args), got, sizeof got);
	const struct prof_rule *d = by ? &l->prof->rules[by->source->position] : NULL;
	const char *fix;
	const char *cond = only ? arena_printf(l->arena, "args[%u] SCMP_CMP_NE 0x%" PRIx64,
					       only->index, only->value)
				: "conditions that leave these arguments out";
	if (d && by->nconds == 0 && d->nnames > 1)
		fix = arena_printf(l->arena, "move %s out of the rule at %s (which decides it "
				   "outright) into a rule of its own with %s%s", name, d->origin.path,
				   only ? "the condition " : "", cond);
	else if (d && by->nconds == 0)
		fix = arena_printf(l->arena, "give the rule at %s, which decides %s outright, %s%s",
				   d->origin.path, name, only ? "the condition " : "", cond);
	else
		fix = "give this rule an action other than the default (another errnoRet, or "
		      "SCMP_ACT_KILL_PROCESS): among conditional rules the most restrictive that "
		      "holds decides";
	lint_warn(l, SC_DEFAULT_HOLE, lint_name_origin(r, name), fix,
		  "this rule's action, %s, is the default action, so the rule is dropped (as "
		  "libseccomp drops it) and does nothing: on %s, %s is decided %s by %s%s%s",
		  dflt, ta->arch->name, what, got,
		  d ? d->origin.path : "the default action", d ? ", line " : "",
		  d ? arena_printf(l->arena, "%d", d->origin.loc.line) : "");
	c->hole[r->position] = true;
}

/* r's only condition when it is an equality, else NULL. */
static const struct prof_arg *single_eq(const struct prof_rule *r)
{
	return r->nargs == 1 && r->args[0].op == CMP_EQ ? &r->args[0] : NULL;
}

/* One rule of the marked table that is a dropped rule's: is its region
 * decided otherwise in the real table? */
static void look_at(struct dropped_ctx *c, size_t ai, const struct tsyscall *sm,
		    const struct trule *rm)
{
	struct lint_ctx *l = c->l;
	const struct prof_rule *r = &l->prof->rules[rm->source->position];
	const struct tarch *ta = &l->table->arches[ai];
	uint32_t mine, dflt = l->table->default_action_by_arch[ta->arch->id];
	if (!prof_action_ret(&r->action, ta->arch, &mine) || mine != dflt)
		return;   /* on this arch the rule is not dropped */
	c->applies[r->position] = true;
	const char *name = arch_syscall_name(ta->arch, sm->nr);
	int id = name ? syscall_name_id(name) : -1;
	if (id < 0 || c->named[r->position][id])
		return;
	const struct tsyscall *s = tarch_syscall(ta, sm->nr);
	uint64_t args[6];
	if (!s || !find_witness(l->table, ta, s, rm->conds, rm->nconds, dflt, args))
		return;
	c->named[r->position][id] = true;
	/* the name as the rule spells it */
	for (size_t i = 0; i < r->nnames; i++)
		if (arch_syscall_nr(ta->arch, r->names[i].name) == (int64_t)sm->nr) {
			name = r->names[i].name;
			break;
		}
	report_hole(c, r, name, call_text(l, name, s, rm->conds, rm->nconds, args), ta, s,
		    single_eq(r), args);
}

/* A dropped rule that another unconditional rule would have shadowed: the
 * real table's decision for that syscall is the decider's. */
static void look_at_shadowed(struct dropped_ctx *c, const struct shadowed_rule *sh)
{
	struct lint_ctx *l = c->l;
	const struct prof_rule *r = &l->prof->rules[sh->rule->position];
	const struct tarch *ta = &l->table->arches[0];
	uint32_t mine, dflt = l->table->default_action_by_arch[ta->arch->id];
	int64_t nr = arch_syscall_nr(ta->arch, sh->name);
	int id = syscall_name_id(sh->name);
	if (!c->candidate[r->position] || nr < 0 || id < 0 || c->named[r->position][id] ||
	    !prof_action_ret(&r->action, ta->arch, &mine) || mine != dflt)
		return;
	c->applies[r->position] = true;
	const struct tsyscall *s = tarch_syscall(ta, (uint32_t)nr);
	const uint64_t args[6] = { 0 };
	if (!s || table_decide(l->table, ta, (uint32_t)nr, args) == dflt)
		return;
	c->named[r->position][id] = true;
	report_hole(c, r, sh->name, conds_text(l, sh->name, r), ta, s, single_eq(r), args);
}

static void report_noop(struct dropped_ctx *c, const struct prof_rule *r)
{
	struct lint_ctx *l = c->l;
	char dflt[48];
	action_describe(l->table->default_action, dflt, sizeof dflt);
	lint_warn(l, SC_DEFAULT_NOOP, &r->action.origin,
		  "remove the rule, or keep it as documentation and silence SC024",
		  "this rule's action, %s, is the default action, so the rule is dropped (as "
		  "libseccomp drops it); it changes no decision: no other rule decides %s%s%s",
		  dflt, r->nnames ? r->names[0].name : "its syscalls",
		  r->nnames == 2 ? " or the other syscall it names" :
		  r->nnames > 2 ? arena_printf(l->arena, " or the %zu other syscalls it names",
					       r->nnames - 1) : "",
		  l->select->enosys_newer ? " (with --enosys-newer its names still count for "
					    "the largest number the profile names)" : "");
}

/* The sound rules, each candidate given an action no arch's default has. */
static const struct rule_table *resolve_marked(struct dropped_ctx *c)
{
	struct lint_ctx *l = c->l;
	const struct rule_table *t = l->table;
	struct profile q = *l->sound;
	struct prof_rule *rules = arena_calloc(l->arena, q.nrules + 1, sizeof *rules);
	uint16_t mark = 0xbeef;
	for (size_t ai = 0; ai < t->narches; ai++)
		if (t->default_action_by_arch[t->arches[ai].arch->id] == action_ret(ACT_TRACE, mark))
			mark--;
	for (size_t i = 0; i < q.nrules; i++) {
		rules[i] = q.rules[i];
		if (c->candidate[rules[i].position])
			rules[i].action = (struct prof_action){ .kind = ACT_TRACE, .has_errno_ret = true,
								.errno_ret = mark,
								.origin = rules[i].action.origin };
	}
	q.rules = rules;
	struct diag quiet;
	diag_init(&quiet, NULL);
	quiet.quiet_warnings = true;
	struct rule_table *marked = arena_calloc(l->arena, 1, sizeof *marked);
	resolve_profile(&q, l->select, l->arena, &quiet, marked);
	diag_fini(&quiet);
	return marked->narches == t->narches ? marked : NULL;
}

void lint_dropped(struct lint_ctx *l)
{
	const struct rule_table *t = l->table;
	size_t n = l->prof->nrules;
	struct dropped_ctx c = { .l = l };
	c.candidate = arena_calloc(l->arena, n + 1, sizeof *c.candidate);
	bool any = false;
	for (size_t i = 0; i < l->sound->nrules; i++) {
		const struct prof_rule *r = &l->sound->rules[i];
		for (size_t ai = 0; ai < t->narches; ai++) {
			uint32_t ret;
			if (prof_action_ret(&r->action, t->arches[ai].arch, &ret) &&
			    ret == t->default_action_by_arch[t->arches[ai].arch->id])
				any = c.candidate[r->position] = true;
		}
	}
	if (!any)
		return;
	c.marked = resolve_marked(&c);
	if (!c.marked)
		return;
	c.applies = arena_calloc(l->arena, n + 1, sizeof *c.applies);
	c.hole = arena_calloc(l->arena, n + 1, sizeof *c.hole);
	c.named = arena_calloc(l->arena, n + 1, sizeof *c.named);
	for (size_t i = 0; i < n; i++)
		if (c.candidate[i])
			c.named[i] = arena_calloc(l->arena, syscall_name_count, sizeof(bool));
	for (size_t ai = 0; ai < c.marked->narches; ai++) {
		const struct tarch *tm = &c.marked->arches[ai];
		for (size_t k = 0; k < tm->nsyscalls; k++)
			for (size_t j = 0; j < tm->syscalls[k].nrules; j++) {
				const struct trule *rm = &tm->syscalls[k].rules[j];
				if (c.candidate[rm->source->position])
					look_at(&c, ai, &tm->syscalls[k], rm);
			}
	}
	for (size_t i = 0; i < c.marked->nshadowed; i++)
		look_at_shadowed(&c, &c.marked->shadowed[i]);
	for (size_t i = 0; i < n; i++)
		if (c.candidate[i] && c.applies[i] && !c.hole[i])
			report_noop(&c, &l->prof->rules[i]);
}
