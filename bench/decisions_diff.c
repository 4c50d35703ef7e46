/*
 * decisions_diff.c - where two raw filters decide differently: every syscall
 * of every arch the first one dispatches on, with a set of argument values,
 * run through seccompc's simulator. It shows that a benchmark compares
 * filters that do the same job, and names the exceptions; the differential
 * test (tests/differential.sh) uses it against libseccomp.
 *
 *   decisions_diff [--profile P.json]... A.bpf B.bpf
 *
 * Values tried: 0, 1, 8, 38, 39, 40, 41, 0x20000, 0x20008, 0x7e020000,
 * 0xffffffff, 2^32 + 8 - the values moby's profile compares against and
 * their neighbours - as the first argument, the others 0. With --profile,
 * also every constant the profile's rules compare (value, valueTwo, the
 * datum under its mask, and each one's neighbours), and each value on
 * every argument index in turn, not only the index it appears on (a filter
 * that tests the wrong argument differs there). On 32-bit arches values are
 * cut to 32 bits, as the kernel passes them.
 *
 * Prints `ARCH NAME ARG ACTION_A ACTION_B` for each difference, ARG being
 * `args[I]=VALUE` (`*` when the syscall differs at every value tried), then
 * `differences N`. Exit: 0 none, 1 some, 2 usage or unreadable input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "profile.h"
#include "stats.h"

static const uint64_t moby_values[] = {
	0, 1, 8, 38, 39, 40, 41, 0x20000, 0x20008, 0x7e020000, 0xffffffffu, 0x100000008ull,
};

/* The inputs tried: values, and how many argument indexes each goes on. */
struct values {
	uint64_t *v;
	size_t len, cap;
	unsigned indexes;         /* 1: args[0] only; 6: each of args[0..5] */
};

static void add_value(struct values *vs, uint64_t v)
{
	for (size_t i = 0; i < vs->len; i++)
		if (vs->v[i] == v)
			return;
	VEC_RESERVE(vs->v, vs->cap, vs->len + 1);
	vs->v[vs->len++] = v;
}

static void add_around(struct values *vs, uint64_t v)
{
	add_value(vs, v - 1);
	add_value(vs, v);
	add_value(vs, v + 1);
}

/* Every constant of the profile's rules and its neighbours. */
static bool add_profile(struct values *vs, const char *path, struct arena *arena)
{
	struct diag diag;
	diag_init(&diag, path);
	diag.quiet_warnings = true;
	struct profile p;
	bool ok = profile_load(path, arena, &diag, &p);
	if (!ok)
		fprintf(stderr, "%s", diag_text(&diag));
	for (size_t r = 0; ok && r < p.nrules; r++)
		for (size_t a = 0; a < p.rules[r].nargs; a++) {
			const struct prof_arg *arg = &p.rules[r].args[a];
			add_around(vs, arg->value);
			if (arg->op == CMP_MASKED_EQ) {
				add_around(vs, arg->value_two);
				add_around(vs, arg->value_two & arg->value);
			}
		}
	diag_fini(&diag);
	vs->indexes = 6;
	return ok;
}

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
			   const struct arch_info *arch, uint32_t nr, const struct values *vs)
{
	size_t n = vs->len * vs->indexes;
	uint32_t *ra = xmalloc(n * sizeof *ra), *rb = xmalloc(n * sizeof *rb);
	size_t ndiff = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t v = vs->v[i % vs->len];
		struct bpf_input in = { .nr = (int32_t)nr, .arch = arch->audit_arch,
					.big_endian = arch->big_endian };
		in.args[i / vs->len] = arch->is64 || arch->id == ARCH_X32 ? v : (uint32_t)v;
		ra[i] = bpf_simulate(a, &in).action;
		rb[i] = bpf_simulate(b, &in).action;
		ndiff += ra[i] != rb[i];
	}
	const char *name = arch_syscall_name(arch, nr);
	if (ndiff == n) {
		printf("%s %s * %#x %#x\n", arch->name, name ? name : "?", ra[0], rb[0]);
		ndiff = 1;
	} else {
		for (size_t i = 0; i < n; i++)
			if (ra[i] != rb[i])
				printf("%s %s args[%zu]=%#llx %#x %#x\n", arch->name, name ? name : "?",
				       i / vs->len, (unsigned long long)vs->v[i % vs->len], ra[i], rb[i]);
	}
	free(ra);
	free(rb);
	return ndiff;
}

static int usage(void)
{
	fputs("usage: decisions_diff [--profile P.json]... A.bpf B.bpf\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	struct arena arena;
	arena_init(&arena);
	struct values vs = { .indexes = 1 };
	for (size_t i = 0; i < sizeof moby_values / sizeof moby_values[0]; i++)
		add_value(&vs, moby_values[i]);
	int i = 1;
	for (; i + 1 < argc && strcmp(argv[i], "--profile") == 0; i += 2)
		if (!add_profile(&vs, argv[i + 1], &arena))
			return 2;
	if (argc - i != 2)
		return usage();
	struct bpf_prog a, b;
	if (!load(argv[i], &arena, &a) || !load(argv[i + 1], &arena, &b))
		return 2;
	const struct arch_info *arches[ARCH_COUNT];
	size_t n = stats_find_arches(&a, arches, ARCH_COUNT - 1);
	for (size_t k = 0; k < n; k++)      /* x32 shares x86_64's arch value */
		if (arches[k]->id == ARCH_X86_64)
			arches[n++] = arch_get(ARCH_X32);
	size_t total = 0;
	for (size_t k = 0; k < n; k++)
		for (size_t s = 0; s < arches[k]->nsyscalls; s++)
			total += diff_syscall(&a, &b, arches[k], arches[k]->nrs[s], &vs);
	printf("differences %zu\n", total);
	free(vs.v);
	arena_free(&arena);
	return total != 0;
}
