# HTTPS on loopback: a self-signed certificate made by openssl, a Python TLS server,
# Python and curl clients that verify it.
. "${0%/*}/../lib.sh"
need python3 openssl
run openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	-keyout key.pem -out cert.pem -days 2 -subj /CN=localhost \
	-addext "subjectAltName=DNS:localhost,IP:127.0.0.1"
mkdir www && echo "secret payload" > www/index.txt
cat > tls-server.py <<'PY'
import functools, http.server, os, ssl
class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        reply = b"got %d bytes" % len(body)
        self.send_response(200)
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory="www"))
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain("cert.pem", "key.pem")
server.socket = ctx.wrap_socket(server.socket, server_side=True)
with open("port.tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename("port.tmp", "port")
server.serve_forever()
PY
python3 tls-server.py >server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
wait_for port
port=$(cat port)
run python3 - "$port" <<'PY'
import ssl, sys, urllib.request
ctx = ssl.create_default_context(cafile="cert.pem")
base = "https://localhost:%s" % sys.argv[1]
assert urllib.request.urlopen(base + "/index.txt", context=ctx, timeout=60).read() == b"secret payload\n"
req = urllib.request.Request(base + "/upload", data=b"x" * 1000, method="POST")
assert urllib.request.urlopen(req, context=ctx, timeout=60).read() == b"got 1000 bytes"
try:
    urllib.request.urlopen(base + "/index.txt", context=ssl.create_default_context(), timeout=60)
    raise SystemExit("an unknown certificate was accepted")
except urllib.error.URLError as e:
    assert isinstance(e.reason, ssl.SSLCertVerificationError), e
PY
if command -v curl >/dev/null; then
	expect "curl over TLS" "secret payload" \
		"$(curl -fsS --cacert cert.pem "https://localhost:$port/index.txt" 2>&1)"
	expect "curl POST over TLS" "got 3 bytes" \
		"$(curl -fsS --cacert cert.pem -d abc "https://localhost:$port/upload" 2>&1)"
	clients="Python's urllib and curl"
else
	clients="Python's urllib (curl is not installed)"
fi
pass "openssl req -x509, a Python TLS server, GET and POST from $clients, verified against the certificate"
