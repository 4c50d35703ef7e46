/*
 * report.c - seccompc-exec --report: a supervisor that explains denials.
 *
 * The child installs the filter with SECCOMP_FILTER_FLAG_NEW_LISTENER (the
 * profile's ERRNO decisions compiled as USER_NOTIF), hands the listener to
 * the parent over a socket pair and execs the command. The parent receives
 * each notification, asks the resolved table what the profile decides for
 * it, prints the denial as it happens and answers with the profile's errno,
 * so the program sees what it would have seen without --report. No root and
 * no audit log are needed.
 */
#include <errno.h>
#include <inttypes.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launcher.h"
#include "seccompc-runtime.h"

#define MAX_KINDS 256

struct denial_count {
	uint32_t arch, nr;
	const char *name;
	unsigned count;
};

struct supervisor {
	const struct rule_table *table;
	struct denial_count kinds[MAX_KINDS];
	size_t nkinds;
	unsigned total;
};

static void send_fd(int sock, int fd, int err)
{
	struct iovec iov = { &err, sizeof err };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	if (fd >= 0) {
		memset(&u, 0, sizeof u);
		msg.msg_control = u.buf;
		msg.msg_controllen = sizeof u.buf;
		struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof fd);
	}
	while (sendmsg(sock, &msg, 0) < 0 && errno == EINTR)
		;
}

/* The listener fd, or -errno from the child, or -EPIPE when it vanished. */
static int recv_fd(int sock)
{
	int err = 0;
	struct iovec iov = { &err, sizeof err };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
			      .msg_controllen = sizeof u.buf };
	ssize_t n;
	while ((n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
		;
	if (n != (ssize_t)sizeof err)
		return -EPIPE;
	if (err)
		return err;
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -EPIPE;
	int fd;
	memcpy(&fd, CMSG_DATA(c), sizeof fd);
	return fd;
}

static void count(struct supervisor *s, uint32_t arch, uint32_t nr, const char *name)
{
	s->total++;
	for (size_t i = 0; i < s->nkinds; i++)
		if (s->kinds[i].arch == arch && s->kinds[i].nr == nr) {
			s->kinds[i].count++;
			return;
		}
	if (s->nkinds < MAX_KINDS)
		s->kinds[s->nkinds++] = (struct denial_count){ arch, nr, name, 1 };
}

/* Answers one notification as the profile would, and says so on stderr. */
static void handle(struct supervisor *s, int listener)
{
	struct seccomp_notif req;
	memset(&req, 0, sizeof req);
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) != 0)
		return;   /* the caller died meanwhile */
	const struct seccomp_data *d = &req.data;
	uint64_t args[6];
	for (int i = 0; i < 6; i++)
		args[i] = d->args[i];
	const struct tarch *ta;
	const struct trule *rule = table_deciding_rule(s->table, d->arch, (uint32_t)d->nr, args, &ta);
	uint32_t action = table_decide_raw(s->table, d->arch, (uint32_t)d->nr, args);
	const struct arch_info *arch = arch_by_audit(d->arch);
	if (ta)
		arch = ta->arch;
	const char *name = arch ? arch_syscall_name(arch, (uint32_t)d->nr) : NULL;
	char what[64], nrbuf[32];
	if (!name) {
		snprintf(nrbuf, sizeof nrbuf, "syscall %d", d->nr);
		name = nrbuf;
	}
	action_describe(action, what, sizeof what);
	if (action_kind_of(action) == ACT_NOTIFY)   /* the profile's own: nobody else listens */
		snprintf(what, sizeof what, "NOTIFY (answered ENOSYS, as without a listener)");
	fprintf(stderr, "seccompc-exec: denied: pid %u %s(0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64
		", 0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64 ") -> %s by %s", req.pid, name,
		args[0], args[1], args[2], args[3], args[4], args[5], what,
		rule ? rule->source->origin.path : ta ? "defaultAction" : "the arch check");
	if (rule)
		fprintf(stderr, " (line %d)", rule->source->origin.loc.line);
	fputc('\n', stderr);
	count(s, d->arch, (uint32_t)d->nr, name == nrbuf ? NULL : name);

	/* The answer the program would have had without --report. The profile's
	 * own NOTIFY decisions get ENOSYS, as without a listener; nothing is ever
	 * let through (the filter only notifies what the table denies). */
	struct seccomp_notif_resp resp;
	memset(&resp, 0, sizeof resp);
	resp.id = req.id;
	if (action_kind_of(action) == ACT_ERRNO)
		resp.error = -(int32_t)(action & RET_DATA);
	else
		resp.error = -ENOSYS;
	ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
}

static void summary(const struct supervisor *s)
{
	if (!s->total) {
		fprintf(stderr, "seccompc-exec: no syscall was denied\n");
		return;
	}
	fprintf(stderr, "seccompc-exec: %u denied syscall%s:", s->total, s->total == 1 ? "" : "s");
	for (size_t i = 0; i < s->nkinds; i++) {
		if (s->kinds[i].name)
			fprintf(stderr, "%s %s x%u", i ? "," : "", s->kinds[i].name, s->kinds[i].count);
		else
			fprintf(stderr, "%s syscall %u x%u", i ? "," : "", s->kinds[i].nr, s->kinds[i].count);
	}
	fputc('\n', stderr);
}

/* The supervised child: the filter with a listener, the listener to the
 * parent, then the command. Never returns. */
static _Noreturn void child(int sock, const struct bpf_prog *prog, unsigned flags,
			    const sigset_t *mask, char **argv)
{
	sigprocmask(SIG_SETMASK, mask, NULL);
	struct seccompc_install_result r;
	int err = seccompc_install(prog->insns, prog->len, flags | SECCOMPC_FLAG_NEW_LISTENER, &r);
	send_fd(sock, err ? -1 : r.listener_fd, err);
	if (err)
		_exit(LAUNCH_FAILED);
	close(r.listener_fd);
	close(sock);
	exec_command(argv);
}

/* Signals the supervisor passes on to the command (as timeout(1) does). The
 * terminal's SIGINT and SIGQUIT reach the command directly: ignored here. */
static const int forwarded[] = { SIGTERM, SIGHUP, SIGUSR1, SIGUSR2, SIGALRM };

/* Serves the listener until the command ends; its wait status, or -1 when
 * serving failed and the command still runs. */
static int serve(struct supervisor *s, int listener, pid_t pid, int sigfd)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);   /* -1 before Linux 5.3: poll */
	struct pollfd p[3] = { { listener, POLLIN, 0 }, { sigfd, POLLIN, 0 }, { pidfd, POLLIN, 0 } };
	int status = 0;
	for (;;) {
		int n = poll(p, 3, pidfd >= 0 ? -1 : 100);
		if (n < 0 && errno != EINTR) {
			status = -1;   /* cannot serve any more; the command runs on */
			break;
		}
		if (n > 0 && (p[0].revents & POLLIN))
			handle(s, listener);
		else if (n > 0 && (p[0].revents & (POLLHUP | POLLERR)))
			p[0].fd = -1;   /* no filtered task left; wait for the exit */
		if (n > 0 && (p[1].revents & POLLIN)) {
			struct signalfd_siginfo si;
			if (read(sigfd, &si, sizeof si) == (ssize_t)sizeof si)
				kill(pid, (int)si.ssi_signo);
		}
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
	}
	if (pidfd >= 0)
		close(pidfd);
	return status;
}

int report_supervise(const struct bpf_prog *prog, const struct rule_table *table,
		     unsigned flags, char **argv)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
		fprintf(stderr, "seccompc-exec: socketpair: %s\n", strerror(errno));
		return LAUNCH_FAILED;
	}
	/* Block the forwarded signals before the fork so none is lost; the
	 * child restores the mask before exec. */
	sigset_t fwd, old;
	sigemptyset(&fwd);
	for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
		sigaddset(&fwd, forwarded[i]);
	sigprocmask(SIG_BLOCK, &fwd, &old);
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "seccompc-exec: fork: %s\n", strerror(errno));
		return LAUNCH_FAILED;
	}
	if (pid == 0) {
		close(sv[0]);
		child(sv[1], prog, flags, &old, argv);
	}
	close(sv[1]);
	int listener = recv_fd(sv[0]);
	close(sv[0]);
	int status = 0;
	if (listener < 0) {
		fprintf(stderr, "seccompc-exec: the filter could not be installed: %s\n",
			seccompc_strerror(listener));
		waitpid(pid, &status, 0);
		return LAUNCH_FAILED;
	}
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	int sigfd = signalfd(-1, &fwd, SFD_CLOEXEC);
	struct supervisor s;
	memset(&s, 0, sizeof s);
	s.table = table;
	status = serve(&s, listener, pid, sigfd);
	int serve_errno = errno;
	if (sigfd >= 0)
		close(sigfd);
	close(listener);   /* from here on, what would be notified fails with ENOSYS */
	if (status == -1) {
		fprintf(stderr, "seccompc-exec: poll: %s; no longer reporting\n", strerror(serve_errno));
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	summary(&s);
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS)
		fprintf(stderr, "seccompc-exec: the command was killed by SIGSYS: a syscall the profile "
			"kills (not reported here; `seccompc sim` shows which rule)\n");
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
