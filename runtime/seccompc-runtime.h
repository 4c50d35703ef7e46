/*
 * seccompc-runtime.h - install a seccomp filter, fail-closed, without libseccomp.
 *
 * A single header: include it anywhere for the API; in exactly one C file
 * define SECCOMPC_RUNTIME_IMPLEMENTATION before including it to get the
 * implementation (or link libseccompc-runtime, which does that). It needs
 * only libc and kernel headers, never calls malloc (the array path allocates
 * nothing; a file is read into an anonymous mapping), uses under 1 KiB of
 * stack, and prints nothing: errors are negative errno values,
 * seccompc_strerror() words them, and the result struct says which
 * instruction is wrong and why.
 *
 *     #include "filter.h"              // seccompc profile.json -o filter.h
 *     #include <seccompc-runtime.h>
 *     int err = seccompc_install(seccomp_filter, seccomp_filter_len, 0, NULL);
 *     if (err) { fprintf(stderr, "%s\n", seccompc_strerror(err)); exit(1); }
 *
 * On a system without seccomp (not Linux) the header still compiles and
 * every install returns -ENOSYS.
 */
#ifndef SECCOMPC_RUNTIME_H
#define SECCOMPC_RUNTIME_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __linux__
#include <linux/filter.h>
#else
struct sock_filter {
	uint16_t code;
	uint8_t jt, jf;
	uint32_t k;
};
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Flags: the low bits are the kernel's SECCOMP_FILTER_FLAG_* values. */
#define SECCOMPC_FLAG_TSYNC              (1u << 0)
#define SECCOMPC_FLAG_LOG                (1u << 1)
#define SECCOMPC_FLAG_SPEC_ALLOW         (1u << 2)
#define SECCOMPC_FLAG_NEW_LISTENER       (1u << 3)
#define SECCOMPC_FLAG_TSYNC_ESRCH        (1u << 4)
#define SECCOMPC_FLAG_WAIT_KILLABLE_RECV (1u << 5)
#define SECCOMPC_KERNEL_FLAGS            0x3fu
/* The caller holds CAP_SYS_ADMIN: do not set no_new_privs. */
#define SECCOMPC_FLAG_HAVE_SYS_ADMIN     (1u << 16)
/* Use prctl(PR_SET_SECCOMP) even where seccomp(2) exists (tests, old kernels). */
#define SECCOMPC_FLAG_FORCE_PRCTL        (1u << 17)

#define SECCOMPC_MAX_INSNS 4096

struct seccompc_install_result {
	int listener_fd;        /* NEW_LISTENER: the notification fd, else -1 */
	long tsync_failed_tid;  /* TSYNC: the thread that could not be synchronised, else 0 */
	size_t bad_insn;        /* -EINVAL from validation: the instruction at fault */
	const char *reason;     /* and why, as a sentence */
	int used_prctl;         /* installed through prctl(PR_SET_SECCOMP) */
};

/* Checks the kernel's rules for a seccomp filter (bpf_check_classic and
 * seccomp_check_filter). 0, or -EINVAL with *bad_insn and *reason set, or
 * -E2BIG / -ENODATA for too long / empty. */
int seccompc_validate(const struct sock_filter *insns, size_t len, size_t *bad_insn,
		      const char **reason);

/* Validates, sets no_new_privs (unless HAVE_SYS_ADMIN), and installs with
 * seccomp(SECCOMP_SET_MODE_FILTER, flags), falling back to prctl when
 * seccomp(2) is missing and no kernel flag is asked for. res may be NULL,
 * except with NEW_LISTENER (it receives the listener: -EINVAL, nothing
 * installed); whatever happens, *res is set (on error: no instruction, no
 * reason, no listener, unless the error says otherwise).
 * A program the validator rejects changes nothing (no_new_privs stays as it
 * was). Errors: those of seccompc_validate(); -ESRCH when TSYNC could not
 * synchronise a thread (res->tsync_failed_tid names it unless TSYNC_ESRCH);
 * -EBUSY when NEW_LISTENER is asked for and a listener exists already;
 * -ENOSYS without seccomp(2) but with kernel flags; -EINVAL for FORCE_PRCTL
 * with kernel flags or flags the kernel does not know; the kernel's errno
 * otherwise. */
int seccompc_install(const struct sock_filter *insns, size_t len, unsigned flags,
		     struct seccompc_install_result *res);

/* Reads a raw filter (native byte order, 8 bytes an instruction; a path such
 * as /dev/fd/3 reads an inherited descriptor) through a close-on-exec
 * descriptor into a private anonymous mapping, and installs it. Errors as
 * seccompc_install(), plus -EBADMSG when the size is not a multiple of 8,
 * -E2BIG past 4096 instructions, -ENODATA when empty, and open(2)/read(2)/
 * mmap(2)'s errno. */
int seccompc_install_file(const char *path, unsigned flags, struct seccompc_install_result *res);

/* 1 when the kernel supports a SECCOMP_RET_* action, 0 when not, -errno on error. */
int seccompc_action_available(uint32_t action);

/* 1 when the kernel accepts a SECCOMPC_FLAG_* kernel flag (or a set of them),
 * 0 when not. The prerequisites the kernel insists on are added for the
 * question: WAIT_KILLABLE_RECV is asked with NEW_LISTENER, TSYNC with
 * NEW_LISTENER with TSYNC_ESRCH. Library flags (HAVE_SYS_ADMIN, FORCE_PRCTL)
 * are always available. Installs nothing. */
int seccompc_flag_available(unsigned flag);

/* A sentence for a negative errno value returned above ("not an error code"
 * for a positive value or INT_MIN). */
const char *seccompc_strerror(int err);

#ifdef __cplusplus
}
#endif

#endif /* SECCOMPC_RUNTIME_H */

/* ------------------------------------------------------------------------ */
#ifdef SECCOMPC_RUNTIME_IMPLEMENTATION
#ifndef SECCOMPC_RUNTIME_IMPLEMENTED
#define SECCOMPC_RUNTIME_IMPLEMENTED

#include <string.h>

#include <limits.h>

#ifdef __linux__
#include <fcntl.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Strict ISO C (-std=c11, no feature macros) leaves syscall(2) undeclared;
 * its declaration is the same in every Linux libc. */
#if !defined(__cplusplus) && !defined(_GNU_SOURCE) && !defined(_DEFAULT_SOURCE) && \
	!defined(_BSD_SOURCE)
long syscall(long number, ...);
#endif
/* Strict ISO C hides O_CLOEXEC and MAP_ANONYMOUS; their values are the
 * kernel's, per arch (include/uapi/asm-generic/fcntl.h, mman-common.h and
 * the arches that differ). Without close-on-exec, a thread forking and
 * executing while the filter file is open would hand it on. */
#ifdef O_CLOEXEC
#define SECCOMPC_O_CLOEXEC_ O_CLOEXEC
#elif defined(__alpha__) || defined(__hppa__)
#define SECCOMPC_O_CLOEXEC_ 010000000
#elif defined(__sparc__)
#define SECCOMPC_O_CLOEXEC_ 0x400000
#else
#define SECCOMPC_O_CLOEXEC_ 02000000
#endif
#ifdef MAP_ANONYMOUS
#define SECCOMPC_MAP_ANONYMOUS_ MAP_ANONYMOUS
#elif defined(__alpha__) || defined(__hppa__)
#define SECCOMPC_MAP_ANONYMOUS_ 0x10
#elif defined(__mips__) || defined(__xtensa__)
#define SECCOMPC_MAP_ANONYMOUS_ 0x800
#else
#define SECCOMPC_MAP_ANONYMOUS_ 0x20
#endif

#ifndef SECCOMP_GET_ACTION_AVAIL
#define SECCOMP_GET_ACTION_AVAIL 2
#endif

/* The library's flag values are the kernel's: passed through unchanged. */
#if defined(SECCOMP_FILTER_FLAG_TSYNC) && SECCOMP_FILTER_FLAG_TSYNC != SECCOMPC_FLAG_TSYNC
#error "SECCOMPC_FLAG_TSYNC differs from the kernel's"
#endif
#if defined(SECCOMP_FILTER_FLAG_LOG) && SECCOMP_FILTER_FLAG_LOG != SECCOMPC_FLAG_LOG
#error "SECCOMPC_FLAG_LOG differs from the kernel's"
#endif
#if defined(SECCOMP_FILTER_FLAG_SPEC_ALLOW) && SECCOMP_FILTER_FLAG_SPEC_ALLOW != SECCOMPC_FLAG_SPEC_ALLOW
#error "SECCOMPC_FLAG_SPEC_ALLOW differs from the kernel's"
#endif
#if defined(SECCOMP_FILTER_FLAG_NEW_LISTENER) && SECCOMP_FILTER_FLAG_NEW_LISTENER != SECCOMPC_FLAG_NEW_LISTENER
#error "SECCOMPC_FLAG_NEW_LISTENER differs from the kernel's"
#endif
#if defined(SECCOMP_FILTER_FLAG_TSYNC_ESRCH) && SECCOMP_FILTER_FLAG_TSYNC_ESRCH != SECCOMPC_FLAG_TSYNC_ESRCH
#error "SECCOMPC_FLAG_TSYNC_ESRCH differs from the kernel's"
#endif
#if defined(SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV) && \
	SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV != SECCOMPC_FLAG_WAIT_KILLABLE_RECV
#error "SECCOMPC_FLAG_WAIT_KILLABLE_RECV differs from the kernel's"
#endif

static int seccompc_is_cond_jump_(uint16_t code)
{
	uint16_t op = (uint16_t)(code & ~BPF_X);
	return op == (BPF_JMP | BPF_JEQ) || op == (BPF_JMP | BPF_JGT) ||
	       op == (BPF_JMP | BPF_JGE) || op == (BPF_JMP | BPF_JSET);
}

/* The kernel's check of one instruction; NULL when fine. */
static const char *seccompc_check_insn_(const struct sock_filter *f, size_t pc, size_t len)
{
	switch (f->code) {
	case BPF_LD | BPF_W | BPF_ABS:
		if (f->k & 3)
			return "load from an unaligned offset of struct seccomp_data";
		if (f->k >= 64)
			return "load from outside struct seccomp_data (64 bytes)";
		return NULL;
	case BPF_LD | BPF_W | BPF_LEN: case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_RET | BPF_K: case BPF_RET | BPF_A:
	case BPF_ALU | BPF_ADD | BPF_K: case BPF_ALU | BPF_ADD | BPF_X:
	case BPF_ALU | BPF_SUB | BPF_K: case BPF_ALU | BPF_SUB | BPF_X:
	case BPF_ALU | BPF_MUL | BPF_K: case BPF_ALU | BPF_MUL | BPF_X:
	case BPF_ALU | BPF_DIV | BPF_X:
	case BPF_ALU | BPF_AND | BPF_K: case BPF_ALU | BPF_AND | BPF_X:
	case BPF_ALU | BPF_OR | BPF_K: case BPF_ALU | BPF_OR | BPF_X:
	case BPF_ALU | BPF_XOR | BPF_K: case BPF_ALU | BPF_XOR | BPF_X:
	case BPF_ALU | BPF_LSH | BPF_X: case BPF_ALU | BPF_RSH | BPF_X:
	case BPF_ALU | BPF_NEG: case BPF_LD | BPF_IMM: case BPF_LDX | BPF_IMM:
	case BPF_MISC | BPF_TAX: case BPF_MISC | BPF_TXA:
		return NULL;
	case BPF_ALU | BPF_DIV | BPF_K:
		return f->k == 0 ? "division by the constant 0" : NULL;
	case BPF_ALU | BPF_LSH | BPF_K: case BPF_ALU | BPF_RSH | BPF_K:
		return f->k >= 32 ? "shift by 32 or more" : NULL;
	case BPF_LD | BPF_MEM: case BPF_LDX | BPF_MEM: case BPF_ST: case BPF_STX:
		return f->k >= 16 ? "scratch memory slot past M[15]" : NULL;
	case BPF_JMP | BPF_JA:
		return f->k >= len - pc - 1 ? "jump past the end of the program" : NULL;
	default:
		if (!seccompc_is_cond_jump_(f->code))
			return "an opcode seccomp does not allow";
		if ((size_t)f->jt + 1 > len - pc - 1 || (size_t)f->jf + 1 > len - pc - 1)
			return "jump past the end of the program";
		return NULL;
	}
}

static int seccompc_is_mem_load_(uint16_t code)
{
	return code == (BPF_LD | BPF_MEM) || code == (BPF_LDX | BPF_MEM);
}

/* The kernel's check_load_and_stores() on a program whose instructions are
 * each valid: the first instruction that reads a scratch slot some path has
 * not written, or len. As in the kernel, the state flows down the program:
 * a jump hands its targets what is written on the jumping path and leaves
 * "all written" to the next instruction (a return leaves the state as it
 * is). One slot at a time with one bit an instruction: 512 bytes of stack. */
static size_t seccompc_first_unwritten_read_(const struct sock_filter *insns, size_t len)
{
	unsigned read_slots = 0;
	for (size_t pc = 0; pc < len; pc++)
		if (seccompc_is_mem_load_(insns[pc].code))
			read_slots |= 1u << insns[pc].k;
	size_t first_bad = len;
	for (uint32_t slot = 0; slot < 16; slot++) {
		if (!(read_slots & (1u << slot)))
			continue;
		/* bit pc: some jump reaches pc with the slot unwritten */
		unsigned char unwritten_in[SECCOMPC_MAX_INSNS / 8];
		memset(unwritten_in, 0, (len + 7) / 8);
		int written = 0;
		for (size_t pc = 0; pc < first_bad; pc++) {
			const struct sock_filter *f = &insns[pc];
			size_t t[2] = { 0, 0 };
			int ntargets = 0;
			if (unwritten_in[pc / 8] & (1u << (pc % 8)))
				written = 0;
			if ((f->code == BPF_ST || f->code == BPF_STX) && f->k == slot) {
				written = 1;
			} else if (seccompc_is_mem_load_(f->code) && f->k == slot && !written) {
				first_bad = pc;
			} else if (f->code == (BPF_JMP | BPF_JA)) {
				t[0] = pc + 1 + f->k;
				ntargets = 1;
			} else if (seccompc_is_cond_jump_(f->code)) {
				t[0] = pc + 1 + f->jt;
				t[1] = pc + 1 + f->jf;
				ntargets = 2;
			}
			for (int i = 0; i < ntargets && !written; i++)
				unwritten_in[t[i] / 8] = (unsigned char)(unwritten_in[t[i] / 8] | (1u << (t[i] % 8)));
			if (ntargets)
				written = 1;
		}
	}
	return first_bad;
}

int seccompc_validate(const struct sock_filter *insns, size_t len, size_t *bad_insn,
		      const char **reason)
{
	size_t dummy_insn;
	const char *dummy_reason;
	if (!bad_insn)
		bad_insn = &dummy_insn;
	if (!reason)
		reason = &dummy_reason;
	if (len == 0)
		return -ENODATA;
	if (len > SECCOMPC_MAX_INSNS)
		return -E2BIG;
	for (size_t pc = 0; pc < len; pc++) {
		const char *why = seccompc_check_insn_(&insns[pc], pc, len);
		if (why) {
			*bad_insn = pc;
			*reason = why;
			return -EINVAL;
		}
	}
	if (BPF_CLASS(insns[len - 1].code) != BPF_RET) {
		*bad_insn = len - 1;
		*reason = "the last instruction is not a return";
		return -EINVAL;
	}
	size_t bad = seccompc_first_unwritten_read_(insns, len);
	if (bad < len) {
		*bad_insn = bad;
		*reason = "scratch memory read before it is written";
		return -EINVAL;
	}
	return 0;
}

static long seccompc_sys_seccomp_(unsigned op, unsigned flags, void *arg)
{
#ifdef SYS_seccomp
	return syscall(SYS_seccomp, op, flags, arg);
#else
	(void)op; (void)flags; (void)arg;
	errno = ENOSYS;
	return -1;
#endif
}

static void seccompc_reset_result_(struct seccompc_install_result *res)
{
	memset(res, 0, sizeof *res);
	res->listener_fd = -1;
}

int seccompc_install(const struct sock_filter *insns, size_t len, unsigned flags,
		     struct seccompc_install_result *res)
{
	struct seccompc_install_result local;
	if (!res) {
		if (flags & SECCOMPC_FLAG_NEW_LISTENER)
			return -EINVAL;   /* the listener would be lost */
		res = &local;
	}
	seccompc_reset_result_(res);
	int err = seccompc_validate(insns, len, &res->bad_insn, &res->reason);
	if (err)
		return err;
	if (!(flags & SECCOMPC_FLAG_HAVE_SYS_ADMIN) && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return -errno;
	/* The kernel only reads the program; the cast through uintptr_t says so. */
	struct sock_fprog prog = { (unsigned short)len, (struct sock_filter *)(uintptr_t)insns };
	unsigned kflags = flags & SECCOMPC_KERNEL_FLAGS;
	if (!(flags & SECCOMPC_FLAG_FORCE_PRCTL)) {
		long r = seccompc_sys_seccomp_(SECCOMP_SET_MODE_FILTER, kflags, &prog);
		if (r > 0 && (kflags & SECCOMPC_FLAG_TSYNC) && !(kflags & SECCOMPC_FLAG_NEW_LISTENER)) {
			res->tsync_failed_tid = r;   /* the thread that could not follow */
			return -ESRCH;
		}
		if (r >= 0) {
			if (kflags & SECCOMPC_FLAG_NEW_LISTENER)
				res->listener_fd = (int)r;
			return 0;
		}
		if (errno != ENOSYS)
			return -errno;
	}
	if (kflags)   /* flags need seccomp(2): missing here, or refused by the caller */
		return (flags & SECCOMPC_FLAG_FORCE_PRCTL) ? -EINVAL : -ENOSYS;
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) != 0)
		return -errno;
	res->used_prctl = 1;
	return 0;
}

/* Reads up to size bytes of path into buf; 0 with *got set, or -errno. */
static int seccompc_read_file_(const char *path, char *buf, size_t size, size_t *got)
{
	int fd = open(path, O_RDONLY | SECCOMPC_O_CLOEXEC_);
	if (fd < 0)
		return -errno;
	*got = 0;
	for (;;) {
		ssize_t n = read(fd, buf + *got, size - *got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			return -e;
		}
		if (n == 0 || (*got += (size_t)n) == size)
			break;
	}
	close(fd);
	return 0;
}

int seccompc_install_file(const char *path, unsigned flags, struct seccompc_install_result *res)
{
	if (res)
		seccompc_reset_result_(res);
	else if (flags & SECCOMPC_FLAG_NEW_LISTENER)
		return -EINVAL;
	/* One instruction more than allowed, to tell "too long" (32 KiB). */
	size_t size = (SECCOMPC_MAX_INSNS + 1) * sizeof(struct sock_filter), got = 0;
	void *buf = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | SECCOMPC_MAP_ANONYMOUS_,
			 -1, 0);
	if (buf == MAP_FAILED)
		return -errno;
	int err = seccompc_read_file_(path, buf, size, &got);
	if (!err && got % sizeof(struct sock_filter))
		err = -EBADMSG;
	if (!err)
		err = seccompc_install(buf, got / sizeof(struct sock_filter), flags, res);
	munmap(buf, size);
	return err;
}

int seccompc_action_available(uint32_t action)
{
	if (seccompc_sys_seccomp_(SECCOMP_GET_ACTION_AVAIL, 0, &action) == 0)
		return 1;
	return errno == EOPNOTSUPP ? 0 : -errno;
}

int seccompc_flag_available(unsigned flag)
{
	unsigned kflags = flag & SECCOMPC_KERNEL_FLAGS;
	if (flag & ~(SECCOMPC_KERNEL_FLAGS | SECCOMPC_FLAG_HAVE_SYS_ADMIN | SECCOMPC_FLAG_FORCE_PRCTL))
		return 0;
	if (!kflags)
		return 1;
	if (kflags & SECCOMPC_FLAG_WAIT_KILLABLE_RECV)
		kflags |= SECCOMPC_FLAG_NEW_LISTENER;
	if ((kflags & SECCOMPC_FLAG_TSYNC) && (kflags & SECCOMPC_FLAG_NEW_LISTENER))
		kflags |= SECCOMPC_FLAG_TSYNC_ESRCH;
	/* With a NULL program the kernel checks the flags first: EFAULT means
	 * they were accepted, EINVAL that they were not. */
	int saved = errno;
	long r = seccompc_sys_seccomp_(SECCOMP_SET_MODE_FILTER, kflags, NULL);
	int ok = r < 0 && errno == EFAULT;
	errno = saved;
	return ok;
}

#else /* not Linux */

int seccompc_validate(const struct sock_filter *insns, size_t len, size_t *bad_insn,
		      const char **reason)
{
	(void)insns; (void)len; (void)bad_insn; (void)reason;
	return -ENOSYS;
}
int seccompc_install(const struct sock_filter *insns, size_t len, unsigned flags,
		     struct seccompc_install_result *res)
{
	(void)insns; (void)len; (void)flags; (void)res;
	return -ENOSYS;
}
int seccompc_install_file(const char *path, unsigned flags, struct seccompc_install_result *res)
{
	(void)path; (void)flags; (void)res;
	return -ENOSYS;
}
int seccompc_action_available(uint32_t action)
{
	(void)action;
	return -ENOSYS;
}
int seccompc_flag_available(unsigned flag)
{
	(void)flag;
	return 0;
}
#endif

const char *seccompc_strerror(int err)
{
	if (err > 0 || err == INT_MIN)
		return "not an error code";
	switch (-err) {
	case 0: return "success";
#ifdef ENODATA   /* not in FreeBSD's and OpenBSD's errno sets */
	case ENODATA: return "the filter is empty";
#endif
	case E2BIG: return "the filter is longer than 4096 instructions";
	case EBADMSG: return "the file is not a raw filter: its size is not a multiple of 8 bytes";
	case EINVAL: return "the kernel's rules reject the filter (or a flag)";
	case ENOSYS: return "seccomp filters are not supported here (or these flags need seccomp(2))";
	case EACCES: return "no_new_privs is not set and the caller lacks CAP_SYS_ADMIN";
	case EFAULT: return "the filter's memory is not readable";
	case ESRCH: return "another thread could not be synchronised (TSYNC)";
	case EBUSY: return "another listener is installed already (NEW_LISTENER)";
	case ENOMEM: return "out of memory, or the thread's filters would exceed 32768 instructions together";
	case ENOENT: return "no such file";
	default: return strerror(-err);
	}
}

#endif /* SECCOMPC_RUNTIME_IMPLEMENTED */
#endif /* SECCOMPC_RUNTIME_IMPLEMENTATION */
