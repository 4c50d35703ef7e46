#!/usr/bin/env python3
"""report.py - the markdown report of bench/run.sh from the raw outputs in OUT.

    python3 bench/report.py OUT

Every ratio is seccompc / libseccomp, both measured in the same run: below 1
means seccompc is smaller, runs fewer instructions or is faster.
"""
import re
import sys
from pathlib import Path

FILTERS = [("three", "x86_64 + x86 + x32 (archMap as in the profile)"),
           ("x86_64", "x86_64 alone (archMap cut down)")]
STATS_ROW = re.compile(r"^(\S+)\s+(\d+)\s+([\d.]+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+"
                       r"(?:(\d+)\s+\(\s*\d+%\)|no cache)")


def keyvals(path):
    out = {}
    for line in Path(path).read_text().splitlines():
        parts = line.split()
        if len(parts) == 2:
            out[parts[0]] = parts[1]
    return out


def stats(path):
    text = Path(path).read_text()
    size = int(re.search(r"^size: (\d+) instructions", text, re.M).group(1))
    arches = {}
    for line in text.splitlines():
        m = STATS_ROW.match(line)
        if m:
            g = m.groups()
            arches[g[0]] = {"mean": float(g[2]), "p50": int(g[3]), "p99": int(g[4]),
                            "max": int(g[5]), "allowed": int(g[7]),
                            "skips": int(g[8]) if g[8] is not None else 0}
    return size, arches


def action(word):
    w = int(word, 16)
    names = {0x7fff0000: "ALLOW", 0x80000000: "KILL_PROCESS", 0: "KILL_THREAD", 0x30000: "TRAP"}
    if w in names:
        return names[w]
    if w & 0xffff0000 == 0x50000:
        return "ERRNO(%d)" % (w & 0xffff)
    return hex(w)


def ratio(a, b):
    return "n/a" if not b else "%.2f" % (a / b)


def ms(ns):
    return "%.2f ms" % (float(ns) / 1e6)


def run_desc(a):
    return "%.2f / %d / %d / %d" % (a["mean"], a["p50"], a["p99"], a["max"])


def main(out):
    out = Path(out)
    print("## Results\n")
    for line in (out / "env.txt").read_text().splitlines():
        print("- " + line)
    print("\nRatios are seccompc / libseccomp from the same run (< 1: seccompc smaller or faster).\n")

    print("### Do the filters decide the same?\n")
    print("Every syscall of every arch of the filter, with 12 first arguments (the values the profile"
          "\ncompares and their neighbours), simulated under both filters (bench/decisions_diff):\n")
    print("| filter | arch | seccompc | libseccomp tree | cases | syscalls |")
    print("|---|---|---|---|---:|---|")
    for f, desc in FILTERS:
        lines = (out / f"{f}.decisions.txt").read_text().splitlines()
        groups = {}
        for l in lines[:-1]:
            arch, name, _, a, b = l.split()
            groups.setdefault((arch, action(a), action(b)), []).append(name)
        if not groups:
            print(f"| {f} | all | same | same | 0 | |")
        for (arch, a, b), names in groups.items():
            shown = ", ".join(sorted(set(names))) if len(set(names)) <= 12 else f"all {len(set(names))} of the arch"
            print(f"| {f} | {arch} | {a} | {b} | {len(names)} | {shown} |")
    print()
    print("### Filter size (instructions)\n")
    print("| filter | seccompc | libseccomp tree | ratio | libseccomp linear | ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    st = {}
    for f, desc in FILTERS:
        for v in ("seccompc", "tree", "linear"):
            st[f, v] = stats(out / f"{f}.{v}.stats.txt")
        s, t, l = st[f, "seccompc"][0], st[f, "tree"][0], st[f, "linear"][0]
        print(f"| {desc} | {s} | {t} | {ratio(s, t)} | {l} | {ratio(s, l)} |")

    print("\n### Instructions run per syscall (mean / p50 / p99 / max over the arch's syscalls)\n")
    print("| filter | arch | seccompc | libseccomp tree | mean ratio | max ratio | libseccomp linear | mean ratio |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for f, _ in FILTERS:
        for arch, a in st[f, "seccompc"][1].items():
            t = st[f, "tree"][1].get(arch)
            l = st[f, "linear"][1].get(arch)
            if not t or not l:
                print(f"| {f} | {arch} | {run_desc(a)} | not found | | | | |")
                continue
            print(f"| {f} | {arch} | {run_desc(a)} | {run_desc(t)} | {ratio(a['mean'], t['mean'])} | "
                  f"{ratio(a['max'], t['max'])} | {run_desc(l)} | {ratio(a['mean'], l['mean'])} |")

    print("\n### Kernel action cache (syscalls allowed whatever their arguments; of those, skipped by the cache)\n")
    print("| filter | arch | seccompc | libseccomp tree | libseccomp linear |")
    print("|---|---|---:|---:|---:|")
    for f, _ in FILTERS:
        for arch, a in st[f, "seccompc"][1].items():
            cells = []
            for v in ("seccompc", "tree", "linear"):
                b = st[f, v][1].get(arch)
                cells.append(f"{b['allowed']}, {b['skips']} cached" if b else "not found")
            print(f"| {f} | {arch} | " + " | ".join(cells) + " |")

    print("\n### Compile time, in process (median)\n")
    print("| filter | seccompc | seccompc --no-verify | seccompc, file read to file written | "
          "libseccomp tree: build+export | "
          "parse+build+export | ratio | libseccomp linear: parse+build+export | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for f, _ in FILTERS:
        c = keyvals(out / f"{f}.compile.txt")
        t = keyvals(out / f"{f}.tree.txt")
        l = keyvals(out / f"{f}.linear.txt")
        sc = float(c["compile_median_ns"])
        tw = float(t["parse_build_export_median_ns"])
        lw = float(l["parse_build_export_median_ns"])
        print(f"| {f} | {ms(sc)} | {ms(c['compile_noverify_median_ns'])} | {ms(c['file_median_ns'])} | "
              f"{ms(t['build_export_median_ns'])} | {ms(tw)} | {ratio(sc, tw)} | {ms(lw)} | {ratio(sc, lw)} |")
    print(f"\n({c['runs']} runs each.)")

    print("\n### Compile time, whole process (median)\n")
    start = float(keyvals(out / "start.proc.txt")["median_ns"])
    print("| filter | `seccompc P -o F` | less process start | `libseccomp_baseline --tree P -o F` | ratio |")
    print("|---|---:|---:|---:|---:|")
    for f, _ in FILTERS:
        s = float(keyvals(out / f"{f}.seccompc.proc.txt")["median_ns"])
        t = float(keyvals(out / f"{f}.tree.proc.txt")["median_ns"])
        print(f"| {f} | {ms(s)} | {ms(s - start)} | {ms(t)} | {ratio(s, t)} |")
    print(f"\nProcess start: `seccompc --version`, {ms(start)}, measured in the same run.")

    print("\n### Starting a command under the profile (median)\n")
    none = float(keyvals(out / "exec.none.proc.txt")["median_ns"])
    blob = float(keyvals(out / "exec.blob.proc.txt")["median_ns"])
    json_ = float(keyvals(out / "exec.json.proc.txt")["median_ns"])
    tree = float(keyvals(out / "three.tree.proc.txt")["median_ns"])
    print("| `seccompc-exec X -- true` | time | over no filter |")
    print("|---|---:|---:|")
    print(f"| `none` | {ms(none)} | |")
    print(f"| the compiled blob (three arches) | {ms(blob)} | {ms(blob - none)} |")
    print(f"| the JSON profile, compiled and verified at start | {ms(json_)} | {ms(json_ - none)} |")
    print(f"\nFor scale: libseccomp's baseline program needs {ms(tree)} to build and export the "
          "same filter, before any command runs.")

    print("\n### Cost per syscall in the kernel (ns, median over rounds)\n")
    cost = {}
    for line in (out / "syscall_cost.txt").read_text().splitlines():
        label, work, ns, outcome = line.split()[:4]
        cost[label, work] = (float(ns), outcome)
    works = ["getppid", "personality", "unshare"]
    insns = {}
    for line in (out / "syscall_insns.txt").read_text().splitlines():
        label, work, n = line.split()
        insns[label, work] = n
    print("| filter | workload | no filter | floor | libseccomp tree | seccompc | ratio | "
          "tree - floor | seccompc - floor | ratio | libseccomp linear | instructions run: tree / seccompc / linear |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for f, _ in FILTERS:
        for w in works:
            none, floor = cost["none", w][0], cost["floor", w][0]
            t, to = cost[f"{f}.tree", w]
            s, so = cost[f"{f}.seccompc", w]
            lin = cost.get((f"{f}.linear", w))
            over = ratio(s - floor, t - floor) if t - floor >= 5 else "n/a (< 5 ns)"
            n = f"{insns[f + '.tree', w]} / {insns[f + '.seccompc', w]} / {insns.get((f + '.linear', w), '-')}"
            print(f"| {f} | {w} ({so}) | {none:.1f} | {floor:.1f} | {t:.1f} | {s:.1f} | {ratio(s, t)} | "
                  f"{t - floor:.1f} | {s - floor:.1f} | {over} | {'%.1f' % lin[0] if lin else ''} | {n} |")
    print("\ngetppid is allowed outright (the action cache skips every filter); personality(0xffffffff)"
          "\nis allowed by an argument check (the filter runs); unshare(0) is denied with EPERM (the"
          "\nfilter runs to the default action). floor: a 4-instruction filter that decides the same"
          "\n(3 instructions run for unshare, the cache for the rest); X - floor is what running X costs."
          "\nInstructions run: seccompc sim on x86_64; for getppid the cache skips them all.")

    print("\n### Installing the filter (the seccomp(2) call, median over rounds)\n")
    print("| filter | libseccomp tree | seccompc | ratio | libseccomp linear | floor (4 instructions) |")
    print("|---|---:|---:|---:|---:|---:|")
    for f, _ in FILTERS:
        t = cost.get((f"{f}.tree", "install"))
        s_ = cost.get((f"{f}.seccompc", "install"))
        lin = cost.get((f"{f}.linear", "install"))
        fl = cost.get(("floor", "install"))
        if not t or not s_:
            continue
        us = lambda c: "%.0f µs" % (c[0] / 1e3) if c else ""
        print(f"| {f} | {us(t)} | {us(s_)} | {ratio(s_[0], t[0])} | {us(lin)} | {us(fl)} |")
    print("\nThe kernel checks the program, translates it to eBPF and JITs it (all growing with its"
          "\nsize), then emulates it for every syscall number of the arch and of its compat arch,"
          "\neach up to a return or the first argument load, to fill the action cache"
          "\n(seccomp_cache_prepare_bitmap).")

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: report.py OUT")
    main(sys.argv[1])
