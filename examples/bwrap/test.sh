#!/bin/sh
# test.sh BWRAP SANDBOX.bpf NO_UNAME.bpf NO_PRCTL.bpf - bubblewrap installs
# seccompc's raw filters: one with --seccomp FD, several stacked with
# --add-seccomp-fd FD; a filter stacked before another must allow prctl,
# which bwrap installs the next one with.
set -eu
bwrap=$1 sandbox=$2 no_uname=$3 no_prctl=$4
# What a shell in the sandbox sees: mkdir's and uname's status.
probe='mkdir /tmp/x 2>/dev/null; echo mkdir=$?; uname -s >/dev/null 2>&1; echo uname=$?'
box() { "$bwrap" --ro-bind / / --tmpfs /tmp --dev /dev --proc /proc "$@"; }

if ! out=$(box true 2>&1); then
	echo "SKIP: bwrap cannot make a sandbox here: $out"
	exit 77
fi
expect() {   # expect WHAT WANT GOT
	[ "$3" = "$2" ] || { echo "FAIL: $1: got '$3', want '$2'"; exit 1; }
	echo "ok: $1"
}
expect "no filter: mkdir and uname work" "mkdir=0 uname=0" \
	"$(box sh -c "$probe" | tr '\n' ' ' | sed 's/ $//')"
expect "--seccomp 9: mkdir refused" "mkdir=1 uname=0" \
	"$(box --seccomp 9 sh -c "$probe" 9<"$sandbox" | tr '\n' ' ' | sed 's/ $//')"
expect "--add-seccomp-fd twice: both filters hold" "mkdir=1 uname=1" \
	"$(box --add-seccomp-fd 8 --add-seccomp-fd 9 sh -c "$probe" 8<"$sandbox" 9<"$no_uname" |
		tr '\n' ' ' | sed 's/ $//')"
expect "a filter that refuses prctl, stacked last: fine" "mkdir=1 uname=0" \
	"$(box --add-seccomp-fd 8 --add-seccomp-fd 9 sh -c "$probe" 8<"$sandbox" 9<"$no_prctl" |
		tr '\n' ' ' | sed 's/ $//')"
# Stacked first, it stops bwrap from installing the next: the command never runs.
if err=$(box --add-seccomp-fd 8 --add-seccomp-fd 9 sh -c "echo ran" 8<"$no_prctl" 9<"$no_uname" 2>&1); then
	echo "FAIL: bwrap ran the command with a filter that refuses prctl stacked first: $err"
	exit 1
fi
case $err in
*"prctl(PR_SET_SECCOMP): Operation not permitted"*) echo "ok: prctl refused first: bwrap says $err" ;;
*) echo "FAIL: unexpected: $err"; exit 1 ;;
esac
