/*
 * learn.h - seccompc-exec --learn: the supervisor policy that records each
 * call the profile would deny and lets it run (SECCOMP_USER_NOTIF_FLAG_
 * CONTINUE), and at the end the profile that allows what was seen, checked
 * and written to OUT.json. The launcher drives it (learn_new, learn_policy,
 * learn_finish); it never calls back into the launcher.
 */
#ifndef SECCOMPC_LEARN_H
#define SECCOMPC_LEARN_H

#include "compile.h"
#include "supervise.h"

struct learn;

struct learn_request {
	const struct compile_result *res;     /* the profile, compiled with notify_denials */
	const struct resolve_options *select; /* what it was resolved with */
	const char *out;                      /* OUT.json */
	char *const *argv;                    /* the command, named in the comments */
};

/* Everything the request points to must outlive the learn. */
struct learn *learn_new(const struct learn_request *req);

/*
 * The policy for supervise(): a call the profile denies (ERRNO, KILL, TRAP,
 * TRACE, the arch check) is recorded (arch, syscall, the values of the
 * arguments the profile's rules test for it, the caller's name) and let
 * through. Answered as the profile says instead, and not learned: the
 * expected fallbacks (a newer syscall answered ENOSYS that the C library
 * replaces) and the profile's own NOTIFY rules (ENOSYS, as without a
 * listener).
 */
struct supervise_policy learn_policy(struct learn *l);

/*
 * After the command: writes OUT.json atomically, the profile plus the
 * smallest additions that allow every learnable call seen (see
 * docs/runtime.md), after compiling it and checking with the simulator that
 * it allows those calls and refuses nothing the profile allowed; then prints
 * a summary (what was not learned, the risky syscalls that were). Returns
 * 0, or -1 after a message when OUT.json could not be made (it is then left
 * as it was).
 */
int learn_finish(struct learn *l);

void learn_free(struct learn *l);

#endif
