/*
 * test_oracle.c - the fuzzer's own parts checked against hand-worked
 * answers: the oracle against docs/semantics.md point by point, the model's
 * JSON and options round trip, and the differential check and kernel check
 * catching a program planted wrong.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "compile.h"
#include "diff.h"

struct fixture {
	struct arena arena;
	struct model_case c;
	struct oracle o;
};

/* A case from JSON and seccompc options, and its oracle. */
static void load(struct fixture *f, const char *json, const char *args)
{
	char err[256];
	arena_init(&f->arena);
	memset(&f->c, 0, sizeof f->c);
	ck_assert_msg(model_read_json(json, strlen(json), &f->arena, &f->c.profile, err, sizeof err),
		      "%s", err);
	ck_assert_msg(model_read_args(args, &f->arena, &f->c.target, err, sizeof err), "%s", err);
	oracle_init(&f->o, &f->c, &f->arena);
}

static uint32_t decide(struct fixture *f, enum arch_id arch, const char *name, uint64_t a0,
		       uint64_t a1)
{
	const struct arch_info *ai = arch_get(arch);
	int64_t nr = arch_syscall_nr(ai, name);
	ck_assert_msg(nr >= 0, "%s has no %s", ai->name, name);
	uint64_t args[6] = { a0, a1, 0, 0, 0, 0 };
	return oracle_decide(&f->o, ai->audit_arch, (uint32_t)nr, args, NULL);
}

static uint32_t decide_nr(struct fixture *f, uint32_t audit, uint32_t nr)
{
	uint64_t args[6] = { 0 };
	return oracle_decide(&f->o, audit, nr, args, NULL);
}

#define X86_64 0xc000003eu
#define EPERM_RET (RET_ERRNO | 1)

START_TEST(default_and_unconditional_rules)
{
	struct fixture f;
	load(&f, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
		 "{\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\"},"
		 "{\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 5},"
		 "{\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ALLOW\"},"
		 "{\"names\": [\"getuid\"], \"action\": \"SCMP_ACT_ERRNO\"},"
		 "{\"names\": [\"getuid\"], \"action\": \"SCMP_ACT_TRAP\"},"
		 "{\"names\": [\"getgid\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": "
		 "[{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]},"
		 "{\"names\": [\"getgid\"], \"action\": \"SCMP_ACT_LOG\"}]}",
	     "--target x86_64");
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "getpid", 0, 0), RET_ALLOW);
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "gettid", 0, 0), EPERM_RET);
	/* The first unconditional rule in file order decides. */
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "getppid", 0, 0), RET_ERRNO | 5);
	/* A rule equal to the default is dropped: the next unconditional one decides. */
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "getuid", 0, 0), RET_TRAP);
	/* An unconditional rule after a conditional one still decides outright. */
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "getgid", 1, 0), RET_LOG);
	arena_free(&f.arena);
}
END_TEST

START_TEST(conditional_rules_most_restrictive_wins)
{
	struct fixture f;
	load(&f, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": ["
		 "{\"names\": [\"getpgid\"], \"action\": \"SCMP_ACT_LOG\", \"args\": "
		 "[{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]},"
		 "{\"names\": [\"getpgid\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 5, \"args\": "
		 "[{\"index\": 1, \"value\": 2, \"op\": \"SCMP_CMP_EQ\"}]},"
		 "{\"names\": [\"getpgid\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 6, \"args\": "
		 "[{\"index\": 1, \"value\": 1, \"op\": \"SCMP_CMP_GE\"}]},"
		 "{\"names\": [\"getpgid\"], \"action\": \"SCMP_ACT_TRAP\", \"args\": "
		 "[{\"index\": 0, \"value\": 9, \"op\": \"SCMP_CMP_EQ\"},"
		 " {\"index\": 1, \"value\": 9, \"op\": \"SCMP_CMP_EQ\"}]}]}",
	     "--target x86_64");
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "getpgid", 1, 0), RET_LOG);
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "getpgid", 0, 0), RET_ALLOW);
	/* ERRNO beats LOG; of two ERRNOs the first in file order. */
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "getpgid", 1, 2), RET_ERRNO | 5);
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "getpgid", 1, 3), RET_ERRNO | 6);
	/* Conditions are ANDed. */
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "getpgid", 9, 9), RET_TRAP);
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "getpgid", 9, 0), RET_ALLOW);
	arena_free(&f.arena);
}
END_TEST

START_TEST(repeated_index_splits_every_condition)
{
	struct fixture f;
	load(&f, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": ["
		 "{\"names\": [\"getpgid\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 7, \"args\": "
		 "[{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"},"
		 " {\"index\": 0, \"value\": 2, \"op\": \"SCMP_CMP_EQ\"},"
		 " {\"index\": 1, \"value\": 3, \"op\": \"SCMP_CMP_EQ\"}]}]}",
	     "--target x86_64");
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "getpgid", 2, 0), RET_ERRNO | 7);
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "getpgid", 0, 3), RET_ERRNO | 7);
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "getpgid", 0, 0), RET_ALLOW);
	arena_free(&f.arena);
}
END_TEST

START_TEST(operators_masks_and_widths)
{
	struct fixture f;
	static const char json[] =
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_X86\", "
		"\"SCMP_ARCH_X32\"], \"syscalls\": ["
		"{\"names\": [\"getpgid\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": "
		"[{\"index\": 0, \"value\": 240, \"valueTwo\": 53, \"op\": \"SCMP_CMP_MASKED_EQ\"}]},"
		"{\"names\": [\"lseek\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": "
		"[{\"index\": 1, \"value\": 4294967297, \"op\": \"SCMP_CMP_EQ\"}]},"
		"{\"names\": [\"socket\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": "
		"[{\"index\": 0, \"value\": 40, \"op\": \"SCMP_CMP_NE\"}]},"
		"{\"names\": [\"getpriority\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": "
		"[{\"index\": 1, \"value\": 4294967296, \"op\": \"SCMP_CMP_LT\"}]}]}";
	load(&f, json, "--target x86_64");
	/* (arg & 0xf0) == (0x35 & 0xf0) */
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "getpgid", 0x3f, 0), EPERM_RET);
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "getpgid", 0x4f, 0), RET_ALLOW);
	/* lseek's offset is a long: 64 bits on x86_64 and x32, 32 on x86 (the
	 * constant cut to 1 there). */
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "lseek", 0, 1), RET_ALLOW);
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "lseek", 0, 0x100000001ull), EPERM_RET);
	ck_assert_uint_eq(decide(&f, ARCH_X32, "lseek", 0, 1), RET_ALLOW);
	ck_assert_uint_eq(decide(&f, ARCH_X86, "lseek", 0, 1), EPERM_RET);
	ck_assert_uint_eq(decide(&f, ARCH_X86, "lseek", 0, 0x500000001ull), EPERM_RET);
	/* socket's domain is an int: socket(0x100000028) is AF_VSOCK to the kernel. */
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "socket", 0x100000028ull, 0), RET_ALLOW);
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "socket", 41, 0), EPERM_RET);
	ck_assert_uint_eq(decide(&f, ARCH_X32, "socket", 0x100000028ull, 0), RET_ALLOW);
	/* getpriority's who is an id_t: < 2^32 is < 0, never. */
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "getpriority", 0, 5), RET_ALLOW);
	ck_assert_uint_eq(decide(&f, ARCH_X86, "getpriority", 0, 5), RET_ALLOW);
	const struct arch_info *x86_64 = arch_get(ARCH_X86_64), *x32 = arch_get(ARCH_X32);
	uint32_t lseek = (uint32_t)arch_syscall_nr(x32, "lseek");
	ck_assert_uint_eq(oracle_arg_bits(&f.o, x86_64, 41, 0), 32);
	ck_assert_uint_eq(oracle_arg_bits(&f.o, x86_64, 8, 1), 64);
	ck_assert_uint_eq(oracle_arg_bits(&f.o, x32, lseek, 1), 64);
	arena_free(&f.arena);
	/* --arg-width register: whole registers, as libseccomp (x32: 32 bits). */
	load(&f, json, "--target x86_64 --arg-width register");
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "socket", 0x100000028ull, 0), EPERM_RET);
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "getpriority", 0, 5), EPERM_RET);
	ck_assert_uint_eq(decide(&f, ARCH_X32, "lseek", 0, 1), EPERM_RET);
	ck_assert_uint_eq(oracle_arg_bits(&f.o, x32, lseek, 1), 32);
	ck_assert_uint_eq(oracle_arg_bits(&f.o, x86_64, 41, 0), 64);
	arena_free(&f.arena);
}
END_TEST

START_TEST(arches_bad_arch_and_x32)
{
	struct fixture f;
	load(&f, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
		 "{\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
	     "--target x86_64 --bad-arch TRAP");
	ck_assert_uint_eq(decide_nr(&f, 0xc00000b7u, 172), RET_TRAP);       /* aarch64 */
	ck_assert_uint_eq(decide_nr(&f, 0x40000003u, 20), RET_TRAP);        /* x86 not covered */
	ck_assert_uint_eq(decide_nr(&f, X86_64, 0x40000027u), RET_TRAP);     /* x32 not covered */
	ck_assert_uint_eq(decide_nr(&f, X86_64, 0x80000027u), RET_TRAP);     /* from 2^30 up */
	ck_assert_uint_eq(decide_nr(&f, X86_64, 0xffffffffu), EPERM_RET);    /* -1: default */
	arena_free(&f.arena);

	load(&f, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"archMap\": [{\"architecture\": "
		 "\"SCMP_ARCH_AARCH64\", \"subArchitectures\": [\"SCMP_ARCH_ARM\"]}, {\"architecture\": "
		 "\"SCMP_ARCH_X86_64\", \"subArchitectures\": [\"SCMP_ARCH_X32\", \"SCMP_ARCH_ARM\"]}],"
		 " \"syscalls\": [{\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
	     "--target x86_64");
	ck_assert(oracle_covers(&f.o, ARCH_X32));
	ck_assert(!oracle_covers(&f.o, ARCH_ARM));
	ck_assert(!oracle_covers(&f.o, ARCH_X86));
	ck_assert_uint_eq(decide_nr(&f, X86_64, 0x40000027u), RET_ALLOW);    /* x32 getpid */
	ck_assert_uint_eq(decide_nr(&f, X86_64, 0x40000028u), EPERM_RET);
	ck_assert_uint_eq(decide_nr(&f, X86_64, 0x80000027u), EPERM_RET);    /* x32's, no syscall */
	ck_assert_uint_eq(decide_nr(&f, 0x40000028u, 20), RET_KILL_PROCESS); /* arm: not covered */
	arena_free(&f.arena);
}
END_TEST

START_TEST(errno_names_per_arch)
{
	struct fixture f;
	load(&f, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrno\": \"ENOSYS\","
		 " \"architectures\": [\"SCMP_ARCH_MIPS64\", \"SCMP_ARCH_MIPS\"], \"syscalls\": ["
		 "{\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 89},"
		 "{\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\"},"
		 "{\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_TRACE\"}]}",
	     "--target mips64");
	ck_assert_uint_eq(decide(&f, ARCH_MIPS64, "gettid", 0, 0), RET_ERRNO | 89);
	ck_assert_uint_eq(decide(&f, ARCH_MIPS, "gettid", 0, 0), RET_ERRNO | 89);
	/* errnoRet 89 equals mips' ENOSYS: the rule is dropped, the next decides. */
	ck_assert_uint_eq(decide(&f, ARCH_MIPS64, "getpid", 0, 0), RET_ALLOW);
	ck_assert_uint_eq(decide(&f, ARCH_MIPS64, "getppid", 0, 0), RET_TRACE | 1);
	arena_free(&f.arena);
	load(&f, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrno\": \"ENOSYS\","
		 " \"syscalls\": [{\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ERRNO\","
		 " \"errnoRet\": 89}, {\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
	     "--target x86_64");
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "gettid", 0, 0), RET_ERRNO | 38);
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "getpid", 0, 0), RET_ERRNO | 89);
	arena_free(&f.arena);
}
END_TEST

START_TEST(includes_and_excludes)
{
	struct fixture f;
	load(&f, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
		 "{\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"arches\": [\"arm64\"]}},"
		 "{\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"arches\": [\"arm64\", \"amd64\"], \"caps\": [\"CAP_SYS_ADMIN\"]}},"
		 "{\"names\": [\"getuid\"], \"action\": \"SCMP_ACT_ALLOW\", \"excludes\": {\"caps\": [\"CAP_KILL\", \"CAP_SYS_ADMIN\"]}},"
		 "{\"names\": [\"getgid\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"minKernel\": \"5.10\"}},"
		 "{\"names\": [\"gettid\"], \"action\": \"SCMP_ACT_ALLOW\", \"excludes\": {\"minKernel\": \"5.4\"}}]}",
	     "--target x86_64 --kernel 5.4 --caps none --cap CAP_SYS_ADMIN");
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "getpid", 0, 0), EPERM_RET);
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "getppid", 0, 0), RET_ALLOW);
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "getuid", 0, 0), EPERM_RET);
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "getgid", 0, 0), EPERM_RET);
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "gettid", 0, 0), EPERM_RET);
	arena_free(&f.arena);
	/* Docker's default set when no capability option is given. */
	load(&f, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
		 "{\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"caps\": [\"CAP_KILL\"]}},"
		 "{\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"caps\": [\"CAP_SYS_ADMIN\"]}}]}",
	     "--target x86_64 --kernel 6.1");
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "getpid", 0, 0), RET_ALLOW);
	ck_assert_uint_eq(decide(&f, ARCH_X86_64, "getppid", 0, 0), EPERM_RET);
	arena_free(&f.arena);
}
END_TEST

START_TEST(enosys_newer)
{
	struct fixture f;
	static const char json[] = "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": "
		"[\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\"], \"syscalls\": ["
		"{\"names\": [\"write\", \"getpid\"], \"action\": \"SCMP_ACT_ALLOW\"},"
		"{\"names\": [\"exit_group\"], \"action\": \"SCMP_ACT_ERRNO\"}]}";
	load(&f, json, "--target x86_64 --enosys-newer");
	/* last is exit_group (231 on x86_64, 252 on x86), though its rule is dropped. */
	ck_assert_uint_eq(decide_nr(&f, X86_64, 232), RET_ERRNO | 38);
	ck_assert_uint_eq(decide_nr(&f, X86_64, 231), EPERM_RET);
	ck_assert_uint_eq(decide_nr(&f, X86_64, 100), EPERM_RET);
	ck_assert_uint_eq(decide_nr(&f, X86_64, 0xffffffffu), EPERM_RET);       /* -1 on x86_64 */
	ck_assert_uint_eq(decide_nr(&f, X86_64, 0x40000100u), RET_KILL_PROCESS); /* x32: foreign */
	ck_assert_uint_eq(decide_nr(&f, 0x40000003u, 253), RET_ERRNO | 38);
	ck_assert_uint_eq(decide_nr(&f, 0x40000003u, 252), EPERM_RET);
	ck_assert_uint_eq(decide_nr(&f, 0x40000003u, 0xffffffffu), RET_ERRNO | 38);
	arena_free(&f.arena);
	load(&f, json, "--target x86_64");
	ck_assert_uint_eq(decide_nr(&f, X86_64, 232), EPERM_RET);
	arena_free(&f.arena);
	/* By age: pidfd_open (434) came in 5.3; uprobe (336) in 6.18 is newer,
	 * though its number is below; statx (332, 4.11) and fspick (433, 5.2)
	 * are older; clone3 (435, 5.3) is above. */
	load(&f, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
		 "{\"names\": [\"write\", \"pidfd_open\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
	     "--target x86_64 --enosys-newer");
	ck_assert_uint_eq(f.o.newest[ARCH_X86_64], 5003);
	ck_assert_uint_eq(decide_nr(&f, X86_64, 336), RET_ERRNO | 38);
	ck_assert_uint_eq(decide_nr(&f, X86_64, 332), EPERM_RET);
	ck_assert_uint_eq(decide_nr(&f, X86_64, 433), EPERM_RET);
	ck_assert_uint_eq(decide_nr(&f, X86_64, 435), RET_ERRNO | 38);
	arena_free(&f.arena);
	/* s390x: number 0 too; mips: its own ENOSYS; a permissive default: no stub. */
	load(&f, "{\"defaultAction\": \"SCMP_ACT_KILL\", \"syscalls\": ["
		 "{\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
	     "--target s390x --enosys-newer");
	ck_assert_uint_eq(decide_nr(&f, 0x80000016u, 0), RET_ERRNO | 38);
	ck_assert_uint_eq(decide_nr(&f, 0x80000016u, 19), RET_KILL_THREAD);
	ck_assert_uint_eq(decide_nr(&f, 0x80000016u, 21), RET_ERRNO | 38);
	arena_free(&f.arena);
	load(&f, "{\"defaultAction\": \"SCMP_ACT_TRAP\", \"syscalls\": ["
		 "{\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
	     "--target mips64 --enosys-newer");
	ck_assert_uint_eq(decide_nr(&f, 0x80000008u, 5900), RET_ERRNO | 89);
	arena_free(&f.arena);
	load(&f, "{\"defaultAction\": \"SCMP_ACT_LOG\", \"syscalls\": ["
		 "{\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ERRNO\"}]}",
	     "--target x86_64 --enosys-newer");
	ck_assert_uint_eq(decide_nr(&f, X86_64, 400), RET_LOG);
	arena_free(&f.arena);
}
END_TEST

START_TEST(model_round_trips)
{
	/* Generated cases read back from their own JSON and options unchanged. */
	for (uint64_t seed = 1; seed <= 200; seed++) {
		struct arena arena;
		arena_init(&arena);
		struct model_case c, back;
		struct model_gen_options g = { -1, seed % 7 == 0 };
		model_generate(seed, &g, &arena, &c);
		struct buf a, b, x, y;
		buf_init(&a);
		buf_init(&b);
		buf_init(&x);
		buf_init(&y);
		model_write_json(&c.profile, &a);
		model_write_args(&c.target, &x);
		char err[256];
		ck_assert_msg(model_read_json(a.data, a.len, &arena, &back.profile, err, sizeof err),
			      "seed %llu: %s", (unsigned long long)seed, err);
		ck_assert_msg(model_read_args(x.data, &arena, &back.target, err, sizeof err),
			      "seed %llu: %s", (unsigned long long)seed, err);
		model_write_json(&back.profile, &b);
		model_write_args(&back.target, &y);
		ck_assert_str_eq(a.data, b.data);
		ck_assert_str_eq(x.data, y.data);
		buf_free(&a);
		buf_free(&b);
		buf_free(&x);
		buf_free(&y);
		arena_free(&arena);
	}
	/* Any text a replayed case holds is written back as JSON that reads the same. */
	static const char odd[] = "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrno\": \"E\\\"Q\","
		" \"syscalls\": [{\"name\": \"a\\\\b\\u0001\\n\", \"action\": \"SCMP_ACT_ALLOW\","
		" \"includes\": {\"minKernel\": \"5.\\t4\"}}]}";
	struct arena arena;
	arena_init(&arena);
	struct model_profile p, q;
	char err[256];
	ck_assert_msg(model_read_json(odd, strlen(odd), &arena, &p, err, sizeof err), "%s", err);
	ck_assert_str_eq(p.rules[0].names[0], "a\\b\001\n");
	struct buf w;
	buf_init(&w);
	model_write_json(&p, &w);
	ck_assert_msg(model_read_json(w.data, w.len, &arena, &q, err, sizeof err), "%s\n%s", err, w.data);
	ck_assert_str_eq(q.rules[0].names[0], "a\\b\001\n");
	ck_assert_str_eq(q.default_verdict.errno_name, "E\"Q");
	ck_assert_str_eq(q.rules[0].includes.min_kernel, "5.\t4");
	buf_free(&w);
	arena_free(&arena);
}
END_TEST

/* Compiles a fixture's case, verified. */
static struct bpf_prog compile_fixture(struct fixture *f, const char *json)
{
	struct compile_options co;
	memset(&co, 0, sizeof co);
	co.verify = true;
	co.select.target = arch_get(f->c.target.native);
	co.select.kernel_major = 6;
	co.select.kernel_minor = 1;
	struct diag d;
	diag_init(&d, "t.json");
	struct compile_result res;
	ck_assert_msg(compile_profile_text("t.json", json, strlen(json), &co, &f->arena, &d, &res) == 0,
		      "%s", diag_text(&d));
	diag_fini(&d);
	return res.prog;
}

/* The check must see a wrong program: a return changed, a comparison's
 * constant off by one. */
START_TEST(differential_check_catches_a_planted_bug)
{
	static const char json[] = "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
		"{\"names\": [\"write\", \"exit\", \"exit_group\"], \"action\": \"SCMP_ACT_ALLOW\"},"
		"{\"names\": [\"getpgid\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": "
		"[{\"index\": 0, \"value\": 7, \"op\": \"SCMP_CMP_GT\"}]}]}";
	struct fixture f;
	load(&f, json, "--target x86_64 --kernel 6.1");
	f.c.kernel_safe = true;
	struct bpf_prog p = compile_fixture(&f, json);
	struct diff_options opt = { true, 2 };
	struct buf report;
	buf_init(&report);
	size_t inputs = 0;
	ck_assert_uint_eq(diff_compare_program(&f.c, &p, &opt, &report, &inputs), 0);
	ck_assert_uint_gt(inputs, 100);
	/* The program as compiled passes the kernel check too. */
	struct arg_source s;
	arg_source_init(&s, &f.c, &f.o, &f.arena);
	struct diff_result res;
	memset(&res, 0, sizeof res);
#if defined(__x86_64__)
	ck_assert(kernel_check(&f.c, &f.o, &s, &p, &opt, &res, &report));
	ck_assert_msg(res.kernel_mismatches == 0, "%s", report.data ? report.data : "");
	ck_assert_uint_gt(res.kernel_runs, 10);
#endif
	/* a0 > 7 is compiled as a0.lo >= 8 (the high word 0); >= 9 instead
	 * denies getpgid(8), which the profile allows. */
	struct bpf_prog wrong = { arena_calloc(&f.arena, p.len, sizeof *p.insns), p.len };
	memcpy(wrong.insns, p.insns, p.len * sizeof *p.insns);
	size_t planted = 0;
	for (size_t i = 0; i < wrong.len; i++)
		if (wrong.insns[i].code == (BPF_JMP | BPF_JGE | BPF_K) && wrong.insns[i].k == 8) {
			wrong.insns[i].k = 9;
			planted++;
		}
	ck_assert_uint_gt(planted, 0);
	ck_assert_uint_gt(diff_compare_program(&f.c, &wrong, &opt, &report, NULL), 0);
	ck_assert_ptr_nonnull(strstr(report.data, "(getpgid) args 0x8 "));
	/* Every ERRNO return made ALLOW: seen by the simulator and the kernel. */
	for (size_t i = 0; i < wrong.len; i++)
		if (wrong.insns[i].code == (BPF_RET | BPF_K) && wrong.insns[i].k == EPERM_RET)
			wrong.insns[i].k = RET_ALLOW;
	ck_assert_uint_gt(diff_compare_program(&f.c, &wrong, &opt, &report, NULL), 0);
#if defined(__x86_64__)
	memset(&res, 0, sizeof res);
	ck_assert(kernel_check(&f.c, &f.o, &s, &wrong, &opt, &res, &report));
	ck_assert_uint_gt(res.kernel_mismatches, 0);
	ck_assert_ptr_nonnull(strstr(report.data, "kernel: arch x86_64"));
#endif
	buf_free(&report);
	arena_free(&f.arena);
}
END_TEST

static Suite *oracle_suite(void)
{
	Suite *s = suite_create("fuzz");
	TCase *tc = tcase_create("oracle");
	tcase_add_test(tc, default_and_unconditional_rules);
	tcase_add_test(tc, conditional_rules_most_restrictive_wins);
	tcase_add_test(tc, repeated_index_splits_every_condition);
	tcase_add_test(tc, operators_masks_and_widths);
	tcase_add_test(tc, arches_bad_arch_and_x32);
	tcase_add_test(tc, errno_names_per_arch);
	tcase_add_test(tc, includes_and_excludes);
	tcase_add_test(tc, enosys_newer);
	suite_add_tcase(s, tc);
	tc = tcase_create("check");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, model_round_trips);
	tcase_add_test(tc, differential_check_catches_a_planted_bug);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(oracle_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
