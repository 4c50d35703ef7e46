/*
 * test_verify.c - the verifier proves, it does not sample.
 *
 * Its pieces are checked against plain arithmetic (diagrams against the
 * comparisons they stand for, meanings against the simulator and against
 * table_decide_raw() on many inputs), and the whole against corrupted
 * programs: one wrong instruction anywhere (the arch check, a syscall-range
 * boundary, each word of an argument comparison, a return, a foreign arch's
 * path, deep inside a three-argument region) must be refused, with an input
 * on which the program and the profile disagree.
 */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bdd.h"
#include "meaning.h"
#include "testlib.h"
#include "verify.h"

static uint64_t next_random(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Values near the interesting ones: 0, ~0, k and its neighbours, random. */
static uint32_t near(uint64_t *rng, uint32_t k)
{
	switch (next_random(rng) % 6) {
	case 0: return 0;
	case 1: return ~0u;
	case 2: return k;
	case 3: return k + 1;
	case 4: return k - 1;
	default: return (uint32_t)next_random(rng);
	}
}

static bool holds(enum cmp_op op, uint64_t v, uint64_t k)
{
	switch (op) {
	case CMP_EQ: return v == k;
	case CMP_NE: return v != k;
	case CMP_LT: return v < k;
	case CMP_LE: return v <= k;
	case CMP_GE: return v >= k;
	default: return v > k;
	}
}

START_TEST(compare_diagrams_mean_the_comparison)
{
	static const enum cmp_op ops[] = { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GE, CMP_GT };
	uint64_t rng = 0x9e3779b97f4a7c15ull;
	struct bdd *m = bdd_new(0);
	for (int round = 0; round < 4000; round++) {
		enum cmp_op op = ops[next_random(&rng) % 6];
		size_t n = 1 + next_random(&rng) % 2;
		struct bdd_piece p[2];
		uint8_t first = (uint8_t)(next_random(&rng) % (BDD_WORDS - 1));
		for (size_t i = 0; i < n; i++) {
			uint32_t masks[] = { ~0u, 0xffff, 0xff, 0x80000001u, (uint32_t)next_random(&rng), 0 };
			p[i] = (struct bdd_piece){ (uint8_t)(first + i), masks[next_random(&rng) % 6] };
		}
		uint64_t k = next_random(&rng);
		if (n == 1)
			k &= 0xffffffffu;
		if (next_random(&rng) % 2)
			k &= 0xffff;
		bdd_node f = bdd_compare(m, p, n, op, k);
		for (int t = 0; t < 20; t++) {
			uint32_t words[BDD_WORDS];
			for (int w = 0; w < BDD_WORDS; w++)
				words[w] = (uint32_t)next_random(&rng);
			uint64_t v = 0;
			for (size_t i = 0; i < n; i++) {
				words[p[i].word] = near(&rng, (uint32_t)(k >> (32 * (n - 1 - i))));
				v = v << 32 | (words[p[i].word] & p[i].mask);
			}
			bool want = holds(op, v, k);
			ck_assert_msg(bdd_eval(m, f, words) == (want ? 1u : 0u),
				      "round %d: op %d n %zu k 0x%" PRIx64 " v 0x%" PRIx64, round, op, n,
				      k, v);
		}
	}
	ck_assert(!bdd_overflowed(m));
	bdd_free(m);
}
END_TEST

START_TEST(diagrams_are_canonical_and_witnesses_differ)
{
	struct bdd *m = bdd_new(0);
	struct bdd_piece lo = { 1, ~0u }, hi = { 0, ~0u };
	/* x > 5 built twice, two ways: one node. */
	bdd_node a = bdd_compare(m, &lo, 1, CMP_GT, 5);
	bdd_node b = bdd_not(m, bdd_compare(m, &lo, 1, CMP_LE, 5));
	ck_assert_uint_eq(a, b);
	bdd_node allow = bdd_action(m, 0x7fff0000), deny = bdd_action(m, 0x50001);
	bdd_node f = bdd_ite(m, a, allow, deny);
	bdd_node g = bdd_ite(m, bdd_and(m, a, bdd_compare(m, &hi, 1, CMP_EQ, 0)), allow, deny);
	ck_assert_uint_ne(f, g);
	uint32_t w[BDD_WORDS];
	ck_assert(bdd_witness(m, f, g, w));
	ck_assert_uint_ne(bdd_eval(m, f, w), bdd_eval(m, g, w));
	ck_assert(!bdd_witness(m, f, f, w));
	bdd_free(m);
}
END_TEST

/* A random profile over a few syscalls with argument checks on edge values. */
static char *random_profile(uint64_t seed)
{
	static const char *const ops[] = { "SCMP_CMP_EQ", "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE",
					   "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ" };
	static const char *const names[] = { "read", "write", "ioctl", "mmap", "socket", "personality" };
	static const uint64_t edges[] = { 0, 1, 2, 0x7fffffff, 0x80000000, 0xffffffff,
					  0x100000000ull, 0xffffffff00000000ull, ~0ull, 1111, 2222 };
	uint64_t rng = seed * 0x2545f4914f6cdd1dull + 1;
	size_t cap = 1 << 14, len = 0;
	char *s = malloc(cap);
	len += (size_t)snprintf(s + len, cap - len, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
				"\"architectures\": [\"SCMP_ARCH_X86\", \"SCMP_ARCH_X32\"], \"syscalls\": [");
	int nrules = 2 + (int)(next_random(&rng) % 6);
	for (int r = 0; r < nrules; r++) {
		const char *action = next_random(&rng) % 3 ? "SCMP_ACT_ALLOW" : "SCMP_ACT_TRAP";
		len += (size_t)snprintf(s + len, cap - len, "%s{\"names\": [\"%s\"], \"action\": \"%s\", "
					"\"args\": [", r ? ", " : "", names[next_random(&rng) % 6],
					action);
		int nargs = 1 + (int)(next_random(&rng) % 3);
		for (int a = 0; a < nargs; a++) {
			uint64_t v = edges[next_random(&rng) % 11];
			if (next_random(&rng) % 4 == 0)
				v = next_random(&rng);
			len += (size_t)snprintf(s + len, cap - len,
						"%s{\"index\": %d, \"value\": %" PRIu64 ", \"valueTwo\": %"
						PRIu64 ", \"op\": \"%s\"}", a ? ", " : "",
						(int)(next_random(&rng) % 4), v,
						edges[next_random(&rng) % 11], ops[next_random(&rng) % 7]);
		}
		len += (size_t)snprintf(s + len, cap - len, "]}");
	}
	snprintf(s + len, cap - len, "]}");
	return s;
}

static bdd_node region_fn(const struct meaning *mn, uint32_t arch, uint32_t nr)
{
	for (size_t i = 0; i < mn->len; i++) {
		const struct region *r = &mn->items[i];
		if (r->arch_lo <= arch && arch <= r->arch_hi && r->nr_lo <= nr && nr <= r->nr_hi)
			return r->fn;
	}
	ck_abort_msg("no region holds arch 0x%x nr %u", arch, nr);
	return 0;
}

/* Both readings of a meaning agree with the plain functions on many inputs:
 * the table's with table_decide_raw(), the program's with the simulator. */
START_TEST(meanings_agree_with_table_and_simulator)
{
	uint64_t rng = 77 + (uint64_t)_i;
	char *json = random_profile(1000 + (uint64_t)_i);
	struct arena arena;
	arena_init(&arena);
	struct diag diag;
	diag_init(&diag, "random");
	diag.quiet_warnings = true;
	struct compile_result res;
	ck_assert_msg(test_compile(json, "x86_64", &arena, &diag, &res) == 0, "%s\n%s",
		      diag_text(&diag), json);
	struct bdd *m = bdd_new(0);
	struct meaning want = { 0 }, got = { 0 };
	table_meaning(&res.table, m, &want);
	ck_assert(program_meaning(&res.prog, false, m, &got, &diag));
	static const uint32_t arches[] = { 0xc000003e, 0x40000003, 0xc00000b7, 0 };
	for (int t = 0; t < 3000; t++) {
		uint32_t arch = arches[next_random(&rng) % 4];
		uint32_t nrs[] = { 0, 1, 3, 4, 9, 16, 54, 135, 136, 359, 0x40000000, 0x40000010,
				   0x80000000, 0xffffffff, (uint32_t)next_random(&rng) };
		uint32_t nr = nrs[next_random(&rng) % 15];
		struct bpf_input in = { .nr = (int32_t)nr, .arch = arch };
		uint32_t words[BDD_WORDS];
		for (int a = 0; a < 6; a++) {
			words[2 * a] = near(&rng, 1);
			words[2 * a + 1] = near(&rng, 1111);
			in.args[a] = (uint64_t)words[2 * a] << 32 | words[2 * a + 1];
		}
		words[BDD_IP_HI] = words[BDD_IP_LO] = 0;
		uint32_t table = table_decide_raw(&res.table, arch, nr, in.args);
		uint32_t sim = bpf_simulate(&res.prog, &in).action;
		ck_assert_uint_eq(bdd_eval(m, region_fn(&want, arch, nr), words), table);
		ck_assert_uint_eq(bdd_eval(m, region_fn(&got, arch, nr), words), sim);
		ck_assert_uint_eq(sim, table);
	}
	meaning_free(&want);
	meaning_free(&got);
	bdd_free(m);
	diag_fini(&diag);
	arena_free(&arena);
	free(json);
}
END_TEST

/* Compiles without verification; the table and program come back. */
static void compile_unverified(const char *json, const char *target, struct arena *arena,
			       struct compile_result *res)
{
	struct diag diag;
	diag_init(&diag, "test");
	struct compile_options co = { .verify = false };
	co.select.target = arch_by_name(target);
	ck_assert_msg(compile_profile_text("test", json, strlen(json), &co, arena, &diag, res) == 0,
		      "%s", diag_text(&diag));
	diag_fini(&diag);
}

/* Verification of a program with instruction pc replaced; returns the
 * verifier's messages (empty when it passes). */
static char *verify_corrupted(const struct compile_result *res, size_t pc, struct sock_filter bad)
{
	struct sock_filter *copy = malloc(res->prog.len * sizeof *copy);
	memcpy(copy, res->prog.insns, res->prog.len * sizeof *copy);
	copy[pc] = bad;
	struct bpf_prog p = { copy, res->prog.len };
	struct diag diag;
	diag_init(&diag, "test");
	bool ok = verify_program(&res->table, &p, &diag, NULL);
	char *text = strdup(diag_text(&diag));
	ck_assert(ok == (text[0] == 0));
	diag_fini(&diag);
	free(copy);
	return text;
}

/* The first instruction at or after `from` with this code and k. */
static size_t find_insn(const struct bpf_prog *p, size_t from, uint16_t code, uint32_t k)
{
	for (size_t i = from; i < p->len; i++)
		if (p->insns[i].code == code && p->insns[i].k == k)
			return i;
	ck_abort_msg("no instruction 0x%x #%u", code, k);
	return 0;
}

static const char deep_profile[] =
	"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
	"{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": ["
	" {\"index\": 0, \"value\": 2, \"valueTwo\": 0, \"op\": \"SCMP_CMP_MASKED_EQ\"},"
	" {\"index\": 2, \"value\": 1111, \"op\": \"SCMP_CMP_EQ\"},"
	" {\"index\": 3, \"value\": 2222, \"op\": \"SCMP_CMP_EQ\"}]},"
	"{\"names\": [\"write\", \"close\", \"exit_group\"], \"action\": \"SCMP_ACT_ALLOW\"}]}";

START_TEST(a_wrong_compare_deep_in_three_arguments_is_refused)
{
	struct arena arena;
	arena_init(&arena);
	struct compile_result res;
	compile_unverified(deep_profile, "x86_64", &arena, &res);
	/* The comparison of args[3]'s low word with 2222: the deepest test. */
	size_t pc = find_insn(&res.prog, 0, BPF_JMP | BPF_JEQ | BPF_K, 2222);
	struct sock_filter bad = res.prog.insns[pc];
	bad.k = 2223;
	char *msg = verify_corrupted(&res, pc, bad);
	ck_assert_msg(strstr(msg, "verification failed: arch 0xc000003e nr 0 (read) args [0x0, "),
		      "%s", msg);
	ck_assert_msg(strstr(msg, ", 0x457, 0x8af, 0x0, 0x0]: the program returns ALLOW, the "
			     "profile means ERRNO(1)") ||
		      strstr(msg, ", 0x457, 0x8ae, 0x0, 0x0]: the program returns ERRNO(1), the "
			     "profile means ALLOW"), "%s", msg);
	free(msg);
	arena_free(&arena);
}
END_TEST

struct corruption {
	const char *what;
	size_t pc;
	struct sock_filter bad;
};

/* One corruption of each kind of instruction; every one is refused. */
START_TEST(every_kind_of_wrong_instruction_is_refused)
{
	struct arena arena;
	arena_init(&arena);
	struct compile_result res;
	const char *json =
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_X86\"], "
		"\"syscalls\": [{\"names\": [\"read\", \"write\", \"close\", \"getpid\"], "
		"\"action\": \"SCMP_ACT_ALLOW\"}, {\"names\": [\"mmap\"], \"action\": "
		"\"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 2, \"value\": 4, \"valueTwo\": 0, "
		"\"op\": \"SCMP_CMP_MASKED_EQ\"}, {\"index\": 1, \"value\": 4294967297, "
		"\"op\": \"SCMP_CMP_LT\"}]}]}";
	compile_unverified(json, "x86_64", &arena, &res);
	const struct bpf_prog *p = &res.prog;
	struct corruption cases[8];
	size_t n = 0;
	size_t arch = find_insn(p, 0, BPF_JMP | BPF_JEQ | BPF_K, 0xc000003e);
	cases[n++] = (struct corruption){ "arch check", arch, p->insns[arch] };
	cases[n - 1].bad.k = 0xc00000b7;
	size_t foreign = find_insn(p, 0, BPF_JMP | BPF_JEQ | BPF_K, 0x40000003);
	cases[n++] = (struct corruption){ "a foreign arch's path", foreign, p->insns[foreign] };
	cases[n - 1].bad.k = 0x40000028;
	for (size_t i = 0; i < p->len; i++) {   /* the first range boundary on nr */
		if (p->insns[i].code == (BPF_JMP | BPF_JGE | BPF_K) && p->insns[i].k < 500) {
			cases[n++] = (struct corruption){ "syscall range boundary", i, p->insns[i] };
			cases[n - 1].bad.k++;
			break;
		}
	}
	size_t mask = find_insn(p, 0, BPF_JMP | BPF_JSET | BPF_K, 4);
	cases[n++] = (struct corruption){ "masked argument test", mask, p->insns[mask] };
	cases[n - 1].bad.k = 6;
	size_t hi = find_insn(p, 0, BPF_LD | BPF_W | BPF_ABS, 28);   /* args[1].hi, LE */
	size_t hi_test = hi + 1;
	cases[n++] = (struct corruption){ "high-word comparison", hi_test, p->insns[hi_test] };
	cases[n - 1].bad.k ^= 1;
	size_t lo = find_insn(p, 0, BPF_LD | BPF_W | BPF_ABS, 24);   /* args[1].lo */
	cases[n++] = (struct corruption){ "low-word comparison", lo + 1, p->insns[lo + 1] };
	cases[n - 1].bad.k ^= 0x10;
	size_t ret = find_insn(p, 0, BPF_RET | BPF_K, 0x7fff0000);
	cases[n++] = (struct corruption){ "return value", ret, p->insns[ret] };
	cases[n - 1].bad.k = 0x7ffc0000;   /* LOG instead of ALLOW */
	size_t load = find_insn(p, 0, BPF_LD | BPF_W | BPF_ABS, 24);
	cases[n++] = (struct corruption){ "argument load", load, p->insns[load] };
	cases[n - 1].bad.k = 32;   /* args[2].lo instead of args[1].lo */
	for (size_t i = 0; i < n; i++) {
		char *msg = verify_corrupted(&res, cases[i].pc, cases[i].bad);
		ck_assert_msg(strstr(msg, "verification failed"), "%s (insn %zu) passed",
			      cases[i].what, cases[i].pc);
		free(msg);
	}
	/* And the program as generated passes. */
	char *msg = verify_corrupted(&res, 0, p->insns[0]);
	ck_assert_msg(msg[0] == 0, "%s", msg);
	free(msg);
	arena_free(&arena);
}
END_TEST

/* A program the symbolic execution does not understand is refused with the
 * instruction named, not guessed about. */
START_TEST(what_cannot_be_analysed_is_refused)
{
	struct arena arena;
	arena_init(&arena);
	struct compile_result res;
	compile_unverified(deep_profile, "x86_64", &arena, &res);
	size_t lo = find_insn(&res.prog, 0, BPF_LD | BPF_W | BPF_ABS, 32);   /* args[2].lo */
	char *msg = verify_corrupted(&res, lo, (struct sock_filter){ BPF_ALU | BPF_ADD | BPF_K, 0,
									   0, 1 });
	ck_assert_msg(strstr(msg, "cannot analyse the filter at instruction"), "%s", msg);
	free(msg);
	arena_free(&arena);
}
END_TEST

static Suite *verify_suite(void)
{
	Suite *s = suite_create("verify");
	TCase *t = tcase_create("diagrams");
	tcase_add_test(t, compare_diagrams_mean_the_comparison);
	tcase_add_test(t, diagrams_are_canonical_and_witnesses_differ);
	suite_add_tcase(s, t);
	t = tcase_create("meanings");
	tcase_set_timeout(t, 60);
	tcase_add_loop_test(t, meanings_agree_with_table_and_simulator, 0, 40);
	suite_add_tcase(s, t);
	t = tcase_create("negative");
	tcase_add_test(t, a_wrong_compare_deep_in_three_arguments_is_refused);
	tcase_add_test(t, every_kind_of_wrong_instruction_is_refused);
	tcase_add_test(t, what_cannot_be_analysed_is_refused);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(verify_suite());
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? 1 : 0;
}
