/*
 * sort.h - sorting 32-bit values, in place, ascending: what the proof and
 * the planner do with cut points many times a compile, where qsort's call
 * per comparison was a tenth of the proof's time.
 */
#ifndef SECCOMPC_SORT_H
#define SECCOMPC_SORT_H

#include <stddef.h>
#include <stdint.h>

void sort_u32(uint32_t *v, size_t n);

/* Sorts, then drops repeats; returns how many values are left. */
size_t sort_unique_u32(uint32_t *v, size_t n);

#endif
