package remote_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/remote"
	"github.com/actorio/actorio/remote/internal/embedded"
)

// receiver is an actor that records the sequence numbers it gets.
type receiver struct {
	mu   sync.Mutex
	seqs []int
	last chan int // every Seq, for waiting
}

func spawnReceiver(t *testing.T, n *remote.Node, key string) *receiver {
	t.Helper()
	r := &receiver{last: make(chan int, 1<<16)}
	ref, err := actor.SpawnFunc(n.System(), func(_ *actor.Context[Greeting], g Greeting) {
		r.mu.Lock()
		r.seqs = append(r.seqs, g.Seq)
		r.mu.Unlock()
		select {
		case r.last <- g.Seq:
		default:
		}
	})
	require.NoError(t, err)
	require.NoError(t, remote.Register(n, key, ref))
	return r
}

func (r *receiver) received() []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]int(nil), r.seqs...)
}

// waitFor sends greetings numbered from seq on, one every 50 ms, until
// the receiver has one of them: a message sent once the network is back
// arrives. It returns how many it sent.
func (r *receiver) waitFor(t *testing.T, ref actor.Ref[Greeting], seq int) int {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for next := seq; ; {
		_ = ref.Send(Greeting{Seq: next})
		next++
		for stop := time.Now().Add(50 * time.Millisecond); time.Now().Before(stop); time.Sleep(time.Millisecond) {
			if got := r.received(); len(got) > 0 && got[len(got)-1] >= seq {
				return next - seq
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("none of seq %d to %d arrived", seq, next-1)
		}
	}
}

// checkAtMostOnceInOrder asserts what the guarantees promise: nothing
// duplicated, order kept, and no more received than sent minus the
// losses the sender was told of.
func checkAtMostOnceInOrder(t *testing.T, got []int, sent, senderLosses int) {
	t.Helper()
	for i := 1; i < len(got); i++ {
		require.Greater(t, got[i], got[i-1], "duplicated or reordered at %d", i)
	}
	require.LessOrEqual(t, len(got)+senderLosses, sent)
	t.Logf("sent %d, received %d, dead letters on the sender %d, lost in flight %d",
		sent, len(got), senderLosses, sent-len(got)-senderLosses)
}

// countDeadLetters counts the dead letters published on sys from now on.
func countDeadLetters(t *testing.T, sys *actor.System) func() int {
	t.Helper()
	dead := deadLetters(t, sys)
	var mu sync.Mutex
	n := 0
	go func() {
		for range dead {
			mu.Lock()
			n++
			mu.Unlock()
		}
	}()
	return func() int { mu.Lock(); defer mu.Unlock(); return n }
}

// sendUntil sends numbered greetings, a few at a time, until stop closes;
// it returns how many it sent.
func sendUntil(ref actor.Ref[Greeting], stop <-chan struct{}) int {
	for i := 0; ; i++ {
		select {
		case <-stop:
			return i
		default:
		}
		_ = ref.Send(Greeting{Seq: i})
		if i%20 == 0 {
			time.Sleep(200 * time.Microsecond)
		}
	}
}

// The NATS server restarts under traffic: the nodes reconnect, nothing is
// duplicated or reordered, and what was lost is accounted for.
func TestServerRestartUnderTraffic(t *testing.T) {
	srv, err := embedded.Start(embedded.Options{})
	require.NoError(t, err)
	t.Cleanup(srv.Shutdown) // after the nodes' cleanups: they run last first
	opts := []remote.Option{
		remote.WithURL(srv.ClientURL()), remote.WithRegistry(registry(t, false)),
		// Down only after far longer than the restart takes.
		remote.WithHeartbeat(100*time.Millisecond, 20*time.Second),
		remote.WithNATSOptions(nats.ReconnectWait(20 * time.Millisecond)),
	}
	a, b := startNode(t, opts...), startNode(t, opts...)
	rec := spawnReceiver(t, a, "rx")
	ref := lookup[Greeting](t, b, "rx")
	losses := countDeadLetters(t, b.System())

	stop := make(chan struct{})
	sent := make(chan int, 1)
	go func() { sent <- sendUntil(ref, stop) }()
	time.Sleep(100 * time.Millisecond)
	require.NoError(t, srv.Restart())
	time.Sleep(200 * time.Millisecond)
	close(stop)
	n := <-sent
	n += rec.waitFor(t, ref, n) // traffic flows again after the restart
	checkAtMostOnceInOrder(t, rec.received(), n, losses())
	require.Positive(t, b.Metrics().Reconnects)
	require.Positive(t, a.Metrics().Reconnects)
}

// The sending node's connection closes in the middle of a stream: the
// batches that can no longer be published are dead letters on the
// sender, nothing hangs, and what arrived arrived once and in order.
func TestConnectionClosedMidStream(t *testing.T) {
	a := startNode(t, remote.WithEmbeddedServer(), remote.WithRegistry(registry(t, false)))
	nc, err := nats.Connect(a.URL())
	require.NoError(t, err)
	b := startNode(t, remote.WithConn(nc), remote.WithRegistry(registry(t, false)))
	rec := spawnReceiver(t, a, "rx")
	ref := lookup[Greeting](t, b, "rx")
	losses := countDeadLetters(t, b.System())

	stop := make(chan struct{})
	sent := make(chan int, 1)
	go func() { sent <- sendUntil(ref, stop) }()
	time.Sleep(50 * time.Millisecond)
	nc.Close()
	time.Sleep(50 * time.Millisecond)
	close(stop)
	n := <-sent
	require.Eventually(t, func() bool { return losses() > 0 }, 5*time.Second, time.Millisecond,
		"sends after the close are dead letters")
	got := rec.received()
	for i := 1; i < len(got); i++ {
		require.Greater(t, got[i], got[i-1])
	}
	require.LessOrEqual(t, len(got)+losses(), n)
	t.Logf("sent %d, received %d, dead letters on the sender %d", n, len(got), losses())
}

// A partition between NATS servers: each side declares the other's nodes
// down within the detector's bound, their watchers hear it once, and
// sends fail fast. Down is final for an incarnation, healed or not.
func TestPartition(t *testing.T) {
	if testing.Short() {
		t.Skip("a 3-server cluster")
	}
	cluster, err := embedded.StartCluster(3, embedded.Options{})
	require.NoError(t, err)
	t.Cleanup(cluster.Shutdown) // after the nodes' cleanups
	hb := remote.WithHeartbeat(heartbeat, downAfter)
	a := startNode(t, remote.WithURL(cluster.Servers[0].ClientURL()), remote.WithRegistry(registry(t, false)), hb)
	b := startNode(t, remote.WithURL(cluster.Servers[2].ClientURL()), remote.WithRegistry(registry(t, false)), hb)
	spawnReceiver(t, a, "on-a")
	recB := spawnReceiver(t, b, "on-b")
	refA := lookup[Greeting](t, b, "on-a")
	refB := lookup[Greeting](t, a, "on-b")
	recB.waitFor(t, refB, 0)
	aSeesB, bSeesA := refB.PID().Terminated(), refA.PID().Terminated()

	cut := time.Now()
	cluster.Partition(0)
	for _, f := range []interface {
		Await(context.Context) (actor.Terminated, error)
	}{aSeesB, bSeesA} {
		term, err := f.Await(t.Context())
		require.NoError(t, err)
		require.ErrorIs(t, term.Reason, remote.ErrNodeDown)
	}
	elapsed := time.Since(cut)
	t.Logf("partition to both sides down: %v", elapsed)
	require.Less(t, elapsed, killDeadline)
	require.ErrorIs(t, refB.Send(Greeting{}), remote.ErrNodeDown)
	require.ErrorIs(t, refA.Send(Greeting{}), remote.ErrNodeDown)

	cluster.Heal()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	require.NoError(t, cluster.WaitRoutes(ctx))
	require.ErrorIs(t, refB.Send(Greeting{}), remote.ErrNodeDown, "down is final")
}
