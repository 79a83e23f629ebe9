package actorsync_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/actorsync"
	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/internal/testutil"
)

// TestSemaphoreFIFO: permits go to waiters in order, once each.
func TestSemaphoreFIFO(t *testing.T) {
	s := actorsync.NewSemaphore(2)
	ctx := context.Background()
	a, err := await[*actorsync.Permit](t, s.Acquire(ctx))
	require.NoError(t, err)
	b, ok := s.TryAcquire()
	require.True(t, ok)
	_, ok = s.TryAcquire()
	require.False(t, ok, "none free")

	var order []int
	var mu sync.Mutex
	var waits []futures.Future[*actorsync.Permit]
	for i := range 3 {
		f := s.Acquire(ctx)
		f.OnComplete(func(*actorsync.Permit, error) {
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
		})
		waits = append(waits, f)
	}
	free, waiting := s.Available()
	require.Equal(t, 0, free)
	require.Equal(t, 3, waiting)

	require.True(t, a.Release())
	require.False(t, a.Release(), "released once")
	require.True(t, b.Release())
	p0, err := await[*actorsync.Permit](t, waits[0])
	require.NoError(t, err)
	_, err = await[*actorsync.Permit](t, waits[1])
	require.NoError(t, err)
	_, ok = s.TryAcquire()
	require.False(t, ok, "a waiter is before TryAcquire")
	require.True(t, p0.Release())
	_, err = await[*actorsync.Permit](t, waits[2])
	require.NoError(t, err)
	require.Equal(t, []int{0, 1, 2}, order)
}

// TestSemaphoreCancel: a cancelled wait fails with the context's error
// and gives up its place; no permit is lost.
func TestSemaphoreCancel(t *testing.T) {
	s := actorsync.NewSemaphore(1)
	held, ok := s.TryAcquire()
	require.True(t, ok)
	ctx, cancel := context.WithCancel(context.Background())
	gone := s.Acquire(ctx)
	next := s.Acquire(context.Background())
	cancel()
	_, err := await[*actorsync.Permit](t, gone)
	require.ErrorIs(t, err, context.Canceled)
	held.Release()
	p, err := await[*actorsync.Permit](t, next)
	require.NoError(t, err)
	p.Release()
	free, waiting := s.Available()
	require.Equal(t, 1, free)
	require.Zero(t, waiting)

	_, err = await[*actorsync.Permit](t, s.Acquire(ctx))
	require.NoError(t, err, "a free permit is taken even with a done context")
	require.Panics(t, func() { actorsync.NewSemaphore(0) })
}

// TestSemaphoreBound: 32 goroutines taking and releasing 4 permits never
// hold more than 4 at once, and end with all 4 free.
func TestSemaphoreBound(t *testing.T) {
	s := actorsync.NewSemaphore(4)
	var holders, most atomic.Int32
	var wg sync.WaitGroup
	for range 32 {
		wg.Go(func() {
			for range 200 {
				p, err := s.Acquire(context.Background()).Await(context.Background())
				if err != nil {
					t.Error(err)
					return
				}
				n := holders.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				holders.Add(-1)
				p.Release()
			}
		})
	}
	wg.Wait()
	require.LessOrEqual(t, most.Load(), int32(4))
	free, waiting := s.Available()
	require.Equal(t, 4, free)
	require.Zero(t, waiting)
}

// TestAcquireInActor: a permit taken for an actor is released when the
// actor panics or stops, and a wait given up when it stops first; the
// permits keep serving other actors.
func TestAcquireInActor(t *testing.T) {
	sys := newSystem(t)
	s := actorsync.NewSemaphore(1)
	got := make(chan string, 8)
	ref, err := actor.SpawnFunc(sys, func(ctx *actor.Context[string], m string) {
		switch m {
		case "take", "take and panic":
			actorsync.Acquire(ctx, s, func(p *actorsync.Permit, err error) {
				if err != nil {
					got <- "error: " + err.Error()
					return
				}
				got <- "took"
				if m == "take and panic" {
					panic("holding a permit")
				}
			})
		}
	})
	require.NoError(t, err)

	require.NoError(t, ref.Send("take and panic"))
	require.Equal(t, "took", testutil.Recv(t, got, "the permit"))
	// The panic restarted the actor, whose cleanup released the permit.
	require.NoError(t, ref.Send("take"))
	require.Equal(t, "took", testutil.Recv(t, got, "the permit again"))

	// It holds the permit now; a second actor waits for it.
	other := make(chan struct{})
	waiter, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], _ int) {
		actorsync.Acquire(ctx, s, func(p *actorsync.Permit, err error) {
			if err == nil {
				p.Release()
				close(other)
			}
		})
	})
	require.NoError(t, err)
	require.NoError(t, waiter.Send(0))
	require.Eventually(t, func() bool { _, w := s.Available(); return w == 1 }, waitFor, time.Millisecond)

	// The holder stops: its permit goes to the waiter.
	ref.Stop()
	testutil.Recv(t, other, "the waiter's permit")

	// An actor that stops while waiting gives up its wait.
	held, ok := s.TryAcquire()
	require.True(t, ok)
	quitter, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], _ int) {
		actorsync.Acquire(ctx, s, func(*actorsync.Permit, error) { t.Error("then ran after the actor stopped") })
	})
	require.NoError(t, err)
	require.NoError(t, quitter.Send(0))
	require.Eventually(t, func() bool { _, w := s.Available(); return w == 1 }, waitFor, time.Millisecond)
	stopped := quitter.PID().Terminated()
	quitter.Stop()
	_, err = await[actor.Terminated](t, stopped)
	require.NoError(t, err)
	require.Eventually(t, func() bool { _, w := s.Available(); return w == 0 }, waitFor, time.Millisecond)
	held.Release()
	free, _ := s.Available()
	require.Equal(t, 1, free, "no permit lost")
}
