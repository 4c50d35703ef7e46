/*
 * builder_internal.h - the block graph shared by builder.c (which fills it)
 * and assemble.c (which lays it out). Not part of the bpf.h contract.
 */
#ifndef SECCOMPC_BPF_BUILDER_INTERNAL_H
#define SECCOMPC_BPF_BUILDER_INTERNAL_H

#include "bpf.h"

enum bpf_term { TERM_NONE, TERM_RET, TERM_GOTO, TERM_JUMP };

struct bpf_block {
	struct sock_filter *body;   /* straight-line statements */
	size_t nbody, cap;
	enum bpf_term term;
	uint16_t code;              /* RET or conditional jump opcode */
	uint32_t k;
	bpf_label jt, jf;           /* JUMP: both targets; GOTO: jt */
};

struct bpf_ret_entry {
	uint32_t action;
	bpf_label label;
};

struct bpf_builder {
	struct arena *arena;
	struct bpf_block *blocks;
	size_t nblocks, cap;
	struct bpf_ret_entry *rets;   /* bpf_ret_block's dedup table */
	size_t nrets, retcap;
	char misuse[256];             /* first API misuse, reported by bpf_assemble */
};

#endif
