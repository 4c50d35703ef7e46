/*
 * verify_parallel.c - the proof on two threads (see verify.h,
 * verify_begin()): its fast path, which only ever concludes "equal".
 *
 * A helper thread makes the table's meaning while the caller generates the
 * program, in a manager of its own on the classes of the table's
 * comparisons. Once the program exists, the two threads read its meaning
 * at once, each the argument parts of its own syscalls: the helper in its
 * manager (beside the table's), the caller in a new one. That is sound
 * when both managers have the same classes (the program compares its words
 * at the table's cut points, as it does on every corpus and series profile
 * but one): then their diagrams are reduced and ordered alike, and
 *   - a region the helper read compares by id with the table, as in one
 *     manager;
 *   - a region the caller read compares with the table by bdd_match(),
 *     which finds one function exactly when the graphs are the same.
 * Anything else (other classes, a missed or overflowed manager, one region
 * that differs) answers "not shown", and the caller runs the proof of
 * verify.c on one thread, which also says what differs.
 */
#include "verify_internal.h"

#include <pthread.h>
#include <stdlib.h>

#include "arena.h"
#include "sort.h"

/* Tables with fewer argument conditions than this are proved on one
 * thread: starting, feeding and joining a second costs about 20 us, and
 * where the conditions are few per syscall that is more than it saves
 * (measured: the shipped restrictive profile, 38 conditions over 12
 * syscalls and 2 arches, 3 % slower on two threads; conds-10, 17 over 3,
 * 10 % slower; conds-30, 51 over 4, 15 % faster; wide-30, 42 over 4, 5 %
 * faster, is left on one). */
#define THREAD_FROM_CONDS 48

/* Ids of the helper's manager in a merged meaning (ids stay below 2^24). */
#define HELPER_ID 0x80000000u

enum order { ORDER_WAIT, ORDER_GO, ORDER_STOP };

struct verify_job {
	const struct rule_table *t;
	pthread_t thread;
	bool running;
	pthread_mutex_t lock;
	pthread_cond_t ordered;
	enum order order;             /* under lock */
	/* given with ORDER_GO */
	const struct bpf_prog *prog;
	const struct bdd *caller_m;   /* only its classes are read */
	uint32_t *helper_nrs;         /* sorted: the syscalls the helper reads */
	size_t nhelper;
	/* the helper's */
	struct bdd *m;
	struct meaning table, part;
	bool part_made;
};

static size_t syscall_conds(const struct tsyscall *s)
{
	size_t n = 0;
	for (size_t r = 0; r < s->nrules; r++)
		n += s->rules[r].nconds;
	return n;
}

static size_t table_conds(const struct rule_table *t)
{
	size_t n = 0;
	for (size_t i = 0; i < t->narches; i++)
		for (size_t j = 0; j < t->arches[i].nsyscalls; j++)
			n += syscall_conds(&t->arches[i].syscalls[j]);
	return n;
}

static bool helper_reads(const struct region *r, void *arg)
{
	const struct verify_job *j = arg;
	size_t lo = 0, hi = j->nhelper;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (j->helper_nrs[mid] < r->nr_lo)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < j->nhelper && j->helper_nrs[lo] == r->nr_lo;
}

static bool caller_reads(const struct region *r, void *arg)
{
	return !helper_reads(r, arg);
}

static void *helper_main(void *arg)
{
	struct verify_job *j = arg;
	struct bdd *m = verify_manager(j->t, NULL);
	pthread_mutex_lock(&j->lock);
	j->m = m;
	if (j->order == ORDER_STOP)   /* cancelled already */
		bdd_abandon(m);
	pthread_mutex_unlock(&j->lock);
	table_meaning(j->t, j->m, &j->table);
	pthread_mutex_lock(&j->lock);
	while (j->order == ORDER_WAIT)
		pthread_cond_wait(&j->ordered, &j->lock);
	bool go = j->order == ORDER_GO;
	pthread_mutex_unlock(&j->lock);
	if (go && bdd_same_classes(j->m, j->caller_m)) {
		struct diag quiet;
		diag_init(&quiet, NULL);
		j->part_made = program_meaning_part(j->prog, j->t->target->big_endian, j->m, &j->part,
						    &quiet, helper_reads, j);
		diag_fini(&quiet);
	}
	return NULL;
}

struct verify_job *verify_begin(const struct rule_table *t)
{
	return verify_begin_from(t, THREAD_FROM_CONDS);
}

struct verify_job *verify_begin_from(const struct rule_table *t, size_t min_conds)
{
	struct verify_job *j = xcalloc(1, sizeof *j);
	j->t = t;
	if (table_conds(t) < min_conds)
		return j;
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->ordered, NULL);
	j->running = pthread_create(&j->thread, NULL, helper_main, j) == 0;
	if (!j->running) {
		pthread_cond_destroy(&j->ordered);
		pthread_mutex_destroy(&j->lock);
	}
	return j;
}

const struct rule_table *verify_job_table(const struct verify_job *j)
{
	return j->t;
}

static void give_order(struct verify_job *j, enum order o)
{
	pthread_mutex_lock(&j->lock);
	j->order = o;
	pthread_cond_signal(&j->ordered);
	pthread_mutex_unlock(&j->lock);
}

/* Ends the helper (ordering it to stop, unless it was given work). */
static void helper_end(struct verify_job *j)
{
	if (!j->running)
		return;
	if (j->order == ORDER_WAIT)
		give_order(j, ORDER_STOP);
	pthread_join(j->thread, NULL);
	j->running = false;
	pthread_cond_destroy(&j->ordered);
	pthread_mutex_destroy(&j->lock);
}

void verify_cancel(struct verify_job *j)
{
	if (!j)
		return;
	if (j->running) {   /* nobody will read the helper's work: cut it short */
		pthread_mutex_lock(&j->lock);
		if (j->order == ORDER_WAIT) {
			j->order = ORDER_STOP;
			pthread_cond_signal(&j->ordered);
		}
		if (j->m)
			bdd_abandon(j->m);
		pthread_mutex_unlock(&j->lock);
	}
	helper_end(j);
	meaning_free(&j->table);
	meaning_free(&j->part);
	bdd_free(j->m);
	free(j->helper_nrs);
	free(j);
}

/* The helper's syscalls: the heaviest first to whichever side has fewer
 * argument conditions so far (by number, over every arch). */
static void share_syscalls(struct verify_job *j)
{
	const struct rule_table *t = j->t;
	size_t n = 0;
	for (size_t i = 0; i < t->narches; i++)
		n += t->arches[i].nsyscalls;
	uint64_t *w = xmalloc((n + 1) * sizeof *w);   /* conds << 32 | nr */
	size_t nw = 0;
	for (size_t i = 0; i < t->narches; i++)
		for (size_t k = 0; k < t->arches[i].nsyscalls; k++) {
			const struct tsyscall *s = &t->arches[i].syscalls[k];
			size_t c = syscall_conds(s);
			if (c)
				w[nw++] = (uint64_t)c << 32 | s->nr;
		}
	/* heaviest first (insertion sort: a table has a few hundred at most) */
	for (size_t i = 1; i < nw; i++)
		for (size_t k = i; k > 0 && w[k - 1] < w[k]; k--) {
			uint64_t x = w[k];
			w[k] = w[k - 1];
			w[k - 1] = x;
		}
	j->helper_nrs = xmalloc((nw + 1) * sizeof *j->helper_nrs);
	uint64_t load[2] = { 0, 0 };   /* [0] the helper, [1] the caller */
	for (size_t i = 0; i < nw; i++) {
		int side = load[0] <= load[1] ? 0 : 1;
		load[side] += w[i] >> 32;
		if (side == 0)
			j->helper_nrs[j->nhelper++] = (uint32_t)w[i];
	}
	free(w);
	/* sorted, for helper_reads(); a number on several arches once */
	j->nhelper = sort_unique_u32(j->helper_nrs, j->nhelper);
}

struct match_ctx {
	struct bdd_match *match;
	bool same;
};

static bool still_same(const struct meaning_diff *d, void *arg)
{
	struct match_ctx *mc = arg;
	/* The ids differ. Both of the helper's manager: other diagrams, which
	 * the one-thread proof judges (they may differ on codes no value has
	 * only). The caller's against the helper's: the graphs decide. */
	mc->same = !(d->a & HELPER_ID) && bdd_match(mc->match, d->a, d->b & ~HELPER_ID);
	return mc->same;
}

/* got (the caller's part) with the helper's part put in; false when the
 * two walks did not cut the plane alike (they always do). */
static bool merge_parts(struct meaning *got, const struct meaning *part)
{
	if (got->len != part->len)
		return false;
	for (size_t i = 0; i < got->len; i++) {
		struct region *r = &got->items[i];
		const struct region *p = &part->items[i];
		if (r->arch_lo != p->arch_lo || r->arch_hi != p->arch_hi || r->nr_lo != p->nr_lo ||
		    r->nr_hi != p->nr_hi)
			return false;
		if (r->fn == MEANING_UNMADE) {
			if (p->fn == MEANING_UNMADE)
				return false;
			r->fn = p->fn | HELPER_ID;
		}
	}
	return true;
}

bool verify_parallel(struct verify_job *j, const struct bpf_prog *prog, struct verify_stats *stats,
		     size_t *full)
{
	*full = 0;
	if (!j->running)
		return false;
	struct bdd *m = verify_manager(j->t, prog);
	share_syscalls(j);
	j->prog = prog;
	j->caller_m = m;
	give_order(j, ORDER_GO);
	struct meaning got = { 0 };
	struct diag quiet;
	diag_init(&quiet, NULL);
	bool ok = program_meaning_part(prog, j->t->target->big_endian, m, &got, &quiet,
				       caller_reads, j);
	diag_fini(&quiet);
	helper_end(j);
	if (bdd_overflowed(m) || bdd_overflowed(j->m))
		*full = bdd_overflowed(m) ? bdd_node_count(m) : bdd_node_count(j->m);
	ok = ok && j->part_made && !bdd_overflowed(m) && !bdd_overflowed(j->m) &&
	     !bdd_classes_missed(m) && !bdd_classes_missed(j->m) && merge_parts(&got, &j->part);
	if (ok) {
		for (size_t i = 0; i < j->table.len; i++)
			j->table.items[i].fn |= HELPER_ID;
		struct match_ctx mc = { bdd_match_begin(m, j->m), true };
		meaning_compare(&got, &j->table, still_same, &mc);
		bdd_match_end(mc.match);
		ok = mc.same;
	}
	if (ok && stats)
		*stats = (struct verify_stats){ got.len, j->table.len,
						bdd_node_count(m) + bdd_node_count(j->m), false, true,
						false };
	meaning_free(&got);
	bdd_free(m);
	return ok;
}
