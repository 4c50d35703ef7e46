/*
 * supervise.c - the launcher while its command runs (see supervise.h).
 */
#include "supervise.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const int forwarded[] = { SIGTERM, SIGHUP, SIGUSR1, SIGUSR2, SIGALRM, SIGCONT };

void supervised_signals(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
		sigaddset(set, forwarded[i]);
	sigaddset(set, SIGCHLD);
}

int supervise_prepare(struct supervisor *sv, bool follow)
{
	sigset_t set;
	supervised_signals(&set);
	sv->follow = follow;
	sigprocmask(SIG_BLOCK, &set, &sv->old_mask);
	sv->sigfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sv->sigfd < 0) {
		fprintf(stderr, "seccompc-exec: signalfd: %s\n", strerror(errno));
		return -1;
	}
	if (follow && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
		fprintf(stderr, "seccompc-exec: PR_SET_CHILD_SUBREAPER: %s\n", strerror(errno));
		close(sv->sigfd);
		return -1;
	}
	return 0;
}

/* Sends sig to each child of this (single-threaded) process. */
static void signal_children(int sig)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/self/task/%d/children", (int)getpid());
	FILE *f = fopen(path, "r");
	int child;
	while (f && fscanf(f, "%d", &child) == 1)
		kill(child, sig);
	if (f)
		fclose(f);
}

/* The listener's message sizes (the kernel's may exceed the headers'). */
struct notif_buffers {
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	size_t req_size, resp_size;
};

static bool notif_buffers_init(struct notif_buffers *b)
{
	struct seccomp_notif_sizes sizes = { 0, 0, 0 };
	syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes);
	b->req_size = sizes.seccomp_notif > sizeof *b->req ? sizes.seccomp_notif : sizeof *b->req;
	b->resp_size = sizes.seccomp_notif_resp > sizeof *b->resp ? sizes.seccomp_notif_resp
								   : sizeof *b->resp;
	b->req = calloc(1, b->req_size);
	b->resp = calloc(1, b->resp_size);
	return b->req && b->resp;
}

/* Receives one notification and answers it through the policy. */
static void serve_one(int listener, const struct supervise_policy *policy, struct notif_buffers *b)
{
	memset(b->req, 0, b->req_size);
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, b->req) != 0)
		return;   /* ENOENT: the caller was killed meanwhile */
	memset(b->resp, 0, b->resp_size);
	b->resp->id = b->req->id;
	b->resp->error = -ENOSYS;
	if (policy)
		policy->decide(policy->ctx, listener, b->req, b->resp);
	ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, b->resp);   /* ENOENT: killed meanwhile */
}

int supervise(struct supervisor *sv, pid_t pid, int listener, const struct supervise_policy *policy)
{
	/* The terminal sends these to the command itself. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	struct notif_buffers b = { NULL, NULL, 0, 0 };
	if (listener >= 0 && !notif_buffers_init(&b)) {
		fprintf(stderr, "seccompc-exec: out of memory; no longer reporting\n");
		close(listener);
		listener = -1;
	}
	struct pollfd p[2] = { { sv->sigfd, POLLIN, 0 }, { listener, POLLIN, 0 } };
	bool exited = false, hung_up = listener < 0, childless = false;
	int status = 0;
	while (!exited || (sv->follow && !hung_up && !childless)) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			/* Cannot wait for anything any more: close the listener first,
			 * so that nothing blocks on it, then wait for the command. */
			fprintf(stderr, "seccompc-exec: poll: %s; no longer reporting\n", strerror(errno));
			if (p[1].fd >= 0)
				close(p[1].fd);
			p[1].fd = -1;
			while (!exited && waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			break;
		}
		if (p[0].revents & POLLIN) {
			struct signalfd_siginfo si;
			while (read(sv->sigfd, &si, sizeof si) == (ssize_t)sizeof si) {
				int sig = (int)si.ssi_signo;
				if (sig == SIGCHLD)
					continue;
				if (!exited)
					kill(pid, sig);
				else
					signal_children(sig);
			}
			int st;
			pid_t r;
			while ((r = waitpid(sv->follow ? -1 : pid, &st, WNOHANG)) > 0)
				if (r == pid) {
					status = st;
					exited = true;
				}
			childless = r < 0 && errno == ECHILD;
		}
		if (p[1].revents & POLLIN)
			serve_one(p[1].fd, policy, &b);
		else if (p[1].revents & (POLLHUP | POLLERR | POLLNVAL)) {
			hung_up = true;   /* no process holds the filter any more */
			close(p[1].fd);
			p[1].fd = -1;
		}
	}
	if (p[1].fd >= 0)
		close(p[1].fd);
	close(sv->sigfd);
	free(b.req);
	free(b.resp);
	return status;
}

_Noreturn void exit_like(int status)
{
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		struct rlimit none = { 0, 0 };
		setrlimit(RLIMIT_CORE, &none);
		fflush(NULL);
		signal(sig, SIG_DFL);
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, sig);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		raise(sig);
		_exit(128 + sig);   /* a signal whose default is not to end the process */
	}
	exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}
