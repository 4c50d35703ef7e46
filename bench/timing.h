/*
 * timing.h - the clock and the median every bench program reports.
 *
 * Header-only so each bench program stays one file plus this; no state.
 */
#ifndef SECCOMPC_BENCH_TIMING_H
#define SECCOMPC_BENCH_TIMING_H

#include <stdint.h>
#include <stdlib.h>
#include <time.h>

/* CLOCK_MONOTONIC in nanoseconds. */
static inline uint64_t bench_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline int bench_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* Sorts v[0..n) in place and returns its median (mean of the middle two when n is even). */
static inline double bench_median(uint64_t *v, size_t n)
{
	if (n == 0)
		return 0.0;
	qsort(v, n, sizeof *v, bench_cmp_u64);
	if (n % 2)
		return (double)v[n / 2];
	return ((double)v[n / 2 - 1] + (double)v[n / 2]) / 2.0;
}

#endif
