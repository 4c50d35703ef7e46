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
#  - in the kernel (seccompc-exec runs tests/probe under the filter):
#    ioctl-6000's bucket-32 program (with the syscalls probe needs to start
#    allowed too) and moby-5000's bucket-8 one let ioctl(-1, R) fail with
#    EBADF for each of the profile's requests R, and fail with EPERM for
#    each R + 1 that is not one of them;
#  - ioctl-6206, wide-1009 and conds-3000: fit no shape: refused with exit
#    1, nothing written, and the message gives the size of the shape that
#    came closest (wide-1009: 4,130 instructions, in the compact plans at
#    bucket 32 or below; its chain would need 4,383).
# usage: fit_ladder.sh SECCOMPC WORST_PATH SECCOMPC_EXEC PROBE SRCDIR WORKDIR
set -u
seccompc=$1 worst=$2 exec=$3 probe=$4 src=$5 work=$6
mkdir -p "$work"
. "$src/tests/checks.sh"

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
# NAME SERIES N MOST_INSNS: the profile's ioctl requests, each allowed, and
# their neighbours that are not requests, each denied, checked in the kernel
# on its searched program (ioctl runs at most MOST_INSNS instructions)
in_kernel() {
	profile=$work/$1.kernel.json out=$work/$1.kernel.bpf
	python3 "$src/bench/series.py" "$2" "$3" "$work/$1.json" >/dev/null
	# the profile's ioctl requests; the calls (probe's arguments); what each must give
	python3 - "$work/$1.json" "$profile" "$work/$1.calls" "$work/$1.expected" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
start = ["execve", "openat", "arch_prctl", "set_tid_address", "access", "pread64",
         "sigaltstack"]   # sigaltstack: a sanitized seccompc-exec before its execve
p["syscalls"].insert(0, {"names": start, "action": "SCMP_ACT_ALLOW"})
json.dump(p, open(sys.argv[2], "w"))
reqs = [r["args"][0]["value"] for r in p["syscalls"]
        if r.get("names") == ["ioctl"] and len(r.get("args", [])) == 1
        and r["args"][0]["index"] == 1 and r["args"][0]["op"] == "SCMP_CMP_EQ"]
have = set(reqs)
calls, expected = [], []
for r, errno in [(r, 9) for r in reqs] + [(r + 1, 1) for r in reqs if r + 1 not in have]:
    calls += ["--", "16", str((1 << 64) - 1), str(r)]
    expected.append(f"ret -1 errno {errno}")
open(sys.argv[3], "w").write("\n".join(calls[1:]) + "\n")
open(sys.argv[4], "w").write("\n".join(expected) + "\n")
PY
	if ! "$seccompc" --target x86_64 "$profile" -o "$out"; then
		fail "$1 (kernel): not written"
		return
	fi
	insns=$(field worst_insns "$("$worst" "$out" x86_64 ioctl)")
	if [ "$insns" -gt "$4" ]; then
		fail "$1 (kernel): ioctl runs up to $insns instructions: not the searched program"
		return
	fi
	# all calls in one probe process (numbers only: the unquoted expansion
	# splits them and nothing else; about 400 KB of arguments)
	# shellcheck disable=SC2046
	"$exec" "$out" -- "$probe" $(cat "$work/$1.calls") >"$work/$1.got" 2>&1
	if ! cmp -s "$work/$1.expected" "$work/$1.got"; then
		fail "$1 (kernel): $(diff "$work/$1.expected" "$work/$1.got" | head -5)"
	else
		echo "ok: $1 in the kernel: $(grep -c 'errno 9' "$work/$1.got") requests allowed," \
		     "$(grep -c 'errno 1$' "$work/$1.got") neighbours denied"
		passed=$((passed + 1))
	fi
}

in_kernel ioctl-6000 ioctl 6000 48
in_kernel moby-5000 moby 5000 26

refused() {
	python3 "$src/bench/series.py" "$2" "$3" "$work/$1.json" >/dev/null
	expect_refusal "$1" "$work/$1.json" "$work/$1.bpf" 1 "needs $4 instructions"
}

refused ioctl-6206 ioctl 6206 4097
refused wide-1009 wide 1009 4130
# 3,000 rules of 1-3 conditions: the proof's helper thread, reading the
# profile's side meanwhile, is cut short when no shape fits (it took 8 s)
refused conds-3000 conds 3000 5079

finish
