/*
 * probe.c - makes raw syscalls and prints what came back, so tests can run
 * it under seccompc-exec:
 *
 *     probe NR [ARG]... [-- NR [ARG]...]...   ->  "ret R errno E", one line a call
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: probe NR [ARG]... [-- NR [ARG]...]...\n");
		return 2;
	}
	for (int i = 1; i < argc;) {
		int end = i;
		while (end < argc && strcmp(argv[end], "--") != 0)
			end++;
		if (end == i || end - i > 7) {
			fprintf(stderr, "probe: a call is NR and up to 6 arguments\n");
			return 2;
		}
		long nr = strtol(argv[i], NULL, 0);
		unsigned long a[6] = { 0 };
		for (int k = i + 1; k < end; k++)
			a[k - i - 1] = strtoul(argv[k], NULL, 0);
		errno = 0;
		long r = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		printf("ret %ld errno %d\n", r, r == -1 ? errno : 0);
		i = end + 1;
	}
	return 0;
}
