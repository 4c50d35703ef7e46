/*
 * launch_test.c - see launch_test.h.
 */
#include "launch_test.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "seccompc-runtime.h"

char *test_env(const char *name)
{
	char *v = getenv(name);
	ck_assert_msg(v != NULL, "%s is not set", name);
	return v;
}

const char *scratch(const char *name)
{
	static char paths[8][256];
	static unsigned next;
	char *p = paths[next++ % 8];
	snprintf(p, sizeof paths[0], "/tmp/seccompc-test-%d-%s", (int)getpid(), name);
	return p;
}

void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "%s", path);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

void write_text(const char *path, const char *text)
{
	write_file(path, text, strlen(text));
}

char *num(long n)
{
	static char bufs[16][24];
	static unsigned next;
	char *b = bufs[next++ % 16];
	snprintf(b, sizeof bufs[0], "%ld", n);
	return b;
}

int enter_sandbox(const void *arg)
{
	const struct sandbox *sb = arg;
	if (!sb->fill)
		return seccompc_install(sb->insns, sb->len, 0, NULL);
	for (size_t n = sb->len; n >= 1; n /= 2)
		while (seccompc_install(sb->insns + sb->len - n, n, 0, NULL) == 0)
			;
	return 0;
}

void run_under(struct run *r, const struct sock_filter *pre, size_t npre, char *const argv[])
{
	struct sandbox sb = { pre, npre, false };
	run_with(r, enter_sandbox, &sb, argv);
}

struct terminal_hook {
	int slave;
	int (*before_exec)(const void *);
	const void *arg;
};

static int stderr_to_terminal(const void *arg)
{
	const struct terminal_hook *h = arg;
	if (dup2(h->slave, 2) != 2)
		return -1;
	return h->before_exec ? h->before_exec(h->arg) : 0;
}

void run_on_terminal(struct run *r, int (*before_exec)(const void *), const void *arg,
		     char *const argv[])
{
	int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	ck_assert_int_ge(master, 0);
	ck_assert_int_eq(grantpt(master), 0);
	ck_assert_int_eq(unlockpt(master), 0);
	int slave = open(ptsname(master), O_RDWR | O_NOCTTY | O_CLOEXEC);
	ck_assert_int_ge(slave, 0);
	struct terminal_hook hook = { slave, before_exec, arg };
	run_with(r, stderr_to_terminal, &hook, argv);
	close(slave);
	/* What the terminal got; the data outlives the slave side. */
	size_t n = 0;
	ssize_t got;
	fcntl(master, F_SETFL, O_NONBLOCK);
	while (n + 1 < sizeof r->err && (got = read(master, r->err + n, sizeof r->err - 1 - n)) > 0)
		n += (size_t)got;
	r->err[n] = '\0';
	close(master);
	/* The terminal turned each \n into \r\n (ONLCR): back to \n. */
	char *w = r->err;
	for (const char *p = r->err; *p; p++)
		if (*p != '\r')
			*w++ = *p;
	*w = '\0';
}
