package dispatch

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/panjf2000/ants/v2"
)

// Runnable is something with turns to run: an actor.
type Runnable interface {
	// Run runs one turn on worker w and reports whether the runnable
	// still has work, in which case it is run again.
	Run(w *Worker) bool
}

// Dispatcher owns the worker loops. Create one with New.
type Dispatcher struct {
	workers  []*Worker
	inject   inject
	idle     idle
	byG      byG
	stopping atomic.Bool

	live    atomic.Int32  // worker loops not yet exited
	exited  chan struct{} // closed by the last loop to exit
	release sync.Once
	relErr  error
	pool    *ants.Pool
	log     *slog.Logger
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
	d := &Dispatcher{pool: pool, log: log, workers: make([]*Worker, n), exited: make(chan struct{}),
		idle: newIdle(n), byG: newByG(n)}
	d.live.Store(int32(n))
	for i := range d.workers {
		d.workers[i] = &Worker{d: d, ID: i, wake: make(chan struct{}, 1), rand: uint32(i)*0x9e3779b9 + 1}
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

// Queued returns the number of runnables waiting for a worker: in the
// injection queue, the workers' local queues and their LIFO slots. It
// reads atomic state only, so a runnable moving between queues may be
// missed or counted twice.
func (d *Dispatcher) Queued() int {
	n := int(d.inject.n.Load())
	for _, w := range d.workers {
		n += w.local.len()
		if w.lifo.full() {
			n++
		}
	}
	return n
}

// Schedule makes r run soon. It never blocks. Called from one of d's
// workers (from inside a turn), it puts r in that worker's LIFO slot, to
// run next; from anywhere else, in the injection queue. After Stop, r is
// dropped; the caller stops scheduling before that.
func (d *Dispatcher) Schedule(r Runnable) {
	if w := d.byG.current(); w != nil {
		w.schedule(r)
		return
	}
	d.inject.push(r)
	d.notify()
}

// notify wakes a parked worker if there is one and nobody is searching.
// Callers have just made work available.
func (d *Dispatcher) notify() {
	if d.idle.nparked.Load() == 0 || d.idle.searching.Load() != 0 {
		return
	}
	d.wakeOne()
}

// wakeOne wakes a parked worker as a searcher. It claims the searcher's
// count first, so that concurrent callers wake one worker between them;
// if no worker turns out to be parked after all, it gives the count back
// and looks again, since a worker may have parked after pushes that saw
// the count and left the wakeup to it.
func (d *Dispatcher) wakeOne() {
	for d.idle.searching.CompareAndSwap(0, 1) {
		if i := d.idle.unparkAny(); i >= 0 {
			d.workers[i].wake <- struct{}{}
			return
		}
		d.idle.searching.Add(-1)
		if d.idle.nparked.Load() == 0 || !d.hasWork() {
			return
		}
	}
}

// hasWork reports whether any queue holds a runnable that a parked worker
// could take: the injection queue or a local queue.
func (d *Dispatcher) hasWork() bool {
	if !d.inject.empty() {
		return true
	}
	for _, w := range d.workers {
		if w.local.len() > 0 {
			return true
		}
	}
	return false
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
// the queues are empty or about to be. It returns ctx.Err() if the loops
// have not exited when ctx is done; calling it again waits again. Once it
// has returned nil, it keeps returning nil.
func (d *Dispatcher) Stop(ctx context.Context) error {
	d.stopping.Store(true)
	for i, w := range d.workers {
		if d.idle.unpark(i) {
			d.idle.searching.Add(1) // the worker counts itself out when it leaves
			w.wake <- struct{}{}
		}
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
