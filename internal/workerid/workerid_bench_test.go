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
