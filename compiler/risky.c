/*
 * risky.c - the list of risky syscalls (see risky.h).
 */
#include "risky.h"

#include <string.h>

const struct risky_syscall risky_syscalls[] = {
	{ "add_key", "reaches the kernel keyrings, which are not namespaced", NULL },
	{ "bpf", "loads programs into the kernel", "CAP_BPF" },
	{ "delete_module", "unloads kernel modules", "CAP_SYS_MODULE" },
	{ "finit_module", "loads kernel modules", "CAP_SYS_MODULE" },
	{ "init_module", "loads kernel modules", "CAP_SYS_MODULE" },
	{ "iopl", "gives access to I/O ports", "CAP_SYS_RAWIO" },
	{ "ioperm", "gives access to I/O ports", "CAP_SYS_RAWIO" },
	{ "kexec_file_load", "replaces the running kernel", "CAP_SYS_BOOT" },
	{ "kexec_load", "replaces the running kernel", "CAP_SYS_BOOT" },
	{ "keyctl", "reaches the kernel keyrings, which are not namespaced", NULL },
	{ "mount", "changes the mount table", "CAP_SYS_ADMIN" },
	{ "open_by_handle_at", "opens files outside the container by handle",
	  "CAP_DAC_READ_SEARCH" },
	{ "perf_event_open", "exposes the kernel's and other processes' activity", "CAP_PERFMON" },
	{ "pivot_root", "changes the root of the mount namespace", "CAP_SYS_ADMIN" },
	{ "process_vm_readv", "reads other processes' memory", "CAP_SYS_PTRACE" },
	{ "process_vm_writev", "writes other processes' memory", "CAP_SYS_PTRACE" },
	{ "ptrace", "controls other processes", "CAP_SYS_PTRACE" },
	{ "reboot", "reboots the machine", "CAP_SYS_BOOT" },
	{ "request_key", "reaches the kernel keyrings, which are not namespaced", NULL },
	{ "setns", "joins other namespaces", "CAP_SYS_ADMIN" },
	{ "swapoff", "changes the machine's swap", "CAP_SYS_ADMIN" },
	{ "swapon", "changes the machine's swap", "CAP_SYS_ADMIN" },
	{ "syslog", "reads the kernel log", "CAP_SYSLOG" },
	{ "umount2", "changes the mount table", "CAP_SYS_ADMIN" },
	{ "unshare", "creates namespaces (a large kernel attack surface)", "CAP_SYS_ADMIN" },
	{ "userfaultfd", "stalls the kernel at will, a common exploitation primitive", NULL },
};
const size_t risky_syscall_count = sizeof risky_syscalls / sizeof risky_syscalls[0];

const char *risky_syscall_why(const char *name)
{
	for (size_t i = 0; i < risky_syscall_count; i++)
		if (strcmp(risky_syscalls[i].name, name) == 0)
			return risky_syscalls[i].why;
	return NULL;
}
