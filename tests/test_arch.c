/*
 * test_arch.c - the syscall and errno tables and the arch look-ups, checked
 * against known numbers, this machine's kernel headers, the post-6.1 list,
 * and the `seccompc syscalls` command.
 */
#include <check.h>
#include <linux/audit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arch.h"
#include "arch_host.h"

static const struct arch_info *A(enum arch_id id)
{
	const struct arch_info *a = arch_get(id);
	ck_assert_ptr_nonnull(a);
	return a;
}

static int64_t nr(enum arch_id id, const char *name)
{
	return arch_syscall_nr(A(id), name);
}

/* The age of name on arch id (arch_syscall_since). */
static unsigned since(enum arch_id id, const char *name)
{
	int64_t n = nr(id, name);
	ck_assert_msg(n >= 0, "%s on %s", name, A(id)->name);
	return arch_syscall_since(A(id), (uint32_t)n);
}

START_TEST(openat_everywhere)
{
	static const struct { enum arch_id id; int64_t nr; } want[] = {
		{ ARCH_X86_64, 257 }, { ARCH_AARCH64, 56 }, { ARCH_X86, 295 },
		{ ARCH_S390X, 288 }, { ARCH_S390, 288 }, { ARCH_PPC64LE, 286 },
		{ ARCH_PPC64, 286 }, { ARCH_PPC, 286 }, { ARCH_ARM, 322 },
		{ ARCH_RISCV64, 56 }, { ARCH_LOONGARCH64, 56 },
		{ ARCH_MIPS64, 5247 }, { ARCH_MIPSEL64, 5247 },
		{ ARCH_MIPS64N32, 6251 }, { ARCH_MIPSEL64N32, 6251 },
		{ ARCH_MIPS, 4288 }, { ARCH_MIPSEL, 4288 },
		{ ARCH_X32, 0x40000000 + 257 },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		ck_assert_msg(nr(want[i].id, "openat") == want[i].nr, "openat on %s: %lld",
			      A(want[i].id)->name, (long long)nr(want[i].id, "openat"));
		ck_assert_str_eq(arch_syscall_name(A(want[i].id), (uint32_t)want[i].nr), "openat");
	}
}
END_TEST

START_TEST(x32_numbers_carry_bit_30)
{
	ck_assert_int_eq(nr(ARCH_X32, "read"), 0x40000000);
	ck_assert_str_eq(arch_syscall_name(A(ARCH_X32), 0x40000000), "read");
	ck_assert_ptr_null(arch_syscall_name(A(ARCH_X32), 0));
	/* the x32-only range 512..547 */
	ck_assert_int_eq(nr(ARCH_X32, "rt_sigaction"), 0x40000000 + 512);
	ck_assert_int_eq(nr(ARCH_X32, "execveat"), 0x40000000 + 545);
	const struct arch_info *x32 = A(ARCH_X32);
	for (size_t i = 0; i < x32->nsyscalls; i++)
		ck_assert_uint_ne(x32->nrs[i] & 0x40000000u, 0);
}
END_TEST

START_TEST(socketcall_only_where_it_exists)
{
	ck_assert_int_eq(nr(ARCH_X86, "socketcall"), 102);
	ck_assert_int_eq(nr(ARCH_S390X, "socketcall"), 102);
	ck_assert_int_eq(nr(ARCH_PPC64LE, "socketcall"), 102);
	ck_assert_int_eq(nr(ARCH_MIPS, "socketcall"), 4102);
	ck_assert_int_eq(nr(ARCH_X86_64, "socketcall"), -1);
	ck_assert_int_eq(nr(ARCH_AARCH64, "socketcall"), -1);
	ck_assert_int_eq(nr(ARCH_MIPS64, "socketcall"), -1);
}
END_TEST

START_TEST(arch_specific_names)
{
	/* arm private syscalls at 0x0f0000 + n, as libseccomp names them */
	ck_assert_int_eq(nr(ARCH_ARM, "breakpoint"), 0x0f0001);
	ck_assert_int_eq(nr(ARCH_ARM, "cacheflush"), 0x0f0002);
	ck_assert_int_eq(nr(ARCH_ARM, "set_tls"), 0x0f0005);
	ck_assert_int_eq(nr(ARCH_ARM, "get_tls"), 0x0f0006);
	/* arm's sync_file_range2 is an alias of arm_sync_file_range */
	ck_assert_int_eq(nr(ARCH_ARM, "sync_file_range2"), 341);
	ck_assert_str_eq(arch_syscall_name(A(ARCH_ARM), 341), "arm_sync_file_range");
	ck_assert_int_eq(nr(ARCH_RISCV64, "riscv_flush_icache"), 259);
	ck_assert_int_eq(nr(ARCH_S390X, "s390_pci_mmio_read"), 353);
	ck_assert_int_eq(nr(ARCH_MIPS, "sysmips"), 4149);
	/* the generic 64-bit table has no open, stat or fork */
	ck_assert_int_eq(nr(ARCH_AARCH64, "open"), -1);
	ck_assert_int_eq(nr(ARCH_AARCH64, "newfstatat"), 79);
	ck_assert_int_eq(nr(ARCH_RISCV64, "fork"), -1);
	/* riscv64 is 64-bit: none of the 32-bit-only generic calls */
	ck_assert_int_eq(nr(ARCH_RISCV64, "mmap2"), -1);
	ck_assert_int_eq(nr(ARCH_RISCV64, "mmap"), 222);
	/* loongarch64 (built from the generic table): no getrlimit, no renameat */
	ck_assert_int_eq(nr(ARCH_LOONGARCH64, "getrlimit"), -1);
	ck_assert_int_eq(nr(ARCH_LOONGARCH64, "renameat"), -1);
	ck_assert_int_eq(nr(ARCH_LOONGARCH64, "clone3"), 435);
	ck_assert_int_eq(nr(ARCH_AARCH64, "renameat"), 38);
}
END_TEST

START_TEST(post_61_syscalls)
{
	ck_assert_int_eq(nr(ARCH_X86_64, "mseal"), 462);
	ck_assert_int_eq(nr(ARCH_MIPS, "mseal"), 4462);
	ck_assert_int_eq(nr(ARCH_MIPSEL64, "mseal"), 5462);
	ck_assert_int_eq(nr(ARCH_MIPS64N32, "mseal"), 6462);
	ck_assert_int_eq(nr(ARCH_X32, "mseal"), 0x40000000 + 462);
	ck_assert_int_eq(nr(ARCH_AARCH64, "cachestat"), 451);
	ck_assert_int_eq(nr(ARCH_S390, "fchmodat2"), 452);
	ck_assert_int_eq(nr(ARCH_PPC, "futex_requeue"), 456);
	ck_assert_int_eq(nr(ARCH_LOONGARCH64, "statmount"), 457);
	ck_assert_int_eq(nr(ARCH_ARM, "lsm_list_modules"), 461);
	ck_assert_int_eq(nr(ARCH_RISCV64, "removexattrat"), 466);
	ck_assert_int_eq(nr(ARCH_X86, "open_tree_attr"), 467);
	ck_assert_int_eq(nr(ARCH_PPC64LE, "file_getattr"), 468);
	ck_assert_int_eq(nr(ARCH_MIPSEL64N32, "file_setattr"), 6469);
	/* map_shadow_stack: x86_64's "64" ABI only, so not x32; reserved elsewhere */
	ck_assert_int_eq(nr(ARCH_X86_64, "map_shadow_stack"), 453);
	ck_assert_int_eq(nr(ARCH_X32, "map_shadow_stack"), -1);
	ck_assert_int_eq(nr(ARCH_AARCH64, "map_shadow_stack"), 453);
	ck_assert_int_eq(nr(ARCH_MIPS, "map_shadow_stack"), 4453);
	/* arch-specific additions */
	ck_assert_int_eq(nr(ARCH_RISCV64, "riscv_hwprobe"), 258);
	ck_assert_int_eq(nr(ARCH_X86_64, "uretprobe"), 335);
	ck_assert_int_eq(nr(ARCH_X86_64, "uprobe"), 336);
	ck_assert_int_eq(nr(ARCH_X86, "uretprobe"), -1);
	ck_assert_int_eq(nr(ARCH_LOONGARCH64, "newfstatat"), 79);
	ck_assert_int_eq(nr(ARCH_LOONGARCH64, "fstat"), 80);
	/* 6.19 and 7.0: listns and rseq_slice_yield everywhere but s390, whose
	 * 31-bit compat support 6.19 removed */
	ck_assert_int_eq(nr(ARCH_X86_64, "listns"), 470);
	ck_assert_int_eq(nr(ARCH_X32, "listns"), 0x40000000 + 470);
	ck_assert_int_eq(nr(ARCH_MIPSEL64N32, "listns"), 6470);
	ck_assert_int_eq(nr(ARCH_S390X, "listns"), 470);
	ck_assert_int_eq(nr(ARCH_S390, "listns"), -1);
	ck_assert_int_eq(nr(ARCH_AARCH64, "rseq_slice_yield"), 471);
	ck_assert_int_eq(nr(ARCH_MIPS, "rseq_slice_yield"), 4471);
	ck_assert_int_eq(nr(ARCH_S390, "rseq_slice_yield"), -1);
	/* memfd_secret wired up late: s390 and s390x in 6.4, LoongArch in 7.0 */
	ck_assert_int_eq(nr(ARCH_S390X, "memfd_secret"), 447);
	ck_assert_int_eq(nr(ARCH_S390, "memfd_secret"), 447);
	ck_assert_int_eq(nr(ARCH_LOONGARCH64, "memfd_secret"), 447);
	ck_assert_int_eq(nr(ARCH_PPC64LE, "memfd_secret"), -1);
	ck_assert_str_eq(syscall_tables_version, "7.1");
}
END_TEST

/* mips o32's placeholders (syscall_o32.tbl: "18 o32 unused18 sys_ni_syscall")
 * are numbers the kernel never implemented, not syscall names. */
START_TEST(no_placeholder_names)
{
	for (size_t i = 0; i < syscall_name_count; i++)
		ck_assert_msg(strncmp(syscall_names[i], "unused", 6) != 0 &&
			      strncmp(syscall_names[i], "reserved", 8) != 0, "%s", syscall_names[i]);
	ck_assert_ptr_null(arch_syscall_name(A(ARCH_MIPS), 4018));
	ck_assert_ptr_null(arch_syscall_name(A(ARCH_MIPSEL), 4150));
	ck_assert_str_eq(arch_syscall_name(A(ARCH_MIPS), 4019), "lseek");
}
END_TEST

/* Every entry of tools/syscalls-after-6.1.txt is in the compiled tables
 * (catches generated files that were not regenerated after an edit). */
START_TEST(post_61_list_matches_tables)
{
	static const struct { const char *key; enum arch_id ids[2]; int64_t base; } keys[] = {
		{ "x86_64", { ARCH_X86_64, ARCH_X86_64 }, 0 }, { "x86", { ARCH_X86, ARCH_X86 }, 0 },
		{ "x32", { ARCH_X32, ARCH_X32 }, 0x40000000 },
		{ "aarch64", { ARCH_AARCH64, ARCH_AARCH64 }, 0 }, { "arm", { ARCH_ARM, ARCH_ARM }, 0 },
		{ "riscv64", { ARCH_RISCV64, ARCH_RISCV64 }, 0 },
		{ "s390x", { ARCH_S390X, ARCH_S390X }, 0 }, { "s390", { ARCH_S390, ARCH_S390 }, 0 },
		{ "ppc64", { ARCH_PPC64, ARCH_PPC64LE }, 0 }, { "ppc", { ARCH_PPC, ARCH_PPC }, 0 },
		{ "mips_n64", { ARCH_MIPS64, ARCH_MIPSEL64 }, 5000 },
		{ "mips_n32", { ARCH_MIPS64N32, ARCH_MIPSEL64N32 }, 6000 },
		{ "mips_o32", { ARCH_MIPS, ARCH_MIPSEL }, 4000 },
		{ "loongarch64", { ARCH_LOONGARCH64, ARCH_LOONGARCH64 }, 0 },
	};
	enum { NKEYS = sizeof keys / sizeof keys[0] };
	char path[4096], line[512];
	const char *src = getenv("SRCDIR");
	snprintf(path, sizeof path, "%s/tools/syscalls-after-6.1.txt", src ? src : "..");
	FILE *f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	int entries = 0;
	while (fgets(line, sizeof line, f)) {
		char name[64], spec[256], since_text[16];
		long n;
		if (line[0] == '#' || sscanf(line, "%63s %li %255s %15s", name, &n, spec, since_text) != 4)
			continue;
		entries++;
		unsigned major, minor;
		ck_assert_int_eq(sscanf(since_text, "%u.%u", &major, &minor), 2);
		unsigned age = major * 1000 + minor;
		bool want[NKEYS] = { false };
		for (char *part = strtok(spec, ","); part; part = strtok(NULL, ",")) {
			bool neg = part[0] == '-';
			for (size_t k = 0; k < NKEYS; k++)
				if (strcmp(part, "all") == 0 || strcmp(part + neg, keys[k].key) == 0)
					want[k] = !neg;
		}
		/* an arch-specific entry (newfstatat on loongarch64) says nothing
		 * about other tables; an `all,-KEY` one says KEY lacks it */
		bool generic = strncmp(spec, "all", 3) == 0;
		for (size_t k = 0; k < NKEYS; k++)
			for (int j = 0; j < 2 && (want[k] || generic); j++) {
				int64_t expect = want[k] ? keys[k].base + n : -1;
				ck_assert_msg(nr(keys[k].ids[j], name) == expect, "%s on %s: %lld, want %lld",
					      name, A(keys[k].ids[j])->name,
					      (long long)nr(keys[k].ids[j], name), (long long)expect);
				/* its SINCE is its age there, or tools/syscall-ages.txt
				 * raised it (map_shadow_stack, 6.7 where reserved) */
				if (want[k])
					ck_assert_uint_ge(since(keys[k].ids[j], name), age);
			}
	}
	fclose(f);
	ck_assert_int_ge(entries, 20);
}
END_TEST

START_TEST(names_sorted_unique_and_found)
{
	ck_assert_uint_gt(syscall_name_count, 400);
	for (size_t i = 0; i < syscall_name_count; i++) {
		if (i > 0)
			ck_assert_msg(strcmp(syscall_names[i - 1], syscall_names[i]) < 0,
				      "%s before %s", syscall_names[i - 1], syscall_names[i]);
		ck_assert_int_eq(syscall_name_id(syscall_names[i]), (int)i);
	}
	ck_assert_int_eq(syscall_name_id(""), -1);
	ck_assert_int_eq(syscall_name_id("openatx"), -1);
	ck_assert_int_eq(syscall_name_id("zzz"), -1);
	ck_assert_int_eq(syscall_name_id("_"), -1);
}
END_TEST

START_TEST(numbers_ascending_and_consistent)
{
	for (int id = 0; id < ARCH_COUNT; id++) {
		const struct arch_info *a = A((enum arch_id)id);
		ck_assert_int_eq(a->id, id);
		ck_assert_uint_gt(a->nsyscalls, 250);
		size_t named = 0;
		for (size_t i = 0; i < a->nsyscalls; i++) {
			if (i > 0)
				ck_assert_msg(a->nrs[i - 1] < a->nrs[i], "%s: %u then %u", a->name,
					      a->nrs[i - 1], a->nrs[i]);
			ck_assert_uint_lt(a->ids_by_nr[i], syscall_name_count);
			ck_assert_int_eq(a->nr_by_id[a->ids_by_nr[i]], (int32_t)a->nrs[i]);
		}
		for (size_t n = 0; n < syscall_name_count; n++)
			if (a->nr_by_id[n] >= 0) {
				named++;
				ck_assert_ptr_nonnull(arch_syscall_name(a, (uint32_t)a->nr_by_id[n]));
			}
		/* only aliases (arm's sync_file_range2) have a number without a row */
		ck_assert_uint_le(named - a->nsyscalls, 1);
	}
}
END_TEST

/* Ages: the release that added a syscall to an arch (major * 1000 + minor),
 * from tools/syscall-ages.txt, the post-6.1 list and tools/ages/. */
START_TEST(syscall_ages)
{
	ck_assert_uint_eq(since(ARCH_X86_64, "uprobe"), 6018);
	ck_assert_uint_eq(since(ARCH_X86_64, "uretprobe"), 6011);
	ck_assert_uint_eq(since(ARCH_X86_64, "listns"), 6019);
	ck_assert_uint_eq(since(ARCH_X86_64, "rseq_slice_yield"), 7000);
	ck_assert_uint_eq(since(ARCH_X86_64, "clone3"), 5003);
	ck_assert_uint_eq(since(ARCH_X86_64, "statx"), 4011);
	ck_assert_uint_eq(since(ARCH_X86_64, "process_vm_readv"), 3002);
	ck_assert_uint_eq(since(ARCH_X86_64, "read"), 0);      /* 3.0 or older */
	ck_assert_uint_eq(since(ARCH_MIPS, "clone3"), 5004);    /* mips wired it a release later */
	/* x86-32's direct socket calls (4.3) and SysV IPC calls (5.1), where
	 * libseccomp's x86 column says 3.10 */
	ck_assert_uint_eq(since(ARCH_X86, "socket"), 4003);
	ck_assert_uint_eq(since(ARCH_X86, "msgctl"), 5001);
	ck_assert_uint_eq(since(ARCH_X86, "socketcall"), 0);
	/* arches newer than 3.0 start at their port */
	ck_assert_uint_eq(since(ARCH_X32, "read"), 3004);
	ck_assert_uint_eq(since(ARCH_AARCH64, "read"), 3007);
	ck_assert_uint_eq(since(ARCH_RISCV64, "read"), 4015);
	ck_assert_uint_eq(since(ARCH_LOONGARCH64, "read"), 5019);
	ck_assert_uint_eq(since(ARCH_LOONGARCH64, "fstat"), 6011);
	ck_assert_uint_eq(since(ARCH_AARCH64, "kexec_file_load"), 5000);
	/* per arch: memfd_secret is 5.14, 6.4 on s390, 7.0 on LoongArch */
	ck_assert_uint_eq(since(ARCH_X86_64, "memfd_secret"), 5014);
	ck_assert_uint_eq(since(ARCH_S390, "memfd_secret"), 6004);
	ck_assert_uint_eq(since(ARCH_LOONGARCH64, "memfd_secret"), 7000);
	ck_assert_uint_eq(since(ARCH_X86_64, "map_shadow_stack"), 6006);
	ck_assert_uint_eq(since(ARCH_AARCH64, "map_shadow_stack"), 6007);
	ck_assert_uint_eq(arch_syscall_since(A(ARCH_X86_64), 100000), 0);   /* no syscall */
	for (int id = 0; id < ARCH_COUNT; id++) {
		const struct arch_info *a = A((enum arch_id)id);
		for (size_t i = 0; i < a->nsyscalls; i++) {
			unsigned s = a->since[i];
			ck_assert_msg(s == 0 || (s >= 3001 && s <= 7001 && s % 1000 < 100), "%s %s: %u",
				      a->name, syscall_names[a->ids_by_nr[i]], s);
		}
	}
}
END_TEST

static void cross_check(enum arch_id id, size_t (*host)(const struct host_nr **))
{
	const struct host_nr *h;
	size_t n = host(&h);
	if (n == 0)
		return;  /* not an x86 host with these headers */
	ck_assert_uint_ge(n, 40);
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(nr(id, h[i].name) == h[i].nr, "%s on %s: %lld, header says %ld",
			      h[i].name, A(id)->name, (long long)nr(id, h[i].name), h[i].nr);
}

START_TEST(match_host_headers)
{
	cross_check(ARCH_X86_64, host_nrs_x86_64);
	cross_check(ARCH_X86, host_nrs_x86);
	cross_check(ARCH_X32, host_nrs_x32);
}
END_TEST

START_TEST(errnos_per_style)
{
	for (int id = 0; id < ARCH_COUNT; id++) {
		const struct arch_info *a = A((enum arch_id)id);
		bool mips = a->errnos == ERRNO_MIPS;
		ck_assert_int_eq(arch_errno_nr(a, "EPERM"), 1);
		ck_assert_int_eq(arch_errno_nr(a, "EACCES"), 13);
		ck_assert_int_eq(arch_errno_nr(a, "ENOSYS"), mips ? 89 : 38);
		ck_assert_str_eq(arch_errno_name(a, 1), "EPERM");
		ck_assert_str_eq(arch_errno_name(a, mips ? 89 : 38), "ENOSYS");
		ck_assert_str_eq(arch_errno_name(a, 11), "EAGAIN");
		ck_assert_int_eq(arch_errno_nr(a, "EWOULDBLOCK"), 11);
		ck_assert_int_eq(arch_errno_nr(a, "ENOTSUP"), arch_errno_nr(a, "EOPNOTSUPP"));
		ck_assert_int_eq(arch_errno_nr(a, "ENOPE"), -1);
		ck_assert_ptr_null(arch_errno_name(a, 0));
		ck_assert_ptr_null(arch_errno_name(a, 100000));
	}
	ck_assert_int_eq(arch_errno_nr(A(ARCH_MIPSEL), "EDQUOT"), 1133);
	ck_assert_int_eq(arch_errno_nr(A(ARCH_X86_64), "EDEADLOCK"), 35);
	ck_assert_int_eq(arch_errno_nr(A(ARCH_PPC64LE), "EDEADLOCK"), 58);
	ck_assert_int_eq(arch_errno_nr(A(ARCH_PPC64LE), "EDEADLK"), 35);
	ck_assert_int_eq(arch_errno_nr(A(ARCH_S390X), "EHWPOISON"), 133);
}
END_TEST

START_TEST(arch_lookups)
{
	static const struct { const char *name, *scmp, *go; enum arch_id id; uint32_t audit; } want[] = {
		{ "x86_64", "SCMP_ARCH_X86_64", "amd64", ARCH_X86_64, AUDIT_ARCH_X86_64 },
		{ "x86", "SCMP_ARCH_X86", "386", ARCH_X86, AUDIT_ARCH_I386 },
		{ "x32", "SCMP_ARCH_X32", "x32", ARCH_X32, AUDIT_ARCH_X86_64 },
		{ "aarch64", "SCMP_ARCH_AARCH64", "arm64", ARCH_AARCH64, AUDIT_ARCH_AARCH64 },
		{ "arm", "SCMP_ARCH_ARM", "arm", ARCH_ARM, AUDIT_ARCH_ARM },
		{ "riscv64", "SCMP_ARCH_RISCV64", "riscv64", ARCH_RISCV64, AUDIT_ARCH_RISCV64 },
		{ "s390x", "SCMP_ARCH_S390X", "s390x", ARCH_S390X, AUDIT_ARCH_S390X },
		{ "s390", "SCMP_ARCH_S390", "s390", ARCH_S390, AUDIT_ARCH_S390 },
		{ "ppc64le", "SCMP_ARCH_PPC64LE", "ppc64le", ARCH_PPC64LE, AUDIT_ARCH_PPC64LE },
		{ "ppc64", "SCMP_ARCH_PPC64", "ppc64", ARCH_PPC64, AUDIT_ARCH_PPC64 },
		{ "ppc", "SCMP_ARCH_PPC", "ppc", ARCH_PPC, AUDIT_ARCH_PPC },
		{ "mips64", "SCMP_ARCH_MIPS64", "mips64", ARCH_MIPS64, AUDIT_ARCH_MIPS64 },
		{ "mips64n32", "SCMP_ARCH_MIPS64N32", "mips64n32", ARCH_MIPS64N32, AUDIT_ARCH_MIPS64N32 },
		{ "mips", "SCMP_ARCH_MIPS", "mips", ARCH_MIPS, AUDIT_ARCH_MIPS },
		{ "mipsel64", "SCMP_ARCH_MIPSEL64", "mips64le", ARCH_MIPSEL64, AUDIT_ARCH_MIPSEL64 },
		{ "mipsel64n32", "SCMP_ARCH_MIPSEL64N32", "mips64len32", ARCH_MIPSEL64N32, AUDIT_ARCH_MIPSEL64N32 },
		{ "mipsel", "SCMP_ARCH_MIPSEL", "mipsle", ARCH_MIPSEL, AUDIT_ARCH_MIPSEL },
		{ "loongarch64", "SCMP_ARCH_LOONGARCH64", "loong64", ARCH_LOONGARCH64, AUDIT_ARCH_LOONGARCH64 },
	};
	ck_assert_int_eq(sizeof want / sizeof want[0], ARCH_COUNT);
	for (size_t i = 0; i < ARCH_COUNT; i++) {
		const struct arch_info *a = A(want[i].id);
		ck_assert_ptr_eq(arch_by_name(want[i].name), a);
		ck_assert_ptr_eq(arch_by_name(want[i].scmp), a);
		ck_assert_ptr_eq(arch_by_name(want[i].go), a);
		ck_assert_ptr_eq(arch_by_scmp_name(want[i].scmp), a);
		ck_assert_ptr_eq(arch_by_go_name(want[i].go), a);
		ck_assert_uint_eq(a->audit_arch, want[i].audit);
		/* 64-bit argument width and byte order agree with the audit value */
		ck_assert_int_eq(a->is64, (want[i].audit & __AUDIT_ARCH_64BIT) && a->id != ARCH_X32 &&
				 a->id != ARCH_MIPS64N32 && a->id != ARCH_MIPSEL64N32);
		ck_assert_int_eq(a->big_endian, !(want[i].audit & __AUDIT_ARCH_LE));
	}
	ck_assert_ptr_eq(arch_by_go_name("x86"), A(ARCH_X86));
	ck_assert_ptr_null(arch_by_name("sparc"));
	ck_assert_ptr_null(arch_by_go_name("x86_64"));
	ck_assert_ptr_null(arch_by_scmp_name("x86_64"));
	ck_assert_ptr_eq(arch_by_audit(AUDIT_ARCH_X86_64), A(ARCH_X86_64));
	ck_assert_ptr_eq(arch_by_audit(AUDIT_ARCH_MIPSEL64N32), A(ARCH_MIPSEL64N32));
	ck_assert_ptr_null(arch_by_audit(0));
	ck_assert_ptr_null(arch_get(ARCH_COUNT));
#if defined(__x86_64__) && !defined(__ILP32__)
	ck_assert_ptr_eq(arch_host(), A(ARCH_X86_64));
#elif defined(__aarch64__)
	ck_assert_ptr_eq(arch_host(), A(ARCH_AARCH64));
#endif
	ck_assert_ptr_nonnull(arch_host());
}
END_TEST

static void check_family(enum arch_id native, const enum arch_id *members, size_t n)
{
	const struct arch_info *out[ARCH_COUNT];
	ck_assert_uint_eq(arch_family(native, out, ARCH_COUNT), n);
	for (size_t i = 0; i < n; i++) {
		ck_assert_ptr_eq(out[i], A(members[i]));
		ck_assert_int_eq(out[i]->native, native);
	}
}

START_TEST(families)
{
	check_family(ARCH_X86_64, (const enum arch_id[]){ ARCH_X86_64, ARCH_X86, ARCH_X32 }, 3);
	check_family(ARCH_AARCH64, (const enum arch_id[]){ ARCH_AARCH64, ARCH_ARM }, 2);
	check_family(ARCH_RISCV64, (const enum arch_id[]){ ARCH_RISCV64 }, 1);
	check_family(ARCH_S390X, (const enum arch_id[]){ ARCH_S390X, ARCH_S390 }, 2);
	check_family(ARCH_PPC64LE, (const enum arch_id[]){ ARCH_PPC64LE }, 1);
	check_family(ARCH_PPC64, (const enum arch_id[]){ ARCH_PPC64, ARCH_PPC }, 2);
	check_family(ARCH_MIPSEL64, (const enum arch_id[]){ ARCH_MIPSEL64, ARCH_MIPSEL64N32, ARCH_MIPSEL }, 3);
	check_family(ARCH_MIPS64, (const enum arch_id[]){ ARCH_MIPS64, ARCH_MIPS64N32, ARCH_MIPS }, 3);
	check_family(ARCH_LOONGARCH64, (const enum arch_id[]){ ARCH_LOONGARCH64 }, 1);
	const struct arch_info *out[2];
	ck_assert_uint_eq(arch_family(ARCH_X86, out, 2), 0);  /* not a native arch */
	ck_assert_uint_eq(arch_family(ARCH_X86_64, out, 2), 2);  /* clipped to max */
}
END_TEST

/* Runs $SECCOMPC with args; returns its exit status, output in out/err. */
static int run_cli(const char *const args[], char *out, size_t outsz, char *err, size_t errsz)
{
	const char *exe = getenv("SECCOMPC");
	ck_assert_msg(exe != NULL, "SECCOMPC not set (run through meson test)");
	int po[2], pe[2];
	ck_assert_int_eq(pipe(po), 0);
	ck_assert_int_eq(pipe(pe), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char *argv[16];
		size_t n = 0;
		argv[n++] = (char *)exe;
		for (; args[n - 1] && n < 15; n++)
			argv[n] = (char *)args[n - 1];
		argv[n] = NULL;
		dup2(po[1], 1);
		dup2(pe[1], 2);
		execv(exe, argv);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	/* outputs here are small (< 64 KiB pipe buffers), so read after exit */
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ssize_t r = read(po[0], out, outsz - 1);
	out[r > 0 ? r : 0] = '\0';
	r = read(pe[0], err, errsz - 1);
	err[r > 0 ? r : 0] = '\0';
	close(po[0]);
	close(pe[0]);
	ck_assert(WIFEXITED(status));
	return WEXITSTATUS(status);
}

START_TEST(cli_syscalls)
{
	char out[16384], err[4096];
	ck_assert_int_eq(run_cli((const char *[]){ "syscalls", "openat", NULL },
				 out, sizeof out, err, sizeof err), 0);
	ck_assert_msg(strncmp(out, "arch         number      since\n", 31) == 0 &&
		      strstr(out, "\nx86_64       257         <=3.0\n") &&
		      strstr(out, "\nmips         4288        <=3.0\n") &&
		      strstr(out, "\nx32          0x40000101  3.4\n") &&
		      strstr(out, "\naarch64      56          3.7\n"), "%s", out);
	ck_assert_int_eq(run_cli((const char *[]){ "syscalls", "uprobe", NULL },
				 out, sizeof out, err, sizeof err), 0);
	ck_assert_msg(strstr(out, "\nx86_64       336         6.18\n") && strstr(out, "\nx86          -\n"),
		      "%s", out);
	ck_assert_int_eq(run_cli((const char *[]){ "syscalls", "--arch", "SCMP_ARCH_MIPS64N32", "openat", NULL },
				 out, sizeof out, err, sizeof err), 0);
	ck_assert_str_eq(out, "6251\n");
	ck_assert_int_eq(run_cli((const char *[]){ "syscalls", "--arch", "x32", "0x40000000", NULL },
				 out, sizeof out, err, sizeof err), 0);
	ck_assert_str_eq(out, "read\n");
	ck_assert_int_eq(run_cli((const char *[]){ "syscalls", "--arch", "arm64", NULL },
				 out, sizeof out, err, sizeof err), 0);
	ck_assert_msg(strncmp(out, "0\tio_setup\n", 11) == 0, "%.40s", out);
	ck_assert_int_eq(run_cli((const char *[]){ "syscalls", "opnat", NULL },
				 out, sizeof out, err, sizeof err), 1);
	ck_assert_str_eq(out, "");
	ck_assert_str_eq(err, "seccompc syscalls: unknown syscall 'opnat'; did you mean openat?\n");
	ck_assert_int_eq(run_cli((const char *[]){ "syscalls", "--arch", "x86_64", "socketcall", NULL },
				 out, sizeof out, err, sizeof err), 1);
	ck_assert_int_eq(run_cli((const char *[]){ "syscalls", "--arch", "vax", NULL },
				 out, sizeof out, err, sizeof err), 2);
}
END_TEST

static Suite *arch_suite(void)
{
	Suite *s = suite_create("arch");
	TCase *t = tcase_create("tables");
	tcase_add_test(t, openat_everywhere);
	tcase_add_test(t, x32_numbers_carry_bit_30);
	tcase_add_test(t, socketcall_only_where_it_exists);
	tcase_add_test(t, arch_specific_names);
	tcase_add_test(t, post_61_syscalls);
	tcase_add_test(t, post_61_list_matches_tables);
	tcase_add_test(t, no_placeholder_names);
	tcase_add_test(t, syscall_ages);
	tcase_add_test(t, names_sorted_unique_and_found);
	tcase_add_test(t, numbers_ascending_and_consistent);
	tcase_add_test(t, match_host_headers);
	tcase_add_test(t, errnos_per_style);
	tcase_add_test(t, arch_lookups);
	tcase_add_test(t, families);
	suite_add_tcase(s, t);
	TCase *c = tcase_create("cli");
	tcase_add_test(c, cli_syscalls);
	suite_add_tcase(s, c);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(arch_suite());
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
