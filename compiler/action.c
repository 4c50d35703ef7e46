/*
 * action.c - names, values and order of seccomp actions (see action.h).
 */
#include "action.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	enum action_kind kind;
} action_names[] = {
	{ "SCMP_ACT_KILL_PROCESS", ACT_KILL_PROCESS },
	{ "SCMP_ACT_KILL_THREAD", ACT_KILL_THREAD },
	{ "SCMP_ACT_KILL", ACT_KILL_THREAD },
	{ "SCMP_ACT_TRAP", ACT_TRAP },
	{ "SCMP_ACT_ERRNO", ACT_ERRNO },
	{ "SCMP_ACT_NOTIFY", ACT_NOTIFY },
	{ "SCMP_ACT_TRACE", ACT_TRACE },
	{ "SCMP_ACT_LOG", ACT_LOG },
	{ "SCMP_ACT_ALLOW", ACT_ALLOW },
};

static const uint32_t kind_ret[ACT_COUNT] = {
	[ACT_KILL_PROCESS] = RET_KILL_PROCESS,
	[ACT_KILL_THREAD] = RET_KILL_THREAD,
	[ACT_TRAP] = RET_TRAP,
	[ACT_ERRNO] = RET_ERRNO,
	[ACT_NOTIFY] = RET_USER_NOTIF,
	[ACT_TRACE] = RET_TRACE,
	[ACT_LOG] = RET_LOG,
	[ACT_ALLOW] = RET_ALLOW,
};

static const char *const kind_short[ACT_COUNT] = {
	[ACT_KILL_PROCESS] = "KILL_PROCESS",
	[ACT_KILL_THREAD] = "KILL_THREAD",
	[ACT_TRAP] = "TRAP",
	[ACT_ERRNO] = "ERRNO",
	[ACT_NOTIFY] = "NOTIFY",
	[ACT_TRACE] = "TRACE",
	[ACT_LOG] = "LOG",
	[ACT_ALLOW] = "ALLOW",
};

enum action_kind action_kind_of(uint32_t ret)
{
	switch (ret & RET_ACTION_FULL) {
	case RET_KILL_PROCESS: return ACT_KILL_PROCESS;
	case RET_KILL_THREAD: return ACT_KILL_THREAD;
	case RET_TRAP: return ACT_TRAP;
	case RET_ERRNO: return ACT_ERRNO;
	case RET_USER_NOTIF: return ACT_NOTIFY;
	case RET_TRACE: return ACT_TRACE;
	case RET_LOG: return ACT_LOG;
	case RET_ALLOW: return ACT_ALLOW;
	default: return ACT_KILL_PROCESS;
	}
}

uint32_t action_ret(enum action_kind kind, uint16_t data)
{
	uint32_t ret = kind_ret[kind];
	if (kind == ACT_ERRNO || kind == ACT_TRACE || kind == ACT_TRAP)
		ret |= data;
	return ret;
}

int action_rank(uint32_t ret)
{
	return (int)action_kind_of(ret);
}

bool action_from_name(const char *name, enum action_kind *kind)
{
	for (size_t i = 0; i < sizeof action_names / sizeof action_names[0]; i++) {
		if (strcmp(name, action_names[i].name) == 0) {
			*kind = action_names[i].kind;
			return true;
		}
	}
	return false;
}

const char *action_kind_name(enum action_kind kind)
{
	for (size_t i = 0; i < sizeof action_names / sizeof action_names[0]; i++)
		if (action_names[i].kind == kind)
			return action_names[i].name;
	return "SCMP_ACT_KILL_PROCESS";
}

const char *action_describe(uint32_t ret, char *buf, unsigned size)
{
	enum action_kind kind = action_kind_of(ret);
	uint32_t data = ret & RET_DATA;
	if ((ret & RET_ACTION_FULL) != kind_ret[kind])
		snprintf(buf, size, "KILL_PROCESS(unknown action 0x%08x)", ret);
	else if (kind == ACT_ERRNO || kind == ACT_TRACE || (kind == ACT_TRAP && data))
		snprintf(buf, size, "%s(%u)", kind_short[kind], data);
	else
		snprintf(buf, size, "%s", kind_short[kind]);
	return buf;
}
