/*
 * cmd_bpf.h - what the BPF commands (disasm, sim, asm, stats, diff) share:
 * reading a raw filter file in the right byte order, telling a profile from
 * a raw filter, and naming an arch on the command line.
 */
#ifndef SECCOMPC_CMD_BPF_H
#define SECCOMPC_CMD_BPF_H

#include <stdbool.h>

#include "arch.h"
#include "bpf/bpf.h"
#include "buf.h"

/* The arch named by `name` (NULL: the host); prints an error and returns NULL
 * when unknown. */
const struct arch_info *cmd_arch(const char *cmd, const char *option, const char *name);

/* Reads the raw filter at path. Byte order: the target's when `explicit`,
 * else the host's unless bpf_guess_endian() clearly says the other (a note
 * goes to stderr). *big_endian receives the order used. */
bool cmd_load_blob(const char *cmd, const char *path, const struct arch_info *target,
		   bool explicit, struct arena *arena, struct bpf_prog *out, bool *big_endian);

/* The same for the contents of path, already read into data. */
bool cmd_read_blob(const char *cmd, const char *path, const struct buf *data,
		   const struct arch_info *target, bool explicit, struct arena *arena,
		   struct bpf_prog *out, bool *big_endian);

/* Is this file a profile rather than a raw filter: its name ends in .json or
 * its text starts with '{' (after white space)? */
bool cmd_is_profile(const char *path, const struct buf *text);

/* Prints the validator's complaints about prog as warnings on stderr;
 * returns whether the kernel would accept it. */
bool cmd_report_validity(const char *cmd, const char *path, const struct bpf_prog *prog);

#endif
