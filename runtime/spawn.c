/*
 * spawn.c - the command's process (see spawn.h).
 *
 * The listener of a filter installed with NEW_LISTENER lives in the process
 * the filter confines, and any syscall that process makes after the install
 * may be one the filter sends to that very listener: passing it on with
 * sendmsg() deadlocks under a profile that denies sendmsg. So the child
 * shares its descriptor table with the launcher (CLONE_FILES): the listener
 * appears in the launcher's table the moment seccomp() returns, the child
 * writes its number to a shared page (a store, not a syscall) and goes
 * straight to execve(), which gives it a table of its own and closes the
 * listener there (it is close-on-exec). The launcher waits for the store by
 * yielding, not by anything the child would have to do.
 */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "supervise.h"

/* What the child and the launcher share (a MAP_SHARED page). */
struct handoff {
	int installed;            /* the filter is in place (listener set) */
	int failed;               /* the child gave up before the command; it said why */
	int exec_failed;          /* execve failed; the child said why */
	int listener;
	int status_valid;         /* isolate_pids: the init passed the command's status */
	int command_status;
};

static int load(const int *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store(int *p, int v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

int install_filter(const struct launch_filter *f, int *listener)
{
	struct seccompc_install_result r;
	unsigned flags = f->flags | (listener ? SECCOMPC_FLAG_NEW_LISTENER : 0);
	if (!f->insns)
		return 0;
	/* A notified call the launcher has received waits for its answer
	 * killably, not ended by the command's own signals (supervise.c). */
	if (listener && seccompc_flag_available(SECCOMPC_FLAG_WAIT_KILLABLE_RECV))
		flags |= SECCOMPC_FLAG_WAIT_KILLABLE_RECV;
	int err = seccompc_install(f->insns, f->len, flags, &r);
	if (!err) {
		if (listener)
			*listener = r.listener_fd;
		return 0;
	}
	if (err == -EINVAL && r.reason)
		fprintf(stderr, "seccompc-exec: %s: instruction %zu: %s\n", f->what, r.bad_insn, r.reason);
	else if (err == -ESRCH && r.tsync_failed_tid)
		fprintf(stderr, "seccompc-exec: %s: thread %ld could not be synchronised\n", f->what,
			r.tsync_failed_tid);
	else
		fprintf(stderr, "seccompc-exec: %s: %s\n", f->what, seccompc_strerror(err));
	return -1;
}

/*
 * Ends the child under its filter, which may deny exit_group and exit as
 * well as execve: the raw calls (no exit handlers: a leak checker's may
 * need syscalls the filter denies, and a sanitizer's would spin on a
 * refused exit), then a trap, which the kernel turns into SIGILL without a
 * syscall.
 */
static _Noreturn void end_child(int status)
{
	syscall(SYS_exit_group, status);
	syscall(SYS_exit, status);
	for (;;)
		__builtin_trap();
}

/* execvp, then (it failed) the note in h, a message and the end. */
static _Noreturn void exec_or_exit(char **argv, struct handoff *h)
{
	execvp(argv[0], argv);
	int e = errno;
	if (h)
		store(&h->exec_failed, 1);
	fprintf(stderr, "seccompc-exec: cannot run %s: %s\n", argv[0], strerror(e));
	end_child(e == ENOENT ? LAUNCH_NOT_FOUND : LAUNCH_CANNOT_EXEC);
}

_Noreturn void exec_command(char **argv)
{
	exec_or_exit(argv, NULL);
}

/* clone() as fork() (SIGCHLD, the child on a copy of the stack), with flags. */
static pid_t clone_process(unsigned long flags)
{
#ifdef SYS_clone3
	struct {   /* struct clone_args, CLONE_ARGS_SIZE_VER0 */
		uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	} args;
	memset(&args, 0, sizeof args);
	args.flags = flags;
	args.exit_signal = SIGCHLD;
	long r = syscall(SYS_clone3, &args, sizeof args);
	if (r >= 0 || (errno != ENOSYS && errno != EPERM))
		return (pid_t)r;
	/* ENOSYS: an old kernel, or a container profile that answers clone3 so */
#endif
#if defined(__s390__) || defined(__s390x__)
	return (pid_t)syscall(SYS_clone, 0, flags | SIGCHLD, NULL, NULL, 0);
#else
	return (pid_t)syscall(SYS_clone, flags | SIGCHLD, 0, NULL, NULL, 0);
#endif
}

/* In the child: the filter, the listener's number to the launcher, the exec.
 * After the install, nothing but execve. */
static _Noreturn void run_command(const struct spawn_request *req, struct handoff *h)
{
	if (req->child_mask)
		sigprocmask(SIG_SETMASK, req->child_mask, NULL);
	int listener = -1;
	if (install_filter(&req->filter, req->listener ? &listener : NULL) != 0) {
		store(&h->failed, 1);
		_exit(LAUNCH_FAILED);
	}
	h->listener = listener;
	store(&h->installed, 1);
	exec_or_exit(req->argv, h);
}

/* Says why --isolate-pids could not be set up, and gives up. */
static _Noreturn void isolation_failed(struct handoff *h, const char *what)
{
	fprintf(stderr, "seccompc-exec: --isolate-pids: %s: %s\n", what, strerror(errno));
	store(&h->failed, 1);
	_exit(LAUNCH_FAILED);
}

static bool write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = write(fd, text, strlen(text));
	int e = errno;
	close(fd);
	errno = e;
	return n == (ssize_t)strlen(text);
}

/* Whether this process has CAP_SYS_ADMIN (then no user namespace is needed,
 * and making one would take root's power over files away). */
static bool have_sys_admin(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	if (syscall(SYS_capget, &hdr, data) != 0)
		return false;
	return data[CAP_SYS_ADMIN / 32].effective & (1u << (CAP_SYS_ADMIN % 32));
}

/*
 * PID 1 of the new namespaces: maps the user (in a new user namespace),
 * mounts a /proc that shows only the namespace's processes, starts the
 * command, passes the launcher's signals on to it, reaps what is left to
 * it, and when the command exits hands its status to the launcher and
 * exits, which ends the namespace (the kernel kills what is left).
 */
static _Noreturn void run_init(const struct spawn_request *req, struct handoff *h, bool userns,
			       uid_t uid, gid_t gid)
{
	char map[64];
	if (userns) {
		if (!write_text("/proc/self/setgroups", "deny"))
			isolation_failed(h, "/proc/self/setgroups");
		snprintf(map, sizeof map, "%u %u 1", (unsigned)uid, (unsigned)uid);
		if (!write_text("/proc/self/uid_map", map))
			isolation_failed(h, "/proc/self/uid_map");
		snprintf(map, sizeof map, "%u %u 1", (unsigned)gid, (unsigned)gid);
		if (!write_text("/proc/self/gid_map", map))
			isolation_failed(h, "/proc/self/gid_map");
	}
	/* Private first, or the new /proc would show up in the parent's mounts. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		isolation_failed(h, "making the mounts private");
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
		isolation_failed(h, "mounting a /proc of the new PID namespace (without it, /proc "
				 "would still reach every process)");
	pid_t cmd = clone_process(req->listener ? CLONE_FILES : 0);
	if (cmd < 0)
		isolation_failed(h, "starting the command");
	if (cmd == 0)
		run_command(req, h);
	/* The terminal's signals reach the command itself; the launcher's come
	 * here blocked (since before the clone) and are passed on. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	sigset_t set;
	supervised_signals(&set);
	for (;;) {
		siginfo_t si;
		int sig = sigwaitinfo(&set, &si);
		if (sig == SIGCHLD) {
			int st;
			pid_t p;
			while ((p = waitpid(-1, &st, WNOHANG)) > 0)
				if (p == cmd) {
					h->command_status = st;
					store(&h->status_valid, 1);
					_exit(0);
				}
		} else if (sig > 0) {
			kill(cmd, sig);
		}
	}
}

int spawn_command(const struct spawn_request *req, struct spawned *out)
{
	memset(out, 0, sizeof *out);
	out->listener = -1;
	struct handoff *h = mmap(NULL, sizeof *h, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
				 -1, 0);
	if (h == MAP_FAILED) {
		fprintf(stderr, "seccompc-exec: mmap: %s\n", strerror(errno));
		return LAUNCH_FAILED;
	}
	unsigned long flags = req->listener ? CLONE_FILES : 0;
	bool userns = false;
	if (req->isolate_pids) {
		flags |= CLONE_NEWPID | CLONE_NEWNS;
		userns = !have_sys_admin();
		if (userns)
			flags |= CLONE_NEWUSER;
	}
	uid_t uid = geteuid();
	gid_t gid = getegid();
	fflush(NULL);
	pid_t pid = clone_process(flags);
	if (pid < 0) {
		if (req->isolate_pids && (errno == EPERM || errno == ENOSPC || errno == EINVAL))
			fprintf(stderr, "seccompc-exec: --isolate-pids: new %sPID namespaces are not "
				"allowed here: %s\n", userns ? "user and " : "", strerror(errno));
		else
			fprintf(stderr, "seccompc-exec: cannot start the command: %s\n", strerror(errno));
		munmap(h, sizeof *h);
		return LAUNCH_FAILED;
	}
	if (pid == 0) {
		if (req->isolate_pids)
			run_init(req, h, userns, uid, gid);
		run_command(req, h);
	}
	out->pid = pid;
	out->handoff = h;
	if (!req->listener)
		return 0;
	for (;;) {
		/* Whether the child ended, asked before installed is read and
		 * without reaping it: a command that ran and ended already (the
		 * store comes before its exec) is supervise()'s to reap. */
		siginfo_t si;
		si.si_pid = 0;
		bool ended = waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
			     si.si_pid == pid;
		if (load(&h->installed)) {
			out->listener = h->listener;
			return 0;
		}
		if (load(&h->failed) || ended) {
			if (!load(&h->failed))
				fprintf(stderr, "seccompc-exec: the command's process ended before its filter "
					"was installed\n");
			int st;
			waitpid(pid, &st, 0);
			spawn_release(out);
			return LAUNCH_FAILED;
		}
		sched_yield();
	}
}

int spawn_command_status(const struct spawned *s, int status, bool *ran)
{
	const struct handoff *h = s->handoff;
	*ran = h && load(&h->installed) && !load(&h->exec_failed) && !load(&h->failed);
	if (h && load(&h->status_valid))
		return h->command_status;
	return status;
}

void spawn_release(struct spawned *s)
{
	if (s->handoff)
		munmap(s->handoff, sizeof *s->handoff);
	s->handoff = NULL;
}
