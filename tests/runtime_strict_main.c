/*
 * runtime_strict_main.c - runs the strict ISO C build of seccompc-runtime.h
 * (runtime_strict.c): validation and install work, and the descriptor
 * seccompc_install_file() reads through is close-on-exec while it is open (in
 * strict mode <fcntl.h> hides O_CLOEXEC; a concurrent fork+exec must not
 * inherit the filter file).
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "seccompc-runtime.h"

int strict_validate_and_install(void);

/* The descriptor number under which process pid has `path` open, or -1. */
static int fd_of(pid_t pid, const char *path)
{
	char dir[64], link[PATH_MAX], target[PATH_MAX];
	snprintf(dir, sizeof dir, "/proc/%d/fd", (int)pid);
	DIR *d = opendir(dir);
	struct dirent *e;
	int fd = -1;
	while (d && fd < 0 && (e = readdir(d))) {
		snprintf(link, sizeof link, "%s/%s", dir, e->d_name);
		ssize_t n = readlink(link, target, sizeof target - 1);
		if (n > 0 && (target[n] = '\0', strcmp(target, path) == 0))
			fd = atoi(e->d_name);
	}
	if (d)
		closedir(d);
	return fd;
}

/* The writer: once the reader (pid) has the FIFO open, reports whether its
 * descriptor is close-on-exec (exit 0) or not (1), then feeds it a filter. */
static int writer(pid_t reader, const char *fifo)
{
	int w = open(fifo, O_WRONLY);
	if (w < 0)
		return 2;
	int fd;
	while ((fd = fd_of(reader, fifo)) < 0)   /* its open() has returned to it */
		sched_yield();
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/fdinfo/%d", (int)reader, fd);
	FILE *f = fopen(path, "r");
	unsigned long flags = 0;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "flags: %lo", &flags) == 1)
			break;
	if (f)
		fclose(f);
	static const struct sock_filter allow[] = { { 0x06, 0, 0, 0x7fff0000 } };
	if (write(w, allow, sizeof allow) != (ssize_t)sizeof allow)
		return 3;
	close(w);
	return (flags & O_CLOEXEC) ? 0 : 1;
}

static int check_cloexec(void)
{
	char fifo[64];
	snprintf(fifo, sizeof fifo, "/tmp/seccompc-strict-%d.fifo", (int)getpid());
	unlink(fifo);
	if (mkfifo(fifo, 0600) != 0)
		return perror("mkfifo"), 1;
	pid_t reader = fork();
	if (reader == 0)
		_exit(seccompc_install_file(fifo, 0, NULL) == 0 ? 0 : 1);
	pid_t w = fork();
	if (w == 0)
		_exit(writer(reader, fifo));
	int rs, ws;
	waitpid(w, &ws, 0);
	waitpid(reader, &rs, 0);
	unlink(fifo);
	if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0 || !WIFEXITED(rs) || WEXITSTATUS(rs) != 0) {
		printf("FAIL: the filter file's descriptor is %s (writer status 0x%x, reader 0x%x)\n",
		       WIFEXITED(ws) && WEXITSTATUS(ws) == 1 ? "not close-on-exec" : "not checked",
		       ws, rs);
		return 1;
	}
	return 0;
}

int main(void)
{
	if (check_cloexec() || strict_validate_and_install())
		return 1;
	printf("2 passed, 0 failed\n");
	return 0;
}
