#!/bin/sh
# build.sh GO OUT FILE... - builds the Go files (main.go, go.mod and the files
# seccompc wrote) as one module into OUT: no cgo, no network, no toolchain
# download.
set -eu
go=$1 out=$2
shift 2
case $out in /*) ;; *) out=$PWD/$out ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$@" "$tmp/"
# The go command needs a build cache; give it one where it finds none.
if [ -z "${GOCACHE:-}${XDG_CACHE_HOME:-}${HOME:-}" ]; then
	export GOCACHE="$tmp/cache"
fi
cd "$tmp"
CGO_ENABLED=0 GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod "$go" build -o "$out" .
