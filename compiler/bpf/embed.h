/*
 * embed.h - filters as source code for other programs: a C header, a Go file
 * pair and a Rust module that hold the filter of every target they were
 * compiled for, each chosen by the platform the including program is built
 * for, and the base64 text of a raw blob (crun's run.oci.seccomp_bpf_data).
 *
 * A target's filter covers several ABIs (x86_64's may cover x86 and x32 too);
 * a program built for any of them gets that filter. The platform tests are
 * the compilers' own: C predefined macros, Go's GOARCH, Rust's cfg.
 */
#ifndef SECCOMPC_BPF_EMBED_H
#define SECCOMPC_BPF_EMBED_H

#include "bpf.h"

/* One target's compiled filter. */
struct embed_filter {
	const struct arch_info *target;           /* the native arch of the family */
	const struct arch_info *const *arches;    /* the arches it covers, native first */
	size_t narches;
	struct bpf_prog prog;
};

/* What the writers embed. Filters are in the order the targets were given;
 * no two have the same target. */
struct embed_source {
	const char *name;          /* C array NAME, Go InstallNAME, Rust install_NAME */
	const char *package;       /* Go package clause */
	const char *profile;       /* the profile's path as given, for comments */
	const char *profile_hash;  /* hex SHA-256 of its text */
	const char *go_other_file; /* Go: the base name of the non-Linux file, for comments */
	const struct embed_filter *filters;
	size_t nfilters;
};

/*
 * A C header (C99, C11, C++; -Wall -Wextra -pedantic -Wundef clean) defining
 * `static const struct sock_filter NAME[]` and `NAME_len` for the ABI it is
 * compiled for. Off Linux NAME is a null pointer and NAME_len 0 (the runtime
 * then says -ENOSYS). On a Linux ABI no filter covers it stops with #error,
 * unless SECCOMPC_NO_FILTER_OK is defined: then NAME is null and NAME_len 0
 * (seccompc_install() refuses an empty filter with -ENODATA).
 */
void embed_write_c(const struct embed_source *s, struct buf *out);

/*
 * Go: the Linux file (//go:build linux) with the filters, selected by
 * runtime.GOARCH, and `func InstallNAME() error`, which sets no_new_privs
 * and installs with SECCOMP_FILTER_FLAG_TSYNC using only the packages
 * runtime, syscall and unsafe; and the other file (//go:build !linux) whose
 * InstallNAME does nothing and returns nil. Both are gofmt-clean.
 */
void embed_write_go(const struct embed_source *s, struct buf *out);
void embed_write_go_other(const struct embed_source *s, struct buf *out);

/*
 * Rust: a module with the filters under #[cfg(target_os, target_arch, ...)]
 * and `pub fn install_NAME() -> std::io::Result<()>` doing what the Go one
 * does with std only (it declares prctl and syscall itself); off Linux it
 * returns Ok(()).
 */
void embed_write_rust(const struct embed_source *s, struct buf *out);

/* The raw blob in the target's byte order as base64 (RFC 4648, padded, no
 * line breaks, no trailing newline): the value crun's annotation takes. */
void embed_write_base64(const struct bpf_prog *prog, bool big_endian, struct buf *out);

/* ---- shared by the writers (embed.c) ------------------------------------ */

/* How each language names the ABI of an arch: a C preprocessor condition, a
 * Rust cfg predicate, and Go's GOARCH (NULL: Go has no port for it). */
struct embed_abi {
	const char *c_condition;
	const char *rust_cfg;
	const char *goarch;
};
const struct embed_abi *embed_abi(enum arch_id id);

/* Appends s for a comment: no line breaks or control characters, and
 * nothing that could end a C block comment. */
void embed_comment_text(struct buf *out, const char *s);

/* Appends "x86_64, x86": the arches a filter covers, native first. */
void embed_arches_text(const struct embed_filter *f, struct buf *out);

/* Appends "x86_64 (x86_64, x86), aarch64 (aarch64, arm)": every target
 * and the arches its filter covers. */
void embed_targets_text(const struct embed_source *s, struct buf *out);

/* Appends a source template with every '@' replaced by name. */
void embed_expand(struct buf *out, const char *template, const char *name);

#endif
