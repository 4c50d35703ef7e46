/*
 * syscall_cost.c - what a seccomp filter costs per syscall, measured in the
 * kernel: the same syscalls timed with no filter and under each given raw
 * filter (installed in a forked child with seccomp(2), as a container would),
 * and what installing each filter costs.
 *
 *   syscall_cost [--calls N] [--rounds R] [--call NAME=NR[:ARG,...]]...
 *                LABEL=FILTER.bpf|LABEL=none|LABEL=floor...
 *
 * `none` installs nothing; `floor` installs the least filter that decides
 * the workloads alike (nr == unshare: ERRNO(EPERM), else ALLOW: 3
 * instructions run for unshare, the action cache for the rest), so that
 * FILTER - floor is what running FILTER itself costs.
 *
 * Workloads, each N calls a round; by default:
 *   getppid      allowed outright: the kernel's action cache skips the filter
 *   personality  personality(0xffffffff), allowed only for that argument: the
 *                filter runs to an argument comparison
 *   unshare      unshare(0), denied (EPERM) without CAP_SYS_ADMIN: the filter
 *                runs to the default action (with no filter the call succeeds)
 * Each --call replaces them with its own: syscall NR (x86_64 numbers on the
 * host) with up to six arguments (decimal or 0x hex, the rest 0), named
 * NAME. Such a call really runs when a filter allows it: give arguments that
 * make it harmless (a bad file descriptor, a null pointer).
 * Install: the seccomp(2) SECCOMP_SET_MODE_FILTER call itself, timed in
 * children that do nothing else, all before the workloads run (the kernel
 * checks the program, translates and JITs it, and emulates it for every
 * syscall number of the arch and its compat arch to fill its action cache:
 * it grows with the program; right after children that made 100,000
 * syscalls each, it took twice as long and varied more).
 * Each child stays on one CPU. Rounds interleave the filters (round 1: every
 * filter, round 2: ...) so that clock drift hits them all alike, in an order
 * that rotates, so that no filter always follows the same one; each
 * measurement is a fresh child. Prints one
 * line per label and workload: `LABEL WORKLOAD NS_PER_CALL OUTCOME MIN`, the
 * median over rounds, OUTCOME being what the calls returned (ok or an errno
 * name) so a reader sees the filter did what it should, and the fastest
 * round (on a shared machine other processes only ever add time: the
 * minimum is what the filter costs when nothing else runs); then, for each
 * label with a filter, `LABEL install NS ok MIN`: the same for the install
 * call's time (one call, not per syscall).
 * Exit: 0 ok, 1 a filter could not be read or installed, 2 usage.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "timing.h"

enum { MAX_WORK = 8, MAX_FILTERS = 16 };

/* One workload: a syscall and its arguments. */
struct work {
	const char *name;
	long nr;
	unsigned long args[6];
};

static const struct work default_work[] = {
	{ "getppid", SYS_getppid, { 0 } },
	{ "personality", SYS_personality, { 0xffffffffUL } },
	{ "unshare", SYS_unshare, { 0 } },
};

static struct work work[MAX_WORK];
static size_t nwork;

struct filter {
	const char *label;
	struct sock_filter *insns;   /* NULL: no filter */
	unsigned short len;
};

/* What one child reports for one workload (the last one: the install). */
struct sample {
	uint64_t ns;
	int err;                     /* errno of the last call, 0: success */
};

static long one_call(const struct work *w)
{
	return syscall(w->nr, w->args[0], w->args[1], w->args[2], w->args[3], w->args[4],
		       w->args[5]);
}

/* In the child: install f and time the install; with calls, also every
 * workload; write the samples (nwork + 1) to fd. */
static void child_run(const struct filter *f, long calls, int fd)
{
	cpu_set_t one;                   /* stay on the CPU we started on: no migrations */
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu() < 0 ? 0 : sched_getcpu(), &one);
	(void)sched_setaffinity(0, sizeof one, &one);
	struct sample s[MAX_WORK + 1];
	s[nwork] = (struct sample){ 0, 0 };
	if (f->insns) {
		struct sock_fprog prog = { .len = f->len, .filter = f->insns };
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
			fprintf(stderr, "syscall_cost: %s: no_new_privs: %s\n", f->label, strerror(errno));
			_exit(1);
		}
		uint64_t t0 = bench_now_ns();
		long rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
		s[nwork].ns = bench_now_ns() - t0;
		if (rc != 0) {
			fprintf(stderr, "syscall_cost: %s: cannot install: %s\n", f->label,
				strerror(errno));
			_exit(1);
		}
	}
	for (size_t w = 0; calls && w < nwork; w++) {
		long rc = 0;
		for (long i = 0; i < calls / 10; i++)   /* warm up */
			rc = one_call(&work[w]);
		uint64_t t0 = bench_now_ns();
		for (long i = 0; i < calls; i++)
			rc = one_call(&work[w]);
		s[w].ns = bench_now_ns() - t0;
		s[w].err = rc < 0 ? errno : 0;
	}
	size_t len = (nwork + 1) * sizeof s[0];
	_exit(write(fd, s, len) == (ssize_t)len ? 0 : 1);
}

/* Forks one child for f (calls 0: it only installs f); fills s[nwork + 1].
 * Returns false if the child failed. */
static bool run_round(const struct filter *f, long calls, struct sample *s)
{
	int p[2];
	if (pipe(p) != 0)
		return false;
	pid_t pid = fork();
	if (pid < 0)
		return false;
	if (pid == 0) {
		close(p[0]);
		child_run(f, calls, p[1]);
	}
	close(p[1]);
	size_t len = (nwork + 1) * sizeof *s;
	ssize_t n = read(p[0], s, len);
	close(p[0]);
	int status;
	waitpid(pid, &status, 0);
	return n == (ssize_t)len && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static const struct sock_filter floor_filter[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_unshare, 0, 1),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};

static bool load_filter(const char *arg, struct filter *f)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg)
		return false;
	size_t n = (size_t)(eq - arg);
	char *label = malloc(n + 1);
	if (!label)
		return false;
	memcpy(label, arg, n);
	label[n] = '\0';
	f->label = label;
	f->insns = NULL;
	f->len = 0;
	const char *path = eq + 1;
	if (strcmp(path, "none") == 0)
		return true;
	if (strcmp(path, "floor") == 0) {
		f->insns = malloc(sizeof floor_filter);
		if (f->insns)
			memcpy(f->insns, floor_filter, sizeof floor_filter);
		f->len = sizeof floor_filter / sizeof floor_filter[0];
		return f->insns != NULL;
	}
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return false;
	static const size_t max = 4096 * sizeof(struct sock_filter);
	f->insns = malloc(max + 1);
	size_t got = f->insns ? fread(f->insns, 1, max + 1, fp) : 0;
	fclose(fp);
	if (!got || got > max || got % sizeof(struct sock_filter))
		return false;
	f->len = (unsigned short)(got / sizeof(struct sock_filter));
	return true;
}

/* NAME=NR[:ARG,...] into work[nwork++]; false if malformed. */
static bool parse_call(const char *arg)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg || nwork == MAX_WORK)
		return false;
	struct work *w = &work[nwork];
	w->name = strndup(arg, (size_t)(eq - arg));
	char *end;
	w->nr = strtol(eq + 1, &end, 0);
	if (end == eq + 1 || w->nr < 0 || !w->name)
		return false;
	memset(w->args, 0, sizeof w->args);
	for (int i = 0; *end; i++) {
		if (i == 6 || *end != (i ? ',' : ':'))
			return false;
		const char *p = end + 1;
		w->args[i] = strtoul(p, &end, 0);
		if (end == p)
			return false;
	}
	nwork++;
	return true;
}

static int usage(void)
{
	fputs("usage: syscall_cost [--calls N] [--rounds R] [--call NAME=NR[:ARG,...]]...\n"
	      "                    LABEL=FILTER.bpf|none|floor...\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	long calls = 1000000, rounds = 11;
	struct filter filters[MAX_FILTERS];
	size_t nf = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--calls") && i + 1 < argc) {
			calls = strtol(argv[++i], NULL, 10);
		} else if (!strcmp(argv[i], "--rounds") && i + 1 < argc) {
			rounds = strtol(argv[++i], NULL, 10);
		} else if (!strcmp(argv[i], "--call") && i + 1 < argc) {
			if (!parse_call(argv[++i])) {
				fprintf(stderr, "syscall_cost: --call %s: not NAME=NR[:ARG,...] (at most "
					"%d calls, 6 arguments)\n", argv[i], MAX_WORK);
				return 2;
			}
		} else if (nf < MAX_FILTERS && argv[i][0] != '-') {
			if (!load_filter(argv[i], &filters[nf])) {
				fprintf(stderr, "syscall_cost: %s: not LABEL=none, LABEL=floor or LABEL=a raw filter\n",
					argv[i]);
				return 1;
			}
			nf++;
		} else {
			nf = 0;
			break;
		}
	}
	if (nf == 0 || calls < 1 || rounds < 1)
		return usage();
	if (nwork == 0) {
		nwork = sizeof default_work / sizeof default_work[0];
		memcpy(work, default_work, sizeof default_work);
	}
	size_t nsample = nwork + 1;   /* the workloads, then the install */
	uint64_t *ns = calloc(nf * nsample * (size_t)rounds, sizeof *ns);
	int *err = calloc(nf * nsample, sizeof *err);
	if (!ns || !err)
		return 1;
	/* The installs first, each child doing nothing else, then the workloads. */
	for (int phase = 0; phase < 2; phase++)
		for (long r = 0; r < rounds; r++)
			for (size_t i = 0; i < nf; i++) {
				size_t f = (i + (size_t)r) % nf;   /* no filter always follows one */
				struct sample s[MAX_WORK + 1];
				if (!run_round(&filters[f], phase ? calls : 0, s)) {
					fprintf(stderr, "syscall_cost: %s: the measuring child failed\n",
						filters[f].label);
					return 1;
				}
				for (size_t w = phase ? 0 : nwork; w < (phase ? nwork : nsample); w++) {
					ns[(f * nsample + w) * (size_t)rounds + (size_t)r] = s[w].ns;
					err[f * nsample + w] = s[w].err;
				}
			}
	for (size_t f = 0; f < nf; f++)
		for (size_t w = 0; w < nsample; w++) {
			if (w == nwork && !filters[f].insns)
				continue;   /* nothing installed */
			uint64_t *v = &ns[(f * nsample + w) * (size_t)rounds];
			double med = bench_median(v, (size_t)rounds);   /* sorts v */
			int e = err[f * nsample + w];
			if (w == nwork)
				printf("%s install %.0f ok %.0f\n", filters[f].label, med, (double)v[0]);
			else
				printf("%s %s %.2f %s %.2f\n", filters[f].label, work[w].name,
				       med / (double)calls, e ? strerrorname_np(e) : "ok",
				       (double)v[0] / (double)calls);
		}
	free(ns);
	free(err);
	for (size_t f = 0; f < nf; f++) {
		free((void *)filters[f].label);
		free(filters[f].insns);
	}
	return 0;
}
