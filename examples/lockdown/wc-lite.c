/*
 * wc-lite.c - an example of a program that locks itself down at start-up.
 *
 * It opens its input, then installs a filter compiled from lockdown.json at
 * build time (seccompc -f c) with the seccompc runtime, and only then reads
 * what it was given. After the lock-down it cannot open, exec or connect:
 * with --try-open PATH it shows that by trying.
 *
 *   wc-lite FILE [--try-open PATH]
 *
 * Prints "lines words bytes FILE"; exit 0, 1 on a read error, 2 on usage,
 * 3 when the filter cannot be installed (it fails closed).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lockdown_filter.h"
#define SECCOMPC_RUNTIME_IMPLEMENTATION
#include "seccompc-runtime.h"

int main(int argc, char **argv)
{
	if (argc != 2 && !(argc == 4 && strcmp(argv[2], "--try-open") == 0)) {
		fprintf(stderr, "usage: wc-lite FILE [--try-open PATH]\n");
		return 2;
	}
	int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "wc-lite: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	int err = seccompc_install(lockdown_filter, lockdown_filter_len, 0, NULL);
	if (err) {
		fprintf(stderr, "wc-lite: cannot lock down: %s\n", seccompc_strerror(err));
		return 3;
	}

	if (argc == 4) {
		int other = open(argv[3], O_RDONLY);
		if (other >= 0)
			printf("wc-lite: opened %s after the lock-down\n", argv[3]);
		else
			printf("wc-lite: open %s after the lock-down: %s\n", argv[3], strerror(errno));
	}
	unsigned long lines = 0, words = 0, bytes = 0;
	int in_word = 0;
	char buf[4096];
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			char c = buf[i];
			int space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
			lines += c == '\n';
			words += !space && !in_word;
			in_word = !space;
		}
		bytes += (unsigned long)n;
	}
	if (n < 0) {
		fprintf(stderr, "wc-lite: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	printf("%lu %lu %lu %s\n", lines, words, bytes, argv[1]);
	return 0;
}
