/*
 * runtime_strict.c - seccompc-runtime.h as a drop-in header in strict ISO C
 * (-std=c11 without _GNU_SOURCE or any feature macro): the implementation
 * must compile and work. runtime_strict_main.c drives it (it needs POSIX
 * calls this mode hides).
 */
#define SECCOMPC_RUNTIME_IMPLEMENTATION
#include "seccompc-runtime.h"

#include <stdio.h>

int strict_validate_and_install(void);

/* Validates a bad program and installs an allow-all filter in this process;
 * 0 when both answer as they should. */
int strict_validate_and_install(void)
{
	static const struct sock_filter allow[] = { { 0x06, 0, 0, 0x7fff0000 } };
	static const struct sock_filter bad[] = { { 0x06, 0, 0, 0 }, { 0x30, 0, 0, 0 } };
	size_t insn = 0;
	const char *reason = NULL;
	int v = seccompc_validate(bad, 2, &insn, &reason);
	struct seccompc_install_result r;
	int i = seccompc_install(allow, 1, 0, &r);
	if (v != -EINVAL || insn != 1 || i != 0 || r.used_prctl) {
		printf("FAIL: validate %d at %zu (%s), install %d\n", v, insn, reason ? reason : "-", i);
		return 1;
	}
	return 0;
}
