/*
 * test_compile.c - the pipeline end to end: resolution facts of real
 * profiles, every corpus profile on every target family, and kernel truth:
 * compiled filters installed in forked children decide real syscalls.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "stats.h"
#include "testlib.h"

static char *corpus_path(const char *name)
{
	static char path[4096];
	const char *src = getenv("SRCDIR");
	snprintf(path, sizeof path, "%s/tests/corpus/%s", src ? src : "..", name);
	return path;
}

/* Resolves a corpus profile with the given selection. */
static const struct rule_table *resolve_corpus(const char *name, const struct resolve_options *o,
					       struct arena *arena, struct diag *diag)
{
	struct profile *p = arena_alloc(arena, sizeof *p);
	struct rule_table *t = arena_alloc(arena, sizeof *t);
	ck_assert_msg(profile_load(corpus_path(name), arena, diag, p), "%s", diag_text(diag));
	ck_assert_msg(resolve_profile(p, o, arena, diag, t), "%s", diag_text(diag));
	return t;
}

static const struct tsyscall *find(const struct rule_table *t, enum arch_id arch, const char *name)
{
	const struct tarch *ta = table_arch(t, arch);
	ck_assert_ptr_nonnull(ta);
	int64_t nr = arch_syscall_nr(ta->arch, name);
	ck_assert_int_ge(nr, 0);
	return tarch_syscall(ta, (uint32_t)nr);
}

START_TEST(moby_clone3_depends_on_sys_admin)
{
	struct arena arena;
	arena_init(&arena);
	struct diag diag;
	diag_init(&diag, NULL);
	struct resolve_options o = { .target = arch_get(ARCH_X86_64), .kernel_major = 6, .kernel_minor = 1 };
	const struct rule_table *t = resolve_corpus("moby-default.json", &o, &arena, &diag);
	const struct tsyscall *s = find(t, ARCH_X86_64, "clone3");
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->nrules, 1);
	ck_assert_uint_eq(s->rules[0].nconds, 0);
	ck_assert_uint_eq(s->rules[0].action, RET_ERRNO | 38);

	const char *admin[] = { "CAP_SYS_ADMIN" };
	o.caps = admin;
	o.ncaps = 1;
	o.caps_given = true;
	t = resolve_corpus("moby-default.json", &o, &arena, &diag);
	s = find(t, ARCH_X86_64, "clone3");
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->nrules, 1);
	ck_assert_uint_eq(s->rules[0].nconds, 0);
	ck_assert_uint_eq(s->rules[0].action, RET_ALLOW);
	diag_fini(&diag);
	arena_free(&arena);
}
END_TEST

START_TEST(moby_socket_has_three_conditional_rules)
{
	struct arena arena;
	arena_init(&arena);
	struct diag diag;
	diag_init(&diag, NULL);
	struct resolve_options o = { .target = arch_get(ARCH_X86_64), .kernel_major = 6, .kernel_minor = 1 };
	const struct rule_table *t = resolve_corpus("moby-default.json", &o, &arena, &diag);
	const struct tsyscall *s = find(t, ARCH_X86_64, "socket");
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->nrules, 3);
	for (size_t i = 0; i < 3; i++) {
		ck_assert_uint_eq(s->rules[i].action, RET_ALLOW);
		ck_assert_uint_eq(s->rules[i].nconds, 1);
		ck_assert_uint_eq(s->rules[i].conds[0].index, 0);
	}
	ck_assert_int_eq(s->rules[0].conds[0].op, CMP_LT);
	ck_assert_uint_eq(s->rules[0].conds[0].value, 38);
	ck_assert_int_eq(s->rules[1].conds[0].op, CMP_EQ);
	ck_assert_uint_eq(s->rules[1].conds[0].value, 39);
	ck_assert_int_eq(s->rules[2].conds[0].op, CMP_GT);
	ck_assert_uint_eq(s->rules[2].conds[0].value, 40);
	/* AF_NETLINK audit sockets (socket(16, *, 9)) are not allowed: default action. */
	uint64_t args[6] = { 16, 3, 9, 0, 0, 0 };
	ck_assert_uint_eq(table_decide(t, table_arch(t, ARCH_X86_64), s->nr, args), RET_ALLOW);
	args[0] = 39;
	ck_assert_uint_eq(table_decide(t, table_arch(t, ARCH_X86_64), s->nr, args), RET_ALLOW);
	args[0] = 38;
	ck_assert_uint_eq(table_decide(t, table_arch(t, ARCH_X86_64), s->nr, args), t->default_action);
	diag_fini(&diag);
	arena_free(&arena);
}
END_TEST

START_TEST(moby_ptrace_needs_kernel_4_8)
{
	struct arena arena;
	arena_init(&arena);
	struct diag diag;
	diag_init(&diag, NULL);
	struct resolve_options o = { .target = arch_get(ARCH_X86_64), .kernel_major = 4, .kernel_minor = 7 };
	const struct rule_table *t = resolve_corpus("moby-default.json", &o, &arena, &diag);
	ck_assert_ptr_null(find(t, ARCH_X86_64, "ptrace"));
	o.kernel_minor = 8;
	t = resolve_corpus("moby-default.json", &o, &arena, &diag);
	const struct tsyscall *s = find(t, ARCH_X86_64, "ptrace");
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->rules[0].action, RET_ALLOW);
	diag_fini(&diag);
	arena_free(&arena);
}
END_TEST

/* architectures and archMap: both non-empty is an error (as in moby); an
 * empty one beside the other is ignored, whichever it is. */
START_TEST(empty_architectures_beside_arch_map)
{
	static const char *const json[] = {
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [], \"archMap\": "
		"[{\"architecture\": \"SCMP_ARCH_X86_64\", \"subArchitectures\": [\"SCMP_ARCH_X86\"]}], "
		"\"syscalls\": [{\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"archMap\": [], \"architectures\": "
		"[\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\"], "
		"\"syscalls\": [{\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
	};
	for (size_t i = 0; i < 2; i++) {
		struct arena arena;
		arena_init(&arena);
		struct diag diag;
		diag_init(&diag, NULL);
		struct compile_result res;
		ck_assert_msg(test_compile(json[i], "x86_64", &arena, &diag, &res) == 0, "%zu: %s", i,
			      diag_text(&diag));
		struct bpf_input in = { .nr = 20, .arch = arch_get(ARCH_X86)->audit_arch };
		ck_assert_uint_eq(bpf_simulate(&res.prog, &in).action, RET_ALLOW);   /* x86 getpid */
		in.nr = 39;
		in.arch = arch_get(ARCH_X86_64)->audit_arch;
		ck_assert_uint_eq(bpf_simulate(&res.prog, &in).action, RET_ALLOW);
		diag_fini(&diag);
		arena_free(&arena);
	}
}
END_TEST

static const char *const corpus[] = {
	"moby-default.json", "moby-fixture-conditional_include.json",
	"moby-fixture-default-old-format.json", "moby-fixture-example.json",
	"podman-default.json", "runc-syscall-test1.json", "runc-syscall-test2.json",
};
static const enum arch_id families[] = {
	ARCH_X86_64, ARCH_AARCH64, ARCH_RISCV64, ARCH_S390X, ARCH_PPC64LE, ARCH_PPC64,
	ARCH_MIPS64, ARCH_MIPSEL64, ARCH_LOONGARCH64,
};

START_TEST(corpus_compiles_and_verifies_everywhere)
{
	const char *name = corpus[_i];
	/* Each family twice: as the profile says, and with --enosys-newer. */
	for (size_t f = 0; f < 2 * (sizeof families / sizeof families[0]); f++) {
		struct arena arena;
		arena_init(&arena);
		struct diag diag;
		diag_init(&diag, name);
		diag.quiet_warnings = true;
		struct compile_options co = { .verify = true };
		size_t family = f % (sizeof families / sizeof families[0]);
		co.select.target = arch_get(families[family]);
		co.select.enosys_newer = f >= sizeof families / sizeof families[0];
		struct compile_result res;
		int status = compile_profile_file(corpus_path(name), &co, &arena, &diag, &res);
		ck_assert_msg(status == 0, "%s for %s%s: status %d\n%s", name,
			      arch_get(families[family])->name, co.select.enosys_newer ?
			      " --enosys-newer" : "", status, diag_text(&diag));
		ck_assert_uint_gt(res.prog.len, 3);
		ck_assert_uint_le(res.prog.len, BPF_MAX_INSNS);
		diag_fini(&diag);
		arena_free(&arena);
	}
}
END_TEST

/* ---- random profiles: the verifier as the oracle ---------------------- */

static uint64_t next_random(uint64_t *state)
{
	uint64_t x = *state;   /* xorshift64 */
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

static const char *random_action(uint64_t *rng)
{
	static char text[96];
	switch (next_random(rng) % 6) {
	case 0: return "\"action\": \"SCMP_ACT_ALLOW\"";
	case 1: return "\"action\": \"SCMP_ACT_TRAP\"";
	case 2: return "\"action\": \"SCMP_ACT_KILL_PROCESS\"";
	case 3: return "\"action\": \"SCMP_ACT_LOG\"";
	default:
		snprintf(text, sizeof text, "\"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": %u",
			 (unsigned)(1 + next_random(rng) % 4));
		return text;
	}
}

/* A value the planner and the verifier must get right: small, near a word
 * boundary, all ones, or anything. */
static uint64_t random_value(uint64_t *rng)
{
	static const uint64_t edges[] = { 0, 1, 2, 0xffffffffull, 0x100000000ull,
					  0x7fffffffffffffffull, ~0ull, 0x80000000ull };
	uint64_t r = next_random(rng);
	return r % 3 == 0 ? edges[(r >> 8) % 8] : r % 3 == 1 ? (r >> 8) % 64 : next_random(rng);
}

/* A profile of rules over random names (many lone exceptions in long runs:
 * what equality chains are made for), some with argument checks, for one
 * family with all its arches. */
static char *random_profile(uint64_t seed, enum arch_id family)
{
	static const char *const ops[] = { "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ",
					   "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ" };
	uint64_t rng = seed * 0x9e3779b97f4a7c15ull + 1;
	struct buf b;
	buf_init(&b);
	const char *dflt[] = { "SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL_PROCESS" };
	buf_printf(&b, "{\"defaultAction\": \"%s\", \"architectures\": [", dflt[next_random(&rng) % 3]);
	const struct arch_info *members[4];
	size_t nm = arch_family(family, members, 4);
	for (size_t m = 0; m < nm; m++)
		buf_printf(&b, "%s\"%s\"", m ? ", " : "", members[m]->scmp_name);
	buf_puts(&b, "], \"syscalls\": [");
	const struct arch_info *native = arch_get(family);
	unsigned nrules = 1 + (unsigned)(next_random(&rng) % 30);
	for (unsigned r = 0; r < nrules; r++) {
		buf_printf(&b, "%s{\"names\": [", r ? ", " : "");
		unsigned nnames = 1 + (unsigned)(next_random(&rng) % 6);
		for (unsigned k = 0; k < nnames; k++) {
			size_t i = next_random(&rng) % native->nsyscalls;
			buf_printf(&b, "%s\"%s\"", k ? ", " : "", syscall_names[native->ids_by_nr[i]]);
		}
		buf_printf(&b, "], %s", random_action(&rng));
		if (next_random(&rng) % 3 == 0) {
			unsigned nargs = 1 + (unsigned)(next_random(&rng) % 2);
			buf_puts(&b, ", \"args\": [");
			for (unsigned a = 0; a < nargs; a++) {
				unsigned op = (unsigned)(next_random(&rng) % 7);
				buf_printf(&b, "%s{\"index\": %u, \"value\": %llu, \"valueTwo\": %llu, \"op\": \"%s\"}",
					   a ? ", " : "", (unsigned)(next_random(&rng) % 6),
					   (unsigned long long)random_value(&rng),
					   (unsigned long long)random_value(&rng), ops[op]);
			}
			buf_puts(&b, "]");
		}
		buf_puts(&b, "}");
	}
	buf_puts(&b, "]}");
	return b.data;
}

/* 180 random profiles, 20 per family, half with --enosys-newer: each must
 * compile, and the verifier (every number, every argument region) must find
 * the program equal to the table. */
START_TEST(random_profiles_verify)
{
	enum arch_id family = families[_i % (sizeof families / sizeof families[0])];
	char *json = random_profile((uint64_t)_i + 1, family);
	struct arena arena;
	arena_init(&arena);
	struct diag diag;
	diag_init(&diag, "random.json");
	diag.quiet_warnings = true;
	struct compile_options co = { .verify = true };
	co.select.target = arch_get(family);
	co.select.caps_given = true;
	co.select.enosys_newer = _i % 2;
	struct compile_result res;
	int status = compile_profile_text("random.json", json, strlen(json), &co, &arena, &diag, &res);
	ck_assert_msg(status == 0, "profile %d (%s): status %d\n%s\n%s", _i, arch_get(family)->name,
		      status, diag_text(&diag), json);
	diag_fini(&diag);
	arena_free(&arena);
	free(json);
}
END_TEST

/* ---- kernel truth ------------------------------------------------------ */

static struct bpf_prog compile_ok(const char *json, struct arena *arena)
{
	struct diag diag;
	diag_init(&diag, "test.json");
	struct compile_result res;
	int status = test_compile(json, "x86_64", arena, &diag, &res);
	ck_assert_msg(status == 0, "status %d: %s", status, diag_text(&diag));
	diag_fini(&diag);
	return res.prog;
}

/* compile_ok() with --enosys-newer on or off; the whole result. */
static struct compile_result compile_enosys(const char *json, bool enosys_newer,
					    struct arena *arena)
{
	struct diag diag;
	diag_init(&diag, "test.json");
	struct compile_options co = { .verify = true };
	co.select.target = arch_get(ARCH_X86_64);
	co.select.enosys_newer = enosys_newer;
	struct compile_result res;
	int status = compile_profile_text("test.json", json, strlen(json), &co, arena, &diag, &res);
	ck_assert_msg(status == 0, "status %d: %s", status, diag_text(&diag));
	diag_fini(&diag);
	return res;
}

#define ALLOW_ALL_BUT(rules) \
	"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [" rules "]}"

START_TEST(kernel_errno_trap_kill)
{
	struct arena arena;
	arena_init(&arena);
	struct bpf_prog p = compile_ok(ALLOW_ALL_BUT(
		"{\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 13},"
		"{\"names\": [\"getpgrp\"], \"action\": \"SCMP_ACT_ERRNO\"},"
		"{\"names\": [\"getuid\"], \"action\": \"SCMP_ACT_TRAP\"},"
		"{\"names\": [\"getgid\"], \"action\": \"SCMP_ACT_KILL_PROCESS\"},"
		"{\"names\": [\"geteuid\"], \"action\": \"SCMP_ACT_KILL\"}"), &arena);
	uint64_t none[6] = { 0 };
	struct child_outcome o = run_syscall_filtered(&p, SYS_getpid, none);
	ck_assert(o.installed && o.exited);
	ck_assert_int_gt(o.ret, 0);
	o = run_syscall_filtered(&p, SYS_getppid, none);
	ck_assert(o.exited && o.ret == -1 && o.err == EACCES);
	o = run_syscall_filtered(&p, SYS_getpgrp, none);
	ck_assert(o.exited && o.ret == -1 && o.err == EPERM);
	o = run_syscall_filtered(&p, SYS_getuid, none);
	ck_assert(!o.exited && o.signal == SIGSYS);
	o = run_syscall_filtered(&p, SYS_getgid, none);
	ck_assert(!o.exited && o.signal == SIGSYS);
	o = run_syscall_filtered(&p, SYS_geteuid, none);
	ck_assert(!o.exited && o.signal == SIGSYS);
	arena_free(&arena);
}
END_TEST

START_TEST(kernel_default_errno_allowlist)
{
	struct arena arena;
	arena_init(&arena);
	struct bpf_prog p = compile_ok(
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 38, \"syscalls\": ["
		"{\"names\": [\"write\", \"exit\", \"exit_group\", \"getpid\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
		&arena);
	uint64_t none[6] = { 0 };
	struct child_outcome o = run_syscall_filtered(&p, SYS_getpid, none);
	ck_assert(o.exited && o.ret > 0);
	o = run_syscall_filtered(&p, SYS_getppid, none);
	ck_assert(o.exited && o.ret == -1 && o.err == ENOSYS);
	/* A number no kernel has yet takes the default action too. */
	o = run_syscall_filtered(&p, 1000, none);
	ck_assert(o.exited && o.ret == -1 && o.err == ENOSYS);
	arena_free(&arena);
}
END_TEST

/* getpgid(2) sees its register as 64 bits in seccomp_data; the rules below
 * decide on all of them. The syscall itself then fails harmlessly. */
START_TEST(kernel_argument_boundaries)
{
	struct arena arena;
	arena_init(&arena);
	/* lseek's offset is 64 bits wide (off_t); getsid's args[1] is past its
	 * arity, so the whole register counts; getpriority's which is an int. */
	struct bpf_prog p = compile_ok(ALLOW_ALL_BUT(
		"{\"names\": [\"lseek\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 18,"
		" \"args\": [{\"index\": 1, \"value\": 4294967296, \"op\": \"SCMP_CMP_GT\"}]},"
		"{\"names\": [\"getsid\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 18,"
		" \"args\": [{\"index\": 1, \"value\": 12884901888, \"valueTwo\": 4294967296,"
		" \"op\": \"SCMP_CMP_MASKED_EQ\"}]},"
		"{\"names\": [\"getpriority\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 18,"
		" \"args\": [{\"index\": 0, \"value\": 7, \"op\": \"SCMP_CMP_LE\"},"
		" {\"index\": 2, \"value\": 5, \"op\": \"SCMP_CMP_NE\"}]}"), &arena);
	struct { long nr; uint64_t a[6]; bool denied; } cases[] = {
		{ SYS_lseek, { ~0ull, 0x100000000ull }, false },     /* equal: not greater */
		{ SYS_lseek, { ~0ull, 0x100000001ull }, true },      /* low word decides */
		{ SYS_lseek, { ~0ull, 0x200000000ull }, true },      /* high word decides */
		{ SYS_lseek, { ~0ull, 0xffffffffull }, false },
		{ SYS_lseek, { ~0ull, (uint64_t)-1 }, true },        /* -1 sign-extended */
		{ SYS_getsid, { 0, 0x100000000ull }, true },         /* masked bits match */
		{ SYS_getsid, { 0, 0x1ffffffffull }, true },         /* unmasked bits ignored */
		{ SYS_getsid, { 0, 0x300000000ull }, false },        /* a masked bit flipped */
		{ SYS_getsid, { 0, 0 }, false },
		{ SYS_getpriority, { 7, 0, 4 }, true },
		{ SYS_getpriority, { 7, 0, 5 }, false },             /* second condition fails */
		{ SYS_getpriority, { 8, 0, 4 }, false },
		/* which is an int: the kernel reads 0, which is <= 7 */
		{ SYS_getpriority, { 0x100000000ull, 0, 4 }, true },
		{ SYS_getpriority, { 0x100000008ull, 0, 4 }, false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct child_outcome o = run_syscall_filtered(&p, cases[i].nr, cases[i].a);
		ck_assert_msg(o.installed && o.exited, "case %zu", i);
		if (cases[i].denied)
			ck_assert_msg(o.ret == -1 && o.err == EXDEV, "case %zu: ret %ld errno %d", i, o.ret, o.err);
		else
			ck_assert_msg(o.ret != -1 || o.err != EXDEV, "case %zu was denied", i);
	}
	arena_free(&arena);
}
END_TEST

START_TEST(kernel_x32_numbers_are_stopped)
{
	struct arena arena;
	arena_init(&arena);
	/* Without x32 in the filter a bit-30 number is a foreign arch: killed. */
	struct bpf_prog p = compile_ok(ALLOW_ALL_BUT(
		"{\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\"}"), &arena);
	uint64_t none[6] = { 0 };
	struct child_outcome o = run_syscall_filtered(&p, 0x40000000L | SYS_getpid, none);
	ck_assert(o.installed && !o.exited && o.signal == SIGSYS);
	/* nr -1, a tracer's skipped syscall, takes the default action: allowed (ENOSYS). */
	o = run_syscall_filtered(&p, -1, none);
	ck_assert(o.exited && o.ret == -1 && o.err == ENOSYS);
	/* With x32 in the filter, x32 numbers follow x32's rules. */
	p = compile_ok("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": "
		       "[\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X32\"], \"syscalls\": ["
		       "{\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 77}]}",
		       &arena);
	o = run_syscall_filtered(&p, 0x40000000L | SYS_getpid, none);
	ck_assert(o.installed && o.exited);
	ck_assert(o.ret == -1 && o.err == 77);
	arena_free(&arena);
}
END_TEST

/* The x86 dispatch, in the kernel: int $0x80 from this x86_64 process makes
 * i386 syscalls (AUDIT_ARCH_I386, x86's numbers). 20 is getpid on x86 but
 * writev on x86_64, 64 getppid, 132 getpgid, 1000 nothing. */
START_TEST(kernel_x86_syscalls_take_the_x86_dispatch)
{
#if defined(__x86_64__)
	if (!ia32_available("kernel_x86_syscalls_take_the_x86_dispatch"))
		return;
	static const char json[] =
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": "
		"[\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\"], \"syscalls\": ["
		"{\"names\": [\"write\", \"exit\", \"exit_group\", \"getpid\"], \"action\": \"SCMP_ACT_ALLOW\"},"
		"{\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 13},"
		"{\"names\": [\"getpgid\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 18,"
		" \"args\": [{\"index\": 0, \"value\": 7, \"op\": \"SCMP_CMP_GT\"}]}]}";
	struct arena arena;
	arena_init(&arena);
	struct bpf_prog p = compile_ok(json, &arena);
	uint64_t a[6] = { 0 };
	struct child_outcome o = run_ia32_syscall_filtered(&p, 20, a);
	ck_assert(o.installed && o.exited && o.ret > 0);              /* getpid on x86 */
	o = run_syscall_filtered(&p, 20, a);                           /* writev on x86_64 */
	ck_assert(o.exited && o.ret == -1 && o.err == EPERM);
	o = run_ia32_syscall_filtered(&p, 64, a);
	ck_assert(o.exited && o.ret == -1 && o.err == EACCES);
	a[0] = 8;
	o = run_ia32_syscall_filtered(&p, 132, a);
	ck_assert(o.exited && o.ret == -1 && o.err == EXDEV);
	a[0] = 7;
	o = run_ia32_syscall_filtered(&p, 132, a);                     /* no rule holds */
	ck_assert(o.exited && o.ret == -1 && o.err == EPERM);
	a[0] = 0;
	o = run_ia32_syscall_filtered(&p, 1000, a);
	ck_assert(o.exited && o.ret == -1 && o.err == EPERM);
	/* With --enosys-newer, numbers above x86's last named syscall (exit_group, 252). */
	struct compile_result res = compile_enosys(json, true, &arena);
	o = run_ia32_syscall_filtered(&res.prog, 1000, a);
	ck_assert(o.exited && o.ret == -1 && o.err == ENOSYS);
	o = run_ia32_syscall_filtered(&res.prog, 100, a);             /* fstatfs: below, default */
	ck_assert(o.exited && o.ret == -1 && o.err == EPERM);
	arena_free(&arena);
#endif
}
END_TEST

/* --enosys-newer answers ENOSYS, as runc's stub does, for numbers above the
 * largest the profile names (exit_group, 231, here: getpgid counts though
 * its rule equals the default). statx (332) exists, so ENOSYS can only come
 * from the filter. */
START_TEST(kernel_enosys_newer)
{
	static const char json[] =
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
		"{\"names\": [\"write\", \"exit\", \"exit_group\", \"getpid\"], \"action\": \"SCMP_ACT_ALLOW\"},"
		"{\"names\": [\"getpgid\"], \"action\": \"SCMP_ACT_ERRNO\"}]}";
	struct arena arena;
	arena_init(&arena);
	struct compile_result res = compile_enosys(json, true, &arena);
	ck_assert_uint_eq(table_arch(&res.table, ARCH_X86_64)->enosys_above, SYS_exit_group);
	uint64_t none[6] = { 0 };
	struct child_outcome o = run_syscall_filtered(&res.prog, SYS_statx, none);
	ck_assert(o.installed && o.exited && o.ret == -1 && o.err == ENOSYS);
	o = run_syscall_filtered(&res.prog, SYS_getuid, none);     /* below: the default */
	ck_assert(o.exited && o.ret == -1 && o.err == EPERM);
	o = run_syscall_filtered(&res.prog, SYS_getpgid, none);
	ck_assert(o.exited && o.ret == -1 && o.err == EPERM);
	o = run_syscall_filtered(&res.prog, SYS_getpid, none);
	ck_assert(o.exited && o.ret > 0);
	/* Bit 30 without x32: still a foreign arch; nr -1: still the default. */
	o = run_syscall_filtered(&res.prog, 0x40000000L | SYS_getpid, none);
	ck_assert(!o.exited && o.signal == SIGSYS);
	o = run_syscall_filtered(&res.prog, -1, none);
	ck_assert(o.exited && o.ret == -1 && o.err == EPERM);

	/* Without the option, statx takes the default; with a permissive
	 * default the option changes nothing. */
	res = compile_enosys(json, false, &arena);
	o = run_syscall_filtered(&res.prog, SYS_statx, none);
	ck_assert(o.exited && o.ret == -1 && o.err == EPERM);
	static const char allow[] = ALLOW_ALL_BUT("{\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\"}");
	res = compile_enosys(allow, true, &arena);
	ck_assert(!table_arch(&res.table, ARCH_X86_64)->enosys);
	o = run_syscall_filtered(&res.prog, SYS_statx, none);
	ck_assert(o.exited && !(o.ret == -1 && o.err == ENOSYS));
	arena_free(&arena);
}
END_TEST

/* A profile with `nconds` 64-bit conditions (on distinct arguments) for
 * every x86_64 syscall but the ones a test needs: one leaf per syscall. */
static char *big_profile(unsigned nconds)
{
	const struct arch_info *a = arch_get(ARCH_X86_64);
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [");
	bool first = true;
	for (size_t i = 0; i < a->nsyscalls; i++) {
		const char *name = syscall_names[a->ids_by_nr[i]];
		if (!strcmp(name, "write") || !strcmp(name, "exit") || !strcmp(name, "exit_group") ||
		    !strcmp(name, "getpid") || !strcmp(name, "seccomp") || !strcmp(name, "prctl"))
			continue;
		buf_printf(&b, "%s{\"names\": [\"%s\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": %zu, \"args\": [",
			   first ? "" : ",", name, 1 + i % 100);
		for (unsigned k = 0; k < nconds; k++)
			buf_printf(&b, "%s{\"index\": %u, \"value\": %zu, \"op\": \"SCMP_CMP_EQ\"}",
				   k ? "," : "", k, ((size_t)(i + 1) << 32) | (k + 7));
		buf_puts(&b, "]}");
		first = false;
	}
	buf_puts(&b, ",{\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 33,"
		 " \"args\": [{\"index\": 0, \"value\": 5, \"op\": \"SCMP_CMP_EQ\"}]}]}");
	return b.data;
}

START_TEST(long_jumps_verify_and_run)
{
	struct arena arena;
	arena_init(&arena);
	char *json = big_profile(2);
	struct diag diag;
	diag_init(&diag, "big.json");
	struct compile_result res;
	int status = test_compile(json, "x86_64", &arena, &diag, &res);
	ck_assert_msg(status == 0, "%s", diag_text(&diag));
	/* Far more than 256 instructions: the search reaches leaves through long jumps. */
	ck_assert_uint_gt(res.prog.len, 1500);
	uint64_t five[6] = { 5 }, six[6] = { 6 };
	struct child_outcome o = run_syscall_filtered(&res.prog, SYS_getpid, five);
	ck_assert(o.installed && o.exited && o.ret == -1 && o.err == 33);
	o = run_syscall_filtered(&res.prog, SYS_getpid, six);
	ck_assert(o.exited && o.ret > 0);
	/* getppid is denied only when arguments 0 and 1 match its two constants. */
	int64_t nr = arch_syscall_nr(arch_get(ARCH_X86_64), "getppid");
	size_t idx = 0;
	while (arch_get(ARCH_X86_64)->nrs[idx] != (uint32_t)nr)
		idx++;
	uint64_t hit[6] = { ((uint64_t)(idx + 1) << 32) | 7, ((uint64_t)(idx + 1) << 32) | 8 };
	o = run_syscall_filtered(&res.prog, SYS_getppid, hit);
	ck_assert(o.exited && o.ret == -1 && o.err == (int)(1 + idx % 100));
	hit[1] ^= 1ull << 40;  /* high word off by one bit */
	o = run_syscall_filtered(&res.prog, SYS_getppid, hit);
	ck_assert(o.exited && o.ret > 0);
	free(json);
	diag_fini(&diag);
	arena_free(&arena);
}
END_TEST

START_TEST(too_large_is_a_clear_error)
{
	struct arena arena;
	arena_init(&arena);
	char *json = big_profile(6);
	struct diag diag;
	diag_init(&diag, "big.json");
	struct compile_result res;
	int status = test_compile(json, "x86_64", &arena, &diag, &res);
	ck_assert_int_eq(status, 1);
	ck_assert_msg(strstr(diag_text(&diag), "big.json: error: program needs ") &&
		      strstr(diag_text(&diag), " instructions; the kernel accepts at most 4096"),
		      "%s", diag_text(&diag));
	free(json);
	diag_fini(&diag);
	arena_free(&arena);
}
END_TEST

static const char *const golden[] = { "example-x86_64", "personality-aarch64", "args-s390x",
				       "args-x86_64" };

/* Reads a whole file into a NUL-terminated buffer (caller frees). */
static char *slurp_file(const char *path)
{
	struct diag d;
	diag_init(&d, NULL);
	struct buf b;
	ck_assert_msg(read_file(path, &b, &d), "%s", diag_text(&d));
	diag_fini(&d);
	return b.data;
}

START_TEST(golden_listings)
{
	const char *name = golden[_i];
	const char *src = getenv("SRCDIR");
	char json[4096], listing[4096];
	snprintf(json, sizeof json, "%s/tests/golden/%s.json", src ? src : "..", name);
	snprintf(listing, sizeof listing, "%s/tests/golden/%s.s", src ? src : "..", name);
	struct arena arena;
	arena_init(&arena);
	struct diag diag;
	diag_init(&diag, json);
	diag.quiet_warnings = true;
	struct compile_options co = { .verify = true };
	co.select.target = arch_by_name(strrchr(name, '-') + 1);
	co.select.caps_given = true;
	co.select.kernel_major = 6;
	co.select.kernel_minor = 1;
	struct compile_result res;
	ck_assert_int_eq(compile_profile_file(json, &co, &arena, &diag, &res), 0);
	struct buf out;
	buf_init(&out);
	bpf_write_listing(&res.prog, res.table.target, NULL, &out);
	char *want = slurp_file(listing);
	ck_assert_str_eq(out.data, want);
	free(want);
	buf_free(&out);
	diag_fini(&diag);
	arena_free(&arena);
}
END_TEST

Suite *compile_suite(void);
Suite *compile_suite(void)
{
	Suite *s = suite_create("compile");
	TCase *tc = tcase_create("resolve");
	tcase_add_test(tc, moby_clone3_depends_on_sys_admin);
	tcase_add_test(tc, moby_socket_has_three_conditional_rules);
	tcase_add_test(tc, moby_ptrace_needs_kernel_4_8);
	tcase_add_test(tc, empty_architectures_beside_arch_map);
	tcase_add_loop_test(tc, golden_listings, 0, (int)(sizeof golden / sizeof golden[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("corpus");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, corpus_compiles_and_verifies_everywhere, 0,
			    (int)(sizeof corpus / sizeof corpus[0]));
	tcase_add_loop_test(tc, random_profiles_verify, 0, 180);
	suite_add_tcase(s, tc);
	tc = tcase_create("kernel");
	tcase_add_test(tc, kernel_errno_trap_kill);
	tcase_add_test(tc, kernel_default_errno_allowlist);
	tcase_add_test(tc, kernel_argument_boundaries);
	tcase_add_test(tc, kernel_x32_numbers_are_stopped);
	tcase_add_test(tc, kernel_enosys_newer);
	tcase_add_test(tc, kernel_x86_syscalls_take_the_x86_dispatch);
	tcase_add_test(tc, long_jumps_verify_and_run);
	tcase_add_test(tc, too_large_is_a_clear_error);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(compile_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
