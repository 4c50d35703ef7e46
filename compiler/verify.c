/*
 * verify.c - the verify stage (see verify.h).
 */
#include "verify.h"

#include <inttypes.h>
#include <stdio.h>

#include "probe.h"

#define MAX_REPORTS 5

struct verify_ctx {
	const struct rule_table *t;
	const struct bpf_prog *prog;
	struct diag *diag;
	size_t inputs, mismatches;
};

static void check_one(struct verify_ctx *c, uint32_t arch, uint32_t nr, const uint64_t args[6])
{
	struct bpf_input in = { .nr = (int32_t)nr, .arch = arch,
				.big_endian = c->t->target->big_endian };
	for (int i = 0; i < 6; i++)
		in.args[i] = args[i];
	struct bpf_result got = bpf_simulate(c->prog, &in);
	uint32_t want = table_decide_raw(c->t, arch, nr, args);
	c->inputs++;
	if (got.action == want)
		return;
	if (c->mismatches++ >= MAX_REPORTS)
		return;
	char g[48], w[48];
	const struct arch_info *a = arch_by_audit(arch);
	const char *name = a ? arch_syscall_name(a, nr) : NULL;
	diag_error(c->diag, NULL, NULL,
		   "verification failed: arch 0x%08" PRIx32 " nr %" PRIu32 " (%s) args "
		   "[0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64
		   ", 0x%" PRIx64 "]: the program returns %s, the profile means %s",
		   arch, nr, name ? name : "?", args[0], args[1], args[2], args[3], args[4],
		   args[5], action_describe(got.action, g, sizeof g),
		   action_describe(want, w, sizeof w));
}

static void check_arch_value(struct verify_ctx *c, uint32_t arch)
{
	static const uint64_t zero[6];
	struct u32_set nrs = { 0 };
	probe_numbers(c->t, arch, &nrs);
	for (size_t i = 0; i < nrs.len; i++)
		check_one(c, arch, nrs.items[i], zero);
	u32_set_free(&nrs);

	/* Conditional syscalls: every argument region their constants distinguish. */
	for (size_t i = 0; i < c->t->narches; i++) {
		const struct tarch *ta = &c->t->arches[i];
		if (ta->arch->audit_arch != arch)
			continue;
		for (size_t k = 0; k < ta->nsyscalls; k++) {
			const struct tsyscall *s = &ta->syscalls[k];
			if (s->nrules == 1 && s->rules[0].nconds == 0)
				continue;
			struct arg_vectors v = { 0 };
			probe_args(s, ta->arch->is64, &v);
			for (size_t j = 0; j < v.len; j++)
				check_one(c, arch, s->nr, v.items[j]);
			arg_vectors_free(&v);
		}
	}
}

bool verify_program(const struct rule_table *t, const struct bpf_prog *prog,
		    struct diag *diag, struct verify_stats *stats)
{
	struct verify_ctx c = { .t = t, .prog = prog, .diag = diag };
	if (!bpf_validate(prog, diag)) {
		diag_error(diag, NULL, NULL, "verification failed: the generated program breaks "
			   "the kernel's rules (see above)");
		return false;
	}
	uint32_t done[ARCH_COUNT];
	size_t ndone = 0;
	for (size_t i = 0; i < t->narches; i++) {
		uint32_t a = t->arches[i].arch->audit_arch;
		bool seen = false;
		for (size_t k = 0; k < ndone; k++)
			seen |= done[k] == a;
		if (seen)
			continue;
		done[ndone++] = a;
		check_arch_value(&c, a);
	}
	struct u32_set foreign = { 0 };
	static const uint64_t zero[6];
	probe_foreign_arches(t, &foreign);
	for (size_t i = 0; i < foreign.len; i++) {
		check_one(&c, foreign.items[i], 0, zero);
		check_one(&c, foreign.items[i], 59, zero);
		check_one(&c, foreign.items[i], 0xffffffffu, zero);
	}
	u32_set_free(&foreign);
	if (stats)
		stats->inputs = c.inputs;
	if (c.mismatches > MAX_REPORTS)
		diag_error(diag, NULL, NULL, "verification failed: %zu more disagreements",
			   c.mismatches - MAX_REPORTS);
	return c.mismatches == 0;
}
