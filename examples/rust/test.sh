#!/bin/sh
# test.sh SECCOMPC PROFILE RUSTC LOCKDOWN_RUST - the Rust example locks itself
# down on every thread and in a child; compiled for other arches only,
# install_sandbox() says so and changes nothing.
set -eu
seccompc=$1 profile=$2 rustc=$3 prog=$4
case $profile in /*) ;; *) profile=$PWD/$profile ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/run"
out=$("$prog" "$tmp/run") || { echo "FAIL: lockdown-rust exited $?:"; echo "$out"; exit 1; }
echo "$out"
for want in "5 threads before the lock-down" "main: mkdir: Operation not permitted (os error 1)" \
	"child: mkdir: Operation not permitted (os error 1)" \
	"locked down on every thread and in the child"; do
	case $out in *"$want"*) ;; *) echo "FAIL: no '$want'"; exit 1 ;; esac
done
n=$(echo "$out" | grep -c '^lockdown-rust: thread [0-9]*: mkdir: Operation not permitted' || true)
[ "$n" -eq 4 ] || { echo "FAIL: $n of 4 worker threads were refused mkdir"; exit 1; }
[ "$(ls "$tmp/run")" = before ] || { echo "FAIL: directories were made: $(ls "$tmp/run")"; exit 1; }

# Compiled for another family only: an error that says so, no filter.
host=$("$rustc" -vV | sed -n 's/^host: \([^-]*\)-.*/\1/p')
other=s390x
[ "$host" != s390x ] || other=riscv64
cd "$tmp"
"$seccompc" "$profile" -o sandbox.rs --name sandbox --target "$other"
cat >other.rs <<'RS'
mod sandbox;
fn main() {
    println!("{:?}", sandbox::install_sandbox().map_err(|e| e.to_string()));
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    println!("{}", status.lines().find(|l| l.starts_with("Seccomp:")).unwrap());
}
RS
"$rustc" -D warnings other.rs -o other
said=$(./other)
case $said in
"Err(\"seccompc sandbox: no filter for linux/$host; compiled for $other ("*"Seccomp:	0") ;;
*) echo "FAIL: install_sandbox() without a filter for $host said: $said"; exit 1 ;;
esac
echo "ok: without a filter for $host: $(echo "$said" | head -1)"

# A thread with a filter of its own: TSYNC cannot synchronise it,
# install_sandbox() says which thread, and no other thread gets a filter.
"$seccompc" "$profile" -o sandbox.rs --name sandbox
cat >tsync.rs <<'RS'
mod sandbox;
use std::os::raw::{c_int, c_ulong};
use std::sync::mpsc;

#[repr(C)]
struct Insn(u16, u8, u8, u32);
#[repr(C)]
struct Prog {
    len: u16,
    filter: *const Insn,
}
extern "C" {
    fn prctl(option: c_int, ...) -> c_int;
    fn gettid() -> i32;
}

fn main() {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let allow = [Insn(0x06, 0, 0, 0x7fff0000)]; // ret ALLOW
        let prog = Prog { len: 1, filter: allow.as_ptr() };
        unsafe {
            prctl(38, 1 as c_ulong, 0 as c_ulong, 0 as c_ulong, 0 as c_ulong); // PR_SET_NO_NEW_PRIVS
            // PR_SET_SECCOMP, SECCOMP_MODE_FILTER: this thread only
            assert_eq!(prctl(22, 2 as c_ulong, &prog as *const Prog), 0);
            tx.send(gettid()).unwrap();
        }
        std::thread::park();
    });
    let tid = rx.recv().unwrap();
    println!("{} {}", tid, sandbox::install_sandbox().unwrap_err());
    let filtered = std::fs::read_dir("/proc/self/task").unwrap()
        .filter(|t| {
            let status = std::fs::read_to_string(t.as_ref().unwrap().path().join("status")).unwrap();
            status.contains("\nSeccomp:\t2\n")
        })
        .count();
    println!("threads with a filter: {}", filtered);
}
RS
"$rustc" -D warnings tsync.rs -o tsync
said=$(./tsync)
tid=${said%% *}
case $said in
"$tid seccompc sandbox: thread $tid has a seccomp filter of its own, so no thread was locked down (TSYNC)
threads with a filter: 1") ;;
*) echo "FAIL: install_sandbox() with a thread that has its own filter said: $said"; exit 1 ;;
esac
echo "ok: $(echo "$said" | head -1)"
