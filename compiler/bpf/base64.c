/*
 * base64.c - the raw blob as base64 text: the value of crun's
 * run.oci.seccomp_bpf_data annotation (see embed.h).
 */
#include "embed.h"

void embed_write_base64(const struct bpf_prog *prog, bool big_endian, struct buf *out)
{
	static const char digits[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct buf raw;
	buf_init(&raw);
	bpf_write_raw(prog, big_endian, &raw);
	const unsigned char *p = (const unsigned char *)raw.data;
	for (size_t i = 0; i < raw.len; i += 3) {
		size_t left = raw.len - i;
		uint32_t v = (uint32_t)p[i] << 16 | (left > 1 ? (uint32_t)p[i + 1] << 8 : 0) |
			     (left > 2 ? p[i + 2] : 0);
		char q[4] = { digits[v >> 18 & 63], digits[v >> 12 & 63],
			      left > 1 ? digits[v >> 6 & 63] : '=', left > 2 ? digits[v & 63] : '=' };
		buf_append(out, q, 4);
	}
	buf_free(&raw);
}
