#!/usr/bin/env python3
"""series_report.py - the markdown report and the SVG chart of a series run.

    python3 bench/series_report.py OUT/series.json [--svg CHART.svg]

Reads what bench/series_run.py measured and prints, per series, the sizes
and worst hot-path instructions of both compilers, the times (compile,
install, per call), the largest profile each fits in 4,096 instructions, and
issue 13's targets checked one by one. Every ratio is seccompc / libseccomp
from the same run: below 1, seccompc is smaller, runs fewer instructions or
is faster. With --svg, also writes a chart (hand-written SVG, no plotting
library): filter size and worst hot-path instructions against the number of
rules, both compilers, every series, log scales.
"""
import json
import math
import sys
from pathlib import Path

LIMIT = 4096
NOISE = 0.05       # kernel timings within 5 % of each other count as equal on a shared machine
LOG_STEP = 4       # logarithmic: at most this many instructions more per doubling of the rules
NAMES = {"conds": "(a) rules with 1-3 conditions", "ioctl": "(b) ioctl allowlist",
         "wide": "(c) 64-bit constants", "moby": "(d) moby + W^X + sockets + ioctl"}


def ratio(a, b):
    return "" if a is None or not b else "%.2f" % (a / b)


def num(x, fmt="%d"):
    return "–" if x is None else fmt % x


def ms(ns):
    return "–" if ns is None else ("%.2f ms" % (ns / 1e6) if ns < 1e10 else "%.0f s" % (ns / 1e9))


def size_of(r):
    return r.get("size") if r.get("status") == "ok" else None


def worst(r):
    return r.get("hot", {}).get("worst") if r.get("status") == "ok" else None


def worst_cell(r):
    """The worst count; a bound (and the longest path found) when not exact."""
    h = r.get("hot", {})
    if r.get("status") != "ok" or "worst" not in h:
        return "–"
    return str(h["worst"]) if h.get("exact") else f"≤ {h['worst']} (≥ {h.get('lower', '?')})"


def status_cell(r, timeout):
    s = r.get("status")
    if s == "ok":
        return None
    if s == "timeout":
        return f"> {timeout:.0f} s"
    if s == "skipped":
        return "not run"
    err = r.get("error", "")
    if "instructions" in err:
        return "refused: " + err.split(";")[0].replace("program needs ", "")
    if "diagram nodes" in err or "cannot be ana" in err:
        return "verifier out of room"
    return s


def size_cell(r, timeout):
    st = status_cell(r, timeout)
    if st:
        return st
    s = r["size"]
    return f"**{s}**" if s > LIMIT else str(s)


def compile_ns(r):
    return r.get("time", {}).get("median_ns") if r.get("status") == "ok" else None


def kern(p, label, work):
    k = p.get("kernel", {}).get(label, {}).get(work)
    return k["ns"] if k else None


def sim_check(p):
    """Problems with the witnesses: a filter that decides them otherwise."""
    bad = []
    for comp in ("seccompc", "register", "libseccomp"):
        sim = p[comp].get("sim")
        if not sim:
            continue
        if not sim["allowed"] or sim["allowed"]["action"] != "ALLOW":
            bad.append(f"{comp} does not allow the allowed tuple")
        if not sim["denied"] or sim["denied"]["action"] == "ALLOW":
            bad.append(f"{comp} allows the denied tuple")
    return bad


def size_table(name, s, timeout):
    print(f"| rules | conditions | size seccompc | libseccomp | ratio | seccompc, whole registers | "
          f"worst on {s['points'][0]['meta']['hot']}: seccompc | libseccomp | ratio | "
          f"seccompc, whole registers | denied / allowed: seccompc | libseccomp |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for p in s["points"]:
        sc, lb, rg = p["seccompc"], p["libseccomp"], p["register"]
        w = [worst(sc), worst(lb), worst(rg)]
        sims = []
        for r in (sc, lb):
            sim = r.get("sim")
            sims.append(f"{sim['denied']['insns']} / {sim['allowed']['insns']}"
                        if sim and sim["denied"] and sim["allowed"] else "–")
        print(f"| {p['n']} | {p['meta']['conditions']} | {size_cell(sc, timeout)} | "
              f"{size_cell(lb, timeout)} | {ratio(size_of(sc), size_of(lb))} | "
              f"{size_cell(rg, timeout)} | {worst_cell(sc)} | {worst_cell(lb)} | "
              f"{ratio(w[0], w[1])} | {worst_cell(rg)} | {sims[0]} | {sims[1]} |")


def compile_table(s, timeout):
    print("| rules | compile seccompc | (without the verifier) | libseccomp | ratio |")
    print("|---:|---:|---:|---:|---:|")
    for p in s["points"]:
        sc, lb = p["seccompc"], p["libseccomp"]
        cs, cl = compile_ns(sc), compile_ns(lb)
        nov = sc.get("time", {}).get("noverify_median_ns")
        one = " (1 run)" if sc.get("time", {}).get("runs") == 1 else ""
        onel = " (1 run)" if lb.get("time", {}).get("runs") == 1 else ""
        cells = [f"{ms(cs)}{one}" if cs else status_cell(sc, timeout) or "–", ms(nov),
                 f"{ms(cl)}{onel}" if cl else status_cell(lb, timeout) or "–", ratio(cs, cl)]
        print(f"| {p['n']} | " + " | ".join(cells) + " |")


def kern_min(p, label, work):
    k = p.get("kernel", {}).get(label, {}).get(work)
    return k["min"] if k else None


def kernel_table(s):
    print("| rules | install seccompc | libseccomp | ratio (fastest) | denied call: no filter | "
          "seccompc | libseccomp | ratio (fastest) | allowed call: no filter | seccompc | "
          "libseccomp | ratio (fastest) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for p in s["points"]:
        if "kernel" not in p or "error" in p["kernel"]:
            continue
        cells = []
        for w, unit in (("install", "µs"), ("denied", "ns"), ("allowed", "ns")):
            scale = 1e3 if w == "install" else 1
            vals = [kern(p, l, w) for l in ("none", "seccompc", "libseccomp")]
            if w != "install":
                cells.append(num(vals[0], "%.0f " + unit))
            cells += [num(v and v / scale, "%.0f " + unit) for v in vals[1:]]
            a, b = kern_min(p, "seccompc", w), kern_min(p, "libseccomp", w)
            cells.append(f"{ratio(vals[1], vals[2])} ({ratio(a, b)})" if vals[1] and vals[2] else "")
        print(f"| {p['n']} | " + " | ".join(cells) + " |")


def fits_text(f):
    if not f or f.get("largest") is None:
        return "none"
    t = f"{f['largest']}"
    if f.get("next") is None:
        return t + " (every size measured)"
    what = f.get("next_status")
    if what == "timeout":
        return t + f" ({f['next']}: did not finish)"
    if f.get("next_size"):
        return t + f" ({f['next']}: {f['next_size']} instructions)"
    err = f.get("next_error") or what
    if "diagram nodes" in (err or "") or "cannot be ana" in (err or ""):
        err = "verifier out of room"
    return t + f" ({f['next']}: {err})"


def targets(data):
    """Issue 13's targets, per series: (target, series, verdict, numbers)."""
    rows = []
    for name, s in data["series"].items():
        pts = s["points"]
        both = [p for p in pts if size_of(p["seccompc"]) and size_of(p["libseccomp"])]
        # size <= libseccomp's at every size
        bad = [f"{p['n']}: {size_of(p['seccompc'])} vs {size_of(p['libseccomp'])}"
               for p in both if size_of(p["seccompc"]) > size_of(p["libseccomp"])]
        missing = [str(p["n"]) for p in pts if size_of(p["libseccomp"]) and
                   size_of(p["libseccomp"]) <= LIMIT and not size_of(p["seccompc"])]
        rows.append(("size ≤ libseccomp's", name, "met" if not bad and not missing else "missed",
                     "; ".join(bad + [f"{m}: seccompc made no filter" for m in missing]) or
                     "ratios " + ", ".join(ratio(size_of(p["seccompc"]), size_of(p["libseccomp"]))
                                           for p in both)))
        # worst hot path <= libseccomp's
        hot = [p for p in both if worst(p["seccompc"]) and worst(p["libseccomp"])]
        bad = [f"{p['n']}: {worst(p['seccompc'])} vs {worst(p['libseccomp'])}"
               for p in hot if worst(p["seccompc"]) > worst(p["libseccomp"])]
        rows.append(("worst hot path ≤ libseccomp's", name, "met" if not bad else "missed",
                     "; ".join(bad) or ", ".join(f"{p['n']}: {worst(p['seccompc'])} / "
                                                  f"{worst(p['libseccomp'])}" for p in hot)))
        # logarithmic growth: instructions added per doubling of the rules
        ws = [(p["n"], worst(p["seccompc"])) for p in pts if worst(p["seccompc"])]
        steps = []
        for (n0, w0), (n1, w1) in zip(ws, ws[1:]):
            steps.append((w1 - w0) / math.log2(n1 / n0))
        lin = [(n1, (w1 - w0) / (n1 - n0)) for (n0, w0), (n1, w1) in zip(ws, ws[1:])]
        grows = steps and max(steps) > LOG_STEP
        rows.append((f"worst hot path grows logarithmically (≤ {LOG_STEP} more per doubling)", name,
                     "–" if len(ws) < 3 else ("missed" if grows else "met"),
                     "per doubling of the rules: " + ", ".join("%+.1f" % x for x in steps) +
                     " instructions" + ("" if not lin else "; per rule at the last step: %.2f" % lin[-1][1])))
        # fits wherever libseccomp fits
        f = s.get("fits", {})
        fs, fl = f.get("seccompc", {}).get("largest"), f.get("libseccomp", {}).get("largest")
        rows.append(("fits 4,096 wherever libseccomp does", name,
                     "–" if fs is None and fl is None else ("met" if (fs or 0) >= (fl or 0) else "missed"),
                     f"seccompc up to {fits_text(f.get('seccompc'))}, libseccomp up to "
                     f"{fits_text(f.get('libseccomp'))}"))
        # kernel: install and per call
        for what, work in (("install time", "install"), ("denied call", "denied"),
                           ("allowed call", "allowed")):
            rs = [(p["n"], kern(p, "seccompc", work), kern(p, "libseccomp", work),
                   kern_min(p, "seccompc", work), kern_min(p, "libseccomp", work)) for p in pts]
            rs = [r for r in rs if all(r[1:])]
            # worse beyond the noise by the medians and by the fastest rounds alike: missed;
            # by one of them only: unclear
            worse = [r for r in rs if r[1] / r[2] > 1 + NOISE and r[3] / r[4] > 1 + NOISE]
            either = [r for r in rs if r[1] / r[2] > 1 + NOISE or r[3] / r[4] > 1 + NOISE]
            verdict = "–" if not rs else ("missed" if worse else "unclear" if either else "met")
            rows.append((f"{what} ≤ libseccomp's", name, verdict,
                         "ratios (fastest rounds) " +
                         ", ".join(f"{r[0]}: {r[1] / r[2]:.2f} ({r[3] / r[4]:.2f})" for r in rs)))
        # compile no slower from 100 rules on
        rs = [(p["n"], compile_ns(p["seccompc"]), compile_ns(p["libseccomp"])) for p in pts
              if p["n"] >= 100]
        rs = [(n, a, b) for n, a, b in rs if a and b]
        worse = [(n, a / b) for n, a, b in rs if a > b]
        rows.append(("compile ≤ libseccomp's from 100 rules", name,
                     "–" if not rs else ("missed" if worse else "met"),
                     "ratios " + ", ".join(f"{n}: {a / b:.2f}" for n, a, b in rs)))
    return rows


def report(data, svg_name=None):
    e = data["env"]
    print("## Results\n")
    print(f"- machine: {e['cpus']} CPUs, Linux {e['kernel']}, {e['os']}, BPF JIT {e['jit']}")
    print(f"- libseccomp {e['libseccomp']} (binary tree, as runc builds it), {e['seccompc']}")
    print(f"- kernel: {data['rounds']} rounds of {data['calls']} calls, medians; "
          f"compiles bounded at {data['timeout']:.0f} s")
    print("\nRatios are seccompc / libseccomp from the same run (< 1: seccompc smaller or faster). "
          "Sizes over 4,096 in bold: the kernel refuses them.\n")
    if svg_name:
        print(f"![size and worst hot-path instructions against rules]({svg_name})\n")
    for name, s in data["series"].items():
        print(f"### {NAMES.get(name, name)}: {s['description']}\n")
        size_table(name, s, data["timeout"])
        print()
        compile_table(s, data["timeout"])
        print()
        kernel_table(s)
        f = s.get("fits")
        if f:
            print(f"\nFits 4,096 instructions up to: seccompc {fits_text(f.get('seccompc'))}; "
                  f"libseccomp {fits_text(f.get('libseccomp'))}.")
        bad = [f"{p['n']}: {b}" for p in s["points"] for b in sim_check(p)]
        print("\nBoth witnesses decided as the profile says on every filter." if not bad else
              "\n**Witnesses decided wrongly:** " + "; ".join(bad))
        print()
    print("### Issue 13's targets\n")
    print("| target | series | verdict | numbers |")
    print("|---|---|---|---|")
    for t, name, verdict, nums in targets(data):
        print(f"| {t} | {name} | {verdict} | {nums} |")


# ---- the chart ----------------------------------------------------------

COLORS = {"conds": "#1f77b4", "ioctl": "#d62728", "wide": "#2ca02c", "moby": "#9467bd"}


def svg_chart(data, path):
    W, H, ML, MR, MT, MB, GAP = 920, 420, 60, 150, 40, 50, 70
    pw = (W - ML - MR - GAP) / 2
    ph = H - MT - MB
    ns = sorted({p["n"] for s in data["series"].values() for p in s["points"]})
    xlo, xhi = math.log10(min(ns)), math.log10(max(ns))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
           f'viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="11">',
           f'<rect width="{W}" height="{H}" fill="white"/>']

    def panel(x0, title, values, ylo, yhi, hline=None):
        def X(n):
            return x0 + (math.log10(n) - xlo) / (xhi - xlo) * pw

        def Y(v):
            return MT + ph - (math.log10(v) - ylo) / (yhi - ylo) * ph
        out.append(f'<text x="{x0 + pw / 2}" y="{MT - 15}" text-anchor="middle" '
                   f'font-size="13">{title}</text>')
        out.append(f'<rect x="{x0}" y="{MT}" width="{pw}" height="{ph}" fill="none" stroke="#888"/>')
        for e in range(int(math.floor(ylo)), int(math.ceil(yhi)) + 1):
            for m in (1, 2, 5):
                v = m * 10 ** e
                if ylo <= math.log10(v) <= yhi:
                    y = Y(v)
                    out.append(f'<line x1="{x0}" x2="{x0 + pw}" y1="{y:.1f}" y2="{y:.1f}" '
                               f'stroke="#eee"/>')
                    out.append(f'<text x="{x0 - 5}" y="{y + 4:.1f}" text-anchor="end">{v}</text>')
        for n in ns:
            x = X(n)
            out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{MT}" y2="{MT + ph}" stroke="#eee"/>')
            out.append(f'<text x="{x:.1f}" y="{MT + ph + 15}" text-anchor="middle">{n}</text>')
        out.append(f'<text x="{x0 + pw / 2}" y="{MT + ph + 35}" text-anchor="middle">rules '
                   f'(or requests), log scale</text>')
        if hline:
            y = Y(hline)
            out.append(f'<line x1="{x0}" x2="{x0 + pw}" y1="{y:.1f}" y2="{y:.1f}" stroke="#000" '
                       f'stroke-dasharray="2,3"/>')
            out.append(f'<text x="{x0 + 4}" y="{y - 4:.1f}">kernel limit {hline}</text>')
        for (name, comp), pts in values.items():
            pts = [(n, v) for n, v in pts if v]
            if not pts:
                continue
            dash = '' if comp == "seccompc" else ' stroke-dasharray="6,4"'
            d = " ".join(f"{X(n):.1f},{Y(v):.1f}" for n, v in pts)
            out.append(f'<polyline points="{d}" fill="none" stroke="{COLORS.get(name, "#333")}" '
                       f'stroke-width="2"{dash}/>')
            for n, v in pts:
                fill = COLORS.get(name, "#333") if comp == "seccompc" else "white"
                out.append(f'<circle cx="{X(n):.1f}" cy="{Y(v):.1f}" r="3" fill="{fill}" '
                           f'stroke="{COLORS.get(name, "#333")}"/>')

    sizes, hots = {}, {}
    for name, s in data["series"].items():
        for comp in ("seccompc", "libseccomp"):
            sizes[name, comp] = [(p["n"], size_of(p[comp])) for p in s["points"]]
            hots[name, comp] = [(p["n"], worst(p[comp])) for p in s["points"]]
    allv = [v for pts in sizes.values() for _, v in pts if v]
    panel(ML, "filter size (instructions)", sizes, math.log10(min(allv + [10])) - 0.05,
          math.log10(max(allv + [LIMIT])) + 0.05, LIMIT)
    allh = [v for pts in hots.values() for _, v in pts if v]
    panel(ML + pw + GAP, "worst instructions run on the hot syscall", hots,
          math.log10(min(allh + [10])) - 0.05, math.log10(max(allh + [100])) + 0.05)
    lx, ly = W - MR + 15, MT + 10
    for i, name in enumerate(data["series"]):
        y = ly + i * 20
        out.append(f'<line x1="{lx}" x2="{lx + 25}" y1="{y}" y2="{y}" stroke="{COLORS.get(name)}" '
                   f'stroke-width="2"/><text x="{lx + 30}" y="{y + 4}">{name}</text>')
    y = ly + len(data["series"]) * 20 + 15
    out.append(f'<line x1="{lx}" x2="{lx + 25}" y1="{y}" y2="{y}" stroke="#333" stroke-width="2"/>'
               f'<text x="{lx + 30}" y="{y + 4}">seccompc</text>')
    out.append(f'<line x1="{lx}" x2="{lx + 25}" y1="{y + 20}" y2="{y + 20}" stroke="#333" '
               f'stroke-width="2" stroke-dasharray="6,4"/><text x="{lx + 30}" y="{y + 24}">'
               f'libseccomp</text>')
    out.append(f'<text x="{lx}" y="{y + 50}" font-size="10">no point: no</text>')
    out.append(f'<text x="{lx}" y="{y + 63}" font-size="10">filter made</text>')
    out.append("</svg>")
    Path(path).write_text("\n".join(out) + "\n")


def main(argv):
    if not argv or len(argv) not in (1, 3) or (len(argv) == 3 and argv[1] != "--svg"):
        print("usage: series_report.py SERIES.json [--svg CHART.svg]", file=sys.stderr)
        return 2
    data = json.loads(Path(argv[0]).read_text())
    svg = argv[2] if len(argv) == 3 else None
    if svg:
        svg_chart(data, svg)
    report(data, Path(svg).name if svg else None)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
