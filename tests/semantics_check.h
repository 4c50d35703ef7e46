/*
 * semantics_check.h - what the tests of docs/semantics.md share: compile a
 * profile written for one rule, then assert a decision three ways.
 *
 * DECIDES() asserts the decision the rule implies, written out by hand,
 * from the resolved table (table_decide_raw(), the meaning the verifier
 * proves the filter equal to) and from the compiled filter (bpf_simulate());
 * for the syscalls that have no effect (getpid and its kin) of an x86_64
 * target, also from the kernel: a forked child installs the filter and
 * makes the call, natively or through int $0x80 for x86.
 */
#ifndef SECCOMPC_SEMANTICS_CHECK_H
#define SECCOMPC_SEMANTICS_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "caps.h"
#include "testlib.h"

struct sem {
	struct arena arena;
	struct diag diag;
	struct compile_result res;
	const char *cap_names[CAP_COUNT];
};

/* Selection: the target, kernel 6.1, Docker's capabilities, verification on. */
struct compile_options sem_opts(const char *target);

/* The same with --enosys-newer. */
struct compile_options sem_enosys_opts(const char *target);

/* Compiles a profile written with ' for " (to stay readable); returns
 * compile_profile_text()'s status, messages in s->diag. */
int sem_try(struct sem *s, const char *text, struct compile_options co, bool strict);

/* The same, failing the test unless it compiles. */
void sem_compile_opts(struct sem *s, const char *text, struct compile_options co);
void sem_compile(struct sem *s, const char *text, const char *target);
void sem_free(struct sem *s);

/* Capabilities as the options give them: `base` ("docker", "none", "all"),
 * then `add` and `drop` (NULL-terminated lists, may be NULL); the names
 * live in s until the next call. */
void sem_caps(struct sem *s, struct compile_options *co, const char *base,
	      const char *const *add, const char *const *drop);

/* A corpus profile's text (tests/corpus/NAME), to free(). */
char *sem_corpus(const char *name);

/* Does the filter cover the arch? */
bool sem_covers(const struct sem *s, enum arch_id id);

void sem_decides_raw(int line, struct sem *s, uint32_t audit, uint32_t nr, uint32_t want,
		     const uint64_t args[6]);
void sem_decides_name(int line, struct sem *s, enum arch_id arch, const char *name,
		      uint32_t want, const uint64_t args[6]);

#define ARGS(...) ((const uint64_t[6]){ __VA_ARGS__ })
/* DECIDES(s, ARCH_X86, "socket", RET_ALLOW, arg0, arg1...): the syscall
 * `name`, which the arch must have. */
#define DECIDES(s, arch, name, want, ...) \
	sem_decides_name(__LINE__, s, arch, name, want, ARGS(__VA_ARGS__))
/* DECIDES_NR(s, audit_arch, nr, want, arg0...) */
#define DECIDES_NR(s, audit, nr, want, ...) \
	sem_decides_raw(__LINE__, s, audit, nr, want, ARGS(__VA_ARGS__))

#define AUDIT_X86_64 0xc000003eu
#define AUDIT_X86 0x40000003u
#define AUDIT_AARCH64 0xc00000b7u
#define AUDIT_ARM 0x40000028u
#define X32 0x40000000u
#define EPERM_ (RET_ERRNO | 1)
#define ERRNO(n) (RET_ERRNO | (n))
#define HIGH (UINT64_C(1) << 32)

#endif
