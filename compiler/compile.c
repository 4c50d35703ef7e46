/*
 * compile.c - the pipeline as one call (see compile.h).
 */
#include "compile.h"

#include "codegen.h"
#include "plan.h"
#include "verify.h"

int compile_profile_text(const char *file, const char *text, size_t len,
			 const struct compile_options *opts, struct arena *arena,
			 struct diag *diag, struct compile_result *out)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)text[i]) * 1099511628211ull;
	out->source_hash = h;
	if (!profile_parse(text, len, arena, diag, &out->profile))
		return 1;
	out->profile.file = file;
	if (!resolve_profile(&out->profile, &opts->select, arena, diag, &out->table))
		return 1;
	/* Plan once to learn the decisions and what each leaf costs, then for
	 * real, so that the search keeps expensive leaves shallow. */
	struct plan_options po;
	plan_options_default(&po);
	po.decisions_only = true;
	struct plan plan;
	plan_build(&out->table, &po, arena, &plan);
	unsigned *cost = arena_calloc(arena, plan.ndecisions + 1, sizeof *cost);
	codegen_leaf_costs(&plan, &out->table, arena, cost);
	po.decisions_only = false;
	po.leaf_cost = cost;
	po.nleaf_cost = plan.ndecisions;
	plan_build(&out->table, &po, arena, &plan);
	if (!codegen(&plan, &out->table, arena, diag, &out->prog))
		return 1;
	out->notes = NULL;
	if (opts->verify && !verify_program(&out->table, &out->prog, diag, NULL))
		return 3;
	return 0;
}

int compile_profile_file(const char *path, const struct compile_options *opts,
			 struct arena *arena, struct diag *diag, struct compile_result *out)
{
	struct buf text;
	if (!read_file(path, &text, diag))
		return 1;
	char *copy = arena_strndup(arena, text.data, text.len);
	size_t len = text.len;
	buf_free(&text);
	return compile_profile_text(path, copy, len, opts, arena, diag, out);
}
