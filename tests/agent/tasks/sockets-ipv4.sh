# TCP and UDP over IPv4 loopback, with nonblocking sockets and socket options.
. "${0%/*}/../lib.sh"
need python3
run python3 - <<'PY'
import socket, threading
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0)); srv.listen()
def serve():
    c, _ = srv.accept()
    c.sendall(c.recv(100)[::-1]); c.close()
t = threading.Thread(target=serve); t.start()
cli = socket.create_connection(srv.getsockname(), timeout=60)
cli.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
cli.sendall(b"abc"); assert cli.recv(100) == b"cba"; cli.close(); t.join()
u1 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u1.bind(("127.0.0.1", 0))
u2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u2.settimeout(60)
u2.sendto(b"datagram", u1.getsockname())
data, peer = u1.recvfrom(100); assert data == b"datagram"
u1.sendto(b"back", peer); assert u2.recvfrom(100)[0] == b"back"
nb = socket.socket(); nb.setblocking(False)
assert nb.connect_ex(srv.getsockname()) in (0, 115, 111)  # 115: EINPROGRESS
PY
pass "TCP accept/connect/send/recv, UDP sendto/recvfrom, nonblocking connect on 127.0.0.1"
