package dispatch_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/internal/dispatch"
)

// pair is two runnables that schedule each other from inside their turns,
// as two actors messaging each other do, until stopped: it keeps the LIFO
// slot of the worker it runs on full. warm is closed once it has run
// warmTurns turns.
type pair struct {
	turns atomic.Int64
	stop  atomic.Bool
	warm  chan struct{}
	a, b  runFunc
}

const warmTurns = 10_000

func newPair(d *dispatch.Dispatcher) *pair {
	p := &pair{warm: make(chan struct{})}
	turn := func(next *runFunc) runFunc {
		return func(*dispatch.Worker) bool {
			if p.turns.Add(1) == warmTurns {
				close(p.warm)
			}
			if !p.stop.Load() {
				d.Schedule(*next)
			}
			return false
		}
	}
	p.a, p.b = turn(&p.b), turn(&p.a)
	return p
}

// TestPingPongPairCannotStarveOthers runs a pair of runnables that
// schedule each other forever and requires that a runnable made ready
// beside it, from inside a turn (into the local queue) or from outside
// (into the injection queue), still runs, within a bounded number of the
// pair's turns.
func TestPingPongPairCannotStarveOthers(t *testing.T) {
	tests := []struct {
		name    string
		workers int
		inside  bool
		bound   int64 // the pair's turns before the bystander runs
	}{
		// Behind the pair in the local queue, it waits for the few turns
		// the pair may take from the LIFO slot in a row.
		{name: "local queue, one worker", workers: 1, inside: true, bound: 8},
		{name: "local queue, two workers", workers: 2, inside: true, bound: 8},
		// From outside, it waits at most one injection-queue interval
		// (61 turns); the pair's turns counted include those it ran while
		// the test goroutine was scheduling it.
		{name: "injection queue, one worker", workers: 1, bound: 2 * 61},
		{name: "injection queue, two workers", workers: 2, bound: 2 * 61},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, _ := newDispatcher(t, tt.workers)
			p := newPair(d)
			defer p.stop.Store(true)
			ran := make(chan int64, 1)
			bystander := runFunc(func(*dispatch.Worker) bool {
				ran <- p.turns.Load()
				return false
			})
			var before int64
			if tt.inside {
				// Made ready first, the bystander is displaced from the
				// LIFO slot into the local queue by the pair.
				d.Schedule(runFunc(func(*dispatch.Worker) bool {
					d.Schedule(bystander)
					d.Schedule(p.a)
					return false
				}))
			} else {
				d.Schedule(p.a)
				await(t, p.warm, "the pair's first turns")
				before = p.turns.Load()
				d.Schedule(bystander)
			}
			var at int64
			select {
			case at = <-ran:
			case <-afterGuard():
				t.Fatal("the bystander never ran")
			}
			require.LessOrEqual(t, at-before, tt.bound, "the pair's turns before the bystander ran")
		})
	}
}

// TestLocalScheduleRunsLastReadyFirst: runnables made ready by one turn
// run the last one first (the LIFO slot), then the others in order (the
// local queue).
func TestLocalScheduleRunsLastReadyFirst(t *testing.T) {
	d, _ := newDispatcher(t, 1)
	var order []int // appended by the one worker only
	var finished sync.WaitGroup
	finished.Add(4)
	note := func(id int) runFunc {
		return func(*dispatch.Worker) bool {
			order = append(order, id)
			finished.Done()
			return false
		}
	}
	d.Schedule(runFunc(func(*dispatch.Worker) bool {
		for id := range 4 {
			d.Schedule(note(id))
		}
		return false
	}))
	awaitGroup(t, &finished, "the four turns")
	stop(t, d)
	require.Equal(t, []int{3, 0, 1, 2}, order)
}

// TestLocalQueueOverflowLosesNothing has one turn make ready far more
// runnables than a local queue holds, so that halves of it move to the
// injection queue, while other workers steal: each runs exactly once.
func TestLocalQueueOverflowLosesNothing(t *testing.T) {
	for _, workers := range []int{1, 2, 4} {
		t.Run(name(workers), func(t *testing.T) {
			const n = 5000
			d, _ := newDispatcher(t, workers)
			var finished sync.WaitGroup
			finished.Add(n)
			counters := make([]*counter, n)
			for i := range counters {
				counters[i] = &counter{want: int64(1 + i%3), done: finished.Done}
			}
			d.Schedule(runFunc(func(*dispatch.Worker) bool {
				for _, c := range counters {
					d.Schedule(c)
				}
				return false
			}))
			awaitGroup(t, &finished, "every runnable's turns")
			stop(t, d)
			for i, c := range counters {
				require.Equal(t, c.want, c.turns.Load(), "runnable %d", i)
			}
		})
	}
}

// TestLIFORunnableOfAStuckWorkerRuns: a turn makes a runnable ready (into
// its worker's LIFO slot) and then blocks until that runnable has run,
// which only another worker can do.
func TestLIFORunnableOfAStuckWorkerRuns(t *testing.T) {
	d, _ := newDispatcher(t, 2)
	done := make(chan struct{})
	var where atomic.Int64
	follower := runFunc(func(w *dispatch.Worker) bool {
		where.Store(int64(w.ID))
		close(done)
		return false
	})
	var stuck atomic.Int64
	d.Schedule(runFunc(func(w *dispatch.Worker) bool {
		stuck.Store(int64(w.ID))
		d.Schedule(follower)
		await(t, done, "the follower, run by the other worker")
		return false
	}))
	await(t, done, "the follower")
	stop(t, d)
	require.NotEqual(t, stuck.Load(), where.Load(), "the follower ran on the stuck worker")
}

// TestParkAndWakeLoseNoWakeup schedules, from outside, one runnable at a
// time and waits for it, so that the workers park between any two: a lost
// wakeup would leave one waiting for ever.
func TestParkAndWakeLoseNoWakeup(t *testing.T) {
	for _, workers := range []int{1, 2, 4, 8} {
		t.Run(name(workers), func(t *testing.T) {
			d, _ := newDispatcher(t, workers)
			for i := range 2000 {
				done := make(chan struct{})
				d.Schedule(runFunc(func(*dispatch.Worker) bool {
					if i%2 == 0 { // and half the time from inside a turn too
						d.Schedule(runFunc(func(*dispatch.Worker) bool { close(done); return false }))
					} else {
						close(done)
					}
					return false
				}))
				await(t, done, "a runnable scheduled to idle workers")
			}
			stop(t, d)
		})
	}
}

func name(workers int) string {
	return map[int]string{1: "1 worker", 2: "2 workers", 4: "4 workers", 8: "8 workers"}[workers]
}
