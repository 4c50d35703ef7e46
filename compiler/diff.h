/*
 * diff.h - every difference in decisions between two filters, named: per
 * arch, the syscall (or run of numbers), the argument region, and the
 * action of each side there. `seccompc diff` prints it.
 *
 * The input is two meanings of one diagram manager (meaning.h: a profile's
 * resolved table or any BPF program), so nothing is sampled: diff.c walks
 * meaning_compare()'s rectangles and names them, diff_regions.c turns the
 * diagrams' differences into readable argument conditions, diff_print.c
 * writes the result as text or JSON.
 */
#ifndef SECCOMPC_DIFF_H
#define SECCOMPC_DIFF_H

#include "buf.h"
#include "meaning.h"

/* ---- argument regions (diff_regions.c) ---------------------------------- */

/* The values a condition can read: args[0..5], then instruction_pointer. */
enum { DIFF_VALUES = 7, DIFF_CONDS = 2 * DIFF_VALUES };

enum arg_test {
	ARG_ANY,      /* no condition */
	ARG_RANGE,    /* lo <= (value & bits) <= hi */
	ARG_NE,       /* (value & bits) != lo */
	ARG_MASK,     /* (value & bits) == lo */
	ARG_ANY_BIT,  /* (value & bits) != 0 */
};

/* A condition on one 64-bit value; bits is most often a field (the low 8,
 * 16, 32 or all 64 bits), a mask otherwise. */
struct arg_cond {
	uint8_t test;            /* enum arg_test */
	uint64_t bits, lo, hi;
};

/*
 * A region of argument values where side A decides `a` and side B `b`:
 * every condition holds (ANDed). when[2v] and when[2v + 1] are both on
 * value v (args[v]; v = 6 is instruction_pointer): the second says what
 * the first cannot about the low 32 bits ("args[0] >= 0x100000000 &&
 * args[0] & 0xffffffff == 0x28").
 */
struct arg_region {
	uint32_t a, b;
	struct arg_cond when[DIFF_CONDS];
};

struct arg_regions {
	struct arg_region *items;    /* sorted by (a, b), then conditions */
	size_t len, cap;
	bool complete;               /* false: more regions (or paths through one
				      * value) than the limit; items are some of them */
};

/*
 * The regions where f and g (of manager m) differ, merged into few: their
 * union is exactly the set of argument values where f and g differ, and on
 * each region f is `a` and g is `b` throughout. At most `limit` regions
 * (0: 65536) are made, and as many paths through one value's bits. May add
 * nodes to m (to check a merge); when m overflows meanwhile, merges that
 * needed the check are not made.
 */
void arg_regions_of(struct bdd *m, bdd_node f, bdd_node g, size_t limit,
		    struct arg_regions *out);
void arg_regions_free(struct arg_regions *r);

/* Appends the region as C-like conditions joined by " && ", such as
 * "args[1] & 0xffffffff == 0x5412 && args[0] >= 0x10"; "any arguments" when
 * it has none. */
void arg_region_text(const struct arg_region *r, struct buf *out);

/* Appends one condition on the value `index` ("args[2]", "instruction_pointer"):
 * "args[2] >= 0x10", "args[2] & 0xff == 0x4". */
void arg_cond_text(const struct arg_cond *c, unsigned index, struct buf *out);

/* ---- differences (diff.c) ---------------------------------------------- */

/*
 * A run of syscall numbers on one arch (or on arch values no filter tells
 * apart) where the two sides decide differently, the same way throughout.
 */
struct diff_item {
	const struct arch_info *arch;   /* whose numbers: x32 for x86_64's arch value and
					 * numbers with bit 30; NULL: foreign arch values */
	uint32_t arch_lo, arch_hi;      /* seccomp_data.arch values (one for a named arch) */
	uint32_t nr_lo, nr_hi;          /* inclusive */
	bdd_node a, b;                  /* each side's function of the arguments there */
	bool by_args;                   /* the difference depends on the arguments */
	uint32_t action_a, action_b;    /* !by_args: what each side decides */
	const struct arg_regions *regions;  /* by_args: where and how they differ */
};

/* Consecutive items of one arch (or of the foreign arch values). */
struct diff_section {
	const struct arch_info *arch;   /* NULL: foreign arch values */
	size_t first, count;            /* items[first .. first + count) */
	/* A side that decides every number of the arch alike (it does not
	 * filter the arch, say): the action; has_uniform_x false otherwise. */
	bool has_uniform_a, has_uniform_b;
	uint32_t uniform_a, uniform_b;
	/* Foreign section: its items cover every arch value no section names,
	 * each with every number, one pair of actions. */
	bool every_foreign;
};

struct diff_options {
	size_t max_regions;             /* per differing pair of functions (0: 65536) */
};

struct diff_result {
	struct diff_item *items;        /* by section (arch order, foreign last), then number */
	size_t len, cap;
	struct diff_section *sections;
	size_t nsections;
	struct arg_regions **cache;     /* regions per (a, b) pair, computed once */
	bdd_node (*cache_key)[2];
	size_t ncache, cache_cap;
};

/* Every difference between meanings a and b of manager m. */
void diff_meanings(struct bdd *m, const struct meaning *a, const struct meaning *b,
		   const struct diff_options *opts, struct diff_result *out);
void diff_result_free(struct diff_result *r);

/* ---- output (diff_print.c) --------------------------------------------- */

struct diff_print_options {
	const char *a_label, *b_label;  /* what A and B are: "moby.json (profile, x86_64)" */
	size_t max_regions;             /* regions per change (0: all) */
	size_t max_names;               /* names in a run of numbers, and labels per
					 * change on an arch one side decides alike
					 * everywhere (0: all) */
	bool all;                       /* no limits */
};

/* Text for people: per arch, syscalls grouped by change; the argument
 * regions of each argument-dependent change; a summary line. */
void diff_write_text(const struct diff_result *r, const struct diff_print_options *o,
		     struct buf *out);

/* The same as JSON: {"a": ..., "b": ..., "equal": ..., "differences": [...]}
 * with every region found. a_json and b_json are JSON values describing
 * the sides. */
void diff_write_json(const struct diff_result *r, const char *a_json, const char *b_json,
		     struct buf *out);

#endif
