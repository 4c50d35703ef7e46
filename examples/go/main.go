// Command lockdown-go locks itself down with a seccomp filter that seccompc
// compiled from ../sandbox.json into sandbox.go (seccompc -f go), using only
// the standard library, and proves that the filter holds on every thread,
// those started before the lock-down included, and in a child process.
//
//	lockdown-go DIR
//
// Before the lock-down it starts worker goroutines, each pinned to a thread
// of its own, and checks that it may create directories in DIR. Then it
// calls InstallSandbox, and from the main goroutine, from every worker (on
// the threads that existed before) and from a child process it tries to
// create a directory, which must fail with EPERM; /proc/self/task must show
// every thread under the filter with no_new_privs. Exit 0 when all of that
// holds, 1 otherwise, 3 when it cannot lock down.
//
//	lockdown-go --mkdir PATH
//
// The child: tries to create PATH and exits 0 when that fails with EPERM.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
)

const workers = 4

func main() {
	if len(os.Args) == 3 && os.Args[1] == "--mkdir" {
		os.Exit(tryMkdir("child", os.Args[2]))
	}
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: lockdown-go DIR")
		os.Exit(2)
	}
	dir := os.Args[1]
	runtime.LockOSThread() // the main goroutine keeps its thread too
	if err := syscall.Mkdir(filepath.Join(dir, "before"), 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "lockdown-go: mkdir before the lock-down:", err)
		os.Exit(1)
	}

	// Workers, each on a thread of its own, all started before the lock-down.
	start, done := make(chan struct{}), make(chan struct{})
	tids := make(chan int)
	results := make(chan int)
	for i := 0; i < workers; i++ {
		go func(i int) {
			runtime.LockOSThread()
			tid := syscall.Gettid()
			tids <- tid
			<-start
			if syscall.Gettid() != tid {
				results <- 1
			} else {
				results <- tryMkdir(fmt.Sprintf("thread %d", tid), filepath.Join(dir, fmt.Sprint("w", i)))
			}
			<-done // a locked goroutine that ends takes its thread with it
		}(i)
	}
	seen := map[int]bool{syscall.Gettid(): true}
	for i := 0; i < workers; i++ {
		seen[<-tids] = true
	}
	if len(seen) != workers+1 {
		fmt.Fprintln(os.Stderr, "lockdown-go: the workers do not have threads of their own")
		os.Exit(1)
	}
	fmt.Printf("lockdown-go: %d threads of its own before the lock-down\n", len(seen))

	if err := InstallSandbox(); err != nil {
		fmt.Fprintln(os.Stderr, "lockdown-go: cannot lock down:", err)
		os.Exit(3)
	}

	failed := tryMkdir("main", filepath.Join(dir, "main"))
	close(start)
	for i := 0; i < workers; i++ {
		failed |= <-results
	}
	failed |= checkTasks(seen)
	close(done)
	child := exec.Command(os.Args[0], "--mkdir", filepath.Join(dir, "child"))
	child.Stdout, child.Stderr = os.Stdout, os.Stderr
	if err := child.Run(); err != nil {
		fmt.Println("lockdown-go: child process:", err)
		failed = 1
	}
	if failed != 0 {
		os.Exit(1)
	}
	fmt.Println("lockdown-go: locked down on every thread and in the child")
}

// tryMkdir reports what mkdir(path) did; 0 when it failed with EPERM.
func tryMkdir(who, path string) int {
	err := syscall.Mkdir(path, 0o755)
	fmt.Printf("lockdown-go: %s: mkdir: %v\n", who, err)
	if err == syscall.EPERM {
		return 0
	}
	return 1
}

// checkTasks reads every thread's status: each must have a seccomp filter
// (Seccomp: 2) and no_new_privs, and the threads of before must be there;
// 0 when so.
func checkTasks(before map[int]bool) int {
	names, err := filepath.Glob("/proc/self/task/*/status")
	if err != nil || len(names) == 0 {
		fmt.Println("lockdown-go: cannot read /proc/self/task")
		return 1
	}
	sort.Strings(names)
	failed := 0
	for tid := range before {
		if _, err := os.Stat(fmt.Sprintf("/proc/self/task/%d", tid)); err != nil {
			fmt.Printf("lockdown-go: thread %d is gone\n", tid)
			failed = 1
		}
	}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			fmt.Println("lockdown-go:", err)
			return 1
		}
		status := string(data)
		if !strings.Contains(status, "\nSeccomp:\t2\n") || !strings.Contains(status, "\nNoNewPrivs:\t1\n") {
			fmt.Printf("lockdown-go: %s: not locked down\n", name)
			failed = 1
		}
	}
	if failed == 0 {
		fmt.Printf("lockdown-go: all %d threads: Seccomp 2, NoNewPrivs 1\n", len(names))
	}
	return failed
}
