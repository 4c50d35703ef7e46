#!/usr/bin/env python3
"""gen-profiles.py - writes the two agent profiles from Moby's default profile.

    python3 tools/gen-profiles.py            # writes profiles/default.json, profiles/restrictive.json
    python3 tools/gen-profiles.py --check    # exit 1 if the committed files differ

profiles/default.json is Moby's profiles/seccomp/default.json (the copy in
tests/corpus/moby-default.json, Apache-2.0, see profiles/ORIGIN.md) with the
changes below; profiles/restrictive.json is default.json with more taken away.
Every change is a function here that says why, docs/profiles.md has the same
table, and every rule seccompc wrote or changed carries a `comment` starting
with "seccompc:".  The functions check that Moby's rules look as expected, so
a new Moby file that moved things fails here instead of going unnoticed.

Two properties hold for every argument rule written here, and the tests
(tests/test_blocklist.c) prove them:
- a value with bits above the kernel's argument width is refused by a loader
  that compares all 64 bits (libseccomp, runc) exactly when the kernel would
  read a refused value: allowed values are listed (EQ, a range below a bound,
  MASKED_EQ over the bits the kernel reads), never "anything but X";
- errnos are numbers (`errnoRet`), with the mips ones apart, so that runc and
  crun, which ignore podman's `errno` names, answer what seccompc answers.

Python 3 standard library only; the output is deterministic.
"""

import argparse
import copy
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MOBY = os.path.join(ROOT, "tests", "corpus", "moby-default.json")

# Issue 11's block list: EPERM on every arch where the syscall exists,
# whatever the capabilities.  The unimplemented ones answer ENOSYS from the
# kernel; refusing them costs nothing and keeps a future kernel from giving
# them meaning.
BLOCK_LIST = [
    "ptrace", "process_vm_readv", "process_vm_writev",
    "mount", "umount", "umount2", "pivot_root", "chroot",
    "init_module", "finit_module", "delete_module", "create_module", "query_module",
    "reboot", "kexec_load", "kexec_file_load",
    "syslog", "_sysctl", "bpf", "perf_event_open",
    "keyctl", "add_key", "request_key",
    "iopl", "ioperm", "acct",
    "settimeofday", "stime", "clock_settime", "clock_settime64",
    "swapon", "swapoff", "quotactl", "quotactl_fd", "lookup_dcookie",
    "userfaultfd", "kcmp", "vm86", "vm86old", "nfsservctl",
    "afs_syscall", "break", "ftime", "getpmsg", "gtty", "lock", "mpx", "prof",
    "profil", "putpmsg", "security", "stty", "tuxcall", "ulimit", "vserver",
]

# The new mount API: together these do what mount(2) does.
MOUNT_API = ["fsconfig", "fsmount", "fsopen", "fspick", "mount_setattr", "move_mount",
             "open_tree", "open_tree_attr"]

# Go arch names (includes.arches) of the mips ABIs, whose errno and ioctl
# numbers differ from every other arch seccompc knows.
MIPS = ["mips", "mipsle", "mips64", "mips64le", "mips64n32", "mips64len32"]
ENOSYS, ENOSYS_MIPS, EIO, EPERM = 38, 89, 5, 1

# Namespace flags clone(2) takes (CLONE_NEWTIME only exists for clone3/unshare).
CLONE_NS_FLAGS = 0x7E020000

# Address families the kernel knows above AF_VSOCK (40) in Linux 6.18:
# AF_KCM 41, AF_QIPCRTR 42, AF_SMC 43, AF_XDP 44, AF_MCTP 45 (AF_MAX is 46).
FAMILIES_ABOVE_VSOCK = [41, 42, 43, 44, 45]


def rule(names, action, args=None, comment=None, includes=None, excludes=None,
         errno_ret=None):
    """A rule with Moby's key order."""
    r = {"names": list(names), "action": action}
    if errno_ret is not None:
        r["errnoRet"] = errno_ret
    if args:
        r["args"] = args
    if comment:
        r["comment"] = comment
    if includes:
        r["includes"] = includes
    if excludes:
        r["excludes"] = excludes
    return r


def arg(index, op, value, value_two=None):
    a = {"index": index, "value": value}
    if value_two is not None:
        a["valueTwo"] = value_two
    a["op"] = op
    return a


def errno_rules(names, errno, errno_mips, comment, excludes_caps=None):
    """ERRNO rules answering `errno`, and `errno_mips` on mips, whose errno
    numbers differ (ENOSYS is 89 there): runc and crun read only errnoRet."""
    caps = {"caps": excludes_caps} if excludes_caps else {}
    return [
        rule(names, "SCMP_ACT_ERRNO", errno_ret=errno, comment=comment,
             excludes=dict(caps, arches=MIPS)),
        rule(names, "SCMP_ACT_ERRNO", errno_ret=errno_mips,
             comment="seccompc: the same on mips, where the errno has another number",
             includes={"arches": MIPS}, excludes=caps or None),
    ]


def refusal(names, comment):
    """A rule stating that `names` get the default action (EPERM).  Loaders
    drop it, as its action equals the default; it keeps the refusal and its
    reason in the profile, and counts for runc's ENOSYS stub (and
    --enosys-newer), which then never turns these EPERMs into ENOSYS.  Lint's
    SC024 (a rule with the default action) is silenced for it."""
    return rule(names, "SCMP_ACT_ERRNO", errno_ret=EPERM,
                comment=comment + " (seccompc-lint: ignore SC024 - stated on purpose)")


def find(rules, pred, what):
    hits = [i for i, r in enumerate(rules) if pred(r)]
    if len(hits) != 1:
        sys.exit("gen-profiles: expected one rule for %s in Moby's profile, found %d"
                 % (what, len(hits)))
    return hits[0]


def names_are(names):
    return lambda r: sorted(r["names"]) == sorted(names)


def drop_names(r, names, what):
    missing = [n for n in names if n not in r["names"]]
    if missing:
        sys.exit("gen-profiles: %s: %s not in the rule" % (what, ", ".join(missing)))
    r["names"] = [n for n in r["names"] if n not in names]


# ---- default.json ----------------------------------------------------------

def ioctl_rules(extra=()):
    """ioctl: every request allowed except terminal input injection (and
    `extra`), which gets EIO.  The request is an unsigned int to the kernel,
    so each check masks it to 32 bits: a 64-bit-comparing loader would be
    bypassed by high bits otherwise."""
    generic = [(0x5412, "TIOCSTI"), (0x541C, "TIOCLINUX")] + [(g, n) for g, _, n in extra]
    mips = [(0x5472, "TIOCSTI"), (0x5483, "TIOCLINUX")] + [(m, n) for _, m, n in extra]
    out = [rule(["ioctl"], "SCMP_ACT_ALLOW", args=[arg(1, "SCMP_CMP_GE", 0)],
                comment="seccompc: any ioctl request; the ERRNO rules below win for "
                        "the requests they name")]
    for value, name in generic:
        out.append(rule(
            ["ioctl"], "SCMP_ACT_ERRNO", errno_ret=EIO,
            args=[arg(1, "SCMP_CMP_MASKED_EQ", 0xFFFFFFFF, value)],
            comment="seccompc: %s fails with EIO (%s); the request is an unsigned int, so "
                    "only its low 32 bits are compared" % (name, IOCTL_WHY[name]),
            excludes={"arches": MIPS}))
    for value, name in mips:
        out.append(rule(
            ["ioctl"], "SCMP_ACT_ERRNO", errno_ret=EIO,
            args=[arg(1, "SCMP_CMP_MASKED_EQ", 0xFFFFFFFF, value)],
            comment="seccompc: %s has another number on mips" % name,
            includes={"arches": MIPS}))
    return out


IOCTL_WHY = {
    "TIOCSTI": "it pushes characters into the terminal's input: a sandboxed program "
               "types commands into the shell that started it; EIO is what Linux 6.2+ "
               "answers with TIOCSTI disabled, and EPERM would equal the default action",
    "TIOCLINUX": "virtual console control, selection pasting included",
    "TIOCSETD": "changing a terminal's line discipline loads rarely used kernel code "
                "(n_gsm, n_hdlc: a history of use-after-free bugs)",
}


# Moby's socket rules: every family but AF_ALG (38) and AF_VSOCK (40).
MOBY_SOCKET_RULES = [("SCMP_CMP_LT", 38), ("SCMP_CMP_EQ", 39), ("SCMP_CMP_GT", 40)]


def socket_rules_default():
    """Moby's families, the ones above AF_VSOCK listed instead of "> 40"."""
    return [
        rule(["socket"], "SCMP_ACT_ALLOW", args=[arg(0, "SCMP_CMP_LT", 38)]),
        rule(["socket"], "SCMP_ACT_ALLOW", args=[arg(0, "SCMP_CMP_EQ", 39)]),
    ] + [
        rule(["socket"], "SCMP_ACT_ALLOW", args=[arg(0, "SCMP_CMP_EQ", f)],
             comment=None if f != FAMILIES_ABOVE_VSOCK[0] else
             "seccompc: the families above AF_VSOCK one by one (Moby: > 40), so that "
             "AF_VSOCK with high bits set, which the kernel reads as AF_VSOCK, is refused "
             "by a loader that compares all 64 bits too")
        for f in FAMILIES_ABOVE_VSOCK
    ]


SOCKETCALL_WHY = ("seccompc: socketcall creates sockets without the family checks of "
                  "the socket rules (libseccomp even adds socketcall(SYS_SOCKET) for them, "
                  "without the checks): ENOSYS, as on a kernel without the multiplexer, so "
                  "that a C library that falls back uses the checked direct calls")

CLONE3_WHY = ("seccompc: clone3's flags are in memory, out of the filter's reach: ENOSYS "
              "makes the C library fall back to clone, whose flags are checked")


def make_default(moby):
    prof = copy.deepcopy(moby)
    for entry in prof["archMap"]:
        if entry["architecture"] == "SCMP_ARCH_X86_64":
            entry["subArchitectures"] = ["SCMP_ARCH_X86"]
    rules = prof["syscalls"]
    out = [refusal(BLOCK_LIST,
                   "seccompc: the block list: refused with EPERM on every arch, whatever "
                   "the capabilities (no other rule names these); unshare and setns need "
                   "CAP_SYS_ADMIN, clone3 answers ENOSYS without it (rules below)"),
           refusal(["vmsplice"] + MOUNT_API,
                   "seccompc: also refused: vmsplice (a long record of kernel bugs, callers "
                   "fall back to write), and the new mount API, which would do what the "
                   "block list refuses to mount(2), even with CAP_SYS_ADMIN")]

    allow = rules[find(rules, lambda r: len(r["names"]) > 300, "the allow list")]
    drop_names(allow, ["ioctl", "socketcall", "vmsplice"], "the allow list")
    blocked = [n for n in allow["names"] if n in BLOCK_LIST]
    if blocked:
        sys.exit("gen-profiles: Moby allows block-listed %s outright" % blocked)
    out.append(allow)
    out += ioctl_rules()

    for i, r in enumerate(rules):
        if r is allow:
            continue
        names = r["names"]
        if names_are(["process_vm_readv", "process_vm_writev", "ptrace"])(r) and \
                r.get("includes", {}).get("minKernel"):
            continue                      # block list
        if names == ["socket"]:
            cond = (r["args"][0]["op"], r["args"][0]["value"])
            if cond not in MOBY_SOCKET_RULES:
                sys.exit("gen-profiles: Moby's socket rules changed: %s %s" % cond)
            if cond == MOBY_SOCKET_RULES[0]:      # all of them, once
                out += socket_rules_default()
                out += errno_rules(["socketcall"], ENOSYS, ENOSYS_MIPS, SOCKETCALL_WHY)
            continue
        if names == ["modify_ldt"]:
            r["comment"] = ("seccompc: kept for Wine and DOS emulators; the risk: local "
                            "descriptor tables are rarely used kernel code with a history "
                            "of bugs (CVE-2015-5157, CVE-2017-17053)")
            out.append(rule(names, r["action"], comment=r["comment"], includes=r["includes"]))
            continue
        caps = r.get("includes", {}).get("caps")
        if caps == ["CAP_SYS_ADMIN"] and "unshare" in names:
            drop_names(r, [n for n in names if n in BLOCK_LIST or n in MOUNT_API],
                       "the CAP_SYS_ADMIN rule")
            r["comment"] = ("seccompc: Moby's CAP_SYS_ADMIN rule without the block list "
                            "and the new mount API")
            out.append(r)
            continue
        if names == ["clone3"]:
            out += errno_rules(["clone3"], ENOSYS, ENOSYS_MIPS, CLONE3_WHY,
                               excludes_caps=["CAP_SYS_ADMIN"])
            continue
        if caps and all(n in BLOCK_LIST for n in names):
            continue                      # block list: reboot, chroot, modules, acct, ...
        if caps == ["CAP_SYS_PTRACE"]:
            drop_names(r, ["kcmp", "process_vm_readv", "process_vm_writev", "ptrace"],
                       "the CAP_SYS_PTRACE rule")
            r["comment"] = "seccompc: Moby's CAP_SYS_PTRACE rule without the block list"
            out.append(r)
            continue
        leftover = [n for n in names if n in BLOCK_LIST]
        if leftover:
            sys.exit("gen-profiles: rule %d allows block-listed %s" % (i, leftover))
        out.append(r)
    prof["syscalls"] = out
    return prof


# ---- restrictive.json ------------------------------------------------------

# Taken out of default.json's allow list, each with its reason.
RESTRICTIVE_REMOVED = {
    "modify_ldt": "x86 local descriptor tables (only Wine and DOS emulators need them)",
    "epoll_ctl_old": "never implemented (x86_64)",
    "epoll_wait_old": "never implemented (x86_64)",
    "remap_file_pages": "deprecated since Linux 3.16, emulated",
    "breakpoint": "arm: a debugger's breakpoint, and ptrace is refused",
    "s390_pci_mmio_read": "s390: PCI memory-mapped I/O from user space",
    "s390_pci_mmio_write": "s390: PCI memory-mapped I/O from user space",
    "s390_runtime_instr": "s390: runtime instrumentation",
    "fanotify_mark": "useless without fanotify_init (CAP_SYS_ADMIN)",
}

# Allowed by default.json with a capability; refused by restrictive.json
# whatever the capabilities.
RESTRICTIVE_NO_CAPS = ["open_by_handle_at", "pidfd_getfd", "process_madvise", "vhangup",
                       "sethostname", "setdomainname", "fanotify_init", "lsm_get_self_attr",
                       "lsm_set_self_attr", "lsm_list_modules", "get_mempolicy", "mbind",
                       "set_mempolicy", "set_mempolicy_home_node"]


def make_restrictive(default):
    prof = copy.deepcopy(default)
    rules = prof["syscalls"]
    out = rules[:2] + [
        refusal(["get_mempolicy", "set_mempolicy", "set_mempolicy_home_node", "mbind",
                 "migrate_pages", "move_pages"],
                "seccompc: NUMA memory policy and page migration, whatever the "
                "capabilities: nothing an agent runs needs them"),
        refusal(["io_uring_setup", "io_uring_enter", "io_uring_register"],
                "seccompc: io_uring: a second way to make most syscalls, past the filter's "
                "checks, and a long record of kernel bugs; libuv (node) and others fall "
                "back to threads"),
        refusal(sorted(RESTRICTIVE_REMOVED),
                "seccompc: obscure and arch-specific calls an agent does not need: "
                + "; ".join("%s: %s" % kv for kv in sorted(RESTRICTIVE_REMOVED.items()))),
        refusal([n for n in RESTRICTIVE_NO_CAPS if "mempolicy" not in n and n != "mbind"],
                "seccompc: refused whatever the capabilities: opening files by handle past "
                "every path check (the Shocker escape), taking another process's file "
                "descriptors or advising its memory, hanging up the terminal, renaming the "
                "host, watching the whole filesystem, changing the LSM context"),
    ]
    for r in rules[2:]:
        names = r["names"]
        caps = r.get("includes", {}).get("caps") or []
        if len(names) > 300:                       # the allow list
            drop_names(r, [n for n in RESTRICTIVE_REMOVED if n in names] + ["mknod", "mknodat"],
                       "the allow list")
            out.append(r)
            out += mknod_rules()
        elif names == ["ioctl"]:
            if r["action"] == "SCMP_ACT_ALLOW":    # all of them, once
                out += ioctl_rules(extra=[(0x5423, 0x7401, "TIOCSETD")])
        elif names == ["socket"]:
            if r["args"][0]["op"] == "SCMP_CMP_LT":  # all of them, once
                out += socket_rules_restrictive()
        elif names == ["clone3"]:
            if r["errnoRet"] == ENOSYS:            # both, once
                out += errno_rules(["clone3"], ENOSYS, ENOSYS_MIPS,
                                   CLONE3_WHY + ", whatever the capabilities")
        elif names == ["clone"]:
            out.append(rule(
                names, r["action"], args=r["args"],
                comment="seccompc: clone without a namespace flag, whatever the capabilities"
                        + (" (s390 passes the flags second)" if "includes" in r else ""),
                includes=r.get("includes"),
                excludes={"arches": r["excludes"]["arches"]} if "arches" in r["excludes"]
                else None))
        elif caps == ["CAP_SYS_ADMIN"]:
            out.append(rule(["setns", "unshare"], "SCMP_ACT_ALLOW",
                            comment="seccompc: the block list's CAP_SYS_ADMIN exception; "
                                    "clone's namespace flags stay refused (above)",
                            includes={"caps": ["CAP_SYS_ADMIN"]}))
        elif caps:
            gone = [n for n in names if n not in RESTRICTIVE_NO_CAPS]
            if gone:
                sys.exit("gen-profiles: restrictive would drop %s silently" % gone)
        elif all(n in RESTRICTIVE_REMOVED for n in names):
            pass
        elif "breakpoint" in names:
            out.append(rule([n for n in names if n != "breakpoint"], r["action"],
                            comment="seccompc: Moby's arm rule without breakpoint",
                            includes=r["includes"]))
        else:
            out.append(r)
    prof["syscalls"] = out
    return prof


def mknod_rules():
    """mknod/mknodat: FIFOs, sockets and regular files; device nodes refused
    whatever the capabilities.  Both device types (S_IFCHR 0x2000, S_IFBLK
    0x6000) have bit 0x2000 set and no other file type the kernel makes has
    it, so one masked test decides; it ignores the bits the kernel does not
    read (the mode is 16 bits), so high bits cannot sneak a device past any
    loader."""
    return [rule([name], "SCMP_ACT_ALLOW",
                 args=[arg(index, "SCMP_CMP_MASKED_EQ", 0x2000, 0)],
                 comment="seccompc: %s makes FIFOs, sockets and regular files; character "
                         "and block devices (mode bit 0x2000) are refused whatever the "
                         "capabilities" % name)
            for name, index in (("mknod", 1), ("mknodat", 2))]


def socket_rules_restrictive():
    """AF_UNIX, AF_INET, AF_INET6, and AF_NETLINK for routing (getaddrinfo,
    getifaddrs, ip) and socket diagnostics (ss): everything else refused."""
    return [
        rule(["socket"], "SCMP_ACT_ALLOW", args=[arg(0, "SCMP_CMP_EQ", 1)],
             comment="seccompc: sockets of the families an agent uses: AF_UNIX (1), AF_INET "
                     "(2), AF_INET6 (10); listed values, so high bits are refused by any "
                     "loader"),
        rule(["socket"], "SCMP_ACT_ALLOW", args=[arg(0, "SCMP_CMP_EQ", 2)]),
        rule(["socket"], "SCMP_ACT_ALLOW", args=[arg(0, "SCMP_CMP_EQ", 10)]),
        rule(["socket"], "SCMP_ACT_ALLOW",
             args=[arg(0, "SCMP_CMP_EQ", 16), arg(2, "SCMP_CMP_EQ", 0)],
             comment="seccompc: AF_NETLINK with NETLINK_ROUTE (getaddrinfo, getifaddrs, ip)"),
        rule(["socket"], "SCMP_ACT_ALLOW",
             args=[arg(0, "SCMP_CMP_EQ", 16), arg(2, "SCMP_CMP_EQ", 4)],
             comment="seccompc: AF_NETLINK with NETLINK_SOCK_DIAG (ss)"),
    ]


def render(prof):
    return json.dumps(prof, indent="\t", ensure_ascii=False) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="exit 1 if the committed profiles differ from the generated ones")
    opts = ap.parse_args()
    with open(MOBY, encoding="utf-8") as f:
        moby = json.load(f)
    default = make_default(moby)
    outputs = {"default.json": render(default),
               "restrictive.json": render(make_restrictive(default))}
    stale = []
    for name, text in outputs.items():
        path = os.path.join(ROOT, "profiles", name)
        if opts.check:
            with open(path, encoding="utf-8") as f:
                if f.read() != text:
                    stale.append(name)
        else:
            tmp = path + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(tmp, path)
    if stale:
        print("gen-profiles: stale: %s; run python3 tools/gen-profiles.py" % ", ".join(stale),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
