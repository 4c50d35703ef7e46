/*
 * profile.h - a Docker/OCI seccomp profile as written, before any resolution.
 *
 * parse.c fills it from JSON; resolve.c reads it. Nothing here depends on the
 * target: names stay names, errno names stay names. Every element keeps its
 * JSON path and source position so later stages can say where a problem is.
 * All memory belongs to the arena passed to profile_parse().
 */
#ifndef SECCOMPC_PROFILE_H
#define SECCOMPC_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "action.h"
#include "arena.h"
#include "diag.h"

enum cmp_op {
	CMP_NE,          /* SCMP_CMP_NE */
	CMP_LT,          /* SCMP_CMP_LT */
	CMP_LE,          /* SCMP_CMP_LE */
	CMP_EQ,          /* SCMP_CMP_EQ */
	CMP_GE,          /* SCMP_CMP_GE */
	CMP_GT,          /* SCMP_CMP_GT */
	CMP_MASKED_EQ,   /* SCMP_CMP_MASKED_EQ: (arg & value) == (valueTwo & value) */
	CMP_COUNT
};

const char *cmp_op_name(enum cmp_op op);            /* "SCMP_CMP_EQ" */
bool cmp_op_from_name(const char *name, enum cmp_op *op);

/* Where an element came from: its JSON path and the position of its value. */
struct prof_origin {
	const char *path;        /* "syscalls[3].args[0]" */
	struct src_loc loc;
};

/* An action as a profile states it. errno_ret wins over errno_name when both are set. */
struct prof_action {
	enum action_kind kind;
	bool has_errno_ret;
	uint32_t errno_ret;      /* errnoRet / defaultErrnoRet (<= 0xffff) */
	const char *errno_name;  /* errno / defaultErrno, NULL when absent */
	struct prof_origin origin;  /* of the "action"/"defaultAction" value */
	struct prof_origin errno_origin;  /* of errno_name, when given */
	bool broken;             /* an error was reported about it: kind or errno not usable */
};

struct prof_arg {
	unsigned index;          /* 0..5 */
	uint64_t value;
	uint64_t value_two;
	enum cmp_op op;
	struct prof_origin origin;
	bool broken;             /* an error was reported about it */
};

/* includes / excludes of a rule. An absent or empty filter matches everything
 * (includes) or nothing (excludes). */
struct prof_filter {
	const char **arches;     /* Go arch names as written: "amd64", "s390x" */
	size_t narches;
	const char **caps;       /* "CAP_SYS_ADMIN" */
	size_t ncaps;
	bool has_min_kernel;
	unsigned min_kernel_major, min_kernel_minor;
	struct prof_origin origin;
};

struct prof_name {
	const char *name;
	struct prof_origin origin;  /* of the string */
};

struct prof_rule {
	struct prof_name *names; /* from "names", or the single "name" */
	size_t nnames;
	struct prof_action action;
	struct prof_arg *args;
	size_t nargs;
	struct prof_filter includes;
	struct prof_filter excludes;
	const char *comment;     /* NULL when absent */
	struct prof_origin comment_origin;
	size_t position;         /* index in syscalls[] */
	struct prof_origin origin;  /* of the rule object: "syscalls[3]" */
	bool broken;             /* an error was reported inside the rule */
};

struct prof_arch_map {
	const char *arch;        /* "SCMP_ARCH_X86_64" */
	const char **sub_arches; /* may be empty (subArchitectures null) */
	size_t nsub_arches;
	struct prof_origin origin;
};

struct profile {
	const char *file;        /* as given on the command line */
	struct prof_action default_action;
	const char **architectures;   /* "architectures" as written */
	size_t narchitectures;
	bool has_architectures;
	struct prof_arch_map *arch_map;
	size_t narch_map;
	bool has_arch_map;
	struct prof_rule *rules;
	size_t nrules;
	const char **flags;      /* "SECCOMP_FILTER_FLAG_LOG", ... */
	size_t nflags;
	const char *listener_path;
	const char *listener_metadata;
	const char *comment;     /* top-level "comment" (seccompc's; runtimes ignore it) */
	struct prof_origin comment_origin;
	struct prof_origin origin;
	bool is_object;          /* the text was a JSON object: what could be read of it is here */
};

/*
 * Parses JSON text into *out. Syntax errors are reported with FILE:LINE:COL,
 * semantic errors with the JSON path, the line, what was found and what was
 * expected; unknown fields are warnings. Returns false when any error was
 * reported (the profile must not be compiled then). After an error in a
 * rule, an argument or an action the rest is still read, and the element
 * is marked `broken`, so that lint can check what is sound.
 */
bool profile_parse(const char *text, size_t len, struct arena *arena,
		   struct diag *diag, struct profile *out);

/* Reads and parses a file; "-" reads standard input. */
bool profile_load(const char *path, struct arena *arena, struct diag *diag,
		  struct profile *out);

#endif
