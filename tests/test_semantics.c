/*
 * test_semantics.c - the rules of docs/semantics.md, one case each, named
 * after the rule: which arches a filter covers, which rules apply, names,
 * numbers and errnos, how a syscall's rules decide, and no multiplexer
 * magic. test_semantics_args.c has the comparisons, and
 * test_semantics_enosys.c --enosys-newer.
 *
 * Each case compiles a profile written for its rule (verification on) and
 * asserts the decisions the rule implies, written out by hand, from the
 * resolved table and from the compiled filter, on a 64-bit arch and a
 * 32-bit one (x32 and others where the rule is about them), and for
 * getpid and its kin from the kernel too (semantics_check.h). A rule
 * implemented wrong changes an expected decision and fails its case,
 * whatever the verifier says: the verifier only proves the filter equal to
 * the table.
 */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "semantics_check.h"

/* ---- which arches a filter covers --------------------------------------- */

static const char allow_getpid_x86[] =
	"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86'],"
	" 'syscalls': [{'names': ['getpid'], 'action': 'SCMP_ACT_ALLOW'}]}";

START_TEST(filter_always_covers_the_native_arch)
{
	struct sem s;
	sem_compile(&s, allow_getpid_x86, "x86_64");
	DECIDES(&s, ARCH_X86_64, "getpid", RET_ALLOW, 0);
	DECIDES(&s, ARCH_X86, "getpid", RET_ALLOW, 0);
	DECIDES(&s, ARCH_X86, "getppid", EPERM_, 0);
	ck_assert(!sem_covers(&s, ARCH_X32));
	sem_free(&s);
	/* The same profile for aarch64 lists none of its family: aarch64 alone. */
	sem_compile(&s, allow_getpid_x86, "aarch64");
	ck_assert_uint_eq(s.res.table.narches, 1);
	DECIDES(&s, ARCH_AARCH64, "getpid", RET_ALLOW, 0);
	DECIDES(&s, ARCH_ARM, "getpid", RET_KILL_PROCESS, 0);
	DECIDES(&s, ARCH_X86, "getpid", RET_KILL_PROCESS, 0);
	sem_free(&s);
}
END_TEST

static const char arch_map_both[] =
	"{'defaultAction': 'SCMP_ACT_ERRNO', 'archMap': ["
	" {'architecture': 'SCMP_ARCH_AARCH64', 'subArchitectures': ['SCMP_ARCH_ARM']},"
	" {'architecture': 'SCMP_ARCH_X86_64',"
	"  'subArchitectures': ['SCMP_ARCH_X32', 'SCMP_ARCH_X86']}],"
	" 'syscalls': [{'names': ['getpid'], 'action': 'SCMP_ACT_ALLOW'}]}";

START_TEST(arch_map_entry_of_the_native_arch_adds_its_sub_architectures)
{
	struct sem s;
	sem_compile(&s, arch_map_both, "x86_64");
	/* Native first, then the entry's sub-arches in profile order. */
	ck_assert_uint_eq(s.res.table.narches, 3);
	ck_assert_int_eq(s.res.table.arches[0].arch->id, ARCH_X86_64);
	ck_assert_int_eq(s.res.table.arches[1].arch->id, ARCH_X32);
	ck_assert_int_eq(s.res.table.arches[2].arch->id, ARCH_X86);
	DECIDES(&s, ARCH_X86, "getpid", RET_ALLOW, 0);
	DECIDES(&s, ARCH_X32, "getpid", RET_ALLOW, 0);
	DECIDES(&s, ARCH_X32, "getppid", EPERM_, 0);
	DECIDES(&s, ARCH_ARM, "getpid", RET_KILL_PROCESS, 0);
	sem_free(&s);
	sem_compile(&s, arch_map_both, "aarch64");
	DECIDES(&s, ARCH_ARM, "getpid", RET_ALLOW, 0);
	DECIDES(&s, ARCH_AARCH64, "getpid", RET_ALLOW, 0);
	DECIDES(&s, ARCH_X86, "getpid", RET_KILL_PROCESS, 0);
	sem_free(&s);
}
END_TEST

START_TEST(arch_map_without_the_native_entry_gives_the_native_arch_alone)
{
	struct sem s;
	sem_compile(&s, "{'defaultAction': 'SCMP_ACT_ERRNO', 'archMap': [{'architecture': "
		    "'SCMP_ARCH_AARCH64', 'subArchitectures': ['SCMP_ARCH_ARM', 'SCMP_ARCH_X86']}],"
		    " 'syscalls': [{'names': ['getpid'], 'action': 'SCMP_ACT_ALLOW'}]}", "x86_64");
	ck_assert_uint_eq(s.res.table.narches, 1);
	DECIDES(&s, ARCH_X86_64, "getpid", RET_ALLOW, 0);
	DECIDES(&s, ARCH_X86, "getpid", RET_KILL_PROCESS, 0);
	DECIDES(&s, ARCH_X32, "getpid", RET_KILL_PROCESS, 0);
	sem_free(&s);
}
END_TEST

START_TEST(architectures_keep_the_members_of_the_targets_family)
{
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_ARM',"
		" 'SCMP_ARCH_X86', 'SCMP_ARCH_S390', 'SCMP_ARCH_AARCH64'],"
		" 'syscalls': [{'names': ['getpid'], 'action': 'SCMP_ACT_ALLOW'}]}";
	struct sem s;
	sem_compile(&s, json, "x86_64");
	ck_assert_uint_eq(s.res.table.narches, 2);
	DECIDES(&s, ARCH_X86, "getpid", RET_ALLOW, 0);
	DECIDES(&s, ARCH_ARM, "getpid", RET_KILL_PROCESS, 0);
	DECIDES_NR(&s, 0x00000016, 20, RET_KILL_PROCESS, 0);   /* s390 */
	sem_free(&s);
	sem_compile(&s, json, "aarch64");
	ck_assert_uint_eq(s.res.table.narches, 2);
	DECIDES(&s, ARCH_ARM, "getpid", RET_ALLOW, 0);
	DECIDES(&s, ARCH_X86, "getpid", RET_KILL_PROCESS, 0);
	sem_free(&s);
}
END_TEST

START_TEST(archmap_and_architectures_together_is_an_error)
{
	struct sem s;
	int status = sem_try(&s, "{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': "
			     "['SCMP_ARCH_X86'], 'archMap': [{'architecture': 'SCMP_ARCH_X86_64', "
			     "'subArchitectures': ['SCMP_ARCH_X86']}], 'syscalls': []}",
			     sem_opts("x86_64"), false);
	ck_assert_int_eq(status, 1);
	ck_assert_msg(strstr(diag_text(&s.diag), "archMap: found both \"archMap\" and "
			     "\"architectures\"; expected only one of them"),
		      "%s", diag_text(&s.diag));
	sem_free(&s);
}
END_TEST

START_TEST(foreign_arch_gets_the_bad_arch_action)
{
	struct sem s;
	/* Default: KILL_PROCESS; --bad-arch chooses another. */
	sem_compile(&s, allow_getpid_x86, "x86_64");
	DECIDES_NR(&s, AUDIT_AARCH64, 172, RET_KILL_PROCESS, 0);
	DECIDES_NR(&s, AUDIT_ARM, 20, RET_KILL_PROCESS, 0);
	sem_free(&s);
	struct compile_options co = sem_opts("aarch64");
	co.select.has_bad_arch = true;
	co.select.bad_arch_action = RET_ERRNO | 95;
	sem_compile_opts(&s, allow_getpid_x86, co);
	DECIDES_NR(&s, AUDIT_X86_64, 39, ERRNO(95), 0);
	DECIDES_NR(&s, AUDIT_X86, 20, ERRNO(95), 0);
	DECIDES_NR(&s, AUDIT_ARM, 20, ERRNO(95), 0);    /* arm is not in the profile */
	DECIDES(&s, ARCH_AARCH64, "getpid", RET_ALLOW, 0);
	sem_free(&s);
}
END_TEST

START_TEST(x86_64_numbers_from_2_30_up)
{
	static const char with_x32[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'defaultErrnoRet': 7, 'architectures': "
		"['SCMP_ARCH_X86', 'SCMP_ARCH_X32'], 'syscalls': [{'names': ['getpid'], "
		"'action': 'SCMP_ACT_ALLOW'}, {'names': ['getppid'], 'action': 'SCMP_ACT_TRAP'}]}";
	struct sem s;
	sem_compile(&s, with_x32, "x86_64");
	/* x32's numbers are x86_64's with bit 30: x32 decides them. */
	DECIDES_NR(&s, AUDIT_X86_64, X32 | 39, RET_ALLOW, 0);
	DECIDES_NR(&s, AUDIT_X86_64, X32 | 110, RET_TRAP, 0);
	DECIDES_NR(&s, AUDIT_X86_64, X32 | 38, ERRNO(7), 0);
	DECIDES_NR(&s, AUDIT_X86_64, 39, RET_ALLOW, 0);
	/* Above 2^31 no syscall lives: x32's default, -1 included. */
	DECIDES_NR(&s, AUDIT_X86_64, 0x80000000u | 39, ERRNO(7), 0);
	DECIDES_NR(&s, AUDIT_X86_64, 0xc0000000u | 39, ERRNO(7), 0);
	DECIDES_NR(&s, AUDIT_X86_64, 0xffffffffu, ERRNO(7), 0);
	/* x86 has no bit 30: large numbers are its own, default. */
	DECIDES_NR(&s, AUDIT_X86, X32 | 20, ERRNO(7), 0);
	sem_free(&s);
	/* Without x32: the bad-arch action, except -1 (a tracer's skipped
	 * syscall), which takes x86_64's default. */
	sem_compile(&s, allow_getpid_x86, "x86_64");
	DECIDES_NR(&s, AUDIT_X86_64, X32 | 39, RET_KILL_PROCESS, 0);
	DECIDES_NR(&s, AUDIT_X86_64, X32, RET_KILL_PROCESS, 0);
	DECIDES_NR(&s, AUDIT_X86_64, 0x80000000u, RET_KILL_PROCESS, 0);
	DECIDES_NR(&s, AUDIT_X86_64, 0xfffffffeu, RET_KILL_PROCESS, 0);
	DECIDES_NR(&s, AUDIT_X86_64, 0xffffffffu, EPERM_, 0);
	DECIDES_NR(&s, AUDIT_X86_64, X32 - 1, EPERM_, 0);
	DECIDES_NR(&s, AUDIT_X86, 0xffffffffu, EPERM_, 0);
	sem_free(&s);
}
END_TEST

/* ---- which rules apply --------------------------------------------------- */

START_TEST(includes_arches_must_list_the_native_arch)
{
	/* Matched against the native arch, also for the sub-arches' rules. */
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86', "
		"'SCMP_ARCH_ARM'], 'syscalls': ["
		"{'names': ['getpid'], 'action': 'SCMP_ACT_ALLOW', 'includes': {'arches': ['amd64']}},"
		"{'names': ['getppid'], 'action': 'SCMP_ACT_ALLOW', 'includes': {'arches': ['x86_64']}},"
		"{'names': ['gettid'], 'action': 'SCMP_ACT_ALLOW', 'includes': {'arches': ['386', 'x32']}},"
		"{'names': ['getuid'], 'action': 'SCMP_ACT_ALLOW',"
		" 'includes': {'arches': ['arm', 'arm64']}},"
		"{'names': ['getgid'], 'action': 'SCMP_ACT_ALLOW', 'includes': {'arches': []}}]}";
	struct sem s;
	sem_compile(&s, json, "x86_64");
	for (enum arch_id a = ARCH_X86_64; a <= ARCH_X86; a++) {
		DECIDES(&s, a, "getpid", RET_ALLOW, 0);
		DECIDES(&s, a, "getppid", RET_ALLOW, 0);   /* seccompc's name for it too */
		DECIDES(&s, a, "gettid", EPERM_, 0);       /* sub-arches are not native */
		DECIDES(&s, a, "getuid", EPERM_, 0);
		DECIDES(&s, a, "getgid", RET_ALLOW, 0);    /* empty: no condition */
	}
	sem_free(&s);
	sem_compile(&s, json, "aarch64");
	for (enum arch_id a = ARCH_AARCH64; a <= ARCH_ARM; a++) {
		DECIDES(&s, a, "getpid", EPERM_, 0);
		DECIDES(&s, a, "getuid", RET_ALLOW, 0);
		DECIDES(&s, a, "getgid", RET_ALLOW, 0);
	}
	sem_free(&s);
}
END_TEST

static const char caps_profile[] =
	"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86'], 'syscalls': ["
	"{'names': ['getpid'], 'action': 'SCMP_ACT_ALLOW', 'includes': {'caps': "
	"['CAP_SYS_ADMIN', 'CAP_SYS_PTRACE']}},"
	"{'names': ['getppid'], 'action': 'SCMP_ACT_ALLOW', 'excludes': {'caps': "
	"['CAP_SYS_ADMIN', 'CAP_SYS_PTRACE']}}]}";

/* caps_profile under the base set plus `add`: `name` decides `want` on x86_64 and x86. */
static void decides_with_caps(int line, const char *base, const char *const *add,
			      const char *name, uint32_t want)
{
	struct sem s;
	struct compile_options co = sem_opts("x86_64");
	sem_caps(&s, &co, base, add, NULL);
	sem_compile_opts(&s, caps_profile, co);
	sem_decides_name(line, &s, ARCH_X86_64, name, want, ARGS(0));
	sem_decides_name(line, &s, ARCH_X86, name, want, ARGS(0));
	sem_free(&s);
}

START_TEST(includes_caps_must_all_be_held)
{
	static const char *const one[] = { "CAP_SYS_ADMIN", NULL };
	static const char *const both[] = { "CAP_SYS_ADMIN", "sys_ptrace", NULL };
	decides_with_caps(__LINE__, "docker", one, "getpid", EPERM_);
	decides_with_caps(__LINE__, "none", both, "getpid", RET_ALLOW);
}
END_TEST

START_TEST(excludes_caps_drop_the_rule_when_any_is_held)
{
	static const char *const one[] = { "CAP_SYS_PTRACE", NULL };
	decides_with_caps(__LINE__, "none", NULL, "getppid", RET_ALLOW);
	decides_with_caps(__LINE__, "none", one, "getppid", EPERM_);
}
END_TEST

/* podman's socket rules: AF_NETLINK audit sockets, socket(16, 3, 9), are
 * allowed with CAP_AUDIT_WRITE (Docker's set has it) and refused with
 * EINVAL without it; AF_VSOCK (40) is refused either way. */
START_TEST(excludes_caps_drop_the_rule)
{
	static const char *const no_audit[] = { "CAP_AUDIT_WRITE", NULL };
	static const char *const audit[] = { "AUDIT_WRITE", NULL };
	char *podman = sem_corpus("podman-default.json");
	struct sem s;
	for (int with = 0; with < 4; with++) {
		struct compile_options co = sem_opts("x86_64");
		if (with == 1)
			sem_caps(&s, &co, "docker", NULL, no_audit);
		else if (with == 2)
			sem_caps(&s, &co, "none", audit, NULL);
		else if (with == 3)
			sem_caps(&s, &co, "none", NULL, NULL);
		sem_compile_opts(&s, podman, co);
		bool held = with == 0 || with == 2;
		for (enum arch_id a = ARCH_X86_64; a <= ARCH_X32; a++) {
			DECIDES(&s, a, "socket", held ? RET_ALLOW : ERRNO(22), 16, 3, 9);
			DECIDES(&s, a, "socket", RET_ALLOW, 16, 3, 0);
			DECIDES(&s, a, "socket", RET_ALLOW, 2, 1, 0);
			DECIDES(&s, a, "socket", EPERM_, 40, 1, 0);
		}
		sem_free(&s);
	}
	free(podman);
}
END_TEST

START_TEST(min_kernel_selects_by_version)
{
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86'], 'syscalls': ["
		"{'names': ['getpid'], 'action': 'SCMP_ACT_ALLOW', 'includes': {'minKernel': '4.10'}},"
		"{'names': ['getppid'], 'action': 'SCMP_ACT_ALLOW', 'excludes': {'minKernel': '4.10'}}]}";
	static const struct { unsigned major, minor; bool at_least; } kernels[] = {
		{ 4, 9, false }, { 4, 10, true }, { 4, 11, true }, { 3, 20, false }, { 5, 0, true },
	};
	for (size_t k = 0; k < sizeof kernels / sizeof kernels[0]; k++) {
		struct compile_options co = sem_opts("x86_64");
		co.select.kernel_major = kernels[k].major;
		co.select.kernel_minor = kernels[k].minor;
		struct sem s;
		sem_compile_opts(&s, json, co);
		for (enum arch_id a = ARCH_X86_64; a <= ARCH_X86; a++) {
			DECIDES(&s, a, "getpid", kernels[k].at_least ? RET_ALLOW : EPERM_, 0);
			DECIDES(&s, a, "getppid", kernels[k].at_least ? EPERM_ : RET_ALLOW, 0);
		}
		sem_free(&s);
	}
}
END_TEST

START_TEST(includes_every_condition_must_hold_excludes_any_drops)
{
	/* Each rule has one condition met and one not. */
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86'], 'syscalls': ["
		"{'names': ['getpid'], 'action': 'SCMP_ACT_ALLOW', 'includes': {'arches': ['amd64'],"
		" 'caps': ['CAP_CHOWN'], 'minKernel': '6.2'}},"
		"{'names': ['getppid'], 'action': 'SCMP_ACT_ALLOW', 'includes': {'arches': ['arm64'],"
		" 'caps': ['CAP_CHOWN'], 'minKernel': '6.1'}},"
		"{'names': ['gettid'], 'action': 'SCMP_ACT_ALLOW', 'includes': {'arches': ['amd64'],"
		" 'caps': ['CAP_CHOWN'], 'minKernel': '6.1'}},"
		"{'names': ['getuid'], 'action': 'SCMP_ACT_ALLOW', 'excludes': {'arches': ['arm64'],"
		" 'caps': ['CAP_SYS_ADMIN'], 'minKernel': '6.1'}},"
		"{'names': ['getgid'], 'action': 'SCMP_ACT_ALLOW', 'excludes': {'arches': ['amd64'],"
		" 'caps': ['CAP_SYS_ADMIN'], 'minKernel': '6.2'}},"
		"{'names': ['geteuid'], 'action': 'SCMP_ACT_ALLOW', 'excludes': {'arches': ['arm64'],"
		" 'caps': ['CAP_SYS_ADMIN'], 'minKernel': '6.2'}}]}";
	struct sem s;
	sem_compile(&s, json, "x86_64");   /* kernel 6.1, Docker's caps */
	for (enum arch_id a = ARCH_X86_64; a <= ARCH_X86; a++) {
		DECIDES(&s, a, "getpid", EPERM_, 0);
		DECIDES(&s, a, "getppid", EPERM_, 0);
		DECIDES(&s, a, "gettid", RET_ALLOW, 0);
		DECIDES(&s, a, "getuid", EPERM_, 0);
		DECIDES(&s, a, "getgid", EPERM_, 0);
		DECIDES(&s, a, "geteuid", RET_ALLOW, 0);
	}
	sem_free(&s);
}
END_TEST

START_TEST(excludes_arches_drop_the_rule)
{
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86', "
		"'SCMP_ARCH_ARM'], 'syscalls': ["
		"{'names': ['getpid'], 'action': 'SCMP_ACT_ALLOW', 'excludes': {'arches': ['amd64']}},"
		"{'names': ['getppid'], 'action': 'SCMP_ACT_ALLOW', 'excludes': {'arches': ['386']}}]}";
	struct sem s;
	sem_compile(&s, json, "x86_64");
	for (enum arch_id a = ARCH_X86_64; a <= ARCH_X86; a++) {
		DECIDES(&s, a, "getpid", EPERM_, 0);
		DECIDES(&s, a, "getppid", RET_ALLOW, 0);
	}
	sem_free(&s);
	sem_compile(&s, json, "aarch64");
	DECIDES(&s, ARCH_AARCH64, "getpid", RET_ALLOW, 0);
	DECIDES(&s, ARCH_ARM, "getpid", RET_ALLOW, 0);
	sem_free(&s);
}
END_TEST

START_TEST(capability_set_is_base_minus_dropped_plus_added)
{
	static const char *const add_admin[] = { "CAP_SYS_ADMIN", NULL };
	static const char *const drop_chown[] = { "CAP_CHOWN", NULL };
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86'], 'syscalls': ["
		"{'names': ['getpid'], 'action': 'SCMP_ACT_ALLOW', 'includes': {'caps': ['CAP_CHOWN']}},"
		"{'names': ['getppid'], 'action': 'SCMP_ACT_ALLOW',"
		" 'includes': {'caps': ['CAP_SYS_ADMIN']}},"
		"{'names': ['gettid'], 'action': 'SCMP_ACT_ALLOW', 'includes': {'caps': ['CAP_KILL']}},"
		"{'names': ['getuid'], 'action': 'SCMP_ACT_ALLOW', 'includes': {'caps': ['CAP_BPF']}}]}";
	static const struct {
		const char *base;
		const char *const *add, *const *drop;
		bool chown, admin, kill, bpf;
	} sets[] = {
		{ "docker", NULL, NULL, true, false, true, false },
		{ "docker", add_admin, drop_chown, false, true, true, false },
		{ "none", add_admin, NULL, false, true, false, false },
		{ "all", NULL, drop_chown, false, true, true, true },
	};
	for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
		struct sem s;
		struct compile_options co = sem_opts("x86_64");
		sem_caps(&s, &co, sets[i].base, sets[i].add, sets[i].drop);
		sem_compile_opts(&s, json, co);
		for (enum arch_id a = ARCH_X86_64; a <= ARCH_X86; a++) {
			DECIDES(&s, a, "getpid", sets[i].chown ? RET_ALLOW : EPERM_, 0);
			DECIDES(&s, a, "getppid", sets[i].admin ? RET_ALLOW : EPERM_, 0);
			DECIDES(&s, a, "gettid", sets[i].kill ? RET_ALLOW : EPERM_, 0);
			DECIDES(&s, a, "getuid", sets[i].bpf ? RET_ALLOW : EPERM_, 0);
		}
		sem_free(&s);
	}
	/* Added and dropped: an error, in either order. */
	struct cap_options o;
	char why[160];
	cap_options_init(&o);
	ck_assert(cap_options_apply(&o, CAP_OPT_DROP, "sys_admin", why, sizeof why));
	ck_assert(!cap_options_apply(&o, CAP_OPT_ADD, "CAP_SYS_ADMIN", why, sizeof why));
	ck_assert_str_eq(why, "--cap CAP_SYS_ADMIN: CAP_SYS_ADMIN is also dropped with --drop-cap");
	/* The order of the options does not matter. */
	struct cap_options p, q;
	cap_options_init(&p);
	cap_options_init(&q);
	ck_assert(cap_options_apply(&p, CAP_OPT_ADD, "CAP_BPF", why, sizeof why));
	ck_assert(cap_options_apply(&p, CAP_OPT_CAPS, "none", why, sizeof why));
	ck_assert(cap_options_apply(&q, CAP_OPT_CAPS, "none", why, sizeof why));
	ck_assert(cap_options_apply(&q, CAP_OPT_ADD, "CAP_BPF", why, sizeof why));
	ck_assert_uint_eq(p.set, q.set);
	ck_assert_uint_eq(p.set, UINT64_C(1) << cap_by_name("CAP_BPF"));
}
END_TEST

START_TEST(kernel_version_is_the_running_one_unless_given)
{
	struct utsname u;
	ck_assert_int_eq(uname(&u), 0);
	unsigned major = 0, minor = 0;
	ck_assert_int_eq(sscanf(u.release, "%u.%u", &major, &minor), 2);
	char json[512];
	snprintf(json, sizeof json,
		 "{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86'], 'syscalls': ["
		 "{'names': ['getpid'], 'action': 'SCMP_ACT_ALLOW', 'includes': {'minKernel': '%u.%u'}},"
		 "{'names': ['getppid'], 'action': 'SCMP_ACT_ALLOW', 'includes': {'minKernel': '%u.%u'}}]}",
		 major, minor, major, minor + 1);
	struct compile_options co = sem_opts("x86_64");
	co.select.kernel_major = co.select.kernel_minor = 0;
	struct sem s;
	sem_compile_opts(&s, json, co);
	ck_assert_uint_eq(s.res.table.kernel_major, major);
	ck_assert_uint_eq(s.res.table.kernel_minor, minor);
	for (enum arch_id a = ARCH_X86_64; a <= ARCH_X86; a++) {
		DECIDES(&s, a, "getpid", RET_ALLOW, 0);
		DECIDES(&s, a, "getppid", EPERM_, 0);
	}
	sem_free(&s);
	co.select.kernel_major = major;
	co.select.kernel_minor = minor + 1;
	sem_compile_opts(&s, json, co);
	DECIDES(&s, ARCH_X86, "getppid", RET_ALLOW, 0);
	sem_free(&s);
}
END_TEST

/* ---- names, numbers, errnos ---------------------------------------------- */

START_TEST(names_map_to_numbers_per_arch)
{
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86', "
		"'SCMP_ARCH_X32', 'SCMP_ARCH_ARM', 'SCMP_ARCH_S390'], 'syscalls': ["
		"{'names': ['read'], 'action': 'SCMP_ACT_ALLOW'},"
		"{'names': ['socket'], 'action': 'SCMP_ACT_TRAP'}]}";
	struct sem s;
	sem_compile(&s, json, "x86_64");
	/* read: 0 on x86_64, 3 on x86, 2^30 on x32; socket 41, 359, 2^30 + 41. */
	DECIDES_NR(&s, AUDIT_X86_64, 0, RET_ALLOW, 0);
	DECIDES_NR(&s, AUDIT_X86_64, 41, RET_TRAP, 0);
	DECIDES_NR(&s, AUDIT_X86_64, 3, EPERM_, 0);
	DECIDES_NR(&s, AUDIT_X86, 3, RET_ALLOW, 0);
	DECIDES_NR(&s, AUDIT_X86, 359, RET_TRAP, 0);
	DECIDES_NR(&s, AUDIT_X86, 0, EPERM_, 0);
	DECIDES_NR(&s, AUDIT_X86_64, X32, RET_ALLOW, 0);
	DECIDES_NR(&s, AUDIT_X86_64, X32 | 41, RET_TRAP, 0);
	sem_free(&s);
	/* read: 63 on aarch64, 3 on arm; socket 198, 281. */
	sem_compile(&s, json, "aarch64");
	DECIDES_NR(&s, AUDIT_AARCH64, 63, RET_ALLOW, 0);
	DECIDES_NR(&s, AUDIT_AARCH64, 198, RET_TRAP, 0);
	DECIDES_NR(&s, AUDIT_AARCH64, 0, EPERM_, 0);
	DECIDES_NR(&s, AUDIT_ARM, 3, RET_ALLOW, 0);
	DECIDES_NR(&s, AUDIT_ARM, 281, RET_TRAP, 0);
	sem_free(&s);
	/* s390x and s390: read 3, socket 359. */
	sem_compile(&s, json, "s390x");
	DECIDES_NR(&s, 0x80000016u, 3, RET_ALLOW, 0);
	DECIDES_NR(&s, 0x80000016u, 359, RET_TRAP, 0);
	DECIDES_NR(&s, 0x00000016u, 3, RET_ALLOW, 0);
	DECIDES_NR(&s, 0x00000016u, 359, RET_TRAP, 0);
	sem_free(&s);
}
END_TEST

START_TEST(unknown_names_warn_and_fail_under_strict)
{
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86'], 'syscalls': ["
		"{'names': ['getpid', 'getpdi'], 'action': 'SCMP_ACT_ALLOW'}]}";
	struct sem s;
	sem_compile(&s, json, "x86_64");
	ck_assert_msg(strstr(diag_text(&s.diag), "syscalls[0].names[1]: unknown syscall \"getpdi\"; "
			     "no architecture has it"), "%s", diag_text(&s.diag));
	DECIDES(&s, ARCH_X86_64, "getpid", RET_ALLOW, 0);   /* the rest still applies */
	DECIDES(&s, ARCH_X86, "getpid", RET_ALLOW, 0);
	sem_free(&s);
	ck_assert_int_eq(sem_try(&s, json, sem_opts("x86_64"), true), 1);
	ck_assert_msg(strstr(diag_text(&s.diag), "unknown syscall \"getpdi\""), "%s",
		      diag_text(&s.diag));
	sem_free(&s);
}
END_TEST

START_TEST(names_no_arch_of_the_filter_knows_are_skipped_silently)
{
	/* s390_runtime_instr is s390's only; socketcall x86's, not x86_64's;
	 * open is arm's, not aarch64's. */
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86', "
		"'SCMP_ARCH_ARM', 'SCMP_ARCH_S390'], 'syscalls': ["
		"{'names': ['s390_runtime_instr', 'socketcall', 'open', 'getpid'],"
		" 'action': 'SCMP_ACT_ALLOW'}]}";
	struct sem s;
	sem_compile(&s, json, "x86_64");
	ck_assert_str_eq(diag_text(&s.diag), "");
	DECIDES(&s, ARCH_X86, "socketcall", RET_ALLOW, 0);
	DECIDES(&s, ARCH_X86, "open", RET_ALLOW, 0);
	DECIDES(&s, ARCH_X86_64, "open", RET_ALLOW, 0);
	/* Only getpid and open on x86_64: every other number is the default's. */
	const struct arch_info *a = arch_get(ARCH_X86_64);
	for (size_t i = 0; i < a->nsyscalls; i++)
		if (a->nrs[i] != 39 && a->nrs[i] != 2)
			DECIDES_NR(&s, AUDIT_X86_64, a->nrs[i], EPERM_, 0);
	sem_free(&s);
	sem_compile(&s, json, "aarch64");
	ck_assert_str_eq(diag_text(&s.diag), "");
	DECIDES(&s, ARCH_ARM, "open", RET_ALLOW, 0);
	DECIDES(&s, ARCH_AARCH64, "getpid", RET_ALLOW, 0);
	a = arch_get(ARCH_AARCH64);
	for (size_t i = 0; i < a->nsyscalls; i++)
		if (a->nrs[i] != 172)
			DECIDES_NR(&s, AUDIT_AARCH64, a->nrs[i], EPERM_, 0);
	sem_free(&s);
	sem_compile(&s, json, "s390x");
	DECIDES(&s, ARCH_S390, "s390_runtime_instr", RET_ALLOW, 0);
	DECIDES(&s, ARCH_S390X, "s390_runtime_instr", RET_ALLOW, 0);
	sem_free(&s);
}
END_TEST

static const char errno_profile[] =
	"{'defaultAction': 'SCMP_ACT_ALLOW', 'architectures': ['%s'], 'syscalls': ["
	"{'names': ['getpid'], 'action': 'SCMP_ACT_ERRNO', 'errnoRet': 13},"
	"{'names': ['getppid'], 'action': 'SCMP_ACT_ERRNO', 'errno': 'ENOSYS'},"
	"{'names': ['gettid'], 'action': 'SCMP_ACT_ERRNO', 'errnoRet': 5, 'errno': 'ENOSYS'},"
	"{'names': ['getuid'], 'action': 'SCMP_ACT_ERRNO'},"
	"{'names': ['getgid'], 'action': 'SCMP_ACT_ERRNO', 'errno': 'EDEADLOCK'}]}";

START_TEST(errno_numbers_and_names_resolve_per_arch)
{
	/* errnoRet is the number; errno a name resolved per arch (ENOSYS 38,
	 * 89 on mips; EDEADLOCK 35, 56 on mips, 58 on powerpc); errnoRet wins
	 * over errno; neither: EPERM. */
	static const struct {
		const char *target, *sub;
		enum arch_id arches[2];
		unsigned enosys, edeadlock;
	} targets[] = {
		{ "x86_64", "SCMP_ARCH_X86", { ARCH_X86_64, ARCH_X86 }, 38, 35 },
		{ "mips64", "SCMP_ARCH_MIPS", { ARCH_MIPS64, ARCH_MIPS }, 89, 56 },
		{ "mipsel64", "SCMP_ARCH_MIPSEL64N32", { ARCH_MIPSEL64, ARCH_MIPSEL64N32 }, 89, 56 },
		{ "ppc64", "SCMP_ARCH_PPC", { ARCH_PPC64, ARCH_PPC }, 38, 58 },
	};
	for (size_t t = 0; t < sizeof targets / sizeof targets[0]; t++) {
		char json[1024];
		snprintf(json, sizeof json, errno_profile, targets[t].sub);
		struct sem s;
		sem_compile(&s, json, targets[t].target);
		for (int i = 0; i < 2; i++) {
			enum arch_id a = targets[t].arches[i];
			DECIDES(&s, a, "getpid", ERRNO(13), 0);
			DECIDES(&s, a, "getppid", ERRNO(targets[t].enosys), 0);
			DECIDES(&s, a, "gettid", ERRNO(5), 0);
			DECIDES(&s, a, "getuid", ERRNO(1), 0);
			DECIDES(&s, a, "getgid", ERRNO(targets[t].edeadlock), 0);
		}
		sem_free(&s);
	}
}
END_TEST

START_TEST(default_errno_resolves_likewise)
{
	static const struct { const char *fields; unsigned x86, mips; } defaults[] = {
		{ "'defaultErrnoRet': 13", 13, 13 },
		{ "'defaultErrno': 'ENOSYS'", 38, 89 },
		{ "'defaultErrnoRet': 5, 'defaultErrno': 'ENOSYS'", 5, 5 },
		{ "'defaultErrno': null", 1, 1 },
	};
	for (size_t d = 0; d < sizeof defaults / sizeof defaults[0]; d++) {
		char json[512];
		for (int fam = 0; fam < 2; fam++) {
			snprintf(json, sizeof json, "{'defaultAction': 'SCMP_ACT_ERRNO', %s, "
				 "'architectures': ['%s'], 'syscalls': [{'names': ['getpid'], "
				 "'action': 'SCMP_ACT_ALLOW'}]}", defaults[d].fields,
				 fam ? "SCMP_ARCH_MIPS" : "SCMP_ARCH_X86");
			struct sem s;
			sem_compile(&s, json, fam ? "mips64" : "x86_64");
			uint32_t want = ERRNO(fam ? defaults[d].mips : defaults[d].x86);
			enum arch_id a64 = fam ? ARCH_MIPS64 : ARCH_X86_64;
			enum arch_id a32 = fam ? ARCH_MIPS : ARCH_X86;
			DECIDES(&s, a64, "getppid", want, 0);
			DECIDES(&s, a32, "getppid", want, 0);
			DECIDES(&s, a32, "getpid", RET_ALLOW, 0);
			ck_assert_uint_eq(s.res.table.default_action, want);
			sem_free(&s);
		}
	}
}
END_TEST

START_TEST(trace_keeps_its_errnoRet)
{
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ALLOW', 'architectures': ['SCMP_ARCH_X86', 'SCMP_ARCH_MIPS'],"
		" 'syscalls': [{'names': ['getpid'], 'action': 'SCMP_ACT_TRACE', 'errnoRet': 1234},"
		"{'names': ['getppid'], 'action': 'SCMP_ACT_TRACE'},"
		"{'names': ['gettid'], 'action': 'SCMP_ACT_TRACE', 'errno': 'ENOSYS'}]}";
	struct sem s;
	sem_compile(&s, json, "x86_64");
	for (enum arch_id a = ARCH_X86_64; a <= ARCH_X86; a++) {
		DECIDES(&s, a, "getpid", RET_TRACE | 1234, 0);
		DECIDES(&s, a, "getppid", RET_TRACE | 1, 0);    /* EPERM, as runc */
		DECIDES(&s, a, "gettid", RET_TRACE | 38, 0);
	}
	sem_free(&s);
	sem_compile(&s, json, "mips64");
	DECIDES(&s, ARCH_MIPS, "gettid", RET_TRACE | 89, 0);
	DECIDES(&s, ARCH_MIPS64, "getpid", RET_TRACE | 1234, 0);
	sem_free(&s);
}
END_TEST

/* ---- how a syscall's rules decide ---------------------------------------- */

START_TEST(rules_equal_to_the_default_are_dropped)
{
	/* Kept, the first unconditional rule would decide ERRNO; dropped, the
	 * ALLOW after it does. Equality is per arch: errnoRet 38 is ENOSYS on
	 * x86, not on mips (89). */
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'defaultErrno': 'ENOSYS', 'architectures': "
		"['SCMP_ARCH_X86', 'SCMP_ARCH_MIPS'], 'syscalls': ["
		"{'names': ['getpid', 'getppid'], 'action': 'SCMP_ACT_ERRNO', 'errnoRet': 38},"
		"{'names': ['getpid'], 'action': 'SCMP_ACT_ALLOW'},"
		"{'names': ['getppid'], 'action': 'SCMP_ACT_TRAP', 'args': [{'index': 0, 'value': 1,"
		" 'op': 'SCMP_CMP_EQ'}]}]}";
	struct sem s;
	sem_compile(&s, json, "x86_64");
	for (enum arch_id a = ARCH_X86_64; a <= ARCH_X86; a++) {
		DECIDES(&s, a, "getpid", RET_ALLOW, 0);
		DECIDES(&s, a, "getppid", RET_TRAP, 1);
		DECIDES(&s, a, "getppid", ERRNO(38), 2);
	}
	sem_free(&s);
	sem_compile(&s, json, "mips64");
	for (enum arch_id a = ARCH_MIPS64; a <= ARCH_MIPS; a++) {
		if (a == ARCH_MIPS64N32)
			continue;
		DECIDES(&s, a, "getpid", ERRNO(38), 0);
		DECIDES(&s, a, "getppid", ERRNO(38), 1);
		DECIDES(&s, a, "gettid", ERRNO(89), 0);
	}
	sem_free(&s);
}
END_TEST

START_TEST(conditions_of_one_rule_are_anded)
{
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'],"
		" 'syscalls': [{'names': ['kill'], 'action': 'SCMP_ACT_ALLOW', 'args': ["
		"{'index': 0, 'value': 100, 'op': 'SCMP_CMP_GT'},"
		"{'index': 0, 'value': 200, 'op': 'SCMP_CMP_LT'}]},"   /* repeats: ORed */
		"{'names': ['tgkill'], 'action': 'SCMP_ACT_ALLOW', 'args': ["
		"{'index': 0, 'value': 100, 'op': 'SCMP_CMP_GT'},"
		"{'index': 1, 'value': 7, 'op': 'SCMP_CMP_EQ'},"
		"{'index': 2, 'value': 15, 'op': 'SCMP_CMP_NE'}]}]}";
	struct sem s;
	sem_compile(&s, json, "x86_64");
	for (enum arch_id a = ARCH_X86_64; a <= ARCH_X32; a++) {
		DECIDES(&s, a, "tgkill", RET_ALLOW, 101, 7, 9);
		DECIDES(&s, a, "tgkill", EPERM_, 100, 7, 9);
		DECIDES(&s, a, "tgkill", EPERM_, 101, 8, 9);
		DECIDES(&s, a, "tgkill", EPERM_, 101, 7, 15);
		DECIDES(&s, a, "tgkill", EPERM_, 0, 0, 15);
	}
	sem_free(&s);
}
END_TEST

START_TEST(repeated_index_splits_every_condition)
{
	/* args[0] == 1, args[0] == 2, args[1] == 3: any of them allows. */
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'],"
		" 'syscalls': [{'names': ['kill'], 'action': 'SCMP_ACT_ALLOW', 'args': ["
		"{'index': 0, 'value': 1, 'op': 'SCMP_CMP_EQ'},"
		"{'index': 0, 'value': 2, 'op': 'SCMP_CMP_EQ'},"
		"{'index': 1, 'value': 3, 'op': 'SCMP_CMP_EQ'}]}]}";
	struct sem s;
	sem_compile(&s, json, "x86_64");
	for (enum arch_id a = ARCH_X86_64; a <= ARCH_X32; a++) {
		DECIDES(&s, a, "kill", RET_ALLOW, 1, 0);
		DECIDES(&s, a, "kill", RET_ALLOW, 2, 9);
		DECIDES(&s, a, "kill", RET_ALLOW, 5, 3);
		DECIDES(&s, a, "kill", EPERM_, 5, 4);
		DECIDES(&s, a, "kill", EPERM_, 3, 0);
	}
	sem_free(&s);
	/* runc's test profile: process_vm_writev with pid 1337 or 2020 gets
	 * ERRNO(55), any other pid the default. */
	char *runc = sem_corpus("runc-syscall-test1.json");
	struct compile_options co = sem_opts("x86_64");
	sem_compile_opts(&s, runc, co);
	uint32_t dflt = s.res.table.default_action;
	DECIDES(&s, ARCH_X86_64, "process_vm_writev", ERRNO(55), 1337);
	DECIDES(&s, ARCH_X86_64, "process_vm_writev", ERRNO(55), 2020);
	DECIDES(&s, ARCH_X86_64, "process_vm_writev", dflt, 1338);
	sem_free(&s);
	sem_compile_opts(&s, runc, sem_opts("aarch64"));
	DECIDES(&s, ARCH_AARCH64, "process_vm_writev", ERRNO(55), 2020);
	DECIDES(&s, ARCH_AARCH64, "process_vm_writev", dflt, 0);
	sem_free(&s);
	free(runc);
}
END_TEST

START_TEST(first_unconditional_rule_decides)
{
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'],"
		" 'syscalls': ["
		"{'names': ['getpid'], 'action': 'SCMP_ACT_KILL_PROCESS', 'args': [{'index': 0,"
		" 'value': 7, 'op': 'SCMP_CMP_EQ'}]},"
		"{'names': ['getpid', 'getppid'], 'action': 'SCMP_ACT_ERRNO', 'errnoRet': 5},"
		"{'names': ['getpid', 'getppid'], 'action': 'SCMP_ACT_ALLOW'},"
		"{'names': ['getppid'], 'action': 'SCMP_ACT_KILL_PROCESS'},"
		"{'names': ['getppid'], 'action': 'SCMP_ACT_TRAP', 'args': [{'index': 0,"
		" 'value': 7, 'op': 'SCMP_CMP_EQ'}]}]}";
	struct sem s;
	sem_compile(&s, json, "x86_64");
	for (enum arch_id a = ARCH_X86_64; a <= ARCH_X32; a++) {
		DECIDES(&s, a, "getpid", ERRNO(5), 0);
		DECIDES(&s, a, "getpid", ERRNO(5), 7);
		DECIDES(&s, a, "getppid", ERRNO(5), 0);
		DECIDES(&s, a, "getppid", ERRNO(5), 7);
	}
	sem_free(&s);
}
END_TEST

START_TEST(most_restrictive_action_wins)
{
	/* Rule i holds when bit i of args[0] is set; written least restrictive
	 * first, so file order alone would give the wrong answer. */
	static const char *const actions[] = {
		"'SCMP_ACT_ALLOW'", "'SCMP_ACT_LOG'", "'SCMP_ACT_TRACE', 'errnoRet': 4",
		"'SCMP_ACT_NOTIFY'", "'SCMP_ACT_ERRNO', 'errnoRet': 3", "'SCMP_ACT_TRAP'",
		"'SCMP_ACT_KILL_THREAD'", "'SCMP_ACT_KILL_PROCESS'",
	};
	static const uint32_t rets[] = {
		RET_ALLOW, RET_LOG, RET_TRACE | 4, RET_USER_NOTIF, RET_ERRNO | 3, RET_TRAP,
		RET_KILL_THREAD, RET_KILL_PROCESS,
	};
	char json[4096];
	size_t len = (size_t)snprintf(json, sizeof json, "{'defaultAction': 'SCMP_ACT_ERRNO', "
				      "'architectures': ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'], "
				      "'listenerPath': '/run/l.sock', 'syscalls': [");
	for (int i = 0; i < 8; i++)
		len += (size_t)snprintf(json + len, sizeof json - len,
					"%s{'names': ['getpid'], 'action': %s, 'args': [{'index': 0, "
					"'value': %d, 'valueTwo': %d, 'op': 'SCMP_CMP_MASKED_EQ'}]}",
					i ? ", " : "", actions[i], 1 << i, 1 << i);
	snprintf(json + len, sizeof json - len, "]}");
	struct sem s;
	sem_compile(&s, json, "x86_64");
	for (enum arch_id a = ARCH_X86_64; a <= ARCH_X32; a++) {
		DECIDES(&s, a, "getpid", EPERM_, 0);
		uint32_t nr = (uint32_t)arch_syscall_nr(arch_get(a), "getpid");
		for (uint64_t bits = 1; bits < 256; bits++) {
			int top = 7;
			while (!(bits & (1u << top)))
				top--;
			/* The kernel too for one rule and for it with all less
			 * restrictive ones. */
			if (bits == 1u << top || bits == (2u << top) - 1)
				DECIDES(&s, a, "getpid", rets[top], bits);
			else
				DECIDES_NR(&s, arch_get(a)->audit_arch, nr, rets[top], bits);
		}
	}
	sem_free(&s);
}
END_TEST

START_TEST(first_in_file_order_wins_within_a_class)
{
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ALLOW', 'architectures': ['SCMP_ARCH_X86'], 'syscalls': ["
		"{'names': ['getpid'], 'action': 'SCMP_ACT_ERRNO', 'errnoRet': 3, 'args': [{'index': 1,"
		" 'value': 1, 'op': 'SCMP_CMP_EQ'}]},"
		"{'names': ['getpid', 'getppid'], 'action': 'SCMP_ACT_ERRNO', 'errnoRet': 4, 'args': "
		"[{'index': 0, 'value': 1, 'op': 'SCMP_CMP_EQ'}]},"
		"{'names': ['getppid'], 'action': 'SCMP_ACT_ERRNO', 'errnoRet': 3, 'args': [{'index': 1,"
		" 'value': 1, 'op': 'SCMP_CMP_EQ'}]},"
		"{'names': ['getpid', 'getppid'], 'action': 'SCMP_ACT_TRACE', 'errnoRet': 9, 'args': "
		"[{'index': 2, 'value': 1, 'op': 'SCMP_CMP_EQ'}]},"
		"{'names': ['getpid', 'getppid'], 'action': 'SCMP_ACT_TRACE', 'errnoRet': 8, 'args': "
		"[{'index': 2, 'value': 1, 'op': 'SCMP_CMP_GE'}]}]}";
	struct sem s;
	sem_compile(&s, json, "x86_64");
	for (enum arch_id a = ARCH_X86_64; a <= ARCH_X86; a++) {
		DECIDES(&s, a, "getpid", ERRNO(3), 1, 1);
		DECIDES(&s, a, "getppid", ERRNO(4), 1, 1);
		DECIDES(&s, a, "getpid", ERRNO(4), 1, 0);
		DECIDES(&s, a, "getppid", ERRNO(3), 0, 1, 1);
		DECIDES(&s, a, "getpid", RET_TRACE | 9, 0, 0, 1);
		DECIDES(&s, a, "getpid", RET_TRACE | 8, 0, 0, 2);
		DECIDES(&s, a, "getpid", RET_ALLOW, 0, 0, 0);
	}
	sem_free(&s);
}
END_TEST

/* ---- no multiplexer magic ------------------------------------------------- */

START_TEST(socket_rules_do_not_cover_socketcall)
{
	static const char json[] =
		"{'defaultAction': 'SCMP_ACT_ERRNO', 'architectures': ['SCMP_ARCH_X86'],"
		" 'syscalls': [{'names': ['socket'], 'action': 'SCMP_ACT_ALLOW', 'args': [{'index': 0,"
		" 'value': 2, 'op': 'SCMP_CMP_EQ'}]},"
		"{'names': ['ipc'], 'action': 'SCMP_ACT_TRAP'}]}";
	struct sem s;
	sem_compile(&s, json, "x86_64");
	DECIDES(&s, ARCH_X86, "socket", RET_ALLOW, 2);
	DECIDES(&s, ARCH_X86, "socketcall", EPERM_, 1, 0);   /* SYS_SOCKET */
	DECIDES(&s, ARCH_X86, "socketcall", EPERM_, 2, 0);
	DECIDES(&s, ARCH_X86, "ipc", RET_TRAP, 1);
	DECIDES(&s, ARCH_X86, "semget", EPERM_, 1);
	DECIDES(&s, ARCH_X86_64, "socket", RET_ALLOW, 2);
	DECIDES(&s, ARCH_X86_64, "semget", EPERM_, 1);
	sem_free(&s);
}
END_TEST

static Suite *semantics_suite(void)
{
	Suite *s = suite_create("semantics");
	TCase *t;
	t = tcase_create("which arches a filter covers");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, filter_always_covers_the_native_arch);
	tcase_add_test(t, arch_map_entry_of_the_native_arch_adds_its_sub_architectures);
	tcase_add_test(t, arch_map_without_the_native_entry_gives_the_native_arch_alone);
	tcase_add_test(t, architectures_keep_the_members_of_the_targets_family);
	tcase_add_test(t, archmap_and_architectures_together_is_an_error);
	tcase_add_test(t, foreign_arch_gets_the_bad_arch_action);
	tcase_add_test(t, x86_64_numbers_from_2_30_up);
	suite_add_tcase(s, t);
	t = tcase_create("which rules apply");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, includes_arches_must_list_the_native_arch);
	tcase_add_test(t, includes_caps_must_all_be_held);
	tcase_add_test(t, excludes_caps_drop_the_rule_when_any_is_held);
	tcase_add_test(t, excludes_caps_drop_the_rule);
	tcase_add_test(t, min_kernel_selects_by_version);
	tcase_add_test(t, includes_every_condition_must_hold_excludes_any_drops);
	tcase_add_test(t, excludes_arches_drop_the_rule);
	tcase_add_test(t, capability_set_is_base_minus_dropped_plus_added);
	tcase_add_test(t, kernel_version_is_the_running_one_unless_given);
	suite_add_tcase(s, t);
	t = tcase_create("names, numbers, errnos");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, names_map_to_numbers_per_arch);
	tcase_add_test(t, unknown_names_warn_and_fail_under_strict);
	tcase_add_test(t, names_no_arch_of_the_filter_knows_are_skipped_silently);
	tcase_add_test(t, errno_numbers_and_names_resolve_per_arch);
	tcase_add_test(t, default_errno_resolves_likewise);
	tcase_add_test(t, trace_keeps_its_errnoRet);
	suite_add_tcase(s, t);
	t = tcase_create("how a syscall's rules decide");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, rules_equal_to_the_default_are_dropped);
	tcase_add_test(t, conditions_of_one_rule_are_anded);
	tcase_add_test(t, repeated_index_splits_every_condition);
	tcase_add_test(t, first_unconditional_rule_decides);
	tcase_add_test(t, most_restrictive_action_wins);
	tcase_add_test(t, first_in_file_order_wins_within_a_class);
	suite_add_tcase(s, t);
	t = tcase_create("no multiplexer magic");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, socket_rules_do_not_cover_socketcall);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(semantics_suite());
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? 1 : 0;
}
