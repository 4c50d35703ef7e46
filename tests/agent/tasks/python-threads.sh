# Python threads: a pool doing file I/O and hashing, locks and conditions.
. "${0%/*}/../lib.sh"
need python3
run python3 - <<'PY'
import concurrent.futures, hashlib, os, tempfile, threading
def work(i):
    with tempfile.NamedTemporaryFile(dir=".", delete=False) as f:
        f.write(os.urandom(4096) * (i + 1))
        name = f.name
    with open(name, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    os.unlink(name)
    return len(digest)
with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
    assert list(pool.map(work, range(32))) == [64] * 32
cond, items = threading.Condition(), []
def producer():
    for i in range(100):
        with cond:
            items.append(i)
            cond.notify()
t = threading.Thread(target=producer)
t.start()
got = 0
while got < 100:
    with cond:
        cond.wait_for(lambda: items)
        got += len(items)
        items.clear()
t.join()
PY
pass "ThreadPoolExecutor with 8 threads doing file I/O and sha256, a condition variable"
