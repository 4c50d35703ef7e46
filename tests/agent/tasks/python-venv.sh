# A Python virtual environment: venv with pip, and pip installing a local wheel (no index).
. "${0%/*}/../lib.sh"
need python3
python3 -c 'import ensurepip, venv' 2>/dev/null || skip "python3-venv (ensurepip) is not installed"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INDEX=1 PIP_NO_CACHE_DIR=1
run python3 -m venv env
[ -x env/bin/pip ] || fail "the venv has no pip"
run env/bin/pip --version
# a wheel made by hand: pip installs it without any network
run env/bin/python - <<'PY'
import base64, hashlib, zipfile
files = {
    "agenttask/__init__.py": b"ANSWER = 42\n",
    "agenttask-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: agenttask\nVersion: 1.0\n",
    "agenttask-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
}
record = []
for name, data in files.items():
    h = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    record.append("%s,sha256=%s,%d" % (name, h, len(data)))
record.append("agenttask-1.0.dist-info/RECORD,,")
with zipfile.ZipFile("agenttask-1.0-py3-none-any.whl", "w") as z:
    for name, data in files.items():
        z.writestr(name, data)
    z.writestr("agenttask-1.0.dist-info/RECORD", "\n".join(record) + "\n")
PY
run env/bin/pip install --no-index ./agenttask-1.0-py3-none-any.whl
expect "the installed package" "42" "$(env/bin/python -c 'import agenttask; print(agenttask.ANSWER)')"
expect "pip list" "agenttask 1.0" "$(env/bin/pip list 2>/dev/null | grep agenttask | tr -s ' ')"
run env/bin/pip uninstall -y agenttask
pass "python3 -m venv with pip; pip install, list and uninstall of a local wheel"
