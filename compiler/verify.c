/*
 * verify.c - the verify stage (see verify.h).
 *
 * Why this is a proof: table_meaning() gives, for a partition of the
 * (arch, nr) plane, the table's function of the argument words;
 * program_meaning() gives the same for the program, following every path
 * (each test of arch or nr cuts its rectangle exactly where the test
 * changes, so the paths' rectangles partition the plane). Both functions
 * are diagrams of one manager, reduced and ordered, hence canonical: on
 * each overlap of two rectangles the decisions agree for every argument
 * value exactly when the node ids are equal. docs/code-generation.md has
 * the whole argument.
 */
#include "verify_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define MAX_REPORTS 5

struct verify_ctx {
	const struct rule_table *t;
	struct bdd *m;
	struct diag *diag;
	size_t mismatches;
};

static bool report(const struct meaning_diff *d, void *arg)
{
	struct verify_ctx *c = arg;
	bool same = bdd_equal(c->m, d->a, d->b);
	if (bdd_classes_missed(c->m))
		return false;   /* before any report: made again on bits */
	if (same)
		return true;    /* they differ only on codes no value has */
	if (c->mismatches++ >= MAX_REPORTS)
		return true;
	uint32_t words[BDD_WORDS] = { 0 };
	bdd_witness_values(c->m, d->a, d->b, words);
	uint32_t coded[BDD_WORDS];
	memcpy(coded, words, sizeof coded);
	bdd_encode(c->m, coded);
	uint32_t got = bdd_eval(c->m, d->a, coded), want = bdd_eval(c->m, d->b, coded);
	uint64_t args[6];
	for (int i = 0; i < 6; i++)
		args[i] = (uint64_t)words[2 * i] << 32 | words[2 * i + 1];
	char g[48], w[48];
	const struct arch_info *a = arch_by_audit(d->arch_lo);
	if (a && a->id == ARCH_X86_64 && d->nr_lo >= 0x40000000u)
		a = arch_get(ARCH_X32);   /* x32's numbers carry bit 30 */
	const char *name = a ? arch_syscall_name(a, d->nr_lo) : NULL;
	char more[64] = "";
	if (d->nr_hi != d->nr_lo)
		snprintf(more, sizeof more, " (and every number up to %" PRIu32 ")", d->nr_hi);
	diag_error(c->diag, NULL, NULL,
		   "verification failed: arch 0x%08" PRIx32 " nr %" PRIu32 "%s (%s) args "
		   "[0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64
		   ", 0x%" PRIx64 "]: the program returns %s, the profile means %s",
		   d->arch_lo, d->nr_lo, more, name ? name : "?", args[0], args[1], args[2], args[3],
		   args[4], args[5], action_describe(got, g, sizeof g),
		   action_describe(want, w, sizeof w));
	return true;
}

struct bdd *verify_manager(const struct rule_table *t, const struct bpf_prog *prog)
{
	struct bdd_atoms *atoms = bdd_atoms_new();
	table_atoms(t, atoms);
	if (prog)
		program_atoms(prog, t->target->big_endian, atoms);
	struct bdd *m = bdd_new(0);
	bdd_use_classes(m, atoms);
	bdd_atoms_free(atoms);
	return m;
}

/*
 * Both meanings in one new manager c->m, compared: on value classes
 * (bdd.h), or, when a comparison escaped the classes, again on bits in a
 * fresh manager. (A program the analysis refuses is refused on either, so
 * its errors are said once.) Returns whether both were made.
 */
static bool build_and_compare(struct verify_ctx *c, const struct bpf_prog *prog,
			      struct meaning *want, struct meaning *got, bool *on_bits)
{
	bool ok = false;
	for (int on_classes = 1; on_classes >= 0; on_classes--) {
		c->m = on_classes ? verify_manager(c->t, prog) : bdd_new(0);
		table_meaning(c->t, c->m, want);
		ok = program_meaning(prog, c->t->target->big_endian, c->m, got, c->diag);
		*on_bits = !on_classes;
		c->mismatches = 0;
		if (ok && !bdd_overflowed(c->m) && !bdd_classes_missed(c->m))
			meaning_compare(got, want, report, c);
		if (!ok || !bdd_classes_missed(c->m))
			break;
		meaning_free(want);
		meaning_free(got);
		bdd_free(c->m);
	}
	return ok;
}

bool verify_program(const struct rule_table *t, const struct bpf_prog *prog,
		    struct diag *diag, struct verify_stats *stats)
{
	return verify_end(verify_begin(t), prog, diag, stats);
}

bool verify_serial(const struct rule_table *t, const struct bpf_prog *prog,
		   struct diag *diag, struct verify_stats *stats)
{
	struct verify_ctx c = { .t = t, .diag = diag };
	struct meaning want = { 0 }, got = { 0 };
	bool on_bits = false;
	bool ok = build_and_compare(&c, prog, &want, &got, &on_bits);
	if (ok && bdd_overflowed(c.m)) {
		diag_error(diag, NULL, NULL, "verification failed: the profile's argument checks "
			   "need more than %zu diagram nodes", bdd_node_count(c.m));
		ok = false;
	} else if (!ok) {
		diag_error(diag, NULL, NULL, "verification failed: the generated program cannot "
			   "be analysed (see above)");
	} else {
		if (c.mismatches > MAX_REPORTS)
			diag_error(diag, NULL, NULL, "verification failed: %zu more disagreements",
				   c.mismatches - MAX_REPORTS);
		ok = c.mismatches == 0;
	}
	if (stats)
		*stats = (struct verify_stats){ got.len, want.len, bdd_node_count(c.m), on_bits,
						false, bdd_overflowed(c.m) };
	meaning_free(&want);
	meaning_free(&got);
	bdd_free(c.m);
	return ok;
}

bool verify_end(struct verify_job *j, const struct bpf_prog *prog, struct diag *diag,
		struct verify_stats *stats)
{
	const struct rule_table *t = verify_job_table(j);
	if (!bpf_validate(prog, diag)) {
		verify_cancel(j);
		diag_error(diag, NULL, NULL, "verification failed: the generated program breaks "
			   "the kernel's rules (see above)");
		return false;
	}
	size_t full = 0;
	bool shown = verify_parallel(j, prog, stats, &full);
	verify_cancel(j);
	if (shown)
		return true;
	if (full) {
		diag_error(diag, NULL, NULL, "verification failed: the generated program cannot be "
			   "analysed: its argument checks and the profile's need more than %zu "
			   "diagram nodes", full);
		if (stats)
			*stats = (struct verify_stats){ .nodes = full, .out_of_room = true };
		return false;
	}
	return verify_serial(t, prog, diag, stats);
}
