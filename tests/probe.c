/*
 * probe.c - makes one raw syscall and prints what came back, so tests can
 * run it under seccompc-exec:  probe NR [ARG]...  ->  "ret R errno E"
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 8) {
		fprintf(stderr, "usage: probe NR [ARG]...\n");
		return 2;
	}
	long nr = strtol(argv[1], NULL, 0);
	unsigned long a[6] = { 0 };
	for (int i = 2; i < argc; i++)
		a[i - 2] = strtoul(argv[i], NULL, 0);
	errno = 0;
	long r = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	printf("ret %ld errno %d\n", r, r == -1 ? errno : 0);
	return 0;
}
