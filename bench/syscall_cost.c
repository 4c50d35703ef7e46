/*
 * syscall_cost.c - what a seccomp filter costs per syscall, measured in the
 * kernel: the same syscalls timed with no filter and under each given raw
 * filter (installed in a forked child with seccomp(2), as a container would).
 *
 *   syscall_cost [--calls N] [--rounds R] LABEL=FILTER.bpf|LABEL=none|LABEL=floor...
 *
 * `none` installs nothing; `floor` installs the least filter that decides
 * the workloads alike (nr == unshare: ERRNO(EPERM), else ALLOW: 3
 * instructions run for unshare, the action cache for the rest), so that
 * FILTER - floor is what running FILTER itself costs.
 *
 * Workloads, each N calls a round:
 *   getppid      allowed outright: the kernel's action cache skips the filter
 *   personality  personality(0xffffffff), allowed only for that argument: the
 *                filter runs to an argument comparison
 *   unshare      unshare(0), denied (EPERM) without CAP_SYS_ADMIN: the filter
 *                runs to the default action (with no filter the call succeeds)
 * Each child stays on one CPU. Rounds interleave the filters (round 1: every filter, round 2: ...) so that
 * clock drift hits them all alike; each round is a fresh child. Prints one
 * line per label and workload: `LABEL WORKLOAD NS_PER_CALL OUTCOME`, the
 * median over rounds, OUTCOME being what the calls returned (ok or an errno
 * name) so a reader sees the filter did what it should.
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

enum { NWORK = 3, MAX_FILTERS = 16 };

static const char *const work_names[NWORK] = { "getppid", "personality", "unshare" };

struct filter {
	const char *label;
	struct sock_filter *insns;   /* NULL: no filter */
	unsigned short len;
};

/* What one child reports for one workload. */
struct sample {
	uint64_t ns;
	int err;                     /* errno of the last call, 0: success */
};

static long one_call(int w)
{
	switch (w) {
	case 0: return syscall(SYS_getppid);
	case 1: return syscall(SYS_personality, 0xffffffffUL);
	default: return syscall(SYS_unshare, 0UL);
	}
}

/* In the child: install f, time every workload, write the samples to fd. */
static void child_run(const struct filter *f, long calls, int fd)
{
	cpu_set_t one;                   /* stay on the CPU we started on: no migrations */
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu() < 0 ? 0 : sched_getcpu(), &one);
	(void)sched_setaffinity(0, sizeof one, &one);
	if (f->insns) {
		struct sock_fprog prog = { .len = f->len, .filter = f->insns };
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
			fprintf(stderr, "syscall_cost: %s: cannot install: %s\n", f->label,
				strerror(errno));
			_exit(1);
		}
	}
	struct sample s[NWORK];
	for (int w = 0; w < NWORK; w++) {
		long rc = 0;
		for (long i = 0; i < calls / 10; i++)   /* warm up */
			rc = one_call(w);
		uint64_t t0 = bench_now_ns();
		for (long i = 0; i < calls; i++)
			rc = one_call(w);
		s[w].ns = bench_now_ns() - t0;
		s[w].err = rc < 0 ? errno : 0;
	}
	_exit(write(fd, s, sizeof s) == (ssize_t)sizeof s ? 0 : 1);
}

/* Forks one child for f; fills s[NWORK]. Returns false if the child failed. */
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
	ssize_t n = read(p[0], s, NWORK * sizeof *s);
	close(p[0]);
	int status;
	waitpid(pid, &status, 0);
	return n == (ssize_t)(NWORK * sizeof *s) && WIFEXITED(status) && WEXITSTATUS(status) == 0;
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
	if (nf == 0 || calls < 1 || rounds < 1) {
		fputs("usage: syscall_cost [--calls N] [--rounds R] LABEL=FILTER.bpf|none|floor...\n",
		      stderr);
		return 2;
	}
	uint64_t *ns = calloc(nf * NWORK * (size_t)rounds, sizeof *ns);
	int *err = calloc(nf * NWORK, sizeof *err);
	if (!ns || !err)
		return 1;
	for (long r = 0; r < rounds; r++) {
		for (size_t f = 0; f < nf; f++) {
			struct sample s[NWORK];
			if (!run_round(&filters[f], calls, s)) {
				fprintf(stderr, "syscall_cost: %s: the measuring child failed\n",
					filters[f].label);
				return 1;
			}
			for (int w = 0; w < NWORK; w++) {
				ns[(f * NWORK + (size_t)w) * (size_t)rounds + (size_t)r] = s[w].ns;
				err[f * NWORK + (size_t)w] = s[w].err;
			}
		}
	}
	for (size_t f = 0; f < nf; f++)
		for (int w = 0; w < NWORK; w++) {
			double med = bench_median(&ns[(f * NWORK + (size_t)w) * (size_t)rounds],
						  (size_t)rounds);
			int e = err[f * NWORK + (size_t)w];
			printf("%s %s %.2f %s\n", filters[f].label, work_names[w], med / (double)calls,
			       e ? strerrorname_np(e) : "ok");
		}
	free(ns);
	free(err);
	for (size_t f = 0; f < nf; f++) {
		free((void *)filters[f].label);
		free(filters[f].insns);
	}
	return 0;
}
