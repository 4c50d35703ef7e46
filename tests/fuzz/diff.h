/*
 * diff.h - the differential check of one case: seccompc compiles the
 * profile (verification on), the simulator runs the program on inputs
 * chosen from the profile, and every decision must equal the oracle's.
 * Kernel-safe cases also run a sample in the real kernel (kernel.c).
 */
#ifndef SECCOMPC_FUZZ_DIFF_H
#define SECCOMPC_FUZZ_DIFF_H

#include "bpf.h"
#include "model.h"
#include "oracle.h"

enum diff_verdict {
	DIFF_OK,              /* compiled, and every input decided as the profile says */
	DIFF_TOO_LARGE,       /* refused because it needs more than 4096 instructions: not a finding */
	DIFF_REFUSED,         /* a valid profile refused (exit 1 or 3): a finding */
	DIFF_WRONG,           /* compiled with exit 0, but decides some input wrongly: a finding */
};

struct diff_result {
	enum diff_verdict verdict;
	int status;           /* compile_profile_text()'s */
	size_t inputs;        /* simulated inputs */
	size_t mismatches;
	size_t kernel_runs;   /* syscalls made in the kernel */
	size_t kernel_mismatches;
	size_t insns;         /* program length */
	/* Refused with exit 3: the inputs the unverified program decides wrongly. */
	size_t hidden_mismatches;
	/* The arch of the first wrong decision (ARCH_COUNT: none, or a foreign arch value). */
	enum arch_id first_arch;
};

struct diff_options {
	bool kernel;          /* run kernel-safe cases' samples in the kernel */
	size_t max_report;    /* mismatches described in the report */
};

/* Checks c; describes every finding (and a few mismatching inputs) in report.
 * Returns res->verdict. */
enum diff_verdict diff_check(const struct model_case *c, const struct diff_options *opt,
			     struct diff_result *res, struct buf *report);

/* Simulates prog on the inputs chosen from c's profile and compares each
 * decision with the oracle's; returns the mismatches (the first max_report
 * described in report) and adds the inputs tried to *inputs (may be NULL). */
size_t diff_compare_program(const struct model_case *c, const struct bpf_prog *prog,
			    const struct diff_options *opt, struct buf *report, size_t *inputs);

/* One line for an input: "x86_64 nr 0 (read) args 0x1 0 ...". */
void diff_describe_input(struct buf *b, uint32_t audit_arch, uint32_t nr, const uint64_t args[6]);

/* ---- inputs (diff.c): argument vectors chosen from the profile ---------- */

struct arg_source {
	const struct model_case *c;
	const struct oracle *o;
	uint64_t *pool;       /* the profile's constants and their neighbours */
	size_t npool;
	uint64_t rng;
	bool *named;          /* per rule: names named_nr on named_arch (a cache) */
	const struct arch_info *named_arch;
	uint32_t named_nr;
};

void arg_source_init(struct arg_source *s, const struct model_case *c, const struct oracle *o,
		     struct arena *arena);

/* Calls f on argument vectors for syscall nr on arch: all constants of the
 * profile on every index, vectors that satisfy each rule naming nr and their
 * boundary neighbours, random mixes. `budget` scales how many. */
void arg_vectors(struct arg_source *s, const struct arch_info *arch, uint32_t nr, size_t budget,
		 void (*f)(void *ctx, const uint64_t args[6]), void *ctx);

/* ---- kernel.c ------------------------------------------------------------ */

/* Runs a sample of a kernel-safe case's inputs through the real kernel (this
 * x86_64 host; x86 through int $0x80 when the kernel has ia32 emulation) and
 * compares what happened with the oracle. Counts into res, describes
 * disagreements in report. False when the host cannot (not x86_64). */
bool kernel_check(const struct model_case *c, const struct oracle *o, struct arg_source *src,
		  const struct bpf_prog *prog, const struct diff_options *opt,
		  struct diff_result *res, struct buf *report);

#endif
