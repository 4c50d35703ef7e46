/*
 * supervise.h - the launcher while its command runs: the launcher's signals
 * passed on, children reaped, and each notification of the filter's listener
 * handed to a policy that answers it. --report's policy (report.h) explains
 * and answers as the profile would; another policy could record and let the
 * call through (SECCOMP_USER_NOTIF_FLAG_CONTINUE). The supervisor knows
 * nothing of profiles, and no policy calls back into the launcher.
 */
#ifndef SECCOMPC_SUPERVISE_H
#define SECCOMPC_SUPERVISE_H

#include <linux/seccomp.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

struct supervise_policy {
	void *ctx;
	/* Decides one notification: resp arrives with its id set and the answer
	 * -ENOSYS (what the caller gets without a listener); the policy sets
	 * error/val, or flags CONTINUE. listener: for SECCOMP_IOCTL_NOTIF_ID_VALID
	 * after reading the caller's memory. */
	void (*decide)(void *ctx, int listener, const struct seccomp_notif *req,
		       struct seccomp_notif_resp *resp);
};

/* The signals the launcher passes on to the command (SIGTERM, SIGHUP,
 * SIGUSR1, SIGUSR2, SIGALRM, SIGCONT) and SIGCHLD. SIGINT and SIGQUIT are
 * not among them: the terminal sends those to the command itself. */
void supervised_signals(sigset_t *set);

struct supervisor {
	int sigfd;                /* a signalfd of supervised_signals() */
	sigset_t old_mask;        /* the mask before supervise_prepare() */
	bool follow;
};

/*
 * Before the command is started: blocks supervised_signals() (so none is
 * lost; the command must start with old_mask) and opens their signalfd.
 * follow: the launcher becomes a child subreaper, so that processes the
 * command leaves behind become its children. 0, or -1 after a message.
 */
int supervise_prepare(struct supervisor *sv, bool follow);

/*
 * Runs until the process pid has exited and, with follow, until no process
 * holding the filter is left (the listener hangs up: the filter has no user
 * left; or the launcher has no child left). Signals are passed on to pid
 * while it lives, then to the launcher's remaining children. listener: -1,
 * or the filter's listener, whose notifications go to policy, oldest first;
 * a thread of its own receives each the moment it arrives (the caller's
 * wait can be ended by a signal until then) and is gone again on return.
 * Returns pid's wait status. Closes sv's descriptors and the listener.
 */
int supervise(struct supervisor *sv, pid_t pid, int listener, const struct supervise_policy *policy);

/* Exits as the command did: with its exit code, or killed by the same
 * signal (re-raised here, without a core dump). */
_Noreturn void exit_like(int status);

#endif
