/*
 * validate.c - the kernel's acceptance rules for a seccomp filter, reported
 * as sentences with instruction indices.
 *
 * The kernel runs bpf_check_classic() (net/core/filter.c) and then
 * seccomp_check_filter() (kernel/seccomp.c) and fails with EINVAL at the
 * first problem; this checker reports every problem it finds:
 *  - 1 to 4096 instructions;
 *  - only the opcodes seccomp allows (32-bit loads of seccomp_data, LEN,
 *    IMM, scratch memory, ALU except MOD, TAX/TXA, JA and the K/X forms of
 *    JEQ/JGT/JGE/JSET, RET K/A);
 *  - absolute loads 32-bit aligned and inside struct seccomp_data (64 bytes);
 *  - no division by constant 0, no shift by a constant of 32 or more;
 *  - scratch memory slots 0-15, every jump inside the program;
 *  - the last instruction a return;
 *  - check_load_and_stores(): a slot read only when the kernel's forward
 *    data-flow pass (a jump's state flows to its targets, the state after a
 *    jump restarts as "all written", a return does not reset it) shows it
 *    written.
 */
#include <stdlib.h>
#include <string.h>

#include "bpf.h"

#define SECCOMP_DATA_SIZE 64u

static void bad(struct diag *diag, size_t pc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void bad(struct diag *diag, size_t pc, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_error(diag, NULL, NULL, "instruction %zu: %s", pc, msg);
}

static bool is_cond_jump(uint16_t code)
{
	switch (code) {
	case BPF_JMP | BPF_JEQ | BPF_K: case BPF_JMP | BPF_JEQ | BPF_X:
	case BPF_JMP | BPF_JGT | BPF_K: case BPF_JMP | BPF_JGT | BPF_X:
	case BPF_JMP | BPF_JGE | BPF_K: case BPF_JMP | BPF_JGE | BPF_X:
	case BPF_JMP | BPF_JSET | BPF_K: case BPF_JMP | BPF_JSET | BPF_X:
		return true;
	default:
		return false;
	}
}

/* True for the opcodes seccomp_check_filter() lets through. */
static bool seccomp_allows(uint16_t code)
{
	if (is_cond_jump(code))
		return true;
	switch (code) {
	case BPF_LD | BPF_W | BPF_ABS: case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_RET | BPF_K: case BPF_RET | BPF_A:
	case BPF_ALU | BPF_ADD | BPF_K: case BPF_ALU | BPF_ADD | BPF_X:
	case BPF_ALU | BPF_SUB | BPF_K: case BPF_ALU | BPF_SUB | BPF_X:
	case BPF_ALU | BPF_MUL | BPF_K: case BPF_ALU | BPF_MUL | BPF_X:
	case BPF_ALU | BPF_DIV | BPF_K: case BPF_ALU | BPF_DIV | BPF_X:
	case BPF_ALU | BPF_AND | BPF_K: case BPF_ALU | BPF_AND | BPF_X:
	case BPF_ALU | BPF_OR | BPF_K: case BPF_ALU | BPF_OR | BPF_X:
	case BPF_ALU | BPF_XOR | BPF_K: case BPF_ALU | BPF_XOR | BPF_X:
	case BPF_ALU | BPF_LSH | BPF_K: case BPF_ALU | BPF_LSH | BPF_X:
	case BPF_ALU | BPF_RSH | BPF_K: case BPF_ALU | BPF_RSH | BPF_X:
	case BPF_ALU | BPF_NEG:
	case BPF_LD | BPF_IMM: case BPF_LDX | BPF_IMM:
	case BPF_MISC | BPF_TAX: case BPF_MISC | BPF_TXA:
	case BPF_LD | BPF_MEM: case BPF_LDX | BPF_MEM:
	case BPF_ST: case BPF_STX:
	case BPF_JMP | BPF_JA:
		return true;
	default:
		return false;
	}
}

/* Why an opcode is refused, in words. */
static void report_opcode(struct diag *diag, size_t pc, uint16_t code)
{
	unsigned cls = BPF_CLASS(code), mode = BPF_MODE(code), size = BPF_SIZE(code);
	if ((cls == BPF_LD || cls == BPF_LDX) && mode == BPF_IND)
		bad(diag, pc, "indirect load (ld [x + k]) is not allowed in seccomp filters");
	else if (cls == BPF_LDX && mode == BPF_MSH)
		bad(diag, pc, "ldx msh (IP header length) is not allowed in seccomp filters");
	else if (cls == BPF_LD && mode == BPF_ABS && size != BPF_W)
		bad(diag, pc, "%s-bit load is not allowed in seccomp filters; only 32-bit loads are",
		    size == BPF_H ? "16" : size == BPF_B ? "8" : "64");
	else if (cls == BPF_LDX && mode == BPF_ABS)
		bad(diag, pc, "absolute load into X (ldx [k]) is not allowed in seccomp filters");
	else if (cls == BPF_ALU && BPF_OP(code) == BPF_MOD)
		bad(diag, pc, "modulo (mod) is not allowed in seccomp filters");
	else
		bad(diag, pc, "opcode 0x%04x is not an instruction seccomp filters may use", code);
}

/* Per-instruction rules; returns false when a jump or slot index is out of
 * range (the memory pass must then not run). */
static bool check_insn(const struct bpf_prog *prog, size_t pc, struct diag *diag, bool *ok)
{
	const struct sock_filter *f = &prog->insns[pc];
	size_t len = prog->len;
	bool indices_ok = true;

	if (!seccomp_allows(f->code)) {
		report_opcode(diag, pc, f->code);
		*ok = false;
		return true;
	}
	switch (f->code) {
	case BPF_LD | BPF_W | BPF_ABS:
		if (f->k >= SECCOMP_DATA_SIZE) {
			bad(diag, pc, "load from offset %u is outside struct seccomp_data (64 bytes)", f->k);
			*ok = false;
		} else if (f->k & 3) {
			bad(diag, pc, "load from offset %u is not 32-bit aligned", f->k);
			*ok = false;
		}
		break;
	case BPF_ALU | BPF_DIV | BPF_K:
		if (f->k == 0) {
			bad(diag, pc, "division by constant 0");
			*ok = false;
		}
		break;
	case BPF_ALU | BPF_LSH | BPF_K:
	case BPF_ALU | BPF_RSH | BPF_K:
		if (f->k >= 32) {
			bad(diag, pc, "shift by %u; the kernel refuses constant shifts of 32 or more", f->k);
			*ok = false;
		}
		break;
	case BPF_LD | BPF_MEM: case BPF_LDX | BPF_MEM: case BPF_ST: case BPF_STX:
		if (f->k >= BPF_MEMWORDS) {
			bad(diag, pc, "scratch memory slot M[%u] does not exist (slots are M[0] to M[15])",
			    f->k);
			*ok = false;
			indices_ok = false;
		}
		break;
	case BPF_JMP | BPF_JA:
		if ((uint64_t)f->k >= (uint64_t)(len - pc - 1)) {
			bad(diag, pc, "jump to instruction %llu is past the last instruction (%zu)",
			    (unsigned long long)pc + 1 + f->k, len - 1);
			*ok = false;
			indices_ok = false;
		}
		break;
	default:
		if (is_cond_jump(f->code)) {
			size_t t = pc + 1 + f->jt, e = pc + 1 + f->jf;
			if (t >= len || e >= len) {
				bad(diag, pc, "jump to instruction %zu is past the last instruction (%zu)",
				    t >= len ? t : e, len - 1);
				*ok = false;
				indices_ok = false;
			}
		}
		break;
	}
	return indices_ok;
}

/* The kernel's check_load_and_stores(), reporting every offending read. */
static bool check_memory(const struct bpf_prog *prog, struct diag *diag)
{
	uint16_t *masks = xmalloc(prog->len * sizeof *masks);
	uint16_t valid = 0;
	bool ok = true;

	memset(masks, 0xff, prog->len * sizeof *masks);
	for (size_t pc = 0; pc < prog->len; pc++) {
		const struct sock_filter *f = &prog->insns[pc];
		valid &= masks[pc];
		switch (f->code) {
		case BPF_ST: case BPF_STX:
			valid |= (uint16_t)(1u << f->k);
			break;
		case BPF_LD | BPF_MEM: case BPF_LDX | BPF_MEM:
			if (!(valid & (1u << f->k))) {
				bad(diag, pc, "reads scratch memory M[%u], which is not written on every "
				    "path to it", f->k);
				ok = false;
			}
			break;
		case BPF_JMP | BPF_JA:
			masks[pc + 1 + f->k] &= valid;
			valid = 0xffff;
			break;
		default:
			if (is_cond_jump(f->code)) {
				masks[pc + 1 + f->jt] &= valid;
				masks[pc + 1 + f->jf] &= valid;
				valid = 0xffff;
			}
			break;
		}
	}
	free(masks);
	return ok;
}

bool bpf_validate(const struct bpf_prog *prog, struct diag *diag)
{
	if (prog->len == 0) {
		diag_error(diag, NULL, NULL, "the program is empty; the kernel needs 1 to %d "
			   "instructions", BPF_MAX_INSNS);
		return false;
	}
	if (prog->len > BPF_MAX_INSNS) {
		diag_error(diag, NULL, NULL, "the program has %zu instructions; the kernel accepts "
			   "at most %d", prog->len, BPF_MAX_INSNS);
		return false;
	}
	bool ok = true, indices_ok = true;
	for (size_t pc = 0; pc < prog->len; pc++)
		if (!check_insn(prog, pc, diag, &ok))
			indices_ok = false;
	uint16_t last = prog->insns[prog->len - 1].code;
	if (last != (BPF_RET | BPF_K) && last != (BPF_RET | BPF_A)) {
		bad(diag, prog->len - 1, "the last instruction must be a return (ret)");
		ok = false;
	}
	if (ok && indices_ok)
		ok = check_memory(prog, diag);
	return ok;
}
