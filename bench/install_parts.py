#!/usr/bin/env python3
"""install_parts.py - what in a filter the kernel's install time pays for.

    python3 bench/install_parts.py BUILD [--rounds R] LABEL=FILTER.bpf...

Installing a classic filter, the kernel translates it to eBPF and JIT-compiles
it. That translation makes two eBPF instructions of
  - a conditional jump with neither target next (a jump, then a `ja`),
  - a return (a move, then an exit),
  - a comparison with a constant of 2^31 or more (the constant is moved to a
    register first: eBPF immediates are signed).
This script prints those counts for each filter, and times in the kernel
(BUILD/bench/syscall_cost, all in one run) the install of:
  - each filter as it is;
  - LABEL-small: the same filter with every argument comparison's constant
    cleared of its top bit;
  - LABEL-small-oneway: that, with every two-way jump of the argument part
    made one-way (its false branch falls through).
The variants decide differently; only their install time is of interest. They
keep every jump inside the program, and the tests of arch and nr (the
kernel's action cache emulates those for every syscall number) unchanged.
Three synthetic filters of 600 leaves (`ld`, `jeq`) after an argument load
show the cost of one construct each: two-way leaves (two-way), leaves whose
false branch falls into a copied return (copy), one-way leaves (one-way).

Prints a table: label, classic and eBPF instructions, two-way jumps, big
constants, returns, install median and fastest round.
"""
import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile

BPF_JMP = 0x05                  # the jump class
BPF_JA = BPF_JMP | 0x00         # ja k
BPF_RET = 0x06                  # ret #k
BPF_LD_ABS = 0x20               # ld [k]


def read_filter(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        sys.exit(f"install_parts: {path}: {e.strerror}")
    if len(data) % 8:
        sys.exit(f"install_parts: {path}: not a raw filter (size {len(data)})")
    return [list(struct.unpack_from("<HBBI", data, i)) for i in range(0, len(data), 8)]


def write_filter(path, insns):
    with open(path, "wb") as f:
        for code, jt, jf, k in insns:
            f.write(struct.pack("<HBBI", code, jt, jf, k))


def is_cond_jump(code):
    return code & 0x07 == BPF_JMP and code != BPF_JA


def argument_part(insns):
    """Per instruction: True when only paths that loaded an argument reach it
    (the kernel's cache emulation never gets there)."""
    arg = [None] * len(insns)
    arg[0] = False
    for i, (code, jt, jf, k) in enumerate(insns):
        if arg[i] is None:
            continue
        here = arg[i] or (code == BPF_LD_ABS and k >= 16)
        if code == BPF_RET:
            continue
        if code == BPF_JA:
            succ = [i + 1 + k]
        elif is_cond_jump(code):
            succ = [i + 1 + jt, i + 1 + jf]
        else:
            succ = [i + 1]
        for s in succ:
            arg[s] = here if arg[s] is None else (arg[s] and here)
    return [bool(a) for a in arg]


def ebpf_counts(insns):
    """What the kernel's translation makes of the filter (see the top)."""
    two_way = big = rets = 0
    for i, (code, jt, jf, k) in enumerate(insns):
        if code == BPF_RET:
            rets += 1
        elif is_cond_jump(code):
            big += k >= 1 << 31
            op = code & 0xf0
            # jf == 0: one jump; jt == 0: inverted, except for jset
            two_way += not (jf == 0 or (jt == 0 and op != 0x40))
    return {"classic": len(insns), "ebpf": len(insns) + two_way + big + rets,
            "two_way": two_way, "big": big, "rets": rets}


def small_constants(insns):
    arg = argument_part(insns)
    return [[c, jt, jf, k & 0x7fffffff if arg[i] and is_cond_jump(c) else k]
            for i, (c, jt, jf, k) in enumerate(insns)]


def one_way(insns):
    arg = argument_part(insns)
    return [[c, jt, 0 if arg[i] and is_cond_jump(c) and jt and jf else jf, k]
            for i, (c, jt, jf, k) in enumerate(insns)]


def synthetic(shape, leaves=600, block=60):
    """Blocks of `block` leaves, each block followed by its two shared returns."""
    allow, other = (BPF_RET, 0, 0, 0x7fff0000), (BPF_RET, 0, 0, 0x7fff0001)
    insns = [(BPF_LD_ABS, 0, 0, 16)]
    per = 3 if shape == "copy" else 2
    for _ in range(leaves // block):
        n = block * per
        for j in range(block):
            at = j * per + 1                     # the jeq's index in the block
            to_allow = n - at - 1
            insns.append((BPF_LD_ABS, 0, 0, 24))
            if shape == "two-way":
                insns.append((0x15, to_allow, to_allow + 1, 5))
            elif shape == "copy":
                insns += [(0x15, to_allow, 0, 5), other]
            else:
                insns.append((0x15, to_allow, 0, 5))
        insns += [allow, other]
    return insns


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("build")
    ap.add_argument("--rounds", default="201")
    ap.add_argument("filters", nargs="+", metavar="LABEL=FILTER.bpf")
    a = ap.parse_args()
    tool = os.path.join(a.build, "bench", "syscall_cost")
    if not os.access(tool, os.X_OK):
        sys.exit(f"install_parts: {tool} is missing (configure BUILD with -Dbench=true)")
    if len(a.filters) > 4:
        sys.exit("install_parts: at most 4 filters (syscall_cost times 16 at once)")
    work = tempfile.mkdtemp(prefix="install_parts.")
    try:
        measure(a, tool, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(a, tool, work):
    labels, counts = [], {}

    def add(label, insns):
        path = os.path.join(work, label + ".bpf")
        write_filter(path, insns)
        labels.append(f"{label}={path}")
        counts[label] = ebpf_counts(insns)

    for spec in a.filters:
        label, _, path = spec.partition("=")
        if not label or not path:
            sys.exit(f"install_parts: {spec}: expected LABEL=FILTER.bpf")
        insns = read_filter(path)
        add(label, insns)
        add(label + "-small", small_constants(insns))
        add(label + "-small-oneway", one_way(small_constants(insns)))
    for shape in ("two-way", "copy", "one-way"):
        add("600-" + shape, synthetic(shape))
    run = subprocess.run([tool, "--calls", "1", "--rounds", a.rounds] + labels,
                         capture_output=True, text=True)
    if run.returncode:
        sys.exit(f"install_parts: syscall_cost failed:\n{run.stderr}")
    out = run.stdout
    install = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) == 5 and f[1] == "install":
            install[f[0]] = (float(f[2]) / 1000, float(f[4]) / 1000)
    print("| filter | classic | eBPF | two-way jumps | constants ≥ 2^31 | returns |"
          " install (µs) | fastest |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, c in counts.items():
        med, low = install.get(label, (float("nan"), float("nan")))
        print(f"| {label} | {c['classic']} | {c['ebpf']} | {c['two_way']} | {c['big']} |"
              f" {c['rets']} | {med:.0f} | {low:.0f} |")


if __name__ == "__main__":
    main()
