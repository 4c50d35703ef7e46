# AF_UNIX sockets: stream and datagram, socketpair, passing a descriptor (SCM_RIGHTS).
. "${0%/*}/../lib.sh"
need python3
run python3 - <<'PY'
import os, socket, threading
path = os.path.abspath("s.sock")
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); srv.bind(path); srv.listen()
def serve():
    c, _ = srv.accept(); c.sendall(c.recv(100) + b"!"); c.close()
t = threading.Thread(target=serve); t.start()
cli = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); cli.connect(path)
cli.sendall(b"unix"); assert cli.recv(100) == b"unix!"; cli.close(); t.join()
d1 = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); d1.bind(path + "2")
d2 = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); d2.sendto(b"dg", path + "2")
assert d1.recv(10) == b"dg"
a, b = socket.socketpair()
r, w = os.pipe(); os.write(w, b"through the fd")
socket.send_fds(a, [b"x"], [r])
msg, fds, _, _ = socket.recv_fds(b, 10, 1)
assert os.read(fds[0], 100) == b"through the fd"
abstract = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); abstract.bind("\0agent-%d" % os.getpid())
PY
pass "stream and datagram sockets on a path, an abstract name, socketpair, SCM_RIGHTS"
