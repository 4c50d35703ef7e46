/*
 * cmd_bpf.h - what the BPF commands (disasm, sim, asm) share: reading a raw
 * filter file in the right byte order and naming an arch on the command line.
 */
#ifndef SECCOMPC_CMD_BPF_H
#define SECCOMPC_CMD_BPF_H

#include <stdbool.h>

#include "arch.h"
#include "bpf/bpf.h"

/* The arch named by `name` (NULL: the host); prints an error and returns NULL
 * when unknown. */
const struct arch_info *cmd_arch(const char *cmd, const char *option, const char *name);

/* Reads the raw filter at path. Byte order: the target's when `explicit`,
 * else the host's unless bpf_guess_endian() clearly says the other (a note
 * goes to stderr). *big_endian receives the order used. */
bool cmd_load_blob(const char *cmd, const char *path, const struct arch_info *target,
		   bool explicit, struct arena *arena, struct bpf_prog *out, bool *big_endian);

/* Prints the validator's complaints about prog as warnings on stderr;
 * returns whether the kernel would accept it. */
bool cmd_report_validity(const char *cmd, const char *path, const struct bpf_prog *prog);

#endif
