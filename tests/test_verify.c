/*
 * test_verify.c - the verifier proves, it does not sample.
 *
 * Its pieces are checked against plain arithmetic (diagrams against the
 * comparisons they stand for, meanings against the simulator and against
 * table_decide_raw() on many inputs), and the whole against corrupted
 * programs: one wrong instruction anywhere (the arch check, a syscall-range
 * boundary, the x32 range, each word of an argument comparison on either
 * byte order, a mask test, an argument load, a return, a jump target, a
 * foreign arch's path, deep inside a three-argument region) must be
 * refused, naming the arch, the syscall, an argument vector and both
 * actions; re-simulating the corrupted program there must give the action
 * reported. The proof on two threads, which may only ever conclude
 * "equal", gives the one-thread proof's verdict on corrupted programs of a
 * profile big enough to use it. The reading of programs is checked on random programs of every
 * shape seccomp filters take, not only seccompc's; and the verifier, as the
 * oracle, checks the argument code of the shapes where reusing what the
 * accumulator holds would be wrong.
 */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bdd.h"
#include "meaning.h"
#include "testlib.h"
#include "verify_internal.h"

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

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

/* Interval sets made in one pass are the diagrams ORed comparisons make
 * (canonical: the same node), at the ends of the word too. */
START_TEST(interval_sets_are_their_comparisons_ored)
{
	struct bdd *m = bdd_new(0);
	uint64_t rng = 77;
	static const uint32_t edges[] = { 0, 1, 2, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff };
	for (int round = 0; round < 400; round++) {
		uint8_t word = (uint8_t)(next_random(&rng) % BDD_WORDS);
		struct bdd_piece piece = { word, ~0u };
		uint32_t pts[16];
		size_t npts = 2 * (1 + next_random(&rng) % 8);
		for (size_t i = 0; i < npts; i++)
			pts[i] = next_random(&rng) % 3 ? (uint32_t)next_random(&rng) >> (next_random(&rng) % 32)
						     : edges[next_random(&rng) % 7];
		qsort(pts, npts, sizeof *pts, cmp_u32);
		/* pairs of points, kept apart by at least one value */
		uint32_t iv[8][2];
		size_t n = 0;
		bdd_node ored = bdd_false(m);
		for (size_t i = 0; i + 1 < npts; i += 2) {
			if (n && (uint64_t)iv[n - 1][1] + 1 >= pts[i])
				continue;
			iv[n][0] = pts[i];
			iv[n][1] = pts[i + 1];
			bdd_node in = bdd_and(m, bdd_compare(m, &piece, 1, CMP_GE, pts[i]),
					      bdd_compare(m, &piece, 1, CMP_LE, pts[i + 1]));
			ored = bdd_ite(m, in, bdd_true(m), ored);
			n++;
		}
		ck_assert_uint_eq(bdd_intervals(m, word, (const uint32_t (*)[2])iv, n), ored);
	}
	uint32_t all[1][2] = { { 0, 0xffffffff } };
	ck_assert_uint_eq(bdd_intervals(m, 3, (const uint32_t (*)[2])all, 1), bdd_true(m));
	ck_assert_uint_eq(bdd_intervals(m, 3, NULL, 0), bdd_false(m));
	ck_assert(!bdd_overflowed(m));
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

/* A random valid program of the shapes seccomp filters take, seccompc's and
 * others': tests of arch and nr (jeq, jgt, jge, jset, masked with and), then
 * of argument and instruction-pointer words, constants and returns, every
 * jump forward. Masks keep their lowest bit at 2^20 or above (a path may
 * still hold nr when it meets one), so that a masked test cuts the plane
 * into few enough blocks: the verifier analyses every such program. */
static struct bpf_prog random_program(uint64_t *rng, struct sock_filter *insns, size_t max)
{
	static const uint32_t ks[] = { 0, 1, 2, 39, 40, 0x3fffffff, 0x40000000, 0x40000027,
				       0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0xc000003e,
				       0x40000003, 0xc00000b7 };
	static const uint32_t high_masks[] = { 0x40000000, 0x80000000, 0xc0000000, 0xfff00000,
					       0x00100000, 0x7ff00000 };
	static const uint32_t actions[] = { 0x7fff0000, 0x50001, 0x50026, 0x80000000, 0x30000,
					    0x7ffc0000 };
	size_t len = 8 + next_random(rng) % (max - 8);
	size_t context = len / 3;   /* instructions on arch and nr come first */
	bool word_loaded = false;
	for (size_t pc = 0; pc + 1 < len; pc++) {
		uint64_t r = next_random(rng);
		size_t room = len - pc - 1;   /* instructions after this one */
		uint8_t jt = (uint8_t)(next_random(rng) % (room < 12 ? room : 12));
		uint8_t jf = (uint8_t)(next_random(rng) % (room < 12 ? room : 12));
		uint32_t k = r % 3 ? ks[(r >> 8) % 15] : (uint32_t)(r >> 16);
		bool on_context = pc < context;
		switch (r % 9) {
		case 0:
		case 1:
			if (on_context)
				insns[pc] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
									 (r >> 20) % 2 ? 0 : 4);
			else
				insns[pc] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
									 8 + 4 * (uint32_t)((r >> 20) % 14));
			word_loaded = true;
			break;
		case 2:
			insns[pc] = (struct sock_filter)BPF_STMT(BPF_ALU | BPF_AND | BPF_K,
								 high_masks[(r >> 8) % 6]);
			break;
		case 3:
			insns[pc] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K,
								 high_masks[(r >> 8) % 6], jt, jf);
			break;
		case 4:
			insns[pc] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, k, jt, jf);
			break;
		case 5:
			insns[pc] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, k, jt, jf);
			break;
		case 6:
			insns[pc] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, k, jt, jf);
			break;
		case 7:
			insns[pc] = word_loaded || r % 2 ?
				(struct sock_filter)BPF_STMT(BPF_RET | BPF_K, actions[(r >> 8) % 6]) :
				(struct sock_filter)BPF_STMT(BPF_LD | BPF_IMM, k);
			break;
		default:
			insns[pc] = (struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA, jt);
			break;
		}
	}
	insns[len - 1] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, actions[next_random(rng) % 6]);
	return (struct bpf_prog){ insns, len };
}

/* The verifier's reading of any program is the simulator's, on every kind
 * of test of arch and nr (seccompc emits only some of them) and of the
 * argument words. */
START_TEST(program_meanings_agree_with_the_simulator_on_any_program)
{
	uint64_t rng = 0x51ed2701u + (uint64_t)_i * 7919;
	for (int round = 0; round < 20; round++) {
		struct sock_filter insns[48];
		struct bpf_prog prog = random_program(&rng, insns, 48);
		struct diag diag;
		diag_init(&diag, "random program");
		ck_assert_msg(bpf_validate(&prog, &diag), "%s", diag_text(&diag));
		struct bdd *m = bdd_new(0);
		struct meaning got = { 0 };
		ck_assert_msg(program_meaning(&prog, false, m, &got, &diag), "seed %d round %d: %s",
			      _i, round, diag_text(&diag));
		for (int t = 0; t < 300; t++) {
			uint32_t arches[] = { 0xc000003e, 0x40000003, 0xc00000b7,
					      (uint32_t)next_random(&rng), near(&rng, 0x40000000) };
			uint32_t nrs[] = { near(&rng, 39), near(&rng, 0x40000000), near(&rng, 0x80000000),
					   (uint32_t)next_random(&rng), near(&rng, 0xfff00000) };
			struct bpf_input in = { .nr = (int32_t)nrs[next_random(&rng) % 5],
						.arch = arches[next_random(&rng) % 5] };
			uint32_t words[BDD_WORDS];
			for (int w = 0; w < BDD_WORDS; w++)
				words[w] = near(&rng, (uint32_t)next_random(&rng) % 64);
			for (int a = 0; a < 6; a++)
				in.args[a] = (uint64_t)words[2 * a] << 32 | words[2 * a + 1];
			in.ip = (uint64_t)words[BDD_IP_HI] << 32 | words[BDD_IP_LO];
			uint32_t sim = bpf_simulate(&prog, &in).action;
			uint32_t nr = (uint32_t)in.nr;
			ck_assert_msg(bdd_eval(m, region_fn(&got, in.arch, nr), words) == sim,
				      "seed %d round %d: arch 0x%x nr 0x%x", _i, round, in.arch, nr);
		}
		meaning_free(&got);
		bdd_free(m);
		diag_fini(&diag);
	}
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

/* A program wrong nearly everywhere: five disagreements shown, the rest
 * counted in one line. */
START_TEST(many_disagreements_are_counted_not_listed)
{
	struct arena arena;
	arena_init(&arena);
	struct compile_result res;
	compile_unverified(deep_profile, "x86_64", &arena, &res);
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, 0x7fff0000);
	char *msg = verify_corrupted(&res, 0, allow);
	size_t shown = 0;
	for (const char *p = strstr(msg, "verification failed: arch "); p;
	     p = strstr(p + 1, "verification failed: arch "))
		shown++;
	ck_assert_msg(shown == 5, "%zu shown: %s", shown, msg);
	ck_assert_msg(strstr(msg, "more disagreements"), "%s", msg);
	free(msg);
	arena_free(&arena);
}
END_TEST

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

/* What a failed verification says about its first disagreement. */
struct reported {
	uint32_t arch, nr, nr_hi;
	char name[64];
	uint64_t args[6];
	char program[64], profile[64];
};

/* Reads "verification failed: arch 0x... nr N[ (and every number up to M)]
 * (NAME) args [A0, ..., A5]: the program returns X, the profile means Y". */
static bool parse_report(const char *msg, struct reported *r)
{
	memset(r, 0, sizeof *r);
	const char *p = strstr(msg, "verification failed: arch 0x");
	if (!p || sscanf(p, "verification failed: arch 0x%" SCNx32 " nr %" SCNu32, &r->arch,
			 &r->nr) != 2)
		return false;
	r->nr_hi = r->nr;
	const char *line_end = strchr(p, '\n');
	const char *more = strstr(p, " (and every number up to ");
	if (more && more < line_end)
		sscanf(more, " (and every number up to %" SCNu32, &r->nr_hi);
	const char *args = strstr(p, ") args [");
	const char *name = args;
	while (name && name > p && *name != '(')
		name--;
	if (!args || *name != '(' || (size_t)(args - name - 1) >= sizeof r->name)
		return false;
	memcpy(r->name, name + 1, (size_t)(args - name - 1));
	if (sscanf(args, ") args [0x%" SCNx64 ", 0x%" SCNx64 ", 0x%" SCNx64 ", 0x%" SCNx64
		   ", 0x%" SCNx64 ", 0x%" SCNx64 "]: the program returns %63[^,], the profile "
		   "means %63[^\n]", &r->args[0], &r->args[1], &r->args[2], &r->args[3],
		   &r->args[4], &r->args[5], r->program, r->profile) != 8)
		return false;
	return true;
}

/* The syscall (arch value, nr) names: x32's from 2^30 up on x86_64. */
static const char *syscall_at(uint32_t audit, uint32_t nr)
{
	const struct arch_info *a = arch_by_audit(audit);
	if (a && a->id == ARCH_X86_64 && nr >= 0x40000000u)
		a = arch_get(ARCH_X32);
	const char *name = a ? arch_syscall_name(a, nr) : NULL;
	return name ? name : "?";
}

/* The disagreement reported for a corrupted program is real: the program
 * and the table decide there what the message says, and differently, at
 * both ends of the reported run of numbers. */
static void assert_report_is_true(const char *what, const struct compile_result *res,
				  const struct bpf_prog *bad, const char *msg, struct reported *r)
{
	ck_assert_msg(parse_report(msg, r), "%s: unreadable report:\n%s", what, msg);
	ck_assert_str_eq(r->name, syscall_at(r->arch, r->nr));
	uint32_t ends[2] = { r->nr, r->nr_hi };
	for (int e = 0; e < 2; e++) {
		struct bpf_input in = { .nr = (int32_t)ends[e], .arch = r->arch,
					.big_endian = res->table.target->big_endian };
		memcpy(in.args, r->args, sizeof in.args);
		char got[48], want[48];
		action_describe(bpf_simulate(bad, &in).action, got, sizeof got);
		action_describe(table_decide_raw(&res->table, r->arch, ends[e], r->args), want,
				sizeof want);
		ck_assert_msg(strcmp(got, r->program) == 0 && strcmp(want, r->profile) == 0,
			      "%s: reported nr %" PRIu32 ": program %s, profile %s; re-simulated: "
			      "program %s, profile %s\n%s", what, ends[e], r->program, r->profile,
			      got, want, msg);
	}
	ck_assert_str_ne(r->program, r->profile);
}

/* x86_64 with x86 and x32: plain ranges, an x32 range, a masked test and
 * an argument compared in both words (mmap's len, 64 bits), one in its low
 * word only on x86 (lseek's compat_off_t). */
static const char kinds_profile[] =
	"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_X86\", "
	"\"SCMP_ARCH_X32\"], \"syscalls\": [{\"names\": [\"read\", \"write\", \"close\", "
	"\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\"}, {\"names\": [\"mmap\"], \"action\": "
	"\"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 2, \"value\": 4, \"valueTwo\": 0, \"op\": "
	"\"SCMP_CMP_MASKED_EQ\"}, {\"index\": 1, \"value\": 4294967297, \"op\": \"SCMP_CMP_LT\"}]}, "
	"{\"names\": [\"lseek\"], \"action\": \"SCMP_ACT_TRAP\", \"args\": [{\"index\": 1, "
	"\"value\": 12884901893, \"op\": \"SCMP_CMP_EQ\"}]}]}";

/* s390x with s390: big-endian, so args[1]'s high word is at 24, low at 28. */
static const char big_endian_profile[] =
	"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_S390\"], "
	"\"syscalls\": [{\"names\": [\"read\", \"write\", \"close\", \"getpid\"], \"action\": "
	"\"SCMP_ACT_ALLOW\"}, {\"names\": [\"lseek\"], \"action\": \"SCMP_ACT_TRAP\", \"args\": "
	"[{\"index\": 1, \"value\": 12884901893, \"op\": \"SCMP_CMP_EQ\"}]}]}";

#define JMP_K(op) (BPF_JMP | (op) | BPF_K)
#define LD_ABS (BPF_LD | BPF_W | BPF_ABS)

/*
 * One corruption of one kind: the instruction found by `code` and `k`
 * (after the one found by `after_code`/`after_k` when given) gets a new k,
 * a jump target moved by `jt_delta`, or a new return value. The first
 * disagreement reported must be on `arch` (0: any arch the filter does not
 * cover), on `nr` unless it is ANY_NR, with one of the arguments in
 * `args` (bit i: args[i]; none: 0) differing from 0: those the corrupted
 * instruction and the original read.
 */
#define ANY_NR 0xffffffffu
struct corruption {
	const char *what;
	const char *profile;
	const char *target;
	uint16_t after_code;
	uint32_t after_k;
	uint16_t code;
	uint32_t k;
	uint32_t new_k;
	int jt_delta;
	uint32_t arch;
	uint32_t nr;
	unsigned args;
};

static const struct corruption corruptions[] = {
	{ "the native arch check", kinds_profile, "x86_64", 0, 0, JMP_K(BPF_JEQ), 0xc000003e,
	  0xc00000b7, 0, 0xc000003e, 0, 0 },
	{ "a foreign arch's path", kinds_profile, "x86_64", 0, 0, JMP_K(BPF_JEQ), 0x40000003,
	  0x40000028, 0, 0x40000003, 0, 0 },
	{ "a syscall range boundary", kinds_profile, "x86_64", 0, 0, JMP_K(BPF_JGE), 91, 92, 0,
	  0x40000003, 91, 0 },
	{ "a syscall range boundary of x86_64", kinds_profile, "x86_64", 0, 0, JMP_K(BPF_JGE),
	  40, 39, 0, 0xc000003e, 39, 0 },
	{ "the x32 bit-30 range", kinds_profile, "x86_64", 0, 0, JMP_K(BPF_JGE), 0x40000000,
	  0x40000001, 0, 0xc000003e, 0x40000000, 0 },
	{ "an x32 range boundary", kinds_profile, "x86_64", 0, 0, JMP_K(BPF_JGE), 0x40000027,
	  0x40000028, 0, 0xc000003e, 0x40000027, 0 },
	{ "an argument's high word", kinds_profile, "x86_64", LD_ABS, 28, JMP_K(BPF_JEQ), 3, 2,
	  0, 0xc000003e, 8, 1u << 1 },
	{ "an argument's low word", kinds_profile, "x86_64", LD_ABS, 24, JMP_K(BPF_JEQ), 5, 4, 0,
	  0x40000003, 19, 1u << 1 },
	{ "a high word compared in a range", kinds_profile, "x86_64", LD_ABS, 28, JMP_K(BPF_JGE),
	  2, 3, 0, 0xc000003e, 9, 1u << 1 },
	{ "a mask test", kinds_profile, "x86_64", 0, 0, JMP_K(BPF_JSET), 4, 6, 0, 0x40000003,
	  90, 1u << 2 },
	{ "an argument load", kinds_profile, "x86_64", 0, 0, LD_ABS, 32, 40, 0, 0x40000003, 90,
	  1u << 2 | 1u << 3 },
	{ "a return value", kinds_profile, "x86_64", 0, 0, BPF_RET | BPF_K, 0x7fff0000,
	  0x7ffc0000, 0, 0x40000003, 3, 0 },
	{ "the default's errno", kinds_profile, "x86_64", 0, 0, BPF_RET | BPF_K, 0x50001,
	  0x50026, 0, 0x40000003, ANY_NR, 0 },
	{ "the bad-arch return", kinds_profile, "x86_64", 0, 0, BPF_RET | BPF_K, 0x80000000,
	  0x00000000, 0, 0, ANY_NR, 0 },
	{ "a jump target", kinds_profile, "x86_64", 0, 0, JMP_K(BPF_JEQ), 5, 5, 1,
	  0x40000003, 5, 0 },
	{ "a big-endian high word", big_endian_profile, "s390x", 0, 0, LD_ABS, 24, 28, 0,
	  0x80000016, 19, 1u << 1 },
	{ "a big-endian low word", big_endian_profile, "s390x", LD_ABS, 28, JMP_K(BPF_JEQ), 5, 6,
	  0, 0x00000016, 19, 1u << 1 },
};

/* One corruption of each kind of instruction: refused, with the arch, the
 * syscall, an argument vector and both actions, all of them true. */
START_TEST(each_kind_of_wrong_instruction_is_refused_and_named)
{
	const struct corruption *c = &corruptions[_i];
	struct arena arena;
	arena_init(&arena);
	struct compile_result res;
	compile_unverified(c->profile, c->target, &arena, &res);
	size_t pc = 0;
	if (c->after_code)
		pc = find_insn(&res.prog, 0, c->after_code, c->after_k) + 1;
	pc = find_insn(&res.prog, pc, c->code, c->k);
	struct sock_filter bad = res.prog.insns[pc];
	bad.k = c->new_k;
	if (c->jt_delta)
		bad.jt = (uint8_t)(bad.jt + c->jt_delta);
	char *msg = verify_corrupted(&res, pc, bad);
	ck_assert_msg(strstr(msg, "verification failed"), "%s (insn %zu) passed", c->what, pc);

	struct sock_filter *copy = malloc(res.prog.len * sizeof *copy);
	memcpy(copy, res.prog.insns, res.prog.len * sizeof *copy);
	copy[pc] = bad;
	struct bpf_prog p = { copy, res.prog.len };
	struct reported r;
	assert_report_is_true(c->what, &res, &p, msg, &r);
	bool foreign = table_deciding_arch(&res.table, r.arch, r.nr) == NULL;
	ck_assert_msg(c->arch ? r.arch == c->arch : foreign,
		      "%s: reported arch 0x%08" PRIx32 "\n%s", c->what, r.arch, msg);
	if (c->nr != ANY_NR)
		ck_assert_msg(r.nr <= c->nr && c->nr <= r.nr_hi, "%s: reported nr %" PRIu32 "..%"
			      PRIu32 ", expected %" PRIu32 "\n%s", c->what, r.nr, r.nr_hi, c->nr, msg);
	bool some_set = !c->args;
	for (int i = 0; i < 6; i++)
		some_set |= (c->args >> i & 1) && r.args[i] != 0;
	ck_assert_msg(some_set, "%s: the arguments it reads are 0 in the report\n%s", c->what,
		      msg);
	free(copy);
	free(msg);
	arena_free(&arena);
}
END_TEST

/* And each program as generated passes. */
START_TEST(the_programs_as_generated_pass)
{
	const char *const profiles[][2] = { { kinds_profile, "x86_64" },
					    { big_endian_profile, "s390x" } };
	for (size_t i = 0; i < 2; i++) {
		struct arena arena;
		arena_init(&arena);
		struct compile_result res;
		compile_unverified(profiles[i][0], profiles[i][1], &arena, &res);
		char *msg = verify_corrupted(&res, 0, res.prog.insns[0]);
		ck_assert_msg(msg[0] == 0, "%s", msg);
		free(msg);
		arena_free(&arena);
	}
}
END_TEST

/* A program the symbolic execution does not understand is refused with the
 * instruction named, not guessed about; one the kernel would refuse is
 * refused before it is analysed. */
START_TEST(what_cannot_be_analysed_or_loaded_is_refused)
{
	static const struct {
		struct sock_filter bad;
		const char *says[2];
	} cases[] = {
		{ BPF_STMT(BPF_ALU | BPF_ADD | BPF_K, 1),
		  { "cannot analyse the filter at instruction", "cannot be analysed" } },
		{ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 34),
		  { "load from offset 34 is not 32-bit aligned", "breaks the kernel's rules" } },
	};
	struct arena arena;
	arena_init(&arena);
	struct compile_result res;
	compile_unverified(deep_profile, "x86_64", &arena, &res);
	size_t lo = find_insn(&res.prog, 0, BPF_LD | BPF_W | BPF_ABS, 32);   /* args[2].lo */
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *msg = verify_corrupted(&res, lo, cases[i].bad);
		ck_assert_msg(strstr(msg, cases[i].says[0]) && strstr(msg, cases[i].says[1]), "%s",
			      msg);
		free(msg);
	}
	arena_free(&arena);
}
END_TEST

/* Argument checks whose code reuses what the accumulator holds, in the
 * shapes where reuse is wrong: a word masked for one test and then tested
 * with another mask or whole, 16-bit arguments, masks in one word of a
 * 64-bit argument, both words compared several ways. The verifier is the
 * oracle: each compiles, for every family and member, only if its program
 * decides as the profile on every input. */
static const char *const code_shapes[] = {
	/* two multi-bit masks on one word, then the word whole */
	"{\"names\": [\"ioctl\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 1, "
	"\"value\": 65280, \"valueTwo\": 21504, \"op\": \"SCMP_CMP_MASKED_EQ\"}]}, "
	"{\"names\": [\"ioctl\"], \"action\": \"SCMP_ACT_TRAP\", \"args\": [{\"index\": 1, "
	"\"value\": 3855, \"valueTwo\": 257, \"op\": \"SCMP_CMP_MASKED_EQ\"}]}, "
	"{\"names\": [\"ioctl\"], \"action\": \"SCMP_ACT_LOG\", \"args\": [{\"index\": 1, "
	"\"value\": 21600, \"op\": \"SCMP_CMP_GT\"}]}",
	/* one bit, no bits and several bits of one 16-bit word, and a range */
	"{\"names\": [\"chmod\"], \"action\": \"SCMP_ACT_TRAP\", \"args\": [{\"index\": 1, "
	"\"value\": 2048, \"valueTwo\": 2048, \"op\": \"SCMP_CMP_MASKED_EQ\"}]}, "
	"{\"names\": [\"chmod\"], \"action\": \"SCMP_ACT_LOG\", \"args\": [{\"index\": 1, "
	"\"value\": 7, \"valueTwo\": 0, \"op\": \"SCMP_CMP_MASKED_EQ\"}]}, "
	"{\"names\": [\"chmod\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 1, "
	"\"value\": 448, \"valueTwo\": 384, \"op\": \"SCMP_CMP_MASKED_EQ\"}]}, "
	"{\"names\": [\"chmod\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 1, "
	"\"value\": 1000, \"op\": \"SCMP_CMP_GE\"}]}",
	/* a 64-bit argument: a mask in its high word, ranges across both */
	"{\"names\": [\"mmap\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 1, "
	"\"value\": 1095216660480, \"valueTwo\": 4294967296, \"op\": \"SCMP_CMP_MASKED_EQ\"}]}, "
	"{\"names\": [\"mmap\"], \"action\": \"SCMP_ACT_TRAP\", \"args\": [{\"index\": 1, "
	"\"value\": 8589934597, \"op\": \"SCMP_CMP_LE\"}, {\"index\": 0, \"value\": 3, "
	"\"op\": \"SCMP_CMP_NE\"}]}, "
	"{\"names\": [\"mmap\"], \"action\": \"SCMP_ACT_LOG\", \"args\": [{\"index\": 1, "
	"\"value\": 12884901888, \"op\": \"SCMP_CMP_GT\"}]}",
};

START_TEST(argument_code_shapes_verify)
{
	static const char *const targets[] = { "x86_64", "aarch64", "s390x", "mips64", "ppc64" };
	for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
		char json[4096];
		snprintf(json, sizeof json, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
			 "\"architectures\": [\"SCMP_ARCH_X86\", \"SCMP_ARCH_X32\", \"SCMP_ARCH_ARM\", "
			 "\"SCMP_ARCH_S390\", \"SCMP_ARCH_MIPS\", \"SCMP_ARCH_MIPS64N32\", "
			 "\"SCMP_ARCH_PPC\"], \"syscalls\": [%s]}", code_shapes[_i]);
		struct arena arena;
		arena_init(&arena);
		struct diag diag;
		diag_init(&diag, "shape");
		diag.quiet_warnings = true;
		struct compile_result res;
		ck_assert_msg(test_compile(json, targets[i], &arena, &diag, &res) == 0,
			      "shape %d on %s:\n%s", _i, targets[i], diag_text(&diag));
		diag_fini(&diag);
		arena_free(&arena);
	}
}
END_TEST


/* The nr a report names ("... nr N ..."), or UINT32_MAX. */
static uint32_t reported_nr(const char *msg)
{
	const char *at = strstr(msg, " nr ");
	unsigned nr;
	return at && sscanf(at, " nr %u", &nr) == 1 ? nr : UINT32_MAX;
}

/*
 * A profile with enough argument checks for two threads (tests/series/
 * conds-100.json): its program is shown equal on two threads; and with
 * one comparison's constant changed, at one in five of them from the
 * first argument load on (through every syscall's argument code; its four
 * syscalls are shared between the threads), verify_program() gives the
 * one-thread proof's verdict, and the wrong programs refused are named in
 * each of those syscalls.
 */
START_TEST(two_threads_conclude_as_one_thread_does)
{
	char path[4096];
	const char *src = getenv("SRCDIR");
	snprintf(path, sizeof path, "%s/tests/series/conds-100.json", src ? src : "..");
	struct arena arena;
	arena_init(&arena);
	struct diag diag;
	diag_init(&diag, path);
	struct compile_options co = { .verify = false };
	co.select.target = arch_by_name("x86_64");
	struct compile_result res;
	ck_assert_msg(compile_profile_file(path, &co, &arena, &diag, &res) == 0, "%s",
		      diag_text(&diag));
	diag_fini(&diag);
	struct verify_stats stats;
	diag_init(&diag, "test");
	ck_assert_msg(verify_program(&res.table, &res.prog, &diag, &stats), "%s", diag_text(&diag));
	ck_assert(stats.two_threads && !stats.on_bits);
	diag_fini(&diag);

	size_t first_arg = 0;
	while (!(res.prog.insns[first_arg].code == (BPF_LD | BPF_W | BPF_ABS) &&
		 res.prog.insns[first_arg].k >= 16))
		first_arg++;
	struct sock_filter *copy = malloc(res.prog.len * sizeof *copy);
	uint32_t named[64];
	size_t nnamed = 0, tried = 0, refused = 0, jumps = 0;
	for (size_t pc = first_arg; pc < res.prog.len; pc++) {
		uint16_t code = res.prog.insns[pc].code;
		if (BPF_CLASS(code) != BPF_JMP || BPF_OP(code) == BPF_JA || jumps++ % 5)
			continue;
		memcpy(copy, res.prog.insns, res.prog.len * sizeof *copy);
		copy[pc].k ^= 1;
		struct bpf_prog p = { copy, res.prog.len };
		struct diag two, one;
		diag_init(&two, "two");
		diag_init(&one, "one");
		bool two_ok = verify_program(&res.table, &p, &two, &stats);
		bool one_ok = verify_serial(&res.table, &p, &one, NULL);
		ck_assert_msg(two_ok == one_ok, "insn %zu: two threads %d, one thread %d\n%s", pc,
			      two_ok, one_ok, diag_text(&one));
		tried++;
		if (!one_ok) {
			refused++;
			uint32_t nr = reported_nr(diag_text(&one));
			bool seen = false;
			for (size_t i = 0; i < nnamed; i++)
				seen |= named[i] == nr;
			if (!seen && nnamed < 64)
				named[nnamed++] = nr;
		}
		diag_fini(&two);
		diag_fini(&one);
	}
	/* setsockopt, getsockopt, fcntl and prctl (and where nr is tested) */
	static const uint32_t with_args[] = { 54, 55, 72, 157 };
	for (size_t k = 0; k < 4; k++) {
		bool seen = false;
		for (size_t i = 0; i < nnamed; i++)
			seen |= named[i] == with_args[k];
		ck_assert_msg(seen, "no wrong program named syscall %u", with_args[k]);
	}
	ck_assert_msg(refused * 2 > tried, "%zu of %zu corruptions refused", refused, tried);
	free(copy);
	arena_free(&arena);
}
END_TEST

/*
 * The two-thread proof forced on small random profiles (three arches, so
 * one syscall number names three syscalls): each program as generated is
 * proved, on two threads whenever both managers have the same classes (most
 * of them), and with one argument comparison's constant changed, up to
 * eight per profile, it gives the one-thread proof's verdict.
 */
START_TEST(two_threads_agree_with_one_on_random_profiles)
{
	size_t shown = 0, corrupted = 0, refused = 0;
	for (uint64_t seed = 0; seed < 60; seed++) {
		char *json = random_profile(5000 + seed);
		uint64_t rng = 99 + seed;
		struct arena arena;
		arena_init(&arena);
		struct compile_result res;
		compile_unverified(json, "x86_64", &arena, &res);
		struct diag diag;
		diag_init(&diag, "random");
		struct verify_stats stats;
		ck_assert_msg(verify_end(verify_begin_from(&res.table, 0), &res.prog, &diag, &stats),
			      "%s\n%s", diag_text(&diag), json);
		shown += stats.two_threads;
		diag_fini(&diag);
		struct sock_filter *copy = malloc(res.prog.len * sizeof *copy);
		for (int k = 0; k < 8; k++) {
			size_t pc = (size_t)(next_random(&rng) % res.prog.len);
			while (pc < res.prog.len && !(BPF_CLASS(res.prog.insns[pc].code) == BPF_JMP &&
						      BPF_OP(res.prog.insns[pc].code) != BPF_JA))
				pc++;
			if (pc == res.prog.len)
				continue;
			memcpy(copy, res.prog.insns, res.prog.len * sizeof *copy);
			copy[pc].k ^= 1u << (next_random(&rng) % 32);
			struct bpf_prog p = { copy, res.prog.len };
			struct diag two, one;
			diag_init(&two, "two");
			diag_init(&one, "one");
			bool two_ok = verify_end(verify_begin_from(&res.table, 0), &p, &two, NULL);
			bool one_ok = verify_serial(&res.table, &p, &one, NULL);
			ck_assert_msg(two_ok == one_ok, "seed %" PRIu64 " insn %zu: two threads %d, "
				      "one thread %d\n%s\n%s", seed, pc, two_ok, one_ok,
				      diag_text(&one), json);
			corrupted++;
			refused += !one_ok;
			diag_fini(&two);
			diag_fini(&one);
		}
		free(copy);
		arena_free(&arena);
		free(json);
	}
	ck_assert_msg(shown * 2 > 60, "shown on two threads: %zu of 60", shown);
	ck_assert_msg(refused * 4 > corrupted, "%zu of %zu corruptions refused", refused,
		      corrupted);
}
END_TEST

static Suite *verify_suite(void)
{
	Suite *s = suite_create("verify");
	TCase *t = tcase_create("diagrams");
	tcase_add_test(t, compare_diagrams_mean_the_comparison);
	tcase_add_test(t, diagrams_are_canonical_and_witnesses_differ);
	tcase_add_test(t, interval_sets_are_their_comparisons_ored);
	suite_add_tcase(s, t);
	t = tcase_create("meanings");
	tcase_set_timeout(t, 60);
	tcase_add_loop_test(t, meanings_agree_with_table_and_simulator, 0, 40);
	tcase_add_loop_test(t, program_meanings_agree_with_the_simulator_on_any_program, 0, 20);
	suite_add_tcase(s, t);
	t = tcase_create("negative");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, a_wrong_compare_deep_in_three_arguments_is_refused);
	tcase_add_test(t, many_disagreements_are_counted_not_listed);
	tcase_add_loop_test(t, each_kind_of_wrong_instruction_is_refused_and_named, 0,
			    (int)(sizeof corruptions / sizeof corruptions[0]));
	tcase_add_test(t, the_programs_as_generated_pass);
	tcase_add_test(t, what_cannot_be_analysed_or_loaded_is_refused);
	tcase_add_test(t, two_threads_conclude_as_one_thread_does);
	tcase_add_test(t, two_threads_agree_with_one_on_random_profiles);
	suite_add_tcase(s, t);
	t = tcase_create("the oracle of argument code");
	tcase_add_loop_test(t, argument_code_shapes_verify, 0,
			    (int)(sizeof code_shapes / sizeof code_shapes[0]));
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
