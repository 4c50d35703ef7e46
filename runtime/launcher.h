/*
 * launcher.h - what seccompc-exec's parts share: the chosen filter and the
 * exit statuses of a launch that did not reach the command.
 */
#ifndef SECCOMPC_LAUNCHER_H
#define SECCOMPC_LAUNCHER_H

#include <stdbool.h>

#include "compile.h"

/* Like env(1) and timeout(1): the command never ran. */
enum {
	LAUNCH_FAILED = 125,      /* the launcher or the filter failed */
	LAUNCH_CANNOT_EXEC = 126, /* the command exists but cannot be executed */
	LAUNCH_NOT_FOUND = 127,   /* the command was not found */
};

/* Runs argv under prog as a supervised child: ERRNO decisions arrive as user
 * notifications (prog must be compiled with notify_errno), each is printed
 * with what the profile (table) decides and answered with its errno. Prints a
 * summary at the end and returns the exit status to use (the child's). */
int report_supervise(const struct bpf_prog *prog, const struct rule_table *table,
		     unsigned flags, char **argv);

/* execvp(argv) and, when that fails, the status to exit with (after a message). */
int exec_command(char **argv);

#endif
