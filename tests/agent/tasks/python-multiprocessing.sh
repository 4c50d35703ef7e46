# Python multiprocessing: fork, spawn and forkserver pools, queues, a manager, shared memory.
. "${0%/*}/../lib.sh"
need python3
cat > mp.py <<'PY'
import multiprocessing as mp
from multiprocessing import shared_memory
def square(x):
    return x * x
def put(q):
    q.put("hello")
if __name__ == "__main__":
    for method in ("fork", "spawn", "forkserver"):
        ctx = mp.get_context(method)
        with ctx.Pool(3) as pool:
            assert pool.map(square, range(10)) == [x * x for x in range(10)], method
        q = ctx.Queue()
        p = ctx.Process(target=put, args=(q,))
        p.start()
        assert q.get(timeout=60) == "hello", method
        p.join()
        assert p.exitcode == 0, (method, p.exitcode)
    with mp.Manager() as m:
        d = m.dict(a=1)
        d["b"] = 2
        assert dict(d) == {"a": 1, "b": 2}
    shm = shared_memory.SharedMemory(create=True, size=64)
    shm.buf[:5] = b"agent"
    other = shared_memory.SharedMemory(name=shm.name)
    assert bytes(other.buf[:5]) == b"agent"
    other.close(); shm.close(); shm.unlink()
    lock = mp.Lock()
    with lock:
        pass
PY
run python3 mp.py
pass "pools and queues with fork, spawn and forkserver; a Manager; shared_memory; a Lock"
