package workerid_test

import (
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/internal/workerid"
)

func TestGIsStableWithinAGoroutineAndDistinctAcrossLiveOnes(t *testing.T) {
	if workerid.G() == 0 {
		require.NotContains(t, []string{"amd64", "arm64"}, runtime.GOARCH, "G must be known here")
		t.Skip("G is unknown on " + runtime.GOARCH)
	}
	const n = 64
	ids := make([]uintptr, n)
	after := make([]uintptr, n)
	var started, release sync.WaitGroup
	started.Add(n)
	release.Add(1)
	var done sync.WaitGroup
	for i := range n {
		done.Go(func() {
			ids[i] = workerid.G()
			started.Done()
			release.Wait() // stay alive, so no two of them share a g
			growStack(64)  // a moved stack keeps the goroutine's identity
			after[i] = workerid.G()
		})
	}
	started.Wait()
	seen := map[uintptr]bool{workerid.G(): true}
	for i, id := range ids {
		require.NotZero(t, id, "goroutine %d", i)
		require.False(t, seen[id], "goroutine %d shares an identity", i)
		seen[id] = true
	}
	release.Done()
	done.Wait()
	require.Equal(t, ids, after, "identities after the stacks grew")
}

// growStack recurses with a large frame so that the stack is copied.
func growStack(depth int) byte {
	var pad [1024]byte
	pad[depth%len(pad)] = byte(depth)
	if depth == 0 {
		return pad[0]
	}
	return growStack(depth-1) + pad[depth%len(pad)]
}

func BenchmarkG(b *testing.B) {
	var sink uintptr
	for range b.N {
		sink += workerid.G()
	}
	_ = sink
}
