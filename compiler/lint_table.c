/*
 * lint_table.c - the lint checks of the profile as it resolves for the
 * target (see lint.h): rules an unconditional rule shadows, conditions that
 * never hold on the filter's arches or compare constants wider than the
 * argument the kernel reads (arch_arg_bits()), dangerous syscalls, io_uring
 * and clone allowed outright, clone3 answered other than ENOSYS, and
 * socketcall bypassing socket's checks. Each is looked at on every arch of the filter
 * and said once, with the arches it holds on.
 */
#include "lint.h"

#include <inttypes.h>
#include <string.h>

#include "risky.h"

static const char *const io_uring_calls[] = {
	"io_uring_setup", "io_uring_enter", "io_uring_register",
};

static bool lets_through(uint32_t action)
{
	enum action_kind k = action_kind_of(action);
	return k == ACT_ALLOW || k == ACT_LOG;
}

/*
 * How `name` is decided on ta when its arguments do not matter: true, with
 * the action and the rule deciding (NULL: the default action or the
 * --enosys-newer stub). False when the arch lacks it or rules check its
 * arguments.
 */
static bool outright(const struct rule_table *t, const struct tarch *ta, const char *name,
		     uint32_t *action, const struct prof_rule **by)
{
	int64_t nr = arch_syscall_nr(ta->arch, name);
	if (nr < 0)
		return false;
	const struct tsyscall *s = tarch_syscall(ta, (uint32_t)nr);
	if (!s) {
		*action = table_default(t, ta, (uint32_t)nr);
		*by = NULL;
		return true;
	}
	if (s->nrules == 1 && s->rules[0].nconds == 0) {
		*action = s->rules[0].action;
		*by = s->rules[0].source;
		return true;
	}
	return false;
}

static bool allowed_outright(const struct rule_table *t, const struct tarch *ta,
			     const char *name, const struct prof_rule **by)
{
	uint32_t action;
	return outright(t, ta, name, &action, by) && lets_through(action);
}

/* Findings of one kind for one syscall, grouped by the rule that decides. */
struct group {
	const struct prof_rule *by;   /* NULL: the default action */
	uint32_t action;
	bool arches[ARCH_COUNT];
	const struct arch_info *first;
};

struct groups {
	struct group g[ARCH_COUNT];
	size_t n;
};

static void group_add(struct groups *gs, const struct prof_rule *by, uint32_t action,
		      const struct arch_info *arch)
{
	for (size_t i = 0; i < gs->n; i++)
		if (gs->g[i].by == by && gs->g[i].action == action) {
			gs->g[i].arches[arch->id] = true;
			return;
		}
	struct group *g = &gs->g[gs->n++];
	memset(g, 0, sizeof *g);
	g->by = by;
	g->action = action;
	g->first = arch;
	g->arches[arch->id] = true;
}

/* Where a finding about `name` decided by `by` points: the name in that
 * rule, or the default action. */
static const struct prof_origin *decider_origin(const struct lint_ctx *l,
						const struct prof_rule *by, const char *name)
{
	return by ? lint_name_origin(&l->prof->rules[by->position], name)
		  : &l->prof->default_action.origin;
}

/* ---- shadowed rules ---- */

static void shadowed(struct lint_ctx *l)
{
	const struct rule_table *t = l->table;
	for (size_t i = 0; i < t->nshadowed; i++) {
		const struct shadowed_rule *s = &t->shadowed[i];
		const struct prof_rule *r = &l->prof->rules[s->rule->position];
		const struct prof_rule *d = &l->prof->rules[s->decider->position];
		lint_warn(l, SC_SHADOWED, lint_name_origin(r, s->name),
			  arena_printf(l->arena, "remove %s from this rule, or give the rule at %s "
				       "conditions (an unconditional rule decides a syscall outright)",
				       s->name, d->origin.path),
			  "this rule never decides %s: the unconditional rule at %s (line %d) "
			  "decides it first", s->name, d->origin.path, d->origin.loc.line);
	}
}

/* ---- conditions: never holding, wider than the argument ---- */

/* What one condition of a rule says on the filter's arches, over every syscall. */
struct cond_seen {
	bool seen;               /* the table compares it somewhere */
	bool always_never;       /* ... and it never holds anywhere */
	bool never_on[ARCH_COUNT];
	const char *never_name;  /* a syscall where it never holds, */
	uint8_t never_bits;      /* ... the bits compared there, */
	uint64_t never_value;    /* ... and the value compared */
	bool wide_on[ARCH_COUNT];  /* arches where it is wider than the kernel reads */
	const char *wide_name;   /* a syscall where it is, */
	uint8_t wide_kernel_bits;  /* ... the bits the kernel reads there */
	const char *wide_type;   /* ... and the argument's declared type, "" when unknown */
};

/* The argument of r a condition of the table was made from. */
static size_t arg_of(const struct prof_rule *r, const struct trule *tr, size_t i)
{
	if (tr->nconds == r->nargs)
		return i;   /* conditions in the rule's order; a repeated index splits */
	const struct cond *c = &tr->conds[i];
	for (size_t k = 0; k < r->nargs; k++)
		if (r->args[k].index == c->index && r->args[k].op == c->op &&
		    (r->args[k].value & width_mask(c->bits)) == c->value)
			return k;
	return r->nargs;
}

static bool cond_never_holds(const struct cond *c)
{
	return (c->op == CMP_LT && c->value == 0) ||
	       (c->op == CMP_GT && c->value == width_mask(c->bits));
}

/* Does v mean a value of `bits` bits: zero-extended, or a negative one
 * sign-extended (-100 written 0xffffffffffffff9c)? */
static bool fits_bits(uint64_t v, unsigned bits)
{
	uint64_t m = width_mask(bits);
	return (v & ~m) == 0 || ((v & ~m) == ~m && ((v >> (bits - 1)) & 1));
}

/* The constant of a that the kernel's width matters for: the datum of a mask
 * test (its bits in the mask), else the value. */
static uint64_t compared_constant(const struct prof_arg *a)
{
	return a->op == CMP_MASKED_EQ ? a->value_two & a->value : a->value;
}

static void see_cond(struct cond_seen *cs, const struct tarch *ta, const struct tsyscall *s,
		     const struct cond *c, const struct prof_arg *a)
{
	bool never = cond_never_holds(c);
	cs->always_never = never && (cs->always_never || !cs->seen);
	cs->seen = true;
	if (never && !cs->never_on[ta->arch->id]) {
		cs->never_on[ta->arch->id] = true;
		if (!cs->never_name) {
			cs->never_name = s->name;
			cs->never_bits = c->bits;
			cs->never_value = c->value;
		}
	}
	/* Where resolve compares more bits than the kernel reads, a constant
	 * wider than what the kernel reads is about a value the kernel never
	 * sees. (Where it compares what the kernel reads, it cuts the constant
	 * and says so itself: SC050.) */
	unsigned kb = arch_arg_bits(ta->arch, s->nr, a->index);
	if (c->bits <= kb || fits_bits(compared_constant(a), kb) || cs->wide_on[ta->arch->id])
		return;
	cs->wide_on[ta->arch->id] = true;
	if (!cs->wide_name) {
		const struct syscall_arg *sig;
		int n = arch_syscall_args(ta->arch, s->nr, &sig);
		cs->wide_name = s->name;
		cs->wide_kernel_bits = (uint8_t)kb;
		cs->wide_type = n > (int)a->index ? sig[a->index].type : "";
	}
}

static void report_never(struct lint_ctx *l, const struct prof_arg *a, const struct cond_seen *cs)
{
	const char *why = cs->always_never && cs->never_value == a->value
		? (a->op == CMP_LT ? ": arguments are unsigned, none is below 0; the rule never "
				     "matches"
				   : ": no argument is above it; the rule never matches")
		: arena_printf(l->arena, " on %s, where the filter compares %u bits of argument "
			       "%u of %s, so with 0x%" PRIx64 ": the rule never matches there",
			       lint_arch_list(l, cs->never_on), cs->never_bits, a->index,
			       cs->never_name, cs->never_value);
	lint_warn(l, SC_NEVER_MATCHES, &a->origin,
		  "compare with a value the argument can take (arguments are unsigned: -1 is "
		  "0xffffffffffffffff), or remove the rule",
		  "%s 0x%" PRIx64 " never holds%s", cmp_op_name(a->op), a->value, why);
}

static void report_wide(struct lint_ctx *l, const struct prof_arg *a, const struct cond_seen *cs)
{
	uint64_t v = compared_constant(a), seen = v & width_mask(cs->wide_kernel_bits);
	lint_warn(l, SC_WIDER_THAN_ARG, &a->origin,
		  arena_printf(l->arena, "write 0x%" PRIx64 ", the %u bits the kernel reads",
			       seen, cs->wide_kernel_bits),
		  "%s 0x%" PRIx64 " is wider than the %u bits the kernel reads of argument %u of %s "
		  "(%s) on %s: the filter compares the whole register, so the rule is about high "
		  "bits the kernel ignores, not about the value 0x%" PRIx64 " it uses",
		  a->op == CMP_MASKED_EQ ? "valueTwo" : "value", v, cs->wide_kernel_bits,
		  a->index, cs->wide_name, *cs->wide_type ? cs->wide_type : "no signature known",
		  lint_arch_list(l, cs->wide_on), seen);
}

/* Every condition of the table, traced back to the argument it was made from. */
static void conditions(struct lint_ctx *l)
{
	const struct rule_table *t = l->table;
	size_t n = l->prof->nrules;
	struct cond_seen **seen = arena_calloc(l->arena, n + 1, sizeof *seen);
	for (size_t ai = 0; ai < t->narches; ai++) {
		const struct tarch *ta = &t->arches[ai];
		for (size_t k = 0; k < ta->nsyscalls; k++)
			for (size_t j = 0; j < ta->syscalls[k].nrules; j++) {
				const struct trule *tr = &ta->syscalls[k].rules[j];
				const struct prof_rule *r = &l->prof->rules[tr->source->position];
				for (size_t i = 0; i < tr->nconds; i++) {
					size_t a = arg_of(r, tr, i);
					if (a >= r->nargs)
						continue;
					if (!seen[r->position])
						seen[r->position] = arena_calloc(l->arena, r->nargs,
										 sizeof **seen);
					see_cond(&seen[r->position][a], ta, &ta->syscalls[k],
						 &tr->conds[i], &r->args[a]);
				}
			}
	}
	for (size_t p = 0; p < n; p++)
		for (size_t a = 0; seen[p] && a < l->prof->rules[p].nargs; a++) {
			if (seen[p][a].never_name)
				report_never(l, &l->prof->rules[p].args[a], &seen[p][a]);
			if (seen[p][a].wide_name)
				report_wide(l, &l->prof->rules[p].args[a], &seen[p][a]);
		}
}

/* ---- dangerous syscalls, io_uring, clone ---- */

static void allowed_report(struct lint_ctx *l, const char *code, const char *name,
			   const struct groups *gs, const char *why, const char *fix_rule,
			   const char *fix_default)
{
	for (size_t i = 0; i < gs->n; i++) {
		const struct group *g = &gs->g[i];
		const char *arches = lint_arch_list(l, g->arches);
		if (g->by)
			lint_warn(l, code, decider_origin(l, g->by, name), fix_rule,
				  "%s is allowed outright on %s: %s", name, arches, why);
		else
			lint_warn(l, code, decider_origin(l, NULL, name), fix_default,
				  "%s is allowed by the default action on %s (no rule decides it): %s",
				  name, arches, why);
	}
}

/* The arches on which name is allowed outright, grouped by the deciding rule. */
static struct groups allowed_on(const struct lint_ctx *l, const char *name)
{
	struct groups gs = { .n = 0 };
	const struct rule_table *t = l->table;
	for (size_t ai = 0; ai < t->narches; ai++) {
		const struct prof_rule *by;
		if (allowed_outright(t, &t->arches[ai], name, &by))
			group_add(&gs, by, RET_ALLOW, t->arches[ai].arch);
	}
	return gs;
}

static void risky_allowed(struct lint_ctx *l)
{
	for (size_t i = 0; i < risky_syscall_count; i++) {
		const struct risky_syscall *r = &risky_syscalls[i];
		struct groups gs = allowed_on(l, r->name);
		const char *fix = r->cap
			? arena_printf(l->arena, "remove %s from this rule, or allow it only to "
				       "containers granted %s: a rule of its own with \"includes\": "
				       "{\"caps\": [\"%s\"]}", r->name, r->cap, r->cap)
			: arena_printf(l->arena, "remove %s from this rule (Docker never allows it)",
				       r->name);
		allowed_report(l, SC_RISKY_ALLOWED, r->name, &gs,
			       arena_printf(l->arena, "it %s", r->why), fix,
			       arena_printf(l->arena, "refuse %s: name it in a rule with the action "
					    "SCMP_ACT_ERRNO", r->name));
	}
	for (size_t i = 0; i < sizeof io_uring_calls / sizeof io_uring_calls[0]; i++) {
		struct groups gs = allowed_on(l, io_uring_calls[i]);
		allowed_report(l, SC_IO_URING, io_uring_calls[i], &gs,
			       "io_uring runs reads, writes, opens and connects that the filter never "
			       "sees",
			       arena_printf(l->arena, "remove %s from this rule (Docker's default "
					    "profile refuses io_uring; programs fall back to ordinary "
					    "syscalls)", io_uring_calls[i]),
			       arena_printf(l->arena, "refuse %s: name it in a rule with the action "
					    "SCMP_ACT_ERRNO", io_uring_calls[i]));
	}
}

static void clone_allowed(struct lint_ctx *l)
{
	const struct rule_table *t = l->table;
	struct groups gs = { .n = 0 };
	for (size_t ai = 0; ai < t->narches; ai++) {
		const struct prof_rule *by, *unshare_by;
		const struct tarch *ta = &t->arches[ai];
		if (allowed_outright(t, ta, "clone", &by) &&
		    !allowed_outright(t, ta, "unshare", &unshare_by))
			group_add(&gs, by, RET_ALLOW, ta->arch);
	}
	allowed_report(l, SC_CLONE, "clone", &gs, "unshare is not, yet clone's flags create the "
		       "same namespaces (CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWNET, ...)",
		       "allow clone only without namespace flags, as Docker does: args[0] "
		       "SCMP_CMP_MASKED_EQ with value 2114060288 (0x7e020000) and valueTwo 0 "
		       "(args[1] on s390 and s390x)",
		       "refuse clone with namespace flags, as Docker does: allow it only where args[0] "
		       "SCMP_CMP_MASKED_EQ with value 2114060288 (0x7e020000) and valueTwo 0 holds");
}

/* ---- clone3 ---- */

/* Does any rule or the default let clone through on ta (for some arguments)? */
static bool clone_ever_allowed(const struct rule_table *t, const struct tarch *ta)
{
	int64_t nr = arch_syscall_nr(ta->arch, "clone");
	if (nr < 0)
		return false;
	const struct tsyscall *s = tarch_syscall(ta, (uint32_t)nr);
	if (!s)
		return lets_through(table_default(t, ta, (uint32_t)nr));
	bool any = !s->rules[0].nconds ? false : lets_through(t->default_action_by_arch[ta->arch->id]);
	for (size_t i = 0; i < s->nrules; i++)
		any |= lets_through(s->rules[i].action);
	return any;
}

static void clone3_answer(struct lint_ctx *l)
{
	const struct rule_table *t = l->table;
	struct groups broken = { .n = 0 }, hole = { .n = 0 };
	for (size_t ai = 0; ai < t->narches; ai++) {
		const struct tarch *ta = &t->arches[ai];
		int64_t nr = arch_syscall_nr(ta->arch, "clone3");
		if (nr < 0)
			continue;
		const uint64_t args[6] = { 0 };
		const struct tarch *used;
		const struct trule *r = table_deciding_rule(t, ta->arch->audit_arch, (uint32_t)nr,
							    args, &used);
		uint32_t action = table_decide(t, ta, (uint32_t)nr, args);
		enum action_kind k = action_kind_of(action);
		int enosys = arch_errno_nr(ta->arch, "ENOSYS");
		const struct prof_rule *clone_by;
		if (action == action_ret(ACT_ERRNO, (uint16_t)enosys) || k == ACT_TRACE ||
		    k == ACT_NOTIFY)
			continue;  /* TRACE answers ENOSYS without a tracer; NOTIFY, the agent */
		if (lets_through(action)) {
			if (!allowed_outright(t, ta, "clone", &clone_by))
				group_add(&hole, r ? r->source : NULL, action, ta->arch);
		} else if (clone_ever_allowed(t, ta)) {
			group_add(&broken, r ? r->source : NULL, action, ta->arch);
		}
	}
	for (size_t i = 0; i < hole.n; i++) {
		const struct group *g = &hole.g[i];
		lint_warn(l, SC_CLONE3, decider_origin(l, g->by, "clone3"),
			  arena_printf(l->arena, "answer clone3 with ENOSYS: a rule {\"names\": "
				       "[\"clone3\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": %d}; "
				       "glibc then falls back to clone, whose flags the filter checks",
				       arch_errno_nr(g->first, "ENOSYS")),
			  "clone3 is allowed %son %s, but seccomp cannot read its flags (they are in "
			  "memory): it creates the namespaces that clone's checks refuse",
			  g->by ? "" : "by the default action ", lint_arch_list(l, g->arches));
	}
	for (size_t i = 0; i < broken.n; i++) {
		const struct group *g = &broken.g[i];
		char text[48];
		lint_warn(l, SC_CLONE3, decider_origin(l, g->by, "clone3"),
			  arena_printf(l->arena, "answer clone3 with ENOSYS: %s{\"names\": "
				       "[\"clone3\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": %d}",
				       g->by ? "move clone3 to a rule " : "a rule ",
				       arch_errno_nr(g->first, "ENOSYS")),
			  "clone3 is answered with %s %son %s: glibc 2.34 and later create threads "
			  "with clone3 and fall back to clone only on ENOSYS, so pthread_create fails "
			  "(Python threads, and every program that starts one)",
			  action_describe(g->action, text, sizeof text),
			  g->by ? "" : "by the default action ", lint_arch_list(l, g->arches));
	}
}

/* ---- socketcall ---- */

static void socketcall_bypass(struct lint_ctx *l)
{
	const struct rule_table *t = l->table;
	struct groups checked = { .n = 0 }, refused = { .n = 0 };
	for (size_t ai = 0; ai < t->narches; ai++) {
		const struct tarch *ta = &t->arches[ai];
		const struct prof_rule *by, *socket_by;
		uint32_t socket_action;
		if (arch_syscall_nr(ta->arch, "socket") < 0 ||
		    !allowed_outright(t, ta, "socketcall", &by))
			continue;
		if (!outright(t, ta, "socket", &socket_action, &socket_by))
			group_add(&checked, by, RET_ALLOW, ta->arch);
		else if (!lets_through(socket_action))
			group_add(&refused, by, RET_ALLOW, ta->arch);
	}
	const char *fix = "refuse socketcall: since Linux 4.3 x86 has the direct socket syscalls, "
			  "which the filter checks (a C library that still multiplexes through "
			  "socketcall then gets no sockets)";
	for (size_t i = 0; i < checked.n; i++)
		lint_warn(l, SC_SOCKETCALL, decider_origin(l, checked.g[i].by, "socketcall"), fix,
			  "on %s, socket's arguments are checked but socketcall is allowed outright, "
			  "which creates sockets without those checks",
			  lint_arch_list(l, checked.g[i].arches));
	for (size_t i = 0; i < refused.n; i++)
		lint_warn(l, SC_SOCKETCALL, decider_origin(l, refused.g[i].by, "socketcall"), fix,
			  "on %s, socket is refused but socketcall is allowed outright, which creates "
			  "sockets all the same", lint_arch_list(l, refused.g[i].arches));
}

void lint_table(struct lint_ctx *l)
{
	shadowed(l);
	conditions(l);
	risky_allowed(l);
	clone_allowed(l);
	clone3_answer(l);
	socketcall_bypass(l);
}
