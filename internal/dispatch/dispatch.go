// Package dispatch runs actor turns on a fixed set of long-lived worker
// loops hosted by an ants pool.
//
// Ready actors wait in one FIFO run queue. A worker takes the oldest,
// runs one turn, and puts it at the back if it still has work and others
// are waiting (if nobody is waiting it simply runs another turn). An idle
// worker parks on its own channel; scheduling hands the actor straight to
// the most recently parked worker, which the Go scheduler then runs on the
// scheduling goroutine's processor, so a request and its reply usually
// stay on one core.
//
// Scheduling never blocks: the run queue grows as needed.
package dispatch

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"math/bits"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/panjf2000/ants/v2"

	"github.com/actorio/actorio/internal/workerid"
)

// Runnable is something with turns to run: an actor.
type Runnable interface {
	// Run runs one turn on worker w and reports whether the runnable
	// still has work, in which case it is run again.
	Run(w *Worker) bool
}

// Dispatcher owns the worker loops. Create one with New.
type Dispatcher struct {
	mu       sync.Mutex
	queue    ring
	idle     []*Worker // parked workers, most recent last
	stopping bool

	queued  atomic.Int64 // len(queue), readable without the lock
	workers []*Worker
	live    atomic.Int32  // worker loops not yet exited
	exited  chan struct{} // closed by the last loop to exit
	release sync.Once
	relErr  error
	pool    *ants.Pool
	log     *slog.Logger
}

// Worker is one worker loop. Its counters are written only by its own loop
// and may be read by anyone.
type Worker struct {
	d        *Dispatcher
	wake     chan struct{} // one token per park
	next     Runnable      // handed over by Schedule while parked; under d.mu
	ID       int           // index in Dispatcher.Workers
	Turns    atomic.Uint64 // turns run
	Messages atomic.Uint64 // messages processed, added by runnables per turn
	Busy     atomic.Bool   // running a turn
	GoID     atomic.Uint64 // the loop's goroutine id, set once when it starts
	// TurnNanos is a log2 histogram of sampled turn durations: one turn in
	// TurnSample is timed, and bucket i counts durations d with
	// bits.Len64(d in ns) == i (the last bucket takes everything longer).
	TurnNanos [TurnBuckets]atomic.Uint64
	// TurnNanosSum is the sum of the sampled turn durations, in ns.
	TurnNanosSum atomic.Uint64
}

// TurnSample is how often a turn is timed: one turn in TurnSample, so
// that timing costs two clock reads per TurnSample turns.
const TurnSample = 64

// TurnBuckets is the number of buckets of Worker.TurnNanos: bucket 40 holds
// turns of 2^39 ns (about 9 minutes) and longer.
const TurnBuckets = 41

// New starts n worker loops (n >= 1) in a pool of its own. A nil log
// discards the runtime's log records.
func New(n int, log *slog.Logger) (*Dispatcher, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if n < 1 {
		return nil, fmt.Errorf("dispatch: need at least one worker, got %d", n)
	}
	pool, err := ants.NewPool(n, ants.WithDisablePurge(true), ants.WithNonblocking(true),
		ants.WithPanicHandler(func(v any) { log.Error("actorio: dispatcher worker panicked", "panic", v) }))
	if err != nil {
		return nil, fmt.Errorf("dispatch: %w", err)
	}
	d := &Dispatcher{pool: pool, log: log, workers: make([]*Worker, n), exited: make(chan struct{})}
	d.live.Store(int32(n))
	for i := range d.workers {
		d.workers[i] = &Worker{d: d, ID: i, wake: make(chan struct{}, 1)}
	}
	for i, w := range d.workers {
		if err := pool.Submit(w.loop); err != nil {
			for range n - i { // the loops that will never run
				w.exit()
			}
			_ = d.Stop(context.Background())
			return nil, fmt.Errorf("dispatch: starting worker %d: %w", i, err)
		}
	}
	return d, nil
}

// Workers returns the worker loops, for reading their counters.
func (d *Dispatcher) Workers() []*Worker { return d.workers }

// Queued returns the number of runnables waiting for a worker.
func (d *Dispatcher) Queued() int { return int(d.queued.Load()) }

// Schedule makes r run soon. It never blocks. After Stop, r is dropped;
// the caller stops scheduling before that.
func (d *Dispatcher) Schedule(r Runnable) {
	d.mu.Lock()
	if n := len(d.idle); n > 0 {
		w := d.idle[n-1]
		d.idle = d.idle[:n-1]
		w.next = r
		d.mu.Unlock()
		w.wake <- struct{}{}
		return
	}
	d.queue.push(r)
	d.queued.Add(1)
	d.mu.Unlock()
}

// take returns the next runnable for w, parking while there is none. It
// returns nil when the dispatcher stops.
func (d *Dispatcher) take(w *Worker) Runnable {
	d.mu.Lock()
	for {
		if r, ok := d.queue.pop(); ok {
			d.queued.Add(-1)
			d.mu.Unlock()
			return r
		}
		if d.stopping {
			d.mu.Unlock()
			return nil
		}
		d.idle = append(d.idle, w)
		d.mu.Unlock()
		<-w.wake
		d.mu.Lock()
		if r := w.next; r != nil {
			w.next = nil
			d.mu.Unlock()
			return r
		}
	}
}

func (w *Worker) loop() {
	defer w.exit()
	w.GoID.Store(GoID())
	workerid.Run(func() {
		for {
			r := w.d.take(w)
			if r == nil {
				return
			}
			w.run(r)
		}
	})
}

// exit records that a worker loop has ended.
func (w *Worker) exit() {
	if w.d.live.Add(-1) == 0 {
		close(w.d.exited)
	}
}

// run runs turns of r until it has no work, or others are waiting. A
// panic here is a bug in the runtime, not in an actor (actors recover
// their own): it is logged and the worker carries on.
func (w *Worker) run(r Runnable) {
	defer func() {
		w.Busy.Store(false)
		if v := recover(); v != nil {
			w.d.log.Error("actorio: runtime panic in a turn", "panic", v)
		}
	}()
	w.Busy.Store(true)
	for {
		var more bool
		if w.Turns.Add(1)%TurnSample == 0 {
			start := time.Now()
			more = r.Run(w)
			w.record(time.Since(start))
		} else {
			more = r.Run(w)
		}
		if !more {
			return
		}
		if w.d.queued.Load() > 0 {
			w.d.Schedule(r)
			return
		}
	}
}

// record counts one sampled turn duration.
func (w *Worker) record(d time.Duration) {
	ns := uint64(max(d, 0))
	w.TurnNanos[min(bits.Len64(ns), TurnBuckets-1)].Add(1)
	w.TurnNanosSum.Add(ns)
}

// GoID returns the calling goroutine's id, parsed from its stack header
// ("goroutine 42 [running]:"), for finding its stack in a dump of all
// goroutines. It is slow: call it once per goroutine.
func GoID() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	n, _ := strconv.ParseUint(string(b), 10, 64)
	return n
}

// Stop lets the workers run what is already queued, then stops the loops,
// waits for them and releases the pool. Callers stop all actors first, so
// the queue is empty or about to be. It returns ctx.Err() if the loops
// have not exited when ctx is done; calling it again waits again. Once it
// has returned nil, it keeps returning nil.
func (d *Dispatcher) Stop(ctx context.Context) error {
	d.mu.Lock()
	idle := d.idle
	d.idle = nil
	d.stopping = true
	d.mu.Unlock()
	for _, w := range idle {
		w.wake <- struct{}{}
	}
	select {
	case <-d.exited:
	default: // not done yet: wait, but prefer done over an expired ctx
		select {
		case <-d.exited:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	d.release.Do(func() { d.relErr = d.pool.ReleaseContext(ctx) })
	return d.relErr
}
