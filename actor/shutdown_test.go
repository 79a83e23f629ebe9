package actor_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
)

// shutOrder records when each actor of a tree began and finished stopping,
// as ticks of one clock, so that the test can check the order afterwards.
type shutOrder struct {
	clock             atomic.Uint64
	stopping, stopped []atomic.Uint64 // by actor id; 0 until it happens
}

func (o *shutOrder) tick() uint64 { return o.clock.Add(1) }

// shutNode is an actor of TestShutdown100kActors. A parent (kids > 0)
// spawns its children on its first message and hands their Refs back.
type shutNode struct {
	id        int
	kids      int
	firstKid  int // id of the first child; the rest follow
	order     *shutOrder
	refs      []actor.Ref[int]
	spawned   *sync.WaitGroup
	errs      *stressErrs
	processed *atomic.Uint64
}

const (
	shutSpawn = -1 // makes a parent spawn its children
	shutFail  = -2 // makes a child panic
)

var errShutBoom = errors.New("shutdown test: boom")

func (n *shutNode) Receive(ctx *actor.Context[int], msg int) {
	if msg == shutFail {
		panic(errShutBoom)
	}
	n.processed.Add(1)
	if msg == shutSpawn {
		n.spawnChildren(ctx)
	}
}

func (n *shutNode) spawnChildren(ctx *actor.Context[int]) {
	defer n.spawned.Done()
	for k := range n.kids {
		id := n.firstKid + k
		ref, err := actor.Spawn(ctx, func() actor.Actor[int] {
			return &shutNode{id: id, order: n.order, processed: n.processed}
		})
		if err != nil {
			n.errs.record(fmt.Errorf("spawn child %d: %w", id, err))
			return
		}
		n.refs[id] = ref
	}
}

func (n *shutNode) Stopping(*actor.Context[int]) { n.order.stopping[n.id].Store(n.order.tick()) }
func (n *shutNode) Stopped(*actor.Context[int])  { n.order.stopped[n.id].Store(n.order.tick()) }

// TestShutdown100kActors shuts down 100 parents of 1,000 children each,
// spawned from inside the parents, with messages still in flight. Some
// children have failed and wait for a restart an hour away, their
// messages queued behind the failure, so Shutdown must also cancel
// pending restarts and dead-letter what is queued. Shutdown must finish,
// stop children before their parent, and account for every message and
// every dead letter.
func TestShutdown100kActors(t *testing.T) {
	const parents, perParent = 100, 1_000
	const total = parents + parents*perParent
	const failEvery = 50 // every 50th child fails and waits for its restart
	sys, err := actor.NewSystem(actor.WithWorkers(2))
	require.NoError(t, err)

	// Count the events published, to check that each dead letter is
	// reported once and that Shutdown closes the subscription. The buffer
	// holds more events than the test can cause, so none is lost.
	sub := sys.Subscribe(1 << 17)
	var deadEvents, failures, wrongFailures atomic.Uint64
	events := make(chan struct{})
	go func() {
		defer close(events)
		for e := range sub.C() {
			switch e := e.(type) {
			case actor.DeadLetter:
				deadEvents.Add(1)
			case actor.Failure:
				failures.Add(1)
				if e.Directive != actor.Restart || !errors.Is(e.Err, errShutBoom) {
					wrongFailures.Add(1)
				}
			}
		}
	}()

	order := &shutOrder{stopping: make([]atomic.Uint64, total), stopped: make([]atomic.Uint64, total)}
	refs := make([]actor.Ref[int], total)
	var spawned sync.WaitGroup
	var errs stressErrs
	var sent stressCounter
	var handled atomic.Uint64
	spawned.Add(parents)
	for p := range parents {
		node := &shutNode{id: p, kids: perParent, firstKid: parents + p*perParent, order: order,
			refs: refs, spawned: &spawned, errs: &errs, processed: &handled}
		refs[p], err = actor.Spawn(sys, func() actor.Actor[int] { return node },
			actor.WithSupervisor(actor.OneForOne(actor.WithBackoff(time.Hour, time.Hour))))
		require.NoError(t, err)
		stressSend(&sent, &errs, refs[p], shutSpawn)
	}
	stressAwait(t, stressDone(&spawned), "the children to be spawned")
	require.NoError(t, errs.err())
	require.Equal(t, uint64(total), sys.Metrics().ActorsStarted)

	// In flight: a failure and three messages queued behind it to every
	// 50th child, three messages to every other fourth child and one to
	// every parent, sent just before Shutdown.
	var failing uint64
	for id := parents; id < total; id++ {
		switch {
		case id%failEvery == 0:
			failing++
			stressSend(&sent, &errs, refs[id], shutFail)
		case id%4 != 0:
			continue
		}
		for i := range 3 {
			stressSend(&sent, &errs, refs[id], i)
		}
	}
	for p := range parents {
		stressSend(&sent, &errs, refs[p], p)
	}
	ctx, cancel := context.WithTimeout(context.Background(), stressGuard)
	defer cancel()
	start := time.Now()
	require.NoError(t, sys.Shutdown(ctx))
	t.Logf("Shutdown of %d actors took %v", total, time.Since(start))
	stressAwait(t, events, "the subscription to be closed by Shutdown")
	require.NoError(t, errs.err())

	m := sys.Metrics()
	t.Logf("sent %d, processed %d, dead %d %v, failures %d",
		sent.n.Load(), m.MessagesProcessed, m.DeadLetters, m.DeadLettersByReason, failures.Load())
	require.Zero(t, m.ActorsAlive)
	require.Equal(t, uint64(total), m.ActorsStarted)
	require.Equal(t, uint64(total), m.ActorsStopped)
	require.Equal(t, sent.n.Load(), m.MessagesProcessed+m.DeadLetters, "sent == processed + dead-lettered")
	require.Equal(t, handled.Load(), m.MessagesProcessed, "processed == handler calls")
	require.GreaterOrEqual(t, m.DeadLetters, 4*failing, "a failing child processes nothing it was sent")
	require.LessOrEqual(t, m.DeadLettersByReason["panic"], failing)
	require.Equal(t, m.DeadLetters, m.DeadLettersByReason["stopped"]+m.DeadLettersByReason["panic"])
	require.Zero(t, m.ActorsRestarted, "the restarts were cancelled by Shutdown")
	require.Zero(t, sub.Lost())
	require.Equal(t, m.DeadLetters, deadEvents.Load(), "each dead letter is published once")
	require.LessOrEqual(t, failures.Load(), m.DeadLettersByReason["panic"])
	require.Zero(t, wrongFailures.Load(), "every failure is a panic the parent restarts")

	// Children before parents, across the whole tree.
	var bad []string
	for p := range parents {
		ps, pd := order.stopping[p].Load(), order.stopped[p].Load()
		if ps == 0 || pd == 0 {
			bad = append(bad, fmt.Sprintf("parent %d: stopping %d, stopped %d", p, ps, pd))
			continue
		}
		for id := parents + p*perParent; id < parents+(p+1)*perParent; id++ {
			cs, cd := order.stopping[id].Load(), order.stopped[id].Load()
			if !(ps < cs && cs <= cd && cd < pd) {
				bad = append(bad, fmt.Sprintf("parent %d (%d..%d), child %d (%d..%d)", p, ps, pd, id, cs, cd))
			}
		}
	}
	require.Empty(t, bad, "each parent must begin stopping before its children and stop after all of them")
}

// TestShutdownDeadlineExceeded: an actor stuck in its handler keeps itself
// and its child alive past Shutdown's deadline. Shutdown then reports them
// in a *ShutdownError wrapping the context's error, and keeps going: once
// the handler returns, a second Shutdown completes, the messages queued
// behind the stuck one go to dead letters, and goleak (TestMain) finds
// nothing left running. It runs in a synctest bubble, whose clock only
// moves once every goroutine is blocked: the deadline passes only after
// everything that can stop has stopped, so the outcome is exact.
func TestShutdownDeadlineExceeded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sys, err := actor.NewSystem(actor.WithWorkers(2))
		require.NoError(t, err)
		var sent stressCounter
		var errs stressErrs
		entered, release := make(chan struct{}), make(chan struct{})
		childUp := make(chan error, 1)
		stuck, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], n int) {
			if n != 0 {
				return
			}
			_, err := actor.SpawnFunc(ctx, func(*actor.Context[int], int) {}, actor.WithName("child"))
			childUp <- err
			close(entered)
			<-release
		}, actor.WithName("stuck"))
		require.NoError(t, err)
		free, err := actor.SpawnFunc(sys, func(*actor.Context[int], int) {}, actor.WithName("free"))
		require.NoError(t, err)

		stressSend(&sent, &errs, stuck, 0)
		<-entered
		require.NoError(t, <-childUp)
		for i := 1; i <= 5; i++ {
			stressSend(&sent, &errs, stuck, i) // queued behind the stuck handler
		}
		stressSend(&sent, &errs, free, 1)
		synctest.Wait() // free has handled its message

		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		err = sys.Shutdown(ctx)
		require.Error(t, err)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		var se *actor.ShutdownError
		require.ErrorAs(t, err, &se)
		require.ErrorIs(t, se.Err, context.DeadlineExceeded)
		require.Equal(t, []string{"/stuck", "/stuck/child"}, se.Remaining)
		require.Contains(t, err.Error(), "/stuck/child")

		// Still stuck: another wait fails the same way.
		ctx2, cancel2 := context.WithTimeout(context.Background(), time.Second)
		defer cancel2()
		err = sys.Shutdown(ctx2)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.ErrorAs(t, err, &se)
		require.Equal(t, []string{"/stuck", "/stuck/child"}, se.Remaining)

		close(release)
		require.NoError(t, sys.Shutdown(context.Background()))
		require.NoError(t, errs.err())
		m := sys.Metrics()
		require.Zero(t, m.ActorsAlive)
		require.Equal(t, uint64(2), m.MessagesProcessed, "the stuck message and free's")
		require.Equal(t, uint64(5), m.DeadLettersByReason["stopped"], "the messages queued behind the stuck one")
		require.Equal(t, sent.n.Load(), m.MessagesProcessed+m.DeadLetters, "sent == processed + dead-lettered")
		require.ErrorIs(t, stuck.Send(9), actor.ErrStopped)
	})
}

// TestShutdownTwiceAndSpawnAfter: Shutdown can be called again, also from
// several goroutines at once, and always returns nil once the system has
// shut down; afterwards spawning fails with ErrShutdown and sending with
// ErrStopped, each refused message still counted as a dead letter.
func TestShutdownTwiceAndSpawnAfter(t *testing.T) {
	sys, err := actor.NewSystem(actor.WithWorkers(2))
	require.NoError(t, err)
	got := make(chan int, 1)
	ref, err := actor.SpawnFunc(sys, func(_ *actor.Context[int], n int) { got <- n }, actor.WithName("one"))
	require.NoError(t, err)
	require.NoError(t, ref.Send(7))
	require.Equal(t, 7, stressRecv(t, got, "the message"))

	require.NoError(t, sys.Shutdown(context.Background()))
	require.NoError(t, sys.Shutdown(context.Background()))
	var wg sync.WaitGroup
	shutdownErrs := make(chan error, 4)
	for range 4 {
		wg.Go(func() { shutdownErrs <- sys.Shutdown(context.Background()) })
	}
	wg.Wait()
	close(shutdownErrs)
	for err := range shutdownErrs {
		require.NoError(t, err)
	}

	after := []struct {
		name string
		give func() error
		want error
	}{
		{name: "Spawn", want: actor.ErrShutdown, give: func() error {
			_, err := actor.Spawn(sys, func() actor.Actor[int] { return actor.ReceiveFunc[int](func(*actor.Context[int], int) {}) })
			return err
		}},
		{name: "SpawnFunc", want: actor.ErrShutdown, give: func() error {
			_, err := actor.SpawnFunc(sys, func(*actor.Context[int], int) {})
			return err
		}},
		{name: "SpawnFunc reusing a stopped actor's name", want: actor.ErrShutdown, give: func() error {
			_, err := actor.SpawnFunc(sys, func(*actor.Context[int], int) {}, actor.WithName("one"))
			return err
		}},
		{name: "Send", want: actor.ErrStopped, give: func() error { return ref.Send(8) }},
		{name: "Poison", want: actor.ErrStopped, give: ref.Poison},
		{name: "Submit", want: actor.ErrShutdown, give: func() error { return sys.Submit(func() {}) }},
	}
	for _, tt := range after {
		t.Run(tt.name, func(t *testing.T) {
			require.ErrorIs(t, tt.give(), tt.want)
		})
	}
	_, err = sys.LookupPID("one")
	require.ErrorIs(t, err, actor.ErrNotFound, "a refused Spawn must not leave its name registered")

	sub := sys.Subscribe(1)
	_, open := <-sub.C()
	require.False(t, open, "a subscription made after Shutdown is closed")

	m := sys.Metrics()
	require.Zero(t, m.ActorsAlive)
	require.Equal(t, uint64(1), m.MessagesProcessed)
	require.Equal(t, uint64(2), m.DeadLetters, "the refused Send and Poison")
	require.Equal(t, uint64(2), m.DeadLettersByReason["stopped"])
}

// TestShutdownDoneIgnoresContext: once a system has shut down, Shutdown
// returns nil whatever its context, even one already cancelled: nothing
// is left to wait for. Shutdown chooses between its ready channels, so
// the call is repeated to catch a choice made at random.
func TestShutdownDoneIgnoresContext(t *testing.T) {
	sys, err := actor.NewSystem(actor.WithWorkers(2))
	require.NoError(t, err)
	_, err = actor.SpawnFunc(sys, func(*actor.Context[int], int) {})
	require.NoError(t, err)
	require.NoError(t, sys.Shutdown(context.Background()))

	expired, cancel := context.WithCancel(context.Background())
	cancel()
	for i := range 32 {
		require.NoError(t, sys.Shutdown(expired), "call %d with a cancelled context", i)
	}
}

// TestShutdownWhileBusy shuts down a system whose actors are still
// forwarding messages to each other and spawning short-lived children.
// Shutdown must still finish, every Spawn refused along the way must say
// why (ErrStopped or ErrShutdown), and every message must be accounted for.
func TestShutdownWhileBusy(t *testing.T) {
	const n, warmup = 200, 20_000
	sys, err := actor.NewSystem(actor.WithWorkers(2))
	require.NoError(t, err)
	var sent stressCounter
	var errs stressErrs
	var handled atomic.Int64
	warm := make(chan struct{})
	refs := make([]actor.Ref[int], n)
	for i := range n {
		refs[i], err = actor.SpawnFunc(sys, func(ctx *actor.Context[int], hop int) {
			if handled.Add(1) == warmup {
				close(warm)
			}
			if hop%16 == 0 {
				child, err := actor.SpawnFunc(ctx, func(cctx *actor.Context[int], _ int) { cctx.Stop() })
				switch {
				case err == nil:
					stressSend(&sent, &errs, child, hop)
				case !errors.Is(err, actor.ErrStopped) && !errors.Is(err, actor.ErrShutdown):
					errs.record(fmt.Errorf("spawn while shutting down: %w", err))
				}
			}
			stressSend(&sent, &errs, refs[(i+hop)%n], hop+1)
		})
		require.NoError(t, err)
	}
	for i := range n { // refs is complete: the traffic may start
		stressSend(&sent, &errs, refs[i], 1)
	}
	stressAwait(t, warm, "the traffic to warm up")
	ctx, cancel := context.WithTimeout(context.Background(), stressGuard)
	defer cancel()
	require.NoError(t, sys.Shutdown(ctx))
	require.NoError(t, errs.err())
	m := sys.Metrics()
	t.Logf("sent %d, processed %d, dead %d, actors %d", sent.n.Load(), m.MessagesProcessed, m.DeadLetters, m.ActorsStarted)
	require.Zero(t, m.ActorsAlive)
	require.Equal(t, sent.n.Load(), m.MessagesProcessed+m.DeadLetters, "sent == processed + dead-lettered")
}

// TestShutdownCountsStashedMessagesOnce: a message an actor stashes is
// not yet processed. Whether it is later handled again after UnstashAll
// or dead-lettered when the actor stops, it must count once, as processed
// or as dead-lettered, so that sent == processed + dead-lettered still
// holds after Shutdown.
func TestShutdownCountsStashedMessagesOnce(t *testing.T) {
	const stashed = 10
	const flush = -1 // unstash everything and handle it
	tests := []struct {
		name          string
		give          []int // sent after the stashed messages
		wantProcessed uint64
		wantDead      uint64
	}{
		{name: "dead-lettered by Shutdown", wantProcessed: 0, wantDead: stashed},
		{name: "unstashed and handled", give: []int{flush}, wantProcessed: stashed + 1, wantDead: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sys, err := actor.NewSystem(actor.WithWorkers(2))
			require.NoError(t, err)
			var sent stressCounter
			var errs stressErrs
			done := make(chan struct{})
			flushed := false
			handled := 0
			ref, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], n int) {
				switch {
				case n == flush:
					flushed = true
					ctx.UnstashAll()
				case !flushed:
					ctx.Stash()
					if ctx.Stashed() == stashed-1 && len(tt.give) == 0 {
						close(done) // this is the last one: it is being stashed
					}
					return
				}
				if handled++; handled == stashed+1 {
					close(done)
				}
			})
			require.NoError(t, err)
			for i := range stashed {
				stressSend(&sent, &errs, ref, i)
			}
			for _, n := range tt.give {
				stressSend(&sent, &errs, ref, n)
			}
			stressAwait(t, done, "the messages to be handled")
			require.NoError(t, sys.Shutdown(context.Background()))
			require.NoError(t, errs.err())
			m := sys.Metrics()
			require.Equal(t, sent.n.Load(), m.MessagesProcessed+m.DeadLetters,
				"sent == processed + dead-lettered (processed %d, dead %d)", m.MessagesProcessed, m.DeadLetters)
			require.Equal(t, tt.wantProcessed, m.MessagesProcessed)
			require.Equal(t, tt.wantDead, m.DeadLettersByReason["stopped"])
		})
	}
}

// TestShutdownWaitsAgainForBlockingWork: Blocking work that ignores its
// context outlives the actors. Shutdown with a short deadline gives up on
// it with the context's error; once the work returns, calling Shutdown
// again must wait for the blocking pool and return nil, as it does for
// actors, and the work's result goes to dead letters since its actor has
// stopped. It runs in a synctest bubble, so the deadline costs no time.
func TestShutdownWaitsAgainForBlockingWork(t *testing.T) {
	synctest.Test(t, testShutdownWaitsAgainForBlockingWork)
}

func testShutdownWaitsAgainForBlockingWork(t *testing.T) {
	sys, err := actor.NewSystem(actor.WithWorkers(2))
	require.NoError(t, err)
	entered, release := make(chan struct{}), make(chan struct{})
	ref, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], _ int) {
		actor.Blocking(ctx, func(context.Context) (int, error) {
			close(entered)
			<-release // ignores its context
			return 42, nil
		}, func(int, error) {})
	})
	require.NoError(t, err)
	require.NoError(t, ref.Send(0))
	<-entered

	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	require.ErrorIs(t, sys.Shutdown(ctx), context.DeadlineExceeded)

	close(release)
	require.NoError(t, sys.Shutdown(context.Background()), "a second Shutdown waits for what the first gave up on")
	m := sys.Metrics()
	require.Zero(t, m.BlockingActive)
	require.Equal(t, uint64(1), m.MessagesProcessed)
	require.Equal(t, uint64(1), m.DeadLetters, "the result of the blocking work, whose actor had stopped")
	require.Equal(t, uint64(1), m.DeadLettersByReason["stopped"])
}

// TestShutdownRacesDedicatedSpawn: top-level actors with a goroutine of
// their own are spawned while Shutdown stops the root's children. One
// spawned just before the root seals its children must still be stopped
// (and its goroutine ended) by that Shutdown; later ones are refused with
// ErrShutdown. The race is narrow, so it is run for several rounds; a
// round takes milliseconds, and the deadline is only reached if an actor
// was never woken to stop.
func TestShutdownRacesDedicatedSpawn(t *testing.T) {
	for round := range 50 {
		sys, err := actor.NewSystem(actor.WithWorkers(2))
		require.NoError(t, err)
		var spawned atomic.Int64
		var errs stressErrs
		started := make(chan struct{})
		var spawner sync.WaitGroup
		spawner.Go(func() {
			for i := 0; ; i++ {
				if i == 50 {
					close(started)
				}
				_, err := actor.SpawnFunc(sys, func(*actor.Context[int], int) {}, actor.WithDedicatedGoroutine())
				if errors.Is(err, actor.ErrShutdown) {
					if i < 50 {
						close(started)
					}
					return
				}
				if err != nil {
					errs.record(err)
					return
				}
				spawned.Add(1)
			}
		})
		stressAwait(t, started, "the spawner to get going")
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		err = sys.Shutdown(ctx)
		cancel()
		spawner.Wait()
		require.NoError(t, err, "round %d", round)
		require.NoError(t, errs.err())
		require.Zero(t, sys.Metrics().ActorsAlive)
	}
}
