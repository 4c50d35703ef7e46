/*
 * test_spawn.c - the launcher's side of the command's process (spawn.c),
 * kernel truth: a filter installed with a listener in a forked child, a
 * real notified call, a real signal.
 */
#include <check.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launch_test.h"
#include "spawn.h"

/* Sends getppid to the listener; allows everything else on the host's arch. */
static const struct sock_filter notify_getppid[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 4),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, HOST_AUDIT, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};

static void caught(int sig)
{
	(void)sig;
}

/* The process's state letter in /proc/PID/stat ('D': uninterruptible or
 * killable sleep), or 0 when it cannot be read. */
static char state_of(pid_t pid)
{
	char path[64], line[512];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	char *p = f && fgets(line, sizeof line, f) ? strrchr(line, ')') : NULL;
	if (f)
		fclose(f);
	return p && p[1] == ' ' ? p[2] : 0;
}

/* In the child: the filter through install_filter() with a listener, the
 * listener to the parent (sendmsg is allowed), then getppid with a SIGUSR1
 * handler that lacks SA_RESTART, as dash's SIGCHLD handler does. Exits 0
 * when getppid returned parent, 1 on EINTR. */
static _Noreturn void notified_child(int sock, pid_t parent)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = caught;
	sigaction(SIGUSR1, &sa, NULL);
	struct launch_filter f = { notify_getppid, sizeof notify_getppid / sizeof notify_getppid[0], 0,
				   "notify_getppid" };
	int listener;
	if (install_filter(&f, &listener) != 0)
		_exit(50);
	char byte = 0;
	union { struct cmsghdr h; char space[CMSG_SPACE(sizeof(int))]; } control;
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.space,
			      .msg_controllen = sizeof control.space };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &listener, sizeof listener);
	if (sendmsg(sock, &msg, 0) != 1)
		_exit(51);
	close(listener);
	errno = 0;
	long ppid = syscall(SYS_getppid);
	_exit(ppid == -1 ? (errno == EINTR ? 1 : 52) : ppid == parent ? 0 : 53);
}

static int receive_fd(int sock)
{
	char byte;
	union { struct cmsghdr h; char space[CMSG_SPACE(sizeof(int))]; } control;
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.space,
			      .msg_controllen = sizeof control.space };
	if (recvmsg(sock, &msg, 0) != 1)
		return -1;
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	int fd = -1;
	if (c && c->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(c), sizeof fd);
	return fd;
}

/* A call the listener has received waits for its answer through the
 * caller's signals (WAIT_KILLABLE_RECV): SIGUSR1 stays pending, the answer
 * lets the call run, and getppid returns the parent instead of failing with
 * EINTR. (A signal before the receive still ends the call: the kernel's
 * rule, which the launcher narrows by receiving at once.) */
START_TEST(received_call_outlasts_a_signal)
{
	if (!seccompc_flag_available(SECCOMPC_FLAG_WAIT_KILLABLE_RECV)) {
		fprintf(stderr, "received_call_outlasts_a_signal: no WAIT_KILLABLE_RECV here "
			"(Linux 5.19); skipped\n");
		return;
	}
	int socks[2];
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, socks), 0);
	pid_t parent = getpid(), pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		notified_child(socks[1], parent);
	close(socks[1]);
	int listener = receive_fd(socks[0]);
	close(socks[0]);
	ck_assert_int_ge(listener, 0);
	struct seccomp_notif req;
	memset(&req, 0, sizeof req);
	ck_assert_int_eq(ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req), 0);
	ck_assert_int_eq(req.data.nr, SYS_getppid);
	/* The signal wakes the waiting child, which waits on killably ('D'),
	 * or (without the flag) ends the call and exits with EINTR. */
	ck_assert_int_eq(kill(pid, SIGUSR1), 0);
	int status = 0;
	pid_t ended = 0;
	while (state_of(pid) != 'D' && (ended = waitpid(pid, &status, WNOHANG)) == 0)
		usleep(1000);
	ck_assert_msg(ended == 0, "the child ended before its call was answered: status 0x%x (exit 1: "
		      "getppid failed with EINTR)", status);
	uint64_t id = req.id;
	ck_assert_int_eq(ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id), 0);
	struct seccomp_notif_resp resp;
	memset(&resp, 0, sizeof resp);
	resp.id = req.id;
	resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	ck_assert_int_eq(ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp), 0);
	close(listener);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status 0x%x", status);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("spawn");
	TCase *tc = tcase_create("spawn");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, received_call_outlasts_a_signal);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
