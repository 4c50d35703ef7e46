#!/bin/sh
# test.sh SECCOMPC SANDBOX.json CAPS.json CRUN - a container under crun gets
# seccompc's filter as the base64 annotation run.oci.seccomp_bpf_data, and
# gets the meaning seccompc gives a profile with capability conditions from
# `seccompc resolve --oci` as linux.seccomp, which crun reads with libseccomp.
#
# Here (and on other hosts with cgroup v1 and v2 mounted side by side) crun
# refuses hybrid cgroups: the container runs in a mount namespace of its own
# (unshare -m) where /sys/fs/cgroup/unified is unmounted.
set -eu
seccompc=$1 sandbox=$2 caps=$3 crun=$4
case $sandbox in /*) ;; *) sandbox=$PWD/$sandbox ;; esac
case $caps in /*) ;; *) caps=$PWD/$caps ;; esac
[ "$(id -u)" -eq 0 ] || { echo "SKIP: crun needs root here"; exit 77; }
command -v unshare >/dev/null || { echo "SKIP: no unshare(1)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A bundle whose root is the host's /usr, read-only, with a tmpfs /tmp.
mkdir -p "$tmp/bundle/rootfs/usr" "$tmp/state"
cd "$tmp/bundle"
for d in bin sbin lib lib64; do
	[ -e "/$d" ] && ln -s "usr/$d" "rootfs/$d"
done
"$crun" spec
probe='mkdir /tmp/x 2>/dev/null; echo mkdir=$?; uname -s >/dev/null 2>&1; echo uname=$?'
jq --arg probe "$probe" '.process.terminal = false | .process.args = ["/bin/sh", "-c", $probe]
	| .mounts += [{"destination": "/usr", "type": "bind", "source": "/usr", "options": ["rbind", "ro"]},
	              {"destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid"]}]' \
	config.json >plain.json

n=0
run() {   # run CONFIG: the probe's answers in the container
	n=$((n + 1))
	cp "$1" config.json
	unshare -m sh -c 'umount /sys/fs/cgroup/unified 2>/dev/null; exec "$@"' sh \
		"$crun" --root "$tmp/state" run --bundle "$tmp/bundle" "seccompc-example-$$-$n" 2>&1 |
		tr '\n' ' ' | sed 's/ $//'
}
expect() {   # expect WHAT WANT GOT
	[ "$3" = "$2" ] || { echo "FAIL: $1: got '$3', want '$2'"; exit 1; }
	echo "ok: $1"
}
got=$(run plain.json)
[ "$got" = "mkdir=0 uname=0" ] || { echo "SKIP: crun cannot run a container here: $got"; exit 77; }
echo "ok: no filter: mkdir and uname work"

# The raw filter as the annotation: the exact blob, no libseccomp.
"$seccompc" "$sandbox" -o "$tmp/sandbox.b64"
jq --rawfile bpf "$tmp/sandbox.b64" '.annotations["run.oci.seccomp_bpf_data"] = $bpf' \
	plain.json >annotated.json
expect "run.oci.seccomp_bpf_data: mkdir refused" "mkdir=1 uname=0" "$(run annotated.json)"

# A profile with capability conditions as it is: crun ignores includes and
# excludes, so both rules hold whatever the caps.
jq --slurpfile s "$caps" '.linux.seccomp = $s[0]' plain.json >raw.json
expect "the profile as it is: crun applies both rules" "mkdir=1 uname=1" "$(run raw.json)"

# The same profile resolved for the container's caps.
for caps_opt in "--caps docker" "--cap CAP_SYS_ADMIN"; do
	# shellcheck disable=SC2086
	"$seccompc" resolve --oci "$caps" $caps_opt -o "$tmp/seccomp.json"
	jq --slurpfile s "$tmp/seccomp.json" '.linux.seccomp = $s[0]' plain.json >oci.json
	case $caps_opt in
	*SYS_ADMIN) want="mkdir=0 uname=1" ;;
	*) want="mkdir=1 uname=0" ;;
	esac
	expect "resolve --oci $caps_opt as linux.seccomp" "$want" "$(run oci.json)"
done
