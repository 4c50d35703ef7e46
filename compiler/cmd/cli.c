/*
 * cli.c - selection options shared by the subcommands (see cli.h).
 */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"

void cli_select_init(struct cli_select *s)
{
	memset(s, 0, sizeof *s);
	s->opts.caps = s->caps_storage;
	cap_options_init(&s->caps);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "seccompc%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

static bool parse_kernel(const char *arg, unsigned *major, unsigned *minor)
{
	char *end;
	unsigned long ma = strtoul(arg, &end, 10);
	if (end == arg || *end != '.' || ma > 1000)
		return false;
	const char *p = end + 1;
	unsigned long mi = strtoul(p, &end, 10);
	if (end == p || *end != '\0' || mi > 1000)
		return false;
	*major = (unsigned)ma;
	*minor = (unsigned)mi;
	return true;
}

/* An action name, with "SCMP_ACT_" or not, any case, ERRNO with "(N)" or
 * not (EPERM); false when it is none. */
static bool parse_bad_arch(const char *arg, uint32_t *ret)
{
	char name[64];
	const char *p = arg;
	if (strncmp(arg, "SCMP_ACT_", 9) != 0) {
		snprintf(name, sizeof name, "SCMP_ACT_%s", arg);
		for (char *q = name; *q; q++)
			if (*q >= 'a' && *q <= 'z')
				*q = (char)(*q - 'a' + 'A');
		p = name;
	}
	char base[64];
	unsigned long data = 0;
	const char *paren = strchr(p, '(');
	if (paren) {
		size_t n = (size_t)(paren - p);
		if (n >= sizeof base)
			return false;
		memcpy(base, p, n);
		base[n] = '\0';
		char *end;
		data = strtoul(paren + 1, &end, 0);
		if (end == paren + 1 || strcmp(end, ")") != 0 || data > 0xffff)
			return false;
		p = base;
	}
	enum action_kind kind;
	if (!action_from_name(p, &kind))
		return false;
	if (kind == ACT_ERRNO && !paren)
		data = 1;  /* EPERM */
	*ret = action_ret(kind, (uint16_t)data);
	return true;
}

int cli_select_option(struct cli_select *s, int opt, const char *arg)
{
	switch (opt) {
	case OPT_TARGET:
		s->opts.target = arch_by_name(arg);
		if (!s->opts.target)
			s->opts.target = arch_by_scmp_name(arg);
		if (!s->opts.target)
			s->opts.target = arch_by_go_name(arg);
		if (!s->opts.target || s->opts.target->native != s->opts.target->id) {
			fprintf(stderr, "seccompc: --target %s: not a native arch; expected one of "
				"x86_64, aarch64, riscv64, s390x, ppc64le, ppc64, mips64, mipsel64, "
				"loongarch64\n", arg);
			return -1;
		}
		return 1;
	case OPT_CAP:
	case OPT_CAPS:
	case OPT_DROP_CAP: {
		char why[256];
		enum cap_option_kind kind = opt == OPT_CAP ? CAP_OPT_ADD :
					    opt == OPT_CAPS ? CAP_OPT_CAPS : CAP_OPT_DROP;
		if (!cap_options_apply(&s->caps, kind, arg, why, sizeof why)) {
			fprintf(stderr, "seccompc: %s\n", why);
			return -1;
		}
		cap_select(&s->opts, s->caps.set, s->caps_storage);
		return 1;
	}
	case OPT_KERNEL:
		if (!parse_kernel(arg, &s->opts.kernel_major, &s->opts.kernel_minor)) {
			fprintf(stderr, "seccompc: --kernel %s: expected a version X.Y such as 5.10\n", arg);
			return -1;
		}
		return 1;
	case OPT_BAD_ARCH: {
		uint32_t ret;
		if (!parse_bad_arch(arg, &ret)) {
			fprintf(stderr, "seccompc: --bad-arch %s: expected KILL_PROCESS, KILL_THREAD, "
				"TRAP or ERRNO(N)\n", arg);
			return -1;
		}
		/* The syscall would run (LOG, ALLOW; TRACE and NOTIFY when a tracer or a
		 * listener says so) without any of the profile's rules. */
		enum action_kind kind = action_kind_of(ret);
		if (kind > ACT_ERRNO) {
			fprintf(stderr, "seccompc: --bad-arch %s: a syscall of an arch the filter does "
				"not cover would skip every rule (on x86_64, any x86 syscall through "
				"int $0x80); expected KILL_PROCESS, KILL_THREAD, TRAP or ERRNO(N)\n", arg);
			return -1;
		}
		s->opts.bad_arch_action = ret;
		s->opts.has_bad_arch = true;
		return 1;
	}
	case OPT_STRICT:
		s->strict = true;
		return 1;
	case OPT_ENOSYS_NEWER:
		s->opts.enosys_newer = true;
		return 1;
	case OPT_ARG_WIDTH:
		if (strcmp(arg, "kernel") != 0 && strcmp(arg, "register") != 0) {
			fprintf(stderr, "seccompc: --arg-width %s: expected kernel (the bits the kernel "
				"reads of each argument) or register (whole registers, as libseccomp)\n",
				arg);
			return -1;
		}
		s->opts.register_width = strcmp(arg, "register") == 0;
		return 1;
	default:
		return 0;
	}
}

int cli_parse_operand(int argc, char **argv, const char *usage, struct cli_select *sel,
		      const char **operand, const char **output)
{
	return cli_parse_operand_flags(argc, argv, usage, sel, operand, output, NULL);
}

int cli_parse_operand_flags(int argc, char **argv, const char *usage, struct cli_select *sel,
			    const char **operand, const char **output, const struct cli_flag *flags)
{
	static const struct option base[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		CLI_SELECT_LONGOPTS,
	};
	enum { NBASE = sizeof base / sizeof base[0], MAX_FLAGS = 8 };
	struct option longopts[NBASE + MAX_FLAGS + 1];
	size_t n = NBASE;
	memcpy(longopts, base, sizeof base);
	for (size_t i = 0; flags && flags[i].name && i < MAX_FLAGS; i++)
		longopts[n++] = (struct option){ flags[i].name, no_argument, NULL,
						 OPT_FIRST_FREE + (int)i };
	longopts[n] = (struct option){ NULL, 0, NULL, 0 };
	cli_select_init(sel);
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, output ? "o:h" : "h", longopts, NULL)) != -1) {
		int r = cli_select_option(sel, opt, optarg);
		if (r < 0)
			return EXIT_USAGE;
		if (r > 0)
			continue;
		if (opt == 'o' && output) {
			*output = optarg;
			continue;
		}
		if (opt >= OPT_FIRST_FREE && opt < OPT_FIRST_FREE + (int)(n - NBASE)) {
			*flags[opt - OPT_FIRST_FREE].set = true;
			continue;
		}
		if (opt == 'h')
			return fputs(usage, stdout), EXIT_OK;
		return fputs(usage, stderr), EXIT_USAGE;
	}
	if (optind != argc - 1)
		return fputs(usage, stderr), EXIT_USAGE;
	*operand = argv[optind];
	return -1;
}

void cli_diag_init(struct diag *d, const char *file, const struct cli_select *sel)
{
	diag_init(d, file);
	d->echo = stderr;
	d->strict = sel->strict;
}

const char *cli_since_text(unsigned since, char *buf, size_t size)
{
	if (since == 0)
		snprintf(buf, size, "<=3.0");
	else
		snprintf(buf, size, "%u.%u", since / 1000, since % 1000);
	return buf;
}
