/*
 * listing.c - the annotated listing (also what `seccompc disasm` prints): a
 * legend, then one instruction a line with its index, its text (absolute jump
 * targets) and a comment saying what it means: the seccomp_data field a load
 * reads, the arch an arch constant names, the syscall a number constant names
 * (per the arch checked on the path to it), the action a return gives, plus
 * optional notes from the code generator. bpf_read_listing reads it back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../action.h"
#include "insn_text.h"

#define UNSEEN (-2)
#define UNKNOWN (-1)

/* What is known at an instruction on every path to it. */
struct fact {
	int a;      /* offset of the seccomp_data word A holds, UNKNOWN, or UNSEEN */
	int arch;   /* enum arch_id checked on the path, UNKNOWN, or UNSEEN */
};

static int meet(int x, int y)
{
	return x == UNSEEN ? y : y == UNSEEN ? x : x == y ? x : UNKNOWN;
}

static void flow_into(struct fact *facts, size_t len, size_t to, struct fact f)
{
	if (to >= len)
		return;
	facts[to].a = meet(facts[to].a, f.a);
	facts[to].arch = meet(facts[to].arch, f.arch);
}

/* One forward pass (jumps only go forward) computing facts[] for every instruction. */
static void analyse(const struct bpf_prog *prog, struct fact *facts)
{
	for (size_t i = 0; i < prog->len; i++)
		facts[i] = (struct fact){ UNSEEN, UNSEEN };
	if (prog->len)
		facts[0] = (struct fact){ UNKNOWN, UNKNOWN };
	for (size_t pc = 0; pc < prog->len; pc++) {
		const struct sock_filter *f = &prog->insns[pc];
		struct fact in = facts[pc], out = in;
		if (in.a == UNSEEN)
			continue;                       /* unreachable */
		switch (BPF_CLASS(f->code)) {
		case BPF_RET:
			continue;
		case BPF_LD:
			out.a = f->code == (BPF_LD | BPF_W | BPF_ABS) && f->k < 64 ? (int)f->k : UNKNOWN;
			break;
		case BPF_ALU:
			out.a = UNKNOWN;
			break;
		case BPF_MISC:
			if (f->code == (BPF_MISC | BPF_TXA))
				out.a = UNKNOWN;
			break;
		case BPF_JMP:
			if (f->code == (BPF_JMP | BPF_JA)) {
				flow_into(facts, prog->len, pc + 1 + f->k, out);
				continue;
			}
			if (f->code == (BPF_JMP | BPF_JEQ | BPF_K) && in.a == 4) {
				const struct arch_info *ai = arch_by_audit(f->k);
				struct fact t = out;
				t.arch = ai ? (int)ai->id : UNKNOWN;
				flow_into(facts, prog->len, pc + 1 + f->jt, t);
			} else {
				flow_into(facts, prog->len, pc + 1 + f->jt, out);
			}
			flow_into(facts, prog->len, pc + 1 + f->jf, out);
			continue;
		default:
			break;
		}
		flow_into(facts, prog->len, pc + 1, out);
	}
}

/* "nr", "arch", "instruction_pointer.lo", "args[2].hi" for a word offset. */
static void field_name(uint32_t off, bool big_endian, char *buf, size_t size)
{
	if (off == 0) {
		snprintf(buf, size, "nr");
		return;
	}
	if (off == 4) {
		snprintf(buf, size, "arch");
		return;
	}
	bool lower = off % 8 == 0;
	const char *half = lower != big_endian ? "lo" : "hi";
	if (off < 16)
		snprintf(buf, size, "instruction_pointer.%s", half);
	else
		snprintf(buf, size, "args[%u].%s", (off - 16) / 8, half);
}

/* The arch whose syscall numbers apply on a path: the one checked, else the target. */
static const struct arch_info *path_arch(int fact_arch, const struct arch_info *target,
					 uint32_t nr)
{
	const struct arch_info *ai = fact_arch >= 0 ? arch_get((enum arch_id)fact_arch) : target;
	if (ai && ai->id == ARCH_X86_64 && (nr & 0x40000000u))
		ai = arch_get(ARCH_X32);       /* x32 shares x86_64's audit arch, bit 30 set */
	return ai;
}

/* The comment of a K-form conditional jump: the arch or syscall a constant
 * names, or the field compared. */
static void jump_comment(const struct sock_filter *f, const struct fact *fact,
			 const struct arch_info *target, bool big_endian, char *buf, size_t size)
{
	unsigned op = BPF_OP(f->code);
	const char *rel = op == BPF_JGT ? ">" : op == BPF_JGE ? ">=" : NULL;
	if (fact->a == 4 && op == BPF_JEQ) {
		const struct arch_info *ai = arch_by_audit(f->k);
		snprintf(buf, size, ai ? "arch %s" : "unknown arch", ai ? ai->name : "");
	} else if (fact->a == 0) {
		const struct arch_info *ai = path_arch(fact->arch, target, f->k);
		const char *sc = ai ? arch_syscall_name(ai, f->k) : NULL;
		bool x86 = ai && (ai->id == ARCH_X86_64 || ai->id == ARCH_X32);
		if (op == BPF_JSET && f->k == 0x40000000u && x86)
			snprintf(buf, size, "x32 syscall bit");
		else if (op == BPF_JEQ && f->k == 0xffffffffu)
			snprintf(buf, size, "nr -1 (a tracer skipped the syscall)");
		else if (rel && f->k == 0x40000000u && x86)
			snprintf(buf, size, "nr %s 0x40000000: x32 syscall numbers", rel);
		else if (op == BPF_JEQ && sc)
			snprintf(buf, size, "%s", sc);
		else if (rel && sc)
			snprintf(buf, size, "nr %s %u (%s)", rel, f->k, sc);
	} else if (fact->a > 4) {
		char name[48];
		field_name((uint32_t)fact->a, big_endian, name, sizeof name);
		snprintf(buf, size, "%s", name);
	}
}

/* The comment for instruction pc (may be empty). */
static void comment(const struct bpf_prog *prog, size_t pc, const struct fact *facts,
		    const struct arch_info *target, bool big_endian, char *buf, size_t size)
{
	const struct sock_filter *f = &prog->insns[pc];
	char name[48];
	buf[0] = '\0';
	if (f->code == (BPF_LD | BPF_W | BPF_ABS) && f->k < 64 && !(f->k & 3)) {
		field_name(f->k, big_endian, name, sizeof name);
		snprintf(buf, size, "A = %s", name);
	} else if (f->code == (BPF_LD | BPF_W | BPF_LEN)) {
		snprintf(buf, size, "A = 64, the size of seccomp_data");
	} else if (f->code == (BPF_RET | BPF_K)) {
		action_describe(f->k, buf, (unsigned)size);
	} else if (f->code == (BPF_RET | BPF_A)) {
		snprintf(buf, size, "return the action in A");
	} else if (BPF_CLASS(f->code) == BPF_JMP && BPF_OP(f->code) != BPF_JA &&
		   BPF_SRC(f->code) == BPF_K) {
		jump_comment(f, &facts[pc], target, big_endian, buf, size);
	}
}

static void legend(const struct bpf_prog *prog, const struct arch_info *arch, bool big_endian,
		   struct buf *out)
{
	buf_printf(out, "; seccomp BPF filter: %zu instruction%s", prog->len,
		   prog->len == 1 ? "" : "s");
	if (arch)
		buf_printf(out, ", target %s", arch->name);
	buf_printf(out, " (%s-endian)\n", big_endian ? "big" : "little");
	buf_puts(out,
		";\n"
		"; How to read it: the kernel runs the filter from instruction 0 for every\n"
		"; system call; it ends at a `ret`, whose value is the action taken.\n"
		"; Each line: index, instruction, and after ';' what it means.\n"
		";   A, X            32-bit registers; M[0]..M[15] scratch memory\n"
		";   ld [N]          A = 32-bit word at byte N of struct seccomp_data:\n"
		";                   0 nr (syscall number), 4 arch (AUDIT_ARCH_*),\n"
		";                   8 instruction_pointer, 16+8*i args[i] (.lo/.hi = low/high half)\n"
		";   jeq #K, T, F    if A == K go to instruction T, else to F\n"
		";                   (jgt: A > K, jge: A >= K, jset: A & K != 0; all unsigned)\n"
		";   ja T            go to instruction T\n"
		";   and #K, add #K  A = A & K, A = A + K (also sub mul div or xor lsh rsh neg)\n"
		";   ret #K          stop; K is the action (ALLOW, ERRNO(n), KILL_PROCESS, ...)\n"
		";\n");
}

void bpf_write_listing(const struct bpf_prog *prog, const struct arch_info *arch,
		       const char *const *notes, struct buf *out)
{
	bool big_endian = arch ? arch->big_endian : __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
	struct fact *facts = xcalloc(prog->len ? prog->len : 1, sizeof *facts);
	analyse(prog, facts);
	legend(prog, arch, big_endian, out);
	int width = prog->len > 1000 ? 4 : 3;
	for (size_t pc = 0; pc < prog->len; pc++) {
		char text[96], note[160];
		bpf_insn_text(&prog->insns[pc], pc, text, sizeof text);
		comment(prog, pc, facts, arch, big_endian, note, sizeof note);
		const char *extra = notes && notes[pc] ? notes[pc] : NULL;
		if (!note[0] && !extra) {
			buf_printf(out, "%*zu: %s\n", width, pc, text);
			continue;
		}
		buf_printf(out, "%*zu: %-30s ; %s%s%s\n", width, pc, text, note,
			   note[0] && extra ? "; " : "", extra ? extra : "");
	}
	free(facts);
}
