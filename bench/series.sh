#!/bin/sh
# series.sh - seccompc against libseccomp on argument-heavy profiles (issue
# 13): four generated series (bench/series.py) at 10 ... 10,000 rules, every
# figure measured in the same run as its baseline; prints a markdown report
# (docs/performance.md, "Argument-heavy profiles", explains each figure) and
# keeps it, the chart and every raw output in $OUT.
#
#   bench/series.sh
#
# Environment: BUILD (build dir, default build-bench), OUT (default
# $BUILD/series-results); SERIES, SIZES, TIMEOUT, FAST, RUNS, BUDGET, CALLS,
# ROUNDS, KERNEL, BISECT as bench/series_run.py describes them. Needs meson,
# ninja, python3 and libseccomp-dev. The profiles are generated into $OUT
# (never kept in git). libseccomp needs minutes for some profiles of 1,000
# rules: the whole run takes about an hour on 2 cores.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build-bench}
OUT=${OUT:-$BUILD/series-results}

say() { echo "series.sh: $*" >&2; }

if [ ! -d "$BUILD" ]; then
	meson setup "$BUILD" "$ROOT" -Dbench=true -Dtests=false >&2
else
	meson configure "$BUILD" -Dbench=true >&2
fi
ninja -C "$BUILD" >&2
if [ ! -x "$BUILD/bench/libseccomp_baseline" ]; then
	say "libseccomp_baseline was not built (is libseccomp-dev installed?): no baseline, no ratios"
	exit 1
fi
mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/*.bpf "$OUT"/results.md "$OUT"/performance-args.svg
python3 "$ROOT/bench/series_run.py" "$BUILD" "$OUT"
python3 "$ROOT/bench/series_report.py" "$OUT/series.json" --svg "$OUT/performance-args.svg" |
	tee "$OUT/results.md"
