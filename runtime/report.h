/*
 * report.h - seccompc-exec --report: the supervisor policy that answers each
 * notified call as the profile would and says so, and the summary at the
 * end. The launcher drives it (report_new, report_policy, report_finish);
 * it never calls back into the launcher.
 */
#ifndef SECCOMPC_REPORT_H
#define SECCOMPC_REPORT_H

#include "compile.h"
#include "supervise.h"

struct report;

/* A report on a profile compiled with notify_errno; select: the options it
 * was resolved with (to check the rules the summary suggests). Both must
 * outlive the report. */
struct report *report_new(const struct compile_result *res, const struct resolve_options *select);

/* The policy for supervise(): ERRNO decisions are answered with their errno
 * (capped at 4095, as the kernel caps SECCOMP_RET_ERRNO), the profile's own
 * NOTIFY with ENOSYS (as without a listener); each is printed, escaped,
 * except the expected fallbacks (a newer syscall answered ENOSYS that the C
 * library replaces by an older one), which are counted. */
struct supervise_policy report_policy(struct report *r);

/* Prints the summary: a table of the denied syscalls (calls, answer, the
 * deciding rule with FILE:LINE), the fallbacks on one line, the rule that
 * would allow each denied syscall, and a note when the command (wait
 * status `status`) was killed by SIGSYS. */
void report_finish(struct report *r, int status);

void report_free(struct report *r);

#endif
