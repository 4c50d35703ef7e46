# memfd (with seals, shared with a child), epoll, eventfd, and inotify.
. "${0%/*}/../lib.sh"
need python3
run python3 - <<'PY'
import ctypes, ctypes.util, fcntl, mmap, os, select, socket, struct, subprocess
# memfd: write, seal, map, and hand it to another program
fd = os.memfd_create("agent", os.MFD_CLOEXEC | os.MFD_ALLOW_SEALING)
os.write(fd, b"in memory")
fcntl.fcntl(fd, fcntl.F_ADD_SEALS, fcntl.F_SEAL_WRITE | fcntl.F_SEAL_GROW | fcntl.F_SEAL_SHRINK)
try:
    os.write(fd, b"more"); raise SystemExit("a sealed memfd was written")
except PermissionError:
    pass
with mmap.mmap(fd, 9, prot=mmap.PROT_READ) as m:
    assert m[:] == b"in memory"
out = subprocess.run(["cat", "/dev/fd/%d" % fd], pass_fds=[fd], capture_output=True, check=True)
assert out.stdout == b"in memory"
# epoll over a pipe, a socketpair and an eventfd
ep = select.epoll()
r, w = os.pipe(); a, b = socket.socketpair(); ev = os.eventfd(0)
for f in (r, b.fileno(), ev):
    ep.register(f, select.EPOLLIN)
os.write(w, b"p"); a.send(b"s"); os.eventfd_write(ev, 3)
ready = {f for f, _ in ep.poll(60)}
assert ready == {r, b.fileno(), ev}, ready
assert os.eventfd_read(ev) == 3
# inotify: a watch on a directory sees a file appear
libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
ino = libc.inotify_init1(os.O_CLOEXEC)
assert ino >= 0, os.strerror(ctypes.get_errno())
assert libc.inotify_add_watch(ino, b".", 0x100 | 0x8) >= 0  # IN_CREATE | IN_CLOSE_WRITE
with open("watched.txt", "w") as f:
    f.write("x")
data = os.read(ino, 4096)
wd, mask, cookie, length = struct.unpack("iIII", data[:16])
assert mask & 0x100 and data[16:16 + length].rstrip(b"\0") == b"watched.txt", (mask, data)
PY
pass "memfd_create with seals, mmap and a child reading it; epoll over pipe, socketpair and eventfd; inotify"
