/*
 * minimize.h - shrinking a failing case (see minimize.c).
 */
#ifndef SECCOMPC_FUZZ_MINIMIZE_H
#define SECCOMPC_FUZZ_MINIMIZE_H

#include "diff.h"

/* Replaces *c by the smallest case found for which diff_check() still gives
 * how's verdict, compile status and arch of the first wrong decision;
 * returns the checks it ran. */
size_t minimize_case(struct model_case *c, const struct diff_result *how,
		     const struct diff_options *opt, struct arena *arena);

#endif
