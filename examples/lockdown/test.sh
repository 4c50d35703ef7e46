#!/bin/sh
# test.sh WC_LITE - wc-lite counts like wc, and after its lock-down open(2) is refused.
set -eu
wc_lite=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'one two\nthree\n  four  five six\n' >"$tmp/in.txt"
out=$("$wc_lite" "$tmp/in.txt")
want="3 6 31 $tmp/in.txt"
[ "$out" = "$want" ] || { echo "FAIL: counted '$out', want '$want'"; exit 1; }
echo secret >"$tmp/other.txt"
out=$("$wc_lite" "$tmp/in.txt" --try-open "$tmp/other.txt")
case "$out" in
*"open $tmp/other.txt after the lock-down: Operation not permitted"*"3 6 31 $tmp/in.txt") ;;
*) echo "FAIL: open was not refused after the lock-down: $out"; exit 1 ;;
esac
echo "ok: wc-lite counts, and open(2) after its lock-down gets EPERM"
