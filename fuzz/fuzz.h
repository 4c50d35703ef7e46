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

/* 32-bit FNV-1a: derives the options of an input from its bytes. */
static inline uint32_t fuzz_hash(const uint8_t *data, size_t size)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	return h;
}

#endif
