/*
 * cmd_syscalls.c - `seccompc syscalls`: shows the syscall tables.
 *
 *   seccompc syscalls [--arch A]          the whole table of A (default: host)
 *   seccompc syscalls [--arch A] NAME     NAME on every arch: number, age and the
 *                                         arguments the kernel reads (or the number on A)
 *   seccompc syscalls [--arch A] NUMBER   the name of NUMBER on A (default: host)
 *
 * An unknown name or number exits 1 (with close names suggested for a name).
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "cli.h"
#include "editdist.h"

static const char usage_text[] =
	"usage: seccompc syscalls [--arch ARCH] [NAME|NUMBER]\n"
	"  no argument: every syscall of ARCH (default: the host), by number\n"
	"  NAME:        its number, the Linux release that added it and the bits the\n"
	"               kernel reads of each argument, on every arch\n"
	"               (with --arch: its number on ARCH)\n"
	"  NUMBER:      the syscall with that number on ARCH (decimal or 0x hex)\n";

/* x32 numbers carry bit 30 and read better in hex. */
static void print_nr(uint32_t nr)
{
	if (nr >= 0x40000000u)
		printf("0x%x", (unsigned)nr);
	else
		printf("%u", (unsigned)nr);
}


static void print_table(const struct arch_info *arch)
{
	for (size_t i = 0; i < arch->nsyscalls; i++) {
		print_nr(arch->nrs[i]);
		printf("\t%s\n", syscall_names[arch->ids_by_nr[i]]);
	}
}

/* Prints up to 5 known names close to `name` (edit distance <= 2, or
 * containing it) to stderr. */
static void suggest(const char *name)
{
	int shown = 0;
	for (size_t cap = 1; cap <= 2 && shown == 0; cap++) {
		for (size_t i = 0; i < syscall_name_count && shown < 5; i++) {
			const char *cand = syscall_names[i];
			if (edit_distance(name, cand, cap) <= cap ||
			    (cap == 2 && strlen(name) >= 4 && strstr(cand, name))) {
				fprintf(stderr, "%s %s", shown ? "," : "; did you mean", cand);
				shown++;
			}
		}
	}
	fprintf(stderr, "%s\n", shown ? "?" : "");
}

/* What arch_syscall_args() says of one syscall on one arch. */
struct signature {
	int nargs;                       /* -1: none known */
	const struct syscall_arg *args;
	const char *missing;             /* why none, when nargs < 0 */
};

static struct signature signature_of(const struct arch_info *a, uint32_t nr)
{
	struct signature sig;
	sig.nargs = arch_syscall_args(a, nr, &sig.args);
	sig.missing = sig.nargs < 0 ? arch_syscall_args_missing(a, nr) : NULL;
	return sig;
}

/* The generated data stores each distinct signature once, so equal
 * signatures are equal pointers. */
static bool same_signature(const struct signature *x, const struct signature *y)
{
	return x->nargs == y->nargs && x->args == y->args && x->missing == y->missing;
}

/* Prints name's signature with the bits the kernel reads of each argument,
 * once for each group of arches that read them alike:
 *   x86_64, x32, ...: read(unsigned int fd:32, char __user *buf:64, ...) */
static void print_signatures(const char *name)
{
	bool done[ARCH_COUNT] = { false };
	printf("\narguments (with the bits the kernel reads of each):\n");
	for (int id = 0; id < ARCH_COUNT; id++) {
		const struct arch_info *a = arch_get((enum arch_id)id);
		int64_t nr = arch_syscall_nr(a, name);
		if (done[id] || nr < 0)
			continue;
		struct signature sig = signature_of(a, (uint32_t)nr);
		const char *sep = "";
		for (int other = id; other < ARCH_COUNT; other++) {
			const struct arch_info *b = arch_get((enum arch_id)other);
			int64_t onr = arch_syscall_nr(b, name);
			struct signature osig;
			if (done[other] || onr < 0)
				continue;
			osig = signature_of(b, (uint32_t)onr);
			if (!same_signature(&sig, &osig))
				continue;
			printf("%s%s", sep, b->name);
			sep = ", ";
			done[other] = true;
		}
		if (sig.nargs < 0) {
			printf(":\n  no signature: %s\n", sig.missing ? sig.missing : "unknown");
			continue;
		}
		printf(":\n  %s(", name);
		for (int i = 0; i < sig.nargs; i++) {
			const struct syscall_arg *arg = &sig.args[i];
			size_t len = strlen(arg->type);
			printf("%s%s%s%s:%u", i ? ", " : "", arg->type,
			       len && arg->type[len - 1] == '*' ? "" : " ", arg->name, arg->bits);
		}
		printf(")\n");
	}
}

static int show_name(const char *name, const struct arch_info *only)
{
	if (syscall_name_id(name) < 0) {
		fprintf(stderr, "seccompc syscalls: unknown syscall '%s'", name);
		suggest(name);
		return EXIT_INPUT;
	}
	if (only) {
		int64_t nr = arch_syscall_nr(only, name);
		if (nr < 0) {
			fprintf(stderr, "seccompc syscalls: %s does not exist on %s\n",
				name, only->name);
			return EXIT_INPUT;
		}
		print_nr((uint32_t)nr);
		putchar('\n');
		return EXIT_OK;
	}
	printf("%-12s %-11s %s\n", "arch", "number", "since");
	for (int id = 0; id < ARCH_COUNT; id++) {
		const struct arch_info *a = arch_get((enum arch_id)id);
		int64_t nr = arch_syscall_nr(a, name);
		char num[16], since[16];
		if (nr < 0) {
			printf("%-12s -\n", a->name);
			continue;
		}
		snprintf(num, sizeof num, nr >= 0x40000000 ? "0x%x" : "%u", (unsigned)nr);
		printf("%-12s %-11s %s\n", a->name, num,
		       cli_since_text(arch_syscall_since(a, (uint32_t)nr), since, sizeof since));
	}
	print_signatures(name);
	return EXIT_OK;
}

static int show_number(const char *arg, const struct arch_info *arch)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(arg, &end, 0);
	if (errno || *end || v > UINT32_MAX)
		return cli_usage_error("syscalls", "bad syscall number '%s'", arg);
	const char *name = arch_syscall_name(arch, (uint32_t)v);
	if (!name) {
		fprintf(stderr, "seccompc syscalls: no syscall %s on %s\n", arg, arch->name);
		return EXIT_INPUT;
	}
	printf("%s\n", name);
	return EXIT_OK;
}

int cmd_syscalls(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "arch", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct arch_info *arch = NULL;
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "a:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'a':
			arch = arch_by_name(optarg);
			if (!arch)
				return cli_usage_error("syscalls", "unknown arch '%s'", optarg);
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			fputs(usage_text, stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	const struct arch_info *host = arch ? arch : arch_host();
	if (!host)
		return cli_usage_error("syscalls", "unknown host arch; give --arch");
	if (optind == argc) {
		print_table(host);
		return EXIT_OK;
	}
	const char *arg = argv[optind];
	if (isdigit((unsigned char)arg[0]))
		return show_number(arg, host);
	return show_name(arg, arch);
}
