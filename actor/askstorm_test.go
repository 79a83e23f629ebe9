package actor_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
)

// stormReq asks an actor to double n; some requests make the actor stop
// (without answering) or panic (the request is dead-lettered).
type stormReq struct {
	n     int
	op    int // 0 answer, 1 stop without answering, 2 panic
	reply futures.Promise[int]
}

// TestAskStorm sends 100,000 asks across 1,000 actors from 8 goroutines
// while actors stop and panic at random, and checks that every future
// completes: with the right value, or with an error that says why
// (stopped, broken promise, dead-lettered after a panic). Nothing may wait
// forever: the timeout only guards against a bug.
func TestAskStorm(t *testing.T) {
	const actors, asks, senders = 1000, 100_000, 8
	sys := newSystem(t, actor.WithWorkers(2))
	refs := make([]actor.Ref[stormReq], actors)
	for i := range refs {
		var err error
		refs[i], err = actor.SpawnFunc(sys, func(ctx *actor.Context[stormReq], r stormReq) {
			switch r.op {
			case 1:
				ctx.Stop() // the promise breaks when the actor finishes stopping
			case 2:
				panic("storm")
			default:
				_ = r.reply.Resolve(2 * r.n)
			}
		}, actor.WithSupervisor(actor.OneForOne()))
		require.NoError(t, err)
	}

	var ok, stopped, broken, panicked atomic.Int64
	var wg sync.WaitGroup
	for s := range senders {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(s), 42))
			fs := make([]futures.Future[int], 0, 256)
			want := make([]int, 0, 256)
			check := func() {
				for i, f := range fs {
					ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
					v, err := f.Await(ctx)
					cancel()
					var pe *actor.PanicError
					switch {
					case err == nil:
						if v != want[i] {
							t.Errorf("got %d, want %d", v, want[i])
						}
						ok.Add(1)
					case errors.Is(err, context.DeadlineExceeded):
						t.Errorf("a future never completed")
					case errors.As(err, &pe):
						panicked.Add(1)
					case errors.Is(err, futures.ErrBrokenPromise):
						broken.Add(1)
					case errors.Is(err, actor.ErrStopped):
						stopped.Add(1)
					default:
						t.Errorf("unexpected error: %v", err)
					}
				}
				fs, want = fs[:0], want[:0]
			}
			for i := range asks / senders {
				op := 0
				switch x := rng.IntN(1000); {
				case x < 2:
					op = 1
				case x < 7:
					op = 2
				}
				n := i
				f := futures.Ask(refs[rng.IntN(actors)], func(p futures.Promise[int]) stormReq {
					return stormReq{n: n, op: op, reply: p}
				}, 0)
				fs, want = append(fs, f), append(want, 2*n)
				if len(fs) == cap(fs) {
					check()
				}
			}
			check()
		})
	}
	wg.Wait()
	total := ok.Load() + stopped.Load() + broken.Load() + panicked.Load()
	require.EqualValues(t, asks, total, "every future completed exactly once")
	require.Positive(t, ok.Load())
	require.Positive(t, stopped.Load()+broken.Load(), "some actors stopped")
	require.Positive(t, panicked.Load(), "some handlers panicked")
	t.Logf("ok %d, stopped %d, broken %d, panicked %d", ok.Load(), stopped.Load(), broken.Load(), panicked.Load())
}
