/*
 * runtime_nonlinux.c - seccompc-runtime.h built as if not on Linux (-U__linux__):
 * it must compile (with a BSD errno set too) and every install must answer -ENOSYS.
 */
#include <errno.h>
#include <stdio.h>

/* The errno set of FreeBSD and OpenBSD, which have no ENODATA. */
#undef ENODATA

#define SECCOMPC_RUNTIME_IMPLEMENTATION
#include "seccompc-runtime.h"

int main(void)
{
	struct sock_filter allow = { 0x06, 0, 0, 0x7fff0000 };
	int a = seccompc_install(&allow, 1, 0, NULL);
	int b = seccompc_install_file("/dev/null", 0, NULL);
	if (a != -ENOSYS || b != -ENOSYS || seccompc_flag_available(SECCOMPC_FLAG_LOG) != 0) {
		printf("FAIL: install %d, install_file %d\n", a, b);
		return 1;
	}
	printf("1 passed, 0 failed\n");
	return 0;
}
