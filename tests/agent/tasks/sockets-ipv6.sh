# TCP and UDP over IPv6 loopback (SKIP where the machine has no ::1).
. "${0%/*}/../lib.sh"
need python3
python3 - <<'PY' >probe.log 2>&1
import errno, socket, sys
try:
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.bind(("::1", 0))
except OSError as e:
    # no IPv6 here: the machine's matter, not the filter's (EPERM would be)
    sys.exit(3 if e.errno in (errno.EAFNOSUPPORT, errno.EADDRNOTAVAIL) else 1)
PY
case $? in
0) ;;
3) skip "this machine has no IPv6 loopback (::1)" ;;
*) fail "an IPv6 socket: $(tail -n 2 probe.log | tr '\n' ' ')" ;;
esac
run python3 - <<'PY'
import socket, threading
srv = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
srv.bind(("::1", 0)); srv.listen()
def serve():
    c, _ = srv.accept(); c.sendall(c.recv(100).upper()); c.close()
t = threading.Thread(target=serve); t.start()
cli = socket.create_connection(srv.getsockname()[:2], timeout=60)
cli.sendall(b"six"); assert cli.recv(100) == b"SIX"; cli.close(); t.join()
u1 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u1.bind(("::1", 0))
u2 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
u2.sendto(b"v6", u1.getsockname()); assert u1.recvfrom(10)[0] == b"v6"
PY
pass "TCP and UDP on ::1"
