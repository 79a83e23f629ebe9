package actor_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
)

// satWorkers is the table of dispatcher sizes the saturation tests run
// with: a single worker, where any turn that waits stalls everything, and
// the two cores of the test machine.
var satWorkers = []struct {
	name    string
	workers int
}{
	{name: "1 worker", workers: 1},
	{name: "2 workers", workers: 2},
}

// satShutdown shuts sys down and checks the invariant of every run that
// sends nothing after its last message arrived: each Send was processed,
// none was dead-lettered.
func satShutdown(t *testing.T, sys *actor.System, sent uint64) actor.Metrics {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), stressGuard)
	defer cancel()
	require.NoError(t, sys.Shutdown(ctx))
	m := sys.Metrics()
	require.Zero(t, m.DeadLetters, "%v", m.DeadLettersByReason)
	require.Equal(t, sent, m.MessagesProcessed, "sent == processed")
	require.Zero(t, m.ActorsAlive)
	return m
}

// TestSaturationLongChains floods 50 chains of 200 actors each, every
// actor forwarding to the next, from 50 goroutines at once. Every message
// must reach its chain's tail, in the order its head received it.
func TestSaturationLongChains(t *testing.T) {
	const chains, length, perHead = 50, 200, 20
	for _, tt := range satWorkers {
		t.Run(tt.name, func(t *testing.T) {
			sys, err := actor.NewSystem(actor.WithWorkers(tt.workers))
			require.NoError(t, err)
			var sent stressCounter
			var errs stressErrs
			done := make(chan int, chains)
			heads := make([]actor.Ref[int], chains)
			for c := range chains {
				next := 0
				ref, err := actor.SpawnFunc(sys, func(_ *actor.Context[int], seq int) {
					if seq != next {
						errs.record(fmt.Errorf("chain %d: tail got %d, want %d", c, seq, next))
					}
					if next++; next == perHead {
						done <- c
					}
				})
				require.NoError(t, err)
				for range length - 1 {
					to := ref
					ref, err = actor.SpawnFunc(sys, func(_ *actor.Context[int], seq int) {
						stressSend(&sent, &errs, to, seq)
					})
					require.NoError(t, err)
				}
				heads[c] = ref
			}

			start := make(chan struct{})
			var pushers sync.WaitGroup
			for _, head := range heads {
				pushers.Go(func() {
					<-start
					for seq := range perHead {
						stressSend(&sent, &errs, head, seq)
					}
				})
			}
			close(start)
			stressAwait(t, stressDone(&pushers), "the pushers")
			for range chains {
				stressAwait(t, done, "every chain's tail")
			}
			require.NoError(t, errs.err())
			require.Equal(t, uint64(chains*length*perHead), sent.n.Load())
			satShutdown(t, sys, sent.n.Load())
		})
	}
}

// TestSaturationSpawnInHandlers floods chains whose actors spawn a child
// for every message and forward it through the child, which stops itself
// after forwarding: spawning and stopping from inside handlers while every
// worker is busy.
func TestSaturationSpawnInHandlers(t *testing.T) {
	const chains, length, perHead = 50, 20, 10
	for _, tt := range satWorkers {
		t.Run(tt.name, func(t *testing.T) {
			sys, err := actor.NewSystem(actor.WithWorkers(tt.workers))
			require.NoError(t, err)
			var sent stressCounter
			var errs stressErrs
			var arrived atomic.Int64
			all := make(chan struct{})
			heads := make([]actor.Ref[int], chains)
			for c := range chains {
				ref, err := actor.SpawnFunc(sys, func(_ *actor.Context[int], _ int) {
					if arrived.Add(1) == chains*perHead {
						close(all)
					}
				})
				require.NoError(t, err)
				for range length - 1 {
					to := ref
					ref, err = actor.SpawnFunc(sys, func(ctx *actor.Context[int], seq int) {
						child, err := actor.SpawnFunc(ctx, func(cctx *actor.Context[int], seq int) {
							stressSend(&sent, &errs, to, seq)
							cctx.Stop()
						})
						if err != nil {
							errs.record(fmt.Errorf("spawn in handler: %w", err))
							return
						}
						stressSend(&sent, &errs, child, seq)
					})
					require.NoError(t, err)
				}
				heads[c] = ref
			}

			start := make(chan struct{})
			var pushers sync.WaitGroup
			for _, head := range heads {
				pushers.Go(func() {
					<-start
					for seq := range perHead {
						stressSend(&sent, &errs, head, seq)
					}
				})
			}
			close(start)
			stressAwait(t, stressDone(&pushers), "the pushers")
			stressAwait(t, all, "every message at its tail")
			require.NoError(t, errs.err())

			const hops = length - 1 // actors that spawn a child per message
			require.Equal(t, uint64(chains*perHead*(2*hops+1)), sent.n.Load())
			m := satShutdown(t, sys, sent.n.Load())
			require.Equal(t, uint64(chains*length+chains*perHead*hops), m.ActorsStarted)
		})
	}
}

// satBlockMsg is what the actors of TestSaturationBlocking handle.
type satBlockMsg int

const (
	satStart satBlockMsg = iota // call Blocking
	satPing                     // answer on the pong channel
)

// TestSaturationBlocking: with a single dispatcher worker, 50 actors each
// start Blocking work that waits for the test. While it waits (running on
// the blocking pool, or queued for it when the pool's limit is lower),
// another actor processes a flood of messages and the waiting actors
// answer pings: blocking work never holds the worker. Once released, each
// actor gets its own result inside its turn.
func TestSaturationBlocking(t *testing.T) {
	const actors, flood = 50, 2_000
	tests := []struct {
		name                   string
		limit                  int
		wantActive, wantQueued int
	}{
		{name: "within the blocking limit", limit: 64, wantActive: actors, wantQueued: 0},
		{name: "beyond the blocking limit", limit: 4, wantActive: 4, wantQueued: actors - 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sys, err := actor.NewSystem(actor.WithWorkers(1), actor.WithBlockingLimit(tt.limit))
			require.NoError(t, err)
			release := make(chan struct{})
			entered := make(chan int, actors)
			pongs := make(chan int, actors)
			type result struct {
				id, v int
				err   error
			}
			results := make(chan result, actors)
			var submitted sync.WaitGroup
			submitted.Add(actors)
			var sent stressCounter
			var errs stressErrs

			blockers := make([]actor.Ref[satBlockMsg], actors)
			for id := range actors {
				blockers[id], err = actor.SpawnFunc(sys, func(ctx *actor.Context[satBlockMsg], m satBlockMsg) {
					switch m {
					case satStart:
						actor.Blocking(ctx, func(bctx context.Context) (int, error) {
							entered <- id
							select {
							case <-release:
								return 10 * id, nil
							case <-bctx.Done():
								return 0, bctx.Err()
							}
						}, func(v int, err error) { results <- result{id, v, err} })
						submitted.Done()
					case satPing:
						pongs <- id
					}
				})
				require.NoError(t, err)
			}
			busyDone := make(chan struct{})
			handled := 0
			busy, err := actor.SpawnFunc(sys, func(*actor.Context[int], int) {
				if handled++; handled == flood {
					close(busyDone)
				}
			})
			require.NoError(t, err)

			for _, b := range blockers {
				stressSend(&sent, &errs, b, satStart)
			}
			stressAwait(t, stressDone(&submitted), "every Blocking call to be submitted")
			for range tt.wantActive {
				stressAwait(t, entered, "blocking work to start")
			}
			m := sys.Metrics()
			require.Equal(t, tt.wantActive, m.BlockingActive)
			require.Equal(t, tt.wantQueued, m.BlockingQueued)

			// The worker is free: a flood and a round of pings get through
			// while every Blocking call is still waiting.
			for i := range flood {
				stressSend(&sent, &errs, busy, i)
			}
			stressAwait(t, busyDone, "the flood to be processed")
			for _, b := range blockers {
				stressSend(&sent, &errs, b, satPing)
			}
			for range actors {
				stressAwait(t, pongs, "every blocked actor to answer a ping")
			}
			require.Empty(t, entered, "no blocking work beyond the limit may start")
			require.Empty(t, results, "no blocking work may finish before the release")

			close(release)
			seen := make(map[int]bool, actors)
			for range actors {
				r := stressRecv(t, results, "a Blocking result")
				require.NoError(t, r.err)
				require.Equal(t, 10*r.id, r.v)
				require.False(t, seen[r.id], "actor %d got two results", r.id)
				seen[r.id] = true
			}
			require.NoError(t, errs.err())
			satShutdown(t, sys, sent.n.Load())
		})
	}
}
