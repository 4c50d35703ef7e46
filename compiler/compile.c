/*
 * compile.c - the pipeline as one call (see compile.h).
 */
#include "compile.h"

#include <limits.h>
#include <stdint.h>

#include "argplan.h"
#include "codegen.h"
#include "plan.h"
#include "verify.h"

static const struct rule_table *notify_table(const struct rule_table *t, bool denials,
					     struct arena *arena);
static int compile_table(const struct rule_table *table, const struct compile_options *opts,
			 struct arena *arena, struct diag *diag, struct compile_result *out);

int compile_profile_text(const char *file, const char *text, size_t len,
			 const struct compile_options *opts, struct arena *arena,
			 struct diag *diag, struct compile_result *out)
{
	out->source_text = text;
	out->source_len = len;
	if (!profile_parse(text, len, arena, diag, &out->profile))
		return 1;
	out->profile.file = file;
	if (!resolve_profile(&out->profile, &opts->select, arena, diag, &out->table))
		return 1;
	const struct rule_table *t = &out->table;
	if (opts->notify_errno || opts->notify_denials)
		t = notify_table(&out->table, opts->notify_denials, arena);
	return compile_table(t, opts, arena, diag, out);
}

/* Whether `action` is one the filter hands to the listener: ERRNO, or with
 * denials every action that does not let the call run (ALLOW and LOG do). */
static bool notified(uint32_t action, bool denials)
{
	enum action_kind k = action_kind_of(action);
	return denials ? k != ACT_ALLOW && k != ACT_LOG : k == ACT_ERRNO;
}

/* A copy of t in which every notified() action is USER_NOTIF instead. */
static const struct rule_table *notify_table(const struct rule_table *t, bool denials,
					     struct arena *arena)
{
	struct rule_table *n = arena_alloc(arena, sizeof *n);
	*n = *t;
	for (int a = 0; a < ARCH_COUNT; a++)
		if (notified(n->default_action_by_arch[a], denials))
			n->default_action_by_arch[a] = RET_USER_NOTIF;
	if (notified(n->default_action, denials))
		n->default_action = RET_USER_NOTIF;
	if (notified(n->bad_arch_action, denials))
		n->bad_arch_action = RET_USER_NOTIF;
	struct tarch *arches = arena_calloc(arena, t->narches, sizeof *arches);
	for (size_t a = 0; a < t->narches; a++) {
		const struct tarch *ta = &t->arches[a];
		struct tsyscall *sys = arena_calloc(arena, ta->nsyscalls + 1, sizeof *sys);
		for (size_t i = 0; i < ta->nsyscalls; i++) {
			sys[i] = ta->syscalls[i];
			struct trule *rules = arena_calloc(arena, sys[i].nrules, sizeof *rules);
			for (size_t r = 0; r < sys[i].nrules; r++) {
				rules[r] = ta->syscalls[i].rules[r];
				if (notified(rules[r].action, denials))
					rules[r].action = RET_USER_NOTIF;
			}
			sys[i].rules = rules;
		}
		arches[a] = *ta;
		arches[a].syscalls = sys;
		if (ta->enosys)   /* --enosys-newer's answer is an ERRNO too */
			arches[a].enosys_action = RET_USER_NOTIF;
	}
	n->arches = arches;
	return n;
}

/* Plans and generates the program of a resolved table in the shapes of
 * `cg`; false (reported to diag) when it does not fit. */
static bool generate(const struct rule_table *table, const struct codegen_options *cg,
		     struct arena *arena, struct diag *diag, struct bpf_prog *out)
{
	/* Plan once to learn the decisions and what each leaf costs, then for
	 * real, so that the search keeps expensive leaves shallow. */
	struct plan_options po;
	plan_options_default(&po);
	po.decisions_only = true;
	struct plan plan;
	plan_build(table, &po, arena, &plan);
	unsigned *cost = arena_calloc(arena, plan.ndecisions + 1, sizeof *cost);
	codegen_leaf_costs(&plan, table, cg, arena, cost);
	po.decisions_only = false;
	po.leaf_cost = cost;
	po.nleaf_cost = plan.ndecisions;
	plan_build(table, &po, arena, &plan);
	return codegen(&plan, table, cg, arena, diag, out);
}

/*
 * The shapes a program is tried in, fastest first, until one fits 4,096
 * instructions. A larger bucket trades a few instructions on the path (a
 * longer chain under each search) for fewer `jge`s, so a profile just past
 * the fast shape's limit keeps logarithmic searches instead of dropping to
 * chains: 6,000 ioctl requests run at most 48 instructions at bucket 32,
 * against 3,892 as one chain. The compact plans come last, their searches
 * in the same order, then their chains, usually the smallest program.
 */
static const struct shape_rung {
	bool compact;
	unsigned bucket;
} SHAPE_LADDER[] = {
	{ false, 4 }, { false, 8 }, { false, 16 }, { false, 32 }, { false, 64 },
	{ true, 4 }, { true, 8 }, { true, 16 }, { true, 32 }, { true, 64 }, { true, UINT_MAX },
};

#define SHAPE_RUNGS (sizeof SHAPE_LADDER / sizeof SHAPE_LADDER[0])

unsigned compile_shape_count(void)
{
	return SHAPE_RUNGS;
}

#define FIRST_COMPACT_RUNG 5   /* SHAPE_LADDER's first compact shape */

/* The first of SHAPE_LADDER's shapes from `first` on whose program fits,
 * made into out->prog; when none does, the error of the one that came
 * closest is reported and false returned. *rung gets the shape's index. */
static bool fit_shape(const struct rule_table *table, unsigned first, struct arena *arena,
		      struct diag *diag, struct bpf_prog *out, size_t *rung)
{
	struct codegen_options cg;
	codegen_options_default(&cg);
	cg.plans = arg_plan_cache_new();
	size_t nrungs = SHAPE_RUNGS, closest = nrungs - 1, closest_len = SIZE_MAX;
	bool ok = false;
	for (size_t i = first < nrungs ? first : nrungs - 1; i < nrungs && !ok; i++) {
		cg.compact = SHAPE_LADDER[i].compact;
		cg.bucket = SHAPE_LADDER[i].bucket;
		struct diag quiet;
		diag_init(&quiet, diag->file);
		out->len = 0;
		ok = generate(table, &cg, arena, &quiet, out);
		diag_fini(&quiet);
		*rung = i;
		if (!ok && out->len && out->len < closest_len) {
			closest = i;
			closest_len = out->len;
		}
	}
	if (!ok) {   /* again, to say why */
		cg.compact = SHAPE_LADDER[closest].compact;
		cg.bucket = SHAPE_LADDER[closest].bucket;
		generate(table, &cg, arena, diag, out);
	}
	arg_plan_cache_free(cg.plans);
	return ok;
}

/*
 * Generates and (when opts->verify) verifies the program of a resolved
 * table into out->prog; returns as compile_profile_text() does. The
 * program is the first shape that fits (fit_shape()). The proof of a fast
 * shape's program can run out of room where a compact one's does not: a
 * trie's fallbacks each have a function of their own, and on rules that
 * mix four arguments those can outgrow the bound (`conds`-780 passes
 * 40 M nodes, its compact program proves in 4 M). Then the compact shapes
 * are tried, and proved afresh. A proof that finds the program wrong ends
 * the compile: another shape would hide a compiler bug.
 */
static int compile_table(const struct rule_table *table, const struct compile_options *opts,
			 struct arena *arena, struct diag *diag, struct compile_result *out)
{
	struct verify_job *proof = opts->verify ? verify_begin(table) : NULL;
	size_t rung;
	if (!fit_shape(table, opts->first_shape, arena, diag, &out->prog, &rung)) {
		verify_cancel(proof);
		return 1;
	}
	if (!proof)
		return 0;
	bool may_retry = rung < FIRST_COMPACT_RUNG;
	struct verify_stats stats = { 0 };
	struct diag first;
	diag_init(&first, diag->file);
	bool proved = verify_end(proof, &out->prog, may_retry ? &first : diag, &stats);
	diag_fini(&first);
	if (proved)
		return 0;
	if (!may_retry)
		return 3;
	if (!stats.out_of_room) {   /* wrong: again, to say where */
		proof = verify_begin(table);
		return verify_end(proof, &out->prog, diag, NULL) ? 0 : 3;
	}
	struct diag quiet;
	diag_init(&quiet, diag->file);
	bool fits = fit_shape(table, FIRST_COMPACT_RUNG, arena, &quiet, &out->prog, &rung);
	diag_fini(&quiet);
	if (!fits) {
		diag_error(diag, NULL, NULL, "verification failed: the generated program cannot be "
			   "analysed: its argument checks need more than %zu diagram nodes, and no "
			   "compact shape, whose proof may need fewer, fits %d instructions",
			   stats.nodes, BPF_MAX_INSNS);
		return 3;
	}
	proof = verify_begin(table);
	return verify_end(proof, &out->prog, diag, NULL) ? 0 : 3;
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
