/*
 * learn.c - seccompc-exec --learn: what the command was denied, recorded
 * while it runs (see learn.h).
 *
 * The profile was compiled with every action that does not let a call run
 * turned into SECCOMP_RET_USER_NOTIF (the bad-arch action too); each
 * notification arrives here through the supervisor. The resolved table says
 * what the profile decides for that arch, number and arguments: a denial is
 * recorded and let through, so the command runs as if it were allowed.
 * learn_out.c turns the record into OUT.json at the end.
 */
#include "learn_record.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notified.h"

#define X32_BIT 0x40000000u

/* The argument indexes the rules of `t` test for `name` on any of its arches. */
static unsigned tested_in(const struct rule_table *t, const char *name)
{
	unsigned mask = 0;
	for (size_t a = 0; a < t->narches; a++) {
		int64_t nr = arch_syscall_nr(t->arches[a].arch, name);
		const struct tsyscall *s = nr >= 0 ? tarch_syscall(&t->arches[a], (uint32_t)nr) : NULL;
		for (size_t r = 0; s && r < s->nrules; r++)
			for (size_t k = 0; k < s->rules[r].nconds; k++)
				mask |= 1u << s->rules[r].conds[k].index;
	}
	return mask;
}

/* The profile's conditional rules alone, resolved: what the profile tests
 * once an unconditional rule that hides them is taken out. */
static void resolve_conditional(struct learn *l)
{
	const struct profile *p = l->table->profile;
	struct profile q = *p;
	q.rules = arena_calloc(&l->arena, p->nrules + 1, sizeof *q.rules);
	q.nrules = 0;
	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].nargs)
			q.rules[q.nrules++] = p->rules[i];
	struct diag d;
	diag_init(&d, p->file);
	d.quiet_warnings = true;
	l->have_conditional = resolve_profile(&q, l->req.select, &l->arena, &d, &l->conditional);
	diag_fini(&d);
}

unsigned learn_tested_args(const struct learn *l, const char *name)
{
	return tested_in(l->table, name) | (l->have_conditional ? tested_in(&l->conditional, name) : 0);
}

/* The command line for the comments: printable ASCII as it is (a JSON
 * string escapes quotes itself), other bytes as \xNN, cut with "..." to
 * fit size. */
static void describe_command(char *const *argv, char *out, size_t size)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; argv[i]; i++) {
		if (i)
			buf_puts(&b, " ");
		for (const unsigned char *p = (const unsigned char *)argv[i]; *p; p++)
			if (*p >= 0x20 && *p < 0x7f)
				buf_append(&b, p, 1);
			else
				buf_printf(&b, "\\x%02x", *p);
	}
	if (b.len >= size)
		snprintf(out, size, "%.*s...", (int)(size - 4), b.data);
	else
		snprintf(out, size, "%s", b.data);
	buf_free(&b);
}

struct learn *learn_new(const struct learn_request *req)
{
	struct learn *l = xcalloc(1, sizeof *l);
	l->req = *req;
	l->table = &req->res->table;
	arena_init(&l->arena);
	describe_command(req->argv, l->command, sizeof l->command);
	resolve_conditional(l);
	fprintf(stderr, "seccompc-exec: --learn is not a sandbox: every call the profile would deny "
		"runs unfiltered, and a hostile program can change a call's arguments after they were "
		"checked; learn only from programs you trust\n");
	return l;
}

void learn_free(struct learn *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->nseen; i++)
		free(l->seen[i].values);
	free(l->seen);
	arena_free(&l->arena);
	free(l);
}

/* The arch of a call: the table's (*ta), or for a value the table does not
 * cover, the arch seccompc knows by it (x32 for x86_64's numbers from 2^30
 * up); NULL when none. */
static const struct arch_info *call_arch(const struct rule_table *t, uint32_t audit_arch,
					 uint32_t nr, const struct tarch **ta)
{
	*ta = table_deciding_arch(t, audit_arch, nr);
	if (*ta)
		return (*ta)->arch;
	const struct arch_info *a = arch_by_audit(audit_arch);
	if (a && a->id == ARCH_X86_64 && nr >= X32_BIT)
		a = arch_get(ARCH_X32);
	return a;
}

static struct seen *seen_of(struct learn *l, uint32_t audit_arch, uint32_t nr, enum seen_kind kind,
			    uint32_t action)
{
	for (size_t i = 0; i < l->nseen; i++)
		if (l->seen[i].audit_arch == audit_arch && l->seen[i].nr == nr && l->seen[i].kind == kind)
			return &l->seen[i];
	VEC_RESERVE(l->seen, l->cap, l->nseen + 1);
	struct seen *s = &l->seen[l->nseen++];
	memset(s, 0, sizeof *s);
	s->audit_arch = audit_arch;
	s->nr = nr;
	s->kind = kind;
	s->action = action;
	const struct tarch *ta;
	s->arch = call_arch(l->table, audit_arch, nr, &ta);
	s->covered = ta != NULL;
	s->name = s->arch ? arch_syscall_name(s->arch, nr) : NULL;
	s->mask = s->covered && s->name && kind == SEEN_LEARNED ? learn_tested_args(l, s->name) : 0;
	return s;
}

void uses_add(struct uses *u, const char *comm, unsigned count)
{
	for (size_t i = 0; i < u->n; i++)
		if (strcmp(u->items[i].comm, comm) == 0) {
			u->items[i].count += count;
			return;
		}
	if (u->n == USES_KEPT) {
		u->other += count;
		return;
	}
	snprintf(u->items[u->n].comm, sizeof u->items[u->n].comm, "%s", comm);
	u->items[u->n++].count = count;
}

static bool same_values(const uint64_t a[6], const uint64_t b[6], unsigned mask)
{
	for (unsigned i = 0; i < 6; i++)
		if ((mask & (1u << i)) && a[i] != b[i])
			return false;
	return true;
}

static void record(struct seen *s, const uint64_t args[6], const char *comm)
{
	s->count++;
	struct values *v = NULL;
	for (size_t i = 0; i < s->nvalues && !v; i++)
		if (same_values(s->values[i].args, args, s->mask))
			v = &s->values[i];
	if (!v) {
		if (s->nvalues == VALUES_KEPT) {
			s->unkept++;
			return;
		}
		VEC_RESERVE(s->values, s->cap, s->nvalues + 1);
		v = &s->values[s->nvalues++];
		memset(v, 0, sizeof *v);
		memcpy(v->args, args, sizeof v->args);
	}
	v->count++;
	uses_add(&v->uses, comm, 1);
}

static void decide(void *ctx, int listener, const struct seccomp_notif *req,
		   struct seccomp_notif_resp *resp)
{
	struct learn *l = ctx;
	const struct seccomp_data *d = &req->data;
	uint32_t nr = (uint32_t)d->nr;
	uint64_t args[6];
	for (int i = 0; i < 6; i++)
		args[i] = d->args[i];
	uint32_t action = table_decide_raw(l->table, d->arch, nr, args);
	enum seen_kind kind = SEEN_LEARNED;
	enum action_kind k = action_kind_of(action);
	if (k == ACT_ALLOW || k == ACT_LOG) {
		resp->error = 0;   /* the filter sends no such call; it would run */
		resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		return;
	}
	const struct tarch *ta;
	const struct arch_info *arch = call_arch(l->table, d->arch, nr, &ta);
	const char *name = arch ? arch_syscall_name(arch, nr) : NULL;
	if (k == ACT_NOTIFY) {
		kind = SEEN_NOTIFY;
		resp->error = -ENOSYS;   /* the profile's own NOTIFY: as without a listener */
	} else if (ta && expected_fallback(name, action, arch)) {
		kind = SEEN_FALLBACK;
		resp->error = -(int32_t)(action & RET_DATA);
	} else {
		resp->error = 0;
		resp->val = 0;
		resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	}
	struct caller who = { (pid_t)req->pid, listener, req->id };
	char comm[COMM_SIZE];
	caller_comm(&who, comm, sizeof comm);
	record(seen_of(l, d->arch, nr, kind, action), args, comm);
}

struct supervise_policy learn_policy(struct learn *l)
{
	return (struct supervise_policy){ l, decide };
}
