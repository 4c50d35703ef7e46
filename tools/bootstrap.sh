#!/bin/sh
# bootstrap.sh - installs what building and testing seccompc needs on Debian 12.
# bubblewrap is for tests only (bwrap --seccomp takes seccompc's raw output).
# libseccomp-dev is for tests only (a libseccomp-made filter that disasm/sim must read,
# and an independent compiler of the shipped profiles); nothing seccompc ships links it.
# golang-go, rustc, crun and jq build and run the examples (examples/go, examples/rust,
# examples/crun); groff-base renders the man pages in their test.
# git, make, curl, openssl, patch and python3-venv are what the agent workload
# (tests/agent/) runs under the shipped profiles; nodejs too when it can be
# installed (as root): the node task says SKIP without it.
# clang and its runtime (libFuzzer) build the fuzzing targets tools/fuzz.sh runs.
# As root it runs apt-get; otherwise it prints the exact apt-get line to run.
set -eu
packages="gcc g++ meson ninja-build pkg-config libyajl-dev check python3 libseccomp-dev bubblewrap
golang-go rustc crun jq groff-base
git make curl openssl patch python3-venv
clang libclang-rt-14-dev"
optional="nodejs"
missing="" missing_optional=""
installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}
for p in $packages; do
	installed "$p" || missing="$missing $p"
done
for p in $optional; do
	installed "$p" || command -v node >/dev/null 2>&1 || missing_optional="$missing_optional $p"
done
if [ "$(id -u)" -ne 0 ]; then
	[ -z "$missing_optional" ] ||
		echo "bootstrap: optional, the tests skip what needs it:$missing_optional" >&2
	[ -z "$missing" ] && exit 0
	echo "bootstrap: missing packages:$missing" >&2
	echo "bootstrap: run as root: apt-get update && apt-get install -y$missing" >&2
	exit 1
fi
[ -z "$missing$missing_optional" ] && exit 0
echo "bootstrap: installing$missing$missing_optional" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
if [ -n "$missing" ]; then
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
if [ -n "$missing_optional" ]; then
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing_optional >/dev/null ||
		echo "bootstrap: could not install$missing_optional; the tests that need it skip" >&2
fi
