/*
 * run_command.c - see run_command.h.
 */
#include "run_command.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The whole of a file from its start, NUL-terminated; returns its length. */
static size_t slurp(int fd, char *buf, size_t size)
{
	size_t n = 0;
	ssize_t r;
	lseek(fd, 0, SEEK_SET);
	while (n + 1 < size && (r = read(fd, buf + n, size - 1 - n)) > 0)
		n += (size_t)r;
	buf[n] = '\0';
	return n;
}

int run(struct run *r, char *const argv[])
{
	return run_with(r, NULL, NULL, argv);
}

int run_with(struct run *r, int (*before_exec)(const void *), const void *arg,
	     char *const argv[])
{
	FILE *out = tmpfile(), *err = tmpfile();
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fileno(out), 1);
		dup2(fileno(err), 2);
		if (before_exec && before_exec(arg) != 0)
			_exit(98);
		execv(argv[0], argv);
		dprintf(2, "run_with: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(99);
	}
	waitpid(pid, &r->status, 0);
	r->outlen = slurp(fileno(out), r->out, sizeof r->out);
	slurp(fileno(err), r->err, sizeof r->err);
	fclose(out);
	fclose(err);
	return WIFEXITED(r->status) ? WEXITSTATUS(r->status) : -1;
}
