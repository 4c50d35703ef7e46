/*
 * fuzz.h - what the libFuzzer targets share: the invariants a finding
 * breaks, checked and reported with abort() (libFuzzer then saves the
 * input). Header-only: each target is one program.
 */
#ifndef SECCOMPC_FUZZ_TARGETS_H
#define SECCOMPC_FUZZ_TARGETS_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf.h"
#include "embed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Reports a broken invariant and stops: libFuzzer keeps the input. */
static void fuzz_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("seccompc fuzz finding: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

static inline bool fuzz_same_prog(const struct bpf_prog *a, const struct bpf_prog *b)
{
	return a->len == b->len && memcmp(a->insns, b->insns, a->len * sizeof *a->insns) == 0;
}

/* prog -> listing -> program must give the same instructions. */
static inline void fuzz_listing_round_trip(const struct bpf_prog *prog, const struct arch_info *arch,
					   struct arena *arena)
{
	struct buf first;
	buf_init(&first);
	bpf_write_listing(prog, arch, NULL, &first);
	struct diag d;
	diag_init(&d, NULL);
	struct bpf_prog back;
	if (!bpf_read_listing(first.data, first.len, "fuzz.s", arena, &back, &d))
		fuzz_fail("a written listing does not read back: %s", diag_text(&d));
	if (!fuzz_same_prog(prog, &back))
		fuzz_fail("a written listing reads back as another program");
	diag_fini(&d);
	buf_free(&first);
}

/* The value of one base64 character, -1 for another byte. */
static inline int fuzz_base64_value(char c)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c ? strchr(alphabet, c) : NULL;
	return p ? (int)(p - alphabet) : -1;
}

/* Every writer of embed.h on one filter: C, Go (both files) and Rust run
 * (sanitizers watch them); the base64 text must decode to the raw blob. */
static inline void fuzz_embed_outputs(const struct bpf_prog *prog, const struct arch_info *target,
				      const struct arch_info *const *arches, size_t narches)
{
	struct embed_filter f = { target, arches, narches, *prog };
	struct embed_source src = { "filter", "sandbox", "fuzz.json", "0123abcd", "sandbox_other.go",
				    &f, 1 };
	struct buf out, raw;
	buf_init(&out);
	embed_write_c(&src, &out);
	embed_write_go(&src, &out);
	embed_write_go_other(&src, &out);
	embed_write_rust(&src, &out);
	out.len = 0;
	embed_write_base64(prog, target->big_endian, &out);
	buf_init(&raw);
	bpf_write_raw(prog, target->big_endian, &raw);
	size_t n = 0;
	uint32_t acc = 0;
	int bits = 0;
	for (size_t i = 0; i < out.len && out.data[i] != '='; i++) {
		int v = fuzz_base64_value(out.data[i]);
		if (v < 0)
			fuzz_fail("base64 output holds '%c'", out.data[i]);
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n >= raw.len || (uint8_t)raw.data[n] != (uint8_t)(acc >> bits))
				fuzz_fail("base64 output does not decode to the raw blob (byte %zu)", n);
			n++;
		}
	}
	if (n != raw.len || out.len % 4 != 0)
		fuzz_fail("base64 output has %zu of %zu bytes", n, raw.len);
	buf_free(&out);
	buf_free(&raw);
}

/* 32-bit FNV-1a: derives the options of an input from its bytes. */
static inline uint32_t fuzz_hash(const uint8_t *data, size_t size)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	return h;
}

#endif
