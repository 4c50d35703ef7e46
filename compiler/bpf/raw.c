/*
 * raw.c - the raw filter blob: 8 bytes an instruction (code u16, jt u8, jf u8,
 * k u32) in the target's byte order, as bwrap --seccomp and crun read it;
 * and a guess of a blob's byte order.
 */
#include <string.h>

#include "bpf.h"

static uint16_t get16(const uint8_t *p, bool be)
{
	return be ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

static uint32_t get32(const uint8_t *p, bool be)
{
	return be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
		  : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static struct sock_filter decode(const uint8_t *p, bool be)
{
	return (struct sock_filter){ get16(p, be), p[2], p[3], get32(p + 4, be) };
}

bool bpf_read_raw(const void *data, size_t len, bool big_endian, struct arena *arena,
		  struct bpf_prog *out, struct diag *diag)
{
	out->insns = NULL;
	out->len = 0;
	if (len == 0) {
		diag_error(diag, NULL, NULL, "the filter is empty; a filter has at least one "
			   "8-byte instruction");
		return false;
	}
	if (len % 8) {
		diag_error(diag, NULL, NULL, "the file has %zu bytes, not a multiple of 8 (a classic "
			   "BPF instruction is 8 bytes); is this a raw seccomp filter?", len);
		return false;
	}
	const uint8_t *p = data;
	out->len = len / 8;
	out->insns = arena_calloc(arena, out->len, sizeof *out->insns);
	for (size_t i = 0; i < out->len; i++)
		out->insns[i] = decode(p + 8 * i, big_endian);
	return true;
}

void bpf_write_raw(const struct bpf_prog *prog, bool big_endian, struct buf *out)
{
	for (size_t i = 0; i < prog->len; i++) {
		const struct sock_filter *f = &prog->insns[i];
		uint8_t b[8];
		if (big_endian) {
			b[0] = (uint8_t)(f->code >> 8); b[1] = (uint8_t)f->code;
			b[4] = (uint8_t)(f->k >> 24); b[5] = (uint8_t)(f->k >> 16);
			b[6] = (uint8_t)(f->k >> 8); b[7] = (uint8_t)f->k;
		} else {
			b[0] = (uint8_t)f->code; b[1] = (uint8_t)(f->code >> 8);
			b[4] = (uint8_t)f->k; b[5] = (uint8_t)(f->k >> 8);
			b[6] = (uint8_t)(f->k >> 16); b[7] = (uint8_t)(f->k >> 24);
		}
		b[2] = f->jt;
		b[3] = f->jf;
		buf_append(out, b, sizeof b);
	}
}

/* How plausible the blob is as a seccomp filter in one byte order: one point
 * an instruction whose opcode is a classic BPF opcode seccomp uses, another
 * for a load of seccomp_data inside it, and for a final return. */
static long plausibility(const uint8_t *p, size_t n, bool be)
{
	long score = 0;
	for (size_t i = 0; i < n; i++) {
		struct sock_filter f = decode(p + 8 * i, be);
		if (f.code & 0xff00)
			score -= 4;      /* no classic opcode uses the high byte */
		else if (f.code == (BPF_LD | BPF_W | BPF_ABS))
			score += f.k < 64 && !(f.k & 3) ? 2 : -2;
		else if (BPF_CLASS(f.code) == BPF_RET || BPF_CLASS(f.code) == BPF_JMP ||
			 BPF_CLASS(f.code) == BPF_ALU)
			score += 1;
	}
	struct sock_filter last = decode(p + 8 * (n - 1), be);
	if (last.code == (BPF_RET | BPF_K) || last.code == (BPF_RET | BPF_A))
		score += 2;
	return score;
}

bool bpf_guess_endian(const void *data, size_t len, bool *big_endian)
{
	if (len < 8 || len % 8)
		return false;
	size_t n = len / 8;
	long le = plausibility(data, n, false), be = plausibility(data, n, true);
	if (le == be)
		return false;
	*big_endian = be > le;
	return true;
}
