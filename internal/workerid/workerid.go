// Package workerid tells whether the calling goroutine is a dispatcher
// worker, so that code which would block (a future's Await, a send that
// waits for room) can refuse to do so on a worker instead of deadlocking
// the bounded pool.
//
// Workers run their loop inside Run. IsWorker walks the caller's own
// stack looking for the return address of Run's call: on amd64 by
// following the frame-pointer chain (a few nanoseconds a frame, as the
// runtime's execution tracer does), elsewhere with runtime.Callers (about
// a hundred nanoseconds a frame), against microseconds for parsing a
// goroutine id out of runtime.Stack.
package workerid

import (
	"runtime"
	"sync/atomic"
)

// returnPC is the return address, inside Run, of its call to the worker
// function: a goroutine is a worker exactly when a frame of its stack
// returns there.
var returnPC atomic.Uintptr

// Run calls fn as a dispatcher worker: IsWorker reports true for the
// goroutine while fn runs, and false once it returns.
//
//go:noinline
func Run(fn func()) { call(fn) }

//go:noinline
func call(fn func()) {
	if returnPC.Load() == 0 {
		var pc [1]uintptr
		runtime.Callers(2, pc[:]) // 0: Callers, 1: call, 2: Run
		returnPC.Store(pc[0])
	}
	fn()
}

// IsWorker reports whether the calling goroutine is running inside Run.
func IsWorker() bool {
	target := returnPC.Load()
	if target == 0 {
		return false // no worker has ever run
	}
	return onStack(target)
}

// callersOnStack reports whether a frame of the calling goroutine returns
// to target, using runtime.Callers.
func callersOnStack(target uintptr) bool {
	var pcs [64]uintptr
	for skip := 2; ; skip += len(pcs) {
		n := runtime.Callers(skip, pcs[:])
		for _, pc := range pcs[:n] {
			if pc == target {
				return true
			}
		}
		if n < len(pcs) {
			return false
		}
	}
}
