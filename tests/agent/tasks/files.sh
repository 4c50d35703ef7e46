# Everyday file work: coreutils, archives, links, FIFOs, locks, sed and awk, diff and patch.
. "${0%/*}/../lib.sh"
need tar gzip sha256sum find sed awk
mkdir -p tree/a/b && seq 1 100 > tree/a/b/n.txt && echo top > tree/top.txt
ln -s a/b/n.txt tree/link && ln tree/top.txt tree/hard
chmod 640 tree/top.txt && touch -d '2020-01-02 03:04:05' tree/top.txt
run cp -a tree copy
expect "cp -a keeps the mode" "640" "$(stat -c %a copy/top.txt)"
expect "cp -a keeps the link" "a/b/n.txt" "$(readlink copy/link)"
run cp --reflink=auto tree/a/b/n.txt reflinked.txt
run tar czf tree.tgz tree && mkdir out && run tar xzf tree.tgz -C out
expect "tar round trip" "$(sha256sum < tree/a/b/n.txt)" "$(sha256sum < out/tree/a/b/n.txt)"
expect "find -name" "tree/a/b/n.txt" "$(find tree -name 'n*.txt' -type f)"
sed -i 's/^50$/fifty/' copy/a/b/n.txt
expect "sed -i" "fifty" "$(sed -n 50p copy/a/b/n.txt)"
expect "awk" "5050" "$(awk '{s += $1} END {print s}' tree/a/b/n.txt)"
mkfifo pipe.fifo
( echo through-fifo > pipe.fifo ) &
expect "a FIFO" "through-fifo" "$(cat pipe.fifo)"
wait
if command -v flock >/dev/null; then
	expect "flock" "locked" "$(flock lock.file -c 'echo locked')"
fi
run mv copy moved
run rm -r moved
[ ! -e moved ] || fail "rm -r left moved/ behind"
if command -v diff >/dev/null && command -v patch >/dev/null; then
	printf 'a\nb\n' > old.txt; printf 'a\nc\n' > new.txt
	diff -u old.txt new.txt > change.patch
	run patch old.txt change.patch
	cmp -s old.txt new.txt || fail "patch did not apply the diff"
fi
dd if=/dev/zero of=zero.bin bs=4096 count=16 conv=fsync 2>/dev/null || fail "dd conv=fsync"
truncate -s 1M sparse.bin && expect "truncate -s" "1048576" "$(stat -c %s sparse.bin)"
# shellcheck disable=SC3045  # dash's and bash's ulimit have -n (prlimit64)
ulimit -n 512 && expect "ulimit -n" "512" "$(ulimit -n)"
pass "cp -a, reflink, tar+gzip, find, sed -i, awk, mkfifo, flock, diff+patch, dd, truncate, ulimit"
