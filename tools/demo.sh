#!/bin/sh
# demo.sh - sets everything up and runs the main job: compile the shipped
# default profile, show its numbers, and run a command under it.
set -eu
cd "$(dirname "$0")/.."
./tools/bootstrap.sh
[ -d build ] || meson setup build >/dev/null
ninja -C build >/dev/null
seccompc=build/compiler/seccompc
exec_=build/runtime/seccompc-exec
echo "== compile profiles/default.json"
$seccompc profiles/default.json -o build/default.bpf
echo "wrote build/default.bpf ($(wc -c < build/default.bpf) bytes)"
echo "== its numbers"
$seccompc stats profiles/default.json
echo "== a command under it"
$exec_ build/default.bpf -- sh -c 'echo "hello from inside the filter: $(ls / | wc -l) entries in /"'
echo "== a denied syscall, explained (--report): unshare needs CAP_SYS_ADMIN in the default profile"
$exec_ --report -- unshare --user true || true
