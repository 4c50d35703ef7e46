/*
 * test_embed.c - seccompc's outputs for other programs, as a user runs them:
 * the multi-target C header (which filter each ABI's predefined macros pick,
 * #error for an ABI it lacks, off Linux, compiled and installed on this
 * host), base64 for crun, the Go and Rust files, and the command-line rules
 * about formats (unknown extensions, several targets, names). The Go and
 * Rust files are built and run by examples/go and examples/rust.
 */
#include <check.h>

#include "run_command.h"
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arch.h"

static char dir[64];

static char *seccompc(void)
{
	return getenv("SECCOMPC");
}

/* dir/name, in one of a few rotating buffers. */
static char *at(const char *name)
{
	static char path[8][4200];
	static int next;
	char *p = path[next++ % 8];
	snprintf(p, sizeof path[0], "%s/%s", dir, name);
	return p;
}

static void write_text(const char *name, const char *text)
{
	FILE *f = fopen(at(name), "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/* The whole file, NUL-terminated (caller frees); NULL when missing. */
static char *read_text(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t n = 0, cap = 0, got;
	do {
		cap = cap ? cap * 2 : 65536;
		buf = realloc(buf, cap + 1);
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (n == cap);
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

/* Runs a shell command with its output into dir/out.txt; its exit status. */
static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	va_start(ap, fmt);
	int n = snprintf(cmd, sizeof cmd, "cd %s && (", dir);
	vsnprintf(cmd + n, sizeof cmd - (size_t)n - 32, fmt, ap);
	va_end(ap);
	strcat(cmd, ") >out.txt 2>&1");
	int st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static void setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/seccompc-embed-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Every arch of every family: each target's filter covers its whole family.
 * getpriority gets EACCES, everything else is allowed. */
static const char all_arches_profile[] =
	"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_X86_64\", "
	"\"SCMP_ARCH_X86\", \"SCMP_ARCH_X32\", \"SCMP_ARCH_AARCH64\", \"SCMP_ARCH_ARM\", "
	"\"SCMP_ARCH_RISCV64\", \"SCMP_ARCH_S390X\", \"SCMP_ARCH_S390\", \"SCMP_ARCH_PPC64LE\", "
	"\"SCMP_ARCH_PPC64\", \"SCMP_ARCH_PPC\", \"SCMP_ARCH_MIPS64\", \"SCMP_ARCH_MIPS64N32\", "
	"\"SCMP_ARCH_MIPS\", \"SCMP_ARCH_MIPSEL64\", \"SCMP_ARCH_MIPSEL64N32\", \"SCMP_ARCH_MIPSEL\", "
	"\"SCMP_ARCH_LOONGARCH64\"], \"syscalls\": [{\"names\": [\"getpriority\"], "
	"\"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 13}]}\n";

static const char *const natives[] = {
	"x86_64", "aarch64", "riscv64", "s390x", "ppc64le", "ppc64", "mips64", "mipsel64",
	"loongarch64",
};
#define NNATIVES (sizeof natives / sizeof natives[0])

/* The macros GCC and Clang predefine for each ABI (-undef removes the host's). */
static const struct {
	const char *arch;
	const char *macros;
} abi_macros[] = {
	{ "x86_64", "-D__x86_64__ -D__LP64__" },
	{ "x86", "-D__i386__" },
	{ "x32", "-D__x86_64__ -D__ILP32__" },
	{ "aarch64", "-D__aarch64__ -D__LP64__" },
	{ "arm", "-D__arm__" },
	{ "riscv64", "-D__riscv -D__riscv_xlen=64" },
	{ "s390x", "-D__s390x__ -D__s390__" },
	{ "s390", "-D__s390__" },
	{ "ppc64le", "-D__powerpc64__ -D__powerpc__ -D__ORDER_LITTLE_ENDIAN__=1234 "
		     "-D__ORDER_BIG_ENDIAN__=4321 -D__BYTE_ORDER__=1234" },
	{ "ppc64", "-D__powerpc64__ -D__powerpc__ -D__ORDER_LITTLE_ENDIAN__=1234 "
		   "-D__ORDER_BIG_ENDIAN__=4321 -D__BYTE_ORDER__=4321" },
	{ "ppc", "-D__powerpc__ -D__ORDER_LITTLE_ENDIAN__=1234 -D__ORDER_BIG_ENDIAN__=4321 "
		 "-D__BYTE_ORDER__=4321" },
	{ "mips64", "-D__mips__ -D_ABIO32=1 -D_ABIN32=2 -D_ABI64=3 -D_MIPS_SIM=_ABI64 -D__MIPSEB__" },
	{ "mips64n32", "-D__mips__ -D_ABIO32=1 -D_ABIN32=2 -D_ABI64=3 -D_MIPS_SIM=_ABIN32 "
		       "-D__MIPSEB__" },
	{ "mips", "-D__mips__ -D_ABIO32=1 -D_ABIN32=2 -D_ABI64=3 -D_MIPS_SIM=_ABIO32 -D__MIPSEB__" },
	{ "mipsel64", "-D__mips__ -D_ABIO32=1 -D_ABIN32=2 -D_ABI64=3 -D_MIPS_SIM=_ABI64 "
		      "-D__MIPSEL__" },
	{ "mipsel64n32", "-D__mips__ -D_ABIO32=1 -D_ABIN32=2 -D_ABI64=3 -D_MIPS_SIM=_ABIN32 "
			 "-D__MIPSEL__" },
	{ "mipsel", "-D__mips__ -D_ABIO32=1 -D_ABIN32=2 -D_ABI64=3 -D_MIPS_SIM=_ABIO32 "
		    "-D__MIPSEL__" },
	{ "loongarch64", "-D__loongarch__ -D__loongarch64 -D__loongarch_grlen=64" },
};

/* Preprocesses use.c as a compiler for the ABI would (its predefined
 * macros, a stand-in <linux/filter.h>), -Wundef as an error; the output
 * in dir/out.txt; returns the status. */
static int preprocess(const char *macros, const char *extra)
{
	mkdir(at("fake"), 0755);
	mkdir(at("fake/linux"), 0755);
	write_text("fake/linux/filter.h", "struct sock_filter { unsigned short code; "
		   "unsigned char jt, jf; unsigned int k; };\n");
	write_text("use.c", "#include \"filter.h\"\nconst void *p = f; unsigned n = f_len;\n");
	return sh("cc -E -P -undef -nostdinc -Ifake -Wundef -Werror %s %s use.c", macros, extra);
}

START_TEST(c_header_picks_each_abis_filter)
{
	write_text("all.json", all_arches_profile);
	char *argv[64] = { seccompc(), at("all.json"), "-o", at("filter.h"), "--name", "f" };
	int argc = 6;
	for (size_t i = 0; i < NNATIVES; i++) {
		argv[argc++] = "--target";
		argv[argc++] = (char *)natives[i];
	}
	struct run r;
	ck_assert_int_eq(run(&r, argv), 0);
	for (size_t i = 0; i < sizeof abi_macros / sizeof abi_macros[0]; i++) {
		const struct arch_info *abi = arch_by_name(abi_macros[i].arch);
		const struct arch_info *want = arch_get(abi->native);
		ck_assert_msg(preprocess(abi_macros[i].macros, "-D__linux__") == 0, "%s: %s",
			      abi->name, read_text(at("out.txt"), NULL));
		char *out = read_text(at("out.txt"), NULL);
		/* Every family's filter compares seccomp_data.arch with its own
		 * native arch's value, and no other family's. */
		for (size_t t = 0; t < NNATIVES; t++) {
			const struct arch_info *native = arch_by_name(natives[t]);
			char k[32];
			snprintf(k, sizeof k, "0x%08xU", native->audit_arch);
			ck_assert_msg(!strstr(out, k) == (native != want), "%s picks %s's filter",
				      abi->name, native->name);
		}
		ck_assert_msg(strstr(out, "const struct sock_filter f[] = {"), "%s", out);
		free(out);
	}
	/* Off Linux: a null filter, no array. */
	ck_assert_int_eq(preprocess("-D__x86_64__", ""), 0);
	char *out = read_text(at("out.txt"), NULL);
	ck_assert_msg(strstr(out, "const struct sock_filter *const f = 0;") &&
		      strstr(out, "f_len = 0;") && !strstr(out, "f[] ="), "%s", out);
	free(out);
}
END_TEST

START_TEST(c_header_stops_for_an_abi_it_lacks)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/tests/corpus/moby-default-x86_64-only.json", getenv("SRCDIR"));
	struct run r;
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), path, "-o", at("filter.h"), "--name",
						  "f", "--target", "x86_64", NULL }), 0);
	ck_assert_int_eq(preprocess("-D__x86_64__", "-D__linux__"), 0);
	/* This profile covers x86_64 alone: an x86 or x32 program, or an arm64
	 * one, gets no filter that would kill it at its first syscall. */
	const char *others[] = { "-D__i386__", "-D__x86_64__ -D__ILP32__", "-D__aarch64__" };
	for (size_t i = 0; i < 3; i++) {
		ck_assert_int_ne(preprocess(others[i], "-D__linux__"), 0);
		char *out = read_text(at("out.txt"), NULL);
		ck_assert_msg(strstr(out, "#error \"seccompc: f has no filter for this architecture; it "
				      "was compiled for x86_64 (x86_64). Compile the profile with "
				      "--target for this one too, or define SECCOMPC_NO_FILTER_OK"),
			      "%s", out);
		free(out);
		ck_assert_int_eq(preprocess(others[i], "-D__linux__ -DSECCOMPC_NO_FILTER_OK"), 0);
		out = read_text(at("out.txt"), NULL);
		ck_assert_msg(strstr(out, "const struct sock_filter *const f = 0;"), "%s", out);
		free(out);
	}
}
END_TEST

/* A program that installs the header's filter with the runtime, then checks
 * that getpriority fails with EACCES and getppid works; exit 0 when so. Off
 * Linux (-U__linux__) it checks that installing says -ENOSYS. */
static const char install_program[] =
	"#include <errno.h>\n#include <stdio.h>\n#include <unistd.h>\n"
	"#include \"filter.h\"\n"
	"#ifndef __cplusplus   /* C++ uses the API; impl.c holds the implementation */\n"
	"#define SECCOMPC_RUNTIME_IMPLEMENTATION\n#endif\n"
	"#include \"seccompc-runtime.h\"\n"
	"#ifdef __linux__\n#include <sys/syscall.h>\n#endif\n"
	"int main(void)\n{\n"
	"\tint err = seccompc_install(f, f_len, SECCOMPC_FLAG_TSYNC, NULL);\n"
	"#ifdef __linux__\n"
	"\tif (err) { fprintf(stderr, \"install: %s\\n\", seccompc_strerror(err)); return 1; }\n"
	"\tlong r = syscall(SYS_getpriority, 0, 0);\n"
	"\tif (r != -1 || errno != EACCES) { fprintf(stderr, \"getpriority: %ld\\n\", r); return 2; }\n"
	"\treturn getppid() > 0 ? 0 : 3;\n"
	"#else\n\treturn err == -ENOSYS && f == 0 && f_len == 0 ? 0 : 4;\n#endif\n}\n";

START_TEST(c_header_installs_on_this_host)
{
	write_text("all.json", all_arches_profile);
	struct run r;
	/* The host's family among others, not first. */
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), at("all.json"), "-o", at("filter.h"),
						  "--name", "f", "--target", "s390x", "--target",
						  (char *)arch_get(arch_host()->native)->name, "--target",
						  "mips64", NULL }), 0);
	write_text("main.c", install_program);
	write_text("impl.c", "#define SECCOMPC_RUNTIME_IMPLEMENTATION\n#include \"seccompc-runtime.h\"\n");
	ck_assert_int_eq(sh("cc -c -I%s/runtime impl.c", getenv("SRCDIR")), 0);
	static const char *const compilers[] = {
		"cc -std=c99", "cc -std=c11", "c++ -x c++ -std=c++11", "cc -std=c11 -U__linux__",
	};
	for (size_t i = 0; i < 4; i++) {
		bool cxx = strncmp(compilers[i], "c++", 3) == 0;
		if (cxx && sh("c++ --version") != 0)
			continue;
		ck_assert_msg(sh("%s -Wall -Wextra -Wundef -Werror -pedantic -I%s/runtime main.c %s -o "
				 "prog && ./prog", compilers[i], getenv("SRCDIR"),
				 cxx ? "-x none impl.o" : "") == 0, "%s: %s",
			      compilers[i], read_text(at("out.txt"), NULL));
	}
}
END_TEST

/* RFC 4648 base64 decoding; returns the length, or -1 on a bad character. */
static long unbase64(const char *s, unsigned char *out)
{
	static const char digits[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	long n = 0;
	unsigned v = 0, bits = 0;
	for (; *s && *s != '='; s++) {
		const char *d = strchr(digits, *s);
		if (!d)
			return -1;
		v = v << 6 | (unsigned)(d - digits);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(v >> bits);
		}
	}
	return n;
}

START_TEST(base64_is_the_raw_blob)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/profiles/default.json", getenv("SRCDIR"));
	const char *targets[] = { "x86_64", "s390x", "aarch64" };
	for (size_t i = 0; i < 3; i++) {
		struct run r;
		ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), path, "-o", at("f.bpf"),
							  "--target", (char *)targets[i], NULL }), 0);
		ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), path, "-o", at("f.b64"),
							  "--target", (char *)targets[i], NULL }), 0);
		size_t rawlen = 0, textlen = 0;
		char *raw = read_text(at("f.bpf"), &rawlen), *text = read_text(at("f.b64"), &textlen);
		/* crun decodes the whole annotation: no newline, padded to 4. */
		ck_assert_uint_eq(textlen % 4, 0);
		ck_assert_uint_eq(textlen, (rawlen + 2) / 3 * 4);
		unsigned char *bytes = malloc(textlen);
		ck_assert_int_eq(unbase64(text, bytes), (long)rawlen);
		ck_assert(memcmp(bytes, raw, rawlen) == 0);
		ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), path, "-o", "-", "-f", "base64",
							  "--target", (char *)targets[i], NULL }), 0);
		ck_assert_str_eq(r.out, text);
		free(bytes);
		free(raw);
		free(text);
	}
}
END_TEST

START_TEST(output_formats_come_from_known_extensions)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/profiles/default.json", getenv("SRCDIR"));
	struct run r;
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), path, "-o", at("x.json"), NULL }), 2);
	ck_assert_msg(strstr(r.err, "-o ") && strstr(r.err, "x.json: seccompc writes no format named "
			     ".json") && strstr(r.err, "seccompc resolve --oci"), "%s", r.err);
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), path, "-o", at("x.txt"), NULL }), 2);
	ck_assert(strstr(r.err, "say which with -f raw|base64|asm|c|go|rust"));
	ck_assert_int_eq(access(at("x.txt"), F_OK), -1);
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), path, "-o", at("x.txt"), "-f", "raw",
						  NULL }), 0);
	/* No extension: raw, a dot in a directory name notwithstanding. */
	mkdir(at("out.d"), 0755);
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), path, "-o", at("out.d/filter"),
						  NULL }), 0);
	size_t a = 0, b = 0;
	char *x = read_text(at("x.txt"), &a), *y = read_text(at("out.d/filter"), &b);
	ck_assert(a == b && a % 8 == 0 && memcmp(x, y, a) == 0);
	free(x);
	free(y);
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), path, "-o", at("f.rs"), NULL }), 0);
	x = read_text(at("f.rs"), NULL);
	ck_assert(strstr(x, "pub fn install_seccomp_filter() -> std::io::Result<()> {"));
	free(x);
}
END_TEST

START_TEST(usage_errors_about_formats)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/profiles/default.json", getenv("SRCDIR"));
	static const struct {
		const char *args[6];
		const char *message;
	} cases[] = {
		{ { "-o", "f.bpf", "--target", "x86_64", "--target", "aarch64" },
		  "several --target options: a raw output holds one target's filter" },
		{ { "-o", "-", "-f", "base64", "--target", "s390x" }, NULL },
		{ { "-o", "f.h", "--package", "p" }, "--package is for -f go" },
		{ { "-o", "f.bpf", "--name", "x" }, "--name is for -f c, go and rust" },
		{ { "-o", "f.h", "--name", "a-b" }, "--name a-b: expected an identifier" },
		{ { "-o", "f.h", "--name", "9a" }, "--name 9a: expected an identifier" },
		{ { "-o", "-", "-f", "go" }, "-f go writes two files, OUT.go and OUT_nonlinux.go" },
		{ { "-o", "f.go", "--package", "func" }, "--package func: expected a Go package name" },
		{ { "-o", "f_amd64.go" }, "Go reads a name ending in _amd64.go as a build constraint" },
		{ { "-o", "f_test.go" }, "Go reads a name ending in _test.go as a build constraint" },
		{ { "-o", "-", "-f", "elf" }, "-f elf: expected raw, base64, asm, c, go or rust" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *argv[10] = { seccompc(), path };
		int argc = 2;
		for (size_t k = 0; k < 6 && cases[i].args[k]; k++)
			argv[argc++] = strchr(cases[i].args[k], '.') && cases[i].args[k][0] != '-' ?
				       at(cases[i].args[k]) : (char *)cases[i].args[k];
		struct run r;
		int st = run(&r, argv);
		if (!cases[i].message) {
			ck_assert_int_eq(st, 0);
			continue;
		}
		ck_assert_msg(st == 2 && strstr(r.err, cases[i].message), "case %zu: %d %s", i, st,
			      r.err);
	}
	ck_assert_int_eq(access(at("f.go"), F_OK), -1);
	ck_assert_int_eq(access(at("f_nonlinux.go"), F_OK), -1);
}
END_TEST

START_TEST(go_output_is_a_pair_of_files)
{
	write_text("all.json", all_arches_profile);
	struct run r;
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), at("all.json"), "-o", at("sandbox.go"),
						  "--name", "Sandbox", "--package", "jail", "--target",
						  "x86_64", "--target", "mips64", NULL }), 0);
	char *linux = read_text(at("sandbox.go"), NULL), *other = read_text(at("sandbox_nonlinux.go"),
									    NULL);
	ck_assert_ptr_nonnull(other);
	ck_assert(strstr(linux, "\n//go:build linux\n\npackage jail\n"));
	ck_assert(strstr(linux, "DO NOT EDIT.\n"));
	/* Each GOARCH with its own ABI's syscall numbers (prctl, seccomp). */
	ck_assert(strstr(linux, "case \"amd64\":\n\t\tfilter, nrPrctl, nrSeccomp = "
			 "seccompcSandboxX86_64[:], 157, 317\n"));
	ck_assert(strstr(linux, "case \"386\":\n\t\tfilter, nrPrctl, nrSeccomp = "
			 "seccompcSandboxX86_64[:], 172, 354\n"));
	ck_assert(strstr(linux, "case \"mips\":\n\t\tfilter, nrPrctl, nrSeccomp = "
			 "seccompcSandboxMips64[:], 4192, 4352\n"));
	/* x32 and mips n32 have no GOARCH. */
	ck_assert(strstr(linux, "compiled for x86_64 (amd64, 386), mips64 (mips64, mips)\"}"));
	ck_assert(strstr(other, "\n//go:build !linux\n\npackage jail\n"));
	ck_assert(strstr(other, "func InstallSandbox() error { return nil }\n"));
	ck_assert(strstr(linux, "nothing and returns nil (sandbox_nonlinux.go).\n"));
	free(linux);
	free(other);
}
END_TEST

START_TEST(several_targets_read_the_profile_once)
{
	write_text("typo.json", "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": "
		   "[\"read\", \"wirte\"], \"action\": \"SCMP_ACT_ALLOW\"}]}\n");
	struct run r;
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), at("typo.json"), "-o", at("f.h"),
						  "--target", "x86_64", "--target", "aarch64",
						  "--target", "riscv64", NULL }), 0);
	const char *w = strstr(r.err, "unknown syscall \"wirte\"");
	ck_assert_msg(w && !strstr(w + 1, "unknown syscall \"wirte\""), "%s", r.err);
	ck_assert_int_eq(run(&r, (char *const[]){ seccompc(), at("typo.json"), "-o", at("f.h"),
						  "--target", "x86_64", "--target", "aarch64",
						  "--strict", NULL }), 1);
	/* Standard input is read once for all targets. */
	ck_assert_int_eq(sh("%s - -o stdin.h --target x86_64 --target aarch64 <typo.json",
			    seccompc()), 0);
	char *h = read_text(at("stdin.h"), NULL);
	ck_assert(strstr(h, "/* target x86_64: x86_64; ") && strstr(h, "/* target aarch64: aarch64; "));
	free(h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("embed");
	TCase *tc = tcase_create("embed");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, c_header_picks_each_abis_filter);
	tcase_add_test(tc, c_header_stops_for_an_abi_it_lacks);
	tcase_add_test(tc, c_header_installs_on_this_host);
	tcase_add_test(tc, base64_is_the_raw_blob);
	tcase_add_test(tc, output_formats_come_from_known_extensions);
	tcase_add_test(tc, usage_errors_about_formats);
	tcase_add_test(tc, go_output_is_a_pair_of_files);
	tcase_add_test(tc, several_targets_read_the_profile_once);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
