/*
 * test_blocklist.c - the block list of the agent profiles (issue 11,
 * docs/profiles.md), proven twice for profiles/default.json and
 * profiles/restrictive.json under four capability sets (none, Docker's,
 * CAP_SYS_ADMIN alone, all):
 *
 *  - by simulation: the compiled filter (arguments compared as the kernel
 *    reads them, and as whole registers, --arg-width register, the way
 *    libseccomp compares), run by the BPF simulator on every
 *    arch of every family the profiles cover, refuses every block-list
 *    syscall the arch has with EPERM, answers clone3 with the arch's ENOSYS,
 *    lets unshare and setns through only with CAP_SYS_ADMIN, and decides
 *    the argument checks (socket families, clone flags, personality, ioctl
 *    requests, mknod modes) as documented, high-bit variants included;
 *  - in the kernel (x86_64 hosts): each call made for real in a forked
 *    child under the filter, natively and as x86 through int $0x80, and
 *    once without a filter. The arguments are harmless: unfiltered, every
 *    call fails (bad pointers, bad descriptors, invalid flags) before doing
 *    anything, and the test checks that it does, so a missing filter would
 *    do no damage and the filter's answer is told apart from the kernel's.
 *    The same again with --arg-width register, and with the filters
 *    libseccomp makes from the same JSON
 *    (bench/libseccomp_baseline.c, the way runc does; $LIBSECCOMP_BASELINE,
 *    where libseccomp is installed): the profiles hold under an independent
 *    compiler that compares all 64 bits of every argument.
 *
 * The list here is written from the issue, not read from the profiles or
 * from tools/gen-profiles.py, so that neither can drift alone.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "caps.h"
#include "compile.h"
#include "run_command.h"
#include "testlib.h"

#define SECCOMP_RET_ERRNO_(e) (0x00050000u | (uint32_t)(e))
#define RET_ALLOW 0x7fff0000u
#define HIGH (1ull << 32)

/* ---- what the profiles promise -------------------------------------------- */

static const char *const block_list[] = {
	"ptrace", "process_vm_readv", "process_vm_writev", "mount", "umount", "umount2",
	"pivot_root", "chroot", "init_module", "finit_module", "delete_module",
	"create_module", "query_module", "reboot", "kexec_load", "kexec_file_load", "syslog",
	"_sysctl", "bpf", "perf_event_open", "keyctl", "add_key", "request_key", "iopl",
	"ioperm", "acct", "settimeofday", "stime", "clock_settime", "clock_settime64",
	"swapon", "swapoff", "quotactl", "quotactl_fd", "lookup_dcookie", "userfaultfd",
	"kcmp", "vm86", "vm86old", "nfsservctl", "afs_syscall", "break", "ftime", "getpmsg",
	"gtty", "lock", "mpx", "prof", "profil", "putpmsg", "security", "stty", "tuxcall",
	"ulimit", "vserver",
};
enum { NBLOCK = sizeof block_list / sizeof block_list[0] };

enum profile_id { DEFAULT, RESTRICTIVE, NPROFILES };
static const char *const profile_files[] = { "default.json", "restrictive.json" };

/* How a call is decided (see expected()). */
enum rule {
	BLOCKED,          /* EPERM whatever the capabilities */
	ADMIN_ONLY,       /* EPERM unless CAP_SYS_ADMIN (unshare, setns) */
	CLONE3,           /* ENOSYS; default: through with CAP_SYS_ADMIN */
	CLONE_NS,         /* EPERM; default: through with CAP_SYS_ADMIN */
	TTY_EIO,          /* EIO (terminal input injection) */
	RESTRICTIVE_EIO,  /* restrictive EIO, default through (TIOCSETD) */
	RESTRICTIVE_EPERM,/* restrictive EPERM, default through (device nodes, families) */
	RESTRICTIVE_HIGH, /* restrictive EPERM; default: a family it allows, with high bits,
			   * which it refuses or lets through as the compiler compares
			   * (all 64 bits, or the 32 the kernel reads): not checked there */
	SOCKETCALL,       /* ENOSYS */
	THROUGH,          /* the kernel decides */
};

/* Capability sets the profiles are compiled for. */
enum caps_id { CAPS_NONE, CAPS_DOCKER, CAPS_ADMIN, CAPS_ALL, NCAPS };
static const char *const caps_names[] = { "--caps none", "Docker's", "CAP_SYS_ADMIN alone",
					  "all capabilities" };

static bool has_admin(enum caps_id c)
{
	return c == CAPS_ADMIN || c == CAPS_ALL;
}

/* The errno the filter answers, 0 when the call goes through, -1 when either
 * is right. `enosys` is the arch's ENOSYS (89 on mips). */
static int expected(enum rule r, enum profile_id p, enum caps_id c, int enosys)
{
	switch (r) {
	case BLOCKED: return EPERM;
	case ADMIN_ONLY: return has_admin(c) ? 0 : EPERM;
	case CLONE3: return p == DEFAULT && has_admin(c) ? 0 : enosys;
	case CLONE_NS: return p == DEFAULT && has_admin(c) ? 0 : EPERM;
	case TTY_EIO: return EIO;
	case RESTRICTIVE_EIO: return p == RESTRICTIVE ? EIO : 0;
	case RESTRICTIVE_EPERM: return p == RESTRICTIVE ? EPERM : 0;
	case RESTRICTIVE_HIGH: return p == RESTRICTIVE ? EPERM : -1;
	case SOCKETCALL: return enosys;
	case THROUGH: return 0;
	}
	return -1;
}

static const char *profile_path(const char *name)
{
	static char path[4096];
	const char *src = getenv("SRCDIR");
	snprintf(path, sizeof path, "%s/profiles/%s", src ? src : "..", name);
	return path;
}

/* Compiles a shipped profile for `target` (NULL: the host) and a capability set. */
static struct compile_result compile_for(enum profile_id p, const char *target, enum caps_id c,
					 bool enosys_newer, bool register_width,
					 struct arena *arena)
{
	struct compile_options co;
	memset(&co, 0, sizeof co);
	co.verify = true;
	co.select.kernel_major = 6;
	co.select.kernel_minor = 1;
	co.select.enosys_newer = enosys_newer;
	co.select.register_width = register_width;
	if (target)
		co.select.target = arch_by_name(target);
	static const char *names[CAP_COUNT];
	switch (c) {
	case CAPS_NONE: cap_select(&co.select, 0, names); break;
	case CAPS_DOCKER: break;
	case CAPS_ADMIN:
		cap_select(&co.select, UINT64_C(1) << cap_by_name("CAP_SYS_ADMIN"), names);
		break;
	case CAPS_ALL: cap_select(&co.select, CAP_SET_ALL, names); break;
	default: break;
	}
	struct diag diag;
	diag_init(&diag, profile_files[p]);
	struct compile_result res;
	int rc = compile_profile_file(profile_path(profile_files[p]), &co, arena, &diag, &res);
	ck_assert_msg(rc == 0, "%s for %s: %s", profile_files[p], target ? target : "the host",
		      diag_text(&diag));
	diag_fini(&diag);
	return res;
}

/* ---- simulation: every family, every arch the profiles cover -------------- */

static const char *const natives[] = { "x86_64", "aarch64", "riscv64", "s390x", "ppc64le",
				       "ppc64", "mipsel64", "mips64", "loongarch64" };
/* The arches each family's filter covers (the profiles' archMap; no x32). */
static const char *const covered[][4] = {
	{ "x86_64", "x86" }, { "aarch64", "arm" }, { "riscv64" }, { "s390x", "s390" },
	{ "ppc64le" }, { "ppc64" }, { "mipsel64", "mipsel", "mipsel64n32" },
	{ "mips64", "mips", "mips64n32" }, { "loongarch64" },
};

static uint32_t simulate(const struct bpf_prog *prog, const struct arch_info *a, const char *name,
			 const uint64_t args[6])
{
	int64_t nr = arch_syscall_nr(a, name);
	ck_assert_msg(nr >= 0, "%s has no %s", a->name, name);
	struct bpf_input in = { .nr = (int32_t)nr, .arch = a->audit_arch,
				.big_endian = a->big_endian };
	memcpy(in.args, args, sizeof in.args);
	return bpf_simulate(prog, &in).action;
}

static uint32_t want_action(int err)
{
	return err ? SECCOMP_RET_ERRNO_(err) : RET_ALLOW;
}

/* What one profile, compiled for one capability set, is checked in. */
struct sim_ctx {
	const struct bpf_prog *prog;
	const struct arch_info *arch;
	enum profile_id profile;
	enum caps_id caps;
};

/* The filter answers errno `err` (0: lets it through) to syscall(args). */
static void check_sim(const struct sim_ctx *x, const char *name, const uint64_t args[6], int err)
{
	if (err < 0)
		return;
	uint32_t got = simulate(x->prog, x->arch, name, args);
	ck_assert_msg(got == want_action(err),
		      "%s (%s): %s(%#llx, %#llx, %#llx) on %s: %#x, expected %#x",
		      profile_files[x->profile], caps_names[x->caps], name,
		      (unsigned long long)args[0], (unsigned long long)args[1],
		      (unsigned long long)args[2], x->arch->name, got, want_action(err));
}
#define ARGS(...) ((const uint64_t[6]){ __VA_ARGS__ })

static const uint64_t ns_flags[] = { 0x20000, 0x2000000, 0x4000000, 0x8000000, 0x10000000,
				     0x20000000, 0x40000000 };

/* The argument checks on one arch: socket families, socketcall, clone's
 * namespace flags (second argument on s390), personality, ioctl requests and
 * mknod modes, with high bits set where arguments are 64 bits wide. */
static void check_arguments(const struct sim_ctx *x)
{
	const struct arch_info *a = x->arch;
	enum profile_id p = x->profile;
	enum caps_id c = x->caps;
	int enosys = arch_errno_nr(a, "ENOSYS");
	bool mips = a->errnos == ERRNO_MIPS, s390 = a->native == ARCH_S390X;
	uint64_t high[] = { 0, a->is64 ? HIGH : 0, a->is64 ? 0xffffffff00000000ull : 0 };
	for (size_t h = 0; h < 3; h++) {
		uint64_t hi = high[h];
		/* socket: AF_ALG and AF_VSOCK refused; restrictive: only AF_UNIX,
		 * AF_INET, AF_INET6, and netlink for routing and diagnostics */
		check_sim(x, "socket", ARGS( hi | 40, 1 ), EPERM);
		check_sim(x, "socket", ARGS( hi | 38, 5 ), EPERM);
		enum rule r = hi ? RESTRICTIVE_HIGH : RESTRICTIVE_EPERM;
		check_sim(x, "socket", ARGS( hi | 17, 3 ), expected(r, p, c, enosys));
		check_sim(x, "socket", ARGS( 16, 3, hi | 9 ), expected(r, p, c, enosys));
		for (size_t i = 0; i < sizeof ns_flags / sizeof ns_flags[0]; i++) {
			uint64_t flags = hi | ns_flags[i] | 0x11;   /* | SIGCHLD */
			uint64_t args[6] = { 0 };
			args[s390 ? 1 : 0] = flags;
			check_sim(x, "clone", args, expected(CLONE_NS, p, c, enosys));
		}
		check_sim(x, "personality", ARGS( hi | 0x0400000 ), EPERM);
		check_sim(x, "personality", ARGS( hi | 0x6 ), EPERM);
		uint64_t sti = mips ? 0x5472 : 0x5412, linux_ = mips ? 0x5483 : 0x541c,
			 setd = mips ? 0x7401 : 0x5423;
		check_sim(x, "ioctl", ARGS( 0, hi | sti ), EIO);
		check_sim(x, "ioctl", ARGS( 0, hi | linux_ ), EIO);
		check_sim(x, "ioctl", ARGS( 0, hi | setd ),
			  expected(RESTRICTIVE_EIO, p, c, enosys));
		for (uint64_t dev = 0x2000; dev <= 0x6000; dev += 0x4000) {   /* S_IFCHR, S_IFBLK */
			uint64_t mode = hi | 0x10000 | dev | 0600;
			if (arch_syscall_nr(a, "mknod") >= 0)
				check_sim(x, "mknod", ARGS( 0, mode ),
					  expected(RESTRICTIVE_EPERM, p, c, enosys));
			check_sim(x, "mknodat", ARGS( 0, 0, mode ),
				  expected(RESTRICTIVE_EPERM, p, c, enosys));
		}
	}
	/* what goes through: the checks are not refusals of everything */
	check_sim(x, "socket", ARGS( 2, 1 ), 0);
	check_sim(x, "socket", ARGS( 10, 2 ), 0);
	check_sim(x, "socket", ARGS( 16, 3, 0 ), 0);
	uint64_t thread[6] = { 0 };
	thread[s390 ? 1 : 0] = 0x3d0f00;   /* what pthread_create passes */
	check_sim(x, "clone", thread, 0);
	check_sim(x, "personality", ARGS( 0xffffffff ), 0);
	check_sim(x, "ioctl", ARGS( 0, 0x5401 ), 0);
	check_sim(x, "mknodat", ARGS( 0, 0, 0x1000 | 0600 ), 0);
	if (arch_syscall_nr(a, "socketcall") >= 0)
		check_sim(x, "socketcall", ARGS( 1 ),
			  expected(SOCKETCALL, p, c, enosys));
}

static void check_family(enum profile_id p, size_t family, enum caps_id c, bool enosys_newer,
			 bool register_width)
{
	struct arena arena;
	arena_init(&arena);
	struct compile_result res = compile_for(p, natives[family], c, enosys_newer,
						register_width, &arena);
	size_t ncovered = 0;
	while (ncovered < 4 && covered[family][ncovered])
		ncovered++;
	ck_assert_msg(res.table.narches == ncovered, "%s for %s covers %zu arches, expected %zu",
		      profile_files[p], natives[family], res.table.narches, ncovered);
	for (size_t i = 0; i < ncovered; i++) {
		const struct arch_info *a = arch_by_name(covered[family][i]);
		ck_assert_ptr_nonnull(a);
		ck_assert_ptr_eq(res.table.arches[i].arch, a);
		struct sim_ctx x = { &res.prog, a, p, c };
		int enosys = arch_errno_nr(a, "ENOSYS");
		static const uint64_t argsets[][6] = {
			{ 0 }, { 1, 1, 1, 1, 1, 1 },
			{ ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull },
		};
		size_t checked = 0;
		for (size_t b = 0; b < NBLOCK; b++) {
			if (arch_syscall_nr(a, block_list[b]) < 0)
				continue;
			for (size_t s = 0; s < 3; s++)
				check_sim(&x, block_list[b], argsets[s], EPERM);
			checked++;
		}
		ck_assert_uint_gt(checked, 20);
		for (size_t s = 0; s < 3; s++) {
			check_sim(&x, "unshare", argsets[s],
				  expected(ADMIN_ONLY, p, c, enosys));
			check_sim(&x, "setns", argsets[s],
				  expected(ADMIN_ONLY, p, c, enosys));
			check_sim(&x, "clone3", argsets[s],
				  expected(CLONE3, p, c, enosys));
		}
		check_sim(&x, "clock_adjtime", argsets[0], 0);
		if (a->native == ARCH_X86_64)   /* kept for Wine in default only */
			check_sim(&x, "modify_ldt", argsets[0], p == DEFAULT ? 0 : EPERM);
		check_arguments(&x);
	}
	arena_free(&arena);
}

/* _i: profile, capability set, and how arguments are compared (the bits the
 * kernel reads, seccompc's default, or whole registers as libseccomp does:
 * the profiles must hold under both). */
START_TEST(block_list_holds_on_every_arch_by_simulation)
{
	enum profile_id p = (enum profile_id)(_i % NPROFILES);
	enum caps_id c = (enum caps_id)(_i / NPROFILES % NCAPS);
	bool register_width = _i / (NPROFILES * NCAPS) != 0;
	for (size_t f = 0; f < sizeof natives / sizeof natives[0]; f++)
		check_family(p, f, c, false, register_width);
}
END_TEST

/* With --enosys-newer (runc's ENOSYS stub, by number and by age) the block
 * list still answers EPERM: the profiles name every block-list syscall. */
START_TEST(block_list_holds_with_enosys_newer)
{
	for (size_t f = 0; f < sizeof natives / sizeof natives[0]; f++)
		check_family((enum profile_id)_i, f, CAPS_DOCKER, true, false);
}
END_TEST

/* ---- the kernel: real calls in forked children (x86_64 hosts) ------------- */

#if defined(__x86_64__)

/* One call with harmless arguments: unfiltered it fails as `why` says. */
struct probe {
	const char *name;
	uint64_t args[6];
	enum rule rule;
	const char *why;
};

#define P(name, rule, why, ...) { name, { __VA_ARGS__ }, rule, why }
static const struct probe probes[] = {
	P("ptrace", BLOCKED, "no such pid", 2 /* PEEKDATA */, 0x3fffffff),
	P("process_vm_readv", BLOCKED, "bad iovec pointer", 0x3fffffff, 1, 1),
	P("process_vm_writev", BLOCKED, "bad iovec pointer", 0x3fffffff, 1, 1),
	P("mount", BLOCKED, "bad string pointers", 1, 1, 1),
	P("umount", BLOCKED, "bad path pointer", 1),
	P("umount2", BLOCKED, "bad path pointer", 1),
	P("pivot_root", BLOCKED, "bad path pointers", 1, 1),
	P("chroot", BLOCKED, "bad path pointer", 1),
	P("init_module", BLOCKED, "an image of length 0", 1, 0, 1),
	P("finit_module", BLOCKED, "bad descriptor", (uint64_t)-1, 1),
	P("delete_module", BLOCKED, "bad name pointer", 1),
	P("create_module", BLOCKED, "not implemented", 1),
	P("query_module", BLOCKED, "not implemented", 1),
	P("reboot", BLOCKED, "wrong magic numbers", 0, 0, 0),
	P("kexec_load", BLOCKED, "invalid flags and too many segments", 0, 0xffff, 0, 0x100),
	P("kexec_file_load", BLOCKED, "invalid flags", (uint64_t)-1, (uint64_t)-1, 0, 0,
	  0x40000000),
	P("syslog", BLOCKED, "invalid action", 9999),
	P("_sysctl", BLOCKED, "not implemented", 1),
	P("bpf", BLOCKED, "invalid command", 0xffff),
	P("perf_event_open", BLOCKED, "invalid flags", 0, 0, (uint64_t)-1, (uint64_t)-1,
	  0xffffff00),
	P("keyctl", BLOCKED, "invalid operation", 9999),
	P("add_key", BLOCKED, "bad type pointer", 1, 1),
	P("request_key", BLOCKED, "bad type pointer", 1, 1),
	P("iopl", BLOCKED, "level above 3", 4),
	P("ioperm", BLOCKED, "ports past the bitmap", 0x10000, 1, 0),
	P("acct", BLOCKED, "bad path pointer", 1),
	P("settimeofday", BLOCKED, "bad pointer", 1),
	P("stime", BLOCKED, "bad pointer", 1),
	P("clock_settime", BLOCKED, "invalid clock", 99, 1),
	P("clock_settime64", BLOCKED, "invalid clock", 99, 1),
	P("swapon", BLOCKED, "invalid flags", 1, 0x40000000),
	P("swapoff", BLOCKED, "bad path pointer", 1),
	P("quotactl", BLOCKED, "invalid quota type", 0xff, 1),
	P("quotactl_fd", BLOCKED, "invalid quota type, bad descriptor", (uint64_t)-1, 0xff),
	P("lookup_dcookie", BLOCKED, "no cookie", 0, 0, 0),
	P("userfaultfd", BLOCKED, "invalid flags", 0xff1),
	P("kcmp", BLOCKED, "no such pids", 0x3fffffff, 0x3fffffff, 99),
	P("vm86", BLOCKED, "not on 64-bit kernels", 1),
	P("vm86old", BLOCKED, "not on 64-bit kernels", 1),
	P("nfsservctl", BLOCKED, "not implemented", 1),
	P("afs_syscall", BLOCKED, "not implemented", 0),
	P("break", BLOCKED, "not implemented", 0),
	P("ftime", BLOCKED, "not implemented", 0),
	P("getpmsg", BLOCKED, "not implemented", 0),
	P("gtty", BLOCKED, "not implemented", 0),
	P("lock", BLOCKED, "not implemented", 0),
	P("mpx", BLOCKED, "not implemented", 0),
	P("prof", BLOCKED, "not implemented", 0),
	P("profil", BLOCKED, "not implemented", 0),
	P("putpmsg", BLOCKED, "not implemented", 0),
	P("security", BLOCKED, "not implemented", 0),
	P("stty", BLOCKED, "not implemented", 0),
	P("tuxcall", BLOCKED, "not implemented", 0),
	P("ulimit", BLOCKED, "not implemented", 0),
	P("vserver", BLOCKED, "not implemented", 0),
	P("unshare", ADMIN_ONLY, "CLONE_NEWUSER with an invalid flag", 0x10000001),
	P("setns", ADMIN_ONLY, "bad descriptor", (uint64_t)-1, 0x40000000),
	P("clone3", CLONE3, "no clone_args", 0, 0),
	/* argument checks, each with an invalid argument that makes the kernel refuse */
	P("socket", BLOCKED, "AF_VSOCK, invalid type", 40, 15),
	P("socket", BLOCKED, "AF_VSOCK with high bits, invalid type", HIGH | 40, 15),
	P("socket", BLOCKED, "AF_ALG, invalid type", 38, 15),
	P("socket", RESTRICTIVE_EPERM, "AF_PACKET, invalid type", 17, 15),
	P("socket", RESTRICTIVE_HIGH, "AF_PACKET with high bits", HIGH | 17, 15),
	P("socket", RESTRICTIVE_EPERM, "NETLINK_AUDIT, invalid type", 16, 15, 9),
	P("socket", RESTRICTIVE_HIGH, "NETLINK_AUDIT with high bits", 16, 15, HIGH | 9),
	P("socket", THROUGH, "AF_INET, invalid type", 2, 15),
	P("socket", THROUGH, "AF_UNIX, invalid type", 1, 15),
	P("socket", THROUGH, "NETLINK_ROUTE, invalid type", 16, 15, 0),
	P("clone", CLONE_NS, "CLONE_NEWUSER|CLONE_THREAD without CLONE_SIGHAND", 0x10010000),
	P("clone", CLONE_NS, "the same with high bits", HIGH | 0x10010000),
	P("clone", CLONE_NS, "CLONE_NEWNS|CLONE_THREAD", 0x00030000),
	P("clone", CLONE_NS, "CLONE_NEWCGROUP|CLONE_THREAD", 0x02010000),
	P("clone", CLONE_NS, "CLONE_NEWUTS|CLONE_THREAD", 0x04010000),
	P("clone", CLONE_NS, "CLONE_NEWIPC|CLONE_THREAD", 0x08010000),
	P("clone", CLONE_NS, "CLONE_NEWPID|CLONE_THREAD", 0x20010000),
	P("clone", CLONE_NS, "CLONE_NEWNET|CLONE_THREAD with high bits", HIGH | 0x40010000),
	P("clone", THROUGH, "CLONE_THREAD without CLONE_SIGHAND", 0x00010000),
	/* personality has no harmless failure: a refused persona would be set in
	 * the throwaway child, which exits */
	P("personality", BLOCKED, "READ_IMPLIES_EXEC (in the child only)", 0x0400000),
	P("personality", BLOCKED, "the same with high bits", HIGH | 0x0400000),
	P("personality", BLOCKED, "PER_BSD (in the child only)", 0x6),
	P("personality", THROUGH, "the query", 0xffffffff),
	P("ioctl", TTY_EIO, "TIOCSTI on a bad descriptor", (uint64_t)-1, 0x5412),
	P("ioctl", TTY_EIO, "TIOCSTI with high bits", (uint64_t)-1, HIGH | 0x5412),
	P("ioctl", TTY_EIO, "TIOCLINUX on a bad descriptor", (uint64_t)-1, 0x541c),
	P("ioctl", TTY_EIO, "TIOCLINUX with high bits", (uint64_t)-1, HIGH | 0x541c),
	P("ioctl", RESTRICTIVE_EIO, "TIOCSETD on a bad descriptor", (uint64_t)-1, 0x5423),
	P("ioctl", RESTRICTIVE_EIO, "TIOCSETD with high bits", (uint64_t)-1, HIGH | 0x5423),
	P("ioctl", THROUGH, "TCGETS on a bad descriptor", (uint64_t)-1, 0x5401),
	P("mknod", RESTRICTIVE_EPERM, "a character device, bad path pointer", 1, 0x2000 | 0600),
	P("mknod", RESTRICTIVE_EPERM, "a block device with high mode bits", 1,
	  HIGH | 0x10000 | 0x6000 | 0600),
	P("mknod", THROUGH, "a FIFO, bad path pointer", 1, 0x1000 | 0600),
	P("mknodat", RESTRICTIVE_EPERM, "a character device, bad path pointer", (uint64_t)-100, 1,
	  0x2000 | 0600),
	P("mknodat", THROUGH, "a regular file, bad path pointer", (uint64_t)-100, 1, 0600),
	P("socketcall", SOCKETCALL, "SYS_SOCKET with a NULL argument block", 1, 0),
};
enum { NPROBES = sizeof probes / sizeof probes[0] };

/* Whether an unfiltered call's outcome shows it did nothing: it failed, or
 * it is a personality change in a child that exits. */
static bool harmless(const struct probe *pr, const struct child_outcome *o)
{
	return o->exited && (o->ret == -1 || strcmp(pr->name, "personality") == 0);
}

struct kernel_case {
	const struct probe *pr;
	bool ia32;
	long nr;
	struct child_outcome control;   /* what the kernel alone says */
};

static size_t kernel_cases(struct kernel_case *out, size_t max, bool ia32)
{
	const struct arch_info *a = arch_by_name(ia32 ? "x86" : "x86_64");
	size_t n = 0;
	for (size_t i = 0; i < NPROBES && n < max; i++) {
		const struct probe *pr = &probes[i];
		bool high = false;
		for (size_t k = 0; k < 6; k++)
			high |= (pr->args[k] >> 32) != 0 && pr->args[k] != (uint64_t)-1;
		int64_t nr = arch_syscall_nr(a, pr->name);
		if (nr < 0 || (ia32 && high))
			continue;   /* the arch lacks it; int $0x80 has no high bits */
		out[n++] = (struct kernel_case){ .pr = pr, .ia32 = ia32, .nr = (long)nr };
	}
	return n;
}

static struct child_outcome run_case(const struct bpf_prog *prog, const struct kernel_case *k)
{
	return k->ia32 ? run_ia32_syscall_filtered(prog, k->nr, k->pr->args)
		       : run_syscall_filtered(prog, k->nr, k->pr->args);
}

/* The filter libseccomp makes of a shipped profile for this host and a
 * capability set; false, after a message, when there is no baseline. */
static bool libseccomp_filter(enum profile_id p, enum caps_id c, struct arena *arena,
			      struct bpf_prog *out)
{
	const char *baseline = getenv("LIBSECCOMP_BASELINE");
	if (!baseline || !*baseline) {
		fprintf(stderr, "test_blocklist: no libseccomp here (LIBSECCOMP_BASELINE unset): "
			"the filters it makes are not tried\n");
		return false;
	}
	char path[] = "/tmp/blocklist-libseccomp-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	char *argv[16 + 2 * CAP_COUNT];
	size_t n = 0;
	argv[n++] = (char *)baseline;
	argv[n++] = "--runs";
	argv[n++] = "0";
	if (c == CAPS_NONE) {
		argv[n++] = "--caps";
		argv[n++] = "none";
	}
	if (c == CAPS_ADMIN) {
		argv[n++] = "--cap";
		argv[n++] = "CAP_SYS_ADMIN";
	}
	for (int i = 0; c == CAPS_ALL && i < CAP_COUNT; i++) {
		argv[n++] = "--cap";
		argv[n++] = (char *)cap_name(i);
	}
	argv[n++] = (char *)profile_path(profile_files[p]);
	argv[n++] = "-o";
	argv[n++] = path;
	argv[n] = NULL;
	static struct run r;
	ck_assert_msg(run(&r, argv) == 0, "libseccomp_baseline %s: %s", profile_files[p], r.err);
	struct diag diag;
	diag_init(&diag, path);
	struct buf raw;
	buf_init(&raw);
	bool ok = read_file(path, &raw, &diag) &&
		  bpf_read_raw(raw.data, raw.len, false, arena, out, &diag);
	ck_assert_msg(ok, "%s", diag_text(&diag));
	buf_free(&raw);
	diag_fini(&diag);
	unlink(path);
	return true;
}

/* Which compiler made the filter. */
enum compiler { SECCOMPC, SECCOMPC_REGISTER_WIDTH, LIBSECCOMP };
static const char *const compiler_names[] = { "", "(--arg-width register) ",
					      "libseccomp's " };

/* The kernel alone: every call fails harmlessly; each case keeps what the
 * kernel said, which a call the filter lets through must get again. */
static void run_controls(struct kernel_case *cases, size_t n, bool ia32)
{
	size_t same_as_filter = 0;
	for (size_t i = 0; i < n; i++) {
		struct kernel_case *k = &cases[i];
		k->control = run_case(NULL, k);
		ck_assert_msg(harmless(k->pr, &k->control),
			      "%s %s (%s) did not fail without a filter: ret %ld, errno %d",
			      ia32 ? "x86" : "x86_64", k->pr->name, k->pr->why, k->control.ret,
			      k->control.err);
		if (k->control.err == EPERM && k->pr->rule != THROUGH)
			same_as_filter++;
	}
	if (same_as_filter)
		fprintf(stderr, "test_blocklist: %zu %s calls answer EPERM without a filter too "
			"(not root, or a locked-down kernel): for those, EPERM under the filter "
			"does not show which refused\n", same_as_filter, ia32 ? "x86" : "x86_64");
}

static void check_in_kernel(bool ia32, enum compiler which)
{
	static struct kernel_case cases[NPROBES];
	size_t n = kernel_cases(cases, sizeof cases / sizeof cases[0], ia32);
	size_t blocked = 0;
	for (size_t i = 0; i < n; i++)
		blocked += cases[i].pr->rule == BLOCKED;
	ck_assert_uint_gt(blocked, 40);
	run_controls(cases, n, ia32);
	for (int p = 0; p < NPROFILES; p++) {
		for (int c = 0; c < NCAPS; c++) {
			struct arena arena;
			arena_init(&arena);
			struct bpf_prog prog;
			if (which != LIBSECCOMP) {
				prog = compile_for((enum profile_id)p, NULL, (enum caps_id)c, false,
						   which == SECCOMPC_REGISTER_WIDTH, &arena).prog;
			} else if (!libseccomp_filter((enum profile_id)p, (enum caps_id)c, &arena,
						      &prog)) {
				arena_free(&arena);
				return;
			}
			for (size_t i = 0; i < n; i++) {
				const struct kernel_case *k = &cases[i];
				int want = expected(k->pr->rule, (enum profile_id)p, (enum caps_id)c,
						    ENOSYS);
				if (want < 0)
					continue;
				struct child_outcome o = run_case(&prog, k);
				ck_assert(o.installed);
				ck_assert_msg(o.exited, "%s%s, %s: %s %s (%s): killed by signal %d",
					      compiler_names[which],
					      profile_files[p], caps_names[c], ia32 ? "x86" : "x86_64",
					      k->pr->name, k->pr->why, o.signal);
				if (want) {
					ck_assert_msg(o.ret == -1 && o.err == want,
						      "%s%s, %s: %s %s (%s): ret %ld errno %d, expected "
						      "errno %d", compiler_names[which],
						      profile_files[p], caps_names[c],
						      ia32 ? "x86" : "x86_64", k->pr->name, k->pr->why,
						      o.ret, o.err, want);
				} else {
					ck_assert_msg(o.ret == k->control.ret &&
						      o.err == k->control.err,
						      "%s%s, %s: %s %s (%s) should reach the kernel: ret "
						      "%ld errno %d, unfiltered ret %ld errno %d",
						      compiler_names[which],
						      profile_files[p], caps_names[c],
						      ia32 ? "x86" : "x86_64", k->pr->name, k->pr->why,
						      o.ret, o.err, k->control.ret, k->control.err);
				}
			}
			arena_free(&arena);
		}
	}
}

START_TEST(block_list_refused_by_the_kernel_on_x86_64)
{
	check_in_kernel(false, (enum compiler)_i);
}
END_TEST

START_TEST(block_list_refused_by_the_kernel_through_int80)
{
	if (!ia32_available("block_list_refused_by_the_kernel_through_int80"))
		return;
	check_in_kernel(true, (enum compiler)_i);
}
END_TEST
#endif

static Suite *blocklist_suite(void)
{
	Suite *s = suite_create("blocklist");
	TCase *t = tcase_create("simulation");
	tcase_add_loop_test(t, block_list_holds_on_every_arch_by_simulation, 0, 2 * NPROFILES * NCAPS);
	tcase_add_loop_test(t, block_list_holds_with_enosys_newer, 0, NPROFILES);
	tcase_set_timeout(t, 120);
	suite_add_tcase(s, t);
#if defined(__x86_64__)
	TCase *k = tcase_create("kernel");
	tcase_add_loop_test(k, block_list_refused_by_the_kernel_on_x86_64, SECCOMPC,
			    LIBSECCOMP + 1);
	tcase_add_loop_test(k, block_list_refused_by_the_kernel_through_int80, SECCOMPC,
			    LIBSECCOMP + 1);
	tcase_set_timeout(k, 240);
	suite_add_tcase(s, k);
#endif
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(blocklist_suite());
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
