/*
 * decisions_diff.c - where two raw filters decide differently: every syscall
 * of every arch the first one dispatches on, with a handful of first
 * arguments, run through seccompc's simulator. It shows that a benchmark
 * compares filters that do the same job, and names the exceptions.
 *
 *   decisions_diff A.bpf B.bpf
 *
 * First arguments tried (the others 0): 0, 1, 8, 38, 39, 40, 41, 0x20000,
 * 0x20008, 0x7e020000, 0xffffffff, 2^32 + 8 - the values moby's profile
 * compares against and their neighbours. Prints `ARCH NAME ARG0 ACTION_A
 * ACTION_B` for each difference (arguments ignored when the syscall differs
 * at every value: ARG0 is `*`), then `differences N`. Exit: 0 none, 1 some,
 * 2 usage or unreadable input.
 */
#include <stdio.h>
#include <stdlib.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "stats.h"

static const uint64_t arg0s[] = {
	0, 1, 8, 38, 39, 40, 41, 0x20000, 0x20008, 0x7e020000, 0xffffffffu, 0x100000008ull,
};
enum { NARGS = sizeof arg0s / sizeof arg0s[0] };

static bool load(const char *path, struct arena *arena, struct bpf_prog *out)
{
	struct diag diag;
	struct buf raw;
	diag_init(&diag, path);
	buf_init(&raw);
	bool big = false;
	bool ok = read_file(path, &raw, &diag) &&
		  (bpf_guess_endian(raw.data, raw.len, &big) || true) &&
		  bpf_read_raw(raw.data, raw.len, big, arena, out, &diag);
	if (!ok)
		fprintf(stderr, "%s", diag_text(&diag));
	buf_free(&raw);
	diag_fini(&diag);
	return ok;
}

/* Differences for one syscall; prints them, returns how many lines. */
static size_t diff_syscall(const struct bpf_prog *a, const struct bpf_prog *b,
			   const struct arch_info *arch, uint32_t nr)
{
	uint32_t ra[NARGS], rb[NARGS];
	size_t ndiff = 0;
	for (size_t i = 0; i < NARGS; i++) {
		struct bpf_input in = { .nr = (int32_t)nr, .arch = arch->audit_arch,
					.args = { arg0s[i] }, .big_endian = arch->big_endian };
		ra[i] = bpf_simulate(a, &in).action;
		rb[i] = bpf_simulate(b, &in).action;
		ndiff += ra[i] != rb[i];
	}
	const char *name = arch_syscall_name(arch, nr);
	if (ndiff == NARGS) {
		printf("%s %s * %#x %#x\n", arch->name, name ? name : "?", ra[0], rb[0]);
		return 1;
	}
	for (size_t i = 0; i < NARGS; i++)
		if (ra[i] != rb[i])
			printf("%s %s %#llx %#x %#x\n", arch->name, name ? name : "?",
			       (unsigned long long)arg0s[i], ra[i], rb[i]);
	return ndiff;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fputs("usage: decisions_diff A.bpf B.bpf\n", stderr);
		return 2;
	}
	struct arena arena;
	arena_init(&arena);
	struct bpf_prog a, b;
	if (!load(argv[1], &arena, &a) || !load(argv[2], &arena, &b))
		return 2;
	const struct arch_info *arches[ARCH_COUNT];
	size_t n = stats_find_arches(&a, arches, ARCH_COUNT - 1);
	for (size_t i = 0; i < n; i++)      /* x32 shares x86_64's arch value */
		if (arches[i]->id == ARCH_X86_64)
			arches[n++] = arch_get(ARCH_X32);
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < arches[i]->nsyscalls; k++)
			total += diff_syscall(&a, &b, arches[i], arches[i]->nrs[k]);
	printf("differences %zu\n", total);
	arena_free(&arena);
	return total != 0;
}
