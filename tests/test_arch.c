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

/* Argument i of name on arch id, checked for its name, type and width. */
static void want_arg(enum arch_id id, const char *name, unsigned i, const char *pname,
		     const char *type, unsigned bits, bool is_signed)
{
	const struct syscall_arg *args;
	int64_t n = nr(id, name);
	ck_assert_msg(n >= 0, "%s on %s", name, A(id)->name);
	int count = arch_syscall_args(A(id), (uint32_t)n, &args);
	ck_assert_msg(count > (int)i, "%s on %s: %d arguments", name, A(id)->name, count);
	ck_assert_msg(strcmp(args[i].name, pname) == 0 && strcmp(args[i].type, type) == 0 &&
		      args[i].bits == bits && args[i].is_signed == is_signed,
		      "%s on %s, argument %u: %s %s, %u bits, %s", name, A(id)->name, i, args[i].type,
		      args[i].name, args[i].bits, args[i].is_signed ? "signed" : "unsigned");
	ck_assert_uint_eq(arch_arg_bits(A(id), (uint32_t)n, i), bits);
}

static int nargs(enum arch_id id, const char *name)
{
	const struct syscall_arg *args;
	return arch_syscall_args(A(id), (uint32_t)nr(id, name), &args);
}

/* What the kernel reads of each argument (tools/gen-argtypes.py, from the
 * SYSCALL_DEFINE signatures of the entry points the tables call). */
START_TEST(argument_widths)
{
	/* narrower than the register on 64-bit arches */
	want_arg(ARCH_X86_64, "socket", 0, "family", "int", 32, true);
	want_arg(ARCH_X86_64, "fchmod", 1, "mode", "umode_t", 16, false);
	want_arg(ARCH_X86, "fchmod", 1, "mode", "umode_t", 16, false);
	want_arg(ARCH_X86_64, "ioctl", 1, "cmd", "unsigned int", 32, false);
	want_arg(ARCH_X86_64, "ioctl", 2, "arg", "unsigned long", 64, false);
	want_arg(ARCH_X86_64, "personality", 0, "personality", "unsigned int", 32, false);
	want_arg(ARCH_X86_64, "prctl", 0, "option", "int", 32, true);
	want_arg(ARCH_AARCH64, "openat", 3, "mode", "umode_t", 16, false);
	want_arg(ARCH_RISCV64, "kill", 1, "sig", "int", 32, true);
	want_arg(ARCH_S390X, "setns", 1, "flags", "int", 32, true);
	want_arg(ARCH_PPC64LE, "fcntl", 1, "cmd", "unsigned int", 32, false);
	want_arg(ARCH_PPC64, "socket", 1, "type", "int", 32, true);
	want_arg(ARCH_MIPSEL64, "fchmod", 1, "mode", "umode_t", 16, false);
	want_arg(ARCH_MIPSEL64N32, "ioctl", 2, "arg", "compat_ulong_t", 32, false);
	want_arg(ARCH_MIPS64, "write", 2, "count", "size_t", 64, false);
	want_arg(ARCH_LOONGARCH64, "add_key", 4, "ringid", "key_serial_t", 32, true);
	want_arg(ARCH_X86_64, "listns", 2, "nr_ns_ids", "size_t", 64, false);   /* after 6.12 */
	/* the 32-bit arches run on 64-bit kernels: their compat entry points */
	want_arg(ARCH_ARM, "ioctl", 2, "arg", "compat_ulong_t", 32, false);
	want_arg(ARCH_X86, "mq_open", 2, "mode", "compat_mode_t", 16, false);  /* u16 in x86's compat.h */
	want_arg(ARCH_PPC, "mq_open", 2, "mode", "compat_mode_t", 32, false);
	/* 64-bit values split in two slots, after the pair alignment padding */
	ck_assert_int_eq(nargs(ARCH_ARM, "pread64"), 6);
	want_arg(ARCH_ARM, "pread64", 3, "__pad", "u32", 32, false);
	want_arg(ARCH_ARM, "pread64", 4, "pos_lo", "u32", 32, false);
	want_arg(ARCH_ARM, "pread64", 5, "pos_hi", "u32", 32, false);
	ck_assert_int_eq(nargs(ARCH_X86, "pread64"), 5);
	want_arg(ARCH_X86, "pread64", 3, "poslo", "u32", 32, false);
	want_arg(ARCH_X86, "pread64", 4, "poshi", "u32", 32, false);
	want_arg(ARCH_S390, "pread64", 3, "high", "u32", 32, false);
	want_arg(ARCH_PPC, "pread64", 4, "pos1", "u32", 32, false);
	want_arg(ARCH_ARM, "arm_fadvise64_64", 1, "advice", "int", 32, true);
	want_arg(ARCH_ARM, "arm_fadvise64_64", 5, "len_hi", "u32", 32, false);
	/* a narrow argument after a split one lands on its own slot */
	want_arg(ARCH_X86, "fanotify_mark", 4, "dfd", "int", 32, true);
	want_arg(ARCH_X86, "fanotify_mark", 2, "mask_lo", "u32", 32, false);
	/* the halves' order follows the byte order: mips and mipsel differ */
	want_arg(ARCH_MIPS, "fanotify_mark", 2, "mask_hi", "u32", 32, false);
	want_arg(ARCH_MIPSEL, "fanotify_mark", 2, "mask_lo", "u32", 32, false);
	/* n32 passes a 64-bit value in one register: one slot */
	ck_assert_int_eq(nargs(ARCH_MIPS64N32, "pread64"), 4);
	want_arg(ARCH_MIPS64N32, "pread64", 3, "pos", "loff_t", 32, true);
	/* the 16-bit uid calls */
	want_arg(ARCH_X86, "setuid", 0, "uid", "old_uid_t", 16, false);
	want_arg(ARCH_ARM, "chown", 1, "user", "old_uid_t", 16, false);
	want_arg(ARCH_X86, "setuid32", 0, "uid", "uid_t", 32, false);
	/* x32: 0..511 call the native handlers, which read long and pointers
	 * whole; 512..547 the compat ones, with 32-bit compat types */
	want_arg(ARCH_X32, "read", 2, "count", "size_t", 64, false);
	want_arg(ARCH_X32, "read", 1, "buf", "char __user *", 64, false);
	want_arg(ARCH_X32, "rt_sigaction", 3, "sigsetsize", "compat_size_t", 32, false);
	want_arg(ARCH_X32, "ioctl", 2, "arg", "compat_ulong_t", 32, false);
	ck_assert_uint_ge(nr(ARCH_X32, "ioctl"), 0x40000000 + 512);
	/* clone's argument order follows the arch's CLONE_BACKWARDS* */
	want_arg(ARCH_X86_64, "clone", 3, "tls", "unsigned long", 64, false);
	want_arg(ARCH_S390X, "clone", 0, "newsp", "unsigned long", 64, false);
	want_arg(ARCH_LOONGARCH64, "clone", 4, "tls", "unsigned long", 64, false);
	/* beyond the arity, or without a signature: the register width */
	ck_assert_int_eq(nargs(ARCH_X86_64, "socket"), 3);
	ck_assert_uint_eq(arch_arg_bits(A(ARCH_X86_64), 41, 3), 64);
	ck_assert_uint_eq(arch_arg_bits(A(ARCH_X32), 0x40000000 + 41, 5), 64);
	ck_assert_uint_eq(arch_arg_bits(A(ARCH_ARM), 281, 4), 32);
	ck_assert_int_eq(nargs(ARCH_ARM, "cacheflush"), -1);
	ck_assert_ptr_nonnull(strstr(arch_syscall_args_missing(A(ARCH_ARM), 0x0f0002), "compat_arm_syscall"));
	ck_assert_uint_eq(arch_arg_bits(A(ARCH_ARM), 0x0f0002, 0), 32);
	ck_assert_int_eq(nargs(ARCH_X86_64, "afs_syscall"), -1);
	ck_assert_ptr_nonnull(strstr(arch_syscall_args_missing(A(ARCH_X86_64), 183), "not implemented"));
	ck_assert_ptr_null(arch_syscall_args_missing(A(ARCH_X86_64), 41));   /* has one */
	ck_assert_uint_eq(arch_arg_bits(A(ARCH_X86_64), 100000, 0), 64);     /* no syscall */
	/* kernel/seccomp.c never filters x86_64's uretprobe and uprobe */
	ck_assert(arch_syscall_unfiltered(A(ARCH_X86_64), 335));
	ck_assert(arch_syscall_unfiltered(A(ARCH_X86_64), 336));
	ck_assert(!arch_syscall_unfiltered(A(ARCH_X86_64), 337));
	ck_assert(!arch_syscall_unfiltered(A(ARCH_X32), 0x40000000 + 336));
	ck_assert(!arch_syscall_unfiltered(A(ARCH_X86), 336));
	for (int id = 0; id < ARCH_COUNT; id++) {
		const struct arch_info *a = A((enum arch_id)id);
		ck_assert_uint_eq(arch_reg_bits(a), a->is64 || id == ARCH_X32 ? 64 : 32);
	}
}
END_TEST

/* Every syscall of every arch has a signature, or arch_syscall_args_missing()
 * says why: the kernel does not implement it there, or it is listed with its
 * reason in tools/argtypes-exceptions.txt. */
START_TEST(every_syscall_has_a_signature)
{
	char path[4096], line[1024], listed[4096] = " ";
	const char *src = getenv("SRCDIR");
	snprintf(path, sizeof path, "%s/tools/argtypes-exceptions.txt", src ? src : "..");
	FILE *f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	while (fgets(line, sizeof line, f)) {
		char arches[256], name[64];
		if (line[0] == '#' || sscanf(line, "%255s %63s", arches, name) != 2)
			continue;
		for (char *a = strtok(arches, ","); a; a = strtok(NULL, ","))
			snprintf(listed + strlen(listed), sizeof listed - strlen(listed), "%s/%s ", a, name);
	}
	fclose(f);
	size_t with = 0, total = 0;
	for (int id = 0; id < ARCH_COUNT; id++) {
		const struct arch_info *a = A((enum arch_id)id);
		for (size_t i = 0; i < a->nsyscalls; i++) {
			const char *name = syscall_names[a->ids_by_nr[i]];
			const struct syscall_arg *args;
			int n = arch_syscall_args(a, a->nrs[i], &args);
			total++;
			if (n >= 0) {
				with++;
				ck_assert_int_le(n, 6);
				for (int k = 0; k < n; k++)
					ck_assert_msg((args[k].bits == 8 || args[k].bits == 16 ||
						       args[k].bits == 32 || args[k].bits == 64) &&
						      args[k].bits <= arch_reg_bits(a) && *args[k].name &&
						      *args[k].type, "%s %s arg %d", a->name, name, k);
				continue;
			}
			const char *why = arch_syscall_args_missing(a, a->nrs[i]);
			char key[128];
			snprintf(key, sizeof key, " %s/%s ", a->name, name);
			ck_assert_msg(why && (strncmp(why, "not implemented", 15) == 0 || strstr(listed, key)),
				      "%s %s: no signature and no documented reason", a->name, name);
		}
	}
	ck_assert_uint_ge(with * 100, total * 95);   /* today 7172 syscalls, 305 without */
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
	ck_assert_msg(strstr(out, "\nx86_64       336         6.18\n") && strstr(out, "\nx86          -\n") &&
		      strstr(out, "\nx86_64, x32:\n  uprobe()\n"), "%s", out);
	/* the arguments, with the bits the kernel reads, per group of arches */
	ck_assert_int_eq(run_cli((const char *[]){ "syscalls", "pread64", NULL },
				 out, sizeof out, err, sizeof err), 0);
	ck_assert_msg(strstr(out, "\narm:\n  pread64(unsigned int fd:32, char __user *buf:32, size_t count:32, "
			      "u32 __pad:32, u32 pos_lo:32, u32 pos_hi:32)\n") &&
		      strstr(out, "\nx86_64, x32, aarch64, riscv64, s390x, ppc64le, ppc64, mips64, mipsel64, "
			      "loongarch64:\n  pread64(unsigned int fd:32, char __user *buf:64, size_t count:64, "
			      "loff_t pos:64)\n"), "%s", out);
	ck_assert_int_eq(run_cli((const char *[]){ "syscalls", "cacheflush", NULL },
				 out, sizeof out, err, sizeof err), 0);
	ck_assert_msg(strstr(out, "\narm:\n  no signature: dispatched by compat_arm_syscall()"), "%s", out);
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
	tcase_add_test(t, argument_widths);
	tcase_add_test(t, every_syscall_has_a_signature);
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
