/*
 * arch.h - the architectures seccompc knows and their syscall and errno tables.
 *
 * This header owns the contract between the generated tables (arch/syscalls.c,
 * arch/errnos.c, written by tools/gen-tables.py; arch/argtypes.c, written by
 * tools/gen-argtypes.py) and the rest of the compiler.
 * Every table is constant data: no state, nothing to initialise.
 */
#ifndef SECCOMPC_ARCH_H
#define SECCOMPC_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum arch_id {
	ARCH_X86_64,
	ARCH_X86,
	ARCH_X32,
	ARCH_AARCH64,
	ARCH_ARM,
	ARCH_RISCV64,
	ARCH_S390X,
	ARCH_S390,
	ARCH_PPC64LE,
	ARCH_PPC64,
	ARCH_PPC,
	ARCH_MIPS64,      /* n64, big-endian */
	ARCH_MIPS64N32,   /* n32, big-endian */
	ARCH_MIPS,        /* o32, big-endian */
	ARCH_MIPSEL64,    /* n64, little-endian */
	ARCH_MIPSEL64N32, /* n32, little-endian */
	ARCH_MIPSEL,      /* o32, little-endian */
	ARCH_LOONGARCH64,
	ARCH_COUNT
};

/* Which errno numbering an arch uses (Linux has a few). */
enum errno_style { ERRNO_GENERIC, ERRNO_MIPS, ERRNO_PPC };

struct arch_info {
	enum arch_id id;
	const char *name;        /* seccompc's name: "x86_64", "mipsel64n32" */
	const char *scmp_name;   /* OCI/libseccomp name: "SCMP_ARCH_X86_64" */
	const char *go_name;     /* Go GOARCH-style name used by includes.arches: "amd64" */
	uint32_t audit_arch;     /* value of seccomp_data.arch (AUDIT_ARCH_*) */
	bool is64;               /* syscall arguments are 64 bits wide */
	bool big_endian;         /* byte order of the target and of seccomp_data words */
	enum arch_id native;     /* the native arch of this arch's family */
	enum errno_style errnos;
	/* Syscalls of this arch, ordered by number (x32 numbers carry bit 30). */
	const uint16_t *ids_by_nr;  /* indices into syscall_names[] */
	const uint32_t *nrs;        /* nrs[i] is the number of ids_by_nr[i] */
	const uint16_t *since;      /* since[i]: its age, as arch_syscall_since() */
	size_t nsyscalls;
	/* For every name id, its number on this arch or -1 when absent. */
	const int32_t *nr_by_id;
};

/* Every syscall name known on any arch, sorted by strcmp. */
extern const char *const syscall_names[];
extern const size_t syscall_name_count;

/* Kernel version the tables are complete to, e.g. "6.18". */
extern const char syscall_tables_version[];

const struct arch_info *arch_get(enum arch_id id);

/* Looks an arch up by seccompc name ("x86_64"), SCMP name ("SCMP_ARCH_X86_64")
 * or Go name ("amd64"); NULL when unknown. */
const struct arch_info *arch_by_name(const char *name);
const struct arch_info *arch_by_scmp_name(const char *scmp_name);
const struct arch_info *arch_by_go_name(const char *go_name);
const struct arch_info *arch_by_audit(uint32_t audit_arch);

/* The arch this program was built for (the host), never NULL on supported hosts. */
const struct arch_info *arch_host(void);

/* Members of the family of native arch `native`, native first; returns the count. */
size_t arch_family(enum arch_id native, const struct arch_info *out[], size_t max);

/* Index of `name` in syscall_names[], or -1 when no arch knows it. */
int syscall_name_id(const char *name);

/* Number of `name` on `arch`, or -1 when the arch lacks it. */
int64_t arch_syscall_nr(const struct arch_info *arch, const char *name);

/* The same by the name's index from syscall_name_id() (-1: absent). */
int64_t arch_syscall_nr_of(const struct arch_info *arch, int id);

/* Name of syscall number `nr` on `arch`, or NULL. */
const char *arch_syscall_name(const struct arch_info *arch, uint32_t nr);

/* One parameter of a syscall's kernel entry point on one arch. */
struct syscall_arg {
	const char *name;     /* "family" */
	const char *type;     /* as declared: "int", "unsigned long", "umode_t", "const char __user *" */
	uint8_t bits;         /* what the kernel reads: 8, 16, 32 or 64 */
	bool is_signed;
};

/* The arguments of syscall nr on arch as its kernel entry point declares them, in
 * seccomp_data.args[] order; returns how many (0..6), or -1 when no signature is known. */
int arch_syscall_args(const struct arch_info *arch, uint32_t nr, const struct syscall_arg **out);

/* Why arch_syscall_args() knows no signature for nr on arch ("not implemented:
 * ..."), or NULL when it knows one or nr is no syscall of arch. */
const char *arch_syscall_args_missing(const struct arch_info *arch, uint32_t nr);

/* Bits the kernel reads of args[index] of syscall nr on arch: from the signature, else the
 * arch's register width. */
unsigned arch_arg_bits(const struct arch_info *arch, uint32_t nr, unsigned index);

/* The arch's register width for arguments: 64 on 64-bit arches and x32, else 32. */
unsigned arch_reg_bits(const struct arch_info *arch);

/* The Linux release that added syscall nr to arch, as major * 1000 + minor
 * (6018 for 6.18); 0 when it is in 3.0 already (ages are tracked from 3.1 on)
 * or nr is no syscall of arch. */
unsigned arch_syscall_since(const struct arch_info *arch, uint32_t nr);

/* Whether the kernel runs syscall nr of arch without asking seccomp filters:
 * x86_64's uretprobe (335) and uprobe (336), which kernel/seccomp.c exempts
 * (seccomp_uprobe_exception(): the action cache always allows them); x32's
 * numbers for them are filtered. */
bool arch_syscall_unfiltered(const struct arch_info *arch, uint32_t nr);

/* Errno number for `name` ("ENOSYS") on `arch`, or -1 when unknown. */
int arch_errno_nr(const struct arch_info *arch, const char *name);

/* Errno name for `nr` on `arch` (first canonical name), or NULL. */
const char *arch_errno_name(const struct arch_info *arch, int nr);

#endif
