/*
 * libseccomp_baseline.c - the baseline seccompc's benchmarks compare against:
 * a Docker/OCI JSON profile turned into a filter by libseccomp, the way
 * moby + runc do it, exported as a raw blob, and the time that takes.
 *
 *   libseccomp_baseline [--tree|--linear] [--runs N] [--cap CAP]... [--caps none]
 *                       [--kernel X.Y] PROFILE.json -o OUT.bpf
 *
 * The capability set is Docker's default set, or none with --caps none;
 * --cap adds to it (as seccompc's --cap does; give canonical CAP_ names).
 *
 * Semantics (moby's profile conversion, then runc's libcontainer/seccomp):
 *  - includes: arches (Go name of the native arch, e.g. amd64) must list it,
 *    caps must all be held, minKernel <= kernel; excludes: any match drops.
 *  - archMap: the entry whose architecture is the native arch adds its
 *    subArchitectures (seccomp_arch_add); `architectures` adds each listed arch.
 *  - names -> seccomp_syscall_resolve_name (native); unknown names are ignored.
 *  - ERRNO/TRACE return errnoRet, else EPERM (the default action:
 *    defaultErrnoRet, else EPERM); KILL is KILL_THREAD.
 *  - rules whose action equals the default are skipped; a rule whose args
 *    repeat an index becomes one rule per condition; otherwise one rule with
 *    all conditions (seccomp_rule_add_array, not the _exact variant).
 *  - filter attributes: CTL_NNP off, CTL_TSYNC on (libseccomp-golang sets it;
 *    it does not change the program), CTL_OPTIMIZE 2 with --tree (runc sets it
 *    for profiles of more than 32 syscall entries), 1 with --linear.
 * runc then prepends its own -ENOSYS stub (patchbpf) to the exported program;
 * the baseline leaves it out, which favours libseccomp by a few instructions.
 *
 * Output: the blob (seccomp_export_bpf, host byte order) and, on stdout,
 * `key value` lines: rules added, names unknown, size, and with --runs N the
 * median over N runs of build+export (from the parsed JSON tree) and of
 * parse+build+export (from the profile text), in nanoseconds.
 * Exit: 0 ok, 1 the profile is wrong, 2 usage, 3 libseccomp failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <yajl/yajl_tree.h>

#include "timing.h"

enum { MAX_CAPS = 64, MAX_ARGS = 6 };

/* What the rules are selected for. */
struct selection {
	const char *caps[MAX_CAPS];
	size_t ncaps;
	unsigned kernel_major, kernel_minor;
	uint32_t native;          /* SCMP_ARCH_* */
	const char *goarch;       /* Go's name of the native arch, as includes.arches uses */
};

struct build_counts {
	size_t rules;             /* seccomp_rule_add calls */
	size_t unknown;           /* names libseccomp does not know */
};

static const char *const docker_caps[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
	"CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
	"CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
};

static const char *goarch_of(uint32_t arch)
{
	switch (arch) {
	case SCMP_ARCH_X86_64: return "amd64";
	case SCMP_ARCH_X86: return "386";
	case SCMP_ARCH_AARCH64: return "arm64";
	case SCMP_ARCH_ARM: return "arm";
	case SCMP_ARCH_PPC64LE: return "ppc64le";
	case SCMP_ARCH_PPC64: return "ppc64";
	case SCMP_ARCH_S390X: return "s390x";
	case SCMP_ARCH_RISCV64: return "riscv64";
	case SCMP_ARCH_MIPS64: return "mips64";
	case SCMP_ARCH_MIPSEL64: return "mips64le";
	default: return "";
	}
}

static yajl_val obj_get(yajl_val obj, const char *key)
{
	if (!YAJL_IS_OBJECT(obj))
		return NULL;
	for (size_t i = 0; i < obj->u.object.len; i++)
		if (strcmp(obj->u.object.keys[i], key) == 0)
			return obj->u.object.values[i];
	return NULL;
}

static size_t arr_len(yajl_val v)
{
	return YAJL_IS_ARRAY(v) ? v->u.array.len : 0;
}

static bool str_in(yajl_val arr, const char *s)
{
	for (size_t i = 0; i < arr_len(arr); i++) {
		const char *e = YAJL_GET_STRING(arr->u.array.values[i]);
		if (e && strcmp(e, s) == 0)
			return true;
	}
	return false;
}

static bool has_cap(const struct selection *sel, const char *cap)
{
	for (size_t i = 0; i < sel->ncaps; i++)
		if (strcmp(sel->caps[i], cap) == 0)
			return true;
	return false;
}

/* A JSON number as uint64 from its text (doubles lose precision past 2^53). */
static bool get_u64(yajl_val v, uint64_t *out)
{
	if (!YAJL_IS_NUMBER(v) || !v->u.number.r || v->u.number.r[0] == '-')
		return false;
	char *end;
	errno = 0;
	unsigned long long x = strtoull(v->u.number.r, &end, 10);
	if (errno || *end)
		return false;
	*out = x;
	return true;
}

static bool parse_version(const char *s, unsigned *major, unsigned *minor)
{
	char *end;
	unsigned long ma = strtoul(s, &end, 10);
	if (end == s || *end != '.')
		return false;
	unsigned long mi = strtoul(end + 1, &end, 10);
	*major = (unsigned)ma;
	*minor = (unsigned)mi;
	return true;
}

static bool kernel_at_least(const struct selection *sel, yajl_val min)
{
	unsigned ma, mi;
	const char *s = YAJL_GET_STRING(min);
	if (!s || !parse_version(s, &ma, &mi))
		return false;
	return sel->kernel_major != ma ? sel->kernel_major > ma : sel->kernel_minor >= mi;
}

/* includes: all must hold; excludes: any drops the rule (moby's semantics). */
static bool rule_selected(const struct selection *sel, yajl_val call)
{
	yajl_val inc = obj_get(call, "includes"), exc = obj_get(call, "excludes");
	yajl_val v;
	if ((v = obj_get(inc, "arches")) && arr_len(v) && !str_in(v, sel->goarch))
		return false;
	v = obj_get(inc, "caps");
	for (size_t i = 0; i < arr_len(v); i++) {
		const char *c = YAJL_GET_STRING(v->u.array.values[i]);
		if (!c || !has_cap(sel, c))
			return false;
	}
	if ((v = obj_get(inc, "minKernel")) && !YAJL_IS_NULL(v) && !kernel_at_least(sel, v))
		return false;
	if ((v = obj_get(exc, "arches")) && str_in(v, sel->goarch))
		return false;
	v = obj_get(exc, "caps");
	for (size_t i = 0; i < arr_len(v); i++) {
		const char *c = YAJL_GET_STRING(v->u.array.values[i]);
		if (c && has_cap(sel, c))
			return false;
	}
	if ((v = obj_get(exc, "minKernel")) && !YAJL_IS_NULL(v) && kernel_at_least(sel, v))
		return false;
	return true;
}

/* runc's getAction: the action word for name, errnoRet (may be NULL). */
static bool get_action(const char *name, yajl_val errno_ret, uint32_t *out)
{
	uint64_t ret = EPERM;
	if (errno_ret && !YAJL_IS_NULL(errno_ret) && (!get_u64(errno_ret, &ret) || ret > 0xffff))
		return false;
	if (!name)
		return false;
	if (!strcmp(name, "SCMP_ACT_KILL") || !strcmp(name, "SCMP_ACT_KILL_THREAD"))
		*out = SCMP_ACT_KILL_THREAD;
	else if (!strcmp(name, "SCMP_ACT_KILL_PROCESS"))
		*out = SCMP_ACT_KILL_PROCESS;
	else if (!strcmp(name, "SCMP_ACT_TRAP"))
		*out = SCMP_ACT_TRAP;
	else if (!strcmp(name, "SCMP_ACT_ERRNO"))
		*out = SCMP_ACT_ERRNO((uint16_t)ret);
	else if (!strcmp(name, "SCMP_ACT_TRACE"))
		*out = SCMP_ACT_TRACE((uint16_t)ret);
	else if (!strcmp(name, "SCMP_ACT_ALLOW"))
		*out = SCMP_ACT_ALLOW;
	else if (!strcmp(name, "SCMP_ACT_LOG"))
		*out = SCMP_ACT_LOG;
	else if (!strcmp(name, "SCMP_ACT_NOTIFY"))
		*out = SCMP_ACT_NOTIFY;
	else
		return false;
	return true;
}

static bool get_op(const char *name, enum scmp_compare *out)
{
	static const struct { const char *name; enum scmp_compare op; } ops[] = {
		{ "SCMP_CMP_NE", SCMP_CMP_NE }, { "SCMP_CMP_LT", SCMP_CMP_LT },
		{ "SCMP_CMP_LE", SCMP_CMP_LE }, { "SCMP_CMP_EQ", SCMP_CMP_EQ },
		{ "SCMP_CMP_GE", SCMP_CMP_GE }, { "SCMP_CMP_GT", SCMP_CMP_GT },
		{ "SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ },
	};
	for (size_t i = 0; name && i < sizeof ops / sizeof ops[0]; i++)
		if (!strcmp(name, ops[i].name)) {
			*out = ops[i].op;
			return true;
		}
	return false;
}

/* args -> conditions; *repeated says whether an index occurs twice. */
static bool get_conditions(yajl_val args, struct scmp_arg_cmp *conds, size_t *n, bool *repeated)
{
	unsigned seen[MAX_ARGS] = { 0 };
	*n = 0;
	*repeated = false;
	if (arr_len(args) > MAX_ARGS * 8)
		return false;
	for (size_t i = 0; i < arr_len(args); i++) {
		yajl_val a = args->u.array.values[i];
		uint64_t index, value = 0, value2 = 0;
		enum scmp_compare op;
		if (!get_u64(obj_get(a, "index"), &index) || index >= MAX_ARGS ||
		    !get_op(YAJL_GET_STRING(obj_get(a, "op")), &op))
			return false;
		yajl_val v = obj_get(a, "value"), v2 = obj_get(a, "valueTwo");
		if ((v && !get_u64(v, &value)) || (v2 && !get_u64(v2, &value2)))
			return false;
		if (seen[index]++)
			*repeated = true;
		/* libseccomp-golang's MakeCondition(index, op, value, valueTwo):
		 * datum_a is the value (the mask for MASKED_EQ), datum_b valueTwo. */
		conds[(*n)++] = (struct scmp_arg_cmp){ .arg = (unsigned)index, .op = op,
						       .datum_a = value, .datum_b = value2 };
	}
	return true;
}

/* One syscall name of one profile entry: runc's matchCall. Returns 0, or a negative errno. */
static int add_call(scmp_filter_ctx ctx, const char *name, uint32_t act,
		    const struct scmp_arg_cmp *conds, size_t n, bool repeated,
		    struct build_counts *counts)
{
	int nr = seccomp_syscall_resolve_name(name);
	if (nr == __NR_SCMP_ERROR) {
		counts->unknown++;
		return 0;
	}
	int rc;
	if (n == 0 || !repeated) {
		rc = seccomp_rule_add_array(ctx, act, nr, (unsigned)n, n ? conds : NULL);
		counts->rules++;
		return rc;
	}
	for (size_t i = 0; i < n; i++) {
		if ((rc = seccomp_rule_add_array(ctx, act, nr, 1, &conds[i])) != 0)
			return rc;
		counts->rules++;
	}
	return 0;
}

static int add_arch_name(scmp_filter_ctx ctx, const char *scmp_name, const char **err)
{
	char lower[64];
	if (!scmp_name || strncmp(scmp_name, "SCMP_ARCH_", 10) != 0 ||
	    strlen(scmp_name + 10) >= sizeof lower) {
		*err = "bad architecture name";
		return -EINVAL;
	}
	size_t i = 0;
	for (const char *p = scmp_name + 10; *p; p++)
		lower[i++] = (char)((*p >= 'A' && *p <= 'Z') ? *p - 'A' + 'a' : *p);
	lower[i] = '\0';
	uint32_t arch = seccomp_arch_resolve_name(lower);
	if (!arch) {
		*err = "architecture unknown to libseccomp";
		return -EINVAL;
	}
	int rc = seccomp_arch_add(ctx, arch);
	return rc == -EEXIST ? 0 : rc;
}

/* archMap entry of the native arch, or `architectures`. */
static int add_arches(scmp_filter_ctx ctx, yajl_val root, const struct selection *sel,
		      const char **err)
{
	yajl_val map = obj_get(root, "archMap"), list = obj_get(root, "architectures");
	for (size_t i = 0; i < arr_len(map); i++) {
		yajl_val e = map->u.array.values[i];
		const char *a = YAJL_GET_STRING(obj_get(e, "architecture"));
		if (!a || strncmp(a, "SCMP_ARCH_", 10) != 0)
			continue;
		char lower[64];
		size_t k = 0;
		for (const char *p = a + 10; *p && k + 1 < sizeof lower; p++)
			lower[k++] = (char)((*p >= 'A' && *p <= 'Z') ? *p - 'A' + 'a' : *p);
		lower[k] = '\0';
		if (seccomp_arch_resolve_name(lower) != sel->native)
			continue;
		yajl_val subs = obj_get(e, "subArchitectures");
		for (size_t j = 0; j < arr_len(subs); j++) {
			int rc = add_arch_name(ctx, YAJL_GET_STRING(subs->u.array.values[j]), err);
			if (rc)
				return rc;
		}
	}
	for (size_t i = 0; i < arr_len(list); i++) {
		int rc = add_arch_name(ctx, YAJL_GET_STRING(list->u.array.values[i]), err);
		if (rc)
			return rc;
	}
	return 0;
}

/* One `syscalls` entry. */
static int add_entry(scmp_filter_ctx ctx, yajl_val call, uint32_t def_act,
		     const struct selection *sel, struct build_counts *counts, const char **err)
{
	if (!rule_selected(sel, call))
		return 0;
	uint32_t act;
	if (!get_action(YAJL_GET_STRING(obj_get(call, "action")), obj_get(call, "errnoRet"), &act)) {
		*err = "bad action or errnoRet in a syscalls entry";
		return -EINVAL;
	}
	if (act == def_act)
		return 0;
	struct scmp_arg_cmp conds[MAX_ARGS * 8];
	size_t n;
	bool repeated;
	if (!get_conditions(obj_get(call, "args"), conds, &n, &repeated)) {
		*err = "bad args in a syscalls entry";
		return -EINVAL;
	}
	yajl_val names = obj_get(call, "names");
	const char *one = YAJL_GET_STRING(obj_get(call, "name"));
	int rc = 0;
	if (one)
		rc = add_call(ctx, one, act, conds, n, repeated, counts);
	for (size_t i = 0; !rc && i < arr_len(names); i++) {
		const char *name = YAJL_GET_STRING(names->u.array.values[i]);
		if (name)
			rc = add_call(ctx, name, act, conds, n, repeated, counts);
	}
	if (rc)
		*err = "seccomp_rule_add failed";
	return rc;
}

/*
 * Builds the filter for root and selection; optimize is 1 or 2. Returns the
 * context, or NULL with *err set (*status 1: the profile, 3: libseccomp).
 */
static scmp_filter_ctx build_filter(yajl_val root, const struct selection *sel, int optimize,
				    struct build_counts *counts, const char **err, int *status)
{
	*status = 1;
	uint32_t def_act;
	if (!get_action(YAJL_GET_STRING(obj_get(root, "defaultAction")),
			obj_get(root, "defaultErrnoRet"), &def_act)) {
		*err = "bad defaultAction or defaultErrnoRet";
		return NULL;
	}
	*status = 3;
	scmp_filter_ctx ctx = seccomp_init(def_act);
	if (!ctx) {
		*err = "seccomp_init failed";
		return NULL;
	}
	(void)seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1); /* unsupported: ignored, as runc */
	if (seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0) ||
	    seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, (uint32_t)optimize)) {
		*err = "seccomp_attr_set failed";
		goto fail;
	}
	*status = 1;
	if (add_arches(ctx, root, sel, err))
		goto fail;
	yajl_val calls = obj_get(root, "syscalls");
	memset(counts, 0, sizeof *counts);
	for (size_t i = 0; i < arr_len(calls); i++)
		if (add_entry(ctx, calls->u.array.values[i], def_act, sel, counts, err))
			goto fail;
	return ctx;
fail:
	seccomp_release(ctx);
	return NULL;
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, len = 0;
	char *s = malloc(cap);
	size_t n;
	while (s && (n = fread(s + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len - 1 == 0) {
			char *t = realloc(s, cap *= 2);
			if (!t)
				free(s);
			s = t;
		}
	}
	fclose(f);
	if (!s) {
		fputs("libseccomp_baseline: out of memory\n", stderr);
		exit(3);
	}
	s[len] = '\0';
	return s;
}

static void running_kernel(struct selection *sel)
{
	struct utsname u;
	if (uname(&u) != 0 || !parse_version(u.release, &sel->kernel_major, &sel->kernel_minor))
		sel->kernel_major = sel->kernel_minor = 0;
}

struct options {
	const char *profile, *out;
	int optimize;
	long runs;
	struct selection sel;
};

static int usage(void)
{
	fputs("usage: libseccomp_baseline [--tree|--linear] [--runs N] [--cap CAP]... [--caps none]\n"
	      "                           [--kernel X.Y] PROFILE.json -o OUT.bpf\n", stderr);
	return 2;
}

/* Returns -1 when the options are fine, else the exit status. */
static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "tree", no_argument, NULL, 't' }, { "linear", no_argument, NULL, 'l' },
		{ "runs", required_argument, NULL, 'n' }, { "cap", required_argument, NULL, 'c' },
		{ "caps", required_argument, NULL, 'C' }, { "kernel", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	bool no_default_caps = false;
	memset(o, 0, sizeof *o);
	o->optimize = 2;
	running_kernel(&o->sel);
	int c;
	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (c) {
		case 't': o->optimize = 2; break;
		case 'l': o->optimize = 1; break;
		case 'o': o->out = optarg; break;
		case 'n': o->runs = strtol(optarg, NULL, 10); if (o->runs < 0) return usage(); break;
		case 'c':
			if (o->sel.ncaps == MAX_CAPS)
				return usage();
			o->sel.caps[o->sel.ncaps++] = optarg;
			break;
		case 'C': if (strcmp(optarg, "none")) return usage(); no_default_caps = true; break;
		case 'k':
			if (!parse_version(optarg, &o->sel.kernel_major, &o->sel.kernel_minor))
				return usage();
			break;
		default: return usage();
		}
	}
	if (optind + 1 != argc || !o->out)
		return usage();
	o->profile = argv[optind];
	if (!no_default_caps)
		for (size_t i = 0; i < sizeof docker_caps / sizeof docker_caps[0] &&
				   o->sel.ncaps < MAX_CAPS; i++)
			o->sel.caps[o->sel.ncaps++] = docker_caps[i];
	o->sel.native = seccomp_arch_native();
	o->sel.goarch = goarch_of(o->sel.native);
	return -1;
}

/* Builds and exports to fd; returns the exit status. */
static int build_export(yajl_val root, const struct options *o, int fd,
			struct build_counts *counts)
{
	const char *err = NULL;
	int status;
	scmp_filter_ctx ctx = build_filter(root, &o->sel, o->optimize, counts, &err, &status);
	if (!ctx) {
		fprintf(stderr, "libseccomp_baseline: %s: %s\n", o->profile, err);
		return status;
	}
	int rc = seccomp_export_bpf(ctx, fd);
	seccomp_release(ctx);
	if (rc) {
		fprintf(stderr, "libseccomp_baseline: seccomp_export_bpf: %s\n", strerror(-rc));
		return 3;
	}
	return 0;
}

/* The medians of build+export and parse+build+export over o->runs runs. */
static int time_runs(const char *text, yajl_val root, const struct options *o)
{
	int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	uint64_t *build = malloc((size_t)o->runs * sizeof *build);
	uint64_t *whole = malloc((size_t)o->runs * sizeof *whole);
	if (devnull < 0 || !build || !whole) {
		fputs("libseccomp_baseline: cannot set up the timing runs\n", stderr);
		return 3;
	}
	struct build_counts counts;
	int status = 0;
	/* Both measurements alternate, after a few unmeasured runs, so that
	 * frequency scaling and the heap's state weigh on them alike. */
	for (long i = -3; i < o->runs && !status; i++) {
		char errbuf[256];
		uint64_t t0 = bench_now_ns();
		status = build_export(root, o, devnull, &counts);
		uint64_t t1 = bench_now_ns();
		yajl_val r = status ? NULL : yajl_tree_parse(text, errbuf, sizeof errbuf);
		status = status ? status : r ? build_export(r, o, devnull, &counts) : 3;
		yajl_tree_free(r);
		uint64_t t2 = bench_now_ns();
		if (i >= 0) {
			build[i] = t1 - t0;
			whole[i] = t2 - t1;
		}
	}
	if (!status) {
		printf("runs %ld\n", o->runs);
		printf("build_export_median_ns %.0f\n", bench_median(build, (size_t)o->runs));
		printf("parse_build_export_median_ns %.0f\n", bench_median(whole, (size_t)o->runs));
	}
	free(build);
	free(whole);
	close(devnull);
	return status;
}

int main(int argc, char **argv)
{
	struct options o;
	int status = parse_options(argc, argv, &o);
	if (status >= 0)
		return status;
	char *text = read_text(o.profile);
	if (!text) {
		fprintf(stderr, "libseccomp_baseline: %s: %s\n", o.profile, strerror(errno));
		return 1;
	}
	char errbuf[256];
	yajl_val root = yajl_tree_parse(text, errbuf, sizeof errbuf);
	if (!root || !YAJL_IS_OBJECT(root)) {
		fprintf(stderr, "libseccomp_baseline: %s: not a JSON object: %s\n", o.profile, errbuf);
		free(text);
		return 1;
	}
	int fd = open(o.out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	struct build_counts counts;
	status = fd < 0 ? 1 : build_export(root, &o, fd, &counts);
	if (fd < 0)
		fprintf(stderr, "libseccomp_baseline: %s: %s\n", o.out, strerror(errno));
	if (!status) {
		struct stat st;
		fstat(fd, &st);
		printf("mode %s\nrules %zu\nunknown_names %zu\nsize_insns %lld\n",
		       o.optimize == 2 ? "tree" : "linear", counts.rules, counts.unknown,
		       (long long)st.st_size / 8);
	}
	if (fd >= 0 && close(fd) != 0 && !status)
		status = 3;
	if (!status && o.runs > 0)
		status = time_runs(text, root, &o);
	yajl_tree_free(root);
	free(text);
	return status;
}
