/*
 * arena.h - memory for one compile: allocate often, free once.
 *
 * Every allocation is checked: on exhaustion the process stops with a message
 * and exit status 3 (internal error) rather than continue with a NULL.
 */
#ifndef SECCOMPC_ARENA_H
#define SECCOMPC_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
};

void arena_init(struct arena *a);
void arena_free(struct arena *a);

/* Zeroed, aligned for any object. */
void *arena_alloc(struct arena *a, size_t size);
void *arena_calloc(struct arena *a, size_t n, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Checked malloc family for memory outside an arena. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);

/* Grows a vector (*items, *cap) so it holds at least `need` items of `size`. */
void grow_array(void **items, size_t *cap, size_t need, size_t size);
#define VEC_RESERVE(items, cap, need) \
	grow_array((void **)&(items), &(cap), (need), sizeof *(items))

#endif
