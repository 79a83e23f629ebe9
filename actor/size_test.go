package actor_test

import (
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/internal/testutil"
)

// TestIdleActorSize keeps the documentation's figures honest: an idle
// actor costs about 128 bytes, and about 260 once it has received
// messages, while its mailbox keeps its last queue segment. Its state
// fits one 128-byte allocation, and 20,000 idle actors are measured on
// the heap, before and after each has handled a message.
func TestIdleActorSize(t *testing.T) {
	require.LessOrEqual(t, actor.IdleActorSize, uintptr(128), "an actor's state outgrew 128 bytes")

	const n = 20000
	sys := newSystem(t)
	done := make(chan struct{}, n)
	handler := func(*actor.Context[int], int) { done <- struct{}{} }
	refs := make([]actor.Ref[int], n)
	before := heapAlloc()
	for i := range refs {
		ref, err := actor.SpawnFunc(sys, handler)
		require.NoError(t, err)
		refs[i] = ref
	}
	fresh := (heapAlloc() - before) / n
	for _, ref := range refs {
		require.NoError(t, ref.Send(1))
	}
	for range n {
		recv(t, done)
	}
	waitIdle(t, sys)
	used := (heapAlloc() - before) / n
	t.Logf("heap per idle actor: %d bytes, %d once it has handled a message", fresh, used)
	require.LessOrEqual(t, fresh, int64(144), "an idle actor costs more than about 128 bytes")
	require.LessOrEqual(t, used, int64(288), "an idle actor that has handled messages costs more than about 260 bytes")
	runtime.KeepAlive(refs)
}

func heapAlloc() int64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

// waitIdle waits until no actor of sys is scheduled or running.
func waitIdle(t *testing.T, sys *actor.System) {
	t.Helper()
	require.Eventually(t, func() bool {
		for _, a := range sys.Snapshot() {
			if a.State != actor.StateIdle {
				return false
			}
		}
		return true
	}, testutil.Guard, time.Millisecond)
}
