package remote_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/remote"
)

// A balanced Ref spreads its messages over every instance of a key, on
// every node, each message to one instance, in order per instance.
func TestBalanced(t *testing.T) {
	a := startNode(t, remote.WithEmbeddedServer(), remote.WithRegistry(askRegistry(t)))
	b := startNode(t, remote.WithURL(a.URL()), remote.WithRegistry(askRegistry(t)))
	c := startNode(t, remote.WithURL(a.URL()), remote.WithRegistry(askRegistry(t)))

	var mu sync.Mutex
	got := map[string][]int{} // instance -> seqs
	total := make(chan struct{}, 1)
	const n = 600
	count := 0
	instance := func(node *remote.Node, name string) {
		ref, err := actor.SpawnFunc(node.System(), func(_ *actor.Context[Greeting], g Greeting) {
			mu.Lock()
			defer mu.Unlock()
			got[name] = append(got[name], g.Seq)
			if count++; count == n {
				total <- struct{}{}
			}
		})
		require.NoError(t, err)
		require.NoError(t, remote.Register(node, "pool", ref))
	}
	instance(a, "a1")
	instance(a, "a2")
	instance(b, "b1")

	pool, err := remote.Balanced[Greeting](c, "pool")
	require.NoError(t, err)
	// c learns of the instances with their nodes' heartbeats.
	require.Eventually(t, func() bool {
		ref := lookup[Greeting](t, c, "pool")
		return !ref.IsZero() && c.Metrics().Members == 2
	}, 5*time.Second, time.Millisecond)
	require.Eventually(t, func() bool { return pool.Send(Greeting{Seq: -1}) == nil }, 5*time.Second, 10*time.Millisecond)
	require.Eventually(t, func() bool { mu.Lock(); defer mu.Unlock(); return count == 1 }, 5*time.Second, time.Millisecond)
	mu.Lock()
	count = 0
	clear(got)
	mu.Unlock()
	for i := range n {
		require.NoError(t, pool.Send(Greeting{Seq: i}))
		if i%50 == 0 {
			time.Sleep(5 * time.Millisecond) // several batches, so NATS can spread them
		}
	}
	recv(t, total)
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 3, "every instance got messages: %v", lens(got))
	for name, seqs := range got {
		for i := 1; i < len(seqs); i++ {
			require.Greater(t, seqs[i], seqs[i-1], "order at %s", name)
		}
	}
	t.Logf("messages per instance: %v", lens(got))
}

func lens(m map[string][]int) map[string]int {
	out := map[string]int{}
	for k, v := range m {
		out[k] = len(v)
	}
	return out
}

func TestBalancedAskAndRefusals(t *testing.T) {
	a, b := askPair(t)
	spawnStore(t, a)
	store, err := remote.Balanced[Get](b, "store")
	require.NoError(t, err)
	_ = lookup[Get](t, b, "store") // b knows the instance
	v, err := ask(store, "k", 10*time.Second).Await(t.Context())
	require.NoError(t, err)
	require.Equal(t, "v-k", v.Val)

	nobody, err := remote.Balanced[Get](b, "nobody")
	require.NoError(t, err)
	require.ErrorIs(t, nobody.Send(Get{}), remote.ErrNotFound)
	_, err = ask(nobody, "k", 10*time.Second).Await(t.Context())
	require.ErrorIs(t, err, remote.ErrNotFound)
	require.ErrorIs(t, store.Poison(), remote.ErrUnsupported)
	term, err := store.PID().Terminated().Await(t.Context())
	require.NoError(t, err)
	require.ErrorIs(t, term.Reason, remote.ErrUnsupported)
}
