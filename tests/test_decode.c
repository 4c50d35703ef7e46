/*
 * test_decode.c - --report's argument decoding and escaping (runtime/decode.c):
 * each kind of argument by name, strings read from a (fake) traced process,
 * and no byte of the program reaching the terminal unescaped.
 */
#include <check.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#include "decode.h"

/* A fake traced process: addresses 0x1000.. hold `memory`. */
static const char *memory;
static size_t memory_len;

static ssize_t fake_read(void *ctx, uint64_t addr, void *buf, size_t size)
{
	(void)ctx;
	if (addr < 0x1000 || addr - 0x1000 >= memory_len)
		return -1;
	size_t n = memory_len - (addr - 0x1000);
	if (n > size)
		n = size;
	memcpy(buf, memory + (addr - 0x1000), n);
	return (ssize_t)n;
}

static const struct decode_memory mem = { fake_read, NULL };

static const char *call(const char *name, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	static char out[1024];
	uint64_t args[6] = { a0, a1, a2, a3, 0, 0 };
	decode_call(name, args, true, &mem, out, sizeof out);
	return out;
}

START_TEST(arguments_by_name)
{
	ck_assert_str_eq(call("unshare", CLONE_NEWUSER | CLONE_NEWNS, 0, 0, 0),
			 "unshare(CLONE_NEWNS|CLONE_NEWUSER)");
	ck_assert_str_eq(call("unshare", 0x80, 0, 0, 0), "unshare(CLONE_NEWTIME)");
	ck_assert_str_eq(call("unshare", 0, 0, 0, 0), "unshare(0)");
#if !defined(__s390__) && !defined(__s390x__)
	ck_assert_str_eq(call("clone", CLONE_NEWUSER | SIGCHLD, 0, 0, 0),
			 "clone(CLONE_NEWUSER|SIGCHLD, 0, 0, 0, 0)");
	ck_assert_str_eq(call("clone", CLONE_VM | CLONE_VFORK | 0x40000000000ull, 0x7ff0, 0, 0),
			 "clone(CLONE_VM|CLONE_VFORK|0x40000000000, 0x7ff0, 0, 0, 0)");
#endif
	ck_assert_str_eq(call("socket", AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0, 0),
			 "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, 0)");
	ck_assert_str_eq(call("socket", AF_VSOCK, SOCK_DGRAM | SOCK_NONBLOCK, 7, 0),
			 "socket(AF_VSOCK, SOCK_DGRAM|SOCK_NONBLOCK, 7)");
	ck_assert_str_eq(call("socket", 1234, 99, 0, 0), "socket(1234, 0x63, 0)");
	ck_assert_str_eq(call("ioctl", 1, TIOCSTI, 0x7ffe, 0), "ioctl(1, TIOCSTI, 0x7ffe)");
	ck_assert_str_eq(call("ioctl", 3, TIOCGWINSZ, 0, 0), "ioctl(3, TIOCGWINSZ, 0)");
	ck_assert_str_eq(call("ioctl", 3, _IOR('x', 7, int), 0, 0),
			 "ioctl(3, _IOC(_IOC_READ, 'x', 0x7, 4), 0)");
	ck_assert_str_eq(call("ioctl", 3, _IOW(0x80, 2, int), 0, 0),
			 "ioctl(3, _IOC(_IOC_WRITE, 0x80, 0x2, 4), 0)");   /* not a character */
	ck_assert_str_eq(call("ioctl", 3, _IOW('\\', 2, int), 0, 0),
			 "ioctl(3, _IOC(_IOC_WRITE, 0x5c, 0x2, 4), 0)");
	ck_assert_str_eq(call("ioctl", 3, _IOW(0x7f, 2, int), 0, 0),
			 "ioctl(3, _IOC(_IOC_WRITE, 0x7f, 0x2, 4), 0)");   /* DEL: a control byte */
	ck_assert_str_eq(call("ioctl", 3, _IOW(0x20, 2, int), 0, 0),
			 "ioctl(3, _IOC(_IOC_WRITE, 0x20, 0x2, 4), 0)");
	ck_assert_str_eq(call("ioctl", 3, _IOW('!', 2, int), 0, 0),
			 "ioctl(3, _IOC(_IOC_WRITE, '!', 0x2, 4), 0)");
	ck_assert_str_eq(call("ioctl", 3, 0x1234, 0, 0), "ioctl(3, 0x1234, 0)");
	ck_assert_str_eq(call("openat", (uint32_t)AT_FDCWD, 0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			      0644), "openat(AT_FDCWD, 0, O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0644)");
	ck_assert_str_eq(call("openat", 5, 0, O_RDONLY | O_TMPFILE, 0600),
			 "openat(5, 0, O_RDONLY|O_TMPFILE, 0600)");
	ck_assert_str_eq(call("open", 0, O_RDWR | O_SYNC, 0, 0), "open(0, O_RDWR|O_SYNC, 0)");
	ck_assert_str_eq(call("prctl", PR_SET_NO_NEW_PRIVS, 1, 0, 0),
			 "prctl(PR_SET_NO_NEW_PRIVS, 0x1, 0, 0, 0)");
	ck_assert_str_eq(call("prctl", 0x53564d41, 0, 0, 0), "prctl(PR_SET_VMA, 0, 0, 0, 0)");
	ck_assert_str_eq(call("prctl", 9999, 0, 0, 0), "prctl(9999, 0, 0, 0, 0)");
	ck_assert_str_eq(call("personality", PER_LINUX | ADDR_NO_RANDOMIZE, 0, 0, 0),
			 "personality(PER_LINUX|ADDR_NO_RANDOMIZE)");
	ck_assert_str_eq(call("personality", PER_LINUX32, 0, 0, 0), "personality(PER_LINUX32)");
	ck_assert_str_eq(call("personality", 0xffffffff, 0, 0, 0), "personality(0xffffffff (query))");
	ck_assert_str_eq(call("kill", 42, SIGKILL, 0, 0), "kill(42, SIGKILL)");
	ck_assert_str_eq(call("tgkill", 1, 2, (uint64_t)SIGRTMIN + 3, 0), "tgkill(1, 2, SIGRTMIN+3)");
	ck_assert_str_eq(call("setns", 4, CLONE_NEWNET, 0, 0), "setns(4, CLONE_NEWNET)");
	/* Unknown calls, and calls of another arch: six numbers. */
	ck_assert_str_eq(call("getpid", 1, 2, 3, 4), "getpid(0x1, 0x2, 0x3, 0x4, 0, 0)");
	uint64_t args[6] = { CLONE_NEWUSER, 0, 0, 0, 0, 0 };
	char out[256];
	decode_call("unshare", args, false, &mem, out, sizeof out);
	ck_assert_str_eq(out, "unshare(0x10000000, 0, 0, 0, 0, 0)");
}
END_TEST

START_TEST(strings_from_the_process)
{
	static const char m[] = "/etc/passwd\0/tmp/\x1b[2J\xc2\x9b\n\"q\"\\\0";
	memory = m;
	memory_len = sizeof m;
	ck_assert_str_eq(call("openat", (uint32_t)AT_FDCWD, 0x1000, O_RDONLY, 0),
			 "openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY, 0)");
	ck_assert_str_eq(call("mkdir", 0x100c, 0755, 0, 0),
			 "mkdir(\"/tmp/\\e[2J\\xc2\\x9b\\n\\\"q\\\"\\\\\", 0755)");
	/* Unreadable: the pointer. */
	ck_assert_str_eq(call("mkdir", 0x9000, 0755, 0, 0), "mkdir(0x9000, 0755)");
	ck_assert_str_eq(call("mount", 0x1000, 0x1000, 0, 0),
			 "mount(\"/etc/passwd\", \"/etc/passwd\", 0, 0, 0)");
	/* Longer than 256 bytes: cut, and said so. */
	static char longer[400];
	memset(longer, 'a', sizeof longer - 1);
	memory = longer;
	memory_len = sizeof longer;
	const char *s = call("unlink", 0x1000, 0, 0, 0);
	ck_assert_uint_eq(strlen(s), strlen("unlink(\"\"...)") + 256);
	ck_assert(strstr(s, "aaa\"...)"));
	/* clone3's flags and exit signal, from its struct. */
	static const uint64_t cargs[8] = { CLONE_NEWPID | CLONE_VM, 0, 0, 0, SIGCHLD, 0, 0, 0 };
	memory = (const char *)cargs;
	memory_len = sizeof cargs;
	ck_assert_str_eq(call("clone3", 0x1000, 88, 0, 0),
			 "clone3({flags=CLONE_VM|CLONE_NEWPID, exit_signal=SIGCHLD}, 88)");
}
END_TEST

START_TEST(escaping_keeps_bytes_from_the_terminal)
{
	char out[64];
	ck_assert_str_eq(text_escape("plain text", 10, out, sizeof out), "plain text");
	ck_assert_str_eq(text_escape("a\tb\rc\x7f\x01\x1b]0;x\x07", 13, out, sizeof out),
			 "a\\tb\\rc\\x7f\\x01\\e]0;x\\x07");
	ck_assert_str_eq(text_escape("\xe2\x80\xae", 3, out, sizeof out), "\\xe2\\x80\\xae");
	/* Every byte: nothing below 0x20 or from 0x7f up comes out. */
	char all[256], big[1100];
	for (int i = 0; i < 256; i++)
		all[i] = (char)i;
	text_escape(all, sizeof all, big, sizeof big);
	for (const char *p = big; *p; p++)
		ck_assert_msg((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f, "byte %#x",
			      (unsigned char)*p);
	/* Too long for out: cut at a whole escape, with "...". */
	ck_assert_str_eq(text_escape("\x01\x02\x03\x04", 4, out, 12), "\\x01\\x02...");
	ck_assert_str_eq(text_escape("\x01\x02\x03\x04", 4, out, 11), "\\x01...");
	ck_assert_str_eq(text_escape("abcdefgh", 8, out, 8), "abcd...");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("decode");
	TCase *tc = tcase_create("decode");
	tcase_add_test(tc, arguments_by_name);
	tcase_add_test(tc, strings_from_the_process);
	tcase_add_test(tc, escaping_keeps_bytes_from_the_terminal);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
