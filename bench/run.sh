#!/bin/sh
# run.sh - seccompc against libseccomp on one profile, every figure measured in
# the same run as its baseline; prints a markdown report (docs/performance.md
# explains each figure) and keeps it, with the raw outputs, in $OUT.
#
#   bench/run.sh [PROFILE.json]      default: tests/corpus/moby-default.json
#
# Environment: BUILD (build dir, default build-bench), OUT (default
# $BUILD/bench-results), RUNS (compile timings, default 200), PROC_RUNS
# (whole-process timings, default 100), CALLS and ROUNDS (syscall_cost,
# default 1000000 and 21). Needs meson, ninja, python3 and libseccomp-dev;
# hyperfine is used when installed (apt-get install hyperfine), else a loop.
# Target: the host (x86_64); capabilities: Docker's default set; kernel: the
# running one. Two filters: the profile as is (x86_64 with the sub-arches of
# its archMap entry) and the profile with archMap cut down to x86_64 alone.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PROFILE=${1:-$ROOT/tests/corpus/moby-default.json}
BUILD=${BUILD:-$ROOT/build-bench}
OUT=${OUT:-$BUILD/bench-results}
RUNS=${RUNS:-200}
PROC_RUNS=${PROC_RUNS:-100}
CALLS=${CALLS:-1000000}
ROUNDS=${ROUNDS:-21}

say() { echo "run.sh: $*" >&2; }

[ -f "$PROFILE" ] || { say "no profile at $PROFILE"; exit 2; }
if [ ! -d "$BUILD" ]; then
	meson setup "$BUILD" "$ROOT" -Dbench=true -Dtests=false >&2
else
	meson configure "$BUILD" -Dbench=true >&2
fi
ninja -C "$BUILD" >&2
SECCOMPC=$BUILD/compiler/seccompc
BASELINE=$BUILD/bench/libseccomp_baseline
if [ ! -x "$BASELINE" ]; then
	say "libseccomp_baseline was not built (is libseccomp-dev installed?): no baseline, no ratios"
	exit 1
fi
mkdir -p "$OUT"
rm -f "$OUT"/*.txt "$OUT"/*.bpf "$OUT"/*.json "$OUT"/results.md

# The two inputs: the profile, and the profile with archMap cut to x86_64 alone.
cp "$PROFILE" "$OUT/three.json"
python3 - "$PROFILE" "$OUT/x86_64.json" <<'EOF'
import json, sys
p = json.load(open(sys.argv[1]))
p["archMap"] = [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": []}]
json.dump(p, open(sys.argv[2], "w"), indent=1)
EOF

# Written outputs that are timed go to tmpfs, so the disk's journal (on ext4,
# renaming over a file starts its writeback) is not what is measured.
TMP=$(mktemp -d /dev/shm/seccompc-bench.XXXXXX 2>/dev/null || mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# Sizes, instructions run and the in-process compile times.
for f in three x86_64; do
	say "$f: compiling and measuring"
	"$SECCOMPC" "$OUT/$f.json" -o "$OUT/$f.seccompc.bpf"
	"$BASELINE" --tree --runs "$RUNS" "$OUT/$f.json" -o "$OUT/$f.tree.bpf" >"$OUT/$f.tree.txt"
	"$BASELINE" --linear --runs "$RUNS" "$OUT/$f.json" -o "$OUT/$f.linear.bpf" >"$OUT/$f.linear.txt"
	"$BUILD/bench/compile_time" --runs "$RUNS" --write "$TMP/$f.file.bpf" "$OUT/$f.json" \
		>"$OUT/$f.compile.txt"
	for v in seccompc tree linear; do
		"$SECCOMPC" stats "$OUT/$f.$v.bpf" >"$OUT/$f.$v.stats.txt"
	done
	# Same job? Every syscall of every arch, both filters simulated.
	"$BUILD/bench/decisions_diff" "$OUT/$f.seccompc.bpf" "$OUT/$f.tree.bpf" \
		>"$OUT/$f.decisions.txt" || true
done

# Whole-process compile: seccompc vs the baseline program (no timing runs),
# and `seccompc --version` for what starting any process of seccompc costs.
# Outputs go to tmpfs, as above.
proc_time() { # NAME CMD... -> $OUT/NAME.proc.txt: median_ns N
	name=$1
	shift
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine -N --warmup 5 --runs "$PROC_RUNS" --export-json "$OUT/$name.hf.json" \
			"$*" >/dev/null 2>&1
		python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("median_ns %.0f" % (r["median"]*1e9))' \
			"$OUT/$name.hf.json" >"$OUT/$name.proc.txt"
	else
		i=0
		: >"$OUT/$name.samples"
		while [ $i -lt "$PROC_RUNS" ]; do
			t0=$(date +%s%N)
			"$@" >/dev/null
			t1=$(date +%s%N)
			echo $((t1 - t0)) >>"$OUT/$name.samples"
			i=$((i + 1))
		done
		sort -n "$OUT/$name.samples" | awk '{v[NR]=$1} END {m = NR % 2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2; printf "median_ns %.0f\n", m}' \
			>"$OUT/$name.proc.txt"
	fi
}
proc_time start "$SECCOMPC" --version
for f in three x86_64; do
	say "$f: whole-process compile times"
	proc_time "$f.seccompc" "$SECCOMPC" "$OUT/$f.json" -o "$TMP/$f.seccompc.bpf"
	proc_time "$f.tree" "$BASELINE" --tree "$OUT/$f.json" -o "$TMP/$f.tree.bpf"
done

# Starting a command under the profile, as a sandbox does per start: no
# filter, the compiled blob, and the JSON compiled (and verified) at start.
EXEC=$BUILD/runtime/seccompc-exec
TRUE=$(command -v true)
say "seccompc-exec start-up times"
proc_time exec.none "$EXEC" none -- "$TRUE"
proc_time exec.blob "$EXEC" "$OUT/three.seccompc.bpf" -- "$TRUE"
proc_time exec.json "$EXEC" "$OUT/three.json" -- "$TRUE"

# The kernel side: instructions each filter runs for the workloads (simulated),
# then ns per syscall with no filter and under each filter.
for v in three.tree three.linear three.seccompc x86_64.tree x86_64.seccompc; do
	for w in "getppid" "personality 0xffffffff" "unshare 0"; do
		# shellcheck disable=SC2086
		n=$("$SECCOMPC" sim "$OUT/$v.bpf" --arch x86_64 $w | awk '/^instructions executed:/ {print $3}')
		echo "$v ${w%% *} $n"
	done
done >"$OUT/syscall_insns.txt"
say "syscall cost in the kernel ($ROUNDS rounds of $CALLS calls)"
"$BUILD/bench/syscall_cost" --calls "$CALLS" --rounds "$ROUNDS" none=none floor=floor \
	three.tree="$OUT/three.tree.bpf" three.linear="$OUT/three.linear.bpf" \
	three.seccompc="$OUT/three.seccompc.bpf" x86_64.tree="$OUT/x86_64.tree.bpf" \
	x86_64.seccompc="$OUT/x86_64.seccompc.bpf" >"$OUT/syscall_cost.txt"

{
	# shellcheck disable=SC1091
	echo "machine: $(nproc) CPUs, $(uname -sr), $(. /etc/os-release && echo "$PRETTY_NAME")"
	echo "libseccomp $(pkg-config --modversion libseccomp), $("$SECCOMPC" --version 2>/dev/null || echo '?')"
	echo "profile: $PROFILE"
	if command -v hyperfine >/dev/null 2>&1; then echo "whole-process times: $(hyperfine --version)"; else echo "whole-process times: shell loop (date +%s%N)"; fi
} >"$OUT/env.txt"
python3 "$ROOT/bench/report.py" "$OUT" | tee "$OUT/results.md"
