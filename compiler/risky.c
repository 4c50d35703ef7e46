/*
 * risky.c - the list of risky syscalls (see risky.h).
 */
#include "risky.h"

#include <string.h>

const struct risky_syscall risky_syscalls[] = {
	{ "add_key", "kernel keyrings are not namespaced" },
	{ "bpf", "loads programs into the kernel" },
	{ "delete_module", "unloads kernel modules" },
	{ "finit_module", "loads kernel modules" },
	{ "init_module", "loads kernel modules" },
	{ "iopl", "gives access to I/O ports" },
	{ "ioperm", "gives access to I/O ports" },
	{ "kexec_file_load", "replaces the running kernel" },
	{ "kexec_load", "replaces the running kernel" },
	{ "keyctl", "kernel keyrings are not namespaced" },
	{ "mount", "changes the mount table" },
	{ "open_by_handle_at", "opens files outside the container by handle" },
	{ "perf_event_open", "exposes kernel and other processes' activity" },
	{ "pivot_root", "changes the root of the mount namespace" },
	{ "process_vm_readv", "reads other processes' memory" },
	{ "process_vm_writev", "writes other processes' memory" },
	{ "ptrace", "controls other processes" },
	{ "reboot", "reboots the machine" },
	{ "request_key", "kernel keyrings are not namespaced" },
	{ "setns", "joins other namespaces" },
	{ "swapoff", "changes the machine's swap" },
	{ "swapon", "changes the machine's swap" },
	{ "syslog", "reads the kernel log" },
	{ "umount2", "changes the mount table" },
	{ "unshare", "creates namespaces (a large kernel attack surface)" },
	{ "userfaultfd", "a common exploitation primitive" },
};
const size_t risky_syscall_count = sizeof risky_syscalls / sizeof risky_syscalls[0];

const char *risky_syscall_why(const char *name)
{
	for (size_t i = 0; i < risky_syscall_count; i++)
		if (strcmp(risky_syscalls[i].name, name) == 0)
			return risky_syscalls[i].why;
	return NULL;
}
