// Package workerid records which goroutines are dispatcher workers, so that
// code which would block (a future's Await, a send that waits for room) can
// refuse to do so on a worker instead of deadlocking the bounded pool.
//
// Lookups parse the goroutine id from runtime.Stack, which costs about a
// microsecond: call IsWorker only on paths that are about to block anyway.
package workerid

import (
	"runtime"
	"sync"
)

var workers sync.Map // goroutine id -> struct{}

// Enter marks the calling goroutine as a dispatcher worker until the
// returned function is called. Worker loops call it once when they start.
func Enter() (leave func()) {
	id := current()
	workers.Store(id, struct{}{})
	return func() { workers.Delete(id) }
}

// IsWorker reports whether the calling goroutine is a dispatcher worker.
func IsWorker() bool {
	_, ok := workers.Load(current())
	return ok
}

// current returns the id of the calling goroutine, parsed from the first
// line of its stack trace ("goroutine 123 [running]:").
func current() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	const prefix = len("goroutine ")
	var id uint64
	for i := prefix; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		id = id*10 + uint64(b[i]-'0')
	}
	return id
}
