/*
 * cmd_lint.c - `seccompc lint PROFILE.json [selection options]`.
 *
 * Reports what a profile probably did not mean: unknown syscall names,
 * rules that never apply because an unconditional rule decides their
 * syscall, repeated argument indexes (ORed, as runc does), argument checks
 * on socket while socketcall is allowed outright, and dangerous syscalls
 * allowed unconditionally. Parse and resolve errors and warnings come first.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "buf.h"
#include "risky.h"
#include "table.h"

static void lint_table(const struct rule_table *t, struct diag *d)
{
	const struct tarch *native = &t->arches[0];
	for (size_t i = 0; i < t->nshadowed; i++) {
		const struct shadowed_rule *s = &t->shadowed[i];
		diag_warning(d, &s->rule->origin.loc, s->rule->origin.path,
			     "this rule never decides %s: the unconditional rule at %s (line %d) "
			     "decides it first", s->name, s->decider->origin.path,
			     s->decider->origin.loc.line);
	}
	for (size_t i = 0; i < risky_syscall_count; i++) {
		int64_t nr = arch_syscall_nr(native->arch, risky_syscalls[i].name);
		const struct tsyscall *s = nr >= 0 ? tarch_syscall(native, (uint32_t)nr) : NULL;
		bool allowed = s ? s->nrules == 1 && s->rules[0].nconds == 0 &&
				   s->rules[0].action == RET_ALLOW
				 : t->default_action == RET_ALLOW;
		if (allowed && s)
			diag_warning(d, &s->rules[0].source->origin.loc, s->rules[0].source->origin.path,
				     "%s is allowed outright on %s: it %s", risky_syscalls[i].name,
				     native->arch->name, risky_syscalls[i].why);
	}
	for (size_t a = 0; a < t->narches; a++) {
		const struct tarch *ta = &t->arches[a];
		int64_t sock = arch_syscall_nr(ta->arch, "socket");
		int64_t call = arch_syscall_nr(ta->arch, "socketcall");
		const struct tsyscall *s = sock >= 0 ? tarch_syscall(ta, (uint32_t)sock) : NULL;
		const struct tsyscall *sc = call >= 0 ? tarch_syscall(ta, (uint32_t)call) : NULL;
		if (s && sc && s->rules[0].nconds > 0 && sc->nrules == 1 && sc->rules[0].nconds == 0 &&
		    sc->rules[0].action == RET_ALLOW)
			diag_warning(d, &sc->rules[0].source->origin.loc, sc->rules[0].source->origin.path,
				     "on %s, socket's arguments are checked but socketcall is allowed "
				     "outright, which creates sockets without those checks", ta->arch->name);
	}
}

static void lint_profile(const struct profile *p, struct diag *d)
{
	for (size_t i = 0; i < p->nrules; i++) {
		const struct prof_rule *r = &p->rules[i];
		unsigned seen = 0;
		for (size_t k = 0; k < r->nargs; k++) {
			unsigned bit = 1u << r->args[k].index;
			if (seen & bit) {
				diag_warning(d, &r->args[k].origin.loc, r->args[k].origin.path,
					     "argument %u is compared twice in one rule: the rule becomes "
					     "one rule per condition, ORed (as runc and crun do), not ANDed",
					     r->args[k].index);
				break;
			}
			seen |= bit;
		}
	}
}

int cmd_lint(int argc, char **argv)
{
	static const char usage[] =
		"usage: seccompc lint PROFILE.json [--target ARCH] [--cap CAP]... [--drop-cap CAP]...\n"
		"                [--caps docker|none|all] [--kernel X.Y] [--strict]\n";
	struct cli_select sel;
	const char *path;
	int st = cli_parse_operand(argc, argv, usage, &sel, &path, NULL);
	if (st >= 0)
		return st;

	struct arena arena;
	arena_init(&arena);
	struct diag diag;
	cli_diag_init(&diag, path, &sel);
	struct profile prof;
	struct rule_table table;
	int status = EXIT_INPUT;
	if (profile_load(path, &arena, &diag, &prof)) {
		lint_profile(&prof, &diag);
		if (resolve_profile(&prof, &sel.opts, &arena, &diag, &table))
			lint_table(&table, &diag);
		status = diag_failed(&diag) ? EXIT_INPUT : EXIT_OK;
		fprintf(stderr, "%s: %d error%s, %d warning%s\n", path, diag.errors,
			diag.errors == 1 ? "" : "s", diag.warnings, diag.warnings == 1 ? "" : "s");
	}
	diag_fini(&diag);
	arena_free(&arena);
	return status;
}
