/*
 * cli.h - the seccompc command line: subcommands and the options they share.
 *
 * Exit codes: 0 ok, 1 the profile or filter is wrong, 2 usage, 3 internal error.
 */
#ifndef SECCOMPC_CLI_H
#define SECCOMPC_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include "caps.h"
#include "table.h"

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

/* Selection options (--target, --cap, --caps, --drop-cap, --kernel, --bad-arch,
 * --strict, --enosys-newer, --arg-width). */
enum {
	OPT_TARGET = 0x1000, OPT_CAP, OPT_CAPS, OPT_KERNEL, OPT_BAD_ARCH, OPT_STRICT,
	OPT_ENOSYS_NEWER, OPT_DROP_CAP, OPT_ARG_WIDTH,
	OPT_FIRST_FREE
};
#define CLI_SELECT_LONGOPTS \
	{ "target", required_argument, NULL, OPT_TARGET }, \
	{ "cap", required_argument, NULL, OPT_CAP }, \
	{ "caps", required_argument, NULL, OPT_CAPS }, \
	{ "drop-cap", required_argument, NULL, OPT_DROP_CAP }, \
	{ "kernel", required_argument, NULL, OPT_KERNEL }, \
	{ "bad-arch", required_argument, NULL, OPT_BAD_ARCH }, \
	{ "strict", no_argument, NULL, OPT_STRICT }, \
	{ "enosys-newer", no_argument, NULL, OPT_ENOSYS_NEWER }, \
	{ "arg-width", required_argument, NULL, OPT_ARG_WIDTH }

struct cli_select {
	struct resolve_options opts;   /* current after every option */
	bool strict;
	struct cap_options caps;       /* the shared capability model (caps.h) */
	const char *caps_storage[CAP_COUNT];
};

void cli_select_init(struct cli_select *s);

/* Handles one selection option; returns 1 when handled, 0 when `opt` is not
 * one, -1 on a bad value (a message has been printed: exit 2). */
int cli_select_option(struct cli_select *s, int opt, const char *arg);

/*
 * Parses `CMD OPERAND [selection options] [-o OUT]` for the subcommands that
 * take one profile or filter. `output` NULL: -o is not accepted; otherwise it
 * receives -o's value (left as it is when -o is absent). Returns -1 when all
 * is well (*operand set), else the exit status to return (help printed: 0).
 */
int cli_parse_operand(int argc, char **argv, const char *usage, struct cli_select *sel,
		      const char **operand, const char **output);

/* A flag a subcommand takes besides the selection options: --NAME sets *set. */
struct cli_flag {
	const char *name;
	bool *set;
};

/* cli_parse_operand() that also takes the flags of `flags` (up to 8, ended
 * by a NULL name; NULL: none). */
int cli_parse_operand_flags(int argc, char **argv, const char *usage, struct cli_select *sel,
			    const char **operand, const char **output, const struct cli_flag *flags);

/* A diag for messages about `file`, echoed to stderr, strict as selected. */
void cli_diag_init(struct diag *d, const char *file, const struct cli_select *sel);

/* A syscall age (arch_syscall_since()) as text in buf: "6.18", or "<=3.0"
 * for 0 (ages are tracked from 3.1 on). Returns buf. */
const char *cli_since_text(unsigned since, char *buf, size_t size);

/* Prints "seccompc CMD: message" to stderr and returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Subcommands. argv[0] is the subcommand's name. */
int cmd_compile(int argc, char **argv);
int cmd_resolve(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_disasm(int argc, char **argv);
int cmd_sim(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_syscalls(int argc, char **argv);
int cmd_asm(int argc, char **argv);

#endif
