/*
 * test_widths.c - high bits the kernel ignores neither bypass nor dodge a
 * rule (issue 10), in the real kernel.
 *
 * socket's domain, ioctl's request, personality's persona, prctl's option
 * and fchmod's mode are read by the kernel as int, unsigned int or umode_t:
 * a value with bits set above those is the same value to the kernel. Under
 * moby's profile and the shipped default, and under rules written for the
 * purpose, a forked child makes the call with such bits set; what the
 * kernel then does must be what it does without them. x86 syscalls go
 * through int $0x80, where registers are 32 bits and a umode_t still 16.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "testlib.h"

#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif
#define HIGH (1ull << 32)

static char *slurp(const char *rel)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", getenv("SRCDIR"), rel);
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f, "%s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	char *s = malloc((size_t)n + 1);
	ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = 0;
	fclose(f);
	return s;
}

static struct bpf_prog compile_file(const char *rel, struct arena *arena)
{
	char *json = slurp(rel);
	struct diag diag;
	diag_init(&diag, rel);
	diag.quiet_warnings = true;
	struct compile_result res;
	ck_assert_msg(test_compile(json, NULL, arena, &diag, &res) == 0, "%s", diag_text(&diag));
	diag_fini(&diag);
	free(json);
	return res.prog;
}

static const char *const profiles[] = { "tests/corpus/moby-default.json", "profiles/default.json" };

#if defined(__x86_64__)
/* AF_VSOCK with bit 32 set is AF_VSOCK to the kernel: refused; AF_UNIX with
 * bit 32 set is AF_UNIX: a socket is made. */
START_TEST(socket_families_with_high_bits)
{
	struct arena arena;
	arena_init(&arena);
	struct bpf_prog p = compile_file(profiles[_i], &arena);
	uint64_t vsock[6] = { AF_VSOCK | HIGH, SOCK_STREAM, 0 };
	struct child_outcome o = run_syscall_filtered(&p, SYS_socket, vsock);
	ck_assert(o.installed && o.exited);
	ck_assert_msg(o.ret == -1 && o.err == EPERM, "%s: socket(AF_VSOCK | 1 << 32) gave %ld, "
		      "errno %d", profiles[_i], o.ret, o.err);
	uint64_t unix_[6] = { AF_UNIX | HIGH, SOCK_STREAM, 0 };
	o = run_syscall_filtered(&p, SYS_socket, unix_);
	ck_assert(o.installed && o.exited);
	ck_assert_msg(o.ret >= 0, "%s: socket(AF_UNIX | 1 << 32) gave errno %d", profiles[_i], o.err);
	uint64_t plain[6] = { AF_VSOCK, SOCK_STREAM, 0 };
	o = run_syscall_filtered(&p, SYS_socket, plain);
	ck_assert(o.installed && o.exited && o.ret == -1 && o.err == EPERM);
	if (ia32_available("socket_families_with_high_bits")) {
		/* x86's socket is 359; the registers are 32 bits, so only the
		 * plain value can be passed. */
		o = run_ia32_syscall_filtered(&p, 359, plain);
		ck_assert(o.installed && o.exited);
		ck_assert(o.ret == -1 && o.err == EPERM);
	}
	arena_free(&arena);
}
END_TEST

/* personality reads an unsigned int: 0xffffffff (the query, allowed by
 * both profiles) with high bits is still the query; PER_LINUX32 with high
 * bits is still refused. */
START_TEST(personality_with_high_bits)
{
	struct arena arena;
	arena_init(&arena);
	struct bpf_prog p = compile_file(profiles[_i], &arena);
	uint64_t query[6] = { 0xffffffffull | HIGH };
	struct child_outcome o = run_syscall_filtered(&p, SYS_personality, query);
	ck_assert(o.installed && o.exited);
	ck_assert_msg(o.ret >= 0, "%s: the query with bit 32 was refused (errno %d)", profiles[_i],
		      o.err);
	uint64_t addr_no_randomize[6] = { ADDR_NO_RANDOMIZE | HIGH };
	o = run_syscall_filtered(&p, SYS_personality, addr_no_randomize);
	ck_assert(o.installed && o.exited);
	ck_assert_msg(o.ret == -1 && o.err == EPERM, "%s: personality(ADDR_NO_RANDOMIZE | 1 << 32) "
		      "gave %ld", profiles[_i], o.ret);
	arena_free(&arena);
}
END_TEST

/* The shipped default refuses TIOCSTI; with bit 32 set the kernel still
 * reads TIOCSTI, so it is still refused (fd -1: had it run, EBADF). */
START_TEST(ioctl_requests_with_high_bits)
{
	struct arena arena;
	arena_init(&arena);
	struct bpf_prog p = compile_file("profiles/default.json", &arena);
	static const uint64_t requests[] = { 0x5412, 0x5412 | HIGH, 0x5412 | 0xffffffff00000000ull };
	for (size_t i = 0; i < 3; i++) {
		uint64_t args[6] = { ~0ull, requests[i], 0 };
		struct child_outcome o = run_syscall_filtered(&p, SYS_ioctl, args);
		ck_assert(o.installed && o.exited);
		ck_assert_msg(o.ret == -1 && o.err != EBADF, "TIOCSTI 0x%llx ran",
			      (unsigned long long)requests[i]);
	}
	uint64_t fionread[6] = { ~0ull, 0x541b | HIGH, 0 };   /* another request runs */
	struct child_outcome o = run_syscall_filtered(&p, SYS_ioctl, fionread);
	ck_assert(o.installed && o.exited && o.ret == -1 && o.err == EBADF);
	arena_free(&arena);
}
END_TEST

/* Rules of our own: prctl refuses PR_SET_DUMPABLE (its option is an int),
 * fchmod refuses a mode with the setuid bit (a umode_t: 16 bits). */
static const char own_rules[] =
	"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_X86\"], \"syscalls\": ["
	"{\"names\": [\"prctl\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 18, \"args\": ["
	" {\"index\": 0, \"value\": 4, \"op\": \"SCMP_CMP_EQ\"}]},"
	"{\"names\": [\"fchmod\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 18, \"args\": ["
	" {\"index\": 1, \"value\": 2048, \"valueTwo\": 2048, \"op\": \"SCMP_CMP_MASKED_EQ\"}]}]}";

START_TEST(prctl_options_and_modes_with_high_bits)
{
	struct arena arena;
	arena_init(&arena);
	struct diag diag;
	diag_init(&diag, "own");
	struct compile_result res;
	ck_assert_msg(test_compile(own_rules, NULL, &arena, &diag, &res) == 0, "%s", diag_text(&diag));
	uint64_t dumpable[6] = { PR_SET_DUMPABLE | HIGH, 1 };
	struct child_outcome o = run_syscall_filtered(&res.prog, SYS_prctl, dumpable);
	ck_assert(o.installed && o.exited);
	ck_assert_msg(o.ret == -1 && o.err == EXDEV, "prctl(PR_SET_DUMPABLE | 1 << 32) gave %ld", o.ret);
	char path[] = "/tmp/seccompc-widths-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	/* 0x10000 | 04755: the kernel reads 04755, setuid */
	uint64_t setuid_mode[6] = { (uint64_t)fd, 0x10000 | 04755 };
	o = run_syscall_filtered(&res.prog, SYS_fchmod, setuid_mode);
	ck_assert(o.installed && o.exited);
	ck_assert_msg(o.ret == -1 && o.err == EXDEV, "fchmod(0x10000 | 04755) gave %ld", o.ret);
	uint64_t plain_mode[6] = { (uint64_t)fd, 0x10000 | 0644 };   /* no setuid: runs */
	o = run_syscall_filtered(&res.prog, SYS_fchmod, plain_mode);
	ck_assert(o.installed && o.exited && o.ret == 0);
	if (ia32_available("prctl_options_and_modes_with_high_bits")) {
		/* x86's fchmod is 94: a 32-bit register, a 16-bit mode */
		o = run_ia32_syscall_filtered(&res.prog, 94, setuid_mode);
		ck_assert(o.installed && o.exited);
		ck_assert_msg(o.ret == -1 && o.err == EXDEV, "x86 fchmod gave %ld, errno %d", o.ret,
			      o.err);
		o = run_ia32_syscall_filtered(&res.prog, 94, plain_mode);
		ck_assert(o.installed && o.exited);
		ck_assert_int_eq(o.ret, 0);
	}
	close(fd);
	unlink(path);
	diag_fini(&diag);
	arena_free(&arena);
}
END_TEST

/* --arg-width register gives libseccomp's reading back: the same prctl
 * with bit 32 set gets through, as under runc. */
START_TEST(register_width_is_libseccomps_reading)
{
	struct arena arena;
	arena_init(&arena);
	struct diag diag;
	diag_init(&diag, "own");
	struct compile_options co = { .verify = true };
	co.select.register_width = true;
	struct compile_result res;
	ck_assert_int_eq(compile_profile_text("own", own_rules, strlen(own_rules), &co, &arena, &diag,
					      &res), 0);
	uint64_t dumpable[6] = { PR_SET_DUMPABLE | HIGH, 1 };
	struct child_outcome o = run_syscall_filtered(&res.prog, SYS_prctl, dumpable);
	ck_assert(o.installed && o.exited);
	ck_assert_int_eq(o.ret, 0);
	diag_fini(&diag);
	arena_free(&arena);
}
END_TEST
#endif

static Suite *widths_suite(void)
{
	Suite *s = suite_create("widths");
	TCase *t = tcase_create("kernel");
#if defined(__x86_64__)
	tcase_add_loop_test(t, socket_families_with_high_bits, 0, 2);
	tcase_add_loop_test(t, personality_with_high_bits, 0, 2);
	tcase_add_test(t, ioctl_requests_with_high_bits);
	tcase_add_test(t, prctl_options_and_modes_with_high_bits);
	tcase_add_test(t, register_width_is_libseccomps_reading);
#endif
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(widths_suite());
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? 1 : 0;
}
