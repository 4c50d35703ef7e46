# Job control and signals: process groups, stop/continue, kill, traps, timeout.
. "${0%/*}/../lib.sh"
need bash timeout
cat > jobs.bash <<'SCRIPT'
set -m                      # job control: each job in its own process group
state() { sed 's/^.*) //' "/proc/$1/stat" | cut -d' ' -f1; }
pgrp() { sed 's/^.*) //' "/proc/$1/stat" | cut -d' ' -f3; }
await() {                   # await PID STATE: bounded, so a bug cannot hang
	for _ in $(seq 200); do [ "$(state "$1")" = "$2" ] && return 0; sleep 0.05; done
	echo "process $1 never reached state $2 (is $(state "$1"))"; exit 1
}
sleep 300 & pid=$!
[ "$(pgrp $pid)" = "$pid" ] || { echo "the job is not in its own process group"; exit 1; }
kill -STOP $pid; await $pid T
kill -CONT $pid; await $pid S
kill -TERM %1; wait $pid; st=$?
[ $st = 143 ] || { echo "wait after SIGTERM gave $st, expected 143"; exit 1; }
got=; trap 'got=usr1' USR1; kill -USR1 $$
[ "$got" = usr1 ] || { echo "the USR1 trap did not run"; exit 1; }
( trap 'exit 7' TERM; sleep 300 & wait ) & sub=$!
await $sub S; kill -TERM -- -$sub; wait $sub; st=$?
[ $st = 7 ] || { echo "a signal to a process group: status $st, expected 7"; exit 1; }
timeout -s INT 0.2 sleep 300; st=$?
[ $st = 124 ] || { echo "timeout(1) gave $st, expected 124"; exit 1; }
echo ok
SCRIPT
out=$(bash jobs.bash 2>&1 | tail -n 1)
expect "bash job control script" "ok" "$out"
pass "set -m process groups, SIGSTOP/SIGCONT, kill %job, traps, kill -- -PGID, timeout(1)"
