/*
 * assemble.c - turns the block graph of builder.c into a finished program.
 *
 * Owns layout and jump resolution:
 *  1. reachability from the entry, with checks that every reached block ends
 *     in a terminator and names existing targets;
 *  2. a deterministic topological order (a cycle is an error) that places a
 *     goto's target, else a conditional's false then true target, right after
 *     its block when all of that target's predecessors are already placed;
 *  3. long jumps: a conditional offset is 8 bits, so a target more than 255
 *     instructions ahead is reached through a pad placed within reach after a
 *     block that does not fall through: a copy of the target when it is a lone
 *     return, else a JA (32-bit offset). Pads are shared by every jump that
 *     reaches them; positions are recomputed after each insertion until every
 *     jump resolves;
 *  4. emission, refusing programs past BPF_MAX_INSNS.
 */
#include <stdlib.h>
#include <string.h>

#include "builder_internal.h"

#define NOWHERE ((size_t)-1)
#define MAX_JUMP 255u
#define PAD_GIVE_UP ((size_t)64 * BPF_MAX_INSNS)

struct gap {              /* pads after one placed block: their targets, in order */
	bpf_label *pads;
	size_t n, cap;
};

struct layout {
	const struct bpf_builder *b;
	bpf_label *order;     /* placed blocks */
	size_t n;
	size_t *index;        /* index[label]: position in order, or NOWHERE */
	struct gap *gaps;     /* gaps[i]: pads after order[i] */
	size_t *start;        /* start[i]: first instruction of order[i] */
	size_t *gap_start;    /* gap_start[i]: first pad after order[i] */
	size_t total;
};

static const struct bpf_block *blk(const struct layout *L, bpf_label l)
{
	return &L->b->blocks[l];
}

/* Successor labels of a block (0, 1 or 2 of them; a jump lists jf first). */
static size_t successors(const struct bpf_block *bl, bpf_label out[2])
{
	switch (bl->term) {
	case TERM_GOTO: out[0] = bl->jt; return 1;
	case TERM_JUMP: out[0] = bl->jf; out[1] = bl->jt; return 2;
	default: return 0;
	}
}

/* Marks the blocks reachable from entry; false (with a message) when one has
 * no terminator or names a block that does not exist. */
static bool mark_reachable(const struct bpf_builder *b, bpf_label entry, bool *reach,
			   size_t *count, struct diag *diag)
{
	bpf_label *stack = xcalloc(b->nblocks, sizeof *stack);
	size_t sp = 0;
	bool ok = true;

	reach[entry] = true;
	stack[sp++] = entry;
	*count = 1;
	while (sp && ok) {
		bpf_label l = stack[--sp];
		const struct bpf_block *bl = &b->blocks[l];
		bpf_label succ[2];
		if (bl->term == TERM_NONE) {
			diag_error(diag, NULL, NULL, "internal error: BPF block %d has no terminator "
				   "(return, goto or jump)", (int)l);
			ok = false;
			break;
		}
		for (size_t i = 0, n = successors(bl, succ); i < n; i++) {
			if (succ[i] < 0 || (size_t)succ[i] >= b->nblocks) {
				diag_error(diag, NULL, NULL, "internal error: BPF block %d jumps to "
					   "unknown block %d", (int)l, (int)succ[i]);
				ok = false;
				break;
			}
			if (!reach[succ[i]]) {
				reach[succ[i]] = true;
				stack[sp++] = succ[i];
				++*count;
			}
		}
	}
	free(stack);
	return ok;
}

/* Topological order of the reachable blocks, preferring to place a block's
 * goto target, else its false then true target, right after it. */
static bool order_blocks(struct layout *L, bpf_label entry, const bool *reach,
			 size_t count, struct diag *diag)
{
	const struct bpf_builder *b = L->b;
	size_t *indeg = xcalloc(b->nblocks, sizeof *indeg);
	bpf_label *stack = xcalloc(2 * b->nblocks + 1, sizeof *stack);
	size_t sp = 0;

	for (size_t l = 0; l < b->nblocks; l++) {
		bpf_label succ[2];
		if (!reach[l])
			continue;
		for (size_t i = 0, n = successors(&b->blocks[l], succ); i < n; i++)
			indeg[succ[i]]++;
	}
	bpf_label cur = indeg[entry] == 0 ? entry : BPF_NO_LABEL;
	while (cur != BPF_NO_LABEL) {
		const struct bpf_block *bl = &b->blocks[cur];
		bpf_label succ[2];
		size_t n = successors(bl, succ);

		L->index[cur] = L->n;
		L->order[L->n++] = cur;
		for (size_t i = n; i-- > 0;)   /* push jt, then jf: jf is popped first */
			if (--indeg[succ[i]] == 0)
				stack[sp++] = succ[i];
		cur = BPF_NO_LABEL;
		for (size_t i = 0; i < n && cur == BPF_NO_LABEL; i++)
			if (indeg[succ[i]] == 0 && L->index[succ[i]] == NOWHERE)
				cur = succ[i];
		while (cur == BPF_NO_LABEL && sp) {
			bpf_label l = stack[--sp];
			if (L->index[l] == NOWHERE)
				cur = l;
		}
	}
	free(indeg);
	free(stack);
	if (L->n == count)
		return true;
	size_t bad = 0;
	while (!reach[bad] || L->index[bad] != NOWHERE)
		bad++;
	diag_error(diag, NULL, NULL, "internal error: BPF blocks form a cycle (block %zu is on "
		   "or after one); every jump must go forward", bad);
	return false;
}

/* True when order[i] is a goto to the block placed right after it with no pad
 * in between: it then emits nothing. */
static bool goto_elided(const struct layout *L, size_t i)
{
	const struct bpf_block *bl = blk(L, L->order[i]);
	return bl->term == TERM_GOTO && L->gaps[i].n == 0 && i + 1 < L->n &&
	       L->order[i + 1] == bl->jt;
}

static void compute_positions(struct layout *L)
{
	size_t pos = 0;
	for (size_t i = 0; i < L->n; i++) {
		const struct bpf_block *bl = blk(L, L->order[i]);
		L->start[i] = pos;
		pos += bl->nbody + (goto_elided(L, i) ? 0 : 1);
		L->gap_start[i] = pos;
		pos += L->gaps[i].n;
	}
	L->total = pos;
}

/* Where the conditional at `pc` (in order[i]) lands for target t: the target
 * itself when within 8 bits, else the farthest pad for t within reach;
 * NOWHERE when neither exists. */
static size_t resolve(const struct layout *L, size_t i, size_t pc, bpf_label t)
{
	size_t dest = L->start[L->index[t]];
	if (dest - (pc + 1) <= MAX_JUMP)
		return dest;
	size_t found = NOWHERE;
	for (size_t g = i; g < L->n && L->gap_start[g] <= pc + 1 + MAX_JUMP; g++)
		for (size_t j = 0; j < L->gaps[g].n; j++)
			if (L->gaps[g].pads[j] == t && L->gap_start[g] + j <= pc + 1 + MAX_JUMP)
				found = L->gap_start[g] + j;
	return found;
}

/* Adds a pad for t reachable from the conditional at pc in order[i]: in the
 * last gap within reach after a block that does not fall through (a goto that
 * would be elided counts as falling through), else right after the jump. */
static void add_pad(struct layout *L, size_t i, size_t pc, bpf_label t)
{
	size_t best = i;
	for (size_t g = i + 1; g < L->n && L->gap_start[g] + L->gaps[g].n <= pc + 1 + MAX_JUMP; g++)
		if (!goto_elided(L, g) && g < L->index[t])
			best = g;
	struct gap *gp = &L->gaps[best];
	VEC_RESERVE(gp->pads, gp->cap, gp->n + 1);
	gp->pads[gp->n++] = t;
}

/* Inserts pads until every conditional reaches its targets. */
static void place_pads(struct layout *L)
{
	bool changed = true;
	compute_positions(L);
	while (changed) {
		changed = false;
		for (size_t i = 0; i < L->n; i++) {
			const struct bpf_block *bl = blk(L, L->order[i]);
			if (bl->term != TERM_JUMP)
				continue;
			size_t pc = L->start[i] + bl->nbody;
			bpf_label targets[2] = { bl->jt, bl->jf };
			for (int e = 0; e < 2; e++) {
				if (resolve(L, i, pc, targets[e]) != NOWHERE)
					continue;
				add_pad(L, i, pc, targets[e]);
				compute_positions(L);
				changed = true;
				if (L->total > PAD_GIVE_UP)   /* hopeless: reported as too long */
					return;
			}
		}
	}
}

/* Writes the instructions; false on an internal inconsistency. */
static bool emit(const struct layout *L, struct sock_filter *out, struct diag *diag)
{
	for (size_t i = 0; i < L->n; i++) {
		const struct bpf_block *bl = blk(L, L->order[i]);
		size_t pc = L->start[i];
		if (bl->nbody)
			memcpy(out + pc, bl->body, bl->nbody * sizeof *out);
		pc += bl->nbody;
		if (bl->term == TERM_RET) {
			out[pc] = (struct sock_filter){ bl->code, 0, 0, bl->k };
		} else if (bl->term == TERM_GOTO && !goto_elided(L, i)) {
			size_t dest = L->start[L->index[bl->jt]];
			out[pc] = (struct sock_filter){ BPF_JMP | BPF_JA, 0, 0, (uint32_t)(dest - pc - 1) };
		} else if (bl->term == TERM_JUMP) {
			size_t dt = resolve(L, i, pc, bl->jt), df = resolve(L, i, pc, bl->jf);
			if (dt == NOWHERE || df == NOWHERE) {
				diag_error(diag, NULL, NULL, "internal error: unresolved BPF jump at "
					   "instruction %zu", pc);
				return false;
			}
			out[pc] = (struct sock_filter){ bl->code, (uint8_t)(dt - pc - 1),
							(uint8_t)(df - pc - 1), bl->k };
		}
		for (size_t j = 0; j < L->gaps[i].n; j++) {
			size_t at = L->gap_start[i] + j;
			const struct bpf_block *t = blk(L, L->gaps[i].pads[j]);
			if (t->nbody == 0 && t->term == TERM_RET)
				out[at] = (struct sock_filter){ t->code, 0, 0, t->k };
			else
				out[at] = (struct sock_filter){ BPF_JMP | BPF_JA, 0, 0,
					(uint32_t)(L->start[L->index[L->gaps[i].pads[j]]] - at - 1) };
		}
	}
	return true;
}

static void layout_free(struct layout *L)
{
	for (size_t i = 0; i < L->n; i++)
		free(L->gaps[i].pads);
	free(L->order);
	free(L->index);
	free(L->gaps);
	free(L->start);
	free(L->gap_start);
}

bool bpf_assemble(struct bpf_builder *b, bpf_label entry, struct arena *arena,
		  struct bpf_prog *out, struct diag *diag)
{
	out->insns = NULL;
	out->len = 0;
	if (b->misuse[0]) {
		diag_error(diag, NULL, NULL, "internal error: BPF builder misuse: %s", b->misuse);
		return false;
	}
	if (entry < 0 || (size_t)entry >= b->nblocks) {
		diag_error(diag, NULL, NULL, "internal error: BPF entry block %d does not exist",
			   (int)entry);
		return false;
	}
	size_t nb = b->nblocks, count = 0;
	bool *reach = xcalloc(nb, sizeof *reach);
	struct layout L = { .b = b };
	L.order = xcalloc(nb, sizeof *L.order);
	L.index = xmalloc(nb * sizeof *L.index);
	for (size_t i = 0; i < nb; i++)
		L.index[i] = NOWHERE;
	L.gaps = xcalloc(nb, sizeof *L.gaps);
	L.start = xcalloc(nb, sizeof *L.start);
	L.gap_start = xcalloc(nb, sizeof *L.gap_start);

	bool ok = mark_reachable(b, entry, reach, &count, diag) &&
		  order_blocks(&L, entry, reach, count, diag);
	if (ok) {
		place_pads(&L);
		if (L.total > BPF_MAX_INSNS) {
			diag_error(diag, NULL, NULL, "program needs %zu instructions; the kernel "
				   "accepts at most %d", L.total, BPF_MAX_INSNS);
			out->insns = NULL;
			out->len = L.total;
			ok = false;
		}
	}
	if (ok) {
		struct sock_filter *insns = arena_calloc(arena, L.total, sizeof *insns);
		ok = emit(&L, insns, diag);
		if (ok) {
			out->insns = insns;
			out->len = L.total;
		}
	}
	layout_free(&L);
	free(reach);
	return ok;
}
