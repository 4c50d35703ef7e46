/*
 * insn_text.h - the text form of one instruction, shared by the listing
 * writer, the C writer and the listing reader. Not part of bpf.h.
 */
#ifndef SECCOMPC_BPF_INSN_TEXT_H
#define SECCOMPC_BPF_INSN_TEXT_H

#include "bpf.h"

/* The instruction at index pc as assembler text with absolute jump targets
 * ("jeq #59, 4, 5"); the raw form ".insn 0x0015, 1, 0, 0x3b" when it has bits
 * no mnemonic shows, so every instruction reads back to the same bytes. */
void bpf_insn_text(const struct sock_filter *f, size_t pc, char *buf, size_t size);

#endif
