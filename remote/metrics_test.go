package remote_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/remote"
	"github.com/actorio/actorio/remote/internal/frame"
)

// waitMembers waits until each node counts the other as a member: only
// then does it count their traffic per peer.
func waitMembers(t *testing.T, nodes ...*remote.Node) {
	t.Helper()
	require.Eventually(t, func() bool {
		for _, n := range nodes {
			if n.Metrics().Members < len(nodes)-1 {
				return false
			}
		}
		return true
	}, 10*time.Second, time.Millisecond)
}

func TestPeerMetrics(t *testing.T) {
	a, b := pair(t)
	waitMembers(t, a, b)
	rec := spawnReceiver(t, a, "rx")
	ref := lookup[Greeting](t, b, "rx")
	for i := range 100 {
		require.NoError(t, ref.Send(Greeting{Seq: i}))
	}
	require.Eventually(t, func() bool { return len(rec.received()) == 100 }, 5*time.Second, time.Millisecond)
	require.Eventually(t, func() bool {
		return a.Metrics().Peers[b.ID()].RTT > 0 && b.Metrics().Peers[a.ID()].RTT > 0
	}, 5*time.Second, 10*time.Millisecond, "heartbeat round trips are measured")
	out, in := b.Metrics().Peers[a.ID()], a.Metrics().Peers[b.ID()]
	require.EqualValues(t, 100, out.MessagesOut)
	require.EqualValues(t, 100, in.MessagesIn)
	require.Positive(t, out.BytesOut)
	require.Positive(t, in.BatchesIn)
	t.Logf("b -> a: %+v", out)
}

// Batches from node IDs that never sent a heartbeat are counted in the
// totals only: forging IDs cannot grow the per-peer table.
func TestForgedNodeIDs(t *testing.T) {
	a, b := pair(t)
	nc, err := nats.Connect(a.URL())
	require.NoError(t, err)
	defer nc.Close()
	before := a.Metrics().BatchesIn
	for i := range 1000 {
		batch := frame.AppendRecord(frame.AppendHeader(nil, fmt.Sprintf("forged-%d", i)),
			frame.Record{Kind: frame.Stop, Target: 1 << 40})
		require.NoError(t, nc.Publish("actorio.c."+a.ID(), batch))
	}
	require.NoError(t, nc.Flush())
	require.Eventually(t, func() bool { return a.Metrics().BatchesIn >= before+1000 }, 5*time.Second, time.Millisecond)
	peers := a.Metrics().Peers
	for id := range peers {
		require.Equal(t, b.ID(), id, "only the real peer is listed")
	}
}

// The remote actors a node has met in messages are forgotten once nothing
// refers to them: a peer sending any number of refs costs nothing for
// long.
func TestRemoteActorsAreForgotten(t *testing.T) {
	a, b := askPair(t)
	seen := make(chan struct{}, 1)
	const refs = 2000
	n := 0
	sink, err := actor.SpawnFunc(a.System(), func(_ *actor.Context[Value], v Value) {
		require.False(t, v.Owner.IsZero())
		if n++; n == refs {
			seen <- struct{}{}
		}
	})
	require.NoError(t, err)
	require.NoError(t, remote.Register(a, "sink", sink))
	r := lookup[Value](t, b, "sink")
	for range refs {
		owner, err := actor.SpawnFunc(b.System(), func(*actor.Context[Get], Get) {})
		require.NoError(t, err)
		require.NoError(t, r.Send(Value{Owner: owner}))
	}
	recv(t, seen)
	require.Eventually(t, func() bool {
		runtime.GC()
		return remote.KnownActors(a) < 10
	}, 10*time.Second, 10*time.Millisecond)
}

func TestDump(t *testing.T) {
	a, b := pair(t)
	waitMembers(t, a, b)
	spawnReceiver(t, a, "rx")
	ref := lookup[Greeting](t, b, "rx")
	require.NoError(t, ref.Send(Greeting{}))
	require.Eventually(t, func() bool { return a.Metrics().Peers[b.ID()].MessagesIn == 1 }, 5*time.Second, time.Millisecond)
	var sb strings.Builder
	require.NoError(t, a.Dump(&sb))
	out := sb.String()
	require.Contains(t, out, "node "+a.ID())
	require.Contains(t, out, b.ID())
	require.Contains(t, out, "rx")
	t.Log("\n" + out)
}

// A flood of heartbeats and leaves from forged node IDs is bounded: the
// membership never holds more than its limit, and leaves of nodes never
// heard of change nothing.
func TestForgedHeartbeats(t *testing.T) {
	// Forged members must not expire during the test.
	hb := remote.WithHeartbeat(50*time.Millisecond, time.Minute)
	a := startNode(t, remote.WithEmbeddedServer(), remote.WithRegistry(registry(t, false)), hb)
	b := startNode(t, remote.WithURL(a.URL()), remote.WithRegistry(registry(t, false)), hb)
	waitMembers(t, a, b)
	nc, err := nats.Connect(a.URL())
	require.NoError(t, err)
	defer nc.Close()
	const forged = 4500
	for i := range forged {
		id := fmt.Sprintf("forged-%d", i)
		require.NoError(t, nc.Publish("actorio.hb", frame.AppendRecord(frame.AppendHeader(nil, id),
			frame.Record{Kind: frame.Heartbeat, Payload: []byte("[]")})))
		require.NoError(t, nc.Publish("actorio.hb", frame.AppendRecord(frame.AppendHeader(nil, "never-"+id),
			frame.Record{Kind: frame.Leave})))
		if i%500 == 0 {
			require.NoError(t, nc.Flush()) // paced, so the nodes keep up
		}
	}
	require.NoError(t, nc.Flush())
	// Every forged heartbeat has been handled once more than the cap are
	// counted: the members, and the ones past the cap as malformed.
	require.Eventually(t, func() bool {
		m := a.Metrics()
		return m.Members == 4096 && m.Malformed >= forged+1-4096
	}, 10*time.Second, 10*time.Millisecond)
	m := a.Metrics()
	require.Zero(t, m.NodesDown, "leaves of unknown nodes change nothing")
	// The real peer still works.
	rec := spawnReceiver(t, a, "rx")
	rec.waitFor(t, lookup[Greeting](t, b, "rx"), 0)
}
