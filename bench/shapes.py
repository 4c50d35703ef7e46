#!/usr/bin/env python3
"""shapes.py - seccompc against libseccomp on argument-heavy profiles of
shapes the issue-13 series (series.py) do not cover.

    python3 bench/shapes.py BUILD [N...]       # default N: 10 50 200

Each shape is a profile of N rules (x86_64, default EPERM unless said), drawn
with a fixed seed, so every run compares the same profiles:

  many_syscalls  20 syscalls, 1-2 equalities each on small values
  ranges         kill(pid == P, sig <|>=|<=|> S): a range per rule
  masked         flag tests (SCMP_CMP_MASKED_EQ) on mprotect, openat, madvise
  ne             setsockopt(level == L, optname != O)
  six_args       sendto, 2-5 equalities over all six arguments
  socket         socket(family, type & 0xf, protocol) triples
  actions        fcntl, flock, personality: one equality each, four actions
  denylist       default ALLOW, ERRNO for single flag bits of clone, unshare,
                 setns, ioctl
  big32          ioctl(cmd == C), C uniform over 32 bits: nothing to share
  fds            write(fd == F, count <= 4096 or 65536), write allowed anyway

Both compilers get the same file: seccompc (BUILD/compiler/seccompc) and
libseccomp 2.5.4's binary tree (BUILD/bench/libseccomp_baseline --tree, as
runc builds it). Prints a markdown table: size of each filter and their
ratio, and the most instructions the hot syscall (the one most rules name)
runs over every argument value (BUILD/bench/worst_path, exact). Needs BUILD
configured with -Dbench=true and libseccomp-dev.
"""
import json
import os
import random
import subprocess
import sys
import tempfile

BASE = ["read", "write", "close", "exit_group", "brk", "rt_sigreturn", "futex", "mmap", "munmap"]
NAMES = ["fcntl", "prctl", "setsockopt", "getsockopt", "socket", "ioctl", "clone", "personality",
         "madvise", "mprotect", "openat", "kill", "tgkill", "setrlimit", "prlimit64", "arch_prctl",
         "ptrace", "mremap", "msync", "flock"]
RANGE_OPS = ["SCMP_CMP_LT", "SCMP_CMP_GE", "SCMP_CMP_LE", "SCMP_CMP_GT"]
MASKS = [0x7, 0x3, 0xf00, 0x40, 0x80000, 0x1ff, 0xfff]
ACTIONS = ["SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_LOG", "SCMP_ACT_KILL_PROCESS"]


def cond(index, op, value, value_two=None):
    c = {"index": index, "op": op, "value": value}
    if value_two is not None:
        c["valueTwo"] = value_two
    return c


def draw(rng):
    """Per shape, a function that draws one rule: (name, conditions, action)."""
    eq = "SCMP_CMP_EQ"
    return {
        "many_syscalls": lambda: (rng.choice(NAMES), [
            cond(i, eq, rng.randrange(40))
            for i in sorted(rng.sample(range(3), rng.choice([1, 1, 2])))], "SCMP_ACT_ALLOW"),
        "ranges": lambda: ("kill", [cond(0, eq, rng.randrange(1, 5000)),
                                    cond(1, rng.choice(RANGE_OPS), rng.randrange(64))],
                           "SCMP_ACT_ALLOW"),
        "masked": lambda: (rng.choice(["mprotect", "openat", "madvise"]), [
            (lambda m: cond(rng.choice([1, 2]), "SCMP_CMP_MASKED_EQ", m,
                            rng.randrange(1 << 12) & m))(rng.choice(MASKS))], "SCMP_ACT_ALLOW"),
        "ne": lambda: ("setsockopt", [cond(1, eq, rng.randrange(8)),
                                      cond(2, "SCMP_CMP_NE", rng.randrange(100))],
                       "SCMP_ACT_ALLOW"),
        "six_args": lambda: ("sendto", [
            cond(i, eq, rng.randrange(6))
            for i in sorted(rng.sample(range(6), rng.randrange(2, 6)))], "SCMP_ACT_ALLOW"),
        "socket": lambda: ("socket", [
            cond(0, eq, rng.choice([1, 2, 10, 16, 17, 38, 40])),
            cond(1, "SCMP_CMP_MASKED_EQ", 0xf, rng.choice([1, 2, 3, 5])),
            cond(2, eq, rng.randrange(300))], "SCMP_ACT_ALLOW"),
        "actions": lambda: (rng.choice(["fcntl", "flock", "personality"]),
                            [cond(rng.choice([0, 1]), eq, rng.randrange(2000))],
                            rng.choice(ACTIONS)),
        "denylist": lambda: (rng.choice(["clone", "unshare", "setns", "ioctl"]), [
            cond(rng.choice([0, 1]), "SCMP_CMP_MASKED_EQ", 1 << rng.randrange(31),
                 1 << rng.randrange(31))], "SCMP_ACT_ERRNO"),
        "big32": lambda: ("ioctl", [cond(1, eq, rng.randrange(1 << 32))], "SCMP_ACT_ALLOW"),
    }


def fds_rule(rng, n):
    return ("write", [cond(0, "SCMP_CMP_EQ", rng.randrange(4 * n)),
                      cond(2, "SCMP_CMP_LE", rng.choice([4096, 65536]))], "SCMP_ACT_ALLOW")


def unique(gen, n):
    seen, out = set(), []
    while len(out) < n:
        rule = gen()
        key = json.dumps(rule, sort_keys=True)
        if key not in seen:
            seen.add(key)
            out.append(rule)
    return out


def profile(shape, rules):
    allow_default = shape == "denylist"
    p = {"defaultAction": "SCMP_ACT_ALLOW" if allow_default else "SCMP_ACT_ERRNO",
         "architectures": ["SCMP_ARCH_X86_64"], "syscalls": []}
    if not allow_default:
        p["defaultErrnoRet"] = 1
        p["syscalls"].append({"names": BASE, "action": "SCMP_ACT_ALLOW"})
    for name, conds, action in rules:
        entry = {"names": [name], "action": action, "args": conds}
        if action == "SCMP_ACT_ERRNO":
            entry["errnoRet"] = 13
        p["syscalls"].append(entry)
    return p


def worst_path(build, path, syscall):
    """(most instructions `syscall` runs in the x86_64 filter at `path`,
    whether that count is exact), by BUILD/bench/worst_path; (None, False)
    when it gave no count."""
    r = subprocess.run([os.path.join(build, "bench", "worst_path"), path, "x86_64", syscall],
                       capture_output=True, text=True)
    fields = dict(line.split(None, 1) for line in r.stdout.splitlines() if " " in line)
    value = fields.get("worst_insns", "").strip()
    if r.returncode or not value.isdigit():
        return None, False
    return int(value), fields.get("exact", "").strip() == "yes"


def worst(build, path, syscall):
    value, exact = worst_path(build, path, syscall)
    return "?" if value is None else str(value) if exact else f"≤ {value}"


def compile_both(build, path):
    sizes = []
    for cmd in ([os.path.join(build, "compiler", "seccompc"), "--target", "x86_64", path,
                 "-o", path + ".s.bpf"],
                [os.path.join(build, "bench", "libseccomp_baseline"), "--tree", path,
                 "-o", path + ".l.bpf"]):
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode:
            sys.exit(f"shapes: {' '.join(cmd)} failed:\n{r.stderr}")
    for suffix in (".s.bpf", ".l.bpf"):
        sizes.append(os.path.getsize(path + suffix) // 8)
    return sizes


def main(argv):
    if not argv or argv[0].startswith("-"):
        sys.exit(__doc__.strip().split("\n\n")[1])
    build, sizes = argv[0], [int(x) for x in argv[1:]] or [10, 50, 200]
    if not os.access(os.path.join(build, "bench", "libseccomp_baseline"), os.X_OK):
        sys.exit(f"shapes: {build}/bench/libseccomp_baseline is missing (-Dbench=true, "
                 "libseccomp-dev)")
    print("| shape | rules | size seccompc | libseccomp | ratio | hot syscall |"
          " worst seccompc | libseccomp |")
    print("|---|---:|---:|---:|---:|---|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="shapes.") as work:
        for n in sizes:
            rng = random.Random(77 + n)
            gens = draw(rng)
            gens["fds"] = lambda: fds_rule(rng, n)
            for shape, gen in gens.items():
                rules = unique(gen, n)
                path = os.path.join(work, f"{shape}-{n}.json")
                with open(path, "w") as f:
                    json.dump(profile(shape, rules), f)
                ours, theirs = compile_both(build, path)
                names = [r[0] for r in rules]
                hot = max(sorted(set(names)), key=names.count)
                print(f"| {shape} | {n} | {ours} | {theirs} | {ours / theirs:.2f} | {hot} |"
                      f" {worst(build, path + '.s.bpf', hot)} |"
                      f" {worst(build, path + '.l.bpf', hot)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
