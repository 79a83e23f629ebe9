// Package workerid tells whether the calling goroutine is one of the
// runtime's: a dispatcher worker, so that code which would block (a
// future's Await, a send that waits for room) can refuse to do so on a
// worker instead of deadlocking the bounded pool; or any goroutine whose
// work the runtime waits for when it shuts down, so that a shutdown
// started there does not wait for itself.
//
// Workers run their loop inside Run; goroutines of the runtime that may
// block (an actor's dedicated goroutine, a task of the blocking pool) run
// inside RunBlocking. IsWorker and IsRuntime walk the caller's own stack
// looking for the return address of Run's call (and RunBlocking's): on
// amd64 by following the frame-pointer chain (a few nanoseconds a frame,
// as the runtime's execution tracer does), elsewhere with runtime.Callers
// (about a hundred nanoseconds a frame), against microseconds for parsing
// a goroutine id out of runtime.Stack.
package workerid

import (
	"runtime"
	"sync/atomic"
)

// workerPC and blockingPC are the return addresses, inside Run and
// RunBlocking, of their call to call: a goroutine runs inside Run exactly
// when a frame of its stack returns to workerPC, and likewise for
// RunBlocking. Zero until the first call.
var workerPC, blockingPC atomic.Uintptr

// Run calls fn as a dispatcher worker: IsWorker and IsRuntime report true
// for the goroutine while fn runs, and false once it returns.
//
//go:noinline
func Run(fn func()) { call(fn, &workerPC) }

// RunBlocking calls fn as a goroutine of the runtime on which blocking is
// allowed, such as an actor's dedicated goroutine or a task of the
// blocking pool: IsRuntime reports true for the goroutine while fn runs,
// and false once it returns. IsWorker keeps reporting false there.
//
//go:noinline
func RunBlocking(fn func()) { call(fn, &blockingPC) }

// call records, the first time, the return address of its caller's call
// in mark, then calls fn.
//
//go:noinline
func call(fn func(), mark *atomic.Uintptr) {
	if mark.Load() == 0 {
		var pc [1]uintptr
		runtime.Callers(2, pc[:]) // 0: Callers, 1: call, 2: Run or RunBlocking
		mark.Store(pc[0])
	}
	fn()
}

// IsWorker reports whether the calling goroutine is running inside Run.
func IsWorker() bool {
	target := workerPC.Load()
	if target == 0 {
		return false // no worker has ever run
	}
	return onStack(target, target)
}

// IsRuntime reports whether the calling goroutine is running inside Run or
// RunBlocking.
func IsRuntime() bool {
	w, b, ok := runtimeTargets()
	return ok && onStack(w, b)
}

// runtimeTargets returns the return addresses IsRuntime looks for, either
// standing in for the other until that is known, and false if neither is.
func runtimeTargets() (w, b uintptr, ok bool) {
	w, b = workerPC.Load(), blockingPC.Load()
	switch {
	case w == 0 && b == 0:
		return 0, 0, false // neither has ever run
	case w == 0:
		w = b
	case b == 0:
		b = w
	}
	return w, b, true
}

// callersOnStack reports whether a frame of the calling goroutine returns
// to a or to b, using runtime.Callers.
func callersOnStack(a, b uintptr) bool {
	var pcs [64]uintptr
	for skip := 2; ; skip += len(pcs) {
		n := runtime.Callers(skip, pcs[:])
		for _, pc := range pcs[:n] {
			if pc == a || pc == b {
				return true
			}
		}
		if n < len(pcs) {
			return false
		}
	}
}
