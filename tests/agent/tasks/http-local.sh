# HTTP on loopback: `python3 -m http.server`, fetched by Python's urllib and by curl.
. "${0%/*}/../lib.sh"
need python3
mkdir www && seq 1 5000 > www/data.txt
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory www "$port" >server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
python3 - "$port" <<'PY' >run.log 2>&1 || fail "urllib: $(tail -n 3 run.log | tr '\n' ' ')"
import sys, time, urllib.request
url = "http://127.0.0.1:%s/data.txt" % sys.argv[1]
for attempt in range(400):          # the server is starting
    try:
        body = urllib.request.urlopen(url, timeout=60).read()
        break
    except OSError:
        time.sleep(0.05)
else:
    raise SystemExit("the server never answered")
assert body == open("www/data.txt", "rb").read()
PY
if command -v curl >/dev/null; then
	run curl -fsS -o got.txt "http://127.0.0.1:$port/data.txt"
	cmp -s got.txt www/data.txt || fail "curl fetched other bytes"
	code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/missing")
	expect "curl's status for a missing file" "404" "$code"
	clients="urllib and curl"
else
	clients="urllib (curl is not installed)"
fi
pass "python3 -m http.server on 127.0.0.1, fetched with $clients"
