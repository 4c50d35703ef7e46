/*
 * compile.h - the whole pipeline as one call: profile text in, verified program out.
 *
 * Used by the seccompc CLI and by seccompc-exec, which compiles a JSON profile
 * in-process. parse -> resolve -> plan -> codegen -> assemble -> verify.
 */
#ifndef SECCOMPC_COMPILE_H
#define SECCOMPC_COMPILE_H

#include <stdbool.h>

#include "bpf/bpf.h"
#include "profile.h"
#include "table.h"

struct compile_options {
	struct resolve_options select;
	bool verify;              /* run the independent checker (default true) */
	bool notify_errno;        /* every ERRNO becomes USER_NOTIF (seccompc-exec --report);
				   * result.table keeps the profile's own actions */
	bool notify_denials;      /* every action but ALLOW and LOG, the bad-arch action
				   * included, becomes USER_NOTIF (seccompc-exec --learn);
				   * result.table keeps the profile's own actions */
	unsigned first_shape;     /* the shape ladder's rung to start from (0: the
				   * fastest; tests use the others on small profiles) */
};

/* How many shapes the program is tried in (compile.c's ladder), fastest
 * first: compile_options.first_shape is below this. */
unsigned compile_shape_count(void);

struct compile_result {
	struct profile profile;
	struct rule_table table;
	struct bpf_prog prog;
	const char *source_text;  /* the profile as read (for its hash in C output) */
	size_t source_len;
};

/* Compiles profile text (file names messages). Returns 0 on success, 1 when the
 * profile is wrong, 3 on an internal error (verification failed); messages go
 * to diag. */
int compile_profile_text(const char *file, const char *text, size_t len,
			 const struct compile_options *opts, struct arena *arena,
			 struct diag *diag, struct compile_result *out);

/* Same, reading the file first. */
int compile_profile_file(const char *path, const struct compile_options *opts,
			 struct arena *arena, struct diag *diag, struct compile_result *out);

#endif
