/*
 * main.c - seccompc's entry point: picks the subcommand.
 *
 * `seccompc PROFILE.json -o OUT` (no subcommand) compiles; every other
 * first word names a subcommand from the table below.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "config.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	/* COMMANDS: one line a subcommand, kept sorted */
	{ "asm", cmd_asm, "a listing (hand-edited or not) back to a raw filter" },
	{ "diff", cmd_diff, "every difference in decisions between two profiles or filters" },
	{ "disasm", cmd_disasm, "annotated listing of a raw seccomp filter" },
	{ "lint", cmd_lint, "warn about what a profile probably does not mean" },
	{ "resolve", cmd_resolve, "print what a profile means per arch, as JSON" },
	{ "sim", cmd_sim, "run a filter on one syscall: action and instructions executed" },
	{ "stats", cmd_stats, "size and instructions run per syscall of a filter" },
	{ "syscalls", cmd_syscalls, "syscall names and numbers of every arch" },
	{ NULL, NULL, NULL },
};

static int usage(FILE *out, int status)
{
	fprintf(out,
		"usage: seccompc PROFILE.json -o OUT [-f raw|base64|asm|c|go|rust] [options]\n"
		"       seccompc COMMAND [ARGS]...\n\ncommands:\n");
	for (size_t i = 0; commands[i].name; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nSee seccompc(1).\n");
	return status;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage(stderr, EXIT_USAGE);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return usage(stdout, EXIT_OK);
	if (strcmp(argv[1], "--version") == 0) {
		printf("seccompc %s\n", SECCOMPC_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; commands[i].name; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	return cmd_compile(argc, argv);
}
