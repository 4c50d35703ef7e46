/*
 * bpf.h - the seccompc model of seccomp classic BPF.
 *
 * This header is the contract of the toolkit in compiler/bpf/: programs,
 * a block builder with symbolic labels and its assembler (layout, jump
 * resolution, long jumps), the kernel-rule validator, the simulator, and
 * readers/writers (raw blob, listing; source code for other programs in
 * embed.h). It works on any seccomp filter, not only the ones seccompc
 * generates.
 */
#ifndef SECCOMPC_BPF_H
#define SECCOMPC_BPF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/filter.h>   /* struct sock_filter, BPF_* opcodes */

#include "../arena.h"
#include "../buf.h"
#include "../diag.h"
#include "../arch/arch.h"

#define BPF_MAX_INSNS 4096   /* BPF_MAXINSNS, the kernel's limit for seccomp */

/* A finished program. */
struct bpf_prog {
	struct sock_filter *insns;
	size_t len;
};

/* ---- builder and assembler -------------------------------------------- */

/*
 * A program under construction is a set of blocks. A block is a straight run
 * of instructions that ends in exactly one terminator: a return, a goto, or a
 * conditional jump with two labelled targets. Blocks never fall through
 * implicitly. The assembler lays out the blocks reachable from the entry,
 * resolves every jump (all jumps go forward: the block graph must be acyclic),
 * keeps conditional offsets within 8 bits with JA trampolines or duplicated
 * returns, and drops a goto whose target is placed next.
 */
typedef int32_t bpf_label;
#define BPF_NO_LABEL (-1)

struct bpf_builder;

struct bpf_builder *bpf_builder_new(struct arena *arena);
bpf_label bpf_block(struct bpf_builder *b);                 /* a new empty block */
void bpf_stmt(struct bpf_builder *b, bpf_label blk, uint16_t code, uint32_t k);
void bpf_jump(struct bpf_builder *b, bpf_label blk, uint16_t code, uint32_t k,
	      bpf_label jt, bpf_label jf);                   /* terminator */
void bpf_goto(struct bpf_builder *b, bpf_label blk, bpf_label target); /* terminator */
void bpf_ret(struct bpf_builder *b, bpf_label blk, uint32_t action);   /* terminator */
/* A block that only returns `action`, shared: the same label for equal actions. */
bpf_label bpf_ret_block(struct bpf_builder *b, uint32_t action);

/* Lays out and resolves the program from `entry`. Fails with a clear error
 * (never a broken program) past BPF_MAX_INSNS, out->len then the length it
 * needed and out->insns NULL, or on a malformed block graph. */
bool bpf_assemble(struct bpf_builder *b, bpf_label entry, struct arena *arena,
		  struct bpf_prog *out, struct diag *diag);

/* ---- validator ---------------------------------------------------------- */

/* Checks the rules of the kernel's bpf_check_classic() and
 * seccomp_check_filter(); reports every violation with its instruction index. */
bool bpf_validate(const struct bpf_prog *prog, struct diag *diag);

/* ---- simulator ---------------------------------------------------------- */

struct bpf_input {
	int32_t nr;
	uint32_t arch;
	uint64_t ip;
	uint64_t args[6];
	bool big_endian;      /* byte order of the target: which half of a 64-bit field is at the lower offset */
};

struct bpf_result {
	uint32_t action;      /* the returned SECCOMP_RET value */
	size_t executed;      /* instructions executed, the return included */
};

/* Runs a validated program. */
struct bpf_result bpf_simulate(const struct bpf_prog *prog, const struct bpf_input *in);

/* Same, recording the index of every executed instruction into trace
 * (at least prog->len entries). */
struct bpf_result bpf_simulate_trace(const struct bpf_prog *prog, const struct bpf_input *in,
				     uint16_t *trace);

/* ---- readers and writers ---------------------------------------------- */

/* Raw blob: 8 bytes an instruction in the given byte order. */
bool bpf_read_raw(const void *data, size_t len, bool big_endian, struct arena *arena,
		  struct bpf_prog *out, struct diag *diag);
void bpf_write_raw(const struct bpf_prog *prog, bool big_endian, struct buf *out);

/* Guesses the byte order of a raw blob (a seccomp filter starts with loads of
 * seccomp_data fields); false when it cannot tell. */
bool bpf_guess_endian(const void *data, size_t len, bool *big_endian);

/* The filter as C, Go or Rust source, or base64 text: see embed.h. */

/* Annotated listing (also the disassembler). `arch` names the target for
 * comments (arch constants, syscall numbers); may be NULL. `notes`, when not
 * NULL, is an array of prog->len strings (or NULL entries) appended as extra
 * comments, e.g. which profile rule an instruction implements. */
void bpf_write_listing(const struct bpf_prog *prog, const struct arch_info *arch,
		       const char *const *notes, struct buf *out);

/* Reads a listing (as written above, or hand-edited: labels or absolute
 * indices) back into a program. */
bool bpf_read_listing(const char *text, size_t len, const char *file, struct arena *arena,
		      struct bpf_prog *out, struct diag *diag);

#endif
