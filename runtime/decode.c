/*
 * decode.c - a traced program's syscall arguments as safe text (see decode.h).
 *
 * Constants come from the host's own headers: open flags, socket types and
 * ioctl numbers differ between arches, so only calls of the host's native
 * arch are decoded.
 */
#include "decode.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <termios.h>

char *text_escape(const void *data, size_t n, char *out, size_t size)
{
	const unsigned char *p = data;
	size_t len = 0;
	if (size == 0)
		return out;
	for (size_t i = 0; i < n; i++) {
		char e[5];
		unsigned char c = p[i];
		if (c == '\\' || c == '"')
			snprintf(e, sizeof e, "\\%c", c);
		else if (c == '\n')
			snprintf(e, sizeof e, "\\n");
		else if (c == '\t')
			snprintf(e, sizeof e, "\\t");
		else if (c == '\r')
			snprintf(e, sizeof e, "\\r");
		else if (c == 0x1b)
			snprintf(e, sizeof e, "\\e");
		else if (c < 0x20 || c >= 0x7f)
			snprintf(e, sizeof e, "\\x%02x", c);
		else
			e[0] = (char)c, e[1] = '\0';
		size_t el = strlen(e);
		if (len + el + 4 > size && i + 1 < n) {   /* keep room for "..." */
			if (len + 4 <= size)
				memcpy(out + len, "...", 3), len += 3;
			break;
		}
		if (len + el + 1 > size)
			break;
		memcpy(out + len, e, el);
		len += el;
	}
	out[len] = '\0';
	return out;
}

/* Text appended to a fixed buffer; what does not fit is cut. */
struct text {
	char *p;
	size_t size, len;
};

static void put(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct text *t, const char *fmt, ...)
{
	if (t->len + 1 >= t->size)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(t->p + t->len, t->size - t->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len = t->len + (size_t)n < t->size ? t->len + (size_t)n : t->size - 1;
}

struct name {
	uint64_t value;
	const char *name;
};
#define N(x) { (uint64_t)(x), #x }

/* The value among names, or NULL. */
static const char *name_of(uint64_t v, const struct name *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (names[i].value == v)
			return names[i].name;
	return NULL;
}

/* Flags as NAME|NAME|0xrest ("0" for none). A flag of several bits is
 * named only when all of them are set (list those before their parts). */
static void put_flags(struct text *t, uint64_t v, const struct name *flags, size_t n)
{
	bool any = false;
	for (size_t i = 0; i < n; i++)
		if (flags[i].value && (v & flags[i].value) == flags[i].value) {
			put(t, "%s%s", any ? "|" : "", flags[i].name);
			v &= ~flags[i].value;
			any = true;
		}
	if (v || !any)
		put(t, "%s%#llx", any ? "|" : "", (unsigned long long)v);
}

static const struct name signals[] = {
	N(SIGHUP), N(SIGINT), N(SIGQUIT), N(SIGILL), N(SIGTRAP), N(SIGABRT), N(SIGBUS),
	N(SIGFPE), N(SIGKILL), N(SIGUSR1), N(SIGSEGV), N(SIGUSR2), N(SIGPIPE), N(SIGALRM),
	N(SIGTERM), N(SIGCHLD), N(SIGCONT), N(SIGSTOP), N(SIGTSTP), N(SIGTTIN), N(SIGTTOU),
	N(SIGURG), N(SIGXCPU), N(SIGXFSZ), N(SIGVTALRM), N(SIGPROF), N(SIGWINCH), N(SIGIO),
	N(SIGPWR), N(SIGSYS),
};
#define COUNT(a) (sizeof (a) / sizeof (a)[0])

static void put_signal(struct text *t, uint64_t v)
{
	const char *s = name_of(v, signals, COUNT(signals));
	if (s)
		put(t, "%s", s);
	else if (v >= (uint64_t)SIGRTMIN && v <= (uint64_t)SIGRTMAX)
		put(t, "SIGRTMIN+%d", (int)v - SIGRTMIN);
	else
		put(t, "%d", (int)(uint32_t)v);
}

/* Namespace flags: what unshare and setns take (CLONE_NEWTIME shares its
 * bit with clone's exit signal). */
static const struct name ns_flags[] = {
	N(CLONE_NEWNS), N(CLONE_NEWCGROUP), N(CLONE_NEWUTS), N(CLONE_NEWIPC), N(CLONE_NEWUSER),
	N(CLONE_NEWPID), N(CLONE_NEWNET), { 0x80, "CLONE_NEWTIME" },
	N(CLONE_FS), N(CLONE_FILES), N(CLONE_SYSVSEM), N(CLONE_SIGHAND), N(CLONE_VM),
	N(CLONE_THREAD),
};

static const struct name clone_flags[] = {
	N(CLONE_VM), N(CLONE_FS), N(CLONE_FILES), N(CLONE_SIGHAND), { 0x1000, "CLONE_PIDFD" },
	N(CLONE_PTRACE), N(CLONE_VFORK), N(CLONE_PARENT), N(CLONE_THREAD), N(CLONE_NEWNS),
	N(CLONE_SYSVSEM), N(CLONE_SETTLS), N(CLONE_PARENT_SETTID), N(CLONE_CHILD_CLEARTID),
	N(CLONE_DETACHED), N(CLONE_UNTRACED), N(CLONE_CHILD_SETTID), N(CLONE_NEWCGROUP),
	N(CLONE_NEWUTS), N(CLONE_NEWIPC), N(CLONE_NEWUSER), N(CLONE_NEWPID), N(CLONE_NEWNET),
	N(CLONE_IO), { 0x100000000ull, "CLONE_CLEAR_SIGHAND" }, { 0x200000000ull, "CLONE_INTO_CGROUP" },
};

/* clone's flags: the low byte is the exit signal. */
static void put_clone_flags(struct text *t, uint64_t v)
{
	uint64_t sig = v & 0xff;
	if (v & ~UINT64_C(0xff))
		put_flags(t, v & ~UINT64_C(0xff), clone_flags, COUNT(clone_flags));
	if (sig) {
		if (v & ~UINT64_C(0xff))
			put(t, "|");
		put_signal(t, sig);
	} else if (!(v & ~UINT64_C(0xff))) {
		put(t, "0");
	}
}

static const struct name sock_domains[] = {
	N(AF_UNSPEC), N(AF_UNIX), N(AF_INET), N(AF_INET6), N(AF_NETLINK), N(AF_PACKET),
	N(AF_APPLETALK), N(AF_X25), N(AF_AX25), N(AF_IPX), N(AF_KEY), N(AF_BLUETOOTH),
	N(AF_CAN), N(AF_TIPC), N(AF_ALG), N(AF_VSOCK), N(AF_RDS), N(AF_LLC), N(AF_IB),
	N(AF_MPLS), N(AF_NFC), N(AF_QIPCRTR), N(AF_SMC), N(AF_XDP),
#ifdef AF_MCTP
	N(AF_MCTP),
#endif
};

static const struct name sock_types[] = {
	N(SOCK_STREAM), N(SOCK_DGRAM), N(SOCK_RAW), N(SOCK_RDM), N(SOCK_SEQPACKET),
	N(SOCK_DCCP), N(SOCK_PACKET),
};
static const struct name sock_type_flags[] = { N(SOCK_NONBLOCK), N(SOCK_CLOEXEC) };

static void put_sock_type(struct text *t, uint64_t v)
{
	uint64_t flags = v & (uint64_t)(SOCK_NONBLOCK | SOCK_CLOEXEC);
	const char *type = name_of(v & ~flags, sock_types, COUNT(sock_types));
	if (type)
		put(t, "%s", type);
	else
		put(t, "%#llx", (unsigned long long)(v & ~flags));
	if (flags) {
		put(t, "|");
		put_flags(t, flags, sock_type_flags, COUNT(sock_type_flags));
	}
}

/* Several bits before their parts: O_TMPFILE holds O_DIRECTORY, O_SYNC
 * holds O_DSYNC. */
static const struct name open_flags[] = {
	N(O_TMPFILE), N(O_SYNC), N(O_CREAT), N(O_EXCL), N(O_NOCTTY), N(O_TRUNC), N(O_APPEND),
	N(O_NONBLOCK), N(O_DSYNC), N(O_DIRECTORY), N(O_NOFOLLOW), N(O_CLOEXEC), N(O_DIRECT),
	N(O_NOATIME), N(O_PATH), { FASYNC, "O_ASYNC" },
};

static void put_open_flags(struct text *t, uint64_t v)
{
	static const char *const access[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };
	put(t, "%s", access[v & O_ACCMODE]);
	v &= ~(uint64_t)O_ACCMODE;
	if (v) {
		put(t, "|");
		put_flags(t, v, open_flags, COUNT(open_flags));
	}
}

static const struct name ioctls[] = {
	N(TCGETS), N(TCSETS), N(TCSETSW), N(TCSETSF), N(TCGETA), N(TCSETA), N(TCSBRK), N(TCXONC),
	N(TCFLSH), N(TIOCEXCL), N(TIOCNXCL), N(TIOCSCTTY), N(TIOCGPGRP), N(TIOCSPGRP),
	N(TIOCOUTQ), N(TIOCSTI), N(TIOCGWINSZ), N(TIOCSWINSZ), N(TIOCMGET), N(TIOCMSET),
	N(FIONREAD), N(TIOCLINUX), N(TIOCCONS), N(FIONBIO), N(TIOCNOTTY), N(TIOCSETD),
	N(TIOCGETD), N(TIOCGSID), N(TIOCGPTN), N(TIOCSPTLCK), N(FIONCLEX), N(FIOCLEX),
	N(FIOASYNC),
#ifdef TIOCGPTPEER
	N(TIOCGPTPEER),
#endif
	N(FICLONE), N(FICLONERANGE), N(FIDEDUPERANGE), N(FS_IOC_GETFLAGS), N(FS_IOC_SETFLAGS),
	N(FIFREEZE), N(FITHAW), N(BLKGETSIZE64), N(BLKSSZGET),
};

static void put_ioctl(struct text *t, uint64_t v)
{
	uint32_t req = (uint32_t)v;
	const char *s = name_of(req, ioctls, COUNT(ioctls));
	if (s) {
		put(t, "%s", s);
		return;
	}
	unsigned dir = _IOC_DIR(req), type = _IOC_TYPE(req), nr = _IOC_NR(req), size = _IOC_SIZE(req);
	if (dir == _IOC_NONE && size == 0) {
		put(t, "%#x", req);
		return;
	}
	const char *d = dir == (_IOC_READ | _IOC_WRITE) ? "_IOC_READ|_IOC_WRITE" :
			dir == _IOC_READ ? "_IOC_READ" : dir == _IOC_WRITE ? "_IOC_WRITE" : "_IOC_NONE";
	if (type >= 0x21 && type < 0x7f && type != '\'' && type != '\\')
		put(t, "_IOC(%s, '%c', %#x, %u)", d, type, nr, size);
	else
		put(t, "_IOC(%s, %#x, %#x, %u)", d, type, nr, size);
}

static const struct name prctls[] = {
	N(PR_SET_PDEATHSIG), N(PR_GET_PDEATHSIG), N(PR_GET_DUMPABLE), N(PR_SET_DUMPABLE),
	N(PR_GET_UNALIGN), N(PR_SET_UNALIGN), N(PR_GET_KEEPCAPS), N(PR_SET_KEEPCAPS),
	N(PR_GET_FPEMU), N(PR_SET_FPEMU), N(PR_GET_FPEXC), N(PR_SET_FPEXC), N(PR_GET_TIMING),
	N(PR_SET_TIMING), N(PR_SET_NAME), N(PR_GET_NAME), N(PR_GET_ENDIAN), N(PR_SET_ENDIAN),
	N(PR_GET_SECCOMP), N(PR_SET_SECCOMP), N(PR_CAPBSET_READ), N(PR_CAPBSET_DROP),
	N(PR_GET_TSC), N(PR_SET_TSC), N(PR_GET_SECUREBITS), N(PR_SET_SECUREBITS),
	N(PR_SET_TIMERSLACK), N(PR_GET_TIMERSLACK), N(PR_TASK_PERF_EVENTS_DISABLE),
	N(PR_TASK_PERF_EVENTS_ENABLE), N(PR_MCE_KILL), N(PR_MCE_KILL_GET), N(PR_SET_MM),
	N(PR_SET_PTRACER), N(PR_SET_CHILD_SUBREAPER), N(PR_GET_CHILD_SUBREAPER),
	N(PR_SET_NO_NEW_PRIVS), N(PR_GET_NO_NEW_PRIVS), N(PR_GET_TID_ADDRESS),
	N(PR_SET_THP_DISABLE), N(PR_GET_THP_DISABLE), N(PR_SET_FP_MODE), N(PR_GET_FP_MODE),
	N(PR_CAP_AMBIENT), N(PR_GET_SPECULATION_CTRL), N(PR_SET_SPECULATION_CTRL),
#ifdef PR_SET_TAGGED_ADDR_CTRL
	N(PR_SET_TAGGED_ADDR_CTRL), N(PR_GET_TAGGED_ADDR_CTRL),
#endif
#ifdef PR_SET_IO_FLUSHER
	N(PR_SET_IO_FLUSHER), N(PR_GET_IO_FLUSHER),
#endif
#ifdef PR_SET_SYSCALL_USER_DISPATCH
	N(PR_SET_SYSCALL_USER_DISPATCH),
#endif
#ifdef PR_SCHED_CORE
	N(PR_SCHED_CORE),
#endif
	{ 0x53564d41, "PR_SET_VMA" }, { 59, "PR_SET_MDWE" }, { 60, "PR_GET_MDWE" },
	{ 67, "PR_SET_MEMORY_MERGE" }, { 68, "PR_GET_MEMORY_MERGE" }, { 71, "PR_GET_AUXV" },
};

static const struct name personas[] = {
	N(PER_LINUX), N(PER_SVR4), N(PER_SVR3), N(PER_SCOSVR3), N(PER_OSR5), N(PER_WYSEV386),
	N(PER_ISCR4), N(PER_BSD), N(PER_SUNOS), N(PER_XENIX), N(PER_LINUX32), N(PER_LINUX32_3GB),
	N(PER_IRIX32), N(PER_IRIXN32), N(PER_IRIX64), N(PER_RISCOS), N(PER_SOLARIS), N(PER_UW7),
	N(PER_OSF4), N(PER_HPUX),
};
static const struct name persona_flags[] = {
	N(UNAME26), N(ADDR_NO_RANDOMIZE), N(FDPIC_FUNCPTRS), N(MMAP_PAGE_ZERO),
	N(ADDR_COMPAT_LAYOUT), N(READ_IMPLIES_EXEC), N(ADDR_LIMIT_32BIT), N(SHORT_INODE),
	N(WHOLE_SECONDS), N(STICKY_TIMEOUTS), N(ADDR_LIMIT_3GB),
};

static void put_personality(struct text *t, uint64_t v)
{
	uint32_t p = (uint32_t)v;
	if (p == 0xffffffffu) {
		put(t, "0xffffffff (query)");
		return;
	}
	/* The whole value first: PER_LINUX32_3GB and friends carry flag bits. */
	const char *whole = name_of(p, personas, COUNT(personas));
	if (whole) {
		put(t, "%s", whole);
		return;
	}
	const char *base = name_of(p & PER_MASK, personas, COUNT(personas));
	if (base)
		put(t, "%s", base);
	else
		put(t, "%#x", p & PER_MASK);
	if (p & ~(uint32_t)PER_MASK) {
		put(t, "|");
		put_flags(t, p & ~(uint32_t)PER_MASK, persona_flags, COUNT(persona_flags));
	}
}

enum arg_kind {
	A_HEX, A_INT, A_UINT, A_FD, A_DIRFD, A_STR, A_MODE, A_CLONE, A_CLONE3, A_NS, A_SIGNAL,
	A_DOMAIN, A_SOCKTYPE, A_IOCTL, A_OPEN, A_PRCTL, A_PERSONA,
};

struct call {
	const char *name;
	unsigned nargs;
	enum arg_kind args[6];
};

/* Sorted by name (bsearch). */
static const struct call calls[] = {
	{ "access", 2, { A_STR, A_MODE } },
	{ "chdir", 1, { A_STR } },
	{ "chmod", 2, { A_STR, A_MODE } },
	{ "chown", 3, { A_STR, A_INT, A_INT } },
	{ "chroot", 1, { A_STR } },
#if defined(__s390__) || defined(__s390x__)
	{ "clone", 5, { A_HEX, A_CLONE, A_HEX, A_HEX, A_HEX } },
#else
	{ "clone", 5, { A_CLONE, A_HEX, A_HEX, A_HEX, A_HEX } },
#endif
	{ "clone3", 2, { A_CLONE3, A_UINT } },
	{ "creat", 2, { A_STR, A_MODE } },
	{ "execve", 3, { A_STR, A_HEX, A_HEX } },
	{ "execveat", 5, { A_DIRFD, A_STR, A_HEX, A_HEX, A_HEX } },
	{ "faccessat", 3, { A_DIRFD, A_STR, A_MODE } },
	{ "faccessat2", 4, { A_DIRFD, A_STR, A_MODE, A_HEX } },
	{ "fchmodat", 3, { A_DIRFD, A_STR, A_MODE } },
	{ "fchownat", 5, { A_DIRFD, A_STR, A_INT, A_INT, A_HEX } },
	{ "ioctl", 3, { A_FD, A_IOCTL, A_HEX } },
	{ "kill", 2, { A_INT, A_SIGNAL } },
	{ "lchown", 3, { A_STR, A_INT, A_INT } },
	{ "link", 2, { A_STR, A_STR } },
	{ "linkat", 5, { A_DIRFD, A_STR, A_DIRFD, A_STR, A_HEX } },
	{ "lstat", 2, { A_STR, A_HEX } },
	{ "mkdir", 2, { A_STR, A_MODE } },
	{ "mkdirat", 3, { A_DIRFD, A_STR, A_MODE } },
	{ "mknod", 3, { A_STR, A_MODE, A_HEX } },
	{ "mknodat", 4, { A_DIRFD, A_STR, A_MODE, A_HEX } },
	{ "mount", 5, { A_STR, A_STR, A_STR, A_HEX, A_HEX } },
	{ "newfstatat", 4, { A_DIRFD, A_STR, A_HEX, A_HEX } },
	{ "open", 3, { A_STR, A_OPEN, A_MODE } },
	{ "openat", 4, { A_DIRFD, A_STR, A_OPEN, A_MODE } },
	{ "openat2", 4, { A_DIRFD, A_STR, A_HEX, A_UINT } },
	{ "personality", 1, { A_PERSONA } },
	{ "pivot_root", 2, { A_STR, A_STR } },
	{ "prctl", 5, { A_PRCTL, A_HEX, A_HEX, A_HEX, A_HEX } },
	{ "readlink", 3, { A_STR, A_HEX, A_UINT } },
	{ "readlinkat", 4, { A_DIRFD, A_STR, A_HEX, A_UINT } },
	{ "rename", 2, { A_STR, A_STR } },
	{ "renameat", 4, { A_DIRFD, A_STR, A_DIRFD, A_STR } },
	{ "renameat2", 5, { A_DIRFD, A_STR, A_DIRFD, A_STR, A_HEX } },
	{ "rmdir", 1, { A_STR } },
	{ "setns", 2, { A_FD, A_NS } },
	{ "socket", 3, { A_DOMAIN, A_SOCKTYPE, A_INT } },
	{ "socketpair", 4, { A_DOMAIN, A_SOCKTYPE, A_INT, A_HEX } },
	{ "stat", 2, { A_STR, A_HEX } },
	{ "statx", 5, { A_DIRFD, A_STR, A_HEX, A_HEX, A_HEX } },
	{ "symlink", 2, { A_STR, A_STR } },
	{ "symlinkat", 3, { A_STR, A_DIRFD, A_STR } },
	{ "tgkill", 3, { A_INT, A_INT, A_SIGNAL } },
	{ "tkill", 2, { A_INT, A_SIGNAL } },
	{ "truncate", 2, { A_STR, A_INT } },
	{ "umount2", 2, { A_STR, A_HEX } },
	{ "unlink", 1, { A_STR } },
	{ "unlinkat", 3, { A_DIRFD, A_STR, A_HEX } },
	{ "unshare", 1, { A_NS } },
};

static int call_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct call *)elem)->name);
}

/* A string of the traced process, escaped and quoted; the pointer when it
 * cannot be read. */
static void put_string(struct text *t, uint64_t addr, const struct decode_memory *mem)
{
	char raw[257], esc[1100];
	ssize_t n = addr && mem && mem->read ? mem->read(mem->ctx, addr, raw, sizeof raw - 1) : -1;
	if (n < 0) {
		put(t, "%#llx", (unsigned long long)addr);
		return;
	}
	size_t len = strnlen(raw, (size_t)n);
	text_escape(raw, len, esc, sizeof esc);
	put(t, "\"%s\"%s", esc, len == (size_t)n && n == (ssize_t)sizeof raw - 1 ? "..." : "");
}

/* clone3's struct clone_args: flags (offset 0) and exit_signal (offset 32). */
static void put_clone_args(struct text *t, uint64_t addr, const struct decode_memory *mem)
{
	uint64_t a[5];
	if (!mem || !mem->read || mem->read(mem->ctx, addr, a, sizeof a) != (ssize_t)sizeof a) {
		put(t, "%#llx", (unsigned long long)addr);
		return;
	}
	put(t, "{flags=");
	put_flags(t, a[0], clone_flags, COUNT(clone_flags));
	put(t, ", exit_signal=");
	put_signal(t, a[4]);
	put(t, "}");
}

/* An int argument by its name, else as a number. */
static void put_named_int(struct text *t, uint64_t v, const struct name *names, size_t n)
{
	const char *s = name_of((uint32_t)v, names, n);
	if (s)
		put(t, "%s", s);
	else
		put(t, "%d", (int)(uint32_t)v);
}

static void put_arg(struct text *t, enum arg_kind kind, uint64_t v, const struct decode_memory *mem)
{
	switch (kind) {
	case A_INT: case A_FD: put(t, "%d", (int)(uint32_t)v); break;
	case A_UINT: put(t, "%llu", (unsigned long long)v); break;
	case A_DIRFD:
		if ((int)(uint32_t)v == AT_FDCWD)
			put(t, "AT_FDCWD");
		else
			put(t, "%d", (int)(uint32_t)v);
		break;
	case A_STR: put_string(t, v, mem); break;
	case A_MODE: put(t, "%#llo", (unsigned long long)v); break;
	case A_CLONE: put_clone_flags(t, v); break;
	case A_CLONE3: put_clone_args(t, v, mem); break;
	case A_NS: put_flags(t, v, ns_flags, COUNT(ns_flags)); break;
	case A_SIGNAL: put_signal(t, v); break;
	case A_DOMAIN: put_named_int(t, v, sock_domains, COUNT(sock_domains)); break;
	case A_SOCKTYPE: put_sock_type(t, v); break;
	case A_IOCTL: put_ioctl(t, v); break;
	case A_OPEN: put_open_flags(t, v); break;
	case A_PRCTL: put_named_int(t, v, prctls, COUNT(prctls)); break;
	case A_PERSONA: put_personality(t, v); break;
	case A_HEX: default: put(t, "%#llx", (unsigned long long)v); break;
	}
}

void decode_call(const char *name, const uint64_t args[6], bool native,
		 const struct decode_memory *mem, char *out, size_t size)
{
	struct text t = { out, size, 0 };
	if (size)
		out[0] = '\0';
	put(&t, "%s(", name);
	const struct call *c = native ? bsearch(name, calls, COUNT(calls), sizeof calls[0], call_cmp)
				      : NULL;
	unsigned n = c ? c->nargs : 6;
	for (unsigned i = 0; i < n; i++) {
		if (i)
			put(&t, ", ");
		put_arg(&t, c ? c->args[i] : A_HEX, args[i], mem);
	}
	put(&t, ")");
}
