# checks.sh - sourced by the script tests (fit_ladder.sh, proof_room.sh):
# counting checks, and a compile that must be refused. The caller sets
# $seccompc and $work first and ends with `finish`.
passed=0 failed=0

fail() {
	echo "FAIL $1"
	failed=$((failed + 1))
}

# expect_refusal NAME PROFILE OUT EXIT TEXT: seccompc (--target x86_64) exits
# EXIT, leaves OUT unwritten, and says TEXT (a grep pattern).
expect_refusal() {
	rm -f "$3"
	"$seccompc" --target x86_64 "$2" -o "$3" 2>"$work/err"
	rc=$?
	if [ $rc -ne "$4" ] || [ -e "$3" ] || ! grep -q "$5" "$work/err"; then
		fail "$1: exit $rc, $(cat "$work/err") (expected: exit $4, $5)"
	else
		echo "ok: $1 refused: $(cat "$work/err")"
		passed=$((passed + 1))
	fi
}

# The counts, and the script's status: 0 when no check failed.
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
