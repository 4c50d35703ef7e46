# lib.sh - what every agent task shares (sourced: `. "${0%/*}/../lib.sh"`).
#
# A task is a small script doing one kind of work an AI coding agent does
# (tests/agent/README.md). It runs in an empty directory of its own, with
# HOME and TMPDIR inside it, and ends by printing one line:
#     PASS NAME: what worked       (exit 0)
#     FAIL NAME: what went wrong   (exit 1)
#     SKIP NAME: what this machine lacks (exit 0)
# It never uses the network: servers listen on loopback only.
task=${0##*/}
task=${task%.sh}

pass() { echo "PASS $task: $*"; exit 0; }
fail() { echo "FAIL $task: $*"; exit 1; }
skip() { echo "SKIP $task: $*"; exit 0; }

# need CMD...: SKIP unless every command is installed.
need() {
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "$c is not installed"
	done
}

# run CMD ARG...: runs it with stdout and stderr in ./run.log; on failure the
# task FAILs with the command and the last lines it printed.
run() {
	if ! "$@" >run.log 2>&1; then
		fail "'$*' failed (status $?): $(tail -n 4 run.log | tr '\n' ' ')"
	fi
}

# expect WHAT EXPECTED ACTUAL: FAIL unless they are equal.
expect() {
	[ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"
}

# wait_for FILE: until a background server has written FILE (its port).
# Not a timed assertion: the bound only keeps a broken server from hanging
# the suite.
wait_for() {
	i=0
	while [ ! -s "$1" ]; do
		i=$((i + 1))
		[ "$i" -le 600 ] || fail "$1 did not appear (the server did not start)"
		sleep 0.05
	done
}
