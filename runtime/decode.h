/*
 * decode.h - what a traced program passed to a syscall, as text that is safe
 * to print: --report's arguments (clone and namespace flags, socket domain
 * and type, ioctl requests, open flags, prctl options, personality, signals,
 * modes, descriptors, paths) and the escaping every byte from the program
 * goes through before it reaches a terminal.
 */
#ifndef SECCOMPC_DECODE_H
#define SECCOMPC_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Copies n bytes from the traced program as printable ASCII: bytes below
 * 0x20, DEL and bytes from 0x80 up (C1 controls, and UTF-8 that could hide
 * them) become \n, \t, \r, \e or \xNN; a backslash and a double quote are
 * escaped too. out always ends in NUL; when it is too small the text ends in
 * "...". Returns out.
 */
char *text_escape(const void *data, size_t n, char *out, size_t size);

/* Reads up to size bytes at addr of the traced process into buf; the number
 * of bytes read, or -1. */
typedef ssize_t (*decode_read_fn)(void *ctx, uint64_t addr, void *buf, size_t size);

struct decode_memory {
	decode_read_fn read;     /* NULL: pointers stay numbers */
	void *ctx;
};

/*
 * Writes "name(arg, ...)" into out. On the host's native arch (native true)
 * the arguments of the syscalls decode.c knows are decoded (flags by name,
 * strings read through mem, escaped and quoted, or the pointer when
 * unreadable); other calls and other arches get their six arguments in hex.
 */
void decode_call(const char *name, const uint64_t args[6], bool native,
		 const struct decode_memory *mem, char *out, size_t size);

#endif
