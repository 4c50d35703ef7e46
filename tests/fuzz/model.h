/*
 * model.h - a seccomp profile and its compile options as the differential
 * fuzzer holds them: its own structure, independent of compiler/profile.h.
 *
 * The generator (generate.c) builds one from a seed; model_json.c writes it
 * as the JSON text seccompc compiles and reads such text back (a replayed or
 * hand-reduced case); the oracle (oracle.c) evaluates it directly. Names stay
 * names and errno names stay names: resolving them per arch is the oracle's
 * job. Everything lives in one arena.
 */
#ifndef SECCOMPC_FUZZ_MODEL_H
#define SECCOMPC_FUZZ_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "arena.h"
#include "buf.h"

/* Actions as a profile names them; SCMP_ACT_KILL is its own spelling of
 * KILL_THREAD, kept so the JSON shows what was generated. */
enum model_action {
	MA_KILL, MA_KILL_THREAD, MA_KILL_PROCESS, MA_TRAP, MA_ERRNO, MA_TRACE,
	MA_ALLOW, MA_LOG, MA_NOTIFY, MA_COUNT
};

enum model_op { MO_NE, MO_LT, MO_LE, MO_EQ, MO_GE, MO_GT, MO_MASKED_EQ, MO_COUNT };

/* An action with its errno data as written: errnoRet, errno (a name), both or neither. */
struct model_verdict {
	enum model_action action;
	bool has_errno_ret;
	uint32_t errno_ret;
	const char *errno_name;       /* NULL: absent */
};

struct model_cond {
	unsigned index;               /* 0..5 */
	enum model_op op;
	uint64_t value;
	bool has_value_two;
	uint64_t value_two;
};

/* includes / excludes: each list NULL when absent, non-NULL with n == 0
 * when written as []. */
struct model_filter {
	const char **arches;          /* Go arch names */
	size_t narches;
	const char **caps;
	size_t ncaps;
	const char *min_kernel;       /* "5.4", NULL when absent */
};

struct model_rule {
	const char **names;
	size_t nnames;
	bool old_name;                /* written as "name": the one name */
	struct model_verdict verdict;
	struct model_cond *conds;
	size_t nconds;
	bool has_args;                /* "args" written (possibly []) */
	struct model_filter includes, excludes;
	bool has_includes, has_excludes;
};

struct model_arch_map {
	const char *arch;             /* SCMP_ARCH_* */
	const char **subs;
	size_t nsubs;
	bool subs_null;               /* "subArchitectures": null */
};

struct model_profile {
	struct model_verdict default_verdict;
	const char **architectures;   /* SCMP_ARCH_* */
	size_t narchitectures;
	bool has_architectures;
	struct model_arch_map *arch_map;
	size_t narch_map;
	bool has_arch_map;
	struct model_rule *rules;
	size_t nrules;
};

/* What the profile is compiled for: seccompc's selection options. */
struct model_target {
	enum arch_id native;
	const char **caps;            /* the capability set */
	size_t ncaps;
	bool caps_given;              /* false: Docker's default set */
	unsigned kernel_major, kernel_minor;
	bool has_bad_arch;
	uint32_t bad_arch;            /* SECCOMP_RET value; default KILL_PROCESS */
	bool enosys_newer;
	bool register_width;          /* --arg-width register */
};

/* A generated case: the profile, its target, and the seed that made it. */
struct model_case {
	struct model_profile profile;
	struct model_target target;
	uint64_t seed;
	bool kernel_safe;             /* names only harmless syscalls (kernel runs) */
};

const char *model_action_name(enum model_action a);   /* "SCMP_ACT_ERRNO" */
const char *model_op_name(enum model_op op);           /* "SCMP_CMP_EQ" */

/* Docker's default capability set (moby oci/caps/defaults.go), written out
 * here so that the oracle does not share the compiler's list. */
extern const char *const model_docker_caps[];
extern const size_t model_docker_ncaps;

/* ---- generate.c ---- */

struct model_gen_options {
	int family;                   /* -1: any; else the enum arch_id of a native arch */
	bool kernel_safe;             /* x86_64, harmless syscalls only, errnos >= 200 */
};

/* Builds the case of `seed`: the same seed gives the same case. */
void model_generate(uint64_t seed, const struct model_gen_options *opt, struct arena *arena,
		    struct model_case *out);

/* The syscalls a kernel-safe case names (harmless whatever their arguments,
 * on x86_64 and on x86), NULL-terminated. */
extern const char *const model_harmless_syscalls[];

/* ---- model_json.c ---- */

/* The profile as JSON text, one rule a line. */
void model_write_json(const struct model_profile *p, struct buf *out);

/* The target as seccompc's command-line options ("--target x86_64 --caps none
 * --kernel 5.4 ..."), one line, so that `seccompc case.json $(cat case.args)`
 * compiles what the fuzzer compiled. */
void model_write_args(const struct model_target *t, struct buf *out);

/* Reads JSON text written by model_write_json() (or by hand in the same
 * vocabulary) back; false with a message in err when it cannot. */
bool model_read_json(const char *text, size_t len, struct arena *arena,
		     struct model_profile *out, char *err, size_t errsize);

/* Reads the options model_write_args() writes (blank-separated); false with a
 * message in err on anything else. */
bool model_read_args(const char *text, struct arena *arena, struct model_target *out,
		     char *err, size_t errsize);

#endif
