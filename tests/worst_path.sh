#!/bin/sh
# worst_path.sh - bench/worst_path, the benchmarks' count of the most
# instructions a filter runs for one syscall over every argument value, is
# exact: on a hand-made filter whose longest paths no input can take (a word
# tested against a value it was found equal to, a bit its mask already
# cleared) it counts the longest path an input takes and says what the DAG
# bound would have been; on seccompc's filters for moby's personality and
# socket rules it equals the most that seccompc sim counts over every region
# of the compared values; and its two exact methods (sets of inputs per
# instruction, and the search over single paths) agree.
# usage: worst_path.sh SECCOMPC WORST_PATH SRCDIR WORKDIR
set -u
seccompc=$1 worst=$2 src=$3 work=$4
mkdir -p "$work"
passed=0 failed=0

check() { # NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then
		passed=$((passed + 1))
	else
		echo "FAIL $1: expected $2, got $3"
		failed=$((failed + 1))
	fi
}

field() { # KEY OUTPUT
	printf '%s\n' "$2" | awk -v k="$1" '$1 == k { print $2; exit }'
}

# ioctl (16) on x86_64: the path through `dead` needs args[1].lo == 5 and
# == 6, the one through `bit` needs bit 0x40 of a word whose bits 0xf0 were
# found to be 0x30: neither is taken. The longest real path runs 13
# instructions (args[1].lo & 0xf0 == 0x30, args[1].hi <= 7, >= 3); the DAG's
# longest, 17.
cat >"$work/infeasible.s" <<'EOF'
        ld [arch]
        jeq #0xc000003e, nr, kill
nr:     ld [nr]
        jeq #16, lo, allow
lo:     ld [24]
        jeq #5, is5, masked
is5:    jeq #6, dead, eperm
dead:   ld [28]
        jeq #1, eperm, d2
d2:     jeq #2, eperm, d3
d3:     jeq #3, eperm, d4
d4:     jeq #4, eperm, d5
d5:     jeq #5, eperm, d6
d6:     jeq #6, eperm, d7
d7:     jeq #7, eperm, d8
d8:     jeq #8, eperm, eperm
masked: and #0xf0
        jeq #0x30, m2, allow
m2:     jset #0x40, bit, deep
bit:    jeq #0x70, eperm, b2
b2:     jeq #0x71, eperm, b3
b3:     jeq #0x72, eperm, b4
b4:     jeq #0x73, eperm, b5
b5:     jeq #0x74, eperm, eperm
deep:   ld [28]
        jgt #7, eperm, d10
d10:    jge #3, allow, eperm
eperm:  ret ERRNO(1)
allow:  ret ALLOW
kill:   ret KILL_PROCESS
EOF
if "$seccompc" asm "$work/infeasible.s" -o "$work/infeasible.bpf"; then
	for method in "" "--method search"; do
		# shellcheck disable=SC2086
		out=$("$worst" $method "$work/infeasible.bpf" x86_64 ioctl)
		check "infeasible $method: worst" 13 "$(field worst_insns "$out")"
		check "infeasible $method: exact" yes "$(field exact "$out")"
		check "infeasible $method: dag bound" 17 "$(field dag_insns "$out")"
		check "infeasible $method: witness runs it" 13 "$(field witness_insns "$out")"
	done
	check "getppid: decided by nr" 5 "$(field worst_insns "$("$worst" "$work/infeasible.bpf" x86_64 getppid)")"
	check "x86: the arch test" 3 "$(field worst_insns "$("$worst" "$work/infeasible.bpf" x86 ioctl)")"
else
	echo "FAIL: the hand-made listing does not assemble"
	failed=$((failed + 1))
fi

# seccompc's filter for moby's profile: the most `seccompc sim` counts over
# the compared values and their neighbours (every region of the one word
# each syscall compares) is the exact worst.
simmax() { # BLOB SYSCALL VALUES...
	blob=$1 sys=$2
	shift 2
	for v in "$@"; do
		"$seccompc" sim "$blob" --arch x86_64 "$sys" "$v" | awk '/^instructions executed:/ { print $3 }'
	done | sort -n | tail -1
}
if "$seccompc" "$src/tests/corpus/moby-default.json" -o "$work/moby.bpf"; then
	for sys in personality socket; do
		case $sys in
		personality) values="0 1 7 8 9 0x1ffff 0x20000 0x20001 0x20007 0x20008 0x20009 0xfffffffe 0xffffffff" ;;
		socket) values="0 37 38 39 40 41 42 0xffffffff" ;;
		esac
		# shellcheck disable=SC2086
		expect=$(simmax "$work/moby.bpf" $sys $values)
		for method in "" "--method search"; do
			# shellcheck disable=SC2086
			out=$("$worst" $method "$work/moby.bpf" x86_64 $sys)
			check "moby $sys $method: worst" "$expect" "$(field worst_insns "$out")"
			check "moby $sys $method: exact" yes "$(field exact "$out")"
		done
	done
else
	echo "FAIL: moby's profile does not compile"
	failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
