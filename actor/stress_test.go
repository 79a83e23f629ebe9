package actor_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/mailbox"
)

// stressGuard bounds every wait in the stress, saturation and shutdown
// tests. Only a deadlock reaches it.
const stressGuard = 20 * time.Second

// stressRecv waits for a value from ch (or for ch to be closed), failing
// the test if the guard expires first.
func stressRecv[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(stressGuard):
		t.Fatalf("timed out after %v waiting for %s", stressGuard, what)
		panic("unreachable")
	}
}

// stressAwait is stressRecv for when the value does not matter.
func stressAwait[T any](t *testing.T, ch <-chan T, what string) {
	t.Helper()
	stressRecv(t, ch, what)
}

// stressDone returns a channel closed once wg's counter reaches zero.
func stressDone(wg *sync.WaitGroup) <-chan struct{} {
	ch := make(chan struct{})
	go func() { wg.Wait(); close(ch) }()
	return ch
}

// stressErrs keeps the first unexpected error seen off the test
// goroutine, where require cannot be called.
type stressErrs struct {
	mu    sync.Mutex
	first error
}

func (e *stressErrs) record(err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.first == nil {
		e.first = err
	}
}

func (e *stressErrs) err() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.first
}

// stressCounter counts every Send and Poison call, refused ones included,
// so that the test can check sent == processed + dead-lettered.
type stressCounter struct{ n atomic.Uint64 }

// stressSend counts a Send to ref and keeps any error but ErrStopped.
func stressSend[M any](c *stressCounter, errs *stressErrs, ref actor.Ref[M], msg M) {
	c.n.Add(1)
	if err := ref.Send(msg); err != nil && !errors.Is(err, actor.ErrStopped) {
		errs.record(fmt.Errorf("send to %v: %w", ref, err))
	}
}

// stressMsg is what the actors of TestStressRandomPeers send each other.
type stressMsg struct {
	build bool // spawn this actor's children; otherwise random traffic
}

var errStressBoom = errors.New("stress: boom")

// stressPeers is the state shared by the actors of one random-peers run.
type stressPeers struct {
	refs     []actor.Ref[stressMsg] // written while building, read-only after
	children [][]int                // children[i]: indexes of actor i's children
	opts     []actor.SpawnOption
	seed     uint64
	budget   atomic.Int64 // sends left; the run ends when it reaches zero
	sent     stressCounter
	built    sync.WaitGroup
	errs     stressErrs

	panics, selfStops, peerStops, poisons atomic.Uint64
}

// take consumes one unit of the sending budget.
func (s *stressPeers) take() bool { return s.budget.Add(-1) >= 0 }

// handler returns the behaviour of actor i. Its RNG lives in the closure,
// so it survives restarts, and is only touched inside the actor.
func (s *stressPeers) handler(i int) func(*actor.Context[stressMsg], stressMsg) {
	rng := rand.New(rand.NewPCG(s.seed, uint64(i)))
	return func(ctx *actor.Context[stressMsg], m stressMsg) {
		if m.build {
			for _, k := range s.children[i] {
				ref, err := actor.SpawnFunc(ctx, s.handler(k), s.opts...)
				if err != nil {
					s.errs.record(fmt.Errorf("spawn child %d of %d: %w", k, i, err))
					s.built.Done() // k will never report
					continue
				}
				s.refs[k] = ref
				stressSend(&s.sent, &s.errs, ref, stressMsg{build: true})
			}
			s.built.Done()
			return
		}
		peer := func() actor.Ref[stressMsg] { return s.refs[rng.IntN(len(s.refs))] }
		switch r := rng.IntN(10_000); {
		case r < 3:
			s.panics.Add(1)
			panic(errStressBoom) // dead-letters m, restarts the actor
		case r < 5:
			s.selfStops.Add(1)
			ctx.Stop()
			return
		case r < 7:
			s.peerStops.Add(1)
			peer().Stop()
		case r < 10:
			if !s.take() {
				return
			}
			s.poisons.Add(1)
			s.sent.n.Add(1)
			if err := peer().Poison(); err != nil && !errors.Is(err, actor.ErrStopped) {
				s.errs.record(fmt.Errorf("poison: %w", err))
			}
		}
		fan := 1
		if rng.IntN(8) == 0 {
			fan = 2 // make up for the messages that die
		}
		for range fan {
			if !s.take() {
				return
			}
			stressSend(&s.sent, &s.errs, peer(), stressMsg{})
		}
	}
}

// TestStressRandomPeers runs a tree of 2,000 actors, three levels deep,
// that send to random peers until a fixed budget of sends is used up,
// with the occasional panic (a restart), self-stop, stop of a peer and
// poison pill. Every Send and Poison call is counted; once the system has
// shut down, each must have been either processed or dead-lettered.
func TestStressRandomPeers(t *testing.T) {
	tests := []struct {
		name string
		give []actor.SpawnOption
	}{
		{name: "unbounded"},
		{name: "bounded drop oldest", give: []actor.SpawnOption{
			actor.WithMailbox(mailbox.Config{Capacity: 16, Overflow: mailbox.DropOldest}),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const (
				roots, mids, leaves = 200, 800, 1000
				n                   = roots + mids + leaves
				budget              = 200_000
				seed                = 0x5eed
			)
			rng := rand.New(rand.NewPCG(seed, 0))
			s := &stressPeers{
				refs:     make([]actor.Ref[stressMsg], n),
				children: make([][]int, n),
				opts:     tt.give,
				seed:     seed,
			}
			for i := roots; i < roots+mids; i++ {
				p := rng.IntN(roots)
				s.children[p] = append(s.children[p], i)
			}
			for i := roots + mids; i < n; i++ {
				p := roots + rng.IntN(mids)
				s.children[p] = append(s.children[p], i)
			}
			s.budget.Store(budget)
			s.built.Add(n)

			sys, err := actor.NewSystem(actor.WithWorkers(2))
			require.NoError(t, err)
			for i := range roots {
				s.refs[i], err = actor.SpawnFunc(sys, s.handler(i), tt.give...)
				require.NoError(t, err)
				stressSend(&s.sent, &s.errs, s.refs[i], stressMsg{build: true})
			}
			stressAwait(t, stressDone(&s.built), "the tree to be built")
			require.NoError(t, s.errs.err())
			require.Equal(t, uint64(n), sys.Metrics().ActorsStarted)

			// The test goroutine spends the budget alongside the actors,
			// yielding between sends, so the run ends even if every
			// message in flight dies.
			var fromTest int
			for s.take() {
				fromTest++
				stressSend(&s.sent, &s.errs, s.refs[rng.IntN(n)], stressMsg{})
				runtime.Gosched()
			}

			ctx, cancel := context.WithTimeout(context.Background(), stressGuard)
			defer cancel()
			require.NoError(t, sys.Shutdown(ctx))
			require.NoError(t, s.errs.err())

			m := sys.Metrics()
			sent := s.sent.n.Load()
			t.Logf("sent %d (%d by the test), processed %d, dead %d %v; restarts %d; panics %d, self-stops %d, peer stops %d, poisons %d",
				sent, fromTest, m.MessagesProcessed, m.DeadLetters, m.DeadLettersByReason, m.ActorsRestarted,
				s.panics.Load(), s.selfStops.Load(), s.peerStops.Load(), s.poisons.Load())
			require.Equal(t, uint64(budget+n), sent, "every unit of budget became one send, plus one build message per actor")
			require.Equal(t, sent, m.MessagesProcessed+m.DeadLetters, "sent == processed + dead-lettered")
			require.Equal(t, s.panics.Load(), m.DeadLettersByReason["panic"], "each panic dead-letters its message")
			require.NotZero(t, m.DeadLettersByReason["panic"], "about 60 panics are expected")
			require.LessOrEqual(t, m.ActorsRestarted, s.panics.Load())
			require.Zero(t, m.DeadLettersByReason["other"])
			require.Equal(t, m.ActorsStarted, m.ActorsStopped)
			require.Zero(t, m.ActorsAlive)
		})
	}
}

// TestStressSelfStopRacesExternalStop: an actor stops itself with
// Context.Stop while someone else stops it (or sends it a system message)
// at the same moment. Context.Stop of a childless actor closes its
// mailbox before the handler returns, so the poster may be draining the
// system lane while the actor's turn is still running; the turn must not
// touch the lane after that. The race detector checks it; the invariant
// checks that nothing was counted twice or lost.
func TestStressSelfStopRacesExternalStop(t *testing.T) {
	const rounds = 200
	sys, err := actor.NewSystem(actor.WithWorkers(2))
	require.NoError(t, err)
	var sent stressCounter
	var errs stressErrs
	for range rounds {
		stopped := make(chan struct{})
		ref, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], _ int) {
			ctx.Stop()
			close(stopped)
		})
		require.NoError(t, err)
		stressSend(&sent, &errs, ref, 0)
		stressAwait(t, stopped, "the actor to stop itself")
		ref.Stop() // races the rest of the actor's turn
		sent.n.Add(1)
		require.ErrorIs(t, ref.Send(1), actor.ErrStopped)
	}
	ctx, cancel := context.WithTimeout(context.Background(), stressGuard)
	defer cancel()
	require.NoError(t, sys.Shutdown(ctx))
	require.NoError(t, errs.err())
	m := sys.Metrics()
	require.Equal(t, uint64(2*rounds), sent.n.Load())
	require.Equal(t, uint64(rounds), m.MessagesProcessed)
	require.Equal(t, uint64(rounds), m.DeadLettersByReason["stopped"])
	require.Equal(t, sent.n.Load(), m.MessagesProcessed+m.DeadLetters)
	require.Zero(t, m.ActorsAlive)
}
