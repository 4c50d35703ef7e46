/*
 * buf.h - a growable byte buffer: where every output is built before it is written.
 */
#ifndef SECCOMPC_BUF_H
#define SECCOMPC_BUF_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

struct buf {
	char *data;
	size_t len, cap;
};

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_append(struct buf *b, const void *data, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends s as a JSON string: quoted, with '"', '\\' and control characters escaped. */
void buf_json_string(struct buf *b, const char *s);

/*
 * Writes data to path atomically: a temporary file in the same directory
 * (created exclusively, with `mode` less the umask), renamed over path, so a reader sees the old file or the whole new one. Like
 * a compiler's output it is not fsync'ed (that would cost more than the
 * compile). On failure the previous file is untouched, no partial file
 * remains, a message goes to diag, and false is returned. "-" is stdout;
 * a path that is not a regular file (a device, a FIFO) is written to in
 * place, never replaced.
 */
bool write_file_atomic(const char *path, const void *data, size_t len, int mode,
		       struct diag *diag);

/* Reads a whole file ("-": stdin) into a NUL-terminated buffer. */
bool read_file(const char *path, struct buf *out, struct diag *diag);

#endif
