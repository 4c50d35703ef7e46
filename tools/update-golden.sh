#!/bin/sh
# update-golden.sh BUILD_DIR - regenerates tests/golden/*.s from their profiles.
set -eu
build=${1:-build}
cd "$(dirname "$0")/.."
for json in tests/golden/*-*.json; do
	target=${json##*-}
	target=${target%.json}
	"$build/compiler/seccompc" "$json" --target "$target" --caps none --kernel 6.1 -o "${json%.json}.s"
done
