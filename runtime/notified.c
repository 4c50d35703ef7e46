/*
 * notified.c - the caller of a notified call (see notified.h).
 */
#include "notified.h"

#include <fcntl.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>

#include "action.h"
#include "decode.h"

/* Newer syscalls the C library (or a common program) replaces by an older
 * one when they fail with ENOSYS, as profiles make them do on purpose. */
static const struct { const char *name, *older; } fallbacks[] = {
	{ "clone3", "clone" },
	{ "close_range", "close" },
	{ "copy_file_range", "read and write" },
	{ "epoll_pwait2", "epoll_pwait" },
	{ "faccessat2", "faccessat" },
	{ "fchmodat2", "fchmodat" },
	{ "openat2", "openat" },
	{ "preadv2", "preadv" },
	{ "pwritev2", "pwritev" },
	{ "rseq", "no restartable sequences" },
	{ "statx", "fstatat" },
};

static int still_pending(const struct caller *c)
{
	uint64_t id = c->id;
	return ioctl(c->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) == 0;
}

ssize_t caller_read(void *ctx, uint64_t addr, void *buf, size_t size)
{
	const struct caller *c = ctx;
	struct iovec local = { buf, size }, remote = { (void *)(uintptr_t)addr, size };
	ssize_t n = process_vm_readv(c->pid, &local, 1, &remote, 1, 0);
	if (n <= 0 || !still_pending(c))
		return -1;
	return n;
}

void caller_comm(const struct caller *c, char *out, size_t size)
{
	char path[64], raw[64];
	snprintf(path, sizeof path, "/proc/%d/comm", (int)c->pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, raw, sizeof raw) : -1;
	if (fd >= 0)
		close(fd);
	if (n > 0 && raw[n - 1] == '\n')
		n--;
	if (n < 0 || !still_pending(c))
		snprintf(out, size, "?");
	else
		text_escape(raw, (size_t)n, out, size);
}

const char *expected_fallback(const char *name, uint32_t action, const struct arch_info *arch)
{
	if (!name || action_kind_of(action) != ACT_ERRNO || !arch ||
	    (int)(action & RET_DATA) != arch_errno_nr(arch, "ENOSYS"))
		return NULL;
	for (size_t i = 0; i < sizeof fallbacks / sizeof fallbacks[0]; i++)
		if (strcmp(fallbacks[i].name, name) == 0)
			return fallbacks[i].older;
	return NULL;
}
