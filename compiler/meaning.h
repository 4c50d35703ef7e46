/*
 * meaning.h - what a filter decides, exactly: the common ground of the
 * verifier and `seccompc diff`.
 *
 * A meaning partitions the plane of (seccomp_data.arch, seccomp_data.nr)
 * values into rectangles; on each, a diagram (bdd.h) gives the action as a
 * function of the argument words (a leaf where they do not matter). Nothing
 * is sampled: every arch value, every number and every argument value is
 * inside exactly one rectangle. Two meanings built in one diagram manager
 * are compared rectangle against rectangle, and since diagrams are
 * canonical, equal ids mean equal decisions.
 *
 * program_meaning() reads a meaning off any seccomp BPF program by symbolic
 * execution (meaning_program.c); table_meaning() off a resolved rule table
 * (meaning_table.c), from its definition of what a profile means.
 */
#ifndef SECCOMPC_MEANING_H
#define SECCOMPC_MEANING_H

#include "bdd.h"
#include "bpf/bpf.h"
#include "table.h"

struct region {
	uint32_t arch_lo, arch_hi;   /* inclusive */
	uint32_t nr_lo, nr_hi;       /* inclusive */
	bdd_node fn;
};

struct meaning {
	struct region *items;
	size_t len, cap;
	/* program_meaning(): the argument part's keys (instruction, accumulator,
	 * context) and the functions made for them; equal when collections
	 * never dropped a function that was asked for again */
	size_t arg_keys, arg_made;
};

void meaning_free(struct meaning *m);

/*
 * The meaning of a validated program for a target of the given byte order.
 * Every instruction seccomp filters are made of is understood (loads of
 * seccomp_data, constants, AND, every conditional jump and return), except
 * what no compiler emits: other arithmetic on a loaded word, the X register
 * and scratch memory, and a test of nr or arch after an argument test over
 * a range of values. On those it reports an error naming the instruction
 * and returns false.
 */
bool program_meaning(const struct bpf_prog *prog, bool big_endian, struct bdd *m,
		     struct meaning *out, struct diag *diag);

/*
 * program_meaning() for part of the program, so that two threads can share
 * the work: the argument part of a region is made only when mine() says so
 * (it is shown the region, fn 0); the others get MEANING_UNMADE.
 * Whatever mine says, the regions are the same ones, in the same order.
 */
#define MEANING_UNMADE UINT32_MAX
bool program_meaning_part(const struct bpf_prog *prog, bool big_endian, struct bdd *m,
			  struct meaning *out, struct diag *diag,
			  bool (*mine)(const struct region *r, void *arg), void *arg);

/* Announce to `a` every comparison program_meaning() and table_meaning()
 * will make (bdd_use_classes()); a program's are found by following the
 * accumulator forward, as far as it can be followed cheaply (a miss is
 * caught while building, see bdd.h). */
void program_atoms(const struct bpf_prog *prog, bool big_endian, struct bdd_atoms *a);
void table_atoms(const struct rule_table *t, struct bdd_atoms *a);

/* The meaning of a resolved table: table_decide_raw() for every input. */
void table_meaning(const struct rule_table *t, struct bdd *m, struct meaning *out);

/* The diagram of one syscall's rules on its arch (rules in order, the
 * table's default where none holds). */
bdd_node table_syscall_fn(const struct rule_table *t, const struct tarch *ta,
			  const struct tsyscall *s, struct bdd *m);

/* A rectangle on which two meanings decide differently. */
struct meaning_diff {
	uint32_t arch_lo, arch_hi;
	uint32_t nr_lo, nr_hi;
	bdd_node a, b;               /* the functions of each meaning there */
};

/*
 * Compares two meanings of one manager: calls `each` for every maximal run
 * of numbers (per arch interval) where their functions differ, until it
 * returns false. Returns the number of differences found.
 */
size_t meaning_compare(const struct meaning *a, const struct meaning *b,
		       bool (*each)(const struct meaning_diff *d, void *arg), void *arg);

#endif
