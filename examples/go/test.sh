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
	# -o a file of ours: as root, some go versions rename over /dev/null
	GOOS=${platform%/*} GOARCH=${platform#*/} "$go" build -o "$tmp/cross.bin" . ||
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
echo "ok: without a filter for $goarch: $(echo "$said" | head -1)"

# A thread with a filter of its own: TSYNC cannot synchronise it, InstallSandbox
# says which thread, and no other thread gets a filter.
mkdir "$tmp/tsync"
cd "$tmp/tsync"
"$seccompc" "$profile" -o sandbox.go --name Sandbox
cp "$tmp/mod/go.mod" .
cat >main.go <<'GO'
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"unsafe"
)

type insn struct {
	code   uint16
	jt, jf uint8
	k      uint32
}

type prog struct {
	len    uint16
	filter *insn
}

func main() {
	ready := make(chan int)
	go func() {
		runtime.LockOSThread()
		allow := []insn{{code: 0x06, k: 0x7fff0000}} // ret ALLOW
		p := prog{len: 1, filter: &allow[0]}
		syscall.RawSyscall6(syscall.SYS_PRCTL, 38, 1, 0, 0, 0, 0) // PR_SET_NO_NEW_PRIVS
		// PR_SET_SECCOMP, SECCOMP_MODE_FILTER: this thread only
		if _, _, e := syscall.RawSyscall(syscall.SYS_PRCTL, 22, 2, uintptr(unsafe.Pointer(&p))); e != 0 {
			panic(e)
		}
		ready <- syscall.Gettid()
		select {}
	}()
	tid := <-ready
	fmt.Println(tid, InstallSandbox())
	filtered := 0
	names, _ := filepath.Glob("/proc/self/task/*/status")
	for _, name := range names {
		status, _ := os.ReadFile(name)
		if strings.Contains(string(status), "\nSeccomp:\t2\n") {
			filtered++
		}
	}
	fmt.Println("threads with a filter:", filtered)
}
GO
"$go" build -o tsync .
said=$(./tsync)
tid=${said%% *}
case $said in
"$tid seccompc Sandbox: thread $tid has a seccomp filter of its own, so no thread was locked down (TSYNC)
threads with a filter: 1") ;;
*) echo "FAIL: InstallSandbox with a thread that has its own filter said: $said"; exit 1 ;;
esac
echo "ok: $(echo "$said" | head -1)"
echo "ok: locked down on every thread and in a child; gofmt, vet, builds for $platforms"
