/*
 * test_bpf_kernel.c - the kernel agrees with the toolkit: programs the
 * validator accepts install with seccomp(2) and make real syscalls behave as
 * the simulator says (allowed, ERRNO, TRAP and KILL by SIGSYS), long jumps
 * included; programs the validator rejects are refused by the kernel (EINVAL).
 * Each filter is installed in a forked child. Skips (77) where seccomp
 * filters are unavailable.
 */
#include <check.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "action.h"
#include "bpf.h"

#define S(c, k) BPF_STMT((uint16_t)(c), (uint32_t)(k))
#define J(c, k, t, f) BPF_JUMP((uint16_t)(c), (uint32_t)(k), (uint8_t)(t), (uint8_t)(f))
#define PROG(...) (const struct sock_filter[]){ __VA_ARGS__ }, \
	sizeof((const struct sock_filter[]){ __VA_ARGS__ }) / sizeof(struct sock_filter)

#if defined(__x86_64__)
#define HOST_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define HOST_AUDIT_ARCH AUDIT_ARCH_AARCH64
#elif defined(__riscv) && __riscv_xlen == 64
#define HOST_AUDIT_ARCH AUDIT_ARCH_RISCV64
#elif defined(__s390x__)
#define HOST_AUDIT_ARCH AUDIT_ARCH_S390X
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HOST_AUDIT_ARCH AUDIT_ARCH_PPC64LE
#else
#define HOST_AUDIT_ARCH 0u
#endif
#define HOST_BIG_ENDIAN (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)
/* offset of the low and high words of args[i] in seccomp_data on the host */
#define ARG_LO(i) (16u + 8u * (i) + (HOST_BIG_ENDIAN ? 4u : 0u))
#define ARG_HI(i) (16u + 8u * (i) + (HOST_BIG_ENDIAN ? 0u : 4u))

struct outcome {
	bool installed;
	int install_errno;
	bool exited;
	long ret;
	int err;
	int signal;
};

struct report {
	int stage;   /* 1: install failed, 2: installed, 3: syscall returned */
	long ret;
	int err;
};

/* Forks; the child installs prog and makes syscall nr(args); reports what happened. */
static struct outcome run_filtered(const struct sock_filter *insns, size_t len, long nr,
				   const uint64_t args[6])
{
	struct outcome o;
	int fds[2];
	memset(&o, 0, sizeof o);
	ck_assert_int_eq(pipe(fds), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct sock_fprog fp = { (unsigned short)len, (struct sock_filter *)insns };
		struct report r = { 2, 0, 0 };
		close(fds[0]);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp) != 0) {
			r.stage = 1;
			r.err = errno;
		}
		(void)!write(fds[1], &r, sizeof r);
		if (r.stage == 1)
			_exit(0);
		errno = 0;
		r.ret = syscall(nr, args[0], args[1], args[2], args[3], args[4], args[5]);
		r.err = errno;
		r.stage = 3;
		(void)!write(fds[1], &r, sizeof r);
		_exit(0);
	}
	close(fds[1]);
	struct report r1 = { 0, 0, 0 }, r2 = { 0, 0, 0 };
	bool got1 = read(fds[0], &r1, sizeof r1) == (ssize_t)sizeof r1;
	bool got2 = read(fds[0], &r2, sizeof r2) == (ssize_t)sizeof r2;
	close(fds[0]);
	int status = 0;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	o.installed = got1 && r1.stage == 2;
	o.install_errno = got1 && r1.stage == 1 ? r1.err : 0;
	o.exited = got2 && WIFEXITED(status);
	o.ret = r2.ret;
	o.err = r2.err;
	o.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	return o;
}

/* The simulator returns `expect` for syscall nr(args); the kernel does the same. */
static void agree(const struct bpf_prog *p, long nr, const uint64_t args[6], uint32_t expect)
{
	struct bpf_input in = { .nr = (int32_t)nr, .arch = HOST_AUDIT_ARCH,
				.big_endian = HOST_BIG_ENDIAN };
	memcpy(in.args, args, sizeof in.args);
	struct bpf_result sim = bpf_simulate(p, &in);
	ck_assert_uint_eq(sim.action, expect);

	struct outcome o = run_filtered(p->insns, p->len, nr, args);
	ck_assert_msg(o.installed, "kernel refused the filter: errno %d", o.install_errno);
	switch (action_kind_of(expect)) {
	case ACT_ALLOW:
		ck_assert_msg(o.exited && o.ret != -1, "nr %ld: not allowed (ret %ld errno %d sig %d)",
			      nr, o.ret, o.err, o.signal);
		break;
	case ACT_ERRNO:
		ck_assert_msg(o.exited, "nr %ld: killed by %d", nr, o.signal);
		ck_assert_int_eq(o.ret, -1);
		ck_assert_int_eq(o.err, (int)(expect & RET_DATA));
		break;
	case ACT_TRAP: case ACT_KILL_PROCESS: case ACT_KILL_THREAD:
		ck_assert_int_eq(o.signal, SIGSYS);
		break;
	default:
		ck_abort_msg("unexpected action");
	}
}

static const uint64_t no_args[6];

/* arch check, then per-syscall returns; `filler` statements sit after the
 * first comparison so the shared ALLOW is far from it. */
static void build_dispatch(struct bpf_builder *b, bpf_label entry, int filler)
{
	bpf_label allow = bpf_ret_block(b, RET_ALLOW), kill = bpf_ret_block(b, RET_KILL_PROCESS);
	bpf_label nr = bpf_block(b), fill = bpf_block(b), c2 = bpf_block(b), c3 = bpf_block(b),
		  c4 = bpf_block(b), c5 = bpf_block(b), c6 = bpf_block(b), a_hi = bpf_block(b),
		  a_lo = bpf_block(b);
	bpf_stmt(b, entry, BPF_LD | BPF_W | BPF_ABS, 4);
	bpf_jump(b, entry, BPF_JMP | BPF_JEQ | BPF_K, HOST_AUDIT_ARCH, nr, kill);
	bpf_stmt(b, nr, BPF_LD | BPF_W | BPF_ABS, 0);
	bpf_jump(b, nr, BPF_JMP | BPF_JEQ | BPF_K, SYS_getpid, allow, fill);
	for (int i = 0; i < filler; i++)
		bpf_stmt(b, fill, BPF_LDX | BPF_IMM, (uint32_t)i);
	bpf_jump(b, fill, BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid,
		 bpf_ret_block(b, RET_ERRNO | EACCES), c2);
	bpf_jump(b, c2, BPF_JMP | BPF_JEQ | BPF_K, SYS_getuid, bpf_ret_block(b, RET_TRAP), c3);
	bpf_jump(b, c3, BPF_JMP | BPF_JEQ | BPF_K, SYS_getgid, kill, c4);
	bpf_jump(b, c4, BPF_JMP | BPF_JEQ | BPF_K, SYS_geteuid, bpf_ret_block(b, RET_KILL_THREAD), c5);
	bpf_jump(b, c5, BPF_JMP | BPF_JEQ | BPF_K, SYS_getegid, a_hi, c6);
	bpf_goto(b, c6, allow);
	bpf_stmt(b, a_hi, BPF_LD | BPF_W | BPF_ABS, ARG_HI(0));
	bpf_jump(b, a_hi, BPF_JMP | BPF_JEQ | BPF_K, 1, a_lo, allow);
	bpf_stmt(b, a_lo, BPF_LD | BPF_W | BPF_ABS, ARG_LO(0));
	bpf_jump(b, a_lo, BPF_JMP | BPF_JEQ | BPF_K, 2, bpf_ret_block(b, RET_ERRNO | E2BIG), allow);
}

static void dispatch_agrees(int filler)
{
	struct arena arena;
	struct diag diag;
	struct bpf_prog p;
	arena_init(&arena);
	diag_init(&diag, NULL);
	struct bpf_builder *b = bpf_builder_new(&arena);
	bpf_label entry = bpf_block(b);
	build_dispatch(b, entry, filler);
	ck_assert(bpf_assemble(b, entry, &arena, &p, &diag));
	ck_assert_msg(bpf_validate(&p, &diag), "%s", diag_text(&diag));
	ck_assert_uint_gt(p.len, (size_t)filler);

	agree(&p, SYS_getpid, no_args, RET_ALLOW);
	agree(&p, SYS_getppid, no_args, RET_ERRNO | EACCES);
	agree(&p, SYS_getuid, no_args, RET_TRAP);
	agree(&p, SYS_getgid, no_args, RET_KILL_PROCESS);
	agree(&p, SYS_geteuid, no_args, RET_KILL_THREAD);
	uint64_t args[6] = { 0x100000002ull };
	agree(&p, SYS_getegid, args, RET_ERRNO | E2BIG);
	args[0] = 0x2;            /* high word differs */
	agree(&p, SYS_getegid, args, RET_ALLOW);
	args[0] = 0x100000003ull; /* low word differs */
	agree(&p, SYS_getegid, args, RET_ALLOW);
	agree(&p, SYS_gettid, no_args, RET_ALLOW);
	diag_fini(&diag);
	arena_free(&arena);
}

START_TEST(dispatch_short) { dispatch_agrees(0); }
END_TEST
START_TEST(dispatch_long_jumps) { dispatch_agrees(1000); }
END_TEST
START_TEST(dispatch_near_limit) { dispatch_agrees(4000); }
END_TEST

/* ALU, memory and RET A: the kernel returns the errno the simulator computes. */
START_TEST(computed_errno)
{
	static const struct sock_filter insns[] = {
		S(BPF_LD | BPF_W | BPF_ABS, 0),
		J(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 1, 0),
		S(BPF_RET | BPF_K, RET_ALLOW),
		S(BPF_ST, 4),                                       /* M[4] = nr */
		S(BPF_LD | BPF_W | BPF_ABS, ARG_LO(1)),
		S(BPF_ALU | BPF_MUL | BPF_K, 3),
		S(BPF_LDX | BPF_MEM, 4),
		S(BPF_ALU | BPF_ADD | BPF_X, 0),
		S(BPF_ALU | BPF_XOR | BPF_K, 5),
		S(BPF_ALU | BPF_LSH | BPF_K, 4),
		S(BPF_ALU | BPF_RSH | BPF_K, 4),
		S(BPF_LDX | BPF_IMM, 2),
		S(BPF_ALU | BPF_DIV | BPF_X, 0),
		S(BPF_ALU | BPF_SUB | BPF_K, 1),
		S(BPF_ALU | BPF_AND | BPF_K, 0x3ff),
		S(BPF_ALU | BPF_OR | BPF_K, RET_ERRNO),
		S(BPF_RET | BPF_A, 0),
	};
	struct bpf_prog p = { (struct sock_filter *)insns, sizeof insns / sizeof insns[0] };
	struct diag d;
	diag_init(&d, NULL);
	ck_assert_msg(bpf_validate(&p, &d), "%s", diag_text(&d));
	diag_fini(&d);
	uint64_t args[6] = { 0, 100 };
	uint32_t v = (((100u * 3 + SYS_getppid) ^ 5u) / 2 - 1) & 0x3ff;
	ck_assert_uint_ne(v, 0);
	agree(&p, SYS_getppid, args, RET_ERRNO | v);
}
END_TEST

/* Programs the validator rejects are rejected by the kernel too. */
static void both_reject(const struct sock_filter *insns, size_t len)
{
	struct bpf_prog p = { (struct sock_filter *)insns, len };
	struct diag d;
	diag_init(&d, NULL);
	ck_assert(!bpf_validate(&p, &d));
	diag_fini(&d);
	struct outcome o = run_filtered(insns, len, SYS_getpid, no_args);
	ck_assert(!o.installed);
	ck_assert_int_eq(o.install_errno, EINVAL);
}

#define RETK S(BPF_RET | BPF_K, RET_ALLOW)

START_TEST(rejected_by_both)
{
	both_reject(PROG(S(BPF_LD | BPF_W | BPF_ABS, 66), RETK));
	both_reject(PROG(S(BPF_LD | BPF_W | BPF_ABS, 64), RETK));
	both_reject(PROG(S(BPF_LD | BPF_W | BPF_ABS, 2), RETK));
	both_reject(PROG(S(BPF_LD | BPF_H | BPF_ABS, 0), RETK));
	both_reject(PROG(S(BPF_LD | BPF_B | BPF_ABS, 0), RETK));
	both_reject(PROG(S(BPF_LD | BPF_W | BPF_IND, 0), RETK));
	both_reject(PROG(S(BPF_LDX | BPF_B | BPF_MSH, 0), RETK));
	both_reject(PROG(S(BPF_ALU | BPF_MOD | BPF_K, 3), RETK));
	both_reject(PROG(S(BPF_ALU | BPF_DIV | BPF_K, 0), RETK));
	both_reject(PROG(S(BPF_ALU | BPF_LSH | BPF_K, 32), RETK));
	both_reject(PROG(S(BPF_ST, 16), RETK));
	both_reject(PROG(S(BPF_JMP | BPF_JA, 1), RETK));
	both_reject(PROG(J(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2), RETK, RETK));
	both_reject(PROG(RETK, S(BPF_LD | BPF_IMM, 0)));
	both_reject(PROG(S(BPF_LD | BPF_MEM, 3), RETK));
	both_reject(PROG(J(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), S(BPF_ST, 1),
			 S(BPF_LD | BPF_IMM, 0), S(BPF_LDX | BPF_MEM, 1), RETK));
	both_reject(PROG(S(BPF_RET | BPF_X, 0), RETK));
}
END_TEST

START_TEST(edge_programs_accepted_by_both)
{
	/* shifts by 31, slot 15, offset 60, the kernel's return quirk */
	static const struct sock_filter insns[] = {
		S(BPF_LD | BPF_W | BPF_ABS, 60), S(BPF_ALU | BPF_LSH | BPF_K, 31),
		S(BPF_ST, 15), J(BPF_JMP | BPF_JEQ | BPF_K, 0xdead, 1, 1),
		S(BPF_RET | BPF_K, RET_KILL_PROCESS), S(BPF_LD | BPF_MEM, 15),
		S(BPF_LD | BPF_W | BPF_LEN, 0), J(BPF_JMP | BPF_JEQ | BPF_K, 64, 1, 0),
		S(BPF_RET | BPF_K, RET_KILL_PROCESS), S(BPF_RET | BPF_K, RET_ALLOW),
	};
	struct bpf_prog p = { (struct sock_filter *)insns, sizeof insns / sizeof insns[0] };
	struct diag d;
	diag_init(&d, NULL);
	ck_assert_msg(bpf_validate(&p, &d), "%s", diag_text(&d));
	diag_fini(&d);
	agree(&p, SYS_getpid, no_args, RET_ALLOW);
}
END_TEST

/* True when this process may install seccomp filters (checked in a child). */
static bool seccomp_available(void)
{
	static const struct sock_filter allow[] = { S(BPF_RET | BPF_K, RET_ALLOW) };
	pid_t pid = fork();
	if (pid == 0) {
		struct sock_fprog fp = { 1, (struct sock_filter *)allow };
		_exit(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
		      syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp) == 0 ? 0 : 1);
	}
	int status = 0;
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0;
}

int main(void)
{
	if (HOST_AUDIT_ARCH == 0u || !seccomp_available()) {
		fprintf(stderr, "skipping: seccomp filters unavailable on this host\n");
		return 77;
	}
	Suite *s = suite_create("bpf_kernel");
	TCase *tc = tcase_create("kernel");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, dispatch_short);
	tcase_add_test(tc, dispatch_long_jumps);
	tcase_add_test(tc, dispatch_near_limit);
	tcase_add_test(tc, computed_errno);
	tcase_add_test(tc, rejected_by_both);
	tcase_add_test(tc, edge_programs_accepted_by_both);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
