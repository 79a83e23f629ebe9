package actor_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/internal/testutil"
	"github.com/actorio/actorio/mailbox"
)

// TestCrowdedAndReady: an actor with watermarks 8 and 2, held in its
// handler, becomes Crowded at 8 queued messages; Ready completes once it
// has worked its way down to 2.
func TestCrowdedAndReady(t *testing.T) {
	sys := newSystem(t)
	gate := make(chan struct{})
	release := sync.OnceFunc(func() { close(gate) })
	t.Cleanup(release) // before the system's shutdown, even on failure
	ref, err := actor.SpawnFunc(sys, func(_ *actor.Context[int], n int) {
		if n == 0 {
			<-gate
		}
	}, actor.WithMailbox(mailbox.Config{HighWater: 8, LowWater: 2}))
	require.NoError(t, err)
	_, _, ready := ref.Ready().Result()
	require.True(t, ready, "an idle actor is ready at once")

	require.NoError(t, ref.Send(0)) // holds the actor; counted until its turn ends
	for i := 1; i < 7; i++ {
		require.NoError(t, ref.Send(i))
	}
	require.False(t, ref.Crowded(), "7 messages")
	require.NoError(t, ref.Send(7))
	require.True(t, ref.Crowded(), "8 messages")
	f := ref.Ready()
	_, _, done := f.Result()
	require.False(t, done, "not ready while crowded")
	release()
	ctx, cancel := context.WithTimeout(context.Background(), testutil.Guard)
	defer cancel()
	_, err = f.Await(ctx)
	require.NoError(t, err)
	require.False(t, ref.Crowded())
}

// TestReadyWhenStopped: Ready completes for a stopped actor, and for the
// zero Ref; neither is crowded.
func TestReadyWhenStopped(t *testing.T) {
	sys := newSystem(t)
	gate := make(chan struct{})
	ref, err := actor.SpawnFunc(sys, func(*actor.Context[int], int) { <-gate },
		actor.WithMailbox(mailbox.Config{HighWater: 2}))
	require.NoError(t, err)
	for i := range 3 {
		require.NoError(t, ref.Send(i))
	}
	f := ref.Ready()
	ref.Stop()
	close(gate)
	ctx, cancel := context.WithTimeout(context.Background(), testutil.Guard)
	defer cancel()
	_, err = f.Await(ctx)
	require.NoError(t, err)
	require.False(t, ref.Crowded())
	var zero actor.Ref[int]
	require.False(t, zero.Crowded())
	_, err = zero.Ready().Await(ctx)
	require.NoError(t, err)
}

// TestProducerHoldsBack: a producer actor sends as fast as it can to a
// slower consumer, holding back while the consumer is Crowded and
// resuming on Ready, with actor.Await. However fast it runs, the
// consumer's backlog never exceeds its high watermark plus the message
// in hand, and every message arrives, in order.
func TestProducerHoldsBack(t *testing.T) {
	const total, high = 20000, 32
	sys := newSystem(t)
	var sent, handled, maxBacklog atomic.Int64
	done := make(chan struct{})
	next := 0
	consumer, err := actor.SpawnFunc(sys, func(_ *actor.Context[int], n int) {
		if n != next {
			panic("out of order") // fails the test through the counts
		}
		next++
		for range 200 { // slower than the producer
			handled.Load()
		}
		if handled.Add(1) == total {
			close(done)
		}
	}, actor.WithMailbox(mailbox.Config{HighWater: high}))
	require.NoError(t, err)

	type produce struct{}
	_, err = actor.SpawnFunc(sys, func(ctx *actor.Context[produce], _ produce) {
		for sent.Load() < total {
			if consumer.Crowded() {
				actor.Await(ctx, consumer.Ready(), func(struct{}, error) { _ = ctx.Self().Send(produce{}) })
				return
			}
			if consumer.Send(int(sent.Load())) != nil {
				return // the test fails on the counts
			}
			backlog := sent.Add(1) - handled.Load()
			for m := maxBacklog.Load(); backlog > m && !maxBacklog.CompareAndSwap(m, backlog); m = maxBacklog.Load() {
			}
		}
	}, actor.WithName("producer"))
	require.NoError(t, err)
	ref, err := actor.Lookup[produce](sys, "producer")
	require.NoError(t, err)
	require.NoError(t, ref.Send(produce{}))

	select {
	case <-done:
	case <-time.After(testutil.Guard):
		t.Fatalf("handled %d of %d", handled.Load(), total)
	}
	require.Equal(t, int64(total), handled.Load())
	require.LessOrEqual(t, maxBacklog.Load(), int64(high+1))
	t.Logf("largest backlog: %d messages (high watermark %d)", maxBacklog.Load(), high)
}
