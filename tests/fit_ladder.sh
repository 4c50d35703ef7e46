#!/bin/sh
# fit_ladder.sh - a profile too large for the fast shape is tried in the
# shapes of compile.c's ladder, fastest first, until one fits 4,096
# instructions: past the fast shape's limit the searches keep working with
# larger buckets, and only the last rungs are chains. Each case is a
# bench/series.py profile with the most instructions its hot syscall runs
# (bench/worst_path, exact) and the size, both the same on any machine; the
# numbers in parentheses are what the filter had when the compact shape was
# the only fallback.
#  - ioctl-6000: 48 instructions on ioctl (3,892: the allowlist as one chain);
#  - moby-5000: 26 on ioctl (3,202);
#  - wide-975: 85 on pread64 (238);
#  - wide-1008: fits only with the compact plans, whose tries test a value
#    terms share before splitting (smaller: split like the fast ones, this
#    profile is refused);
#  - ioctl-6206 and wide-1009: fit no shape: refused with exit 1, nothing
#    written, and the message gives the size of the shape that came closest
#    (wide-1009: 4,130 instructions, compact plans at bucket 16; its chain
#    would need 4,383).
# usage: fit_ladder.sh SECCOMPC WORST_PATH SRCDIR WORKDIR
set -u
seccompc=$1 worst=$2 src=$3 work=$4
mkdir -p "$work"
passed=0 failed=0

fail() {
	echo "FAIL $1"
	failed=$((failed + 1))
}

field() { # KEY OUTPUT
	printf '%s\n' "$2" | awk -v k="$1" '$1 == k { print $2; exit }'
}

# NAME SERIES N HOT MOST_INSNS MOST_SIZE: compiles, and its hot syscall runs
# at most MOST_INSNS instructions, exactly counted
fits() {
	profile=$work/$1.json out=$work/$1.bpf
	rm -f "$out"
	if ! python3 "$src/bench/series.py" "$2" "$3" "$profile" >/dev/null; then
		fail "$1: bench/series.py could not make the profile"
		return
	fi
	if ! "$seccompc" --target x86_64 "$profile" -o "$out"; then
		fail "$1: not written"
		return
	fi
	size=$(($(stat -c %s "$out") / 8))
	report=$("$worst" "$out" x86_64 "$4")
	insns=$(field worst_insns "$report")
	exact=$(field exact "$report")
	if [ "$exact" != yes ]; then
		fail "$1: the worst path on $4 was not counted exactly"
	elif [ "$insns" -gt "$5" ]; then
		fail "$1: $4 runs up to $insns instructions (at most $5 expected)"
	elif [ "$size" -gt "$6" ]; then
		fail "$1: $size instructions (at most $6 expected)"
	else
		echo "ok: $1 in $size instructions, at most $insns on $4"
		passed=$((passed + 1))
	fi
}

fits ioctl-6000 ioctl 6000 ioctl 48 4056
fits moby-5000 moby 5000 ioctl 26 3873
fits wide-975 wide 975 pread64 85 4078
fits wide-1008 wide 1008 pread64 128 4092

# NAME SERIES N NEEDED: refused with exit 1, nothing written, and the message
# gives the size of the shape that came closest
refused() {
	profile=$work/$1.json out=$work/$1.bpf
	rm -f "$out"
	python3 "$src/bench/series.py" "$2" "$3" "$profile" >/dev/null
	"$seccompc" --target x86_64 "$profile" -o "$out" 2>"$work/err"
	rc=$?
	if [ $rc -ne 1 ] || [ -e "$out" ] || ! grep -q "needs $4 instructions" "$work/err"; then
		fail "$1: exit $rc, $(cat "$work/err") (expected: needs $4 instructions)"
	else
		echo "ok: $1 refused: $(cat "$work/err")"
		passed=$((passed + 1))
	fi
}

refused ioctl-6206 ioctl 6206 4097
refused wide-1009 wide 1009 4130

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
