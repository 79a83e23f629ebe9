package actor_test

import (
	"context"
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/internal/testutil"
)

// TestEventsLostCountIsExact publishes dead letters from several goroutines
// at once to a subscription too small to keep up, and checks that every
// event is accounted for exactly once: either received, or counted in
// exactly one EventsLost.
func TestEventsLostCountIsExact(t *testing.T) {
	const (
		publishers = 8
		perSender  = 20000
		published  = publishers * perSender
	)
	// A P for each publisher and the reader, even on a small machine, so
	// that the operating system interleaves the publishers at any
	// instruction, as a large machine would.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(runtime.GOMAXPROCS(0), publishers+1)))

	sys := newSystem(t)
	ref, err := actor.SpawnFunc(sys, func(*actor.Context[int], int) {})
	require.NoError(t, err)
	ref.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), testutil.Guard)
	defer cancel()
	_, err = ref.PID().Terminated().Await(ctx)
	require.NoError(t, err)

	sub := sys.Subscribe(2)
	defer sub.Close()

	// The reader accounts for every event. It empties the buffer and then
	// yields, so that the buffer keeps filling up and the publishers race
	// to report their losses into the room it leaves.
	var received, reported uint64 // events received, sum of EventsLost.Count
	read := func(e actor.Event) {
		lost, ok := e.(actor.EventsLost)
		if !ok {
			received++
			return
		}
		// A count larger than everything ever published is an underflow.
		require.LessOrEqual(t, lost.Count, uint64(published+1), "EventsLost.Count")
		reported += lost.Count
	}
	drain := func() {
		for {
			select {
			case e := <-sub.C():
				read(e)
			default:
				return
			}
		}
	}

	// Every Send to the stopped actor publishes one DeadLetter before it
	// returns.
	var wg sync.WaitGroup
	defer wg.Wait() // if the test fails while they still publish
	for range publishers {
		wg.Go(func() {
			for i := range perSender {
				_ = ref.Send(i)
			}
		})
	}
	sent := make(chan struct{})
	go func() { wg.Wait(); close(sent) }()
	for running := true; running; {
		select {
		case <-sent:
			running = false
		case e := <-sub.C():
			read(e)
			drain()
			runtime.Gosched()
		}
	}

	// The last losses are only reported by a later publish: keep publishing
	// one more event at a time, and draining, until everything published is
	// accounted for. Each extra event is published into an empty buffer, so
	// it reports the pending count along with itself.
	total := uint64(published)
	for drain(); received+reported != total; drain() {
		require.Less(t, received+reported, total, "more events accounted for than published")
		require.Equal(t, uint64(published), total, "one more event reports all that is pending")
		require.ErrorIs(t, ref.Send(0), actor.ErrStopped)
		total++
	}
	require.Equal(t, total-received, sub.Lost(), "events lost")
}
