/*
 * simulate.c - runs a seccomp classic BPF program on one struct seccomp_data,
 * exactly as the kernel does after seccomp_check_filter() and the cBPF to eBPF
 * conversion:
 *  - a 32-bit absolute load reads the word at that offset in the target's byte
 *    order: nr at 0, arch at 4, instruction_pointer at 8, args[i] at 16 + 8i;
 *    the half of a 64-bit field at the lower offset is its low word on
 *    little-endian targets and its high word on big-endian ones;
 *  - BPF_LEN is sizeof(struct seccomp_data) = 64;
 *  - 32-bit unsigned arithmetic; division by X == 0 ends the filter with 0
 *    (SECCOMP_RET_KILL_THREAD), as the converted program does; a shift by X
 *    uses X & 31 (the kernel interpreter masks; JITs use the CPU's 5-bit shift);
 *  - anything the validator would refuse (an unknown opcode, a load outside
 *    seccomp_data, a jump past the end) also ends the run returning 0, so an
 *    unvalidated program never crashes the simulator.
 * `executed` counts every instruction run, the final return included.
 */
#include <string.h>

#include "bpf.h"

#define SECCOMP_DATA_SIZE 64u

/* The 32-bit word of seccomp_data at byte offset `off` (aligned, < 64). */
static uint32_t load_word(const struct bpf_input *in, uint32_t off)
{
	if (off == 0)
		return (uint32_t)in->nr;
	if (off == 4)
		return in->arch;
	uint64_t field = off < 16 ? in->ip : in->args[(off - 16) / 8];
	bool lower = (off % 8) == 0;      /* the word at the lower address */
	bool low_half = lower != in->big_endian;
	return low_half ? (uint32_t)field : (uint32_t)(field >> 32);
}

static bool alu(uint16_t code, uint32_t *a, uint32_t operand)
{
	switch (BPF_OP(code)) {
	case BPF_ADD: *a += operand; break;
	case BPF_SUB: *a -= operand; break;
	case BPF_MUL: *a *= operand; break;
	case BPF_DIV:
		if (operand == 0)
			return false;
		*a /= operand;
		break;
	case BPF_MOD:
		if (operand == 0)
			return false;
		*a %= operand;
		break;
	case BPF_AND: *a &= operand; break;
	case BPF_OR: *a |= operand; break;
	case BPF_XOR: *a ^= operand; break;
	case BPF_LSH: *a <<= (operand & 31); break;
	case BPF_RSH: *a >>= (operand & 31); break;
	case BPF_NEG: *a = 0u - *a; break;
	default: return false;
	}
	return true;
}

static bool jump_taken(uint16_t code, uint32_t a, uint32_t operand)
{
	switch (BPF_OP(code)) {
	case BPF_JEQ: return a == operand;
	case BPF_JGT: return a > operand;
	case BPF_JGE: return a >= operand;
	case BPF_JSET: return (a & operand) != 0;
	default: return false;
	}
}

/* The machine's registers and scratch memory. */
struct machine {
	uint32_t A, X, M[BPF_MEMWORDS];
};

enum step { STEP_NEXT, STEP_RETURN, STEP_FAULT };

/* Runs f, an instruction outside the common forms bpf_simulate_trace()
 * handles itself, with *pc already past it: STEP_NEXT and *pc the next one,
 * STEP_RETURN and *action what it returns, or STEP_FAULT where the kernel
 * would have refused the program (the run returns 0). */
static enum step step_other(const struct bpf_prog *prog, const struct sock_filter *f,
			    struct machine *m, size_t *pc, uint32_t *action)
{
	uint16_t code = f->code;
	uint32_t k = f->k, v;
	switch (BPF_CLASS(code)) {
	case BPF_RET:   /* ret #k is a common form */
		if (code != (BPF_RET | BPF_A))
			return STEP_FAULT;
		*action = m->A;
		return STEP_RETURN;
	case BPF_LD:    /* ld [k] is a common form */
	case BPF_LDX:
		if (BPF_MODE(code) == BPF_LEN && BPF_SIZE(code) == BPF_W) {
			v = SECCOMP_DATA_SIZE;
		} else if (BPF_MODE(code) == BPF_IMM && BPF_SIZE(code) == BPF_W) {
			v = k;
		} else if (BPF_MODE(code) == BPF_MEM && BPF_SIZE(code) == BPF_W &&
			   k < BPF_MEMWORDS) {
			v = m->M[k];
		} else {
			return STEP_FAULT;
		}
		*(BPF_CLASS(code) == BPF_LD ? &m->A : &m->X) = v;
		return STEP_NEXT;
	case BPF_ST:
	case BPF_STX:
		if (k >= BPF_MEMWORDS)
			return STEP_FAULT;
		m->M[k] = BPF_CLASS(code) == BPF_ST ? m->A : m->X;
		return STEP_NEXT;
	case BPF_ALU:
		if (!alu(code, &m->A, BPF_SRC(code) == BPF_X ? m->X : k))
			return STEP_FAULT;
		return STEP_NEXT;
	case BPF_JMP:
		if (BPF_OP(code) == BPF_JA) {
			if (k >= prog->len - *pc)
				return STEP_FAULT;
			*pc += k;
		} else {
			bool taken = jump_taken(code, m->A, BPF_SRC(code) == BPF_X ? m->X : k);
			*pc += taken ? f->jt : f->jf;
		}
		return STEP_NEXT;
	case BPF_MISC:
		if (code == (BPF_MISC | BPF_TAX))
			m->X = m->A;
		else if (code == (BPF_MISC | BPF_TXA))
			m->A = m->X;
		else
			return STEP_FAULT;
		return STEP_NEXT;
	default:
		return STEP_NEXT;
	}
}

struct bpf_result bpf_simulate_trace(const struct bpf_prog *prog, const struct bpf_input *in,
				     uint16_t *trace)
{
	struct bpf_result r = { 0, 0 };
	struct machine m;
	size_t pc = 0;

	memset(&m, 0, sizeof m);
	while (pc < prog->len) {
		const struct sock_filter *f = &prog->insns[pc];
		uint32_t k = f->k;
		if (trace)
			trace[r.executed] = (uint16_t)pc;
		r.executed++;
		pc++;
		/* What seccomp filters are made of, first: a load of seccomp_data,
		 * the K-form conditional jumps, a constant return. */
		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (k >= SECCOMP_DATA_SIZE || (k & 3))
				return r;
			m.A = load_word(in, k);
			continue;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += m.A == k ? f->jt : f->jf;
			continue;
		case BPF_JMP | BPF_JGE | BPF_K:
			pc += m.A >= k ? f->jt : f->jf;
			continue;
		case BPF_JMP | BPF_JGT | BPF_K:
			pc += m.A > k ? f->jt : f->jf;
			continue;
		case BPF_JMP | BPF_JSET | BPF_K:
			pc += (m.A & k) ? f->jt : f->jf;
			continue;
		case BPF_RET | BPF_K:
			r.action = k;
			return r;
		default:
			break;
		}
		uint32_t action = 0;
		switch (step_other(prog, f, &m, &pc, &action)) {
		case STEP_NEXT:
			continue;
		case STEP_RETURN:
			r.action = action;
			return r;
		case STEP_FAULT:
			return r;
		}
	}
	return r;    /* ran off the end: the kernel would have refused the program */
}

struct bpf_result bpf_simulate(const struct bpf_prog *prog, const struct bpf_input *in)
{
	return bpf_simulate_trace(prog, in, NULL);
}
