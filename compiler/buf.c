/*
 * buf.c - growable buffers and whole-file input/output (see buf.h).
 */
#include "buf.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"

void buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void buf_free(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

void buf_append(struct buf *b, const void *data, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->data = xrealloc(b->data, cap);
		b->cap = cap;
	}
	if (n)
		memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		buf_append(b, small, (size_t)n);
		return;
	}
	char *big = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	buf_append(b, big, (size_t)n);
	free(big);
}

void buf_json_string(struct buf *b, const char *s)
{
	buf_puts(b, "\"");
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			buf_printf(b, "\\%c", ch);
		else if (ch < 0x20)
			buf_printf(b, "\\u%04x", ch);
		else
			buf_append(b, s, 1);
	}
	buf_puts(b, "\"");
}

static bool write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		p += n;
		len -= (size_t)n;
	}
	return true;
}

/* The process umask (read by setting and restoring it). */
bool write_file_atomic(const char *path, const void *data, size_t len, int mode,
		       struct diag *diag)
{
	if (strcmp(path, "-") == 0) {
		if (!write_all(STDOUT_FILENO, data, len)) {
			diag_error(diag, NULL, NULL, "cannot write to standard output: %s", strerror(errno));
			return false;
		}
		return true;
	}
	/* What is not a regular file (a device such as /dev/null or /dev/stdout,
	 * a FIFO, a socket, followed through links) is written to as it is:
	 * renaming a file over it would replace the device node itself. */
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		int out = open(path, O_WRONLY | O_CLOEXEC | (S_ISDIR(st.st_mode) ? 0 : O_TRUNC));
		bool ok = out >= 0 && write_all(out, data, len);
		int saved = errno;
		if (out >= 0 && close(out) != 0 && ok) {
			ok = false;
			saved = errno;
		}
		if (!ok)
			diag_error(diag, NULL, NULL, "cannot write %s: %s", path, strerror(saved));
		return ok;
	}
	char *dircopy = xstrdup(path);
	const char *dir = dirname(dircopy);
	size_t tlen = strlen(dir) + 48;
	char *tmp = xmalloc(tlen);
	/* A new name beside the output, created with O_EXCL (never an existing
	 * file or link) and the final mode (the umask applies): from the clock
	 * and where this stack lies, another on a clash. */
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	uint64_t tag = ((uint64_t)now.tv_sec << 30) ^ (uint64_t)now.tv_nsec ^
		       (uint64_t)(uintptr_t)&now;
	int fd = -1;
	for (unsigned tries = 0; fd < 0 && tries < 64; tries++) {
		snprintf(tmp, tlen, "%s/.seccompc-%016" PRIx64, dir,
			 (uint64_t)(tag + tries * 0x9e3779b97f4a7c15ull));
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, (mode_t)mode);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	free(dircopy);
	if (fd < 0) {
		diag_error(diag, NULL, NULL, "cannot create a temporary file beside %s: %s",
			   path, strerror(errno));
		free(tmp);
		return false;
	}
	bool ok = write_all(fd, data, len);
	int saved = errno;
	if (close(fd) != 0 && ok) {
		ok = false;
		saved = errno;
	}
	if (ok && rename(tmp, path) != 0) {
		ok = false;
		saved = errno;
	}
	if (!ok) {
		unlink(tmp);
		diag_error(diag, NULL, NULL, "cannot write %s: %s", path, strerror(saved));
	}
	free(tmp);
	return ok;
}

bool read_file(const char *path, struct buf *out, struct diag *diag)
{
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		diag_error(diag, NULL, NULL, "cannot open %s: %s", path, strerror(errno));
		return false;
	}
	buf_init(out);
	/* Room for a regular file's size (and its NUL) at once; reads go
	 * straight into the buffer, growing it only for pipes and the like. */
	struct stat st;
	size_t want = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 ?
		(size_t)st.st_size + 1 : 65536;
	out->data = xmalloc(want + 1);
	out->cap = want + 1;
	out->data[0] = '\0';
	for (;;) {
		if (out->cap - out->len < 2) {
			out->cap *= 2;
			out->data = xrealloc(out->data, out->cap);
		}
		ssize_t n = read(fd, out->data + out->len, out->cap - out->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			diag_error(diag, NULL, NULL, "cannot read %s: %s", path, strerror(errno));
			if (fd != STDIN_FILENO)
				close(fd);
			buf_free(out);
			return false;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->data[out->len] = '\0';
	}
	if (fd != STDIN_FILENO)
		close(fd);
	return true;
}
