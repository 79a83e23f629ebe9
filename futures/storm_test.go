package futures_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/futures"
)

// stormActor is a fake actor: a goroutine owned by the test that serves
// requests from its queue, answering most, failing some and stopping at
// random. Once stopped it refuses new requests and, as a runtime must,
// rejects every request it had accepted but not answered.
type stormActor struct {
	mu      sync.Mutex
	queue   []request
	stopped bool
	wake    chan struct{}
	rng     *rand.Rand
	tally   *stormTally
}

// stormTally counts what the actors did, to check against what the askers
// saw.
type stormTally struct {
	values, failures, broken, refused atomic.Int64
}

func (a *stormActor) Send(m request) error { return a.SendRequest(m, m.reply) }

func (a *stormActor) SendRequest(m request, _ futures.Rejecter) error {
	a.mu.Lock()
	if a.stopped {
		a.mu.Unlock()
		a.tally.refused.Add(1)
		return errStopped
	}
	a.queue = append(a.queue, m)
	a.mu.Unlock()
	select {
	case a.wake <- struct{}{}:
	default:
	}
	return nil
}

func (a *stormActor) run(quit <-chan struct{}) {
	for {
		select {
		case <-a.wake:
		case <-quit:
			a.stop(nil)
			return
		}
		a.mu.Lock()
		batch := a.queue
		a.queue = nil
		a.mu.Unlock()
		for i, m := range batch {
			switch r := a.rng.IntN(1000); {
			case r == 0:
				a.stop(batch[i:])
				return
			case r < 50:
				if m.reply.Reject(errBoom) == nil {
					a.tally.failures.Add(1)
				}
			default:
				if m.reply.Resolve(m.n+1) == nil {
					a.tally.values.Add(1)
				}
			}
		}
	}
}

// stop refuses new requests and rejects the unanswered ones.
func (a *stormActor) stop(unanswered []request) {
	a.mu.Lock()
	a.stopped = true
	unanswered = append(unanswered, a.queue...)
	a.queue = nil
	a.mu.Unlock()
	for _, m := range unanswered {
		if m.reply.Reject(fmt.Errorf("storm actor stopped: %w", futures.ErrBrokenPromise)) == nil {
			a.tally.broken.Add(1)
		}
	}
}

func TestAskStorm(t *testing.T) {
	const (
		actors  = 1000
		askers  = 8
		asks    = 100_000
		perAsk  = asks / askers
		batch   = 100
		timeout = time.Hour // fake time: it fires only if a future would hang
	)
	synctest.Test(t, func(t *testing.T) {
		var tally stormTally
		quit := make(chan struct{})
		var wg sync.WaitGroup
		fleet := make([]*stormActor, actors)
		for i := range fleet {
			fleet[i] = &stormActor{wake: make(chan struct{}, 1), rng: rand.New(rand.NewPCG(1, uint64(i))), tally: &tally}
			wg.Go(func() { fleet[i].run(quit) })
		}

		var values, failures, broken, refused, timedOut, other atomic.Int64
		count := func(n, v int, err error) {
			switch {
			case err == nil:
				if v != n+1 {
					other.Add(1)
					return
				}
				values.Add(1)
			case errors.Is(err, futures.ErrTimeout):
				timedOut.Add(1)
			case errors.Is(err, errStopped):
				refused.Add(1)
			case errors.Is(err, futures.ErrBrokenPromise):
				broken.Add(1)
			case errors.Is(err, errBoom):
				failures.Add(1)
			default:
				other.Add(1)
			}
		}

		var clients sync.WaitGroup
		for c := range askers {
			clients.Go(func() {
				rng := rand.New(rand.NewPCG(2, uint64(c)))
				ns := make([]int, 0, batch)
				fs := make([]futures.Future[int], 0, batch)
				for i := range perAsk {
					n := c*perAsk + i
					f := futures.Ask(fleet[rng.IntN(actors)], build(n), timeout)
					if c%2 == 0 { // half the askers wait for each reply
						v, err := f.Await(context.Background())
						count(n, v, err)
						continue
					}
					ns, fs = append(ns, n), append(fs, f) // the others in batches
					if len(fs) < batch && i < perAsk-1 {
						continue
					}
					results, err := futures.AllSettled(fs...).Await(context.Background())
					if err != nil {
						other.Add(int64(len(fs)))
					}
					for j, r := range results {
						count(ns[j], r.Value, r.Err)
					}
					ns, fs = ns[:0], fs[:0]
				}
			})
		}
		clients.Wait()
		close(quit)
		wg.Wait()

		require.Zero(t, timedOut.Load(), "every future completed without its timeout")
		require.Zero(t, other.Load(), "every outcome is a known one")
		require.EqualValues(t, asks, values.Load()+failures.Load()+broken.Load()+refused.Load())
		require.Equal(t, tally.values.Load(), values.Load())
		require.Equal(t, tally.failures.Load(), failures.Load())
		require.Equal(t, tally.broken.Load(), broken.Load())
		require.Equal(t, tally.refused.Load(), refused.Load())
		require.Positive(t, broken.Load(), "some actors stopped with requests queued")
		require.Positive(t, refused.Load(), "some asks reached a stopped actor")
		t.Logf("values %d, failures %d, broken %d, refused %d", values.Load(), failures.Load(), broken.Load(), refused.Load())
	})
}
