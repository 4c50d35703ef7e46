#!/bin/sh
# planner_bound.sh - the planner's diagram shape gives up before it eats the
# machine: 1,700 rules of 1-3 conditions over four arguments (bench/series.py
# conds) once made the diagram builder keep 10 GB of term lists before its
# node bound stopped it. Under a 2 GB address-space limit the filter must
# now be planned and written (--no-verify: the proof of so many rules is
# past the verifier's bound, see docs/performance.md), and fit 4,096
# instructions. A bound on memory, not on time: the same on any machine.
# usage: planner_bound.sh SECCOMPC SRCDIR WORKDIR
set -u
seccompc=$1 src=$2 work=$3
mkdir -p "$work"
profile=$work/conds-1700.json out=$work/conds-1700.bpf
rm -f "$out"
if ! python3 "$src/bench/series.py" conds 1700 "$profile" >/dev/null; then
	echo "FAIL: bench/series.py could not make the profile"
	exit 1
fi
# ASan reserves terabytes of address space for its shadow: there the limit
# cannot apply, and the release build checks it.
limit="prlimit --as=2000000000"
if grep -q __asan_init "$seccompc"; then
	limit=""
	echo "an ASan build: no address-space limit (the release build has one)"
fi
$limit "$seccompc" --no-verify --target x86_64 "$profile" -o "$out"
rc=$?
if [ "$rc" -ne 0 ]; then
	echo "FAIL: seccompc --no-verify exited $rc${limit:+ under a 2 GB limit}"
	exit 1
fi
size=$(($(stat -c %s "$out") / 8))
if [ "$size" -gt 4096 ]; then
	echo "FAIL: $size instructions"
	exit 1
fi
echo "ok: 1,700 rules planned in under 2 GB, $size instructions"
