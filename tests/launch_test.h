/*
 * launch_test.h - what the seccompc-exec suites share (test_exec.c,
 * test_report.c, test_failclosed.c): the programs under test, scratch
 * files, and running the launcher inside an outer sandbox or on a terminal.
 */
#ifndef SECCOMPC_LAUNCH_TEST_H
#define SECCOMPC_LAUNCH_TEST_H

#include <linux/audit.h>
#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>

#include "run_command.h"

/* An environment variable the suite sets (a test failure when it is not). */
char *test_env(const char *name);
#define EXEC test_env("SECCOMPC_EXEC")
#define PROBE test_env("PROBE")
#define SECCOMPC test_env("SECCOMPC")

/* "/tmp/seccompc-test-PID-NAME": a scratch path of this test process. */
const char *scratch(const char *name);

void write_file(const char *path, const void *data, size_t len);
void write_text(const char *path, const char *text);

/* "%ld" of n, in one of 16 rotating buffers (for argv). */
char *num(long n);

/* Filters a test installs in the child before exec (outermost first): the
 * launcher inside an outer sandbox. */
struct sandbox {
	const struct sock_filter *insns;
	size_t len;
	/* false: insns once. true: insns ends in a return; its tails, longest
	 * first, are installed until the kernel refuses even its last
	 * instruction alone (the path's instruction limit is then full, and
	 * any further filter is refused). */
	bool fill;
};

/* A run_with() hook: installs the sandbox `arg` points to. */
int enter_sandbox(const void *arg);

/* Runs argv after installing `pre` (npre instructions) in the child. */
void run_under(struct run *r, const struct sock_filter *pre, size_t npre, char *const argv[]);

/* Runs argv with stderr on a new terminal (a pty) and stdout to a file,
 * after before_exec(arg) when given; what the terminal received goes to
 * r->err (\r\n read back as \n). */
void run_on_terminal(struct run *r, int (*before_exec)(const void *), const void *arg,
		     char *const argv[]);

#if defined(__x86_64__)
#define HOST_AUDIT AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define HOST_AUDIT AUDIT_ARCH_AARCH64
#else
#define HOST_AUDIT 0
#endif

#endif
