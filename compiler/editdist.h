/*
 * editdist.h - how far apart two names are, for "did you mean" suggestions
 * (capability names, syscall names).
 */
#ifndef SECCOMPC_EDITDIST_H
#define SECCOMPC_EDITDIST_H

#include <stddef.h>

/* The Levenshtein distance of a and b, or cap + 1 as soon as it is known to
 * be past cap (and for a b of 64 bytes or more). */
size_t edit_distance(const char *a, const char *b, size_t cap);

#endif
