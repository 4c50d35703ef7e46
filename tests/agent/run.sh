#!/bin/sh
# run.sh - the agent workload: every task in tests/agent/tasks/ run under each
# sandbox given, each in a fresh directory, as an AI coding agent runs its
# commands. Prints one line a task and sandbox, "PASS|FAIL|SKIP SANDBOX TASK: ...",
# then a count; exits 1 when a task failed anywhere. No network is used.
#
# usage: run.sh SECCOMPC_EXEC WORKDIR SANDBOX...
#   NAME            seccompc-exec NAME -- sh TASK   (default, restrictive, none, ...)
#   FILE.bpf        seccompc-exec FILE.bpf -- sh TASK (a filter another compiler made)
#   --OPTION... NAME  seccompc-exec --OPTION... NAME -- sh TASK (words split at spaces)
#   bwrap:FILE.bpf  bwrap --seccomp 9 ... sh TASK 9<FILE.bpf (bubblewrap installs it)
#   LABEL=SANDBOX   the same, printed as LABEL
# Environment: AGENT_TASKS (space-separated task names) runs only those.
# A failed task is run again under `seccompc-exec --report` when SANDBOX is a
# NAME, and the denied syscalls are printed below its FAIL line.
set -u
[ $# -ge 3 ] || { echo "usage: run.sh SECCOMPC_EXEC WORKDIR SANDBOX..." >&2; exit 2; }
exec_bin=$1 work=$2
shift 2
case $exec_bin in /*) ;; *) exec_bin=$(pwd)/$exec_bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
tasks=${AGENT_TASKS:-$(cd "$here/tasks" && ls ./*.sh | sed 's|^\./||; s|\.sh$||')}
rm -rf "$work"
mkdir -p "$work" || exit 2
work=$(cd "$work" && pwd)
# TMPDIR of the tasks: short, since AF_UNIX socket paths (multiprocessing's
# forkserver) must fit in 108 bytes and WORKDIR may be deep in a build tree.
tmp_root=$(mktemp -d "/tmp/agent.XXXXXX") || exit 2
trap 'rm -rf "$tmp_root"' EXIT
# The tasks' standard input: an empty file of our own (what /dev/null reads as,
# without depending on it).
: >"$tmp_root/empty"
passed=0 failed=0 skipped=0 ntask=0
# Tools open /dev/null themselves (git's run-command does for git gc): say so
# when something on this machine has made it a regular file.
[ -c /dev/null ] ||
	echo "run.sh: warning: /dev/null is not a character device here; tools that read it fail"

# Whether bubblewrap can make a sandbox here (root, or unprivileged user namespaces).
bwrap_works() {
	command -v bwrap >/dev/null 2>&1 &&
		bwrap --ro-bind / / --dev /dev --proc /proc true >/dev/null 2>&1
}

# run_task SANDBOX TASK DIR [--report]: runs TASK in DIR; its output goes to
# DIR.out, its stderr to DIR.err. (The time limit only keeps a hung task from hanging CI.)
run_task() {
	rt_sandbox=$1 rt_script=$here/tasks/$2.sh rt_dir=$3 rt_report=${4:-}
	ntask=$((ntask + 1))
	rt_tmp=$tmp_root/$ntask
	mkdir -p "$rt_dir/home" "$rt_tmp"
	(
		cd "$rt_dir" || exit 125
		export HOME="$rt_dir/home" TMPDIR="$rt_tmp" LC_ALL=C
		case $rt_sandbox in
		bwrap:*)
			exec 9<"${rt_sandbox#bwrap:}"
			exec timeout -k 10 900 bwrap --ro-bind / / --dev /dev --proc /proc \
				--bind "$rt_dir" "$rt_dir" --bind "$rt_tmp" "$rt_tmp" --chdir "$rt_dir" \
				--seccomp 9 sh "$rt_script" ;;
		--*)
			# shellcheck disable=SC2086
			exec timeout -k 10 900 "$exec_bin" $rt_report $rt_sandbox -- sh "$rt_script" ;;
		*)
			# shellcheck disable=SC2086
			exec timeout -k 10 900 "$exec_bin" $rt_report "$rt_sandbox" -- sh "$rt_script" ;;
		esac
	) >"$rt_dir.out" 2>"$rt_dir.err" <"$tmp_root/empty"
}

for spec in "$@"; do
	label=${spec%%=*} sandbox=${spec#*=}
	case $sandbox in
	bwrap:*)
		if ! bwrap_works; then
			echo "SKIP $label: bubblewrap cannot make a sandbox on this machine"
			skipped=$((skipped + 1))
			continue
		fi ;;
	esac
	for t in $tasks; do
		dir=$work/$label/$t
		run_task "$sandbox" "$t" "$dir"
		status=$?
		line=$(grep -E '^(PASS|FAIL|SKIP) ' "$dir.out" | tail -n 1)
		case $line in
		"PASS "*) passed=$((passed + 1)) ;;
		"SKIP "*) skipped=$((skipped + 1)) ;;
		*)
			failed=$((failed + 1))
			[ -n "$line" ] || line="FAIL $t: no result line (exit status $status): $(tail -n 3 "$dir.err" | tr '\n' ' ')"
			;;
		esac
		echo "${line%% *} $label ${line#* }"
		case $line in
		"FAIL "*)
			sed 's/^/    stderr: /' "$dir.err" | tail -n 5
			case ${sandbox##* } in
			none | */* | *.*) ;;
			*)
				run_task "$sandbox" "$t" "$dir.report" --report
				grep '^seccompc-exec: ' "$dir.report.err" | grep -v ': warning: ' |
					tail -n 8 | sed 's/^/    --report: /' ;;
			esac ;;
		esac
	done
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
