/*
 * nearest.c - the known name nearest to an unknown one (see nearest.h).
 */
#include "nearest.h"

#include "arch.h"
#include "editdist.h"

const char *syscall_nearest(const char *name)
{
	struct nearest n;
	nearest_init(&n, name, "");
	for (size_t i = 0; i < syscall_name_count; i++)
		nearest_try(&n, syscall_names[i]);
	return n.best;
}

const char *errno_nearest(const char *name)
{
	/* One arch of each errno style; every errno number is below 4096. */
	static const enum arch_id styles[] = { ARCH_X86_64, ARCH_MIPS, ARCH_PPC64LE };
	struct nearest n;
	nearest_init(&n, name, "E");
	for (size_t s = 0; s < sizeof styles / sizeof styles[0]; s++)
		for (int nr = 1; nr < 4096; nr++) {
			const char *e = arch_errno_name(arch_get(styles[s]), nr);
			if (e)
				nearest_try(&n, e);
		}
	return n.best;
}

const char *list_nearest(const char *name, const char *const *list, const char *prefix)
{
	struct nearest n;
	nearest_init(&n, name, prefix);
	for (size_t i = 0; list[i]; i++)
		nearest_try(&n, list[i]);
	return n.best;
}
