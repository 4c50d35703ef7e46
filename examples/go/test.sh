#!/bin/sh
# test.sh SECCOMPC PROFILE GO LOCKDOWN_GO GENERATED_GO... - the Go example locks
# itself down on every thread and in a child; the files seccompc wrote are
# gofmt-clean, pass go vet and build for other arches and operating systems;
# compiled for other arches only, InstallSandbox says so and changes nothing.
set -eu
seccompc=$1 profile=$2 go=$3 prog=$4
shift 4
case $profile in /*) ;; *) profile=$PWD/$profile ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/run"
out=$("$prog" "$tmp/run") || { echo "FAIL: lockdown-go exited $?:"; echo "$out"; exit 1; }
echo "$out"
for want in "5 threads of its own before the lock-down" "main: mkdir: operation not permitted" \
	"child: mkdir: operation not permitted" "locked down on every thread and in the child"; do
	case $out in *"$want"*) ;; *) echo "FAIL: no '$want'"; exit 1 ;; esac
done
n=$(echo "$out" | grep -c '^lockdown-go: thread [0-9]*: mkdir: operation not permitted$' || true)
[ "$n" -eq 4 ] || { echo "FAIL: $n of 4 worker threads were refused mkdir"; exit 1; }
[ "$(ls "$tmp/run")" = before ] || { echo "FAIL: directories were made: $(ls "$tmp/run")"; exit 1; }

if [ -z "${GOCACHE:-}${XDG_CACHE_HOME:-}${HOME:-}" ]; then
	export GOCACHE="$tmp/cache"
fi
export CGO_ENABLED=0 GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod
# The generated files with a main that only installs: gofmt, vet, other platforms.
mkdir "$tmp/mod"
cp "$@" "$tmp/mod/"
printf 'module seccompc.test/embed\n\ngo 1.17\n' >"$tmp/mod/go.mod"
printf 'package main\n\nfunc main() {\n\tif err := InstallSandbox(); err != nil {\n\t\tpanic(err)\n\t}\n}\n' \
	>"$tmp/mod/main.go"
cd "$tmp/mod"
unformatted=$("$("$go" env GOROOT)/bin/gofmt" -l .)
[ -z "$unformatted" ] || { echo "FAIL: not gofmt-clean: $unformatted"; exit 1; }
"$go" vet . || { echo "FAIL: go vet"; exit 1; }
platforms="linux/386 linux/arm64 linux/mipsle linux/s390x darwin/arm64 windows/amd64"
for platform in $platforms; do
	GOOS=${platform%/*} GOARCH=${platform#*/} "$go" build -o /dev/null . ||
		{ echo "FAIL: does not build for $platform"; exit 1; }
done

# Compiled for another family only: an error that says so, no filter.
goarch=$("$go" env GOARCH)
other=s390x
[ "$goarch" != s390x ] || other=riscv64
mkdir "$tmp/other"
cd "$tmp/other"
"$seccompc" "$profile" -o sandbox.go --name Sandbox --target "$other"
cp "$tmp/mod/go.mod" .
cat >main.go <<'GO'
package main

import (
	"fmt"
	"os"
	"strings"
)

func main() {
	fmt.Println(InstallSandbox())
	status, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(line, "Seccomp:") {
			fmt.Println(line)
		}
	}
}
GO
"$go" build -o other .
said=$(./other)
case $said in
"seccompc Sandbox: no filter for linux/$goarch; compiled for $other ("*"Seccomp:	0") ;;
*) echo "FAIL: InstallSandbox without a filter for $goarch said: $said"; exit 1 ;;
esac
said=$(echo "$said" | head -1)
echo "ok: locked down on every thread and in a child; gofmt, vet, builds for $platforms;" \
	"without a filter for $goarch: $said"
