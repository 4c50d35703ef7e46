#!/bin/sh
# differential.sh - seccompc against libseccomp 2.5.4 built the way runc builds
# it (bench/libseccomp_baseline.c), on the corpus and the shipped profiles
# (default, restrictive, batch), each profile resolved for three capability
# sets: none (--caps none), Docker's default set, and Docker's plus
# CAP_SYS_ADMIN (--cap CAP_SYS_ADMIN). Both filters are simulated on every
# syscall of every arch they cover (bench/decisions_diff.c), with moby's
# argument constants and the profile's own, each on every argument index.
# They must decide the same everywhere, except for syscalls newer than
# libseccomp 2.5.4, whose names it cannot resolve (the profile allows them;
# libseccomp's filter gives them the default action).
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
	for caps in none docker sys_admin; do
		case $caps in
		none) select="--caps none" ;;
		docker) select="" ;;
		sys_admin) select="--cap CAP_SYS_ADMIN" ;;
		esac
		run=$name.$caps
		# shellcheck disable=SC2086
		if ! "$baseline" --runs 0 --kernel 6.1 $select "$profile" \
			-o "$work/$run.libseccomp.bpf" >/dev/null ||
		   ! "$seccompc" "$profile" --kernel 6.1 $select --bad-arch KILL_THREAD \
			--arg-width register -o "$work/$run.seccompc.bpf"; then
			echo "FAIL $run: could not build both filters"
			failed=$((failed + 1))
			continue
		fi
		"$diff" --profile "$profile" "$work/$run.seccompc.bpf" "$work/$run.libseccomp.bpf" \
			> "$work/$run.diff"
		unexpected=$(grep -v '^differences' "$work/$run.diff" | while read -r arch sys arg a b; do
			case " $newer " in
			*" $sys "*) [ "$a" = 0x7fff0000 ] || echo "$arch $sys $arg $a $b" ;;
			*) echo "$arch $sys $arg $a $b" ;;
			esac
		done)
		if [ -n "$unexpected" ]; then
			echo "FAIL $run: the filters decide differently:"
			echo "$unexpected" | head -20
			failed=$((failed + 1))
		else
			count=$(tail -n 1 "$work/$run.diff")
			if [ "$count" = "differences 0" ]; then
				echo "ok $run (no differences)"
			else
				echo "ok $run ($count, all from syscalls newer than libseccomp 2.5.4)"
			fi
			passed=$((passed + 1))
		fi
	done
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
