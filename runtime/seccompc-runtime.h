/*
 * seccompc-runtime.h - install a seccomp filter, fail-closed, without libseccomp.
 *
 * A single header: include it anywhere for the API; in exactly one C file
 * define SECCOMPC_RUNTIME_IMPLEMENTATION before including it to get the
 * implementation (or link libseccompc-runtime, which does that). It needs
 * only libc and kernel headers, never allocates on the array path, and
 * prints nothing: errors are negative errno values, seccompc_strerror()
 * words them, and the result struct says which instruction is wrong and why.
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
 * seccomp(2) is missing and no kernel flag is asked for. res may be NULL. */
int seccompc_install(const struct sock_filter *insns, size_t len, unsigned flags,
		     struct seccompc_install_result *res);

/* Reads a raw filter (native byte order, 8 bytes an instruction) and installs it. */
int seccompc_install_file(const char *path, unsigned flags, struct seccompc_install_result *res);

/* 1 when the kernel supports a SECCOMP_RET_* action, 0 when not, -errno on error. */
int seccompc_action_available(uint32_t action);

/* 1 when the kernel accepts a SECCOMPC_FLAG_* kernel flag, 0 when not. */
int seccompc_flag_available(unsigned flag);

/* A sentence for a negative errno value returned above. */
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

#ifdef __linux__
#include <fcntl.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SECCOMP_GET_ACTION_AVAIL
#define SECCOMP_GET_ACTION_AVAIL 2
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
	/* Scratch memory read only after a write on every path (the kernel's
	 * check_load_and_stores()); no allocation: masks live on the stack. */
	uint16_t masks[SECCOMPC_MAX_INSNS];
	memset(masks, 0xff, len * sizeof masks[0]);
	uint16_t valid = 0;
	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &insns[pc];
		valid &= masks[pc];
		if (f->code == BPF_ST || f->code == BPF_STX) {
			valid |= (uint16_t)(1u << f->k);
		} else if (f->code == (BPF_LD | BPF_MEM) || f->code == (BPF_LDX | BPF_MEM)) {
			if (!(valid & (1u << f->k))) {
				*bad_insn = pc;
				*reason = "scratch memory read before it is written";
				return -EINVAL;
			}
		} else if (f->code == (BPF_JMP | BPF_JA)) {
			masks[pc + 1 + f->k] &= valid;
			valid = 0xffff;
		} else if (seccompc_is_cond_jump_(f->code)) {
			masks[pc + 1 + f->jt] &= valid;
			masks[pc + 1 + f->jf] &= valid;
			valid = 0xffff;
		}
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

int seccompc_install(const struct sock_filter *insns, size_t len, unsigned flags,
		     struct seccompc_install_result *res)
{
	struct seccompc_install_result local;
	if (!res)
		res = &local;
	memset(res, 0, sizeof *res);
	res->listener_fd = -1;
	int err = seccompc_validate(insns, len, &res->bad_insn, &res->reason);
	if (err)
		return err;
	if (!(flags & SECCOMPC_FLAG_HAVE_SYS_ADMIN) && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return -errno;
	struct sock_fprog prog = { (unsigned short)len, (struct sock_filter *)insns };
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
	if (kflags)
		return -ENOSYS;   /* flags need seccomp(2) */
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) != 0)
		return -errno;
	res->used_prctl = 1;
	return 0;
}

int seccompc_install_file(const char *path, unsigned flags, struct seccompc_install_result *res)
{
	struct sock_filter buf[SECCOMPC_MAX_INSNS + 1];   /* 32 KiB of stack, no allocation */
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	size_t got = 0;
	for (;;) {
		ssize_t n = read(fd, (char *)buf + got, sizeof buf - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			return -e;
		}
		if (n == 0 || (got += (size_t)n) == sizeof buf)
			break;
	}
	close(fd);
	if (got % sizeof buf[0])
		return -EBADMSG;
	return seccompc_install(buf, got / sizeof buf[0], flags, res);
}

int seccompc_action_available(uint32_t action)
{
	if (seccompc_sys_seccomp_(SECCOMP_GET_ACTION_AVAIL, 0, &action) == 0)
		return 1;
	return errno == EOPNOTSUPP ? 0 : -errno;
}

int seccompc_flag_available(unsigned flag)
{
	/* With a NULL program the kernel checks the flags first: EFAULT means
	 * they were accepted, EINVAL that they were not. */
	long r = seccompc_sys_seccomp_(SECCOMP_SET_MODE_FILTER, flag, NULL);
	return r < 0 && errno == EFAULT;
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
	switch (-err) {
	case 0: return "success";
	case ENODATA: return "the filter is empty";
	case E2BIG: return "the filter is longer than 4096 instructions";
	case EBADMSG: return "the file is not a raw filter: its size is not a multiple of 8 bytes";
	case EINVAL: return "the kernel's rules reject the filter (or a flag)";
	case ENOSYS: return "seccomp filters are not supported here (or these flags need seccomp(2))";
	case EACCES: return "no_new_privs is not set and the caller lacks CAP_SYS_ADMIN";
	case EFAULT: return "the filter's memory is not readable";
	case ESRCH: return "another thread could not be synchronised (TSYNC)";
	case EBUSY: return "another listener is installed already (NEW_LISTENER)";
	case ENOMEM: return "out of memory";
	case ENOENT: return "no such file";
	default: return strerror(-err);
	}
}

#endif /* SECCOMPC_RUNTIME_IMPLEMENTED */
#endif /* SECCOMPC_RUNTIME_IMPLEMENTATION */
