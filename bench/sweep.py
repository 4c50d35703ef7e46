#!/usr/bin/env python3
"""sweep.py - issue 13's size and hot-path targets at every size of a series,
not only at the sizes the series report measures.

    python3 bench/sweep.py BUILD SERIES FROM TO STEP [--jobs N]

For N = FROM, FROM + STEP, ... up to TO (and TO itself), the profile of N
rules of SERIES (series.py: conds, ioctl, wide, moby) is compiled by seccompc
(BUILD/compiler/seccompc) and by libseccomp 2.5.4's binary tree
(BUILD/bench/libseccomp_baseline --tree, as runc builds it). For each it
prints the size of both filters and the most instructions the series' hot
syscall runs over every argument value (BUILD/bench/worst_path, exact).

A size breaks a target when seccompc's filter is larger than libseccomp's,
its worst hot path is longer, or seccompc makes no filter where libseccomp's
fits 4,096 instructions. Every such size is listed at the end, and the exit
status is 1 when there is one (0 when none, 2 on a usage or tool error).
Where libseccomp's filter does not fit, only seccompc's figures are shown.

Needs BUILD configured with -Dbench=true and libseccomp-dev. libseccomp
takes tens of seconds per profile near 4,096 instructions; --jobs runs that
many sizes at once.
"""
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import series  # noqa: E402
import shapes  # noqa: E402

LIMIT = 4096


def worst(build, path, syscall):
    """The exact worst path of `syscall` in the filter at `path`."""
    value, exact = shapes.worst_path(build, path, syscall)
    if not exact:
        raise RuntimeError(f"worst_path {path} {syscall}: no exact answer")
    return value


def compile_one(cmd, out):
    """The filter's size in instructions, or None with the tool's first
    error line when it made none."""
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        return None, (r.stderr.strip().splitlines() or ["exit %d" % r.returncode])[0]
    size = os.path.getsize(out) // 8
    if size == 0:
        raise RuntimeError(f"{' '.join(cmd)} succeeded with no filter")
    return size, None


def measure(build, work, name, n):
    """(n, seccompc size or None, its worst, libseccomp size or None, its
    worst, why seccompc made no filter)."""
    profile, meta = series.SERIES[name][0](n)
    path = os.path.join(work, f"{name}-{n}.json")
    with open(path, "w") as f:
        json.dump(profile, f)
    row = [n]
    why_none = None
    for tool, cmd in (("seccompc", [os.path.join(build, "compiler", "seccompc"), "--target",
                                    "x86_64", path, "-o", path + ".bpf"]),
                      ("libseccomp", [os.path.join(build, "bench", "libseccomp_baseline"),
                                      "--tree", path, "-o", path + ".bpf"])):
        size, why = compile_one(cmd, path + ".bpf")
        if tool == "seccompc":
            why_none = why
        if size is not None and size > LIMIT:   # libseccomp exports what the kernel refuses
            size = None
        row += [size, worst(build, path + ".bpf", meta["hot"]) if size else None]
        if os.path.exists(path + ".bpf"):
            os.unlink(path + ".bpf")
    os.unlink(path)
    return tuple(row + [why_none])


def breaks(row):
    n, ours, our_worst, theirs, their_worst, why_none = row
    if theirs is None:
        return None
    if ours is None:
        return f"{n}: seccompc made no filter ({why_none}), libseccomp {theirs} instructions"
    why = []
    if ours > theirs:
        why.append(f"size {ours} > {theirs}")
    if our_worst > their_worst:
        why.append(f"worst hot path {our_worst} > {their_worst}")
    return f"{n}: " + ", ".join(why) if why else None


def main(argv):
    jobs = 1
    if "--jobs" in argv:
        i = argv.index("--jobs")
        jobs = int(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    if len(argv) != 5 or argv[1] not in series.SERIES or not all(a.isdigit() for a in argv[2:]):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    build, name = argv[0], argv[1]
    lo, hi, step = (int(a) for a in argv[2:])
    sizes = list(range(max(lo, 1), hi + 1, max(step, 1)))
    if sizes[-1] != hi:
        sizes.append(hi)
    if not os.access(os.path.join(build, "bench", "libseccomp_baseline"), os.X_OK):
        print(f"sweep: {build}/bench/libseccomp_baseline is missing (-Dbench=true, "
              "libseccomp-dev)", file=sys.stderr)
        return 2
    print(f"| {name} rules | size seccompc | libseccomp | ratio | worst seccompc | libseccomp |")
    print("|---:|---:|---:|---:|---:|---:|")
    bad = []
    try:
        with tempfile.TemporaryDirectory(prefix="sweep.") as work, \
                concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            for row in pool.map(lambda n: measure(build, work, name, n), sizes):
                n, ours, ow, theirs, tw, _ = row
                ratio = f"{ours / theirs:.2f}" if ours and theirs else ""
                print(f"| {n} | {ours or 'none'} | {theirs or 'over 4,096'} | {ratio} |"
                      f" {ow if ow is not None else ''} | {tw if tw is not None else ''} |",
                      flush=True)
                why = breaks(row)
                if why:
                    bad.append(why)
    except RuntimeError as e:
        print(f"sweep: {e}", file=sys.stderr)
        return 2
    print()
    print(f"{len(sizes)} sizes; targets broken at: " + ("; ".join(bad) if bad else "none"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
