package dispatch_test

import (
	"context"
	"log/slog"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/actorio/actorio/internal/dispatch"
	"github.com/actorio/actorio/internal/leakcheck"
	"github.com/actorio/actorio/internal/testutil"
	"github.com/actorio/actorio/internal/workerid"
)

// counter wants a fixed number of turns: Run returns true until it has run
// want turns, and calls done on the last one.
type counter struct {
	want  int64
	turns atomic.Int64
	done  func()
}

func (c *counter) Run(*dispatch.Worker) bool {
	n := c.turns.Add(1)
	if n == c.want {
		c.done()
	}
	return n < c.want
}

func TestEveryRunnableRunsExactlyItsTurns(t *testing.T) {
	tests := []struct {
		name    string
		workers int
	}{
		{name: "one worker", workers: 1},
		{name: "two workers", workers: 2},
		{name: "eight workers", workers: 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, _ := newDispatcher(t, tt.workers)
			var finished sync.WaitGroup
			counters := make([]*counter, 300)
			var total int64
			for i := range counters {
				counters[i] = &counter{want: int64(1 + i%7), done: finished.Done}
				total += counters[i].want
			}
			finished.Add(len(counters))
			for _, c := range counters {
				d.Schedule(c)
			}
			awaitGroup(t, &finished, "every runnable's last turn")
			stop(t, d) // no turn can run after this

			for i, c := range counters {
				require.Equal(t, c.want, c.turns.Load(), "turns of runnable %d", i)
			}
			require.Equal(t, total, sumTurns(d), "the workers' Turns counters")
			require.Zero(t, d.Queued())
		})
	}
}

// ringActor is a minimal actor: tokens sent to it wait in an inbox, and it
// is scheduled once per transition from an empty, unscheduled inbox, which
// is the contract Schedule relies on. Each turn takes one token (the hops it
// has left) and passes it on to next.
type ringActor struct {
	d        *dispatch.Dispatcher
	next     *ringActor
	finished *sync.WaitGroup // Done when a token makes its last hop
	overlaps *atomic.Int64   // turns that started while another was running

	mu        sync.Mutex
	inbox     []int
	scheduled bool

	running atomic.Bool
	turns   int // written only inside Run: the race detector sees overlaps too
}

func (a *ringActor) send(hops int) {
	a.mu.Lock()
	a.inbox = append(a.inbox, hops)
	wake := !a.scheduled
	a.scheduled = true
	a.mu.Unlock()
	if wake {
		a.d.Schedule(a)
	}
}

func (a *ringActor) Run(w *dispatch.Worker) bool {
	if w == nil || !a.running.CompareAndSwap(false, true) {
		a.overlaps.Add(1)
	}
	a.mu.Lock()
	hops := a.inbox[0]
	a.inbox = a.inbox[1:]
	a.mu.Unlock()
	a.turns++
	runtime.Gosched() // widen the window in which a second worker could come in
	if hops > 1 {
		a.next.send(hops - 1)
	} else {
		a.finished.Done()
	}
	a.running.Store(false)

	// From here on the actor may be scheduled again and run elsewhere.
	a.mu.Lock()
	defer a.mu.Unlock()
	more := len(a.inbox) > 0
	a.scheduled = more
	return more
}

func TestRunnableNeverRunsOnTwoWorkersAtOnce(t *testing.T) {
	const (
		actors = 16
		tokens = 24 // more tokens than actors, so inboxes hold several
		hops   = 150
	)
	tests := []struct {
		name    string
		workers int
	}{
		{name: "one worker", workers: 1},
		{name: "two workers", workers: 2},
		{name: "eight workers", workers: 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, _ := newDispatcher(t, tt.workers)
			var finished sync.WaitGroup
			var overlaps atomic.Int64
			ring := make([]*ringActor, actors)
			for i := range ring {
				ring[i] = &ringActor{d: d, finished: &finished, overlaps: &overlaps}
			}
			for i, a := range ring {
				a.next = ring[(i+1)%actors]
			}

			want := make([]int, actors)
			finished.Add(tokens)
			for k := range tokens {
				start := k % actors
				for h := range hops {
					want[(start+h)%actors]++
				}
				ring[start].send(hops)
			}
			awaitGroup(t, &finished, "every token's last hop")
			stop(t, d)

			require.Zero(t, overlaps.Load(), "turns that overlapped another turn of the same runnable")
			for i, a := range ring {
				require.Equal(t, want[i], a.turns, "turns of actor %d", i)
			}
			require.Equal(t, int64(tokens*hops), sumTurns(d), "the workers' Turns counters")
		})
	}
}

func TestRunRunsOnABusyMarkedWorker(t *testing.T) {
	d, _ := newDispatcher(t, 2)
	var isWorker, busy, known atomic.Bool
	ran := make(chan struct{})
	d.Schedule(runFunc(func(w *dispatch.Worker) bool {
		isWorker.Store(workerid.IsWorker())
		busy.Store(w.Busy.Load())
		for _, x := range d.Workers() {
			if x == w {
				known.Store(true)
			}
		}
		close(ran)
		return false
	}))
	await(t, ran, "the turn")

	require.True(t, isWorker.Load(), "workerid.IsWorker inside Run")
	require.True(t, busy.Load(), "Worker.Busy inside Run")
	require.True(t, known.Load(), "Run's worker is one of Workers()")
	require.False(t, workerid.IsWorker(), "workerid.IsWorker in the test goroutine")
}

func TestScheduleFromInsideTheOnlyWorkerDoesNotDeadlock(t *testing.T) {
	const n = 1000
	d, _ := newDispatcher(t, 1)
	done := make(chan struct{})
	var order []int // appended only by the one worker, read after done
	chain := make([]dispatch.Runnable, n)
	for i := range chain {
		chain[i] = runFunc(func(*dispatch.Worker) bool {
			order = append(order, i)
			if i+1 < n {
				d.Schedule(chain[i+1])
			} else {
				close(done)
			}
			return false
		})
	}
	d.Schedule(chain[0])
	await(t, done, "the end of the chain")
	stop(t, d)

	require.Len(t, order, n)
	for i, got := range order {
		require.Equal(t, i, got)
	}
	require.Equal(t, int64(n), sumTurns(d))
}

func TestBusyRunnableDoesNotStarveALaterOne(t *testing.T) {
	d, _ := newDispatcher(t, 1)
	var stopHog, hogWanted atomic.Bool
	var hogTurns atomic.Int64
	hogStarted, hogDone, otherRan := make(chan struct{}), make(chan struct{}), make(chan struct{})

	hog := runFunc(func(*dispatch.Worker) bool {
		if hogTurns.Add(1) == 1 {
			close(hogStarted)
		}
		if stopHog.Load() {
			close(hogDone)
			return false
		}
		return true // always wants another turn
	})
	other := runFunc(func(*dispatch.Worker) bool {
		hogWanted.Store(!stopHog.Load())
		stopHog.Store(true)
		close(otherRan)
		return false
	})

	d.Schedule(hog)
	await(t, hogStarted, "the hog's first turn")
	d.Schedule(other) // the only worker is busy with the hog
	await(t, otherRan, "the later runnable's turn")
	await(t, hogDone, "the hog's last turn")
	stop(t, d)

	require.True(t, hogWanted.Load(), "the later runnable ran while the hog still wanted turns")
	require.Equal(t, hogTurns.Load()+1, sumTurns(d))
}

func TestPanicInRunIsLoggedAndTheWorkerCarriesOn(t *testing.T) {
	d, logs := newDispatcher(t, 1)
	after := make(chan struct{})
	d.Schedule(runFunc(func(*dispatch.Worker) bool { panic("boom in a turn") }))
	d.Schedule(runFunc(func(*dispatch.Worker) bool { close(after); return false }))
	await(t, after, "the turn after the panic")

	got := logs.String()
	require.Contains(t, got, "panic")
	require.Contains(t, got, "boom in a turn")

	stop(t, d)
	require.Equal(t, int64(2), sumTurns(d))
	require.False(t, d.Workers()[0].Busy.Load(), "Busy after the panicking turn")
}

func TestStopWaitsForTheRunningTurn(t *testing.T) {
	d, _ := newDispatcher(t, 2)
	b := newBlocker()
	d.Schedule(b)
	await(t, b.entered, "the blocking turn")

	stopped := make(chan error, 1)
	go func() { stopped <- d.Stop(context.Background()) }()
	select {
	case err := <-stopped:
		t.Fatalf("Stop returned %v while a turn was still running", err)
	case <-time.After(20 * time.Millisecond): // a chance to return too early
	}
	close(b.release)
	require.NoError(t, testutil.Recv(t, stopped, "Stop to return after the turn ended"))
	require.NoError(t, d.Stop(context.Background()), "Stop is idempotent")
}

func TestStopTwiceReturnsNil(t *testing.T) {
	d, _ := newDispatcher(t, 4)
	stop(t, d)
	require.NoError(t, d.Stop(context.Background()))
}

func TestStopWithCancelledContextWhileATurnBlocks(t *testing.T) {
	d, _ := newDispatcher(t, 2)
	b := newBlocker()
	d.Schedule(b)
	await(t, b.entered, "the blocking turn")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, d.Stop(ctx), context.Canceled)

	// A second Stop waits again, and succeeds once the turn ends.
	stopped := make(chan error, 1)
	go func() { stopped <- d.Stop(context.Background()) }()
	close(b.release)
	require.NoError(t, <-stopped)
	goleak.VerifyNone(t, leakcheck.Options()...)
}

func TestNewRejectsFewerThanOneWorker(t *testing.T) {
	tests := []struct {
		name string
		give int
	}{
		{name: "zero", give: 0},
		{name: "negative", give: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := dispatch.New(tt.give, slog.New(slog.DiscardHandler))
			require.Error(t, err)
			require.Nil(t, d)
		})
	}
}

// TestInjectionQueueGrowsAndStaysFIFO queues, from outside the workers,
// more runnables than a local queue holds while the only worker is
// blocked. They are taken in batches into the local queue, FIFO, except
// that every so often the worker takes the oldest one left in the
// injection queue first: the order they run in is two FIFO sequences
// merged.
func TestInjectionQueueGrowsAndStaysFIFO(t *testing.T) {
	const total = 1000
	d, _ := newDispatcher(t, 1)
	b := newBlocker()
	d.Schedule(b)
	await(t, b.entered, "the blocking turn")

	var (
		order    []int // appended only by the one worker, read after done
		finished sync.WaitGroup
	)
	finished.Add(total)
	for id := range total {
		d.Schedule(runFunc(func(*dispatch.Worker) bool {
			order = append(order, id)
			finished.Done()
			return false
		}))
	}
	require.Equal(t, total, d.Queued())

	close(b.release)
	awaitGroup(t, &finished, "every queued turn")
	stop(t, d)

	require.Len(t, order, total)
	require.ElementsMatch(t, iota(total), order)
	require.LessOrEqual(t, longestDecreasing(order), 2, "the order merges at most two FIFO sequences: %v", order)
	require.Zero(t, d.Queued())
}

func iota(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// longestDecreasing returns the length of the longest strictly decreasing
// subsequence of s: a sequence is a merge of k increasing ones exactly
// when that length is at most k.
func longestDecreasing(s []int) int {
	var tails []int // tails[k]: largest last element of a decreasing run of k+1
	for _, v := range s {
		k := sort.Search(len(tails), func(i int) bool { return tails[i] <= v })
		if k == len(tails) {
			tails = append(tails, v)
		} else {
			tails[k] = v
		}
	}
	return len(tails)
}

func TestRunnablesQueuedBehindBlockedWorkersAllRun(t *testing.T) {
	const queued = 200
	d, _ := newDispatcher(t, 2)
	blockers := []*blocker{newBlocker(), newBlocker()}
	for _, b := range blockers {
		d.Schedule(b)
	}
	for _, b := range blockers {
		await(t, b.entered, "a blocking turn")
	}

	var finished sync.WaitGroup
	counters := make([]*counter, queued)
	finished.Add(queued)
	for i := range counters {
		counters[i] = &counter{want: 1, done: finished.Done}
		d.Schedule(counters[i])
	}
	require.Equal(t, queued, d.Queued())

	for _, b := range blockers {
		close(b.release)
	}
	awaitGroup(t, &finished, "every queued turn")
	stop(t, d)
	for i, c := range counters {
		require.Equal(t, int64(1), c.turns.Load(), "turns of runnable %d", i)
	}
	require.Equal(t, int64(queued+len(blockers)), sumTurns(d))
}
