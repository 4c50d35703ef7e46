#!/bin/sh
# test.sh - sets everything up and runs the whole test suite twice: a normal
# build with warnings as errors, then under AddressSanitizer and UBSan; then
# each libFuzzer target for FUZZ_SECONDS (default 60; 0 skips them).
set -eu
cd "$(dirname "$0")/.."
./tools/bootstrap.sh
passed=0 failed=0
for variant in release asan; do
	dir="build-test-$variant"
	opts="-Dwerror=true"
	[ "$variant" = asan ] && opts="$opts -Db_sanitize=address,undefined -Db_lundef=false"
	if [ ! -d "$dir" ]; then
		# shellcheck disable=SC2086
		meson setup "$dir" $opts >/dev/null
	fi
	ninja -C "$dir" >/dev/null
	echo "== test suite ($variant) =="
	status=0
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		meson test -C "$dir" --print-errorlogs || status=$?
	log="$dir/meson-logs/testlog.json"
	ok=$(grep -c '"result": "OK"' "$log" || true)
	bad=$(grep -c '"result": "\(FAIL\|TIMEOUT\|ERROR\|UNEXPECTEDPASS\)"' "$log" || true)
	passed=$((passed + ok))
	failed=$((failed + bad))
	[ "$status" -eq 0 ] || { echo "$passed passed, $failed failed"; exit "$status"; }
done
echo "$passed passed, $failed failed"
if [ "${FUZZ_SECONDS:-60}" -gt 0 ]; then
	echo "== libFuzzer targets, ${FUZZ_SECONDS:-60} s each =="
	./tools/fuzz.sh "${FUZZ_SECONDS:-60}"
fi
