# Name resolution without the network: getaddrinfo through /etc/hosts (glibc's
# NSS, with AI_ADDRCONFIG's netlink query), and DNS over UDP and TCP to a
# resolver on loopback.
. "${0%/*}/../lib.sh"
need python3
grep -q '^[^#]*[[:space:]]localhost\([[:space:]]\|$\)' /etc/hosts || skip "/etc/hosts has no localhost"
if command -v getent >/dev/null; then
	getent hosts localhost >getent.txt || fail "getent hosts localhost found nothing"
fi
cat > dns.py <<'PY'
import socket, struct, threading
# getaddrinfo: /etc/hosts, and AI_ADDRCONFIG (glibc asks the kernel over netlink)
addrs = {a[4][0] for a in socket.getaddrinfo("localhost", 80, type=socket.SOCK_STREAM)}
assert addrs & {"127.0.0.1", "::1"}, addrs
socket.getaddrinfo("localhost", 80, flags=socket.AI_ADDRCONFIG)
assert socket.gethostbyname("localhost") == "127.0.0.1" or addrs
assert socket.if_nameindex(), "no interfaces (netlink)"

def answer(query):
    """A resolver that knows one name: agent.test A 10.1.2.3."""
    qid, flags, qd = struct.unpack(">HHH", query[:6])
    end = 12
    labels = []
    while query[end]:
        labels.append(query[end + 1:end + 1 + query[end]].decode()); end += 1 + query[end]
    question = query[12:end + 5]
    name = ".".join(labels)
    if name != "agent.test":
        return struct.pack(">HHHHHH", qid, 0x8183, 1, 0, 0, 0) + question
    rr = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + socket.inet_aton("10.1.2.3")
    return struct.pack(">HHHHHH", qid, 0x8180, 1, 1, 0, 0) + question + rr

def query(name, qid):
    q = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    for label in name.split("."):
        q += bytes([len(label)]) + label.encode()
    return q + b"\0" + struct.pack(">HH", 1, 1)

def parse(reply, qid):
    rid, flags, qd, an = struct.unpack(">HHHH", reply[:8])
    assert rid == qid, (rid, qid)
    if flags & 0xf:
        return None
    return socket.inet_ntoa(reply[-4:])

udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); udp.bind(("127.0.0.1", 0))
tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM); tcp.bind(("127.0.0.1", 0)); tcp.listen()
def serve_udp():
    for _ in range(2):
        data, peer = udp.recvfrom(512); udp.sendto(answer(data), peer)
def serve_tcp():
    c, _ = tcp.accept()
    n = struct.unpack(">H", c.recv(2))[0]; r = answer(c.recv(n))
    c.sendall(struct.pack(">H", len(r)) + r); c.close()
ts = [threading.Thread(target=serve_udp), threading.Thread(target=serve_tcp)]
[t.start() for t in ts]
c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); c.settimeout(60)
c.sendto(query("agent.test", 7), udp.getsockname())
assert parse(c.recv(512), 7) == "10.1.2.3"
c.sendto(query("nowhere.test", 8), udp.getsockname())
assert parse(c.recv(512), 8) is None
t = socket.create_connection(tcp.getsockname(), timeout=60)
q = query("agent.test", 9); t.sendall(struct.pack(">H", len(q)) + q)
n = struct.unpack(">H", t.recv(2))[0]
assert parse(t.recv(n), 9) == "10.1.2.3"
[t.join() for t in ts]
PY
run python3 dns.py
pass "getaddrinfo and getent through /etc/hosts, AI_ADDRCONFIG, if_nameindex, DNS over UDP and TCP to a loopback resolver"
