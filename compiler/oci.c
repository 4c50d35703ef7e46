/*
 * oci.c - the resolved table as an OCI linux.seccomp object (see oci.h).
 *
 * The table is per arch and per syscall number; OCI rules are per profile
 * rule and name, one action for every arch. Each table rule is traced back
 * to the profile rule it came from (and to the one condition it keeps when
 * the rule repeats an argument index), and the names that decide it on
 * each arch are gathered under that rule.
 */
#include "oci.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* One rule of the output. */
struct oci_rule {
	const struct prof_rule *source;  /* NULL: a rule of the ENOSYS answers (arg -1: the
					  * limits by number; -2: syscalls newer by age) */
	int arg;                         /* -1: all of source's conditions; else only that one */
	uint32_t action;
	const char **names;
	size_t nnames, cap;
};

struct oci_ctx {
	const struct rule_table *t;
	struct diag *diag;
	struct oci_rule *rules;
	size_t nrules, cap;
};

/* -1 when r keeps all of its profile rule's conditions; else the index of
 * the one it keeps (resolve splits a rule that repeats an argument index). */
static int kept_arg(const struct trule *r)
{
	const struct prof_rule *src = r->source;
	if (r->nconds == src->nargs)
		return -1;
	const struct cond *c = &r->conds[0];
	uint64_t mask = width_mask(c->bits);   /* as resolve.c cut it */
	for (size_t i = 0; i < src->nargs; i++) {
		const struct prof_arg *a = &src->args[i];
		if (a->index == c->index && a->op == c->op && (a->value & mask) == c->value &&
		    (a->op != CMP_MASKED_EQ || (a->value_two & a->value & mask) == c->value_two))
			return (int)i;
	}
	return 0;   /* not reached: the condition is one of them */
}

/* The output rule for (source, arg), made on first use; NULL (reported)
 * when it has another action on another arch. */
static struct oci_rule *rule_for(struct oci_ctx *c, const struct prof_rule *source, int arg,
				 uint32_t action)
{
	for (size_t i = 0; i < c->nrules; i++) {
		struct oci_rule *o = &c->rules[i];
		if (o->source != source || o->arg != arg)
			continue;
		if (o->action == action)
			return o;
		char x[48], y[48];
		diag_error(c->diag, &source->origin.loc, source->origin.path,
			   "the rule means %s on one arch and %s on another; an OCI rule has one "
			   "errnoRet for every arch", action_describe(o->action, x, sizeof x),
			   action_describe(action, y, sizeof y));
		return NULL;
	}
	VEC_RESERVE(c->rules, c->cap, c->nrules + 1);
	c->rules[c->nrules] = (struct oci_rule){ .source = source, .arg = arg, .action = action };
	return &c->rules[c->nrules++];
}

static void add_name(struct oci_rule *o, const char *name)
{
	for (size_t i = 0; i < o->nnames; i++)
		if (strcmp(o->names[i], name) == 0)
			return;
	VEC_RESERVE(o->names, o->cap, o->nnames + 1);
	o->names[o->nnames++] = name;
}

/* Gathers every rule of every arch of the table under its profile rule,
 * with the names of that rule that have the syscall's number there. */
static bool gather(struct oci_ctx *c)
{
	for (size_t a = 0; a < c->t->narches; a++) {
		const struct tarch *ta = &c->t->arches[a];
		for (size_t s = 0; s < ta->nsyscalls; s++) {
			const struct tsyscall *sys = &ta->syscalls[s];
			for (size_t k = 0; k < sys->nrules; k++) {
				const struct trule *r = &sys->rules[k];
				struct oci_rule *o = rule_for(c, r->source, kept_arg(r),
							      r->action);
				if (!o)
					return false;
				for (size_t n = 0; n < r->source->nnames; n++) {
					const char *name = r->source->names[n].name;
					if (arch_syscall_nr(ta->arch, name) == (int64_t)sys->nr)
						add_name(o, name);
				}
			}
		}
	}
	return true;
}

/* Puts a rule's names in the order its profile rule lists them. */
static void profile_order(struct oci_rule *o)
{
	size_t n = 0;
	for (size_t i = 0; i < o->source->nnames && n < o->nnames; i++) {
		const char *name = o->source->names[i].name;
		for (size_t k = n; k < o->nnames; k++) {
			if (strcmp(o->names[k], name) != 0)
				continue;
			o->names[k] = o->names[n];
			o->names[n++] = name;
			break;
		}
	}
}

/* The largest number any output rule names on arch. */
static int64_t largest_named(const struct oci_ctx *c, const struct arch_info *arch)
{
	int64_t most = -1;
	for (size_t i = 0; i < c->nrules; i++)
		for (size_t n = 0; n < c->rules[i].nnames; n++) {
			int64_t nr = arch_syscall_nr(arch, c->rules[i].names[n]);
			most = nr > most ? nr : most;
		}
	return most;
}

/*
 * runc's ENOSYS stub (and --enosys-newer) answer ENOSYS above the largest
 * number the profile names on an arch, counting rules whatever their
 * action, those equal to the default included; the table drops those. The
 * profile is resolved once more with a default no rule has (ERRNO(65535))
 * and --enosys-newer, which gives that number per arch; where the output
 * names nothing as large, a name with that number is added under the
 * default action, which runc, crun and seccompc all skip as a rule.
 */
static void keep_enosys_limits(struct oci_ctx *c, const struct resolve_options *opts,
			       struct arena *arena)
{
	struct profile p = *c->t->profile;
	p.default_action = (struct prof_action){ .kind = ACT_ERRNO, .has_errno_ret = true,
						 .errno_ret = 0xffff,
						 .origin = p.default_action.origin };
	struct resolve_options o = *opts;
	o.enosys_newer = true;
	struct diag quiet;
	diag_init(&quiet, NULL);
	quiet.quiet_warnings = true;
	struct rule_table all;
	bool ok = resolve_profile(&p, &o, arena, &quiet, &all);
	diag_fini(&quiet);
	struct oci_rule *keep = NULL;
	for (size_t a = 0; ok && a < c->t->narches; a++) {
		const struct arch_info *arch = c->t->arches[a].arch;
		const struct tarch *ta = table_arch(&all, arch->id);
		if (!ta || !ta->enosys || largest_named(c, arch) >= (int64_t)ta->enosys_above)
			continue;
		const struct tsyscall *sys = tarch_syscall(ta, ta->enosys_above);
		const char *name = sys ? sys->name : arch_syscall_name(arch, ta->enosys_above);
		if (!name)
			continue;
		if (!keep)
			keep = rule_for(c, NULL, -1, c->t->default_action);
		add_name(keep, name);
	}
}

/* Does arch's table leave `name` to --enosys-newer's answer by age? */
static bool newer_on(const struct rule_table *t, const struct tarch *ta, const char *name)
{
	int64_t nr = arch_syscall_nr(ta->arch, name);
	return nr >= 0 && !tarch_syscall(ta, (uint32_t)nr) &&
	       table_default_why(t, ta, (uint32_t)nr) == DEFAULT_ENOSYS_NEWER;
}

/*
 * --enosys-newer also answers ENOSYS for a syscall newer than every one the
 * profile names, whatever its number; runc's stub goes by number only. So
 * that runc and crun answer alike, those syscalls get a rule of their own
 * with ENOSYS — where they are that on every arch of the output that has
 * them (OCI rules have no per-arch includes); a name that is not is left
 * out, with a warning.
 */
static void keep_enosys_by_age(struct oci_ctx *c)
{
	const struct rule_table *t = c->t;
	struct oci_rule *newer = NULL;
	for (size_t a = 0; a < t->narches; a++) {
		const struct tarch *ta = &t->arches[a];
		if (!ta->enosys)
			continue;
		for (size_t i = 0; i < ta->arch->nsyscalls; i++) {
			const char *name = syscall_names[ta->arch->ids_by_nr[i]];
			if (!newer_on(t, ta, name))
				continue;
			bool everywhere = true;
			for (size_t b = 0; b < t->narches && everywhere; b++)
				everywhere = arch_syscall_nr(t->arches[b].arch, name) < 0 ||
					     newer_on(t, &t->arches[b], name);
			if (!everywhere) {
				diag_warning(c->diag, NULL, NULL, "%s is newer than the profile on %s but "
					     "not on every arch of the output; an OCI rule cannot say so, "
					     "it is left to runc's stub", name, ta->arch->name);
				continue;
			}
			if (!newer)
				newer = rule_for(c, NULL, -2, ta->enosys_action);
			if (!newer)
				return;
			bool have = false;
			for (size_t k = 0; k < newer->nnames && !have; k++)
				have = strcmp(newer->names[k], name) == 0;
			if (!have)
				add_name(newer, name);
		}
	}
}

static int by_position(const void *x, const void *y)
{
	const struct oci_rule *a = x, *b = y;
	size_t pa = a->source ? a->source->position : SIZE_MAX;
	size_t pb = b->source ? b->source->position : SIZE_MAX;
	if (pa != pb)
		return pa < pb ? -1 : 1;
	return (a->arg > b->arg) - (a->arg < b->arg);
}

/* "KEY": "SCMP_ACT_...", and for ERRNO and TRACE ",\n PAD ERRNOKEY": N. */
static void write_action(struct buf *b, const char *key, const char *errno_key,
			 const char *pad, uint32_t action)
{
	enum action_kind kind = action_kind_of(action);
	buf_printf(b, "\"%s\": \"%s\"", key, action_kind_name(kind));
	if (kind == ACT_ERRNO || kind == ACT_TRACE)
		buf_printf(b, ",\n%s\"%s\": %u", pad, errno_key, action & RET_DATA);
}

static void write_string_array(struct buf *b, const char *key, const char *const *items,
			       size_t n, const char *pad)
{
	buf_printf(b, "%s\"%s\": [", pad, key);
	for (size_t i = 0; i < n; i++) {
		buf_printf(b, "%s\n%s  ", i ? "," : "", pad);
		buf_json_string(b, items[i]);
	}
	if (n)
		buf_printf(b, "\n%s", pad);
	buf_puts(b, "]");
}

static void write_arg(struct buf *b, const struct prof_arg *a, bool first)
{
	buf_printf(b, "%s\n        {\"index\": %u, \"value\": %" PRIu64 ", \"valueTwo\": %" PRIu64
		   ", \"op\": \"%s\"}", first ? "" : ",", a->index, a->value,
		   a->op == CMP_MASKED_EQ ? a->value_two : 0, cmp_op_name(a->op));
}

static void write_rule(struct buf *b, const struct oci_rule *o)
{
	buf_puts(b, "    {\n");
	write_string_array(b, "names", o->names, o->nnames, "      ");
	buf_puts(b, ",\n      ");
	write_action(b, "action", "errnoRet", "      ", o->action);
	const struct prof_rule *src = o->source;
	if (src && src->nargs) {
		buf_puts(b, ",\n      \"args\": [");
		if (o->arg >= 0)
			write_arg(b, &src->args[o->arg], true);
		for (size_t i = 0; o->arg < 0 && i < src->nargs; i++)
			write_arg(b, &src->args[i], i == 0);
		buf_puts(b, "\n      ]");
	}
	buf_puts(b, "\n    }");
}

static bool one_default(const struct oci_ctx *c)
{
	for (size_t a = 0; a < c->t->narches; a++) {
		uint32_t d = c->t->default_action_by_arch[c->t->arches[a].arch->id];
		if (d != c->t->default_action) {
			char x[48], y[48];
			diag_error(c->diag, &c->t->profile->default_action.origin.loc, "defaultAction",
				   "the default action is %s on %s and %s on %s; OCI's "
				   "defaultErrnoRet is one number for every arch",
				   action_describe(c->t->default_action, x, sizeof x),
				   c->t->target->name, action_describe(d, y, sizeof y),
				   c->t->arches[a].arch->name);
			return false;
		}
	}
	return true;
}

static void write_object(const struct oci_ctx *c, struct buf *b)
{
	const struct profile *p = c->t->profile;
	buf_puts(b, "{\n  ");
	write_action(b, "defaultAction", "defaultErrnoRet", "  ", c->t->default_action);
	const char *arches[ARCH_COUNT];
	for (size_t a = 0; a < c->t->narches; a++)
		arches[a] = c->t->arches[a].arch->scmp_name;
	buf_puts(b, ",\n");
	write_string_array(b, "architectures", arches, c->t->narches, "  ");
	if (p->nflags) {
		buf_puts(b, ",\n");
		write_string_array(b, "flags", p->flags, p->nflags, "  ");
	}
	if (p->listener_path) {
		buf_puts(b, ",\n  \"listenerPath\": ");
		buf_json_string(b, p->listener_path);
	}
	if (p->listener_metadata) {
		buf_puts(b, ",\n  \"listenerMetadata\": ");
		buf_json_string(b, p->listener_metadata);
	}
	buf_puts(b, ",\n  \"syscalls\": [");
	for (size_t i = 0; i < c->nrules; i++) {
		buf_puts(b, i ? ",\n" : "\n");
		write_rule(b, &c->rules[i]);
	}
	buf_puts(b, c->nrules ? "\n  ]\n}\n" : "]\n}\n");
}

bool oci_write(const struct rule_table *t, const struct resolve_options *opts,
	       struct arena *arena, struct diag *diag, struct buf *out)
{
	struct oci_ctx c = { .t = t, .diag = diag };
	bool ok = one_default(&c) && gather(&c);
	if (ok) {
		for (size_t i = 0; i < c.nrules; i++)
			profile_order(&c.rules[i]);
		keep_enosys_limits(&c, opts, arena);
		if (opts->enosys_newer)
			keep_enosys_by_age(&c);
		if (c.nrules)
			qsort(c.rules, c.nrules, sizeof *c.rules, by_position);
		write_object(&c, out);
	}
	for (size_t i = 0; i < c.nrules; i++)
		free(c.rules[i].names);
	free(c.rules);
	return ok;
}
