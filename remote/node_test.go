package remote_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/remote"
	"github.com/actorio/actorio/remote/codec"
	"github.com/actorio/actorio/remote/internal/frame"
)

// Messages from one node reach a registered actor of another in the order
// they were sent.
func TestTellAcrossNodesInOrder(t *testing.T) {
	a, b := pair(t)
	const n = 10000
	got := make(chan []int, 1)
	var seqs []int
	ref, err := actor.SpawnFunc(a.System(), func(_ *actor.Context[Greeting], g Greeting) {
		seqs = append(seqs, g.Seq)
		if len(seqs) == n {
			got <- seqs
		}
	})
	require.NoError(t, err)
	require.NoError(t, remote.Register(a, "greeter", ref))

	remoteRef := lookup[Greeting](t, b, "greeter")
	_, external := remoteRef.PID().External()
	require.True(t, external)
	for i := range n {
		require.NoError(t, remoteRef.Send(Greeting{From: "b", Seq: i}))
	}
	seqs = recv(t, got)
	for i, s := range seqs {
		require.Equal(t, i, s)
	}
	require.EqualValues(t, n, b.Metrics().MessagesOut)
	require.EqualValues(t, n, a.Metrics().MessagesIn)
	require.Less(t, b.Metrics().BatchesOut, uint64(n), "messages are batched")
}

func TestLookup(t *testing.T) {
	a, b := pair(t)
	ref, err := actor.SpawnFunc(a.System(), func(*actor.Context[Greeting], Greeting) {})
	require.NoError(t, err)
	require.NoError(t, remote.Register(a, "greeter", ref))

	t.Run("local instance is the local ref", func(t *testing.T) {
		local := lookup[Greeting](t, a, "greeter")
		require.Equal(t, ref, local)
	})
	t.Run("wrong type", func(t *testing.T) {
		_ = lookup[Greeting](t, b, "greeter") // known to b by now
		_, err := remote.Lookup[Counted](t.Context(), b, "greeter")
		require.ErrorIs(t, err, actor.ErrWrongType)
	})
	t.Run("not found waits for ctx", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		_, err := remote.Lookup[Greeting](ctx, b, "nobody")
		require.ErrorIs(t, err, remote.ErrNotFound)
		require.ErrorIs(t, err, context.DeadlineExceeded)
	})
	t.Run("invalid key", func(t *testing.T) {
		_, err := remote.Lookup[Greeting](t.Context(), b, "has space")
		require.Error(t, err)
		require.Error(t, remote.Register(a, "", ref))
	})
	t.Run("registration ends with the actor", func(t *testing.T) {
		short, err := actor.SpawnFunc(a.System(), func(*actor.Context[Counted], Counted) {})
		require.NoError(t, err)
		require.NoError(t, remote.Register(a, "short", short))
		_ = lookup[Counted](t, b, "short")
		short.Stop()
		_, err = short.PID().Terminated().Await(t.Context())
		require.NoError(t, err)
		require.Eventually(t, func() bool {
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
			defer cancel()
			_, err := remote.Lookup[Counted](ctx, b, "short")
			return errors.Is(err, remote.ErrNotFound)
		}, 5*time.Second, 20*time.Millisecond)
	})
}

// Hostile or mistaken input on the receiving node becomes dead letters
// there, with the reason, and the actor keeps working.
func TestBadMessagesAreDeadLettersOnTheReceiver(t *testing.T) {
	a, b := pair(t)
	dead := deadLetters(t, a.System())
	got := make(chan Greeting, 1)
	ref, err := actor.SpawnFunc(a.System(), func(_ *actor.Context[any], m any) {
		if g, ok := m.(Greeting); ok {
			got <- g
		}
	})
	require.NoError(t, err)
	require.NoError(t, remote.Register(a, "any", ref))
	remoteRef := lookup[any](t, b, "any")

	// A type a does not know.
	require.NoError(t, remoteRef.Send(Secret{S: "x"}))
	d := recv(t, dead)
	require.ErrorIs(t, d.Reason, codec.ErrUnknownType)
	require.Equal(t, ref.PID(), d.Target)
	u, ok := d.Message.(remote.Undelivered)
	require.True(t, ok)
	require.Equal(t, b.ID(), u.From)

	// The actor still works.
	require.NoError(t, remoteRef.Send(Greeting{Seq: 7}))
	require.Equal(t, 7, recv(t, got).Seq)
	require.EqualValues(t, 1, a.Metrics().DeadLetters)
}

func TestOversizedMessageIsADeadLetterOnTheSender(t *testing.T) {
	a, b := pair(t)
	ref, err := actor.SpawnFunc(a.System(), func(*actor.Context[Blob], Blob) {})
	require.NoError(t, err)
	require.NoError(t, remote.Register(a, "blob", ref))
	remoteRef := lookup[Blob](t, b, "blob")
	dead := deadLetters(t, b.System())
	err = remoteRef.Send(Blob{B: make([]byte, 2<<20)})
	require.ErrorIs(t, err, codec.ErrTooLarge)
	d := recv(t, dead)
	require.ErrorIs(t, d.Reason, codec.ErrTooLarge)
	require.Equal(t, remoteRef.PID(), d.Target)
}

func TestStopAndPoisonAcrossNodes(t *testing.T) {
	a, b := pair(t)
	for _, how := range []string{"stop", "poison"} {
		t.Run(how, func(t *testing.T) {
			handled := make(chan int, 100)
			ref, err := actor.SpawnFunc(a.System(), func(_ *actor.Context[Counted], c Counted) { handled <- c.N })
			require.NoError(t, err)
			require.NoError(t, remote.Register(a, how, ref))
			r := lookup[Counted](t, b, how)
			require.NoError(t, r.Send(Counted{N: 1}))
			require.Equal(t, 1, recv(t, handled))
			if how == "stop" {
				r.Stop()
			} else {
				require.NoError(t, r.Send(Counted{N: 2}))
				require.NoError(t, r.Poison())
			}
			_, err = ref.PID().Terminated().Await(t.Context())
			require.NoError(t, err)
			if how == "poison" {
				require.Equal(t, 2, recv(t, handled), "poison waits for the messages before it")
			}
		})
	}
}

func TestWatchAcrossNodes(t *testing.T) {
	a, b := pair(t)
	ref, err := actor.SpawnFunc(a.System(), func(*actor.Context[Counted], Counted) {})
	require.NoError(t, err)
	require.NoError(t, remote.Register(a, "watched", ref))
	r := lookup[Counted](t, b, "watched")

	terminated := r.PID().Terminated()
	// The stop follows the watch on b's control subject, so a handles
	// the watch first.
	r.Stop()
	term, err := terminated.Await(t.Context())
	require.NoError(t, err)
	require.Equal(t, r.PID(), term.Actor)
	var stopped *remote.StoppedError
	require.ErrorAs(t, term.Reason, &stopped)

	// Watching an actor that is gone yields a Terminated at once.
	term, err = r.PID().Terminated().Await(t.Context())
	require.NoError(t, err)
	require.ErrorIs(t, term.Reason, remote.ErrUnknownActor)
}

// When a node leaves, watchers of its actors get one Terminated with
// ErrNodeDown and sends to them fail fast.
func TestNodeDown(t *testing.T) {
	a := startNode(t, remote.WithEmbeddedServer(), remote.WithRegistry(registry(t, false)))
	b := startNode(t, remote.WithURL(a.URL()), remote.WithRegistry(registry(t, false)))
	ref, err := actor.SpawnFunc(b.System(), func(*actor.Context[Counted], Counted) {})
	require.NoError(t, err)
	require.NoError(t, remote.Register(b, "gone", ref))
	r := lookup[Counted](t, a, "gone")
	terminated := r.PID().Terminated()

	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	require.NoError(t, b.Close(ctx))
	term, err := terminated.Await(t.Context())
	require.NoError(t, err)
	require.ErrorIs(t, term.Reason, remote.ErrNodeDown)
	require.ErrorIs(t, r.Send(Counted{}), remote.ErrNodeDown)
	term, err = r.PID().Terminated().Await(t.Context())
	require.NoError(t, err)
	require.ErrorIs(t, term.Reason, remote.ErrNodeDown)
	require.EqualValues(t, 1, a.Metrics().NodesDown)
}

// Garbage published on a node's subjects is counted and dropped; the
// node's actors keep working.
func TestHostileBatches(t *testing.T) {
	a, b := pair(t)
	got := make(chan Greeting, 1)
	ref, err := actor.SpawnFunc(a.System(), func(_ *actor.Context[Greeting], g Greeting) { got <- g })
	require.NoError(t, err)
	require.NoError(t, remote.Register(a, "target", ref))
	r := lookup[Greeting](t, b, "target")

	nc, err := nats.Connect(a.URL())
	require.NoError(t, err)
	defer nc.Close()
	garbage := [][]byte{
		nil,
		{0xac},
		{0xac, 1, 200},
		append([]byte{0xac, 1, 1, 'x', 1, 0x80}, make([]byte, 10)...),
		append([]byte{0xac, 1, 1, 'x', 1, 1, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f}, 1, 2, 3),
	}
	for _, subj := range []string{"actorio.d." + a.ID() + ".0", "actorio.c." + a.ID(), "actorio.hb"} {
		for _, g := range garbage {
			require.NoError(t, nc.Publish(subj, g))
		}
	}
	// Heartbeats that frame well but carry bad service lists.
	many := "[" + strings.Repeat(`{"k":"x","i":1,"t":"y"},`, 20000) + `{"k":"x","i":1,"t":"y"}]`
	for i, payload := range []string{"not json", `[{"k":5}]`, many} {
		hb := frame.AppendRecord(frame.AppendHeader(nil, fmt.Sprintf("bad-hb-%d", i)),
			frame.Record{Kind: frame.Heartbeat, Payload: []byte(payload)})
		require.NoError(t, nc.Publish("actorio.hb", hb))
	}
	require.NoError(t, nc.Flush())
	require.Eventually(t, func() bool { return a.Metrics().Malformed >= 13 }, 5*time.Second, time.Millisecond)
	require.LessOrEqual(t, a.Metrics().Members, 1, "no node joins with a bad heartbeat")
	require.NoError(t, r.Send(Greeting{Seq: 1}))
	require.Equal(t, 1, recv(t, got).Seq)
}

// A remote Ref reports a crowded outbound queue and completes Ready once
// it has drained, so that a fast sender can hold back instead of meeting
// ErrOutboundFull.
func TestRemoteBackpressure(t *testing.T) {
	a := startNode(t, remote.WithEmbeddedServer(), remote.WithRegistry(registry(t, false)))
	b := startNode(t, remote.WithURL(a.URL()), remote.WithRegistry(registry(t, false)), remote.WithMaxOutbound(64<<10))
	rec := spawnReceiver(t, a, "rx")
	r := lookup[Greeting](t, b, "rx")
	require.False(t, r.Crowded())
	_, err := r.Ready().Await(t.Context())
	require.NoError(t, err, "ready at once when not crowded")

	const n = 50000
	from := strings.Repeat("x", 100)
	crowded := 0
	for i := range n {
		if r.Crowded() {
			crowded++
			_, err := r.Ready().Await(t.Context())
			require.NoError(t, err)
		}
		require.NoError(t, r.Send(Greeting{From: from, Seq: i}), "a sender holding back never meets ErrOutboundFull")
	}
	require.Eventually(t, func() bool { return len(rec.received()) == n }, 20*time.Second, time.Millisecond)
	require.Zero(t, b.Metrics().OutboundFull)
	t.Logf("held back %d times for %d messages", crowded, n)
}

// After Close, sends through a Ref used before fail with ErrClosed, as
// dead letters.
func TestSendAfterClose(t *testing.T) {
	a, b := pair(t)
	rec := spawnReceiver(t, a, "rx")
	r := lookup[Greeting](t, b, "rx")
	rec.waitFor(t, r, 0)
	dead := deadLetters(t, b.System())
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	require.NoError(t, b.Close(ctx))
	require.ErrorIs(t, r.Send(Greeting{Seq: 1 << 20}), remote.ErrClosed)
	require.ErrorIs(t, recv(t, dead).Reason, remote.ErrClosed)
}
