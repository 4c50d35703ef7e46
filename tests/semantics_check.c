/*
 * semantics_check.c - compiling a rule's profile and asserting its
 * decisions (see semantics_check.h).
 */
#include "semantics_check.h"

#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

struct compile_options sem_opts(const char *target)
{
	struct compile_options co;
	memset(&co, 0, sizeof co);
	co.verify = true;
	co.select.target = arch_by_name(target);
	ck_assert_ptr_nonnull(co.select.target);
	co.select.kernel_major = 6;
	co.select.kernel_minor = 1;
	return co;
}

struct compile_options sem_enosys_opts(const char *target)
{
	struct compile_options co = sem_opts(target);
	co.select.enosys_newer = true;
	return co;
}

int sem_try(struct sem *s, const char *text, struct compile_options co, bool strict)
{
	arena_init(&s->arena);
	diag_init(&s->diag, "rule.json");
	s->diag.strict = strict;
	char *json = strdup(text);
	for (char *p = json; *p; p++)
		if (*p == '\'')
			*p = '"';
	int status = compile_profile_text("rule.json", json, strlen(json), &co, &s->arena,
					  &s->diag, &s->res);
	free(json);
	return status;
}

void sem_compile_opts(struct sem *s, const char *text, struct compile_options co)
{
	int status = sem_try(s, text, co, false);
	ck_assert_msg(status == 0, "status %d:\n%s", status, diag_text(&s->diag));
}

void sem_compile(struct sem *s, const char *text, const char *target)
{
	sem_compile_opts(s, text, sem_opts(target));
}

void sem_free(struct sem *s)
{
	diag_fini(&s->diag);
	arena_free(&s->arena);
}

void sem_caps(struct sem *s, struct compile_options *co, const char *base,
	      const char *const *add, const char *const *drop)
{
	struct cap_options o;
	char why[160];
	cap_options_init(&o);
	ck_assert(cap_options_apply(&o, CAP_OPT_CAPS, base, why, sizeof why));
	for (size_t i = 0; add && add[i]; i++)
		ck_assert_msg(cap_options_apply(&o, CAP_OPT_ADD, add[i], why, sizeof why), "%s", why);
	for (size_t i = 0; drop && drop[i]; i++)
		ck_assert_msg(cap_options_apply(&o, CAP_OPT_DROP, drop[i], why, sizeof why), "%s", why);
	cap_select(&co->select, o.set, s->cap_names);
}

char *sem_corpus(const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/tests/corpus/%s", getenv("SRCDIR"), name);
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "%s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	char *text = malloc((size_t)n + 1);
	ck_assert_uint_eq(fread(text, 1, (size_t)n, f), (size_t)n);
	text[n] = 0;
	fclose(f);
	return text;
}

bool sem_covers(const struct sem *s, enum arch_id id)
{
	return table_arch(&s->res.table, id) != NULL;
}

static const char *describe(uint32_t ret, char *buf)
{
	return action_describe(ret, buf, 48);
}

void sem_decides_raw(int line, struct sem *s, uint32_t audit, uint32_t nr, uint32_t want,
		     const uint64_t args[6])
{
	struct bpf_input in = { .nr = (int32_t)nr, .arch = audit,
				.big_endian = s->res.table.target->big_endian };
	memcpy(in.args, args, sizeof in.args);
	uint32_t table = table_decide_raw(&s->res.table, audit, nr, args);
	uint32_t filter = bpf_simulate(&s->res.prog, &in).action;
	char w[48], t[48], f[48];
	ck_assert_msg(table == want && filter == want,
		      "line %d: arch 0x%08" PRIx32 " nr 0x%" PRIx32 " args [0x%" PRIx64 ", 0x%" PRIx64
		      ", 0x%" PRIx64 ", 0x%" PRIx64 "]: expected %s, the table decides %s, the "
		      "filter %s", line, audit, nr, args[0], args[1], args[2], args[3],
		      describe(want, w), describe(table, t), describe(filter, f));
}

#if defined(__x86_64__)
/* Syscalls a child can make under any filter with no effect but an answer. */
static bool harmless(const char *name)
{
	static const char *const names[] = { "getpid", "getppid", "gettid", "getuid", "getgid",
					     "geteuid", "getegid" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

static bool ia32_checked, ia32_ok;

/* What the child saw, in memory it shares with the parent: the filters
 * under test may deny write() and exit(), so it reports through memory and
 * ends with an illegal instruction (no syscall needed). */
struct shared_report {
	int stage;               /* 1: filter installed, 2: syscall returned */
	long ret;
	int err;
};

/* Forks; the child installs prog and makes syscall nr (through int $0x80
 * with ia32) with args. */
static struct child_outcome run_under(const struct bpf_prog *prog, long nr,
				      const uint64_t args[6], bool ia32)
{
	struct child_outcome o;
	memset(&o, 0, sizeof o);
	struct shared_report *r = mmap(NULL, sizeof *r, PROT_READ | PROT_WRITE,
				       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ck_assert(r != MAP_FAILED);
	memset(r, 0, sizeof *r);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct rlimit no_core = { 0, 0 };
		setrlimit(RLIMIT_CORE, &no_core);
		struct sock_fprog fp = { .len = (unsigned short)prog->len, .filter = prog->insns };
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp) != 0) {
			r->err = errno;
			_exit(0);
		}
		__atomic_store_n(&r->stage, 1, __ATOMIC_SEQ_CST);
		long ret;
		int err = 0;
		if (ia32) {
			ret = ia32_syscall(nr, (uint32_t)args[0], (uint32_t)args[1], (uint32_t)args[2]);
			if (ret < 0 && ret > -4096) {
				err = (int)-ret;
				ret = -1;
			}
		} else {
			errno = 0;
			ret = syscall(nr, args[0], args[1], args[2], args[3], args[4], args[5]);
			err = ret == -1 ? errno : 0;
		}
		r->ret = ret;
		r->err = err;
		__atomic_store_n(&r->stage, 2, __ATOMIC_SEQ_CST);
		__builtin_trap();
	}
	int status = 0;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	int stage = __atomic_load_n(&r->stage, __ATOMIC_SEQ_CST);
	o.installed = stage >= 1;
	o.exited = stage == 2;
	o.ret = r->ret;
	o.err = r->err;
	if (!o.exited && WIFSIGNALED(status))
		o.signal = WTERMSIG(status);
	munmap(r, sizeof *r);
	return o;
}

/* The kernel decides `want` too: what a child that makes the call sees. */
static void kernel_decides(int line, struct sem *s, enum arch_id arch, uint32_t nr,
			   uint32_t want, const uint64_t args[6])
{
	if (arch == ARCH_X86 && !ia32_checked) {
		ia32_ok = ia32_available("semantics");
		ia32_checked = true;
	}
	if (arch == ARCH_X86 && !ia32_ok)
		return;
	struct child_outcome o = run_under(&s->res.prog, nr, args, arch == ARCH_X86);
	ck_assert_msg(o.installed, "line %d: the kernel refused the filter (errno %d)", line, o.err);
	bool ok;
	switch (action_kind_of(want)) {
	case ACT_ALLOW:
	case ACT_LOG:
		ok = o.exited && o.ret >= 0;
		break;
	case ACT_ERRNO:
		ok = o.exited && o.ret == -1 && o.err == (int)(want & RET_DATA);
		break;
	case ACT_TRACE:       /* no tracer, no listener: ENOSYS */
	case ACT_NOTIFY:
		ok = o.exited && o.ret == -1 && o.err == ENOSYS;
		break;
	default:              /* TRAP, KILL_THREAD of the only thread, KILL_PROCESS */
		ok = !o.exited && o.signal == SIGSYS;
		break;
	}
	char w[48];
	ck_assert_msg(ok, "line %d: %s nr %" PRIu32 " in the kernel: expected %s, the child %s "
		      "(ret %ld, errno %d, signal %d)", line, arch_get(arch)->name, nr,
		      describe(want, w), o.exited ? "returned" : "did not return", o.ret, o.err,
		      o.signal);
}
#endif

void sem_decides_name(int line, struct sem *s, enum arch_id arch, const char *name,
		      uint32_t want, const uint64_t args[6])
{
	const struct arch_info *a = arch_get(arch);
	int64_t nr = arch_syscall_nr(a, name);
	ck_assert_msg(nr >= 0, "line %d: %s has no %s", line, a->name, name);
	sem_decides_raw(line, s, a->audit_arch, (uint32_t)nr, want, args);
#if defined(__x86_64__)
	if (s->res.table.target->id == ARCH_X86_64 && (arch == ARCH_X86_64 || arch == ARCH_X86) &&
	    harmless(name))
		kernel_decides(line, s, arch, (uint32_t)nr, want, args);
#endif
}
