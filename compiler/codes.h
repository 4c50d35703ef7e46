/*
 * codes.h - the codes of findings: every diagnostic a user may look up in
 * docs/lint.md and, for a warning, silence (`seccompc lint --ignore CODE`, or
 * "seccompc-lint: ignore CODE" in a comment). The stages report with
 * diag_report(..., SC_..., ...); lint.c holds the catalogue (severity and
 * title of each). A code, once published, keeps its meaning.
 */
#ifndef SECCOMPC_CODES_H
#define SECCOMPC_CODES_H

/* Errors: the profile cannot be compiled (never silenced). */
#define SC_INVALID           "SC001"  /* any error without a code of its own */
#define SC_UNKNOWN_ACTION    "SC002"
#define SC_UNKNOWN_ERRNO     "SC003"
#define SC_UNKNOWN_ARCH      "SC004"  /* SCMP_ARCH_* */
#define SC_UNKNOWN_OP        "SC005"
#define SC_UNKNOWN_FLAG      "SC006"

/* Names the tables or the format do not know. */
#define SC_UNKNOWN_SYSCALL   "SC010"
#define SC_UNKNOWN_FIELD     "SC011"
#define SC_UNKNOWN_GO_ARCH   "SC012"  /* includes/excludes arches */
#define SC_UNKNOWN_CAP       "SC013"  /* includes/excludes caps */
#define SC_UNSUPPORTED_ARCH  "SC014"

/* Rules that do not do what they say. */
#define SC_DUPLICATE_NAME    "SC020"
#define SC_ORED_ARGS         "SC021"
#define SC_SHADOWED          "SC022"
#define SC_DEFAULT_HOLE      "SC023"
#define SC_DEFAULT_NOOP      "SC024"
#define SC_NEVER_MATCHES     "SC025"
#define SC_NEVER_APPLIES     "SC026"
#define SC_VALUE_TWO_UNUSED  "SC027"
#define SC_MASK_DATUM_BITS   "SC028"
#define SC_MASK_ZERO         "SC029"
#define SC_NAMES_NULL        "SC030"
#define SC_KERNEL_SUFFIX     "SC031"

/* Syscalls that open holes or break programs. */
#define SC_RISKY_ALLOWED     "SC040"
#define SC_IO_URING          "SC041"
#define SC_CLONE             "SC042"
#define SC_CLONE3            "SC043"
#define SC_SOCKETCALL        "SC044"

/* Argument widths. */
#define SC_CUT_TO_WIDTH      "SC050"  /* resolve cut a constant to the bits compared */
#define SC_WIDER_THAN_ARG    "SC051"  /* wider than the kernel reads, compared wider */

/* lint itself. */
#define SC_BAD_DIRECTIVE     "SC090"
#define SC_OTHER_WARNING     "SC099"  /* any warning without a code of its own */

#endif
