/*
 * cmd_sim.c - `seccompc sim FILTER.bpf --arch A SYSCALL [ARG]... [--ip N]`:
 * runs a filter on one syscall as the kernel would and prints the action,
 * the number of instructions executed and the trace (listing lines).
 *
 * SYSCALL is a name (looked up on A) or a number; ARGs are decimal, 0x hex,
 * or negative, sign-extended to 64 bits on 64-bit arches and cut to 32 bits on
 * 32-bit ones, which is what the kernel puts in seccomp_data there.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "cli.h"
#include "compile.h"
#include "cmd_bpf.h"

static const char usage_text[] =
	"usage: seccompc sim FILTER.bpf|PROFILE.json [--arch ARCH] [--ip N] [--quiet]\n"
	"                    [--enosys-newer] SYSCALL [ARG]...\n"
	"  runs the raw filter on one syscall and prints the action taken, the number\n"
	"  of instructions executed and their trace.\n"
	"  --arch ARCH  the arch of the syscall: seccomp_data.arch, syscall names and\n"
	"               byte order (default: the host)\n"
	"  --ip N       seccomp_data.instruction_pointer (default 0)\n"
	"  --quiet      print the action only\n"
	"  --enosys-newer  a profile is compiled with --enosys-newer\n"
	"  SYSCALL      a name (openat) or a number; ARG: decimal, 0x hex or negative\n";

/* A 64-bit value as the kernel sees a register: negative decimal sign-extends. */
static bool parse_value(const char *s, unsigned bits, uint64_t *out)
{
	char *end;
	errno = 0;
	if (*s == '-') {
		long long v = strtoll(s, &end, 0);
		if (errno || *end || end == s)
			return false;
		*out = (uint64_t)v;
	} else {
		unsigned long long v = strtoull(s, &end, 0);
		if (errno || *end || end == s || *s == '+' || *s == ' ')
			return false;
		*out = (uint64_t)v;
	}
	*out &= width_mask(bits);
	return true;
}

/* The syscall number: a name on arch, or a number. */
static bool parse_syscall(const char *s, const struct arch_info *arch, int32_t *nr)
{
	uint64_t v;
	if (parse_value(s, 32, &v)) {
		*nr = (int32_t)(uint32_t)v;
		return true;
	}
	int64_t n = arch_syscall_nr(arch, s);
	if (n < 0) {
		if (syscall_name_id(s) >= 0)
			cli_usage_error("sim", "%s: no such syscall on %s", s, arch->name);
		else
			cli_usage_error("sim", "%s: unknown syscall name", s);
		return false;
	}
	*nr = (int32_t)n;
	return true;
}

/* Prints the listing lines of the executed instructions. */
static void print_trace(const struct bpf_prog *prog, const struct arch_info *arch,
			const uint16_t *trace, size_t n)
{
	struct buf listing;
	buf_init(&listing);
	bpf_write_listing(prog, arch, NULL, &listing);
	const char **lines = xcalloc(prog->len, sizeof *lines);
	size_t *lens = xcalloc(prog->len, sizeof *lens);
	size_t idx = 0;
	for (char *p = listing.data; p && *p && idx < prog->len;) {
		char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (*p != ';') {
			lines[idx] = p;
			lens[idx++] = len;
		}
		p = nl ? nl + 1 : NULL;
	}
	for (size_t i = 0; i < n; i++)
		if (lines[trace[i]])
			printf("  %.*s\n", (int)lens[trace[i]], lines[trace[i]]);
	free(lines);
	free(lens);
	buf_free(&listing);
}

/* Compiles a profile for the family of `arch` (Docker's default
 * capabilities, the running kernel) into *out; messages go to stderr. */
static bool load_profile_program(const char *path, const struct arch_info *arch,
				 bool enosys_newer, struct arena *arena, struct compile_result *out)
{
	struct diag diag;
	diag_init(&diag, path);
	diag.echo = stderr;
	struct compile_options co;
	memset(&co, 0, sizeof co);
	co.verify = true;
	co.select.target = arch_get(arch->native);
	co.select.enosys_newer = enosys_newer;
	int status = compile_profile_file(path, &co, arena, &diag, out);
	diag_fini(&diag);
	return status == 0;
}

/* Which part of the profile decided: a rule (JSON path and line), the default
 * action, or the bad-arch action. */
static void print_decider(const struct compile_result *res, const struct bpf_input *in)
{
	const struct tarch *ta;
	const struct trule *r = table_deciding_rule(&res->table, in->arch, (uint32_t)in->nr,
						    in->args, &ta);
	uint32_t nr = (uint32_t)in->nr;
	char age[16], newest[16];
	enum default_why why = ta ? table_default_why(&res->table, ta, nr) : DEFAULT_ACTION;
	if (r)
		printf("decided by: %s (line %d)\n", r->source->origin.path, r->source->origin.loc.line);
	else if (why == DEFAULT_ENOSYS_ABOVE)
		printf("decided by: --enosys-newer (the profile names no syscall above %" PRIu32
		       " on %s)\n", ta->enosys_above, ta->arch->name);
	else if (why == DEFAULT_ENOSYS_NEWER)
		printf("decided by: --enosys-newer, newer than the profile (Linux %s > newest named %s"
		       " on %s)\n", cli_since_text(arch_syscall_since(ta->arch, nr), age, sizeof age),
		       cli_since_text(ta->enosys_since, newest, sizeof newest), ta->arch->name);
	else if (why == DEFAULT_ENOSYS_ZERO)
		printf("decided by: --enosys-newer (number 0 on %s, the multiplexer for unknown"
		       " numbers)\n", ta->arch->name);
	else if (ta)
		printf("decided by: defaultAction (no rule matches)\n");
	if (ta && arch_syscall_unfiltered(ta->arch, nr))
		printf("note: a real %s kernel runs this syscall without asking seccomp filters "
		       "(kernel/seccomp.c, seccomp_uprobe_exception()): it is allowed whatever "
		       "the filter says\n", ta->arch->name);
	else
		printf("decided by: the bad-arch action (%s is not covered by this filter)\n",
		       (uint32_t)in->nr >= 0x40000000u && in->arch == res->table.target->audit_arch ?
		       "x32" : "this arch");
}

static bool is_json_path(const char *path)
{
	size_t n = strlen(path);
	return n > 5 && strcmp(path + n - 5, ".json") == 0;
}

/* Options anywhere; anything else (a negative number too) is an operand. */
static int parse_args(int argc, char **argv, const char **arch_name, const char **ip_text,
		      bool *quiet, bool *enosys_newer, const char **operands, int *noperands)
{
	*noperands = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **value = NULL;
		if (!strcmp(a, "--arch") || !strncmp(a, "--arch=", 7))
			value = arch_name;
		else if (!strcmp(a, "--ip") || !strncmp(a, "--ip=", 5))
			value = ip_text;
		if (value) {
			const char *eq = strchr(a, '=');
			if (!eq && i + 1 >= argc)
				return cli_usage_error("sim", "%s needs a value", a);
			*value = eq ? eq + 1 : argv[++i];
		} else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
			*quiet = true;
		} else if (!strcmp(a, "--enosys-newer")) {
			*enosys_newer = true;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(usage_text, stdout);
			return -1;
		} else if (a[0] == '-' && a[1] && !(a[1] >= '0' && a[1] <= '9')) {
			fputs(usage_text, stderr);
			return EXIT_USAGE;
		} else if (*noperands < 8) {
			operands[(*noperands)++] = a;
		} else {
			return cli_usage_error("sim", "too many arguments: a syscall has at most 6");
		}
	}
	return EXIT_OK;
}

int cmd_sim(int argc, char **argv)
{
	const char *arch_name = NULL, *ip_text = NULL, *operand[8];
	bool quiet = false, enosys_newer = false;
	int n;
	int st = parse_args(argc, argv, &arch_name, &ip_text, &quiet, &enosys_newer, operand, &n);
	if (st < 0)
		return EXIT_OK;
	if (st != EXIT_OK)
		return st;
	if (n < 2) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	const char *path = operand[0];
	const struct arch_info *arch = cmd_arch("sim", "--arch", arch_name);
	if (!arch)
		return EXIT_USAGE;

	struct bpf_input in;
	memset(&in, 0, sizeof in);
	in.arch = arch->audit_arch;
	in.big_endian = arch->big_endian;
	if (!parse_syscall(operand[1], arch, &in.nr))
		return EXIT_USAGE;
	for (int i = 2; i < n; i++)
		if (!parse_value(operand[i], arch_reg_bits(arch), &in.args[i - 2]))
			return cli_usage_error("sim", "argument %d: '%s' is not a number", i - 2,
					       operand[i]);
	if (ip_text && !parse_value(ip_text, arch_reg_bits(arch), &in.ip))
		return cli_usage_error("sim", "--ip '%s' is not a number", ip_text);

	struct arena arena;
	struct bpf_prog prog;
	struct compile_result res;
	bool json = is_json_path(path);
	bool big_endian = arch->big_endian;
	arena_init(&arena);
	bool loaded = json ? load_profile_program(path, arch, enosys_newer, &arena, &res)
		: cmd_load_blob("sim", path, arch, true, &arena, &prog, &big_endian);
	if (loaded && json)
		prog = res.prog;
	if (!loaded) {
		arena_free(&arena);
		return EXIT_INPUT;
	}
	cmd_report_validity("sim", path, &prog);
	uint16_t *trace = xcalloc(prog.len, sizeof *trace);
	struct bpf_result r = bpf_simulate_trace(&prog, &in, trace);
	char action[64];
	action_describe(r.action, action, sizeof action);
	if (quiet) {
		printf("%s\n", action);
	} else {
		const char *name = arch_syscall_name(arch, (uint32_t)in.nr);
		printf("syscall: %s (%d) on %s\n", name ? name : "?", in.nr, arch->name);
		printf("action: %s (0x%08x)\n", action, r.action);
		printf("instructions executed: %zu\n", r.executed);
		if (json)
			print_decider(&res, &in);
		print_trace(&prog, arch, trace, r.executed);
	}
	free(trace);
	arena_free(&arena);
	return EXIT_OK;
}
