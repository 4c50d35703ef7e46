/*
 * test_runtime.c - the install library (seccompc-runtime.h), kernel truth:
 * filters installed in forked children, real syscalls, every flag, the prctl
 * fallback, and malformed programs and files rejected before anything is
 * installed. The launcher's tests are in test_exec.c.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define SECCOMPC_RUNTIME_IMPLEMENTATION
#include "seccompc-runtime.h"

#if defined(__x86_64__)
#define HOST_AUDIT AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define HOST_AUDIT AUDIT_ARCH_AARCH64
#elif defined(__i386__)
#define HOST_AUDIT AUDIT_ARCH_I386
#elif defined(__riscv) && __riscv_xlen == 64
#define HOST_AUDIT AUDIT_ARCH_RISCV64
#elif defined(__s390x__)
#define HOST_AUDIT AUDIT_ARCH_S390X
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HOST_AUDIT AUDIT_ARCH_PPC64LE
#else
#error "name this host's AUDIT_ARCH_* here"
#endif

/* Allows everything on the host's arch but getppid, which fails with EACCES;
 * other arches: kill. */
static const struct sock_filter deny_getppid[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 4),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, HOST_AUDIT, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EACCES),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};
#define DENY_LEN (sizeof deny_getppid / sizeof deny_getppid[0])

/* Runs fn in a forked child; returns its wait status. fn's return is the exit code. */
static int in_child(int (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn(arg));
	int status;
	waitpid(pid, &status, 0);
	return status;
}

/* 0 when getppid is denied with EACCES and getpid still works. */
static int check_denies_getppid(void)
{
	errno = 0;
	if (syscall(SYS_getppid) != -1 || errno != EACCES)
		return 10;
	if (syscall(SYS_getpid) <= 0)
		return 11;
	return 0;
}

static int install_array(void *flags)
{
	struct seccompc_install_result r;
	int err = seccompc_install(deny_getppid, DENY_LEN, *(unsigned *)flags, &r);
	if (err)
		return 20 + (-err % 20);
	if ((*(unsigned *)flags & SECCOMPC_FLAG_NEW_LISTENER) && r.listener_fd < 0)
		return 3;
	if ((*(unsigned *)flags & SECCOMPC_FLAG_FORCE_PRCTL) && !r.used_prctl)
		return 4;
	return check_denies_getppid();
}

START_TEST(install_from_array)
{
	unsigned flags = 0;
	int st = in_child(install_array, &flags);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status 0x%x", st);
}
END_TEST

START_TEST(prctl_fallback)
{
	unsigned flags = SECCOMPC_FLAG_FORCE_PRCTL;
	int st = in_child(install_array, &flags);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status 0x%x", st);
}
END_TEST

static const unsigned every_flag[] = {
	SECCOMPC_FLAG_LOG, SECCOMPC_FLAG_SPEC_ALLOW, SECCOMPC_FLAG_NEW_LISTENER, SECCOMPC_FLAG_TSYNC,
	SECCOMPC_FLAG_TSYNC | SECCOMPC_FLAG_TSYNC_ESRCH,
	SECCOMPC_FLAG_NEW_LISTENER | SECCOMPC_FLAG_WAIT_KILLABLE_RECV,
};

START_TEST(every_supported_flag)
{
	unsigned flags = every_flag[_i];
	if (!seccompc_flag_available(flags)) {
		/* Only the newest flags may be missing; this kernel must have the rest. */
		ck_assert(flags & (SECCOMPC_FLAG_WAIT_KILLABLE_RECV | SECCOMPC_FLAG_TSYNC_ESRCH));
		return;
	}
	int st = in_child(install_array, &flags);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "flags 0x%x: status 0x%x", flags, st);
}
END_TEST

START_TEST(unknown_flag_is_refused)
{
	ck_assert_int_eq(seccompc_flag_available(1u << 30), 0);
	ck_assert_int_eq(seccompc_action_available(SECCOMP_RET_ALLOW), 1);
	ck_assert_int_eq(seccompc_action_available(SECCOMP_RET_KILL_PROCESS), 1);
	ck_assert_int_eq(seccompc_action_available(SECCOMP_RET_USER_NOTIF), 1);
	ck_assert_int_eq(seccompc_action_available(0x12340000u), 0);
}
END_TEST

static const char *blob_path(void)
{
	static char path[64];
	snprintf(path, sizeof path, "/tmp/seccompc-test-%d.bpf", (int)getpid());
	return path;
}

static void write_blob(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

static int install_file(void *path)
{
	int err = seccompc_install_file(path, 0, NULL);
	return err ? 20 : check_denies_getppid();
}

START_TEST(install_from_file)
{
	write_blob(blob_path(), deny_getppid, sizeof deny_getppid);
	int st = in_child(install_file, (void *)blob_path());
	unlink(blob_path());
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status 0x%x", st);
}
END_TEST

/* Malformed programs: the library's verdict, and the kernel's own. */
static const struct {
	struct sock_filter insns[3];
	size_t len;
	int err;
	size_t bad;
	const char *reason;
} malformed[] = {
	{ { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 66), BPF_STMT(BPF_RET | BPF_K, 0x7fff0000) }, 2,
	  -EINVAL, 0, "load from an unaligned offset of struct seccomp_data" },
	{ { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 64), BPF_STMT(BPF_RET | BPF_K, 0x7fff0000) }, 2,
	  -EINVAL, 0, "load from outside struct seccomp_data (64 bytes)" },
	{ { BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 0), BPF_STMT(BPF_RET | BPF_K, 0x7fff0000) }, 2,
	  -EINVAL, 0, "an opcode seccomp does not allow" },
	{ { BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 5, 0), BPF_STMT(BPF_RET | BPF_K, 0x7fff0000) }, 2,
	  -EINVAL, 0, "jump past the end of the program" },
	{ { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0) }, 1,
	  -EINVAL, 0, "the last instruction is not a return" },
	{ { BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 0), BPF_STMT(BPF_RET | BPF_K, 0x7fff0000) }, 2,
	  -EINVAL, 0, "division by the constant 0" },
	{ { BPF_STMT(BPF_LD | BPF_MEM, 3), BPF_STMT(BPF_RET | BPF_K, 0x7fff0000) }, 2,
	  -EINVAL, 0, "scratch memory read before it is written" },
	{ { BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 32), BPF_STMT(BPF_RET | BPF_K, 0x7fff0000) }, 2,
	  -EINVAL, 0, "shift by 32 or more" },
};

static int kernel_accepts(void *i)
{
	const struct sock_filter *insns = malformed[*(int *)i].insns;
	struct sock_fprog p = { (unsigned short)malformed[*(int *)i].len, (struct sock_filter *)insns };
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &p) == 0 ? 0 : errno;
}

START_TEST(malformed_programs_are_rejected_before_install)
{
	size_t bad = 99;
	const char *reason = NULL;
	int err = seccompc_validate(malformed[_i].insns, malformed[_i].len, &bad, &reason);
	ck_assert_int_eq(err, malformed[_i].err);
	ck_assert_uint_eq(bad, malformed[_i].bad);
	ck_assert_str_eq(reason, malformed[_i].reason);
	int i = _i;
	int st = in_child(kernel_accepts, &i);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == EINVAL, "the kernel said %d", WEXITSTATUS(st));
}
END_TEST

START_TEST(sizes_are_checked)
{
	static struct sock_filter big[4097];
	for (size_t i = 0; i < 4097; i++)
		big[i] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	ck_assert_int_eq(seccompc_validate(big, 0, NULL, NULL), -ENODATA);
	ck_assert_int_eq(seccompc_validate(big, 4097, NULL, NULL), -E2BIG);
	ck_assert_int_eq(seccompc_validate(big, 4096, NULL, NULL), 0);
	write_blob(blob_path(), deny_getppid, sizeof deny_getppid - 3);
	ck_assert_int_eq(seccompc_install_file(blob_path(), 0, NULL), -EBADMSG);
	write_blob(blob_path(), big, sizeof big);
	ck_assert_int_eq(seccompc_install_file(blob_path(), 0, NULL), -E2BIG);
	unlink(blob_path());
	ck_assert_str_eq(seccompc_strerror(-E2BIG), "the filter is longer than 4096 instructions");
}
END_TEST

/* TSYNC: a thread started before the install is filtered too. */
static int tsync_pipe[2];

static void *tsync_thread(void *arg)
{
	(void)arg;
	char c;
	if (read(tsync_pipe[0], &c, 1) != 1)
		return (void *)1;
	errno = 0;
	long r = syscall(SYS_getppid);
	return (void *)(intptr_t)(r == -1 && errno == EACCES ? 0 : 2);
}

static int tsync_child(void *arg)
{
	(void)arg;
	pthread_t t;
	if (pipe(tsync_pipe) || pthread_create(&t, NULL, tsync_thread, NULL))
		return 30;
	if (seccompc_install(deny_getppid, DENY_LEN, SECCOMPC_FLAG_TSYNC, NULL))
		return 31;
	if (write(tsync_pipe[1], "x", 1) != 1)
		return 32;
	void *ret;
	pthread_join(t, &ret);
	return (int)(intptr_t)ret;
}

START_TEST(tsync_filters_other_threads)
{
	int st = in_child(tsync_child, NULL);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status 0x%x", st);
}
END_TEST


/* TSYNC cannot move a thread that installed a filter of its own: the install
 * fails, names that thread (or, with TSYNC_ESRCH, just says ESRCH) and
 * filters nobody. */
struct diverged {
	int ready[2], done[2];
	pid_t tid;
};

static const struct sock_filter allow_all[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };

static void *diverging_thread(void *arg)
{
	struct diverged *d = arg;
	d->tid = gettid();
	int err = seccompc_install(allow_all, 1, 0, NULL);
	char c;
	if (write(d->ready[1], &err, sizeof err) != (ssize_t)sizeof err || read(d->done[0], &c, 1) != 1)
		return (void *)1;
	return NULL;
}

static int tsync_fail_child(void *flagsp)
{
	unsigned flags = *(unsigned *)flagsp;
	struct diverged d;
	pthread_t t;
	int err = -1;
	if (pipe(d.ready) || pipe(d.done) || pthread_create(&t, NULL, diverging_thread, &d))
		return 40;
	if (read(d.ready[0], &err, sizeof err) != (ssize_t)sizeof err || err)
		return 41;
	struct seccompc_install_result r;
	int e = seccompc_install(deny_getppid, DENY_LEN, flags, &r);
	int rc = 0;
	if (e != -ESRCH)
		rc = 42;
	else if (r.tsync_failed_tid != ((flags & SECCOMPC_FLAG_TSYNC_ESRCH) ? 0 : d.tid))
		rc = 43;
	else if (syscall(SYS_getppid) <= 0 || prctl(PR_GET_SECCOMP) != 0)
		rc = 44;   /* nothing was installed on this thread */
	if (write(d.done[1], "x", 1) != 1)
		rc = 45;
	pthread_join(t, NULL);
	return rc;
}

static const unsigned tsync_flags[] = {
	SECCOMPC_FLAG_TSYNC, SECCOMPC_FLAG_TSYNC | SECCOMPC_FLAG_TSYNC_ESRCH,
};

START_TEST(tsync_failure_names_the_thread)
{
	unsigned flags = tsync_flags[_i];
	if (!seccompc_flag_available(flags))
		return;
	int st = in_child(tsync_fail_child, &flags);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "flags 0x%x: status 0x%x", flags, st);
}
END_TEST

/* NEW_LISTENER: the fd really is the filter's listener. getppid is sent to
 * it; a thread answers EXDEV, which is what getppid returns. */
static const struct sock_filter notify_getppid[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 4),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, HOST_AUDIT, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};

struct answerer {
	int fd;
	int status;
	int error;                /* the answer; 0: -EXDEV */
};

static void *answer_one(void *arg)
{
	struct answerer *a = arg;
	struct seccomp_notif req;
	memset(&req, 0, sizeof req);
	if (ioctl(a->fd, SECCOMP_IOCTL_NOTIF_RECV, &req) != 0) {
		a->status = 1;
		return NULL;
	}
	a->status = req.data.nr == SYS_getppid ? 0 : 2;
	struct seccomp_notif_resp resp;
	memset(&resp, 0, sizeof resp);
	resp.id = req.id;
	resp.error = a->error ? a->error : -EXDEV;
	if (ioctl(a->fd, SECCOMP_IOCTL_NOTIF_SEND, &resp) != 0)
		a->status = 3;
	return NULL;
}

static int listener_child(void *flagsp)
{
	struct seccompc_install_result r;
	if (seccompc_install(notify_getppid, sizeof notify_getppid / sizeof notify_getppid[0],
			     *(unsigned *)flagsp, &r))
		return 50;
	if (r.listener_fd < 0)
		return 51;
	struct answerer a = { r.listener_fd, -1, 0 };
	pthread_t t;
	if (pthread_create(&t, NULL, answer_one, &a))
		return 52;
	errno = 0;
	long v = syscall(SYS_getppid);
	int e = errno;
	pthread_join(t, NULL);
	if (a.status)
		return 60 + a.status;
	if (v != -1 || e != EXDEV)
		return 53;
	/* One listener a filter chain: the kernel refuses a second. */
	if (seccompc_install(deny_getppid, DENY_LEN, SECCOMPC_FLAG_NEW_LISTENER, &r) != -EBUSY)
		return 54;
	return 0;
}

/* The kernel's answers past MAX_ERRNO (4095), which seccompc-exec --report
 * has to match: SECCOMP_RET_ERRNO's data is capped at 4095, a listener's
 * answer is not (-5000 comes back as a return value of -5000, errno
 * untouched: a "success" to the C library). */
static int errno_past_max(void *arg)
{
	(void)arg;
	static const struct sock_filter errno_5000[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 5000),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	pid_t pid = fork();
	if (pid == 0) {
		if (seccompc_install(errno_5000, 4, 0, NULL))
			_exit(1);
		errno = 0;
		long v = syscall(SYS_getppid);
		_exit(v == -1 && errno == 4095 ? 0 : 2);
	}
	int st;
	waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return 10 + (WIFEXITED(st) ? WEXITSTATUS(st) : 9);
	struct seccompc_install_result r;
	if (seccompc_install(notify_getppid, sizeof notify_getppid / sizeof notify_getppid[0],
			     SECCOMPC_FLAG_NEW_LISTENER, &r))
		return 20;
	struct answerer a = { r.listener_fd, -1, -5000 };
	pthread_t t;
	if (pthread_create(&t, NULL, answer_one, &a))
		return 21;
	errno = 0;
	long v = syscall(SYS_getppid);
	int e = errno;
	pthread_join(t, NULL);
	if (a.status)
		return 30 + a.status;
	return v == -5000 && e == 0 ? 0 : 22;
}

START_TEST(errno_past_max_errno)
{
	int st = in_child(errno_past_max, NULL);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status 0x%x", st);
}
END_TEST

static const unsigned listener_flags[] = {
	SECCOMPC_FLAG_NEW_LISTENER, SECCOMPC_FLAG_NEW_LISTENER | SECCOMPC_FLAG_WAIT_KILLABLE_RECV,
};

START_TEST(listener_answers_the_filtered_syscall)
{
	unsigned flags = listener_flags[_i];
	if (!seccompc_flag_available(flags))
		return;
	int st = in_child(listener_child, &flags);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "flags 0x%x: status 0x%x", flags, st);
}
END_TEST

START_TEST(flag_questions)
{
	/* The kernel wants NEW_LISTENER with WAIT_KILLABLE_RECV; the question adds it. */
	ck_assert_int_eq(seccompc_flag_available(SECCOMPC_FLAG_WAIT_KILLABLE_RECV),
			 seccompc_flag_available(SECCOMPC_FLAG_WAIT_KILLABLE_RECV |
						 SECCOMPC_FLAG_NEW_LISTENER));
	ck_assert_int_eq(seccompc_flag_available(SECCOMPC_FLAG_FORCE_PRCTL), 1);
	ck_assert_int_eq(seccompc_flag_available(SECCOMPC_FLAG_HAVE_SYS_ADMIN), 1);
	ck_assert_int_eq(seccompc_flag_available(SECCOMPC_FLAG_LOG | (1u << 12)), 0);
	/* Asking installs nothing. */
	ck_assert_int_eq(prctl(PR_GET_SECCOMP), 0);
}
END_TEST

/* A raw file the library refuses, with the error and detail it gives; the
 * process is left as it was (no filter, no no_new_privs). */
static const struct {
	const char *what;
	struct sock_filter insns[3];
	size_t bytes;
	int err;
	size_t bad;
	const char *reason;
} bad_files[] = {
	{ "empty", { { 0, 0, 0, 0 } }, 0, -ENODATA, 0, NULL },
	{ "13 bytes", { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) }, 13, -EBADMSG, 0, NULL },
	{ "bad opcode", { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
			  BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 0),
			  BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) }, 24,
	  -EINVAL, 1, "an opcode seccomp does not allow" },
	{ "jump out of range", { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
				 BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1),
				 BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) }, 24,
	  -EINVAL, 1, "jump past the end of the program" },
};

START_TEST(bad_files_are_rejected_before_install)
{
	write_blob(blob_path(), bad_files[_i].insns, bad_files[_i].bytes);
	struct seccompc_install_result r;
	int err = seccompc_install_file(blob_path(), 0, &r);
	unlink(blob_path());
	ck_assert_msg(err == bad_files[_i].err, "%s: %d (%s)", bad_files[_i].what, err,
		      seccompc_strerror(err));
	if (bad_files[_i].reason) {
		ck_assert_uint_eq(r.bad_insn, bad_files[_i].bad);
		ck_assert_str_eq(r.reason, bad_files[_i].reason);
	}
	ck_assert_int_eq(prctl(PR_GET_SECCOMP), 0);
	ck_assert_int_eq(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), 0);
}
END_TEST

START_TEST(missing_file_and_messages)
{
	ck_assert_int_eq(seccompc_install_file("/nonexistent/filter.bpf", 0, NULL), -ENOENT);
	ck_assert_str_eq(seccompc_strerror(-EBADMSG),
			 "the file is not a raw filter: its size is not a multiple of 8 bytes");
	ck_assert_str_eq(seccompc_strerror(-ENODATA), "the filter is empty");
	ck_assert_str_eq(seccompc_strerror(0), "success");
	/* Anything else: libc's words. */
	ck_assert_str_eq(seccompc_strerror(-EXDEV), strerror(EXDEV));
}
END_TEST

/* FORCE_PRCTL cannot carry kernel flags: refused, nothing installed. */
static int prctl_with_flag(void *arg)
{
	(void)arg;
	int err = seccompc_install(deny_getppid, DENY_LEN,
				   SECCOMPC_FLAG_FORCE_PRCTL | SECCOMPC_FLAG_LOG, NULL);
	if (err != -EINVAL)
		return 70;
	return prctl(PR_GET_SECCOMP) == 0 ? 0 : 71;
}

START_TEST(prctl_fallback_refuses_flags)
{
	int st = in_child(prctl_with_flag, NULL);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status 0x%x", st);
}
END_TEST

/* Whether this process's effective capabilities include CAP_SYS_ADMIN (21). */
static bool have_sys_admin(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	unsigned long long eff = 0;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "CapEff: %llx", &eff) == 1)
			break;
	if (f)
		fclose(f);
	return (eff >> 21) & 1;
}

/* HAVE_SYS_ADMIN: no_new_privs is left alone; the kernel then wants the
 * capability (EACCES without it). */
static int install_as_admin(void *arg)
{
	int expect = *(int *)arg;
	int err = seccompc_install(deny_getppid, DENY_LEN, SECCOMPC_FLAG_HAVE_SYS_ADMIN, NULL);
	if (err != expect)
		return 80;
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 0)
		return 81;
	return err ? 0 : check_denies_getppid();
}

START_TEST(sys_admin_keeps_no_new_privs_off)
{
	int expect = have_sys_admin() ? 0 : -EACCES;
	int st = in_child(install_as_admin, &expect);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "expected %d: status 0x%x", expect, st);
}
END_TEST

/* A failed install_file leaves a result that says nothing (no instruction, no
 * reason, no listener), whatever the struct held before: the launcher prints
 * from it. */
START_TEST(failed_install_file_resets_the_result)
{
	static const struct { const char *path; int err; } cases[] = {
		{ "/nonexistent/filter.bpf", -ENOENT },   /* open fails */
		{ "/", -EISDIR },                         /* read fails */
		{ NULL, -EBADMSG },                       /* the size is wrong */
	};
	write_blob(blob_path(), deny_getppid, 13);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct seccompc_install_result r;
		memset(&r, 0xa5, sizeof r);
		const char *path = cases[i].path ? cases[i].path : blob_path();
		ck_assert_int_eq(seccompc_install_file(path, 0, &r), cases[i].err);
		ck_assert_msg(r.reason == NULL && r.bad_insn == 0 && r.listener_fd == -1 &&
			      r.tsync_failed_tid == 0 && r.used_prctl == 0, "%s: result not reset", path);
	}
	unlink(blob_path());
}
END_TEST

/* NEW_LISTENER without a result would install a filter whose listener nobody
 * can have: the next notified syscall would block forever. Refused, and
 * nothing is installed. */
static int listener_without_result(void *arg)
{
	(void)arg;
	int err = seccompc_install(notify_getppid, sizeof notify_getppid / sizeof notify_getppid[0],
				   SECCOMPC_FLAG_NEW_LISTENER, NULL);
	if (err != -EINVAL)
		return 1;
	if (prctl(PR_GET_SECCOMP) != 0 || prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 0)
		return 2;
	return syscall(SYS_getppid) > 0 ? 0 : 3;
}

START_TEST(new_listener_needs_a_result)
{
	int st = in_child(listener_without_result, NULL);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status 0x%x", st);
}
END_TEST

/* Any int gets a sentence, INT_MIN (whose negation overflows) included. */
START_TEST(strerror_of_any_value)
{
	ck_assert_str_eq(seccompc_strerror(INT_MIN), "not an error code");
	ck_assert_str_eq(seccompc_strerror(7), "not an error code");
	ck_assert_str_eq(seccompc_strerror(INT_MAX), "not an error code");
	ck_assert_str_eq(seccompc_strerror(-EPERM), strerror(EPERM));
}
END_TEST

/* install_file works on a thread with a small stack (32 KiB, guard page
 * below): it must not put the file's 32 KiB on the stack. */
static void *install_on_small_stack(void *path)
{
	int err = seccompc_install_file(path, 0, NULL);
	return (void *)(intptr_t)(err ? 20 : check_denies_getppid());
}

static int small_stack_child(void *path)
{
	pthread_attr_t attr;
	pthread_t t;
	void *ret;
	if (pthread_attr_init(&attr) || pthread_attr_setstacksize(&attr, 32 * 1024) ||
	    pthread_create(&t, &attr, install_on_small_stack, path) || pthread_join(t, &ret))
		return 30;
	return (int)(intptr_t)ret;
}

START_TEST(install_file_fits_a_small_stack)
{
	write_blob(blob_path(), deny_getppid, sizeof deny_getppid);
	int st = in_child(small_stack_child, (void *)blob_path());
	unlink(blob_path());
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status 0x%x (SIGSEGV: stack overflow)",
		      st);
}
END_TEST

/* The library's validator against the kernel's on random programs. A child
 * holds a listener already, so a program the kernel accepts fails to attach
 * with EBUSY (after validation) and nothing accumulates; EINVAL is a
 * rejection. Deterministic: a fixed seed. */
static uint32_t next_random(uint64_t *state)
{
	*state = *state * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(*state >> 33);
}

static const uint16_t fuzz_codes[] = {
	BPF_LD | BPF_W | BPF_ABS, BPF_LD | BPF_W | BPF_LEN, BPF_LDX | BPF_W | BPF_LEN,
	BPF_LD | BPF_IMM, BPF_LDX | BPF_IMM, BPF_LD | BPF_MEM, BPF_LDX | BPF_MEM, BPF_ST, BPF_STX,
	BPF_ALU | BPF_ADD | BPF_K, BPF_ALU | BPF_SUB | BPF_X, BPF_ALU | BPF_DIV | BPF_K,
	BPF_ALU | BPF_DIV | BPF_X, BPF_ALU | BPF_MOD | BPF_K, BPF_ALU | BPF_LSH | BPF_K,
	BPF_ALU | BPF_RSH | BPF_K, BPF_ALU | BPF_NEG, BPF_ALU | BPF_XOR | BPF_K,
	BPF_MISC | BPF_TAX, BPF_MISC | BPF_TXA, BPF_JMP | BPF_JA, BPF_JMP | BPF_JEQ | BPF_K,
	BPF_JMP | BPF_JGT | BPF_X, BPF_JMP | BPF_JSET | BPF_K, BPF_RET | BPF_K, BPF_RET | BPF_A,
	BPF_RET | BPF_X, BPF_LD | BPF_H | BPF_ABS, BPF_LD | BPF_W | BPF_IND, BPF_LDX | BPF_B | BPF_MSH,
	BPF_ALU | BPF_MOD | BPF_X, BPF_ALU | BPF_AND | BPF_X, BPF_ALU | BPF_OR | BPF_K,
	BPF_ALU | BPF_MUL | BPF_K, BPF_JMP | BPF_JGE | BPF_X, BPF_JMP | BPF_JEQ | BPF_X,
	BPF_LDX | BPF_W | BPF_ABS, BPF_ALU | BPF_NEG | BPF_X,
};

static struct sock_filter random_insn(uint64_t *st, size_t len)
{
	struct sock_filter f;
	uint32_t r = next_random(st);
	f.code = r % 16 == 0 ? (uint16_t)(next_random(st) & 0x1ff)
			     : fuzz_codes[next_random(st) % (sizeof fuzz_codes / sizeof fuzz_codes[0])];
	f.jt = (uint8_t)(next_random(st) % (len + 1));
	f.jf = (uint8_t)(next_random(st) % (len + 1));
	switch (next_random(st) % 4) {
	case 0: f.k = next_random(st) % 20; break;          /* slots, shifts, small jumps */
	case 1: f.k = (next_random(st) % 18) * 4; break;    /* seccomp_data offsets */
	case 2: f.k = next_random(st) % 70; break;
	default: f.k = next_random(st); break;
	}
	if (BPF_CLASS(f.code) == BPF_JMP && BPF_OP(f.code) == BPF_JA)
		f.k %= (uint32_t)len + 1;
	return f;
}

static int fuzz_child(void *arg)
{
	(void)arg;
	struct seccompc_install_result r;
	if (seccompc_install(allow_all, 1, SECCOMPC_FLAG_NEW_LISTENER, &r) != 0)
		return 90;
	uint64_t st = 0x5ecc0c;
	unsigned accepted = 0;
	for (int n = 0; n < 20000; n++) {
		struct sock_filter prog[8];
		size_t len = 1 + next_random(&st) % 8;
		for (size_t i = 0; i < len; i++)
			prog[i] = random_insn(&st, len);
		if (next_random(&st) % 2)   /* often end in a return, to get past that check */
			prog[len - 1] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
		int mine = seccompc_validate(prog, len, NULL, NULL);
		struct sock_fprog fp = { (unsigned short)len, prog };
		long k = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &fp);
		int kernel = k < 0 ? errno : 0;
		if (kernel != EBUSY && kernel != EINVAL) {
			fprintf(stderr, "program %d: the kernel said %d\n", n, kernel);
			return 91;
		}
		if ((mine == 0) != (kernel == EBUSY)) {
			fprintf(stderr, "program %d (%zu insns): library %d, kernel %s:\n", n, len, mine,
				kernel == EBUSY ? "accepts" : "rejects");
			for (size_t i = 0; i < len; i++)
				fprintf(stderr, "  %zu: code 0x%04x jt %u jf %u k 0x%x\n", i, prog[i].code,
					prog[i].jt, prog[i].jf, prog[i].k);
			return 92;
		}
		accepted += mine == 0;
	}
	/* Both verdicts must have been exercised plenty. */
	return accepted > 1000 && accepted < 19000 ? 0 : 93;
}

START_TEST(validator_agrees_with_the_kernel)
{
	int st = in_child(fuzz_child, NULL);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status 0x%x", st);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("runtime");
	TCase *tc = tcase_create("library");
	tcase_add_test(tc, install_from_array);
	tcase_add_test(tc, prctl_fallback);
	tcase_add_test(tc, prctl_fallback_refuses_flags);
	tcase_add_loop_test(tc, every_supported_flag, 0, (int)(sizeof every_flag / sizeof every_flag[0]));
	tcase_add_test(tc, unknown_flag_is_refused);
	tcase_add_test(tc, flag_questions);
	tcase_add_test(tc, install_from_file);
	tcase_add_loop_test(tc, malformed_programs_are_rejected_before_install, 0,
			    (int)(sizeof malformed / sizeof malformed[0]));
	tcase_add_test(tc, sizes_are_checked);
	tcase_add_loop_test(tc, bad_files_are_rejected_before_install, 0,
			    (int)(sizeof bad_files / sizeof bad_files[0]));
	tcase_add_test(tc, missing_file_and_messages);
	tcase_add_test(tc, tsync_filters_other_threads);
	tcase_add_loop_test(tc, tsync_failure_names_the_thread, 0,
			    (int)(sizeof tsync_flags / sizeof tsync_flags[0]));
	tcase_add_loop_test(tc, listener_answers_the_filtered_syscall, 0,
			    (int)(sizeof listener_flags / sizeof listener_flags[0]));
	tcase_add_test(tc, sys_admin_keeps_no_new_privs_off);
	tcase_add_test(tc, errno_past_max_errno);
	tcase_add_test(tc, validator_agrees_with_the_kernel);
	tcase_add_test(tc, failed_install_file_resets_the_result);
	tcase_add_test(tc, new_listener_needs_a_result);
	tcase_add_test(tc, strerror_of_any_value);
	tcase_add_test(tc, install_file_fits_a_small_stack);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
