/*
 * test_enosys.c - --enosys-newer by syscall age: a syscall the profile leaves
 * to the default answers ENOSYS when it is newer than the newest syscall the
 * profile names on that arch, whatever its number (docs/semantics.md,
 * "Syscalls newer than the profile"). Decisions are asserted through the
 * compiled filter (the simulator on every family, the kernel on x86_64) and
 * through the resolved table.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "action.h"
#include "arena.h"
#include "bpf.h"
#include "diag.h"
#include "testlib.h"

#define X32_BIT 0x40000000u

/* Compiles a corpus profile or JSON text for target, with or without
 * --enosys-newer; fails the test on any error. */
static struct compile_result compile_for(const char *file, const char *json, enum arch_id target,
					 bool enosys_newer, struct arena *arena)
{
	struct diag diag;
	diag_init(&diag, file ? file : "test.json");
	diag.quiet_warnings = true;
	struct compile_options co = { .verify = true };
	co.select.target = arch_get(target);
	co.select.enosys_newer = enosys_newer;
	struct compile_result res;
	int status;
	if (file) {
		char path[4096];
		const char *src = getenv("SRCDIR");
		snprintf(path, sizeof path, "%s/tests/corpus/%s", src ? src : "..", file);
		status = compile_profile_file(path, &co, arena, &diag, &res);
	} else {
		status = compile_profile_text("test.json", json, strlen(json), &co, arena, &diag, &res);
	}
	ck_assert_msg(status == 0, "%s for %s: status %d\n%s", file ? file : "test.json",
		      arch_get(target)->name, status, diag_text(&diag));
	diag_fini(&diag);
	return res;
}

/* What the compiled filter answers for syscall `name` on arch id. */
static uint32_t filter_says(const struct compile_result *res, enum arch_id id, const char *name)
{
	const struct arch_info *a = arch_get(id);
	int64_t nr = arch_syscall_nr(a, name);
	ck_assert_msg(nr >= 0, "%s on %s", name, a->name);
	struct bpf_input in = { .nr = (int32_t)nr, .arch = a->audit_arch, .big_endian = a->big_endian };
	uint32_t action = bpf_simulate(&res->prog, &in).action;
	/* the filter and the table's meaning agree (the verifier's claim) */
	ck_assert_uint_eq(action, table_decide_raw(&res->table, a->audit_arch, (uint32_t)nr, in.args));
	return action;
}

static uint32_t errno_ret(enum arch_id id, const char *name)
{
	return action_ret(ACT_ERRNO, (uint16_t)arch_errno_nr(arch_get(id), name));
}

/* A profile that names read (old) and openat2 (5.6, generic number 437) on
 * every arch of every family: close_range (436, 5.9) is below openat2's number
 * but newer, so only its age makes it ENOSYS; pidfd_open (434, 5.3) is older
 * and keeps the default; pidfd_getfd (438) is above the last named number.
 * On loongarch64 every syscall of the port is 5.19, close_range too: there
 * memfd_secret (447, 7.0) is newer than futex_waitv (449, 5.19). */
static const char every_arch_profile[] =
	"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_X86\","
	" \"SCMP_ARCH_X32\", \"SCMP_ARCH_ARM\", \"SCMP_ARCH_S390\", \"SCMP_ARCH_PPC\","
	" \"SCMP_ARCH_MIPS64N32\", \"SCMP_ARCH_MIPS\", \"SCMP_ARCH_MIPSEL64N32\", \"SCMP_ARCH_MIPSEL\"],"
	" \"syscalls\": [{\"names\": [\"read\", \"openat2\"], \"action\": \"SCMP_ACT_ALLOW\"}]}";

START_TEST(newer_than_the_profile_on_every_family)
{
	static const enum arch_id families[] = {
		ARCH_X86_64, ARCH_AARCH64, ARCH_RISCV64, ARCH_S390X, ARCH_PPC64LE, ARCH_PPC64,
		ARCH_MIPS64, ARCH_MIPSEL64, ARCH_LOONGARCH64,
	};
	size_t arches_seen = 0;
	for (size_t f = 0; f < sizeof families / sizeof families[0]; f++) {
		struct arena arena;
		arena_init(&arena);
		struct compile_result res = compile_for(NULL, every_arch_profile, families[f], true, &arena);
		struct compile_result plain = compile_for(NULL, every_arch_profile, families[f], false, &arena);
		for (size_t i = 0; i < res.table.narches; i++) {
			const struct tarch *ta = &res.table.arches[i];
			enum arch_id id = ta->arch->id;
			arches_seen++;
			if (id == ARCH_LOONGARCH64) {
				ck_assert_uint_eq(ta->enosys_since, 5019);
				ck_assert_uint_eq(filter_says(&res, id, "close_range"), errno_ret(id, "EPERM"));
				continue;
			}
			ck_assert_msg(ta->enosys && ta->enosys_since == 5006, "%s: newest %u",
				      ta->arch->name, ta->enosys_since);
			ck_assert_uint_eq(filter_says(&res, id, "read"), RET_ALLOW);
			ck_assert_uint_eq(filter_says(&res, id, "openat2"), RET_ALLOW);
			ck_assert_uint_eq(filter_says(&res, id, "close_range"), errno_ret(id, "ENOSYS"));
			ck_assert_uint_eq(filter_says(&res, id, "pidfd_open"), errno_ret(id, "EPERM"));
			ck_assert_uint_eq(filter_says(&res, id, "pidfd_getfd"), errno_ret(id, "ENOSYS"));
			ck_assert_int_eq(table_default_why(&res.table, ta,
							   (uint32_t)arch_syscall_nr(ta->arch, "close_range")),
					 DEFAULT_ENOSYS_NEWER);
			/* without the option, both refused syscalls take the default */
			ck_assert_uint_eq(filter_says(&plain, id, "close_range"), errno_ret(id, "EPERM"));
			ck_assert_uint_eq(filter_says(&plain, id, "pidfd_getfd"), errno_ret(id, "EPERM"));
		}
		arena_free(&arena);
	}
	ck_assert_uint_eq(arches_seen, ARCH_COUNT);

	struct arena arena;
	arena_init(&arena);
	struct compile_result res = compile_for(NULL, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
		"{\"names\": [\"read\", \"futex_waitv\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
		ARCH_LOONGARCH64, true, &arena);
	ck_assert_uint_eq(filter_says(&res, ARCH_LOONGARCH64, "memfd_secret"),
			  errno_ret(ARCH_LOONGARCH64, "ENOSYS"));
	ck_assert_uint_eq(filter_says(&res, ARCH_LOONGARCH64, "close_range"),
			  errno_ret(ARCH_LOONGARCH64, "EPERM"));
	arena_free(&arena);
}
END_TEST

/* Every syscall of every arch of moby's profile, with --enosys-newer: a rule
 * decides, or it is above the last named number or newer than the newest
 * named syscall (ENOSYS), or the default (EPERM). The expectation is computed
 * from the tables' ages, independently of table_default(). */
START_TEST(moby_every_syscall_by_age)
{
	static const enum arch_id families[] = {
		ARCH_X86_64, ARCH_AARCH64, ARCH_S390X, ARCH_PPC64LE, ARCH_MIPSEL64, ARCH_LOONGARCH64,
	};
	for (size_t f = 0; f < sizeof families / sizeof families[0]; f++) {
		struct arena arena;
		arena_init(&arena);
		struct compile_result res = compile_for("moby-default.json", NULL, families[f], true, &arena);
		for (size_t i = 0; i < res.table.narches; i++) {
			const struct tarch *ta = &res.table.arches[i];
			const struct arch_info *a = ta->arch;
			unsigned newest = 0;
			uint32_t last = 0;
			for (size_t k = 0; k < ta->nsyscalls; k++) {   /* named and decided */
				unsigned s = arch_syscall_since(a, ta->syscalls[k].nr);
				newest = s > newest ? s : newest;
				last = ta->syscalls[k].nr > last ? ta->syscalls[k].nr : last;
			}
			ck_assert_uint_ge(ta->enosys_since, newest);
			ck_assert_uint_ge(ta->enosys_above, last);
			for (size_t k = 0; k < a->nsyscalls; k++) {
				uint32_t nr = a->nrs[k];
				uint64_t args[6] = { 0 };
				if (tarch_syscall(ta, nr))
					continue;
				struct bpf_input in = { .nr = (int32_t)nr, .arch = a->audit_arch,
							.big_endian = a->big_endian };
				bool enosys = nr > ta->enosys_above || arch_syscall_since(a, nr) > ta->enosys_since ||
					      (nr == 0 && (a->id == ARCH_S390X || a->id == ARCH_S390));
				uint32_t want = enosys ? errno_ret(a->id, "ENOSYS") : errno_ret(a->id, "EPERM");
				ck_assert_msg(bpf_simulate(&res.prog, &in).action == want, "%s %s (%u): %#x, want %#x",
					      a->name, syscall_names[a->ids_by_nr[k]], nr,
					      bpf_simulate(&res.prog, &in).action, want);
				ck_assert_uint_eq(table_decide_raw(&res.table, a->audit_arch, nr, args), want);
			}
		}
		arena_free(&arena);
	}
}
END_TEST

/* The age rule in the kernel: close_range (x86_64 436, 5.9) is below
 * openat2 (437, 5.6), the last and newest syscall the profile names, and
 * answers ENOSYS; pidfd_open (434, 5.3) keeps EPERM. Both exist on the host
 * kernel, so ENOSYS can only come from the filter. On x86 too, through
 * int $0x80 (close_range is 436 there as well). */
START_TEST(kernel_newer_than_the_profile)
{
	static const char json[] =
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_X86\"],"
		" \"syscalls\": [{\"names\": [\"write\", \"exit\", \"exit_group\", \"read\", \"openat2\"],"
		" \"action\": \"SCMP_ACT_ALLOW\"}]}";
	struct arena arena;
	arena_init(&arena);
	struct compile_result res = compile_for(NULL, json, ARCH_X86_64, true, &arena);
	ck_assert_uint_eq(table_arch(&res.table, ARCH_X86_64)->enosys_since, 5006);
	uint64_t a[6] = { (uint64_t)-1, (uint64_t)-1, 0, 0, 0, 0 };
	struct child_outcome o = run_syscall_filtered(&res.prog, SYS_close_range, a);
	ck_assert(o.installed && o.exited && o.ret == -1 && o.err == ENOSYS);
	o = run_syscall_filtered(&res.prog, SYS_pidfd_open, a);
	ck_assert(o.exited && o.ret == -1 && o.err == EPERM);
	o = run_syscall_filtered(&res.prog, SYS_pidfd_getfd, a);       /* above the last: ENOSYS */
	ck_assert(o.exited && o.ret == -1 && o.err == ENOSYS);
#if defined(__x86_64__)
	if (ia32_available("kernel_newer_than_the_profile (x86)")) {
		o = run_ia32_syscall_filtered(&res.prog, 436, a);     /* close_range */
		ck_assert(o.installed && o.exited && o.ret == -1 && o.err == ENOSYS);
		o = run_ia32_syscall_filtered(&res.prog, 434, a);     /* pidfd_open */
		ck_assert(o.exited && o.ret == -1 && o.err == EPERM);
	}
#endif
	/* without the option, close_range takes the default */
	res = compile_for(NULL, json, ARCH_X86_64, false, &arena);
	o = run_syscall_filtered(&res.prog, SYS_close_range, a);
	ck_assert(o.installed && o.exited && o.ret == -1 && o.err == EPERM);
	arena_free(&arena);
}
END_TEST

/* uprobe (x86_64 336, Linux 6.18) is newer than every syscall moby's profile
 * names (6.13: the *xattrat calls) but below its last number (466): with
 * --enosys-newer the filter answers ENOSYS for it, where it answered EPERM,
 * and a refused old syscall (acct) keeps EPERM. (A real x86_64 kernel never
 * asks the filter about uprobe: kernel/seccomp.c exempts it, see
 * arch_syscall_unfiltered(); the filter's answer is what a kernel without
 * that exemption, and x32, get.) */
START_TEST(moby_uprobe_is_enosys)
{
	struct arena arena;
	arena_init(&arena);
	struct compile_result res = compile_for("moby-default.json", NULL, ARCH_X86_64, true, &arena);
	const struct tarch *ta = table_arch(&res.table, ARCH_X86_64);
	ck_assert_uint_eq(ta->enosys_above, 466);
	ck_assert_uint_eq(ta->enosys_since, 6013);
	ck_assert_uint_eq(filter_says(&res, ARCH_X86_64, "uprobe"), errno_ret(ARCH_X86_64, "ENOSYS"));
	ck_assert_int_eq(table_default_why(&res.table, ta, 336), DEFAULT_ENOSYS_NEWER);
	ck_assert_uint_eq(filter_says(&res, ARCH_X86_64, "acct"), errno_ret(ARCH_X86_64, "EPERM"));
	ck_assert_uint_eq(filter_says(&res, ARCH_X86_64, "open_tree_attr"), errno_ret(ARCH_X86_64, "ENOSYS"));
	res = compile_for("moby-default.json", NULL, ARCH_X86_64, false, &arena);
	ck_assert_uint_eq(filter_says(&res, ARCH_X86_64, "uprobe"), errno_ret(ARCH_X86_64, "EPERM"));
	arena_free(&arena);
}
END_TEST

/* The same on x32 (uprobe is 0x40000150 there): simulated, since x32 needs a
 * kernel with x32 support to run. */
START_TEST(moby_uprobe_on_x32)
{
	struct arena arena;
	arena_init(&arena);
	struct compile_result res = compile_for("moby-default.json", NULL, ARCH_X86_64, true, &arena);
	ck_assert_ptr_nonnull(table_arch(&res.table, ARCH_X32));
	ck_assert_uint_eq(filter_says(&res, ARCH_X32, "uprobe"), errno_ret(ARCH_X32, "ENOSYS"));
	ck_assert_uint_eq(filter_says(&res, ARCH_X32, "acct"), errno_ret(ARCH_X32, "EPERM"));
	arena_free(&arena);
}
END_TEST

static Suite *enosys_suite(void)
{
	Suite *s = suite_create("enosys");
	TCase *t = tcase_create("by age");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, newer_than_the_profile_on_every_family);
	tcase_add_test(t, moby_every_syscall_by_age);
	tcase_add_test(t, kernel_newer_than_the_profile);
	tcase_add_test(t, moby_uprobe_is_enosys);
	tcase_add_test(t, moby_uprobe_on_x32);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(enosys_suite());
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
