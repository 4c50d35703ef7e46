/*
 * builder.c - the block builder of bpf.h: blocks of statements with symbolic
 * labels, each ending in one terminator. Misuse (a statement after a
 * terminator, an unknown label) is remembered and reported by bpf_assemble,
 * so builder calls never fail on their own.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "builder_internal.h"

/* Grows an arena-backed array to hold `need` items (old storage stays in the arena). */
static void *arena_grow(struct arena *a, void *items, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return items;
	size_t ncap = *cap ? *cap * 2 : 8;
	while (ncap < need)
		ncap *= 2;
	void *n = arena_calloc(a, ncap, size);
	if (*cap)
		memcpy(n, items, *cap * size);
	*cap = ncap;
	return n;
}

static void misuse(struct bpf_builder *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void misuse(struct bpf_builder *b, const char *fmt, ...)
{
	if (b->misuse[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b->misuse, sizeof b->misuse, fmt, ap);
	va_end(ap);
}

/* The block `blk` when it exists and has no terminator yet, else NULL (misuse noted). */
static struct bpf_block *open_block(struct bpf_builder *b, bpf_label blk, const char *what)
{
	if (blk < 0 || (size_t)blk >= b->nblocks) {
		misuse(b, "%s on unknown block %d", what, (int)blk);
		return NULL;
	}
	struct bpf_block *bl = &b->blocks[blk];
	if (bl->term != TERM_NONE) {
		misuse(b, "%s on block %d, which already ends in a terminator", what, (int)blk);
		return NULL;
	}
	return bl;
}

struct bpf_builder *bpf_builder_new(struct arena *arena)
{
	struct bpf_builder *b = arena_alloc(arena, sizeof *b);
	b->arena = arena;
	return b;
}

bpf_label bpf_block(struct bpf_builder *b)
{
	b->blocks = arena_grow(b->arena, b->blocks, &b->cap, b->nblocks + 1, sizeof *b->blocks);
	struct bpf_block *bl = &b->blocks[b->nblocks];
	memset(bl, 0, sizeof *bl);
	bl->jt = bl->jf = BPF_NO_LABEL;
	return (bpf_label)b->nblocks++;
}

void bpf_stmt(struct bpf_builder *b, bpf_label blk, uint16_t code, uint32_t k)
{
	struct bpf_block *bl = open_block(b, blk, "bpf_stmt");
	if (!bl)
		return;
	if (BPF_CLASS(code) == BPF_RET) {   /* RET A (or K) given as a statement ends the block */
		bl->term = TERM_RET;
		bl->code = code;
		bl->k = k;
		return;
	}
	if (BPF_CLASS(code) == BPF_JMP) {
		misuse(b, "bpf_stmt with jump opcode 0x%02x in block %d; use bpf_jump or bpf_goto",
		       code, (int)blk);
		return;
	}
	bl->body = arena_grow(b->arena, bl->body, &bl->cap, bl->nbody + 1, sizeof *bl->body);
	bl->body[bl->nbody++] = (struct sock_filter){ code, 0, 0, k };
}

void bpf_jump(struct bpf_builder *b, bpf_label blk, uint16_t code, uint32_t k,
	      bpf_label jt, bpf_label jf)
{
	struct bpf_block *bl = open_block(b, blk, "bpf_jump");
	if (!bl)
		return;
	if (BPF_CLASS(code) != BPF_JMP || BPF_OP(code) == BPF_JA) {
		misuse(b, "bpf_jump with opcode 0x%02x in block %d, not a conditional jump",
		       code, (int)blk);
		return;
	}
	bl->term = TERM_JUMP;
	bl->code = code;
	bl->k = k;
	bl->jt = jt;
	bl->jf = jf;
}

void bpf_goto(struct bpf_builder *b, bpf_label blk, bpf_label target)
{
	struct bpf_block *bl = open_block(b, blk, "bpf_goto");
	if (!bl)
		return;
	bl->term = TERM_GOTO;
	bl->code = BPF_JMP | BPF_JA;
	bl->jt = target;
}

void bpf_ret(struct bpf_builder *b, bpf_label blk, uint32_t action)
{
	struct bpf_block *bl = open_block(b, blk, "bpf_ret");
	if (!bl)
		return;
	bl->term = TERM_RET;
	bl->code = BPF_RET | BPF_K;
	bl->k = action;
}

bpf_label bpf_ret_block(struct bpf_builder *b, uint32_t action)
{
	for (size_t i = 0; i < b->nrets; i++)
		if (b->rets[i].action == action)
			return b->rets[i].label;
	bpf_label l = bpf_block(b);
	bpf_ret(b, l, action);
	b->rets = arena_grow(b->arena, b->rets, &b->retcap, b->nrets + 1, sizeof *b->rets);
	b->rets[b->nrets++] = (struct bpf_ret_entry){ action, l };
	return l;
}
