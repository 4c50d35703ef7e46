# JIT memory: machine code written to memory, made executable, and run, as
# JavaScript and regex engines do (mmap RW then mprotect RX, a RWX mapping,
# and a memfd mapped twice, writable and executable).
. "${0%/*}/../lib.sh"
need python3
run python3 - <<'PY'
import ctypes, mmap, os, platform, sys
code = {
    "x86_64": bytes.fromhex("b82a000000c3"),            # mov eax, 42; ret
    "aarch64": bytes.fromhex("40058052c0035fd6"),       # mov w0, #42; ret
}.get(platform.machine())
if code is None:
    print("SKIP: no machine code for", platform.machine()); sys.exit(0)
libc = ctypes.CDLL(None, use_errno=True)
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
RW, RX, RWX = mmap.PROT_READ | mmap.PROT_WRITE, mmap.PROT_READ | mmap.PROT_EXEC, 7
def run(addr):
    return ctypes.CFUNCTYPE(ctypes.c_int)(addr)()
anon = mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS
p = libc.mmap(None, 4096, RW, anon, -1, 0)
assert p not in (None, ctypes.c_void_p(-1).value), os.strerror(ctypes.get_errno())
ctypes.memmove(p, code, len(code))
assert libc.mprotect(p, 4096, RX) == 0, os.strerror(ctypes.get_errno())
assert run(p) == 42
q = libc.mmap(None, 4096, RWX, anon, -1, 0)
assert q not in (None, ctypes.c_void_p(-1).value), os.strerror(ctypes.get_errno())
ctypes.memmove(q, code, len(code)); assert run(q) == 42
fd = os.memfd_create("jit"); os.ftruncate(fd, 4096)
w = libc.mmap(None, 4096, RW, mmap.MAP_SHARED, fd, 0)
x = libc.mmap(None, 4096, RX, mmap.MAP_SHARED, fd, 0)
assert None not in (w, x)
ctypes.memmove(w, code, len(code)); assert run(x) == 42
PY
grep -q '^SKIP' run.log && skip "$(cat run.log)"
pass "mmap RW + mprotect RX, a RWX mapping, a memfd mapped writable and executable: code ran"
