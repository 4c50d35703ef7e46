#!/bin/sh
# differential.sh - seccompc against libseccomp 2.5.4 built the way runc builds
# it (bench/libseccomp_baseline.c), on the corpus and the shipped profiles
# (default, restrictive, batch): both filters are simulated
# on every syscall of every arch they cover, with moby's argument constants
# (bench/decisions_diff.c). They must decide the same everywhere, except for
# syscalls newer than libseccomp 2.5.4, whose names it cannot resolve (the
# profile allows them; libseccomp's filter gives them the default action).
# Bad-arch action: libseccomp's (KILL_THREAD), and arguments compared as whole
# registers (--arg-width register), to compare like with like: by default
# seccompc compares only the bits the kernel reads of each argument, and
# differs from libseccomp exactly on values with bits set above those.
# usage: differential.sh SECCOMPC BASELINE DIFF SRCDIR WORKDIR
set -u
seccompc=$1 baseline=$2 diff=$3 src=$4 work=$5
newer="cachestat fchmodat2 map_shadow_stack futex_wake futex_wait futex_requeue statmount \
listmount lsm_get_self_attr lsm_set_self_attr lsm_list_modules mseal setxattrat getxattrat \
listxattrat removexattrat open_tree_attr file_getattr file_setattr uretprobe uprobe"
mkdir -p "$work"
passed=0 failed=0
for path in tests/corpus/moby-default tests/corpus/moby-default-x86_64-only \
	    tests/corpus/podman-default tests/corpus/moby-fixture-default-old-format \
	    tests/corpus/moby-fixture-conditional_include tests/corpus/runc-syscall-test1 \
	    tests/corpus/runc-syscall-test2 profiles/default profiles/restrictive profiles/batch; do
	name=${path##*/}
	profile=$src/$path.json
	if ! "$baseline" --runs 0 --kernel 6.1 "$profile" -o "$work/$name.libseccomp.bpf" >/dev/null ||
	   ! "$seccompc" "$profile" --kernel 6.1 --bad-arch KILL_THREAD --arg-width register \
		-o "$work/$name.seccompc.bpf"; then
		echo "FAIL $name: could not build both filters"
		failed=$((failed + 1))
		continue
	fi
	"$diff" "$work/$name.seccompc.bpf" "$work/$name.libseccomp.bpf" > "$work/$name.diff"
	unexpected=$(grep -v '^differences' "$work/$name.diff" | while read -r arch sys arg a b; do
		case " $newer " in
		*" $sys "*) [ "$a" = 0x7fff0000 ] || echo "$arch $sys $arg $a $b" ;;
		*) echo "$arch $sys $arg $a $b" ;;
		esac
	done)
	if [ -n "$unexpected" ]; then
		echo "FAIL $name: the filters decide differently:"
		echo "$unexpected" | head -20
		failed=$((failed + 1))
	else
		echo "ok $name ($(tail -n 1 "$work/$name.diff"), all from syscalls newer than libseccomp 2.5.4)"
		passed=$((passed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
