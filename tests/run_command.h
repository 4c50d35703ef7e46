/*
 * run_command.h - runs a program as a user would and keeps what it printed.
 */
#ifndef SECCOMPC_RUN_COMMAND_H
#define SECCOMPC_RUN_COMMAND_H

#include <stddef.h>

struct run {
	int status;              /* as waitpid() gives it */
	char out[65536], err[16384];
	size_t outlen;
};

/* Forks and execs argv[0] (a path) with stdout and stderr captured; returns the
 * exit code, or -1 when the program was killed by a signal. */
int run(struct run *r, char *const argv[]);

/* The same, calling before_exec(arg) in the child just before execv (to put
 * it in a sandbox, say); when that returns nonzero the child exits with 98. */
int run_with(struct run *r, int (*before_exec)(const void *), const void *arg,
	     char *const argv[]);

#endif
