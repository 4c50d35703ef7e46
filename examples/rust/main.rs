//! lockdown-rust locks itself down with a seccomp filter that seccompc
//! compiled from ../sandbox.json into sandbox.rs (seccompc -f rust), using
//! std only, and proves that the filter holds on every thread, those started
//! before the lock-down included, and in a child process.
//!
//!     lockdown-rust DIR
//!
//! Before the lock-down it starts worker threads and checks that it may
//! create directories in DIR. Then it calls install_sandbox(), and from the
//! main thread, from every worker and from a child process it tries to
//! create a directory, which must fail with EPERM; /proc/self/task must show
//! every thread under the filter with no_new_privs. Exit 0 when all of that
//! holds, 1 otherwise, 3 when it cannot lock down.
//!
//!     lockdown-rust --mkdir PATH
//!
//! The child: tries to create PATH and exits 0 when that fails with EPERM.

// seccompc's output, as a build script would place it in OUT_DIR.
mod sandbox {
    include!(concat!(env!("OUT_DIR"), "/sandbox.rs"));
}

use std::path::{Path, PathBuf};
use std::process::{exit, Command};
use std::sync::{mpsc, Arc, Barrier};
use std::thread;

extern "C" {
    fn gettid() -> i32;
}

const WORKERS: usize = 4;

/// Reports what mkdir(path) did; true when it failed with EPERM.
fn try_mkdir(who: &str, path: &Path) -> bool {
    match std::fs::create_dir(path) {
        Err(e) if e.raw_os_error() == Some(1) => {
            println!("lockdown-rust: {}: mkdir: {}", who, e);
            true
        }
        other => {
            println!("lockdown-rust: {}: mkdir: {:?}", who, other);
            false
        }
    }
}

/// Every thread's status must show a seccomp filter (Seccomp: 2) and
/// no_new_privs, and the threads of before must be there.
fn check_tasks(before: &[i32]) -> bool {
    let mut names: Vec<PathBuf> = match std::fs::read_dir("/proc/self/task") {
        Ok(dir) => dir
            .filter_map(|e| e.ok())
            .map(|e| e.path().join("status"))
            .collect(),
        Err(e) => {
            println!("lockdown-rust: /proc/self/task: {}", e);
            return false;
        }
    };
    names.sort();
    let mut ok = !names.is_empty();
    for tid in before {
        if !Path::new(&format!("/proc/self/task/{}", tid)).exists() {
            println!("lockdown-rust: thread {} is gone", tid);
            ok = false;
        }
    }
    for name in &names {
        let status = std::fs::read_to_string(name).unwrap_or_default();
        if !status.contains("\nSeccomp:\t2\n") || !status.contains("\nNoNewPrivs:\t1\n") {
            println!("lockdown-rust: {}: not locked down", name.display());
            ok = false;
        }
    }
    if ok {
        println!(
            "lockdown-rust: all {} threads: Seccomp 2, NoNewPrivs 1",
            names.len()
        );
    }
    ok
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() == 3 && args[1] == "--mkdir" {
        exit(if try_mkdir("child", Path::new(&args[2])) {
            0
        } else {
            1
        });
    }
    if args.len() != 2 {
        eprintln!("usage: lockdown-rust DIR");
        exit(2);
    }
    let dir = PathBuf::from(&args[1]);
    if let Err(e) = std::fs::create_dir(dir.join("before")) {
        eprintln!("lockdown-rust: mkdir before the lock-down: {}", e);
        exit(1);
    }

    // Workers, all started before the lock-down.
    // They stay until main has looked at every thread (`done`).
    let start = Arc::new(Barrier::new(WORKERS + 1));
    let done = Arc::new(Barrier::new(WORKERS + 1));
    let (tids_tx, tids) = mpsc::channel();
    let (results_tx, results) = mpsc::channel();
    let mut workers = Vec::new();
    for i in 0..WORKERS {
        let (start, done) = (Arc::clone(&start), Arc::clone(&done));
        let (tids_tx, results_tx) = (tids_tx.clone(), results_tx.clone());
        let path = dir.join(format!("w{}", i));
        workers.push(thread::spawn(move || {
            let tid = unsafe { gettid() };
            tids_tx.send(tid).unwrap();
            start.wait();
            let refused =
                unsafe { gettid() } == tid && try_mkdir(&format!("thread {}", tid), &path);
            results_tx.send(refused).unwrap();
            done.wait();
        }));
    }
    let mut seen: Vec<i32> = (0..WORKERS).map(|_| tids.recv().unwrap()).collect();
    seen.push(unsafe { gettid() });
    seen.sort();
    seen.dedup();
    println!("lockdown-rust: {} threads before the lock-down", seen.len());

    if let Err(e) = sandbox::install_sandbox() {
        eprintln!("lockdown-rust: cannot lock down: {}", e);
        exit(3);
    }

    let mut ok = try_mkdir("main", &dir.join("main"));
    start.wait();
    for _ in 0..WORKERS {
        ok &= results.recv().unwrap_or(false);
    }
    ok &= check_tasks(&seen);
    done.wait();
    for worker in workers {
        ok &= worker.join().is_ok();
    }
    let child = std::env::current_exe().and_then(|me| {
        Command::new(me)
            .arg("--mkdir")
            .arg(dir.join("child"))
            .status()
    });
    match child {
        Ok(status) if status.success() => {}
        other => {
            println!("lockdown-rust: child process: {:?}", other);
            ok = false;
        }
    }
    if !ok {
        exit(1);
    }
    println!("lockdown-rust: locked down on every thread and in the child");
}
