#!/bin/sh
# fuzz.sh - builds seccompc's libFuzzer targets (clang, ASan + UBSan) and runs
# each for SECONDS (default 60), one after another, from seed corpora made of
# the test corpus, the shipped profiles, the differential fuzzer's regression
# cases and generated profiles, and the blobs and listings seccompc compiles
# from them. Prints one line a target: executions, time, corpus, findings.
# Findings (crash-*, leak-*, timeout-*, oom-*) go to BUILD/fuzz-findings/T/;
# exit status 1 when there is any.
#
# usage: tools/fuzz.sh [SECONDS] [TARGET...]        TARGET: profile raw listing
# env:   FUZZ_BUILD  build directory (default build-fuzz)
#        FUZZ_FRESH  1: start from the seeds, not from the corpus of earlier runs
set -eu
cd "$(dirname "$0")/.."
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-profile raw listing}
dir=${FUZZ_BUILD:-build-fuzz}

command -v clang >/dev/null || { echo "fuzz.sh: clang is missing (tools/bootstrap.sh installs it)" >&2; exit 2; }
if [ ! -d "$dir" ]; then
	CC=clang meson setup "$dir" -Dfuzz=true -Db_sanitize=address,undefined \
		-Db_lundef=false >/dev/null
fi
# Only what fuzzing needs: the targets, seccompc and seccompc-fuzz-diff (seeds).
if ! ninja -C "$dir" fuzz/fuzz_profile fuzz/fuzz_raw fuzz/fuzz_listing compiler/seccompc \
	tests/fuzz/seccompc-fuzz-diff >"$dir/fuzz-build.log" 2>&1; then
	tail -n 30 "$dir/fuzz-build.log" >&2
	echo "fuzz.sh: the build failed (log: $dir/fuzz-build.log)" >&2
	exit 2
fi

seeds=$dir/fuzz-seeds work=$dir/fuzz-corpus findings=$dir/fuzz-findings
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# Profiles the verifier refuses (exit 3) are kept for the differential
# fuzzer to judge (seccompc-fuzz-diff --replay-dir), not counted as crashes.
export SECCOMPC_FUZZ_REFUSED_DIR=$findings/profile-refused
mkdir -p "$SECCOMPC_FUZZ_REFUSED_DIR"
[ "${FUZZ_FRESH:-0}" = 1 ] && rm -rf "$work"

# Seeds: profiles as they are, and what seccompc makes of them for four targets.
rm -rf "$seeds"
mkdir -p "$seeds/profile" "$seeds/raw" "$seeds/listing" "$seeds/generated"
cp tests/corpus/*.json profiles/*.json tests/golden/*.json tests/fuzz/regress/*.json \
	"$seeds/profile/"
"$dir/tests/fuzz/seccompc-fuzz-diff" --emit "$seeds/generated" --seed 1 --count 200 >/dev/null
cp "$seeds"/generated/*.json "$seeds/profile/"
cp tests/golden/*.s fuzz/seeds/*.s "$seeds/listing/"
for p in tests/corpus/*.json profiles/*.json tests/golden/*.json "$seeds"/generated/gen-1?.json; do
	name=$(basename "$p" .json)
	for t in x86_64 aarch64 s390x mips64; do
		"$dir/compiler/seccompc" "$p" --target "$t" --kernel 6.1 -o "$seeds/raw/$name-$t.bpf" \
			2>/dev/null || true
		"$dir/compiler/seccompc" "$p" --target "$t" --kernel 6.1 -f asm \
			-o "$seeds/listing/$name-$t.s" 2>/dev/null || true
	done
done

status=0
for t in $targets; do
	mkdir -p "$work/$t" "$findings/$t"
	log=$dir/fuzz-$t.log
	before=$(find "$findings/$t" -maxdepth 1 -type f | wc -l)
	"$dir/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=30 -print_final_stats=1 \
		-artifact_prefix="$findings/$t/" "$work/$t" "$seeds/$t" >"$log" 2>&1 || true
	after=$(find "$findings/$t" -maxdepth 1 -type f | wc -l)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
	corpus=$(find "$work/$t" -type f | wc -l)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
	echo "fuzz_$t: ${execs:-0} executions in ${took:-$secs} s, coverage ${cov:-?} edges," \
		"corpus $corpus inputs, $((after - before)) new finding(s) (log: $log)"
	if [ "$t" = profile ]; then
		echo "fuzz_profile: $(find "$SECCOMPC_FUZZ_REFUSED_DIR" -name '*.json' | wc -l) profiles" \
			"refused by the verifier so far, in $SECCOMPC_FUZZ_REFUSED_DIR"
	fi
	if [ "$after" -gt "$before" ] || grep -q '^==[0-9]*==ERROR\|^SUMMARY: \|fuzz finding' "$log"; then
		grep -m 3 'fuzz finding\|^==[0-9]*==ERROR\|^SUMMARY' "$log" || true
		status=1
	fi
done
exit $status
