/*
 * caps.c - capability names and the capability model shared by seccompc and
 * seccompc-exec (see caps.h), and Docker's default set.
 */
#include "caps.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "editdist.h"

/* The kernel's numbering (include/uapi/linux/capability.h). */
static const char *const cap_names[CAP_COUNT] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
	"CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
	"CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
	"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
	"CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
	"CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
	"CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
};

/* moby oci/caps/defaults.go, in its order (resolve.c uses it when no
 * selection was made). */
const char *const docker_default_caps[] = {
	"CAP_CHOWN",
	"CAP_DAC_OVERRIDE",
	"CAP_FSETID",
	"CAP_FOWNER",
	"CAP_MKNOD",
	"CAP_NET_RAW",
	"CAP_SETGID",
	"CAP_SETUID",
	"CAP_SETFCAP",
	"CAP_SETPCAP",
	"CAP_NET_BIND_SERVICE",
	"CAP_SYS_CHROOT",
	"CAP_KILL",
	"CAP_AUDIT_WRITE",
	NULL,
};

const char *cap_name(int cap)
{
	return cap >= 0 && cap < CAP_COUNT ? cap_names[cap] : NULL;
}

/* name upper-cased with "CAP_" in front unless it has it; false when it
 * does not fit (no name is that long). */
static bool canonical(const char *name, char *out, size_t size)
{
	size_t n = 0;
	bool has_prefix = strncasecmp(name, "CAP_", 4) == 0;
	if (!has_prefix) {
		if (size < 5)
			return false;
		memcpy(out, "CAP_", 4);
		n = 4;
	}
	for (const char *p = name; *p; p++) {
		if (n + 1 >= size)
			return false;
		out[n++] = (char)toupper((unsigned char)*p);
	}
	out[n] = '\0';
	return true;
}

int cap_by_name(const char *name)
{
	char c[64];
	if (!canonical(name, c, sizeof c))
		return -1;
	for (int i = 0; i < CAP_COUNT; i++)
		if (strcmp(cap_names[i], c) == 0)
			return i;
	return -1;
}

const char *cap_nearest(const char *name)
{
	char c[64];
	if (!canonical(name, c, sizeof c))
		return NULL;
	struct nearest n;
	nearest_init(&n, c, "CAP_");
	for (int i = 0; i < CAP_COUNT; i++)
		nearest_try(&n, cap_names[i]);
	return n.best;
}

uint64_t cap_set_docker(void)
{
	uint64_t set = 0;
	for (size_t i = 0; docker_default_caps[i]; i++)
		set |= UINT64_C(1) << cap_by_name(docker_default_caps[i]);
	return set;
}

void cap_options_init(struct cap_options *o)
{
	memset(o, 0, sizeof *o);
	o->base = o->set = cap_set_docker();
}

static const char *option_text(enum cap_option_kind kind)
{
	return kind == CAP_OPT_CAPS ? "--caps" : kind == CAP_OPT_ADD ? "--cap" : "--drop-cap";
}

/* The capability `arg` names, or -1 with why filled. */
static int parse_cap(enum cap_option_kind kind, const char *arg, char *why, size_t size)
{
	const char *opt = option_text(kind);
	if (arg[0] == '-' || arg[0] == '\0') {
		snprintf(why, size, "%s: expected a capability name such as CAP_SYS_PTRACE, got \"%s\"",
			 opt, arg);
		return -1;
	}
	int cap = cap_by_name(arg);
	if (cap >= 0)
		return cap;
	const char *near = cap_nearest(arg);
	if (strcasecmp(arg, "all") == 0 || strcasecmp(arg, "CAP_ALL") == 0)
		snprintf(why, size, "%s %s: not a capability; --caps all selects every one", opt, arg);
	else if (near)
		snprintf(why, size, "%s %s: no such capability; did you mean %s?", opt, arg, near);
	else
		snprintf(why, size, "%s %s: no such capability (the kernel's are CAP_CHOWN .. "
			 "CAP_CHECKPOINT_RESTORE, see capabilities(7))", opt, arg);
	return -1;
}

bool cap_options_apply(struct cap_options *o, enum cap_option_kind kind, const char *arg,
		       char *why, size_t size)
{
	if (kind == CAP_OPT_CAPS) {
		if (strcmp(arg, "docker") == 0) {
			o->base = cap_set_docker();
		} else if (strcmp(arg, "none") == 0) {
			o->base = 0;
		} else if (strcmp(arg, "all") == 0) {
			o->base = CAP_SET_ALL;
		} else {
			snprintf(why, size, "--caps %s: expected docker, none or all", arg);
			return false;
		}
	} else {
		int cap = parse_cap(kind, arg, why, size);
		if (cap < 0)
			return false;
		uint64_t bit = UINT64_C(1) << cap;
		uint64_t *mine = kind == CAP_OPT_ADD ? &o->added : &o->dropped;
		uint64_t other = kind == CAP_OPT_ADD ? o->dropped : o->added;
		if (other & bit) {
			snprintf(why, size, "%s %s: %s is also %s", option_text(kind), arg, cap_names[cap],
				 kind == CAP_OPT_ADD ? "dropped with --drop-cap" : "added with --cap");
			return false;
		}
		*mine |= bit;
	}
	o->given = true;
	o->set = (o->base & ~o->dropped) | o->added;
	return true;
}

void cap_select(struct resolve_options *sel, uint64_t set, const char **names)
{
	size_t n = 0;
	for (int i = 0; i < CAP_COUNT; i++)
		if (set & (UINT64_C(1) << i))
			names[n++] = cap_names[i];
	sel->caps = names;
	sel->ncaps = n;
	sel->caps_given = true;
}
