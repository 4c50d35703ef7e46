/*
 * cmd_resolve.c - `seccompc resolve PROFILE.json [--oci] [selection options]`.
 *
 * Prints the resolved per-arch rule table as JSON: for every arch the filter
 * covers, every syscall the profile decides with its number, name and rules
 * in evaluation order (conditions and actions), and where each rule came from.
 * With --oci, the same meaning as an OCI linux.seccomp object (oci.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "buf.h"
#include "oci.h"
#include "table.h"

static void json_action(struct buf *b, uint32_t action)
{
	char text[48];
	buf_json_string(b, action_describe(action, text, sizeof text));
}

static void print_rule(struct buf *b, const struct trule *r)
{
	buf_puts(b, "{\"action\": ");
	json_action(b, r->action);
	buf_puts(b, ", \"conditions\": [");
	for (size_t k = 0; k < r->nconds; k++) {
		const struct cond *c = &r->conds[k];
		buf_printf(b, "%s{\"index\": %u, \"bits\": %u, \"op\": \"%s\", \"value\": %" PRIu64,
			   k ? ", " : "", c->index, c->bits, cmp_op_name(c->op), c->value);
		if (c->op == CMP_MASKED_EQ)
			buf_printf(b, ", \"valueTwo\": %" PRIu64, c->value_two);
		buf_puts(b, "}");
	}
	buf_puts(b, "], \"source\": ");
	buf_json_string(b, r->source->origin.path);
	buf_printf(b, ", \"line\": %d}", r->source->origin.loc.line);
}

static void print_table(struct buf *b, const struct rule_table *t)
{
	buf_puts(b, "{\n  \"profile\": ");
	buf_json_string(b, t->profile->file ? t->profile->file : "-");
	buf_puts(b, ",\n  \"target\": ");
	buf_json_string(b, t->target->name);
	buf_printf(b, ",\n  \"kernel\": \"%u.%u\",\n  \"caps\": [", t->kernel_major, t->kernel_minor);
	for (size_t i = 0; i < t->ncaps; i++) {
		buf_puts(b, i ? ", " : "");
		buf_json_string(b, t->caps[i]);
	}
	buf_puts(b, "],\n  \"defaultAction\": ");
	json_action(b, t->default_action);
	buf_puts(b, ",\n  \"badArchAction\": ");
	json_action(b, t->bad_arch_action);
	buf_puts(b, ",\n  \"arches\": [");
	for (size_t a = 0; a < t->narches; a++) {
		const struct tarch *ta = &t->arches[a];
		buf_printf(b, "%s\n    {\"arch\": \"%s\", \"auditArch\": \"0x%08" PRIx32 "\", "
			   "\"defaultAction\": ", a ? "," : "", ta->arch->name, ta->arch->audit_arch);
		json_action(b, t->default_action_by_arch[ta->arch->id]);
		if (ta->enosys) {
			char newest[16];
			buf_printf(b, ", \"enosysAbove\": %" PRIu32 ", \"enosysNewest\": \"%s\", "
				   "\"enosysAction\": ", ta->enosys_above,
				   cli_since_text(ta->enosys_since, newest, sizeof newest));
			json_action(b, ta->enosys_action);
		}
		buf_puts(b, ", \"syscalls\": [");
		for (size_t s = 0; s < ta->nsyscalls; s++) {
			const struct tsyscall *sys = &ta->syscalls[s];
			buf_printf(b, "%s\n      {\"nr\": %" PRIu32 ", \"name\": ", s ? "," : "", sys->nr);
			buf_json_string(b, sys->name);
			buf_puts(b, ", \"rules\": [");
			for (size_t r = 0; r < sys->nrules; r++) {
				buf_puts(b, r ? ", " : "");
				print_rule(b, &sys->rules[r]);
			}
			buf_puts(b, "]}");
		}
		buf_puts(b, "\n    ]}");
	}
	buf_puts(b, "\n  ]\n}\n");
}

static const char resolve_usage[] =
	"usage: seccompc resolve PROFILE.json [--oci] [-o OUT] [--target ARCH] [--cap CAP]...\n"
	"                [--caps docker|none|all] [--drop-cap CAP]... [--kernel X.Y]\n"
	"                [--bad-arch ACTION] [--strict] [--enosys-newer]\n";

int cmd_resolve(int argc, char **argv)
{
	struct cli_select sel;
	const char *path = NULL, *output = "-";
	bool oci = false;
	const struct cli_flag flags[] = { { "oci", &oci }, { NULL, NULL } };
	int st = cli_parse_operand_flags(argc, argv, resolve_usage, &sel, &path, &output, flags);
	if (st >= 0)
		return st;
	if (oci && sel.opts.has_bad_arch)
		return cli_usage_error("resolve", "--oci: an OCI profile has no bad-arch action "
				       "(the runtime chooses it); leave --bad-arch out");
	struct arena arena;
	arena_init(&arena);
	struct diag diag;
	cli_diag_init(&diag, path, &sel);
	struct profile prof;
	struct rule_table table;
	int status = EXIT_INPUT;
	if (profile_load(path, &arena, &diag, &prof) &&
	    resolve_profile(&prof, &sel.opts, &arena, &diag, &table)) {
		prof.file = path;
		struct buf out;
		buf_init(&out);
		bool ok = true;
		if (oci)
			ok = oci_write(&table, &sel.opts, &arena, &diag, &out);
		else
			print_table(&out, &table);
		diag.file = NULL;
		if (ok && write_file_atomic(output, out.data, out.len, 0644, &diag))
			status = EXIT_OK;
		buf_free(&out);
	}
	diag_fini(&diag);
	arena_free(&arena);
	return status;
}
