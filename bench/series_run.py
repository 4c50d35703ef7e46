#!/usr/bin/env python3
"""series_run.py - measures every profile of bench/series.py with seccompc and
libseccomp in the same run, and keeps every figure in OUT/series.json.

    python3 bench/series_run.py BUILD OUT

BUILD is a build directory configured with -Dbench=true (bench/series.sh
makes one). For each series and size, in one run:

  - both filters: `seccompc P -o F` and `libseccomp_baseline --tree P -o F`
    (runc's binary tree), each once, timed as whole processes and bounded by
    TIMEOUT and MEMORY; seccompc also with --arg-width register (whole registers
    compared, as libseccomp does) for its size and hot path alone;
  - size, and whether it fits 4,096 instructions (seccompc refuses what
    does not; libseccomp exports it anyway);
  - the worst instructions run on the hot syscall over every argument value
    (bench/worst_path: exact, or bounds when the analysis outgrows its room)
    on each blob, and the allowed and the denied
    argument tuple of the profile's meta file through `seccompc sim` on
    each blob (both must decide as the profile says);
  - compile time: medians of compile_time (with and without the verifier)
    and of libseccomp_baseline --runs (parse+build+export), when one compile
    takes less than FAST seconds; otherwise the one timed process;
  - in the kernel (bench/syscall_cost, fresh child per filter and round): the
    install call's time and ns per call of the hot syscall with the denied
    and the allowed tuple, no filter and each filter that fits.

Then, per series and compiler, the largest N that still fits, by bisection
between the sizes (the profile of N rules is a prefix of the next, see
series.py); a probe that runs past TIMEOUT or MEMORY counts as not
fitting, and the result says why the next size did not fit.

Environment: SERIES (default "conds ioctl wide moby"), SIZES (default
"10 30 100 300 1000 3000 10000"), TIMEOUT (seconds per compile, 300),
MEMORY (bytes of address space per process, 4 GiB), FAST (1.0), RUNS
(compile timings at most, 51), BUDGET (seconds of timed compiles per
compiler and profile, 10), CALLS (20000), ROUNDS (101), KERNEL (1: run
syscall_cost), BISECT (1).
"""
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import series  # noqa: E402

LIMIT = 4096


def env_int(name, default):
    return int(os.environ.get(name, default))


def env_float(name, default):
    return float(os.environ.get(name, default))


def keyvals(text):
    out = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2:
            out[parts[0]] = parts[1]
    return out


def say(*args):
    print("series_run:", *args, file=sys.stderr, flush=True)


class Runner:
    def __init__(self, build, out):
        self.build = Path(build)
        self.out = Path(out)
        self.seccompc = self.build / "compiler" / "seccompc"
        self.baseline = self.build / "bench" / "libseccomp_baseline"
        self.timeout = env_float("TIMEOUT", 300)
        self.memory = env_int("MEMORY", 4 << 30)
        self.fast = env_float("FAST", 1.0)
        self.runs = env_int("RUNS", 51)
        self.budget = env_float("BUDGET", 10)
        self.calls = env_int("CALLS", 20000)
        self.rounds = env_int("ROUNDS", 101)

    def tool(self, name):
        return str(self.build / "bench" / name)

    def run(self, argv, timeout=None):
        """(returncode or None on timeout, stdout, stderr, seconds); the
        process may use at most MEMORY bytes of address space."""
        def limit():
            resource.setrlimit(resource.RLIMIT_AS, (self.memory, self.memory))
        t0 = time.monotonic()
        try:
            p = subprocess.run([str(a) for a in argv], capture_output=True, text=True,
                               timeout=timeout or self.timeout, preexec_fn=limit)
        except subprocess.TimeoutExpired:
            return None, "", "", time.monotonic() - t0
        return p.returncode, p.stdout, p.stderr, time.monotonic() - t0

    def profile(self, name, n):
        path = self.out / f"{name}-{n}.json"
        if not path.exists() or not path.with_suffix(".meta.json").exists():
            series.main([name, str(n), str(path)])
        return path, json.loads(path.with_suffix(".meta.json").read_text())

    # ---- one compiler on one profile ---------------------------------

    def compile_seccompc(self, path, blob, extra=()):
        rc, _, err, secs = self.run([self.seccompc, *extra, path, "-o", blob])
        r = {"seconds": secs}
        if rc is None:
            r.update(status="timeout")
        elif rc == 0:
            r.update(status="ok", size=blob.stat().st_size // 8, fits=True)
        else:
            first = next((l for l in err.splitlines() if "error" in l), err.strip()[:200])
            status = "refused" if rc == 1 else f"exit {rc}"
            if "out of memory" in err:
                status = "out of memory"
            r.update(status=status, fits=False, error=first.split("error: ", 1)[-1])
        return r

    def compile_libseccomp(self, path, blob):
        rc, out, err, secs = self.run([self.baseline, "--tree", path, "-o", blob])
        r = {"seconds": secs}
        if rc is None:
            r.update(status="timeout")
        elif rc == 0:
            size = int(keyvals(out)["size_insns"])
            r.update(status="ok", size=size, fits=size <= LIMIT)
        else:
            r.update(status="out of memory" if "memory" in err else f"exit {rc}", fits=False,
                     error=err.strip()[:200])
        return r

    def hot_path(self, blob, meta):
        rc, out, err, _ = self.run([self.tool("worst_path"), blob, meta["arch"], meta["hot"]])
        if rc != 0:
            return {"error": (err or "timeout").strip()[:200]}
        kv = keyvals(out)
        worst = {}
        for line in out.splitlines():
            parts = line.split()
            if parts[0] == "worst" and len(parts) == 3:
                worst[parts[1]] = int(parts[2])
        return {"worst": int(kv["worst_insns"]), "exact": kv["exact"] == "yes",
                "method": kv["method"], "dag": int(kv["dag_insns"]),
                "lower": int(kv["lower_insns"]), "by_action": worst}

    def sim(self, blob, meta, args):
        rc, out, _, _ = self.run([self.seccompc, "sim", blob, "--arch", meta["arch"], meta["hot"],
                                  *[hex(a) for a in args]])
        if rc != 0:
            return None
        action = next(l for l in out.splitlines() if l.startswith("action:")).split()[1]
        insns = int(next(l for l in out.splitlines()
                         if l.startswith("instructions executed:")).split()[2])
        return {"action": action, "insns": insns}

    def runs_for(self, seconds):
        return max(3, min(self.runs, int(self.budget / max(seconds, 1e-4))))

    def time_seccompc(self, path, single):
        if single >= self.fast:
            return {"median_ns": single * 1e9, "runs": 1, "how": "one process"}
        runs = self.runs_for(single)
        rc, out, _, _ = self.run([self.tool("compile_time"), "--runs", runs, path],
                                 timeout=self.timeout * 4)
        if rc != 0:
            return {"median_ns": single * 1e9, "runs": 1, "how": "one process"}
        kv = keyvals(out)
        return {"median_ns": float(kv["compile_median_ns"]),
                "noverify_median_ns": float(kv["compile_noverify_median_ns"]),
                "runs": runs, "how": "in process"}

    def time_libseccomp(self, path, single):
        if single >= self.fast:
            return {"median_ns": single * 1e9, "runs": 1, "how": "one process"}
        runs = self.runs_for(2 * single)
        rc, out, _, _ = self.run([self.baseline, "--tree", "--runs", runs, path, "-o", os.devnull],
                                 timeout=self.timeout * 4)
        if rc != 0:
            return {"median_ns": single * 1e9, "runs": 1, "how": "one process"}
        kv = keyvals(out)
        return {"median_ns": float(kv["parse_build_export_median_ns"]),
                "build_median_ns": float(kv["build_export_median_ns"]),
                "runs": runs, "how": "in process"}

    def kernel(self, meta, blobs):
        nr = self.hot_nr(meta)
        argv = [self.tool("syscall_cost"), "--calls", self.calls, "--rounds", self.rounds]
        for w in ("denied", "allowed"):
            argv += ["--call", f"{w}={nr}:" + ",".join(hex(a) for a in meta[w])]
        argv += ["none=none"] + [f"{label}={blob}" for label, blob in blobs]
        rc, out, err, _ = self.run(argv, timeout=3600)
        if rc != 0:
            return {"error": (err or "timeout").strip()[:300]}
        res = {}
        for line in out.splitlines():
            label, work, ns, outcome, fastest = line.split()
            res.setdefault(label, {})[work] = {"ns": float(ns), "outcome": outcome,
                                               "min": float(fastest)}
        return res

    def hot_nr(self, meta):
        """The hot syscall's number on the meta's arch (seccompc's tables)."""
        _, out, _, _ = self.run([self.seccompc, "syscalls", "--arch", meta["arch"], meta["hot"]])
        return int(out.strip(), 0)

    # ---- a whole point ------------------------------------------------

    def point(self, name, n, skip):
        path, meta = self.profile(name, n)
        say(f"{name} {n}: compiling")
        p = {"series": name, "n": n, "meta": meta}
        blobs = {}
        for comp in ("seccompc", "register", "libseccomp"):
            if comp in skip:
                p[comp] = {"status": "skipped", "why": skip[comp]}
                continue
            blob = self.out / f"{name}-{n}.{comp}.bpf"
            if blob.exists():
                blob.unlink()
            if comp == "libseccomp":
                r = self.compile_libseccomp(path, blob)
            else:
                r = self.compile_seccompc(path, blob,
                                          ("--arg-width", "register") if comp == "register" else ())
            if r["status"] == "ok":
                r["hot"] = self.hot_path(blob, meta)
                r["sim"] = {w: self.sim(blob, meta, meta[w]) for w in ("allowed", "denied")}
                blobs[comp] = blob
            p[comp] = r
        if p["seccompc"]["status"] == "ok":
            p["seccompc"]["time"] = self.time_seccompc(path, p["seccompc"]["seconds"])
        if p["libseccomp"]["status"] == "ok":
            p["libseccomp"]["time"] = self.time_libseccomp(path, p["libseccomp"]["seconds"])
        fitting = [(c, blobs[c]) for c in ("seccompc", "libseccomp")
                   if c in blobs and p[c].get("fits")]
        if env_int("KERNEL", 1) and fitting:
            say(f"{name} {n}: in the kernel ({self.rounds} rounds of {self.calls} calls)")
            p["kernel"] = self.kernel(meta, fitting)
        return p

    # ---- the largest N that fits ---------------------------------------

    def fits(self, name, n, comp):
        path, _ = self.profile(name, n)
        blob = self.out / f"probe.{comp}.bpf"
        r = (self.compile_libseccomp(path, blob) if comp == "libseccomp"
             else self.compile_seccompc(path, blob))
        if r["status"] == "timeout":
            return None, r
        return bool(r.get("fits")), r

    def bisect(self, name, points, comp):
        """The largest N known to fit, and what happens at N + 1."""
        known = sorted((p["n"], p[comp]) for p in points)
        fit = [n for n, r in known if r.get("fits")]
        if not fit:
            return {"largest": None, "note": "not even the smallest profile"}
        lo = max(fit)
        above = [(n, r) for n, r in known if n > lo]
        if not above:
            return {"largest": lo, "note": f"every size up to {lo}", "probes": 0}
        hi, hi_r = above[0]
        hi_what = hi_r.get("status") if not hi_r.get("fits") else "?"
        probes = 0
        while hi - lo > 1:
            mid = (lo + hi) // 2
            ok, r = self.fits(name, mid, comp)
            probes += 1
            say(f"{name}: {comp} at {mid}: {'fits' if ok else r.get('status')} "
                f"({r.get('size', '-')} instructions, {r['seconds']:.1f} s)")
            if ok:
                lo = mid
            else:
                hi, hi_r, hi_what = mid, r, r["status"]
        return {"largest": lo, "next": hi, "next_status": hi_what,
                "next_size": hi_r.get("size"), "next_error": hi_r.get("error"), "probes": probes}


def environment(build):
    def cmd(argv):
        try:
            return subprocess.run(argv, capture_output=True, text=True).stdout.strip()
        except OSError:
            return "?"
    osr = dict(l.split("=", 1) for l in Path("/etc/os-release").read_text().splitlines() if "=" in l)
    return {"cpus": os.cpu_count(), "kernel": os.uname().release,
            "os": osr.get("PRETTY_NAME", "?").strip('"'),
            "libseccomp": cmd(["pkg-config", "--modversion", "libseccomp"]),
            "seccompc": cmd([str(Path(build) / "compiler" / "seccompc"), "--version"]),
            "jit": Path("/proc/sys/net/core/bpf_jit_enable").read_text().strip()
            if Path("/proc/sys/net/core/bpf_jit_enable").exists() else "?"}


def main(argv):
    if len(argv) != 2:
        print("usage: series_run.py BUILD OUT", file=sys.stderr)
        return 2
    build, out = argv
    Path(out).mkdir(parents=True, exist_ok=True)
    r = Runner(build, out)
    names = os.environ.get("SERIES", " ".join(series.SERIES)).split()
    sizes = [int(x) for x in os.environ.get("SIZES", " ".join(map(str, series.SIZES))).split()]
    result = {"env": environment(build), "timeout": r.timeout, "calls": r.calls,
              "rounds": r.rounds, "series": {}}
    result_path = Path(out) / "series.json"
    for name in names:
        points, skip = [], {}
        for n in sizes:
            p = r.point(name, n, skip)
            points.append(p)
            for comp in ("seccompc", "register", "libseccomp"):
                if p[comp]["status"] in ("timeout", "out of memory"):
                    skip[comp] = f"{comp}: {p[comp]['status']} at {n}"
            result["series"][name] = {"points": points, "description": series.SERIES[name][1]}
            result_path.write_text(json.dumps(result, indent=1) + "\n")
        if env_int("BISECT", 1):
            result["series"][name]["fits"] = {c: r.bisect(name, points, c)
                                              for c in ("seccompc", "libseccomp")}
            result_path.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
