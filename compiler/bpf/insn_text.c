/*
 * insn_text.c - one instruction as assembler text (see insn_text.h). The
 * syntax follows the kernel's bpf_asm: ld [k], ld #k, ld M[k], jeq #k, T, F,
 * ret #k, with jump targets as absolute instruction indices.
 */
#include <stdio.h>

#include "insn_text.h"

static const char *const alu_names[16] = {
	[BPF_ADD >> 4] = "add", [BPF_SUB >> 4] = "sub", [BPF_MUL >> 4] = "mul",
	[BPF_DIV >> 4] = "div", [BPF_OR >> 4] = "or", [BPF_AND >> 4] = "and",
	[BPF_LSH >> 4] = "lsh", [BPF_RSH >> 4] = "rsh", [BPF_MOD >> 4] = "mod",
	[BPF_XOR >> 4] = "xor",
};

static const char *const jmp_names[16] = {
	[BPF_JEQ >> 4] = "jeq", [BPF_JGT >> 4] = "jgt", [BPF_JGE >> 4] = "jge",
	[BPF_JSET >> 4] = "jset",
};

/* A constant: decimal below 4096, hex above. */
static void num(char *buf, size_t size, uint32_t k)
{
	snprintf(buf, size, k < 4096 ? "%u" : "0x%x", k);
}

static bool load_text(const struct sock_filter *f, char *buf, size_t size)
{
	unsigned cls = BPF_CLASS(f->code), mode = BPF_MODE(f->code), sz = BPF_SIZE(f->code);
	const char *suffix = sz == BPF_W ? "" : sz == BPF_H ? "h" : sz == BPF_B ? "b" : NULL;
	const char *op = cls == BPF_LD ? "ld" : "ldx";
	char k[16];
	num(k, sizeof k, f->k);
	if (!suffix)
		return false;
	if (cls == BPF_LD && mode == BPF_ABS)
		snprintf(buf, size, "ld%s [%u]", suffix, f->k);
	else if (cls == BPF_LD && mode == BPF_IND)
		snprintf(buf, size, "ld%s [x + %u]", suffix, f->k);
	else if (cls == BPF_LDX && mode == BPF_MSH && sz == BPF_B)
		snprintf(buf, size, "ldx 4*([%u]&0xf)", f->k);
	else if (sz != BPF_W)
		return false;
	else if (mode == BPF_IMM)
		snprintf(buf, size, "%s #%s", op, k);
	else if (mode == BPF_MEM)
		snprintf(buf, size, "%s M[%u]", op, f->k);
	else if (mode == BPF_LEN && f->k == 0)
		snprintf(buf, size, "%s #len", op);
	else
		return false;
	return true;
}

/* Text of f when a mnemonic shows all of its bits; false otherwise. */
static bool mnemonic(const struct sock_filter *f, size_t pc, char *buf, size_t size)
{
	unsigned code = f->code;
	char k[16];
	num(k, sizeof k, f->k);
	if (code > 0xff)
		return false;
	if (BPF_CLASS(code) == BPF_JMP) {
		unsigned long long next = (unsigned long long)pc + 1;
		if (code == (BPF_JMP | BPF_JA))
			return f->jt == 0 && f->jf == 0 &&
			       snprintf(buf, size, "ja %llu", next + f->k) > 0;
		const char *name = jmp_names[BPF_OP(code) >> 4];
		if (!name || (BPF_SRC(code) == BPF_X && f->k != 0))
			return false;
		if (BPF_SRC(code) == BPF_X)
			snprintf(buf, size, "%s x, %llu, %llu", name, next + f->jt, next + f->jf);
		else
			snprintf(buf, size, "%s #%s, %llu, %llu", name, k, next + f->jt, next + f->jf);
		return true;
	}
	if (f->jt || f->jf)
		return false;
	switch (BPF_CLASS(code)) {
	case BPF_LD:
	case BPF_LDX:
		return load_text(f, buf, size);
	case BPF_ST:
	case BPF_STX:
		if (code != BPF_ST && code != BPF_STX)
			return false;
		snprintf(buf, size, "%s M[%u]", code == BPF_ST ? "st" : "stx", f->k);
		return true;
	case BPF_ALU:
		if (code == (BPF_ALU | BPF_NEG))
			return f->k == 0 && snprintf(buf, size, "neg") > 0;
		if (!alu_names[BPF_OP(code) >> 4] || BPF_OP(code) == BPF_NEG)
			return false;
		if (BPF_SRC(code) == BPF_X)
			return f->k == 0 &&
			       snprintf(buf, size, "%s x", alu_names[BPF_OP(code) >> 4]) > 0;
		snprintf(buf, size, "%s #%s", alu_names[BPF_OP(code) >> 4], k);
		return true;
	case BPF_RET:
		if (code == (BPF_RET | BPF_K))
			return snprintf(buf, size, "ret #%s", k) > 0;
		if (code == (BPF_RET | BPF_A))
			return f->k == 0 && snprintf(buf, size, "ret a") > 0;
		return false;
	case BPF_MISC:
		if (f->k != 0 || (code != (BPF_MISC | BPF_TAX) && code != (BPF_MISC | BPF_TXA)))
			return false;
		snprintf(buf, size, "%s", code == (BPF_MISC | BPF_TAX) ? "tax" : "txa");
		return true;
	}
	return false;
}

void bpf_insn_text(const struct sock_filter *f, size_t pc, char *buf, size_t size)
{
	if (!mnemonic(f, pc, buf, size))
		snprintf(buf, size, ".insn 0x%04x, %u, %u, 0x%x", f->code, f->jt, f->jf, f->k);
}
