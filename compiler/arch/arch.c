/*
 * arch.c - the arch_info table and the look-ups declared in arch.h.
 *
 * The syscall and errno data come from the generated syscalls.c/errnos.c
 * (tools/gen-tables.py) and argtypes.c (tools/gen-argtypes.py); this file
 * only describes the arches and searches.
 * All data is constant; nothing here allocates.
 */
#include "arch.h"

#include <stdlib.h>
#include <string.h>

#include "argtypes.h"
#include "tables.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define TABLE(key) \
	.ids_by_nr = sc_##key##_ids, .nrs = sc_##key##_nrs, .since = sc_##key##_since, \
	.nsyscalls = COUNT(sc_##key##_nrs), .nr_by_id = sc_##key##_nr_by_id

static const struct arch_info arches[ARCH_COUNT] = {
	{ ARCH_X86_64, "x86_64", "SCMP_ARCH_X86_64", "amd64", 0xc000003e,
	  true, false, ARCH_X86_64, ERRNO_GENERIC, TABLE(x86_64) },
	{ ARCH_X86, "x86", "SCMP_ARCH_X86", "386", 0x40000003,
	  false, false, ARCH_X86_64, ERRNO_GENERIC, TABLE(x86) },
	/* x32 shares AUDIT_ARCH_X86_64; its numbers carry bit 30. */
	{ ARCH_X32, "x32", "SCMP_ARCH_X32", "x32", 0xc000003e,
	  false, false, ARCH_X86_64, ERRNO_GENERIC, TABLE(x32) },
	{ ARCH_AARCH64, "aarch64", "SCMP_ARCH_AARCH64", "arm64", 0xc00000b7,
	  true, false, ARCH_AARCH64, ERRNO_GENERIC, TABLE(aarch64) },
	{ ARCH_ARM, "arm", "SCMP_ARCH_ARM", "arm", 0x40000028,
	  false, false, ARCH_AARCH64, ERRNO_GENERIC, TABLE(arm) },
	{ ARCH_RISCV64, "riscv64", "SCMP_ARCH_RISCV64", "riscv64", 0xc00000f3,
	  true, false, ARCH_RISCV64, ERRNO_GENERIC, TABLE(riscv64) },
	{ ARCH_S390X, "s390x", "SCMP_ARCH_S390X", "s390x", 0x80000016,
	  true, true, ARCH_S390X, ERRNO_GENERIC, TABLE(s390x) },
	{ ARCH_S390, "s390", "SCMP_ARCH_S390", "s390", 0x00000016,
	  false, true, ARCH_S390X, ERRNO_GENERIC, TABLE(s390) },
	{ ARCH_PPC64LE, "ppc64le", "SCMP_ARCH_PPC64LE", "ppc64le", 0xc0000015,
	  true, false, ARCH_PPC64LE, ERRNO_PPC, TABLE(ppc64) },
	{ ARCH_PPC64, "ppc64", "SCMP_ARCH_PPC64", "ppc64", 0x80000015,
	  true, true, ARCH_PPC64, ERRNO_PPC, TABLE(ppc64) },
	{ ARCH_PPC, "ppc", "SCMP_ARCH_PPC", "ppc", 0x00000014,
	  false, true, ARCH_PPC64, ERRNO_PPC, TABLE(ppc) },
	{ ARCH_MIPS64, "mips64", "SCMP_ARCH_MIPS64", "mips64", 0x80000008,
	  true, true, ARCH_MIPS64, ERRNO_MIPS, TABLE(mips_n64) },
	{ ARCH_MIPS64N32, "mips64n32", "SCMP_ARCH_MIPS64N32", "mips64n32", 0xa0000008,
	  false, true, ARCH_MIPS64, ERRNO_MIPS, TABLE(mips_n32) },
	{ ARCH_MIPS, "mips", "SCMP_ARCH_MIPS", "mips", 0x00000008,
	  false, true, ARCH_MIPS64, ERRNO_MIPS, TABLE(mips_o32) },
	{ ARCH_MIPSEL64, "mipsel64", "SCMP_ARCH_MIPSEL64", "mips64le", 0xc0000008,
	  true, false, ARCH_MIPSEL64, ERRNO_MIPS, TABLE(mips_n64) },
	{ ARCH_MIPSEL64N32, "mipsel64n32", "SCMP_ARCH_MIPSEL64N32", "mips64len32", 0xe0000008,
	  false, false, ARCH_MIPSEL64, ERRNO_MIPS, TABLE(mips_n32) },
	{ ARCH_MIPSEL, "mipsel", "SCMP_ARCH_MIPSEL", "mipsle", 0x40000008,
	  false, false, ARCH_MIPSEL64, ERRNO_MIPS, TABLE(mips_o32) },
	{ ARCH_LOONGARCH64, "loongarch64", "SCMP_ARCH_LOONGARCH64", "loong64", 0xc0000102,
	  true, false, ARCH_LOONGARCH64, ERRNO_GENERIC, TABLE(loongarch64) },
};

/* Other spellings accepted by arch_by_name (Go's and common ones). */
static const struct {
	const char *name;
	enum arch_id id;
} aliases[] = {
	{ "x86", ARCH_X86 }, { "i386", ARCH_X86 }, { "i686", ARCH_X86 },
	{ "arm64", ARCH_AARCH64 }, { "mips64el", ARCH_MIPSEL64 },
	{ "mips64eln32", ARCH_MIPSEL64N32 }, { "loong64", ARCH_LOONGARCH64 },
};

const struct arch_info *arch_get(enum arch_id id)
{
	if ((unsigned)id >= ARCH_COUNT)
		return NULL;
	return &arches[id];
}

const struct arch_info *arch_by_scmp_name(const char *scmp_name)
{
	for (size_t i = 0; i < ARCH_COUNT; i++)
		if (strcmp(arches[i].scmp_name, scmp_name) == 0)
			return &arches[i];
	return NULL;
}

const struct arch_info *arch_by_go_name(const char *go_name)
{
	if (strcmp(go_name, "x86") == 0)  /* moby profiles spell 386 so too */
		return &arches[ARCH_X86];
	for (size_t i = 0; i < ARCH_COUNT; i++)
		if (strcmp(arches[i].go_name, go_name) == 0)
			return &arches[i];
	return NULL;
}

const struct arch_info *arch_by_name(const char *name)
{
	for (size_t i = 0; i < ARCH_COUNT; i++)
		if (strcmp(arches[i].name, name) == 0)
			return &arches[i];
	const struct arch_info *a = arch_by_scmp_name(name);
	if (!a)
		a = arch_by_go_name(name);
	for (size_t i = 0; !a && i < COUNT(aliases); i++)
		if (strcmp(aliases[i].name, name) == 0)
			a = &arches[aliases[i].id];
	return a;
}

const struct arch_info *arch_by_audit(uint32_t audit_arch)
{
	/* x32 shares x86_64's value; the native arch comes first. */
	for (size_t i = 0; i < ARCH_COUNT; i++)
		if (arches[i].audit_arch == audit_arch)
			return &arches[i];
	return NULL;
}

const struct arch_info *arch_host(void)
{
#if defined(__x86_64__) && defined(__ILP32__)
	return &arches[ARCH_X32];
#elif defined(__x86_64__)
	return &arches[ARCH_X86_64];
#elif defined(__i386__)
	return &arches[ARCH_X86];
#elif defined(__aarch64__)
	return &arches[ARCH_AARCH64];
#elif defined(__arm__)
	return &arches[ARCH_ARM];
#elif defined(__riscv) && __riscv_xlen == 64
	return &arches[ARCH_RISCV64];
#elif defined(__s390x__)
	return &arches[ARCH_S390X];
#elif defined(__s390__)
	return &arches[ARCH_S390];
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return &arches[ARCH_PPC64LE];
#elif defined(__powerpc64__)
	return &arches[ARCH_PPC64];
#elif defined(__powerpc__)
	return &arches[ARCH_PPC];
#elif defined(__mips__) && defined(_ABI64) && _MIPS_SIM == _ABI64
	return &arches[__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? ARCH_MIPSEL64 : ARCH_MIPS64];
#elif defined(__mips__) && defined(_ABIN32) && _MIPS_SIM == _ABIN32
	return &arches[__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? ARCH_MIPSEL64N32 : ARCH_MIPS64N32];
#elif defined(__mips__)
	return &arches[__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? ARCH_MIPSEL : ARCH_MIPS];
#elif defined(__loongarch__) && __loongarch_grlen == 64
	return &arches[ARCH_LOONGARCH64];
#else
	return NULL;
#endif
}

size_t arch_family(enum arch_id native, const struct arch_info *out[], size_t max)
{
	size_t n = 0;
	if ((unsigned)native >= ARCH_COUNT || arches[native].native != native)
		return 0;
	if (n < max)
		out[n] = &arches[native];
	n++;
	for (size_t i = 0; i < ARCH_COUNT; i++) {
		if (i == (size_t)native || arches[i].native != native)
			continue;
		if (n < max)
			out[n] = &arches[i];
		n++;
	}
	return n < max ? n : max;
}

int syscall_name_id(const char *name)
{
	size_t lo = 0, hi = syscall_name_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, syscall_names[mid]);
		if (c == 0)
			return (int)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

int64_t arch_syscall_nr(const struct arch_info *arch, const char *name)
{
	return arch_syscall_nr_of(arch, syscall_name_id(name));
}

int64_t arch_syscall_nr_of(const struct arch_info *arch, int id)
{
	if (id < 0 || !arch)
		return -1;
	int32_t nr = arch->nr_by_id[id];
	/* x32 numbers have bit 30 set but fit in int32_t; -1 means absent. */
	return nr < 0 ? -1 : (int64_t)nr;
}

/* Index of nr in nrs[0..n), or -1. */
static ptrdiff_t find_nr(const uint32_t *nrs, size_t n, uint32_t nr)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (nrs[mid] == nr)
			return (ptrdiff_t)mid;
		if (nrs[mid] < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

const char *arch_syscall_name(const struct arch_info *arch, uint32_t nr)
{
	ptrdiff_t i = arch ? find_nr(arch->nrs, arch->nsyscalls, nr) : -1;
	return i < 0 ? NULL : syscall_names[arch->ids_by_nr[i]];
}

unsigned arch_syscall_since(const struct arch_info *arch, uint32_t nr)
{
	ptrdiff_t i = arch ? find_nr(arch->nrs, arch->nsyscalls, nr) : -1;
	return i < 0 ? 0 : arch->since[i];
}

/* The argtype_sigs[] entry of nr on arch, or -1 when nr is no syscall there. */
static int argtype_entry(const struct arch_info *arch, uint32_t nr)
{
	if (!arch)
		return -1;
	const struct argtype_table *t = &argtype_tables[arch->id];
	ptrdiff_t i = find_nr(t->nrs, t->n, nr);
	return i < 0 ? -1 : t->sigs[i];
}

int arch_syscall_args(const struct arch_info *arch, uint32_t nr, const struct syscall_arg **out)
{
	int e = argtype_entry(arch, nr);
	if (e < 0 || e >= ARGTYPE_REASON_BASE) {
		*out = NULL;
		return -1;
	}
	*out = &argtype_args[argtype_sig_start[e]];
	return argtype_sig_start[e + 1] - argtype_sig_start[e];
}

const char *arch_syscall_args_missing(const struct arch_info *arch, uint32_t nr)
{
	int e = argtype_entry(arch, nr);
	return e >= ARGTYPE_REASON_BASE ? argtype_reasons[e - ARGTYPE_REASON_BASE] : NULL;
}

unsigned arch_reg_bits(const struct arch_info *arch)
{
	return arch->is64 || arch->id == ARCH_X32 ? 64 : 32;
}

unsigned arch_arg_bits(const struct arch_info *arch, uint32_t nr, unsigned index)
{
	const struct syscall_arg *args;
	int n = arch_syscall_args(arch, nr, &args);
	return n >= 0 && index < (unsigned)n ? args[index].bits : arch_reg_bits(arch);
}

bool arch_syscall_unfiltered(const struct arch_info *arch, uint32_t nr)
{
	return arch && arch->id == ARCH_X86_64 && (nr == 335 || nr == 336);
}

static void errno_tables(const struct arch_info *arch,
			 const struct errno_entry **by_name, size_t *nname,
			 const struct errno_entry **by_nr, size_t *nnr)
{
	switch (arch->errnos) {
	case ERRNO_MIPS:
		*by_name = errnos_mips_by_name, *nname = COUNT(errnos_mips_by_name);
		*by_nr = errnos_mips_by_nr, *nnr = COUNT(errnos_mips_by_nr);
		return;
	case ERRNO_PPC:
		*by_name = errnos_ppc_by_name, *nname = COUNT(errnos_ppc_by_name);
		*by_nr = errnos_ppc_by_nr, *nnr = COUNT(errnos_ppc_by_nr);
		return;
	case ERRNO_GENERIC:
		break;
	}
	*by_name = errnos_generic_by_name, *nname = COUNT(errnos_generic_by_name);
	*by_nr = errnos_generic_by_nr, *nnr = COUNT(errnos_generic_by_nr);
}

static int cmp_errno_name(const void *key, const void *elem)
{
	return strcmp(key, ((const struct errno_entry *)elem)->name);
}

static int cmp_errno_nr(const void *key, const void *elem)
{
	int a = *(const int *)key, b = ((const struct errno_entry *)elem)->nr;
	return (a > b) - (a < b);
}

int arch_errno_nr(const struct arch_info *arch, const char *name)
{
	const struct errno_entry *by_name, *by_nr;
	size_t nname, nnr;
	if (!arch || !name)
		return -1;
	errno_tables(arch, &by_name, &nname, &by_nr, &nnr);
	const struct errno_entry *e = bsearch(name, by_name, nname, sizeof *e, cmp_errno_name);
	return e ? e->nr : -1;
}

const char *arch_errno_name(const struct arch_info *arch, int nr)
{
	const struct errno_entry *by_name, *by_nr;
	size_t nname, nnr;
	if (!arch)
		return NULL;
	errno_tables(arch, &by_name, &nname, &by_nr, &nnr);
	const struct errno_entry *e = bsearch(&nr, by_nr, nnr, sizeof *e, cmp_errno_nr);
	return e ? e->name : NULL;
}
