#!/usr/bin/env python3
"""series.py - the argument-heavy profiles of issue 13's benchmarks.

    python3 bench/series.py list                 # series, sizes, hot syscall
    python3 bench/series.py SERIES N OUT.json    # one profile, and OUT.meta.json

Four series, each at 10, 30, 100, 300, 1000, 3000 and 10000 rules (or
constants), x86_64:

  conds  rules with 1-3 conditions each (distinct argument indexes 0-3) over
         getsockopt, setsockopt, fcntl and prctl; mostly SCMP_CMP_EQ, some
         SCMP_CMP_MASKED_EQ and SCMP_CMP_GT, small and 16-bit constants.
         Hot syscall: getsockopt (about half of the rules).
  ioctl  an ioctl allowlist: N request numbers shaped like real _IOC values
         (direction, size, type, number; some types old-style without
         direction or size), in runs of consecutive numbers now and then.
  wide   rules with 64-bit constants (1-2 conditions) on 64-bit arguments
         of pread64 (hot), pwrite64, fadvise64 and fallocate; the high words
         come mostly from a small pool, as addresses and offsets share them.
  moby   moby's default profile (tests/corpus/moby-default.json, its archMap:
         x86_64, x86, x32) with W^X (mmap and mprotect refuse PROT_WRITE and
         PROT_EXEC together), socket restricted to five families, and the
         ioctl series' first N requests as its ioctl allowlist. Hot: ioctl.

The first three allow a fixed base of common syscalls (what the measuring
child of syscall_cost needs among them) outright; everything else returns
EPERM. No condition is always true or always false, and no two rules are the
same, so every rule counts.

Deterministic: each series draws from its own random.Random with a fixed
seed, and the profile of N rules is the first N of the series' stream, so a
larger profile contains every smaller one (bisection on N is meaningful).

OUT.meta.json says what the benchmarks need: the hot syscall, one argument
tuple that the profile allows (the last rule of the hot syscall, satisfied)
and one it denies (no rule matches), both harmless to run for real (a bad
file descriptor, a null or unmappable pointer), and how many rules and
conditions the profile has.
"""
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MOBY = ROOT / "tests" / "corpus" / "moby-default.json"
SIZES = [10, 30, 100, 300, 1000, 3000, 10000]
SEEDS = {"conds": 1301, "ioctl": 1302, "wide": 1303}

# Allowed outright in conds, ioctl and wide: a small program's needs,
# syscall_cost's child's among them (write, exit_group, sched_*affinity).
BASE = ["read", "write", "close", "fstat", "newfstatat", "mmap", "munmap", "mprotect", "brk",
        "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "exit", "exit_group",
        "clock_gettime", "clock_nanosleep", "nanosleep", "getpid", "getppid", "gettid",
        "futex", "sched_yield", "sched_getaffinity", "sched_setaffinity", "getcpu",
        "prlimit64", "getrandom", "wait4", "set_robust_list", "rseq"]

U64 = (1 << 64) - 1


def cond(index, op, value, value_two=None):
    """One Docker `args` entry; value_two only for SCMP_CMP_MASKED_EQ."""
    c = {"index": index, "value": value, "op": op}
    if value_two is not None:
        c["valueTwo"] = value_two
    return c


def matches(c, args):
    """Does args (six integers) satisfy condition c? (Both compilers agree
    on the values used here: below 2^31 on 32-bit arguments.)"""
    x = args[c["index"]]
    if c["op"] == "SCMP_CMP_EQ":
        return x == c["value"]
    if c["op"] == "SCMP_CMP_GT":
        return x > c["value"]
    if c["op"] == "SCMP_CMP_MASKED_EQ":
        return x & c["value"] == c["valueTwo"]
    raise ValueError(c["op"])


def rule_matches(conds, args):
    return all(matches(c, args) for c in conds)


def key(name, conds):
    return (name, tuple(sorted((c["index"], c["op"], c["value"], c.get("valueTwo"))
                               for c in conds)))


# ---- conds: rules with 1-3 conditions ----------------------------------

CONDS_CALLS = [("getsockopt", 0.5), ("setsockopt", 0.2), ("fcntl", 0.15), ("prctl", 0.15)]
MASKS = [0x1, 0x2, 0x3, 0x4, 0x7, 0x8, 0xf, 0xf0, 0xff, 0x800, 0xff00, 0x1000]


def small_or_16(rng):
    return rng.randrange(0, 65) if rng.random() < 0.65 else rng.randrange(0, 0x10000)


def conds_stream():
    """(name, conds) forever: conds are 1-3 conditions on distinct args 0-3,
    the first an equality; a GT or a MASKED_EQ only beside one, so that no
    rule lets through a half or a quarter of all values, as a lone `> 3` or
    `& 1 == 0` would (a few of those and every value passes: the series
    would measure a syscall allowed outright)."""
    rng = random.Random(SEEDS["conds"])
    names, weights = zip(*CONDS_CALLS)
    while True:
        name = rng.choices(names, weights)[0]
        n = rng.choices([1, 2, 3], [0.4, 0.35, 0.25])[0]
        indexes = rng.sample(range(4), n)
        conds = [cond(indexes[0], "SCMP_CMP_EQ", small_or_16(rng))]
        for index in indexes[1:]:
            r = rng.random()
            if r < 0.5:
                conds.append(cond(index, "SCMP_CMP_EQ", small_or_16(rng)))
            elif r < 0.75:
                mask = rng.choice(MASKS)
                conds.append(cond(index, "SCMP_CMP_MASKED_EQ", mask, rng.randrange(0, 0x10000) & mask))
            else:
                conds.append(cond(index, "SCMP_CMP_GT", small_or_16(rng)))
        yield name, sorted(conds, key=lambda c: c["index"])


# ---- ioctl: allowlists of _IOC-shaped requests --------------------------

# (type, old-style): old-style types have no direction or size (TCGETS is 0x5401).
IOC_TYPES = [(0x54, True), (0x89, True), (0x12, True), (0x4B, True), (0x53, True),
             (0x66, False), (0x56, False), (0xAE, False), (0x64, False), (0x62, False),
             (0x94, False), (0x58, False), (0x76, False), (0x6D, False), (0x41, False),
             (0x48, False), (0x50, False), (0x46, False), (0x72, False), (0x74, False),
             (0x15, False), (0x03, False), (0xB7, False), (0xCD, False), (0x7C, False),
             (0x4C, False), (0x6F, False), (0x22, False), (0x80, False), (0xA4, False)]
IOC_SIZES = [1, 2, 4, 8, 12, 16, 20, 24, 32, 40, 48, 64, 72, 128, 256, 0x200, 0x408]


def ioc(direction, size, typ, nr):
    return direction << 30 | size << 16 | typ << 8 | nr


def ioctl_stream():
    """Request numbers forever, never one twice: runs of one type, now and
    then consecutive numbers with one direction and size (a range)."""
    rng = random.Random(SEEDS["ioctl"])
    seen = set()
    while True:
        typ, old = rng.choice(IOC_TYPES)
        run = rng.choices([1, rng.randrange(2, 5), rng.randrange(5, 17)], [0.5, 0.3, 0.2])[0]
        nr = rng.randrange(0, 256)
        same = rng.random() < 0.5
        direction, size = rng.randrange(0, 4), rng.choice(IOC_SIZES)
        for nr in range(nr, min(nr + run, 256)):
            if old:
                req = ioc(0, 0, typ, nr)
            else:
                if not same:
                    direction, size = rng.randrange(0, 4), rng.choice(IOC_SIZES)
                req = ioc(direction, size if direction else 0, typ, nr)
            if req not in seen:
                seen.add(req)
                yield req


def ioctl_rule(req):
    return {"names": ["ioctl"], "action": "SCMP_ACT_ALLOW",
            "args": [cond(1, "SCMP_CMP_EQ", req)]}


# ---- wide: 64-bit constants --------------------------------------------

WIDE_CALLS = [("pread64", [2, 3], 0.5), ("pwrite64", [2, 3], 0.2), ("fadvise64", [1, 2], 0.15),
              ("fallocate", [2, 3], 0.15)]


def wide_stream():
    rng = random.Random(SEEDS["wide"])
    highs = [rng.randrange(1, 1 << 32) for _ in range(8)]
    names = [c[0] for c in WIDE_CALLS]
    weights = [c[2] for c in WIDE_CALLS]
    args_of = {c[0]: c[1] for c in WIDE_CALLS}

    def value():
        high = rng.choice(highs) if rng.random() < 0.7 else rng.randrange(1, 1 << 32)
        return high << 32 | rng.randrange(0, 1 << 32)

    while True:
        name = rng.choices(names, weights)[0]
        n = rng.choices([1, 2], [0.6, 0.4])[0]
        indexes = rng.sample(args_of[name], n)
        conds = [cond(indexes[0], "SCMP_CMP_EQ", value())]
        for index in indexes[1:]:      # as in conds: GT and MASKED_EQ beside an equality
            r = rng.random()
            if r < 0.5:
                conds.append(cond(index, "SCMP_CMP_EQ", value()))
            elif r < 0.75:
                conds.append(cond(index, "SCMP_CMP_GT", value()))
            else:
                mask = value() | 1 << 63
                conds.append(cond(index, "SCMP_CMP_MASKED_EQ", mask, value() & mask))
        yield name, sorted(conds, key=lambda c: c["index"])


# ---- profiles ----------------------------------------------------------

def unique_rules(stream, n):
    """The first n distinct (name, conds) of stream."""
    seen, out = set(), []
    for name, conds in stream:
        k = key(name, conds)
        if k not in seen:
            seen.add(k)
            out.append((name, conds))
            if len(out) == n:
                return out
    raise AssertionError("unreachable: streams are endless")


def first(stream, n):
    return [next(stream) for _ in range(n)]


def base_profile():
    return {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
            "architectures": ["SCMP_ARCH_X86_64"],
            "syscalls": [{"names": BASE, "action": "SCMP_ACT_ALLOW"}]}


def allowed_args(conds, unconstrained):
    """The six arguments that satisfy conds; the others from unconstrained."""
    args = list(unconstrained)
    for c in conds:
        if c["op"] == "SCMP_CMP_EQ":
            args[c["index"]] = c["value"]
        elif c["op"] == "SCMP_CMP_GT":
            args[c["index"]] = c["value"] + 1
        else:
            args[c["index"]] = c["valueTwo"]
    return args


def denied_args(rules, candidates, unconstrained, rng):
    """Six arguments no rule of rules (lists of conds) matches: the first of
    deterministic draws from candidates per constrained argument."""
    indexes = sorted({c["index"] for conds in rules for c in conds})
    for _ in range(100000):
        args = list(unconstrained)
        for i in indexes:
            args[i] = rng.choice(candidates)
        if not any(rule_matches(conds, args) for conds in rules):
            return args
    raise SystemExit("series.py: found no denied argument tuple")


def make_conds(n):
    rules = unique_rules(conds_stream(), n)
    p = base_profile()
    p["syscalls"] += [{"names": [name], "action": "SCMP_ACT_ALLOW", "args": conds}
                      for name, conds in rules]
    hot = [conds for name, conds in rules if name == "getsockopt"]
    # getsockopt(fd, level, optname, optval, optlen = NULL): a bad or
    # non-socket fd, or EFAULT; constants stay below 2^16 < mmap_min_addr.
    unconstrained = [0x7ff0, 0, 0, 0, 0, 0]
    consts = sorted({c["value"] for conds in hot for c in conds} |
                    {c.get("valueTwo", 0) for conds in hot for c in conds})
    candidates = sorted({v + d for v in consts for d in (-1, 1) if 0 <= v + d < 0x10000} |
                        {0x7ff0, 0x7fffffff})
    rng = random.Random(SEEDS["conds"] + n)
    return p, {"hot": "getsockopt", "allowed": allowed_args(hot[-1], unconstrained),
               "denied": denied_args(hot, candidates, unconstrained, rng),
               "rules": len(rules), "hot_rules": len(hot),
               "conditions": sum(len(c) for _, c in rules)}


def ioctl_meta(reqs, n):
    # ioctl(fd = -1, request, 0): EBADF whatever the request.
    fd = (1 << 64) - 1
    taken = set(reqs)
    rng = random.Random(SEEDS["ioctl"] + n)
    while True:
        typ, old = rng.choice(IOC_TYPES)
        d = 0 if old else rng.randrange(0, 4)
        denied = ioc(d, rng.choice(IOC_SIZES) if d else 0, typ, rng.randrange(0, 256))
        if denied not in taken:
            break
    return {"hot": "ioctl", "allowed": [fd, reqs[-1], 0, 0, 0, 0],
            "denied": [fd, denied, 0, 0, 0, 0], "rules": len(reqs), "hot_rules": len(reqs),
            "conditions": len(reqs)}


def make_ioctl(n):
    reqs = first(ioctl_stream(), n)
    p = base_profile()
    p["syscalls"] += [ioctl_rule(r) for r in reqs]
    return p, ioctl_meta(reqs, n)


def make_wide(n):
    rules = unique_rules(wide_stream(), n)
    p = base_profile()
    p["syscalls"] += [{"names": [name], "action": "SCMP_ACT_ALLOW", "args": conds}
                      for name, conds in rules]
    hot = [conds for name, conds in rules if name == "pread64"]
    # pread64(fd = -1, buf = NULL, count, pos): EBADF (or EINVAL for pos < 0).
    unconstrained = [U64, 0, 0, 0, 0, 0]
    consts = {c["value"] for conds in hot for c in conds if c["op"] != "SCMP_CMP_MASKED_EQ"}
    candidates = sorted({v ^ 1 for v in consts} | {0, 1 << 32, U64 >> 1})
    rng = random.Random(SEEDS["wide"] + n)
    return p, {"hot": "pread64", "allowed": allowed_args(hot[-1], unconstrained),
               "denied": denied_args(hot, candidates, unconstrained, rng),
               "rules": len(rules), "hot_rules": len(hot),
               "conditions": sum(len(c) for _, c in rules)}


SOCKET_FAMILIES = [1, 2, 10, 16, 17]   # AF_UNIX, AF_INET, AF_INET6, AF_NETLINK, AF_PACKET
PROT_WRITE_EXEC = 0x6


def make_moby(n):
    p = json.loads(MOBY.read_text())
    cut = {"mmap", "mprotect", "ioctl", "socket"}
    entries = []
    for e in p["syscalls"]:
        names = [x for x in e["names"] if x not in cut]
        if names:
            entries.append(dict(e, names=names))
    # W^X: prot & (PROT_WRITE | PROT_EXEC) is 0, PROT_WRITE or PROT_EXEC, not both.
    for datum in (0, 2, 4):
        entries.append({"names": ["mmap", "mprotect"], "action": "SCMP_ACT_ALLOW",
                        "args": [cond(2, "SCMP_CMP_MASKED_EQ", PROT_WRITE_EXEC, datum)]})
    for family in SOCKET_FAMILIES:
        entries.append({"names": ["socket"], "action": "SCMP_ACT_ALLOW",
                        "args": [cond(0, "SCMP_CMP_EQ", family)]})
    reqs = first(ioctl_stream(), n)
    entries += [ioctl_rule(r) for r in reqs]
    p["syscalls"] = entries
    meta = ioctl_meta(reqs, n)
    meta["rules"] = len(reqs) + 3 + len(SOCKET_FAMILIES)
    return p, meta


SERIES = {
    "conds": (make_conds, "rules with 1-3 conditions over getsockopt, setsockopt, fcntl, prctl"),
    "ioctl": (make_ioctl, "ioctl allowlist of N _IOC-shaped requests"),
    "wide": (make_wide, "rules with 64-bit constants over pread64, pwrite64, fadvise64, fallocate"),
    "moby": (make_moby, "moby's default + W^X + socket families + ioctl allowlist of N requests"),
}


def main(argv):
    if argv == ["list"]:
        for name, (_, desc) in SERIES.items():
            print(name, " ".join(map(str, SIZES)), "|", desc)
        return 0
    if len(argv) != 3 or argv[0] not in SERIES or not argv[1].isdigit() or int(argv[1]) < 1:
        print("usage: series.py list | series.py conds|ioctl|wide|moby N OUT.json", file=sys.stderr)
        return 2
    n = int(argv[1])
    profile, meta = SERIES[argv[0]][0](n)
    out = Path(argv[2])
    meta = dict({"series": argv[0], "n": n, "arch": "x86_64"}, **meta)
    out.write_text(json.dumps(profile, indent=1) + "\n")
    out.with_suffix(".meta.json").write_text(json.dumps(meta, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
