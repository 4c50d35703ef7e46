/*
 * test_bpf_io.c - readers and writers of the BPF toolkit: SHA-256, raw blobs
 * in both byte orders and the byte-order guess, the annotated listing (its
 * comments, raw -> listing -> raw identity for every instruction a blob may
 * hold, hand-written listings with labels, reader errors), and C output that
 * compiles as C99, C11 and C++.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "action.h"
#include "bpf.h"
#include "embed.h"
#include "config.h"
#include "hash.h"
#include "insn_text.h"

#define S(c, k) BPF_STMT((uint16_t)(c), (uint32_t)(k))
#define J(c, k, t, f) BPF_JUMP((uint16_t)(c), (uint32_t)(k), (uint8_t)(t), (uint8_t)(f))

/* Every opcode seccomp allows, plus instructions only the raw form can show. */
static const struct sock_filter assorted[] = {
	S(BPF_LD | BPF_W | BPF_ABS, 4), J(BPF_JMP | BPF_JEQ | BPF_K, 0xc000003e, 1, 0),
	S(BPF_RET | BPF_K, RET_KILL_PROCESS), S(BPF_LD | BPF_W | BPF_ABS, 0),
	J(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 40, 0), J(BPF_JMP | BPF_JEQ | BPF_K, 257, 0, 1),
	S(BPF_RET | BPF_K, RET_ERRNO | 13), S(BPF_LD | BPF_W | BPF_LEN, 0),
	S(BPF_LDX | BPF_W | BPF_LEN, 0), S(BPF_LD | BPF_IMM, 0xffffffffu),
	S(BPF_LDX | BPF_IMM, 7), S(BPF_ST, 0), S(BPF_STX, 15), S(BPF_LD | BPF_MEM, 0),
	S(BPF_LDX | BPF_MEM, 15), S(BPF_ALU | BPF_ADD | BPF_K, 1), S(BPF_ALU | BPF_ADD | BPF_X, 0),
	S(BPF_ALU | BPF_SUB | BPF_K, 4096), S(BPF_ALU | BPF_SUB | BPF_X, 0),
	S(BPF_ALU | BPF_MUL | BPF_K, 3), S(BPF_ALU | BPF_MUL | BPF_X, 0),
	S(BPF_ALU | BPF_DIV | BPF_K, 2), S(BPF_ALU | BPF_DIV | BPF_X, 0),
	S(BPF_ALU | BPF_AND | BPF_K, 0xff), S(BPF_ALU | BPF_AND | BPF_X, 0),
	S(BPF_ALU | BPF_OR | BPF_K, 1), S(BPF_ALU | BPF_OR | BPF_X, 0),
	S(BPF_ALU | BPF_XOR | BPF_K, 5), S(BPF_ALU | BPF_XOR | BPF_X, 0),
	S(BPF_ALU | BPF_LSH | BPF_K, 3), S(BPF_ALU | BPF_LSH | BPF_X, 0),
	S(BPF_ALU | BPF_RSH | BPF_K, 3), S(BPF_ALU | BPF_RSH | BPF_X, 0),
	S(BPF_ALU | BPF_NEG, 0), S(BPF_MISC | BPF_TAX, 0), S(BPF_MISC | BPF_TXA, 0),
	S(BPF_LD | BPF_W | BPF_ABS, 20), J(BPF_JMP | BPF_JSET | BPF_K, 1, 0, 2),
	J(BPF_JMP | BPF_JGT | BPF_X, 0, 1, 1), S(BPF_JMP | BPF_JA, 1),
	S(BPF_RET | BPF_A, 0), J(BPF_JMP | BPF_JEQ | BPF_X, 0, 0, 0),
	/* not for seccomp, but a listing must carry them */
	S(BPF_LD | BPF_H | BPF_ABS, 2), S(BPF_LD | BPF_B | BPF_IND, 3),
	S(BPF_LDX | BPF_B | BPF_MSH, 14), S(BPF_ALU | BPF_MOD | BPF_K, 7),
	{ BPF_MISC | BPF_TAX, 1, 2, 3 }, { 0xffff, 9, 9, 0xdeadbeef },
	{ BPF_RET | BPF_A, 0, 0, 5 }, { BPF_LD | BPF_W | BPF_LEN, 0, 0, 1 },
	S(BPF_RET | BPF_K, RET_ALLOW),
};
#define NASSORTED (sizeof assorted / sizeof assorted[0])

static const struct bpf_prog assorted_prog = { (struct sock_filter *)assorted, NASSORTED };

START_TEST(sha256_vectors)
{
	char hex[SHA256_HEX_LEN + 1];
	ck_assert_str_eq(sha256_hex("", 0, hex),
			 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	ck_assert_str_eq(sha256_hex("abc", 3, hex),
			 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	ck_assert_str_eq(sha256_hex(two, strlen(two), hex),
			 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	char *million = malloc(1000000);
	memset(million, 'a', 1000000);
	ck_assert_str_eq(sha256_hex(million, 1000000, hex),
			 "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(million);
}
END_TEST

START_TEST(raw_both_byte_orders)
{
	for (int be = 0; be < 2; be++) {
		struct buf b;
		struct arena a;
		struct diag d;
		struct bpf_prog back;
		buf_init(&b);
		arena_init(&a);
		diag_init(&d, NULL);
		bpf_write_raw(&assorted_prog, be, &b);
		ck_assert_uint_eq(b.len, 8 * NASSORTED);
		/* instruction 1: jeq #0xc000003e, jt 1, jf 0 */
		static const unsigned char le1[8] = { 0x15, 0, 1, 0, 0x3e, 0, 0, 0xc0 };
		static const unsigned char be1[8] = { 0, 0x15, 1, 0, 0xc0, 0, 0, 0x3e };
		ck_assert(memcmp(b.data + 8, be ? be1 : le1, 8) == 0);
		bool guessed;
		ck_assert(bpf_guess_endian(b.data, b.len, &guessed));
		ck_assert_int_eq(guessed, be);
		ck_assert(bpf_read_raw(b.data, b.len, be, &a, &back, &d));
		ck_assert_uint_eq(back.len, NASSORTED);
		ck_assert(memcmp(back.insns, assorted, sizeof assorted) == 0);
		buf_free(&b);
		diag_fini(&d);
		arena_free(&a);
	}
}
END_TEST

START_TEST(raw_errors)
{
	struct arena a;
	struct diag d;
	struct bpf_prog p;
	arena_init(&a);
	diag_init(&d, "f.bpf");
	ck_assert(!bpf_read_raw("123456789012", 12, false, &a, &p, &d));
	ck_assert_str_eq(diag_text(&d), "f.bpf: error: the file has 12 bytes, not a multiple of 8 "
			 "(a classic BPF instruction is 8 bytes); is this a raw seccomp filter?\n");
	diag_fini(&d);
	diag_init(&d, "f.bpf");
	ck_assert(!bpf_read_raw("", 0, false, &a, &p, &d));
	ck_assert_str_eq(diag_text(&d), "f.bpf: error: the filter is empty; a filter has at least "
			 "one 8-byte instruction\n");
	diag_fini(&d);
	arena_free(&a);
}
END_TEST

/* raw -> listing -> raw gives the same bytes, with and without an arch. */
START_TEST(listing_round_trip)
{
	const struct arch_info *arches[] = { NULL, arch_get(ARCH_X86_64), arch_get(ARCH_S390X) };
	for (size_t i = 0; i < 3; i++) {
		struct buf text;
		struct arena a;
		struct diag d;
		struct bpf_prog back;
		buf_init(&text);
		arena_init(&a);
		diag_init(&d, NULL);
		bpf_write_listing(&assorted_prog, arches[i], NULL, &text);
		ck_assert_msg(bpf_read_listing(text.data, text.len, "x.s", &a, &back, &d), "%s\n%s",
			      diag_text(&d), text.data);
		ck_assert_uint_eq(back.len, NASSORTED);
		for (size_t k = 0; k < NASSORTED; k++)
			ck_assert_msg(memcmp(&back.insns[k], &assorted[k], sizeof assorted[k]) == 0,
				      "instruction %zu differs", k);
		buf_free(&text);
		diag_fini(&d);
		arena_free(&a);
	}
}
END_TEST

/* Each instruction by its mnemonic where one says all of it, and in the raw
 * form where bits would be lost (a constant on an X-form or neg). */
START_TEST(instruction_text_names_what_it_can)
{
	static const struct {
		struct sock_filter f;
		const char *text;
	} cases[] = {
		{ BPF_STMT(BPF_ALU | BPF_NEG, 0), "neg" },
		{ BPF_STMT(BPF_ALU | BPF_NEG, 5), ".insn 0x0084, 0, 0, 0x5" },
		{ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_X, 0, 1, 2), "jeq x, 9, 10" },
		{ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_X, 3, 1, 2), ".insn 0x001d, 1, 2, 0x3" },
		{ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 7, 0, 1), "jgt #7, 8, 9" },
		{ BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0), "add x" },
		{ BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 1), ".insn 0x000c, 0, 0, 0x1" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[96];
		bpf_insn_text(&cases[i].f, 7, text, sizeof text);
		ck_assert_str_eq(text, cases[i].text);
	}
}
END_TEST

/* The line of the listing for instruction pc. */
static const char *line_of(const char *text, size_t pc, char *out, size_t size)
{
	char head[16];
	snprintf(head, sizeof head, "\n%3zu: ", pc);
	const char *p = strstr(text, head);
	ck_assert_msg(p != NULL, "no line %zu", pc);
	p++;
	size_t n = strcspn(p, "\n");
	snprintf(out, size, "%.*s", (int)n, p);
	return out;
}

START_TEST(listing_comments)
{
	struct buf text;
	char l[256];
	buf_init(&text);
	const char *notes[NASSORTED] = { [6] = "syscalls[0] openat" };
	bpf_write_listing(&assorted_prog, arch_get(ARCH_X86_64), notes, &text);
	const char *t = text.data;
	ck_assert_ptr_nonnull(strstr(t, "; seccomp BPF filter: 51 instructions, target x86_64 "
				     "(little-endian)\n"));
	ck_assert_str_eq(line_of(t, 0, l, sizeof l), "  0: ld [4]                         ; A = arch");
	ck_assert_str_eq(line_of(t, 1, l, sizeof l),
			 "  1: jeq #0xc000003e, 3, 2          ; arch x86_64");
	ck_assert_str_eq(line_of(t, 2, l, sizeof l),
			 "  2: ret #0x80000000                ; KILL_PROCESS");
	ck_assert_str_eq(line_of(t, 3, l, sizeof l), "  3: ld [0]                         ; A = nr");
	ck_assert_str_eq(line_of(t, 5, l, sizeof l),
			 "  5: jeq #257, 6, 7                 ; openat");
	ck_assert_str_eq(line_of(t, 6, l, sizeof l),
			 "  6: ret #0x5000d                   ; ERRNO(13); syscalls[0] openat");
	ck_assert_str_eq(line_of(t, 7, l, sizeof l),
			 "  7: ld #len                        ; A = 64, the size of seccomp_data");
	ck_assert_str_eq(line_of(t, 36, l, sizeof l),
			 " 36: ld [20]                        ; A = args[0].hi");
	ck_assert_str_eq(line_of(t, 37, l, sizeof l),
			 " 37: jset #1, 38, 40                ; args[0].hi");
	ck_assert_str_eq(line_of(t, 40, l, sizeof l),
			 " 40: ret a                          ; return the action in A");
	ck_assert_str_eq(line_of(t, 4, l, sizeof l),
			 "  4: jge #0x40000000, 45, 5         ; nr >= 0x40000000: x32 syscall numbers");
	ck_assert_str_eq(line_of(t, 38, l, sizeof l), " 38: jgt x, 40, 40");
	ck_assert_str_eq(line_of(t, 46, l, sizeof l), " 46: .insn 0x0007, 1, 2, 0x3");
	buf_free(&text);

	/* big-endian target: offset 20 is the low half */
	buf_init(&text);
	bpf_write_listing(&assorted_prog, arch_get(ARCH_S390X), NULL, &text);
	ck_assert_str_eq(line_of(text.data, 36, l, sizeof l),
			 " 36: ld [20]                        ; A = args[0].lo");
	ck_assert_str_eq(line_of(text.data, 5, l, sizeof l),
			 "  5: jeq #257, 6, 7                 ; openat");
	buf_free(&text);
}
END_TEST

static const char hand_written[] =
	"; hand-written: getpid allowed, getppid EPERM, foreign arch killed\n"
	"start:  ld [arch]\n"
	"        jeq #0xc000003e, check, kill\n"
	"check:  ld [nr]\n"
	"        jeq #39, allow        ; getpid, false target: next line\n"
	"        JEQ #110, eperm, allow\n"
	"eperm:  ret ERRNO(1)\n"
	"allow:\n"
	"        ret ALLOW\n"
	"kill:   ret #0x80000000\n";

START_TEST(hand_written_listing)
{
	struct arena a;
	struct diag d;
	struct bpf_prog p;
	arena_init(&a);
	diag_init(&d, NULL);
	ck_assert_msg(bpf_read_listing(hand_written, strlen(hand_written), "hand.s", &a, &p, &d),
		      "%s", diag_text(&d));
	ck_assert(bpf_validate(&p, &d));
	ck_assert_uint_eq(p.len, 8);
	struct bpf_input in = { .nr = 39, .arch = 0xc000003e };
	struct bpf_result r = bpf_simulate(&p, &in);
	ck_assert_uint_eq(r.action, RET_ALLOW);
	ck_assert_uint_eq(r.executed, 5);
	in.nr = 110;
	ck_assert_uint_eq(bpf_simulate(&p, &in).action, RET_ERRNO | 1);
	in.nr = 1;
	ck_assert_uint_eq(bpf_simulate(&p, &in).action, RET_ALLOW);
	in.arch = 0x40000003;
	r = bpf_simulate(&p, &in);
	ck_assert_uint_eq(r.action, RET_KILL_PROCESS);
	ck_assert_uint_eq(r.executed, 3);
	diag_fini(&d);
	arena_free(&a);
}
END_TEST

/* A line inserted into a written listing: numeric targets follow the index
 * labels, so the program still decides the same. */
START_TEST(edited_listing_keeps_jumps)
{
	static const struct sock_filter orig[] = {
		S(BPF_LD | BPF_W | BPF_ABS, 0), J(BPF_JMP | BPF_JEQ | BPF_K, 5, 2, 0),
		J(BPF_JMP | BPF_JEQ | BPF_K, 6, 2, 0), S(BPF_RET | BPF_K, RET_ALLOW),
		S(BPF_RET | BPF_K, RET_ERRNO | 5), S(BPF_RET | BPF_K, RET_ERRNO | 6),
	};
	struct bpf_prog op = { (struct sock_filter *)orig, 6 }, p;
	struct buf text, edited;
	struct arena a;
	struct diag d;
	buf_init(&text);
	buf_init(&edited);
	arena_init(&a);
	diag_init(&d, NULL);
	bpf_write_listing(&op, NULL, NULL, &text);
	const char *at = strstr(text.data, "  2: jeq");
	ck_assert_ptr_nonnull(at);
	buf_append(&edited, text.data, (size_t)(at - text.data));
	buf_puts(&edited, "     tax   ; inserted by hand\n");
	buf_puts(&edited, at);
	ck_assert_msg(bpf_read_listing(edited.data, edited.len, NULL, &a, &p, &d), "%s", diag_text(&d));
	ck_assert_uint_eq(p.len, 7);
	ck_assert(bpf_validate(&p, &d));
	for (int nr = 4; nr <= 7; nr++) {
		struct bpf_input in = { .nr = nr };
		ck_assert_uint_eq(bpf_simulate(&p, &in).action, bpf_simulate(&op, &in).action);
	}
	buf_free(&text);
	buf_free(&edited);
	diag_fini(&d);
	arena_free(&a);
}
END_TEST

static void read_fails(const char *text, const char *expect)
{
	struct arena a;
	struct diag d;
	struct bpf_prog p;
	arena_init(&a);
	diag_init(&d, NULL);
	ck_assert(!bpf_read_listing(text, strlen(text), "e.s", &a, &p, &d));
	ck_assert_str_eq(diag_text(&d), expect);
	ck_assert_uint_eq(p.len, 0);
	diag_fini(&d);
	arena_free(&a);
}

START_TEST(listing_errors)
{
	read_fails("ld [0]\nfrob #1\nret #0\n", "e.s:2:1: error: unknown instruction 'frob'\n");
	read_fails("ld [0]\n  jeq #1, nowhere, 2\nret #0\n",
		   "e.s:2:3: error: unknown label 'nowhere'\n");
	read_fails("a: ld [0]\njeq #1, a, 2\nret #0\n",
		   "e.s:2:1: error: jump to instruction 0 goes backwards from instruction 1; BPF "
		   "jumps only go forward\n");
	read_fails("ld [0]\nb: jeq #1, b, 2\nret #0\n",
		   "e.s:2:4: error: jump to instruction 1 goes backwards from instruction 1; BPF "
		   "jumps only go forward\n");
	read_fails("jeq #1, 300, 1\nret #0\n",
		   "e.s:1:1: error: jump to instruction 300 is 299 instructions ahead of instruction "
		   "0; a conditional jump reaches at most 255 ahead (jump to a `ja` instead)\n");
	read_fails("ld #abc\nret #0\n", "e.s:1:1: error: expected a constant like #42 or "
		   "#0x7fff0000, found '#abc'\n");
	read_fails("x: ld [0]\nx: ret #0\n", "e.s:2:1: error: label x is defined twice (first on "
		   "line 1)\n");
	read_fails("ret\n", "e.s:1:1: error: ret takes 1 operand, found 0\n");
	read_fails("; nothing\n", "e.s: error: the listing has no instructions\n");
	read_fails("ret ERRNO(70000)\n", "e.s:1:1: error: ret takes #K, a, or an action like ALLOW "
		   "or ERRNO(1); found 'ERRNO(70000)'\n");
}
END_TEST

/* listing -> program, or a failed assertion with the reader's message. */
static void read_back(const struct bpf_prog *p, const struct arch_info *arch, struct arena *a,
		      struct bpf_prog *back)
{
	struct buf text;
	struct diag d;
	buf_init(&text);
	diag_init(&d, NULL);
	bpf_write_listing(p, arch, NULL, &text);
	ck_assert_msg(bpf_read_listing(text.data, text.len, "x.s", a, back, &d), "%s\n%s",
		      diag_text(&d), text.data);
	ck_assert_uint_eq(back->len, p->len);
	for (size_t k = 0; k < p->len; k++)
		ck_assert_msg(memcmp(&back->insns[k], &p->insns[k], sizeof p->insns[k]) == 0,
			      "instruction %zu: {0x%04x, %u, %u, 0x%x} read back as {0x%04x, %u, %u, "
			      "0x%x}\n%s", k, p->insns[k].code, p->insns[k].jt, p->insns[k].jf,
			      p->insns[k].k, back->insns[k].code, back->insns[k].jt, back->insns[k].jf,
			      back->insns[k].k, text.data);
	buf_free(&text);
	diag_fini(&d);
}

/* A `ja` reaches 2^32 instructions ahead, far past any program: the raw
 * reader takes such a blob (the kernel refuses it), so its listing must read
 * back, with targets beyond 32 bits. */
START_TEST(listing_ja_beyond_32_bits)
{
	struct sock_filter f[] = {
		S(BPF_JMP | BPF_JA, 0xffffffffu), S(BPF_LD | BPF_W | BPF_ABS, 0),
		S(BPF_JMP | BPF_JA, 0xfffffffeu), S(BPF_JMP | BPF_JA, 4096),
		S(BPF_RET | BPF_K, RET_ALLOW),
	};
	struct bpf_prog p = { f, sizeof f / sizeof f[0] }, back;
	struct arena a;
	arena_init(&a);
	struct buf text;
	buf_init(&text);
	bpf_write_listing(&p, NULL, NULL, &text);
	ck_assert_ptr_nonnull(strstr(text.data, "  0: ja 4294967296\n"));
	ck_assert_ptr_nonnull(strstr(text.data, "  2: ja 4294967297\n"));
	buf_free(&text);
	read_back(&p, NULL, &a, &back);
	read_back(&p, arch_get(ARCH_S390X), &a, &back);
	arena_free(&a);
	/* By hand: the farthest a ja reaches, and one further. */
	struct diag d;
	diag_init(&d, NULL);
	arena_init(&a);
	ck_assert(bpf_read_listing("ld [0]\nja 4294967297\n", 21, "e.s", &a, &back, &d));
	ck_assert_uint_eq(back.insns[1].k, 0xffffffffu);
	diag_fini(&d);
	arena_free(&a);
	read_fails("ld [0]\nja 4294967298\n", "e.s:2:1: error: jump to instruction 4294967298 is "
		   "4294967296 instructions ahead of instruction 1; ja reaches at most 4294967295 "
		   "ahead\n");
	read_fails("ja 99999999999999999999\n",
		   "e.s:1:1: error: jump target 99999999999999999999 is too large\n");
}
END_TEST

/* Every 16-bit code, with jump offsets and constants at their ends, in both
 * byte orders: whatever the raw reader accepts, the listing writes so that
 * the listing reader gives the same instructions. */
START_TEST(listing_round_trips_every_blob)
{
	static const struct { uint8_t jt, jf; uint32_t k; } fields[] = {
		{ 0, 0, 0 }, { 255, 255, 0xffffffffu }, { 1, 0, 4096 }, { 0, 7, 4095 },
		{ 0, 0, 0x80000000u }, { 3, 3, 64 }, { 0, 0, 0xffffffffu },
	};
	struct sock_filter f[9];
	for (size_t v = 0; v < sizeof fields / sizeof fields[0]; v++)
		for (uint32_t code = 0; code <= 0xffff; code += 8) {
			for (uint32_t i = 0; i < 8; i++)
				f[i] = (struct sock_filter){ (uint16_t)(code + i), fields[v].jt,
							     fields[v].jf, fields[v].k ^ i };
			f[8] = (struct sock_filter)S(BPF_RET | BPF_K, RET_ALLOW);
			uint8_t raw[sizeof f];
			struct buf blob;
			buf_init(&blob);
			bool be = code & 8;
			struct bpf_prog p = { f, 9 }, from_raw, back;
			bpf_write_raw(&p, be, &blob);
			memcpy(raw, blob.data, sizeof raw);
			buf_free(&blob);
			struct arena a;
			struct diag d;
			arena_init(&a);
			diag_init(&d, NULL);
			ck_assert(bpf_read_raw(raw, sizeof raw, be, &a, &from_raw, &d));
			read_back(&from_raw, be ? arch_get(ARCH_S390X) : arch_get(ARCH_X86_64), &a, &back);
			diag_fini(&d);
			arena_free(&a);
		}
}
END_TEST

/* Runs a shell command; its exit status. */
static int run(const char *cmd)
{
	int st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

START_TEST(c_output_compiles)
{
	char dir[] = "/tmp/seccompc-c-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	/* One filter covering the ABI this test is built for (the header has
	 * only #error for others). */
	const struct arch_info *host = arch_host();
	struct embed_filter filter = { host, &host, 1, { (struct sock_filter *)assorted, NASSORTED } };
	struct embed_source src = { .name = "my_filter", .profile = "profiles/de*/fault.json",
				    .profile_hash = "0123abcd", .filters = &filter, .nfilters = 1 };
	struct buf c;
	buf_init(&c);
	embed_write_c(&src, &c);
	ck_assert_ptr_nonnull(strstr(c.data, "generated by seccompc " SECCOMPC_VERSION));
	ck_assert_ptr_nonnull(strstr(c.data, "profile sha256 0123abcd"));
	ck_assert_ptr_nonnull(strstr(c.data, " * from profiles/de*_fault.json"));   /* no comment end */
	ck_assert_ptr_nonnull(strstr(c.data, "static const unsigned short my_filter_len = 51;"));

	char path[256], cmd[1024];
	snprintf(path, sizeof path, "%s/filter.h", dir);
	FILE *f = fopen(path, "w");
	fwrite(c.data, 1, c.len, f);
	fclose(f);
	snprintf(path, sizeof path, "%s/main.c", dir);
	f = fopen(path, "w");
	fprintf(f, "#include \"filter.h\"\n#include \"filter.h\"\n"
		"int main(void)\n{\n\tstruct sock_fprog p = { my_filter_len, "
		"(struct sock_filter *)my_filter };\n"
		"\treturn p.len == 51 && p.filter[1].k == 0xc000003eU && p.filter[1].jt == 1 ? 0 : 1;\n}\n");
	fclose(f);
	static const char *const compilers[] = {
		"cc -std=c99", "cc -std=c11", "c++ -x c++ -std=c++11", "c++ -x c++ -std=c++17",
	};
	if (run("cc --version >/dev/null 2>&1") != 0) {
		fprintf(stderr, "no cc: C output not compiled\n");
	} else {
		for (size_t i = 0; i < 4; i++) {
			if (strncmp(compilers[i], "c++", 3) == 0 && run("c++ --version >/dev/null 2>&1"))
				continue;
			snprintf(cmd, sizeof cmd, "cd %s && %s -Wall -Wextra -Werror -pedantic main.c "
				 "-o prog && ./prog", dir, compilers[i]);
			ck_assert_msg(run(cmd) == 0, "failed: %s", cmd);
		}
	}
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(run(cmd), 0);
	buf_free(&c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bpf_io");
	TCase *tc = tcase_create("io");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, sha256_vectors);
	tcase_add_test(tc, raw_both_byte_orders);
	tcase_add_test(tc, raw_errors);
	tcase_add_test(tc, listing_round_trip);
	tcase_add_test(tc, instruction_text_names_what_it_can);
	tcase_add_test(tc, listing_comments);
	tcase_add_test(tc, hand_written_listing);
	tcase_add_test(tc, edited_listing_keeps_jumps);
	tcase_add_test(tc, listing_errors);
	tcase_add_test(tc, listing_ja_beyond_32_bits);
	tcase_add_test(tc, listing_round_trips_every_blob);
	tcase_add_test(tc, c_output_compiles);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
