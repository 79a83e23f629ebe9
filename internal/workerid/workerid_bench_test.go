package workerid_test

import (
	"testing"

	"github.com/actorio/actorio/internal/workerid"
)

// BenchmarkIsWorker measures the check on a goroutine that is not a
// worker, after a worker has run (so the stack is actually walked).
func BenchmarkIsWorker(b *testing.B) {
	workerid.Run(func() {})
	for range b.N {
		if workerid.IsWorker() {
			b.Fatal("not a worker")
		}
	}
}

// BenchmarkIsRuntime measures the check on a goroutine that is neither a
// worker nor blocking, after both marks are set (so the stack is walked
// for both).
func BenchmarkIsRuntime(b *testing.B) {
	workerid.Run(func() {})
	workerid.RunBlocking(func() {})
	for range b.N {
		if workerid.IsRuntime() {
			b.Fatal("not the runtime's")
		}
	}
}
