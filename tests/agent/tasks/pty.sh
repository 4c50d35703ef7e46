# A pseudo-terminal: script(1) running stty and an interactive shell with job
# control, and Python's pty module.
. "${0%/*}/../lib.sh"
need script stty python3
script -qec 'stty -a; tty' /dev/null </dev/null >script.log 2>&1 || fail "script: $(tail -n 3 script.log | tr '\n' ' ')"
grep -q 'speed' script.log || fail "stty -a under script printed no terminal settings: $(head -n 2 script.log)"
grep -q '^/dev/pts/' script.log || fail "tty under script is not a pty: $(tail -n 1 script.log)"
script -qec 'stty cols 123 rows 45; stty size' /dev/null </dev/null >size.log 2>&1
grep -q '^45 123' size.log || fail "stty size after setting it: $(tr '\n' ' ' < size.log)"
if command -v bash >/dev/null; then
	script -qec "bash --norc --noprofile -ic 'sleep 300 & kill %1; wait \$!; echo status=\$?'" /dev/null \
		</dev/null >bash.log 2>&1
	grep -q 'status=143' bash.log || fail "job control in an interactive bash on a pty: $(tr '\n' ' ' < bash.log)"
	! grep -q 'no job control' bash.log || fail "bash says: $(grep 'job control' bash.log)"
fi
run python3 - <<'PY'
import os, pty
pid, fd = pty.fork()
if pid == 0:
    os.execvp("stty", ["stty", "-a"])
out = b""
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
_, status = os.waitpid(pid, 0)
assert os.waitstatus_to_exitcode(status) == 0 and b"speed" in out, out
PY
pass "script -qec with stty and tty, stty size, bash -i job control on a pty, python pty.fork"
