/*
 * supervise.c - the launcher while its command runs (see supervise.h).
 */
#include "supervise.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
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

/* Sends sig to each child of this process (of its main thread: the
 * receiving thread starts none). */
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

/*
 * The listener's receiving side.
 *
 * A caller waits for its answer interruptibly until the supervisor has
 * received the notification: a signal that arrives before that (a SIGCHLD
 * from a child that just exited, say) ends the call, with EINTR when the
 * handler lacks SA_RESTART, as dash's does, even for a call such as pipe()
 * that never fails so. Once received, with WAIT_KILLABLE_RECV (which
 * install_filter() asks for with a listener), only a fatal signal ends the
 * wait. So a thread of its own receives each notification the moment it
 * arrives, woken on the caller's CPU where the kernel can
 * (SYNC_WAKE_UP), whatever the policy is doing; deciding and answering
 * stay with the supervisor.
 */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

struct receiver {
	int listener;
	int bell;                 /* eventfd: rung for each notification queued, and at the end */
	int stop;                 /* eventfd: the thread returns once it is readable */
	size_t req_size, resp_size;   /* the kernel's (may exceed the headers') */
	struct seccomp_notif *req;    /* the supervisor's copy of the one it answers */
	struct seccomp_notif_resp *resp;
	pthread_mutex_t lock;     /* guards what follows */
	unsigned char *reqs;      /* n requests of req_size bytes, unanswered from head on */
	size_t head, n, cap;
	bool ended;               /* the listener hung up or failed: nothing more comes */
};

static struct seccomp_notif *queued(const struct receiver *r, size_t i)
{
	return (struct seccomp_notif *)(r->reqs + i * r->req_size);
}

/* Appends req (with the lock held); false when out of memory. */
static bool queue_push(struct receiver *r, const struct seccomp_notif *req)
{
	if (r->head) {
		memmove(r->reqs, queued(r, r->head), (r->n - r->head) * r->req_size);
		r->n -= r->head;
		r->head = 0;
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 16;
		unsigned char *reqs = realloc(r->reqs, cap * r->req_size);
		if (!reqs)
			return false;
		r->reqs = reqs;
		r->cap = cap;
	}
	memcpy(queued(r, r->n++), req, r->req_size);
	return true;
}

/* Takes the oldest unanswered notification into r->req; false when there
 * is none. *ended: none will come any more. */
static bool queue_take(struct receiver *r, bool *ended)
{
	pthread_mutex_lock(&r->lock);
	bool some = r->head < r->n;
	if (some)
		memcpy(r->req, queued(r, r->head++), r->req_size);
	*ended = r->ended && !some;
	pthread_mutex_unlock(&r->lock);
	return some;
}

static void ring(int fd)
{
	uint64_t one = 1;
	while (write(fd, &one, sizeof one) < 0 && errno == EINTR)
		;
}

/* The receiving thread: each notification into the queue the moment it
 * arrives, until stopped or the listener hangs up (then ended, and the bell
 * rung). One it cannot keep (out of memory) is answered -ENOSYS here, as
 * without a listener. */
static void *receive(void *arg)
{
	struct receiver *r = arg;
	struct seccomp_notif *req = calloc(1, r->req_size);
	struct seccomp_notif_resp *resp = calloc(1, r->resp_size);
	bool ended = !req || !resp;
	while (!ended) {
		struct pollfd p[2] = { { r->listener, POLLIN, 0 }, { r->stop, POLLIN, 0 } };
		if (poll(p, 2, -1) < 0) {
			ended = errno != EINTR;
			continue;
		}
		if (p[1].revents & POLLIN)
			break;
		if (!(p[0].revents & POLLIN)) {
			ended = p[0].revents & (POLLHUP | POLLERR | POLLNVAL);
			continue;
		}
		memset(req, 0, r->req_size);
		if (ioctl(r->listener, SECCOMP_IOCTL_NOTIF_RECV, req) != 0)
			continue;   /* ENOENT: the caller was interrupted or killed meanwhile */
		pthread_mutex_lock(&r->lock);
		bool kept = queue_push(r, req);
		pthread_mutex_unlock(&r->lock);
		if (kept) {
			ring(r->bell);
			continue;
		}
		memset(resp, 0, r->resp_size);
		resp->id = req->id;
		resp->error = -ENOSYS;
		ioctl(r->listener, SECCOMP_IOCTL_NOTIF_SEND, resp);
	}
	if (ended) {
		pthread_mutex_lock(&r->lock);
		r->ended = true;
		pthread_mutex_unlock(&r->lock);
		ring(r->bell);
	}
	free(req);
	free(resp);
	return NULL;
}

/* Starts the receiving thread on listener; false, after a message, when it
 * cannot (r is then left with nothing to free). */
static bool receiver_start(struct receiver *r, int listener, pthread_t *thread)
{
	memset(r, 0, sizeof *r);
	r->listener = listener;
	r->bell = r->stop = -1;
	struct seccomp_notif_sizes sizes = { 0, 0, 0 };
	syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes);
	r->req_size = sizes.seccomp_notif > sizeof *r->req ? sizes.seccomp_notif : sizeof *r->req;
	r->resp_size = sizes.seccomp_notif_resp > sizeof *r->resp ? sizes.seccomp_notif_resp
								   : sizeof *r->resp;
	uint64_t sync = SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP;
	ioctl(listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, sync);   /* EINVAL before 6.6: woken anywhere */
	r->req = calloc(1, r->req_size);
	r->resp = calloc(1, r->resp_size);
	int err = ENOMEM;
	if (r->req && r->resp) {
		r->bell = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		r->stop = eventfd(0, EFD_CLOEXEC);
		err = r->bell < 0 || r->stop < 0 ? errno : 0;
	}
	if (!err) {
		pthread_mutex_init(&r->lock, NULL);
		err = pthread_create(thread, NULL, receive, r);
		if (!err)
			return true;
		pthread_mutex_destroy(&r->lock);
	}
	fprintf(stderr, "seccompc-exec: cannot receive notifications: %s\n", strerror(err));
	if (r->bell >= 0)
		close(r->bell);
	if (r->stop >= 0)
		close(r->stop);
	free(r->req);
	free(r->resp);
	return false;
}

/* Stops the receiving thread and frees what r holds; the listener stays open. */
static void receiver_stop(struct receiver *r, pthread_t thread)
{
	ring(r->stop);
	pthread_join(thread, NULL);
	close(r->bell);
	close(r->stop);
	pthread_mutex_destroy(&r->lock);
	free(r->reqs);
	free(r->req);
	free(r->resp);
}

int supervise(struct supervisor *sv, pid_t pid, int listener, const struct supervise_policy *policy)
{
	/* The terminal sends these to the command itself. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	struct receiver rcv;
	pthread_t thread;
	if (listener >= 0 && !receiver_start(&rcv, listener, &thread)) {
		fprintf(stderr, "seccompc-exec: no longer reporting\n");
		close(listener);
		listener = -1;
	}
	struct pollfd p[2] = { { sv->sigfd, POLLIN, 0 }, { listener >= 0 ? rcv.bell : -1, POLLIN, 0 } };
	bool exited = false, hung_up = listener < 0, childless = false, more = false;
	int status = 0;
	while (!exited || (sv->follow && !hung_up && !childless)) {
		if (poll(p, 2, more ? 0 : -1) < 0) {
			if (errno == EINTR)
				continue;
			/* Cannot wait for anything any more: close the listener first,
			 * so that nothing blocks on it, then wait for the command. */
			fprintf(stderr, "seccompc-exec: poll: %s; no longer reporting\n", strerror(errno));
			if (!hung_up) {
				receiver_stop(&rcv, thread);
				close(listener);
				hung_up = true;
			}
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
		if (hung_up)
			continue;
		uint64_t rung;   /* how often does not matter: the queue says what to answer */
		if ((p[1].revents & POLLIN) && read(rcv.bell, &rung, sizeof rung) < 0)
			rung = 0;
		/* One notification a turn, so that no signal waits for the rest. */
		bool ended;
		more = queue_take(&rcv, &ended);
		if (more) {
			memset(rcv.resp, 0, rcv.resp_size);
			rcv.resp->id = rcv.req->id;
			rcv.resp->error = -ENOSYS;
			if (policy)
				policy->decide(policy->ctx, listener, rcv.req, rcv.resp);
			ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, rcv.resp);   /* ENOENT: killed meanwhile */
		} else if (ended) {
			hung_up = true;   /* no process holds the filter any more */
			receiver_stop(&rcv, thread);
			close(listener);
			p[1].fd = -1;
		}
	}
	if (!hung_up) {
		receiver_stop(&rcv, thread);
		close(listener);
	}
	close(sv->sigfd);
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
