#!/bin/sh
# bootstrap.sh - installs what building and testing seccompc needs on Debian 12.
# bubblewrap is for tests only (bwrap --seccomp takes seccompc's raw output).
# libseccomp-dev is for tests only (a libseccomp-made filter that disasm/sim must read);
# nothing seccompc ships links it.
# golang-go, rustc, crun and jq build and run the examples (examples/go, examples/rust,
# examples/crun); groff-base renders the man pages in their test.
# As root it runs apt-get; otherwise it prints the exact apt-get line to run.
set -eu
packages="gcc g++ meson ninja-build pkg-config libyajl-dev check python3 libseccomp-dev bubblewrap
golang-go rustc crun jq groff-base"
missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "bootstrap: missing packages:$missing" >&2
	echo "bootstrap: run as root: apt-get update && apt-get install -y$missing" >&2
	exit 1
fi
echo "bootstrap: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
