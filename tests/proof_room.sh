#!/bin/sh
# proof_room.sh - when the proof of the fast shape's program runs out of room
# (its diagrams pass the manager's bound), compile.c makes the program again
# in the compact shapes and proves that one; the compile succeeds only with
# a program that was proved.
#  - conds-780 (bench/series.py: 780 rules of 1-3 conditions over four
#    arguments): the fast program's reading passes 40 M nodes, the compact
#    one's proves in about 4 M. Compiled with the proof, the filter is
#    written (exit 0) and is not the fast program that --no-verify writes;
#    both decide the series' allowed and denied getsockopt calls as the
#    profile says (seccompc sim).
#  - conds-800: neither program proves in the bound: refused with exit 3,
#    "cannot be analysed", nothing written.
# Release builds only (meson.build): under ASan the two proofs take minutes.
# usage: proof_room.sh SECCOMPC SRCDIR WORKDIR
set -u
seccompc=$1 src=$2 work=$3
mkdir -p "$work"
. "$src/tests/checks.sh"

# FILTER ARGS_JSON_KEY: the action `seccompc sim` gives the meta's tuple
sim() {
	args=$(python3 -c "import json,sys; print(' '.join(map(str, json.load(open(sys.argv[1]))[sys.argv[2]])))" \
		"$work/conds-780.meta.json" "$2")
	# shellcheck disable=SC2086
	"$seccompc" sim "$1" --arch x86_64 --quiet getsockopt $args
}

python3 "$src/bench/series.py" conds 780 "$work/conds-780.json" >/dev/null
rm -f "$work/fast.bpf" "$work/proved.bpf"
"$seccompc" --target x86_64 --no-verify "$work/conds-780.json" -o "$work/fast.bpf"
if "$seccompc" --target x86_64 "$work/conds-780.json" -o "$work/proved.bpf" 2>"$work/err"; then
	if cmp -s "$work/fast.bpf" "$work/proved.bpf"; then
		fail "conds-780: the proved filter is the fast program"
	else
		echo "ok: conds-780 proved in another shape ($(($(stat -c %s "$work/proved.bpf") / 8))" \
		     "instructions; fast: $(($(stat -c %s "$work/fast.bpf") / 8)))"
		passed=$((passed + 1))
	fi
	for f in fast proved; do
		a=$(sim "$work/$f.bpf" allowed) d=$(sim "$work/$f.bpf" denied)
		if [ "$a" = ALLOW ] && [ "$d" = "ERRNO(1)" ]; then
			echo "ok: conds-780 $f: allowed call $a, denied call $d"
			passed=$((passed + 1))
		else
			fail "conds-780 $f: allowed call $a, denied call $d (expected ALLOW, ERRNO(1))"
		fi
	done
else
	fail "conds-780: not compiled: $(cat "$work/err")"
fi

python3 "$src/bench/series.py" conds 800 "$work/conds-800.json" >/dev/null
expect_refusal conds-800 "$work/conds-800.json" "$work/conds-800.bpf" 3 "cannot be analysed"

finish
