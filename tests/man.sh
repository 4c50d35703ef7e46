#!/bin/sh
# man.sh SECCOMPC SRCDIR BUILDDIR - every man page renders without a warning
# (groff -ww), names itself as its file does, and is installed; every command
# `seccompc --help` lists has its page; every seccompc page a page refers to
# exists.
set -eu
seccompc=$1 src=$2 build=$3
mandir=$src/man
command -v groff >/dev/null || { echo "SKIP: groff is not installed (groff-base)"; exit 77; }
failed=0
npages=0
fail() { echo "FAIL: $*"; failed=1; }

installed=$(meson introspect --installed "$build")
for page in "$mandir"/*.[1-8]; do
	name=$(basename "$page")
	npages=$((npages + 1))
	warnings=$(LC_ALL=C.UTF-8 groff -ww -man -Tutf8 -z "$page" 2>&1)
	[ -z "$warnings" ] || fail "$name: groff says: $warnings"
	# .TH names the page as its file does: SECCOMPC-LINT 1 for seccompc-lint.1
	title=$(sed -n 's/^\.TH \([^ ]*\) \([0-9]\).*/\1.\2/p' "$page" | tr '[:upper:]' '[:lower:]')
	[ "$title" = "$name" ] || fail "$name: .TH says $title"
	section=${name##*.}
	case $installed in
	*"/man$section/$name\""*) ;;
	*) fail "$name: meson install does not install it (man/meson.build)" ;;
	esac
	# seccompc pages it refers to: .BR seccompc\-sim (1), (seccompc\-lint (1))
	for ref in $(grep -o 'seccompc[a-z\\-]* ([0-9])' "$page" | tr -d '\\()' | tr ' ' '.'); do
		[ -f "$mandir/$ref" ] || fail "$name refers to $ref, which does not exist"
	done
done

# Every command of `seccompc --help`, and the launcher.
commands=$("$seccompc" --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z0-9-]*\) .*/\1/p')
[ -n "$commands" ] || fail "seccompc --help lists no commands"
for cmd in $commands; do
	[ -f "$mandir/seccompc-$cmd.1" ] || fail "seccompc $cmd has no man page (man/seccompc-$cmd.1)"
done
[ -f "$mandir/seccompc.1" ] || fail "no seccompc.1"
[ -f "$mandir/seccompc-exec.1" ] || fail "no seccompc-exec.1"
[ -f "$mandir/seccompc-runtime.3" ] || fail "no seccompc-runtime.3"
[ "$failed" -eq 0 ] || exit 1
echo "ok: $npages pages render without warnings and are installed; commands with pages:" \
	"$(echo "$commands" | tr '\n' ' ')"
