/*
 * test_tables.c - seccompc's generated syscall and errno tables against
 * independent sources (tests/reference/README.md): libseccomp's syscalls.csv
 * for every (arch, name, number) both know, Linux 6.12's errno headers for
 * every errno of every errno style, and the C library's errno.h on the host.
 * A renumbered syscall or errno fails here; the known differences with
 * libseccomp are listed, each with the kernel file that decides it, in
 * tests/reference/libseccomp-known-differences.txt.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"

/* A path under tests/reference/ of the source tree. */
static FILE *open_reference(const char *name)
{
	char path[4096];
	const char *src = getenv("SRCDIR");
	snprintf(path, sizeof path, "%s/tests/reference/%s", src ? src : "..", name);
	FILE *f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	return f;
}

/* The CSV's arches seccompc covers, the arches each stands for, and what
 * seccompc adds to the CSV's numbers (mips ABI base, x32's bit 30). */
static const struct csv_arch {
	const char *column;
	enum arch_id ids[2];
	size_t nids;
	uint32_t base;
} csv_arches[] = {
	{ "x86_64", { ARCH_X86_64 }, 1, 0 }, { "x86", { ARCH_X86 }, 1, 0 },
	{ "x32", { ARCH_X32 }, 1, 0x40000000 }, { "aarch64", { ARCH_AARCH64 }, 1, 0 },
	{ "arm", { ARCH_ARM }, 1, 0 }, { "riscv64", { ARCH_RISCV64 }, 1, 0 },
	{ "s390x", { ARCH_S390X }, 1, 0 }, { "s390", { ARCH_S390 }, 1, 0 },
	{ "ppc64", { ARCH_PPC64, ARCH_PPC64LE }, 2, 0 }, { "ppc", { ARCH_PPC }, 1, 0 },
	{ "mips64", { ARCH_MIPS64, ARCH_MIPSEL64 }, 2, 5000 },
	{ "mips64n32", { ARCH_MIPS64N32, ARCH_MIPSEL64N32 }, 2, 6000 },
	{ "mips", { ARCH_MIPS, ARCH_MIPSEL }, 2, 4000 },
	{ "loongarch64", { ARCH_LOONGARCH64 }, 1, 0 },
};
enum { NCSV = sizeof csv_arches / sizeof csv_arches[0] };

/* seccompc's number of name on arch as the CSV writes it, "-" when absent. */
static void csv_number(const struct arch_info *a, uint32_t base, const char *name,
		       char *out, size_t size)
{
	int64_t nr = arch_syscall_nr(a, name);
	if (nr < 0)
		snprintf(out, size, "-");
	else
		snprintf(out, size, "%lld", (long long)(base == 0x40000000 ? nr & ~0x40000000LL : nr - base));
}

/* Appends "column name seccompc csv\n" to a list that must stay small. */
static void note(char *list, size_t size, const char *column, const char *name,
		 const char *mine, const char *theirs)
{
	size_t len = strlen(list);
	snprintf(list + len, size - len, "%s %s %s %s\n", column, name, mine, theirs);
}

/* Every (arch, name, number) of libseccomp's table against seccompc's, both
 * ways: the disagreements must be exactly the known ones. */
START_TEST(syscall_numbers_match_libseccomp)
{
	static char found[8192], known[4096];
	char line[4096];
	found[0] = known[0] = '\0';
	FILE *f = open_reference("libseccomp-syscalls.csv");
	ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
	int column_of[NCSV];   /* CSV field index of each csv_arches[] entry */
	char *fields[64];
	size_t nfields = 0;
	for (char *p = strtok(line, ",\n"); p && nfields < 64; p = strtok(NULL, ",\n"))
		fields[nfields++] = p;
	for (size_t c = 0; c < NCSV; c++) {
		column_of[c] = -1;
		for (size_t i = 1; i < nfields; i++)
			if (strcmp(fields[i], csv_arches[c].column) == 0)
				column_of[c] = (int)i;
		ck_assert_msg(column_of[c] > 0, "no column %s", csv_arches[c].column);
	}
	/* the CSV's names on each arch, to find seccompc's names it lacks */
	static char seen[NCSV][8192];
	size_t rows = 0;
	while (fgets(line, sizeof line, f)) {
		nfields = 0;
		for (char *p = strtok(line, ",\n"); p && nfields < 64; p = strtok(NULL, ",\n"))
			fields[nfields++] = p;
		rows++;
		for (size_t c = 0; c < NCSV; c++) {
			const char *theirs = fields[column_of[c]];
			if (strcmp(theirs, "PNR") == 0)
				theirs = "-";
			else
				snprintf(seen[c] + strlen(seen[c]), sizeof seen[c] - strlen(seen[c]), " %s ", fields[0]);
			for (size_t k = 0; k < csv_arches[c].nids; k++) {
				char mine[32];
				csv_number(arch_get(csv_arches[c].ids[k]), csv_arches[c].base, fields[0], mine, sizeof mine);
				if (strcmp(mine, theirs) != 0 && k == 0)
					note(found, sizeof found, csv_arches[c].column, fields[0], mine, theirs);
				/* arches sharing a column agree with each other */
				if (k > 0) {
					char first[32];
					csv_number(arch_get(csv_arches[c].ids[0]), csv_arches[c].base, fields[0],
						   first, sizeof first);
					ck_assert_str_eq(mine, first);
				}
			}
		}
	}
	fclose(f);
	ck_assert_uint_gt(rows, 450);
	for (size_t c = 0; c < NCSV; c++) {
		const struct arch_info *a = arch_get(csv_arches[c].ids[0]);
		for (size_t i = 0; i < syscall_name_count; i++) {
			char key[80], mine[32];
			snprintf(key, sizeof key, " %s ", syscall_names[i]);
			csv_number(a, csv_arches[c].base, syscall_names[i], mine, sizeof mine);
			if (strcmp(mine, "-") != 0 && !strstr(seen[c], key))
				note(found, sizeof found, csv_arches[c].column, syscall_names[i], mine, "-");
		}
	}
	f = open_reference("libseccomp-known-differences.txt");
	while (fgets(line, sizeof line, f)) {
		char column[32], name[64], mine[32], theirs[32];
		if (line[0] == '#' || sscanf(line, "%31s %63s %31s %31s", column, name, mine, theirs) != 4)
			continue;
		note(known, sizeof known, column, name, mine, theirs);
	}
	fclose(f);
	/* both lists are in CSV order per arch then names seccompc alone has;
	 * compare them as sets of lines */
	for (char *l = found; *l;) {
		char *end = strchr(l, '\n');
		*end = '\0';
		char want[160];
		snprintf(want, sizeof want, "%s\n", l);
		ck_assert_msg(strstr(known, want) != NULL,
			      "seccompc and libseccomp disagree (arch name seccompc libseccomp): %s; "
			      "fix the tables or list it with its kernel file in "
			      "tests/reference/libseccomp-known-differences.txt", l);
		*end = '\n';
		l = end + 1;
	}
	for (char *l = known; *l;) {
		char *end = strchr(l, '\n');
		*end = '\0';
		char want[160];
		snprintf(want, sizeof want, "%s\n", l);
		ck_assert_msg(strstr(found, want) != NULL,
			      "listed as a known difference but they agree now: %s", l);
		*end = '\n';
		l = end + 1;
	}
}
END_TEST

/* name -> value of the errno macros a header set defines, as the C
 * preprocessor would: #include of the asm-generic files, #undef, and
 * aliases (EWOULDBLOCK EAGAIN). */
struct errno_def {
	char name[64];
	int value;
	char alias[64];
};

struct errno_set {
	struct errno_def defs[256];
	size_t n;
};

static struct errno_def *errno_find(struct errno_set *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->defs[i].name, name) == 0)
			return &s->defs[i];
	return NULL;
}

static void errno_read(struct errno_set *s, const char *file)
{
	FILE *f = open_reference(file);
	char line[512];
	while (fgets(line, sizeof line, f)) {
		char name[64], value[64];
		if (sscanf(line, "#include <asm-generic/%63[^>]>", name) == 1) {
			errno_read(s, strcmp(name, "errno.h") == 0 ? "errno/asm-generic-errno.h"
								 : "errno/asm-generic-errno-base.h");
		} else if (sscanf(line, "#undef %63s", name) == 1) {
			struct errno_def *d = errno_find(s, name);
			if (d)
				*d = s->defs[--s->n];
		} else if (sscanf(line, "#define %63s %63s", name, value) == 2 && name[0] == 'E') {
			ck_assert_uint_lt(s->n, 256);
			struct errno_def *d = &s->defs[s->n++];
			snprintf(d->name, sizeof d->name, "%s", name);
			d->value = -1;
			d->alias[0] = '\0';
			if (value[0] >= '0' && value[0] <= '9')
				d->value = atoi(value);
			else
				snprintf(d->alias, sizeof d->alias, "%s", value);
		}
	}
	fclose(f);
}

static void errno_resolve(struct errno_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->defs[i].alias[0]) {
			struct errno_def *d = errno_find(s, s->defs[i].alias);
			ck_assert_msg(d && d->value > 0, "%s: alias of unknown %s", s->defs[i].name,
				      s->defs[i].alias);
			s->defs[i].value = d->value;
		}
}

/* One errno style against its headers: every name they define has their
 * value, every number they define by number is named so, and every number
 * seccompc names is in the headers. */
static void check_errno_style(enum arch_id id, const char *header)
{
	const struct arch_info *a = arch_get(id);
	struct errno_set s = { .n = 0 };
	errno_read(&s, header);
	errno_resolve(&s);
	ck_assert_uint_gt(s.n, 120);
	for (size_t i = 0; i < s.n; i++) {
		const struct errno_def *d = &s.defs[i];
		ck_assert_msg(arch_errno_nr(a, d->name) == d->value, "%s on %s: seccompc %d, %s %d",
			      d->name, a->name, arch_errno_nr(a, d->name), header, d->value);
		if (!d->alias[0])
			ck_assert_msg(arch_errno_name(a, d->value) && strcmp(arch_errno_name(a, d->value), d->name) == 0,
				      "%d on %s: seccompc %s, %s %s", d->value, a->name,
				      arch_errno_name(a, d->value), header, d->name);
	}
	size_t named = 0;
	for (int nr = 0; nr < 4096; nr++) {
		const char *name = arch_errno_name(a, nr);
		if (!name)
			continue;
		named++;
		const struct errno_def *d = errno_find(&s, name);
		ck_assert_msg(d && d->value == nr, "%s = %d on %s: not so in %s", name, nr, a->name, header);
	}
	ck_assert_uint_gt(named, 120);
}

START_TEST(errnos_match_kernel_headers)
{
	check_errno_style(ARCH_X86_64, "errno/asm-generic-errno.h");
	check_errno_style(ARCH_AARCH64, "errno/asm-generic-errno.h");
	check_errno_style(ARCH_S390X, "errno/asm-generic-errno.h");
	check_errno_style(ARCH_MIPSEL64, "errno/mips-errno.h");
	check_errno_style(ARCH_MIPS, "errno/mips-errno.h");
	check_errno_style(ARCH_PPC64LE, "errno/powerpc-errno.h");
	check_errno_style(ARCH_PPC, "errno/powerpc-errno.h");
	/* the three styles really differ where they should */
	ck_assert_int_eq(arch_errno_nr(arch_get(ARCH_MIPS), "ENOSYS"), 89);
	ck_assert_int_eq(arch_errno_nr(arch_get(ARCH_PPC), "EDEADLOCK"), 58);
	ck_assert_int_eq(arch_errno_nr(arch_get(ARCH_X86), "EDEADLOCK"), 35);
}
END_TEST

/* The host C library's errno.h (x86_64, or any arch of the generic style). */
#define E(name) { #name, name },
static const struct { const char *name; int nr; } host_errnos[] = {
	E(EPERM) E(ENOENT) E(ESRCH) E(EINTR) E(EIO) E(ENXIO) E(E2BIG) E(ENOEXEC) E(EBADF)
	E(ECHILD) E(EAGAIN) E(ENOMEM) E(EACCES) E(EFAULT) E(ENOTBLK) E(EBUSY) E(EEXIST) E(EXDEV)
	E(ENODEV) E(ENOTDIR) E(EISDIR) E(EINVAL) E(ENFILE) E(EMFILE) E(ENOTTY) E(ETXTBSY)
	E(EFBIG) E(ENOSPC) E(ESPIPE) E(EROFS) E(EMLINK) E(EPIPE) E(EDOM) E(ERANGE) E(EDEADLK)
	E(ENAMETOOLONG) E(ENOLCK) E(ENOSYS) E(ENOTEMPTY) E(ELOOP) E(EWOULDBLOCK) E(ENOMSG)
	E(EIDRM) E(ECHRNG) E(EL2NSYNC) E(EL3HLT) E(EL3RST) E(ELNRNG) E(EUNATCH) E(ENOCSI)
	E(EL2HLT) E(EBADE) E(EBADR) E(EXFULL) E(ENOANO) E(EBADRQC) E(EBADSLT) E(EDEADLOCK)
	E(EBFONT) E(ENOSTR) E(ENODATA) E(ETIME) E(ENOSR) E(ENONET) E(ENOPKG) E(EREMOTE)
	E(ENOLINK) E(EADV) E(ESRMNT) E(ECOMM) E(EPROTO) E(EMULTIHOP) E(EDOTDOT) E(EBADMSG)
	E(EOVERFLOW) E(ENOTUNIQ) E(EBADFD) E(EREMCHG) E(ELIBACC) E(ELIBBAD) E(ELIBSCN)
	E(ELIBMAX) E(ELIBEXEC) E(EILSEQ) E(ERESTART) E(ESTRPIPE) E(EUSERS) E(ENOTSOCK)
	E(EDESTADDRREQ) E(EMSGSIZE) E(EPROTOTYPE) E(ENOPROTOOPT) E(EPROTONOSUPPORT)
	E(ESOCKTNOSUPPORT) E(EOPNOTSUPP) E(EPFNOSUPPORT) E(EAFNOSUPPORT) E(EADDRINUSE)
	E(EADDRNOTAVAIL) E(ENETDOWN) E(ENETUNREACH) E(ENETRESET) E(ECONNABORTED) E(ECONNRESET)
	E(ENOBUFS) E(EISCONN) E(ENOTCONN) E(ESHUTDOWN) E(ETOOMANYREFS) E(ETIMEDOUT)
	E(ECONNREFUSED) E(EHOSTDOWN) E(EHOSTUNREACH) E(EALREADY) E(EINPROGRESS) E(ESTALE)
	E(EUCLEAN) E(ENOTNAM) E(ENAVAIL) E(EISNAM) E(EREMOTEIO) E(EDQUOT) E(ENOMEDIUM)
	E(EMEDIUMTYPE) E(ECANCELED) E(ENOKEY) E(EKEYEXPIRED) E(EKEYREVOKED) E(EKEYREJECTED)
	E(EOWNERDEAD) E(ENOTRECOVERABLE) E(ERFKILL) E(EHWPOISON) E(ENOTSUP)
};
#undef E

START_TEST(errnos_match_libc)
{
	const struct arch_info *host = arch_host();
	ck_assert_ptr_nonnull(host);
	for (size_t i = 0; i < sizeof host_errnos / sizeof host_errnos[0]; i++)
		ck_assert_msg(arch_errno_nr(host, host_errnos[i].name) == host_errnos[i].nr,
			      "%s on %s: seccompc %d, errno.h %d", host_errnos[i].name, host->name,
			      arch_errno_nr(host, host_errnos[i].name), host_errnos[i].nr);
}
END_TEST

static Suite *tables_suite(void)
{
	Suite *s = suite_create("tables");
	TCase *t = tcase_create("independent sources");
	tcase_add_test(t, syscall_numbers_match_libseccomp);
	tcase_add_test(t, errnos_match_kernel_headers);
	tcase_add_test(t, errnos_match_libc);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(tables_suite());
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
