/*
 * resolve.c - the resolve stage: a parsed profile and the selection options
 * become the per-arch rule table (table.h).
 *
 * It owns the profile semantics of DESIGN.md: which arches the filter covers
 * (archMap / architectures against the target family), which rules apply
 * (includes / excludes against the target's Go arch name, the capability set
 * and the kernel version), names and errno names to numbers per arch, a
 * repeated argument index splitting a rule into single-condition rules, rules
 * equal to the default action dropped, and the order in which a syscall's
 * rules decide.
 */
#include "table.h"

#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "codes.h"
#include "nearest.h"

/* One rule of one syscall on one arch, before grouping. */
struct pending {
	uint32_t nr;
	const char *name;
	size_t order;            /* file order: rule position, then sub-rule */
	struct trule rule;
};

struct pending_list {
	struct pending *items;
	size_t len, cap;
};

struct resolve_ctx {
	const struct profile *prof;
	const struct resolve_options *opts;
	struct arena *arena;
	struct diag *diag;
	const struct arch_info *target;
	const struct arch_info *arches[ARCH_COUNT];
	size_t narches;
	const char *const *caps;
	size_t ncaps;
	unsigned kernel_major, kernel_minor;
	struct pending_list pending[ARCH_COUNT];  /* indexed like arches[] */
	uint32_t last_nr[ARCH_COUNT];  /* largest number an applicable rule names, like arches[] */
	unsigned newest[ARCH_COUNT];   /* latest age (arch_syscall_since) they name, likewise */
	struct shadowed_rule *shadowed;
	size_t nshadowed, shadowed_cap;
	struct rule_table *out;
};

static void running_kernel(unsigned *major, unsigned *minor)
{
	struct utsname u;
	*major = *minor = 0;
	if (uname(&u) == 0) {
		char *end;
		*major = (unsigned)strtoul(u.release, &end, 10);
		if (*end == '.')
			*minor = (unsigned)strtoul(end + 1, NULL, 10);
	}
}

static void add_arch(struct resolve_ctx *c, const struct arch_info *a)
{
	for (size_t i = 0; i < c->narches; i++)
		if (c->arches[i] == a)
			return;
	c->arches[c->narches++] = a;
}

/* The arches the filter covers: the native arch first, then the sub-arches the
 * profile asks for that belong to the target's family, in profile order. */
static bool select_arches(struct resolve_ctx *c)
{
	const struct profile *p = c->prof;
	add_arch(c, c->target);
	if (p->narch_map && p->narchitectures) {   /* both non-empty, as in moby */
		diag_error(c->diag, &p->origin.loc, "archMap",
			   "archMap and architectures are both given; use one of them");
		return false;
	}
	for (size_t i = 0; i < p->narch_map; i++) {
		const struct prof_arch_map *m = &p->arch_map[i];
		const struct arch_info *a = arch_by_scmp_name(m->arch);
		if (a != c->target)
			continue;
		for (size_t j = 0; j < m->nsub_arches; j++) {
			const struct arch_info *s = arch_by_scmp_name(m->sub_arches[j]);
			if (s && s->native == c->target->id)
				add_arch(c, s);
		}
	}
	for (size_t i = 0; i < p->narchitectures; i++) {
		const struct arch_info *a = arch_by_scmp_name(p->architectures[i]);
		if (a && a->native == c->target->id)
			add_arch(c, a);
	}
	return true;
}

static bool has_cap(const struct resolve_ctx *c, const char *cap)
{
	for (size_t i = 0; i < c->ncaps; i++)
		if (strcmp(c->caps[i], cap) == 0)
			return true;
	return false;
}

static bool arch_listed(const struct resolve_ctx *c, const struct prof_filter *f)
{
	for (size_t i = 0; i < f->narches; i++)
		if (strcmp(f->arches[i], c->target->go_name) == 0 ||
		    strcmp(f->arches[i], c->target->name) == 0)
			return true;
	return false;
}

static bool kernel_at_least(const struct resolve_ctx *c, const struct prof_filter *f)
{
	if (c->kernel_major != f->min_kernel_major)
		return c->kernel_major > f->min_kernel_major;
	return c->kernel_minor >= f->min_kernel_minor;
}

/* includes: every condition given must hold; excludes: any condition given drops the rule. */
static bool rule_applies(const struct resolve_ctx *c, const struct prof_rule *r)
{
	const struct prof_filter *in = &r->includes, *ex = &r->excludes;
	if (in->narches && !arch_listed(c, in))
		return false;
	for (size_t i = 0; i < in->ncaps; i++)
		if (!has_cap(c, in->caps[i]))
			return false;
	if (in->has_min_kernel && !kernel_at_least(c, in))
		return false;
	if (ex->narches && arch_listed(c, ex))
		return false;
	for (size_t i = 0; i < ex->ncaps; i++)
		if (has_cap(c, ex->caps[i]))
			return false;
	if (ex->has_min_kernel && kernel_at_least(c, ex))
		return false;
	return true;
}

bool prof_action_ret(const struct prof_action *pa, const struct arch_info *arch, uint32_t *ret)
{
	uint32_t data = 0;
	if (pa->kind == ACT_ERRNO || pa->kind == ACT_TRACE) {
		data = 1;  /* EPERM, as runc defaults */
		if (pa->has_errno_ret) {
			data = pa->errno_ret;
		} else if (pa->errno_name) {
			int e = arch_errno_nr(arch, pa->errno_name);
			if (e < 0)
				return false;
			data = (uint32_t)e;
		}
	}
	*ret = action_ret(pa->kind, (uint16_t)data);
	return true;
}

/* prof_action_ret(), reporting an unknown errno name. */
static bool action_on_arch(struct resolve_ctx *c, const struct prof_action *pa,
			   const struct arch_info *arch, const char *path, uint32_t *ret)
{
	if (prof_action_ret(pa, arch, ret))
		return true;
	const char *near = errno_nearest(pa->errno_name);
	diag_report(c->diag, DIAG_ERROR, SC_UNKNOWN_ERRNO, NULL, &pa->origin.loc, path,
		    "unknown errno name \"%s\" on %s; %s%s%sexpected a name such as EPERM or "
		    "ENOSYS", pa->errno_name, arch->name, near ? "did you mean \"" : "",
		    near ? near : "", near ? "\"? " : "");
	return false;
}

/* Bits the comparison of args[index] of syscall nr reads on arch: the bits
 * the kernel reads, or with --arg-width=register the whole register, as
 * libseccomp compares it (32 bits on 32-bit arches and x32). */
static unsigned arg_bits(const struct resolve_ctx *c, const struct arch_info *arch, uint32_t nr,
			 unsigned index)
{
	if (c->opts->register_width)
		return arch->is64 ? 64 : 32;
	return arch_arg_bits(arch, nr, index);
}

/* Does v mean a `bits`-wide value: zero-extended, or a negative one
 * sign-extended (how -100 for AT_FDCWD is usually written)? */
static bool fits_width(uint64_t v, unsigned bits)
{
	uint64_t m = width_mask(bits);
	if ((v & ~m) == 0)
		return true;
	return (v & ~m) == ~m && ((v >> (bits - 1)) & 1);
}

/* Cuts a datum to the bits compared, warning when bits that matter are lost. */
static uint64_t fit_width(struct resolve_ctx *c, const struct arch_info *arch, const char *name,
			  const struct prof_arg *a, const char *field, uint64_t v, unsigned bits)
{
	uint64_t m = width_mask(bits);
	if (fits_width(v, bits))
		return v & m;
	const struct syscall_arg *sig;
	int n = c->opts->register_width ? -1 :
		arch_syscall_args(arch, (uint32_t)arch_syscall_nr(arch, name), &sig);
	const char *fix = arena_printf(c->arena, "write 0x%llx, the %u bits compared, or give "
				       "the rule includes.arches for the arches where the value fits",
				       (unsigned long long)(v & m), bits);
	if (n > (int)a->index)
		diag_report(c->diag, DIAG_WARNING, SC_CUT_TO_WIDTH, fix, &a->origin.loc,
			    a->origin.path, "%s 0x%llx does not fit argument %u of %s on %s (%s %s: "
			    "the kernel reads %u bits); only 0x%llx is compared", field,
			    (unsigned long long)v, a->index, name, arch->name, sig[a->index].type,
			    sig[a->index].name, bits, (unsigned long long)(v & m));
	else
		diag_report(c->diag, DIAG_WARNING, SC_CUT_TO_WIDTH, fix, &a->origin.loc,
			    a->origin.path, "%s 0x%llx does not fit the %u bits of argument %u of %s "
			    "on %s; only 0x%llx is compared", field, (unsigned long long)v, bits,
			    a->index, name, arch->name, (unsigned long long)(v & m));
	return v & m;
}

static struct cond make_cond(struct resolve_ctx *c, const struct arch_info *arch, uint32_t nr,
			     const char *name, const struct prof_arg *a)
{
	unsigned bits = arg_bits(c, arch, nr, a->index);
	struct cond k = { .index = (uint8_t)a->index, .bits = (uint8_t)bits, .op = a->op };
	if (a->op == CMP_MASKED_EQ) {
		/* Mask bits above the width test nothing the kernel reads. */
		k.value = a->value & width_mask(bits);
		k.value_two = fit_width(c, arch, name, a, "valueTwo", a->value_two & a->value, bits);
	} else {
		k.value = fit_width(c, arch, name, a, "value", a->value, bits);
	}
	return k;
}

static bool index_repeats(const struct prof_rule *r)
{
	unsigned seen = 0;
	for (size_t i = 0; i < r->nargs; i++) {
		unsigned bit = 1u << r->args[i].index;
		if (seen & bit)
			return true;
		seen |= bit;
	}
	return false;
}

static void push_pending(struct pending_list *l, const struct pending *p)
{
	VEC_RESERVE(l->items, l->cap, l->len + 1);
	l->items[l->len++] = *p;
}

/* The conditions of rule r for syscall nr on one arch, shared with the
 * previous name's when they came out the same (*conds, NULL at first). */
static struct cond *rule_conds(struct resolve_ctx *c, const struct arch_info *arch,
			       const struct prof_rule *r, uint32_t nr, const char *name,
			       struct cond **conds)
{
	struct cond *k = *conds;
	bool same = k != NULL;
	for (size_t i = 0; same && i < r->nargs; i++)
		same = k[i].bits == arg_bits(c, arch, nr, r->args[i].index);
	if (same)
		return k;
	k = arena_calloc(c->arena, r->nargs, sizeof *k);
	for (size_t i = 0; i < r->nargs; i++)
		k[i] = make_cond(c, arch, nr, name, &r->args[i]);
	*conds = k;
	return k;
}

/* Adds the rules one profile rule contributes on one arch for syscall nr.
 * *conds holds the conditions made for the rule's previous name on this
 * arch (NULL until then; none for an unconditional rule). */
static void add_rule_on_arch(struct resolve_ctx *c, size_t ai, const struct prof_rule *r,
			     uint32_t action, uint32_t nr, const char *name, struct cond **conds)
{
	const struct arch_info *arch = c->arches[ai];
	struct pending p = { .nr = nr, .name = name, .order = r->position * 8 };
	p.rule.action = action;
	p.rule.source = r;
	struct cond *k = r->nargs ? rule_conds(c, arch, r, nr, name, conds) : NULL;
	if (r->nargs == 0 || !index_repeats(r)) {
		p.rule.conds = k;
		p.rule.nconds = r->nargs;
		push_pending(&c->pending[ai], &p);
		return;
	}
	/* A repeated index: one rule per condition, ORed, as runc and crun do. */
	for (size_t i = 0; i < r->nargs; i++) {
		p.rule.conds = &k[i];
		p.rule.nconds = 1;
		p.order = r->position * 8 + (i < 7 ? i : 7);
		push_pending(&c->pending[ai], &p);
	}
}

static bool known_on_filter(const struct resolve_ctx *c, int id)
{
	for (size_t ai = 0; ai < c->narches; ai++)
		if (arch_syscall_nr_of(c->arches[ai], id) >= 0)
			return true;
	return false;
}

static bool resolve_rule(struct resolve_ctx *c, const struct prof_rule *r)
{
	if (!rule_applies(c, r))
		return true;
	uint32_t action[ARCH_COUNT];
	struct cond *conds[ARCH_COUNT] = { NULL };
	for (size_t ai = 0; ai < c->narches; ai++) {
		if (!action_on_arch(c, &r->action, c->arches[ai], r->origin.path, &action[ai]))
			return false;
	}
	for (size_t n = 0; n < r->nnames; n++) {
		const struct prof_name *pn = &r->names[n];
		int id = syscall_name_id(pn->name);
		if (id < 0) {
			/* the search only for what is shown: 10^6 typos stay fast */
			const char *near = diag_wanted(c->diag, DIAG_WARNING, SC_UNKNOWN_SYSCALL,
						       pn->origin.path) ? syscall_nearest(pn->name) : NULL;
			diag_report(c->diag, DIAG_WARNING, SC_UNKNOWN_SYSCALL, NULL, &pn->origin.loc,
				    pn->origin.path, "unknown syscall \"%s\"; no architecture has it%s%s%s",
				    pn->name, near ? "; did you mean \"" : "", near ? near : "",
				    near ? "\"?" : "");
			continue;
		}
		if (!known_on_filter(c, id))
			continue;  /* e.g. an s390-only call in a multi-arch profile */
		for (size_t ai = 0; ai < c->narches; ai++) {
			int64_t nr = arch_syscall_nr_of(c->arches[ai], id);
			if (nr > (int64_t)c->last_nr[ai])
				c->last_nr[ai] = (uint32_t)nr;
			if (nr >= 0 && arch_syscall_since(c->arches[ai], (uint32_t)nr) > c->newest[ai])
				c->newest[ai] = arch_syscall_since(c->arches[ai], (uint32_t)nr);
			if (nr < 0 || action[ai] == c->out->default_action_by_arch[c->arches[ai]->id])
				continue;
			add_rule_on_arch(c, ai, r, action[ai], (uint32_t)nr, pn->name, &conds[ai]);
		}
	}
	return true;
}

/*
 * Sorts one arch's pending rules by number, then file order. A counting sort
 * by number (an arch's numbers span less than 1100 values) keeps push order
 * within a number; each number's few rules are then put in file order.
 */
static void sort_pending(struct pending_list *l)
{
	if (l->len < 2)
		return;
	uint32_t lo = l->items[0].nr, hi = lo;
	for (size_t i = 1; i < l->len; i++) {
		lo = l->items[i].nr < lo ? l->items[i].nr : lo;
		hi = l->items[i].nr > hi ? l->items[i].nr : hi;
	}
	size_t span = (size_t)(hi - lo) + 2;
	size_t *start = xcalloc(span, sizeof *start);
	for (size_t i = 0; i < l->len; i++)
		start[l->items[i].nr - lo + 1]++;
	for (size_t k = 1; k < span; k++)
		start[k] += start[k - 1];
	struct pending *sorted = xmalloc(l->len * sizeof *sorted);
	for (size_t i = 0; i < l->len; i++)
		sorted[start[l->items[i].nr - lo]++] = l->items[i];
	free(start);
	for (size_t i = 1; i < l->len; i++) {
		struct pending p = sorted[i];
		size_t k = i;
		while (k > 0 && sorted[k - 1].nr == p.nr && sorted[k - 1].order > p.order) {
			sorted[k] = sorted[k - 1];
			k--;
		}
		sorted[k] = p;
	}
	free(l->items);
	l->items = sorted;
	l->cap = l->len;
}

static int by_rank_then_order(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;
	int rx = action_rank(x->rule.action), ry = action_rank(y->rule.action);
	if (rx != ry)
		return rx - ry;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Groups one arch's pending rules by syscall and orders each group's rules. */
static void build_tarch(struct resolve_ctx *c, size_t ai, struct tarch *ta)
{
	struct pending_list *l = &c->pending[ai];
	ta->arch = c->arches[ai];
	sort_pending(l);
	struct tsyscall *sys = arena_calloc(c->arena, l->len ? l->len : 1, sizeof *sys);
	size_t nsys = 0;
	for (size_t i = 0; i < l->len;) {
		size_t j = i;
		while (j < l->len && l->items[j].nr == l->items[i].nr)
			j++;
		struct trule *rules = arena_calloc(c->arena, j - i, sizeof *rules);
		size_t nrules = 0;
		for (size_t k = i; k < j && !nrules; k++)
			if (l->items[k].rule.nconds == 0)
				rules[nrules++] = l->items[k].rule;  /* the first unconditional rule decides */
		for (size_t k = i; k < j && nrules && ai == 0; k++) {
			if (l->items[k].rule.source == rules[0].source)
				continue;
			VEC_RESERVE(c->shadowed, c->shadowed_cap, c->nshadowed + 1);
			c->shadowed[c->nshadowed++] = (struct shadowed_rule){
				l->items[k].name, l->items[k].rule.source, rules[0].source };
		}
		if (!nrules) {
			qsort(l->items + i, j - i, sizeof *l->items, by_rank_then_order);
			for (size_t k = i; k < j; k++)
				rules[nrules++] = l->items[k].rule;
		}
		sys[nsys++] = (struct tsyscall){ .nr = l->items[i].nr, .name = l->items[i].name,
						 .rules = rules, .nrules = nrules };
		i = j;
	}
	ta->syscalls = sys;
	ta->nsyscalls = nsys;
	free(l->items);
	l->items = NULL;
}

/*
 * --enosys-newer, as runc prepends it to libseccomp's filter and further:
 * unless the default action lets syscalls through (ALLOW, LOG, TRACE),
 * numbers above the largest one the profile names on an arch return ENOSYS,
 * and so do the syscalls newer than the newest one it names there (by the
 * release that added them to the arch, whatever their number), so that a
 * program can tell a syscall too new for the profile from a refused one
 * (glibc falls back from clone3 to clone on ENOSYS, not on EPERM). An arch
 * on which the profile names nothing (or only number 0) gets no stub.
 */
static void enosys_stub(const struct resolve_ctx *c, size_t ai, struct tarch *ta)
{
	enum action_kind dflt = action_kind_of(c->out->default_action);
	if (!c->opts->enosys_newer || dflt == ACT_ALLOW || dflt == ACT_LOG || dflt == ACT_TRACE ||
	    c->last_nr[ai] == 0)
		return;
	int enosys = arch_errno_nr(ta->arch, "ENOSYS");
	ta->enosys = enosys > 0;
	ta->enosys_above = c->last_nr[ai];
	ta->enosys_since = c->newest[ai];
	ta->enosys_action = action_ret(ACT_ERRNO, (uint16_t)enosys);
}

static bool resolve_defaults(struct resolve_ctx *c)
{
	struct rule_table *t = c->out;
	for (size_t ai = 0; ai < c->narches; ai++) {
		const struct arch_info *a = c->arches[ai];
		if (!action_on_arch(c, &c->prof->default_action, a, "defaultAction",
				    &t->default_action_by_arch[a->id]))
			return false;
	}
	t->default_action = t->default_action_by_arch[c->target->id];
	t->bad_arch_action = c->opts->has_bad_arch ? c->opts->bad_arch_action : RET_KILL_PROCESS;
	return true;
}

bool resolve_profile(const struct profile *prof, const struct resolve_options *opts,
		     struct arena *arena, struct diag *diag, struct rule_table *out)
{
	struct resolve_ctx c = { .prof = prof, .opts = opts, .arena = arena, .diag = diag, .out = out };
	memset(out, 0, sizeof *out);
	out->profile = prof;
	c.target = opts->target ? opts->target : arch_host();
	out->target = c.target;
	if (opts->caps_given) {
		c.caps = opts->caps;
		c.ncaps = opts->ncaps;
	} else {
		c.caps = docker_default_caps;
		while (docker_default_caps[c.ncaps])
			c.ncaps++;
	}
	c.kernel_major = opts->kernel_major;
	c.kernel_minor = opts->kernel_minor;
	if (!c.kernel_major && !c.kernel_minor)
		running_kernel(&c.kernel_major, &c.kernel_minor);

	if (!select_arches(&c) || !resolve_defaults(&c))
		return false;
	/* At most one pending rule per name and condition of each rule, per
	 * arch: room for all of them at once, so no list grows by copying. */
	size_t most = 0;
	for (size_t i = 0; i < prof->nrules; i++)
		most += prof->rules[i].nnames * (prof->rules[i].nargs ? prof->rules[i].nargs : 1);
	for (size_t ai = 0; ai < c.narches && most; ai++) {
		c.pending[ai].items = xmalloc(most * sizeof *c.pending[ai].items);
		c.pending[ai].cap = most;   /* filled as pushed: untouched pages stay unmapped */
	}
	bool ok = true;
	for (size_t i = 0; i < prof->nrules && ok; i++)
		ok = resolve_rule(&c, &prof->rules[i]);
	struct tarch *arches = arena_calloc(arena, c.narches, sizeof *arches);
	for (size_t ai = 0; ai < c.narches; ai++) {
		build_tarch(&c, ai, &arches[ai]);
		enosys_stub(&c, ai, &arches[ai]);
	}
	out->arches = arches;
	out->narches = c.narches;
	out->kernel_major = c.kernel_major;
	out->kernel_minor = c.kernel_minor;
	out->caps = c.caps;
	out->ncaps = c.ncaps;
	struct shadowed_rule *sh = arena_calloc(arena, c.nshadowed + 1, sizeof *sh);
	if (c.nshadowed)
		memcpy(sh, c.shadowed, c.nshadowed * sizeof *sh);
	free(c.shadowed);
	out->shadowed = sh;
	out->nshadowed = c.nshadowed;
	return ok && !diag_failed(diag);
}
