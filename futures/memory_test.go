package futures_test

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/futures"
)

// heapPerItem returns the live heap bytes per item that fill leaves
// behind, measured over n items after a full collection.
func heapPerItem(n int, fill func(i int)) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range n {
		fill(i)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	return float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
}

func TestPendingFutureMemory(t *testing.T) {
	const n = 100_000
	ps := make([]futures.Promise[int], n)
	fs := make([]futures.Future[int], n)

	bare := heapPerItem(n, func(i int) { ps[i], fs[i] = futures.NewPromise[int]() })
	withDone := heapPerItem(n, func(i int) { _ = fs[i].Done() })
	clear(ps)
	clear(fs)
	chans := make([]chan int, n)
	channel := heapPerItem(n, func(i int) { chans[i] = make(chan int, 1) })
	runtime.KeepAlive(chans)

	t.Logf("pending Future[int]: %.0f B; its Done channel adds %.0f B; a make(chan int, 1) is %.0f B", bare, withDone, channel)
	require.EqualValues(t, 40+8, futures.StateSize[int](), "a state is 40 B plus its value, as doc.go says")
	require.LessOrEqual(t, bare, 56.0, "a pending Future[int] stays in the 48 B size class")
}
