/*
 * editdist.h - how far apart two names are, and the known name nearest to an
 * unknown one, for "did you mean" suggestions (capability, syscall, errno,
 * action and field names).
 */
#ifndef SECCOMPC_EDITDIST_H
#define SECCOMPC_EDITDIST_H

#include <stddef.h>

/* The edit distance of a and b (insertions, deletions, substitutions, and
 * swaps of two adjacent characters, each 1: "EPREM" is 1 from "EPERM"), or
 * cap + 1 as soon as it is known to be past cap (and for a b of 64 bytes or
 * more). */
size_t edit_distance(const char *a, const char *b, size_t cap);

/*
 * The nearest of a set of candidates, fed one by one:
 *
 *     struct nearest n;
 *     nearest_init(&n, typed, "SCMP_ACT_");
 *     for (...) nearest_try(&n, candidate);
 *     return n.best;            (NULL: none close enough)
 *
 * Letter case does not count ("Ptrace" is "ptrace"). A typo, not another
 * word: at most 3 edits and at most a third of the name's length after
 * `prefix` (the part every candidate shares, "" when none), at least 1.
 * The first candidate of the smallest distance wins.
 */
struct nearest {
	char name[64];           /* the typed name, lower-cased */
	size_t limit;
	size_t best_d;
	const char *best;
};

void nearest_init(struct nearest *n, const char *name, const char *prefix);
void nearest_try(struct nearest *n, const char *candidate);

#endif
