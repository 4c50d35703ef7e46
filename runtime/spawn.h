/*
 * spawn.h - the command's process: the filter installed in it (fail-closed),
 * optionally new user+PID namespaces around it, the exec, and the listener
 * of a filter installed with NEW_LISTENER handed to the launcher without a
 * single syscall of the filtered process after the install.
 */
#ifndef SECCOMPC_SPAWN_H
#define SECCOMPC_SPAWN_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "seccompc-runtime.h"

/* Like env(1) and timeout(1): the command never ran. */
enum {
	LAUNCH_FAILED = 125,      /* the launcher or the filter failed */
	LAUNCH_CANNOT_EXEC = 126, /* the command exists but cannot be executed */
	LAUNCH_NOT_FOUND = 127,   /* the command was not found */
};

/* A filter and the flags to install it with; what = its name in messages. */
struct launch_filter {
	const struct sock_filter *insns;   /* NULL: no filter */
	size_t len;
	unsigned flags;           /* SECCOMPC_FLAG_* */
	const char *what;
};

/* Installs f in the calling thread; 0, or -1 after a message that says why
 * (the instruction and reason, the thread TSYNC could not move, the
 * kernel's refusal). listener: NULL, or receives the NEW_LISTENER fd (the
 * filter then has WAIT_KILLABLE_RECV too where the kernel has it, 5.19). No
 * filter (insns NULL): nothing to do. */
int install_filter(const struct launch_filter *f, int *listener);

/* execvp(argv); when that fails, a message and _exit() with 127 (not found)
 * or 126 (cannot be executed). */
_Noreturn void exec_command(char **argv);

struct spawn_request {
	struct launch_filter filter;
	char **argv;
	bool listener;            /* install with NEW_LISTENER; the parent gets the fd */
	bool isolate_pids;        /* new PID and mount namespaces (and a user namespace
				   * without CAP_SYS_ADMIN), a fresh /proc, a small init */
	const sigset_t *child_mask;   /* the signal mask the command starts with */
};

struct handoff;

struct spawned {
	pid_t pid;                /* the child to wait for (the init with isolate_pids) */
	int listener;             /* with listener: the filter's listener; else -1 */
	struct handoff *handoff;  /* shared with the child, until spawn_release() */
};

/*
 * Starts argv in a child under the filter. The command runs only if every
 * step before it (namespaces, the install) succeeded; the child says so
 * itself and exits with LAUNCH_FAILED otherwise. With listener, returns once
 * the filter is in place (0) or the child failed (LAUNCH_FAILED, after the
 * child's message; *out->pid is reaped). Returns LAUNCH_FAILED after a
 * message when the child cannot be created.
 */
int spawn_command(const struct spawn_request *req, struct spawned *out);

/*
 * The command's own wait status, given the child's (status): with
 * isolate_pids the init passes the command's on. *ran: whether the command
 * was executed (false when the install, the namespaces or the exec failed).
 */
int spawn_command_status(const struct spawned *s, int status, bool *ran);

void spawn_release(struct spawned *s);

#endif
