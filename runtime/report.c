/*
 * report.c - seccompc-exec --report: answers and explains denials (see report.h).
 *
 * The profile was compiled with every ERRNO decision turned into
 * SECCOMP_RET_USER_NOTIF; each notification arrives here through the
 * supervisor. The resolved table says what the profile decides for that
 * arch, number and arguments and which rule does; the caller is answered
 * exactly that, so the program sees what it would see without --report.
 * Everything read from the program (its name, strings it passed) is escaped
 * before it is printed.
 */
#include "report.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "decode.h"
#include "notified.h"
#include "suggest.h"

#define MAX_ERRNO 4095        /* the kernel caps SECCOMP_RET_ERRNO's data at this */
#define CALLS_KEPT 16         /* calls of a kind kept, different arguments, for suggestions */
#define PIDS_KEPT 1024

/* A denied syscall (arch and number) and what happened to its calls. */
struct kind {
	struct denied_call calls[CALLS_KEPT];
	size_t ncalls;
	char label[40];           /* its name, or "syscall N" */
	uint32_t action;          /* the profile's decision (of the first call) */
	const struct trule *rule; /* the rule that decided it, NULL: the default */
	bool foreign;             /* an arch the filter does not cover */
	const char *older;        /* an expected fallback: the call it falls back to */
	unsigned count;
};

struct report {
	const struct rule_table *table;
	const struct resolve_options *select;
	struct kind *kinds;
	size_t nkinds, cap;
	unsigned denied, fallbacks;
	pid_t pids[PIDS_KEPT];
	size_t npids;
};

struct report *report_new(const struct compile_result *res, const struct resolve_options *select)
{
	struct report *r = xcalloc(1, sizeof *r);
	r->table = &res->table;
	r->select = select;
	return r;
}

void report_free(struct report *r)
{
	if (r)
		free(r->kinds);
	free(r);
}

/* "syscalls[3] (FILE:LINE)", "defaultAction (FILE:LINE)", or the arch check. */
static void describe_decider(const struct report *r, const struct kind *k, char *out, size_t size)
{
	const struct profile *p = r->table->profile;
	if (k->rule)
		snprintf(out, size, "%s (%s:%d)", k->rule->source->origin.path, p->file,
			 k->rule->source->origin.loc.line);
	else if (k->foreign)
		snprintf(out, size, "the arch check (an arch the profile does not cover)");
	else
		snprintf(out, size, "defaultAction (%s:%d)", p->file, p->default_action.origin.loc.line);
}

/* The answer the caller gets, as the profile decides `action`. */
static int32_t answer(uint32_t action)
{
	if (action_kind_of(action) != ACT_ERRNO)
		return -ENOSYS;   /* the profile's own NOTIFY: nobody else listens */
	uint32_t e = action & RET_DATA;
	return -(int32_t)(e > MAX_ERRNO ? MAX_ERRNO : e);
}

/* "ERRNO(1)", "ERRNO(5000), answered 4095 as the kernel caps it", ... */
static void describe_action(uint32_t action, bool brief, char *out, size_t size)
{
	char what[64];
	action_describe(action, what, sizeof what);
	if (action_kind_of(action) == ACT_NOTIFY)
		snprintf(out, size, brief ? "NOTIFY->ENOSYS" :
			 "NOTIFY (answered ENOSYS, as without a listener)");
	else if (action_kind_of(action) == ACT_ERRNO && (action & RET_DATA) > MAX_ERRNO)
		snprintf(out, size, brief ? "%s->4095" : "%s, answered 4095 as the kernel caps it",
			 what);
	else
		snprintf(out, size, "%s", what);
}

static struct kind *kind_of(struct report *r, const struct denied_call *c)
{
	for (size_t i = 0; i < r->nkinds; i++)
		if (r->kinds[i].calls[0].audit_arch == c->audit_arch && r->kinds[i].calls[0].nr == c->nr)
			return &r->kinds[i];
	VEC_RESERVE(r->kinds, r->cap, r->nkinds + 1);
	struct kind *k = &r->kinds[r->nkinds++];
	memset(k, 0, sizeof *k);
	return k;
}

static void count_pid(struct report *r, pid_t pid)
{
	for (size_t i = 0; i < r->npids; i++)
		if (r->pids[i] == pid)
			return;
	if (r->npids < PIDS_KEPT)
		r->pids[r->npids++] = pid;
}

static void decide(void *ctx, int listener, const struct seccomp_notif *req,
		   struct seccomp_notif_resp *resp)
{
	struct report *r = ctx;
	const struct seccomp_data *d = &req->data;
	struct denied_call c = { NULL, d->arch, (uint32_t)d->nr, { 0 } };
	for (int i = 0; i < 6; i++)
		c.args[i] = d->args[i];
	const struct tarch *ta;
	const struct trule *rule = table_deciding_rule(r->table, c.audit_arch, c.nr, c.args, &ta);
	uint32_t action = table_decide_raw(r->table, c.audit_arch, c.nr, c.args);
	const struct arch_info *arch = ta ? ta->arch : arch_by_audit(c.audit_arch);
	c.name = arch ? arch_syscall_name(arch, c.nr) : NULL;
	resp->error = answer(action);

	struct kind *k = kind_of(r, &c);
	if (k->count++ == 0) {
		if (c.name)
			snprintf(k->label, sizeof k->label, "%s", c.name);
		else
			snprintf(k->label, sizeof k->label, "syscall %" PRIu32, c.nr);
		k->action = action;
		k->rule = rule;
		k->foreign = !ta;
		k->older = expected_fallback(c.name, action, arch);
	}
	bool known = false;
	for (size_t i = 0; i < k->ncalls && !known; i++)
		known = memcmp(k->calls[i].args, c.args, sizeof c.args) == 0;
	if (!known && k->ncalls < CALLS_KEPT)
		k->calls[k->ncalls++] = c;
	count_pid(r, (pid_t)req->pid);
	if (k->older) {
		r->fallbacks++;
		return;
	}
	r->denied++;

	struct caller who = { (pid_t)req->pid, listener, req->id };
	struct decode_memory mem = { caller_read, &who };
	char comm[80], call[2048], what[128], by[512];
	caller_comm(&who, comm, sizeof comm);
	char unnamed[32];
	snprintf(unnamed, sizeof unnamed, "syscall_%" PRIu32, c.nr);
	decode_call(c.name ? c.name : unnamed, c.args, arch && arch == arch_host(), &mem, call,
		    sizeof call);
	describe_action(action, false, what, sizeof what);
	describe_decider(r, k, by, sizeof by);
	fprintf(stderr, "seccompc-exec: denied: pid %u (%s) %s -> %s by %s\n", req->pid, comm, call,
		what, by);
}

struct supervise_policy report_policy(struct report *r)
{
	return (struct supervise_policy){ r, decide };
}

static void print_table(const struct report *r)
{
	int wname = 7, wanswer = 6;
	char what[128];
	for (size_t i = 0; i < r->nkinds; i++) {
		const struct kind *k = &r->kinds[i];
		if (k->older)
			continue;
		describe_action(k->action, true, what, sizeof what);
		if ((int)strlen(k->label) > wname)
			wname = (int)strlen(k->label);
		if ((int)strlen(what) > wanswer)
			wanswer = (int)strlen(what);
	}
	fprintf(stderr, "  %-*s  %6s  %-*s  %s\n", wname, "syscall", "calls", wanswer, "answer",
		"decided by");
	for (size_t i = 0; i < r->nkinds; i++) {
		const struct kind *k = &r->kinds[i];
		char by[512];
		if (k->older)
			continue;
		describe_action(k->action, true, what, sizeof what);
		describe_decider(r, k, by, sizeof by);
		fprintf(stderr, "  %-*s  %6u  %-*s  %s\n", wname, k->label, k->count, wanswer, what, by);
	}
}

static void print_fallbacks(const struct report *r)
{
	if (!r->fallbacks)
		return;
	fprintf(stderr, "seccompc-exec: expected fallbacks (answered ENOSYS, as the profile says; "
		"the caller then uses an older call):");
	const char *sep = " ";
	for (size_t i = 0; i < r->nkinds; i++)
		if (r->kinds[i].older) {
			fprintf(stderr, "%s%s x%u (to %s)", sep, r->kinds[i].label, r->kinds[i].count,
				r->kinds[i].older);
			sep = ", ";
		}
	fputc('\n', stderr);
}

/* For each denied syscall, the rule that would allow its calls, or the rule
 * that has to change. */
static void print_suggestions(const struct report *r)
{
	const char *file = r->table->profile->file;
	bool header = false;
	for (size_t i = 0; i < r->nkinds; i++) {
		const struct kind *k = &r->kinds[i];
		char rule[2048];
		const struct prof_rule *decider;
		if (k->older)
			continue;
		if (!header)
			fprintf(stderr, "seccompc-exec: to allow what was denied, add to \"syscalls\" in %s:\n",
				file);
		header = true;
		if (k->foreign || !k->calls[0].name)
			fprintf(stderr, "  %s: no rule can: %s\n", k->label, k->foreign ?
				"its arch is not in the profile (add it to archMap or architectures)" :
				"it has no name on its arch");
		else if (suggest_allow_rule(r->table, r->select, k->calls, k->ncalls, rule, sizeof rule,
					    &decider))
			fprintf(stderr, "  %s\n", rule);
		else if (decider)
			fprintf(stderr, "  %s: %s (%s:%d) decides every %s call first: change its action or "
				"take \"%s\" out of its names\n", k->label, decider->origin.path, file,
				decider->origin.loc.line, k->label, k->label);
		else
			fprintf(stderr, "  %s: no added rule allows these calls\n", k->label);
	}
}

void report_finish(struct report *r, int status)
{
	size_t nsyscalls = 0;
	for (size_t i = 0; i < r->nkinds; i++)
		nsyscalls += !r->kinds[i].older;
	if (!r->denied) {
		fprintf(stderr, "seccompc-exec: summary: no syscall was denied\n");
	} else {
		fprintf(stderr, "seccompc-exec: summary: %u denied call%s of %zu syscall%s in %zu "
			"process%s\n", r->denied, r->denied == 1 ? "" : "s", nsyscalls,
			nsyscalls == 1 ? "" : "s", r->npids, r->npids == 1 ? "" : "es");
		print_table(r);
	}
	print_fallbacks(r);
	if (r->denied)
		print_suggestions(r);
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS)
		fprintf(stderr, "seccompc-exec: the command was killed by SIGSYS: a syscall the profile "
			"kills (not reported here; `seccompc sim` shows which rule)\n");
}
