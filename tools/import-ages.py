#!/usr/bin/env python3
"""import-ages.py - extracts the two outside sources of syscall ages.

Writes tools/ages/libseccomp-kver.txt and tools/ages/man-pages.txt, which
tools/gen-tables.py reads to give each syscall the kernel version that added
it on each arch (docs/syscall-tables.md, "Syscall ages").  Run it only to
refresh those files from newer copies of the sources:

    python3 tools/import-ages.py --libseccomp-csv syscalls.csv \\
        --man-page /usr/share/man/man2/syscalls.2.gz

  --libseccomp-csv  src/syscalls.csv of libseccomp with its *_kver columns
                    (LGPL-2.1; commit 031024addec2 "syscalls: Populate the
                    kernel versions for all arches", header v6.16.0, was used)
  --man-page        syscalls(2) of the Linux man-pages project (Debian 12's
                    manpages-dev 6.03 was used): the release that first had
                    each syscall, on any arch

Python 3 standard library only; output is sorted.
"""

import argparse
import csv
import gzip
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# libseccomp column -> gen-tables.py table key.  aarch64, riscv64 and
# loongarch64 are left out: their kver columns say 3.0 for every syscall
# (even cachestat, 6.5), so they carry no information.
COLUMNS = {"x86_64": "x86_64", "x86": "x86", "x32": "x32", "arm": "arm",
           "s390x": "s390x", "s390": "s390", "ppc64": "ppc64", "ppc": "ppc",
           "mips64": "mips_n64", "mips64n32": "mips_n32", "mips": "mips_o32"}


def kver(text):
    m = re.fullmatch(r"SCMP_KV_(\d+)_(\d+)", text)
    return "%s.%s" % m.groups() if m else None


def import_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    out = ["# libseccomp-kver.txt - per-arch kernel versions from libseccomp's",
           "# src/syscalls.csv (%s), LGPL-2.1-only;" % header[0].lstrip("#").strip(),
           "# extracted by tools/import-ages.py.  SCMP_KV_3_0 means \"3.0 or older\"",
           "# there, SCMP_KV_UNDEF (\"-\" here) no version.  The aarch64, riscv64 and",
           "# loongarch64 columns are left out (3.0 everywhere).  NR is libseccomp's",
           "# number (no ABI base).",
           "#", "# NAME  TABLE  NR  VERSION"]
    lines = []
    for row in rows[1:]:
        for i in range(1, len(header), 2):
            col = header[i]
            if col not in COLUMNS or row[i] == "PNR":
                continue
            v = kver(row[i + 1]) or "-"
            lines.append("%s %s %s %s" % (row[0], COLUMNS[col], row[i], v))
    return "\n".join(out + sorted(lines)) + "\n"


def import_man(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        text = f.read()
    table = text[text.index(".TS"):text.index(".TE")]
    out = ["# man-pages.txt - the Linux release that first had each syscall (on",
           "# any arch), from syscalls(2) of the Linux man-pages project (Debian 12",
           "# manpages-dev 6.03); extracted by tools/import-ages.py.  Rows the page",
           "# keeps as comments are included; \"unimplemented\" marks the calls it",
           "# lists as slots reserved but never implemented in the standard kernel.",
           "#", "# NAME  VERSION"]
    seen, lines = set(), []
    row = re.compile(r"^(?:\.\\\" )?\\fB(\w+)\\fP\(2\)\t([\d.]*)(.*(?:\n(?!\\fB|\.\\\" \\fB).*){0,4})", re.M)
    for m in row.finditer(table):
        name, version, rest = m.groups()
        if not version:          # "Added as "pread" in 2.2; renamed ..."
            later = re.search(r"\bin (\d+\.\d+(?:\.\d+)?)", rest)
            version = later.group(1) if later else None
        if version and name not in seen:
            seen.add(name)
            lines.append("%s %s" % (name, version))
    gone = text[text.index("not implemented in the standard kernel"):]
    gone = gone[:gone.index("unimplemented (2)")]
    for name in re.findall(r"^\.BR (\w+) \(2\)", gone, re.M):
        if name not in seen:
            seen.add(name)
            lines.append("%s unimplemented" % name)
    return "\n".join(out + sorted(lines)) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--libseccomp-csv", required=True)
    ap.add_argument("--man-page", required=True)
    args = ap.parse_args()
    for name, text in (("libseccomp-kver.txt", import_csv(args.libseccomp_csv)),
                       ("man-pages.txt", import_man(args.man_page))):
        with open(os.path.join(ROOT, "tools", "ages", name), "w") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
