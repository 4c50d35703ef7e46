#!/usr/bin/env python3
"""compare-libseccomp.py - seccompc's syscall tables against libseccomp's.

Compares every (arch, name, number) of libseccomp's src/syscalls.csv with the
generated compiler/arch/syscalls.c, both ways, and lists every disagreement.
Each known one is listed with the kernel file that decides it in
tests/reference/libseccomp-known-differences.txt; exit 1 when a disagreement
is not listed there, or a listed one no longer holds.  tests/test_tables.c
makes the same check on the compiled tables.

    python3 tools/compare-libseccomp.py [--csv FILE]   # default: tests/reference/...

Python 3 standard library only.
"""

import argparse
import csv
import os
import sys

sys.dont_write_bytecode = True      # no tools/__pycache__
import toolsupport                  # noqa: E402  (tools/toolsupport.py)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REFERENCE = os.path.join(ROOT, "tests", "reference")

# CSV column -> gen-tables.py table key and what seccompc adds to its numbers.
# m68k, parisc, parisc64 and sh are arches seccompc does not cover.
COLUMNS = {
    "x86_64": ("x86_64", 0), "x86": ("x86", 0), "x32": ("x32", 0x40000000),
    "aarch64": ("aarch64", 0), "arm": ("arm", 0), "riscv64": ("riscv64", 0),
    "s390x": ("s390x", 0), "s390": ("s390", 0), "ppc64": ("ppc64", 0), "ppc": ("ppc", 0),
    "mips64": ("mips_n64", 5000), "mips64n32": ("mips_n32", 6000), "mips": ("mips_o32", 4000),
    "loongarch64": ("loongarch64", 0),
}


def csv_number(ours, base):
    """seccompc's number as the CSV writes it ("-" when absent)."""
    if ours is None:
        return "-"
    return str(ours & ~0x40000000 if base == 0x40000000 else ours - base)


def disagreements(csv_path):
    """{(csv arch, name): (seccompc's number, the CSV's)}, both as the CSV writes them."""
    _, by_name = toolsupport.load_tool("gen-tables.py").read_generated_tables()
    with open(csv_path, newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    theirs = {}
    for row in rows[1:]:
        for i in range(1, len(header), 2):
            if header[i] in COLUMNS and row[i] != "PNR":
                theirs[(header[i], row[0])] = row[i]
    out = {}
    for col, (key, base) in COLUMNS.items():
        names = set(by_name[key]) | {n for (c, n) in theirs if c == col}
        for name in sorted(names):
            mine = csv_number(by_name[key].get(name), base)
            other = theirs.get((col, name), "-")
            if mine != other:
                out[(col, name)] = (mine, other)
    return out


def known_differences():
    """{(csv arch, name): (seccompc, csv, reason)} from the known list."""
    out = {}
    with open(os.path.join(REFERENCE, "libseccomp-known-differences.txt")) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                col, name, mine, other, reason = line.split(None, 4)
                out[(col, name)] = (mine, other, reason)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--csv", default=os.path.join(REFERENCE, "libseccomp-syscalls.csv"))
    args = ap.parse_args()
    found, known = disagreements(args.csv), known_differences()
    bad = 0
    for (col, name), (mine, other) in sorted(found.items()):
        k = known.get((col, name))
        if k and k[:2] == (mine, other):
            print("known  %-12s %-20s seccompc %-5s libseccomp %-5s %s" % (col, name, mine, other, k[2]))
        else:
            print("NEW    %-12s %-20s seccompc %-5s libseccomp %-5s" % (col, name, mine, other))
            bad += 1
    for (col, name), (mine, other, _reason) in sorted(known.items()):
        if found.get((col, name)) != (mine, other):
            print("STALE  %-12s %-20s listed as seccompc %s, libseccomp %s" % (col, name, mine, other))
            bad += 1
    print("%d disagreements, %d not known" % (len(found), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
