/*
 * stats.h - measurements of any seccomp filter: size, instructions run per
 * syscall, what the kernel's action cache can skip, and the dispatch floor.
 *
 * Everything is counted with the simulator, so the numbers are exact and
 * repeatable. With a rule table (a filter seccompc compiled) conditional
 * syscalls are measured on the argument regions their rules distinguish;
 * without one (a blob from another tool) on the constants the program
 * compares against.
 */
#ifndef SECCOMPC_STATS_H
#define SECCOMPC_STATS_H

#include "bpf/bpf.h"
#include "table.h"

struct arch_stats {
	const struct arch_info *arch;
	size_t nsyscalls;          /* real syscalls of the arch */
	double mean;               /* instructions run, each syscall at its worst argument region */
	unsigned p50, p99, max;
	unsigned max_any;          /* any number at all, not only real syscalls */
	size_t allowed_always;     /* syscalls allowed whatever their arguments */
	size_t cache_skips;        /* of those, the ones the kernel's action cache skips */
	size_t ranges;             /* runs of equal decisions over the number space */
	double floor;              /* optimal alphabetic tree over those runs: comparisons */
};

struct filter_stats {
	size_t size;
	struct arch_stats arches[ARCH_COUNT];
	size_t narches;
};

/* Measures prog on each arch of arches[] (their byte order must match). t may be NULL. */
void stats_compute(const struct bpf_prog *prog, const struct arch_info *const *arches,
		   size_t narches, const struct rule_table *t, struct filter_stats *out);

/* Does the kernel's action cache (seccomp_cache_prepare_bitmap) find that
 * prog allows (arch, nr) without looking at arguments? */
bool stats_cache_allows(const struct bpf_prog *prog, uint32_t audit_arch, uint32_t nr);

/* Which arches a blob dispatches on: the arch constants it compares after
 * loading seccomp_data.arch, as arch_info pointers; returns the count. */
size_t stats_find_arches(const struct bpf_prog *prog, const struct arch_info **out, size_t max);

#endif
