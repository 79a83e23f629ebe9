package dispatch

import (
	"math/bits"
	"sync/atomic"
	"time"

	"github.com/actorio/actorio/internal/workerid"
)

const (
	// globalInterval is how often, in turns, a worker with work of its
	// own looks at the injection queue first, so that what arrives from
	// outside is never starved by a busy local queue (Go uses 61).
	globalInterval = 61
	// lifoMax is how many turns in a row a worker takes from its LIFO
	// slot while other runnables wait, as in Tokio: a pair of actors
	// messaging each other keeps a worker's slot busy forever.
	lifoMax = 3
	// lifoStealDelay is how long an idle worker leaves a runnable in the
	// LIFO slot of a worker that has not finished a turn since it looked.
	lifoStealDelay = time.Millisecond
)

// Worker is one worker loop. Its counters are written only by its own loop
// and may be read by anyone.
type Worker struct {
	d     *Dispatcher
	local local
	lifo  lifo
	wake  chan struct{} // a token each time another goroutine unparks it

	// Owned by the loop.
	tick      uint32   // turns taken, for globalInterval
	lifoRuns  int      // turns in a row from the LIFO slot
	searching bool     // counted in d.idle.searching
	rand      uint32   // picks the first victim to steal from
	seen      []uint64 // others' Turns when it parked, for lifoStealDelay
	timer     *time.Timer

	ID       int           // index in Dispatcher.Workers
	Turns    atomic.Uint64 // turns run
	Messages atomic.Uint64 // messages processed, added by runnables per turn
	Busy     atomic.Bool   // running turns, not looking for work
	GoID     atomic.Uint64 // the loop's goroutine id, set once when it starts
	// TurnNanos is a log2 histogram of sampled turn durations: one turn in
	// TurnSample is timed, and bucket i counts durations d with
	// bits.Len64(d in ns) == i (the last bucket takes everything longer).
	TurnNanos [TurnBuckets]atomic.Uint64
	// TurnNanosSum is the sum of the sampled turn durations, in ns.
	TurnNanosSum atomic.Uint64
}

func (w *Worker) loop() {
	defer w.exit()
	w.GoID.Store(GoID())
	w.Busy.Store(true)
	g := workerid.G()
	if g != 0 {
		w.d.byG.add(g, w)
		defer w.d.byG.remove(g)
	}
	workerid.Run(func() {
		for {
			r := w.next()
			if r == nil {
				if r = w.find(); r == nil {
					return
				}
			}
			w.run(r)
		}
	})
}

// exit records that a worker loop has ended.
func (w *Worker) exit() {
	if w.timer != nil {
		w.timer.Stop()
	}
	if w.d.live.Add(-1) == 0 {
		close(w.d.exited)
	}
}

// schedule makes r, made ready by one of w's own turns, w's next
// runnable, moving what was in its LIFO slot to its local queue.
func (w *Worker) schedule(r Runnable) {
	old, ok := w.lifo.put(r)
	switch {
	case !ok:
		w.pushBack(r)
	case old != nil:
		w.pushBack(old)
	default:
		return // w runs it next: nobody else needs waking
	}
	w.d.notify()
}

// pushBack appends r to w's local queue, or to the injection queue with
// half of the local one if it is full.
func (w *Worker) pushBack(r Runnable) {
	if !w.local.push(r) {
		w.local.pushOverflow(r, &w.d.inject)
	}
}

// next returns w's next runnable from its own queues, or from the
// injection queue when they are empty or its turn has come; nil if there
// is none.
func (w *Worker) next() Runnable {
	d := w.d
	w.tick++
	if w.tick%globalInterval == 0 {
		if r := d.inject.popInto(w); r != nil {
			w.lifoRuns = 0
			return r
		}
	}
	if w.lifo.full() {
		if w.lifoRuns < lifoMax || w.local.len() == 0 && d.inject.empty() {
			if r := w.lifo.take(); r != nil {
				w.lifoRuns = min(w.lifoRuns+1, lifoMax)
				return r
			}
		} else if r := w.lifo.take(); r != nil {
			// Its run is up and others wait: it queues behind them.
			w.lifoRuns = 0
			first := w.local.pop()
			if first == nil {
				first = d.inject.popInto(w)
			}
			w.pushBack(r)
			if first != nil {
				return first
			}
		}
	}
	w.lifoRuns = 0
	if r := w.local.pop(); r != nil {
		return r
	}
	return d.inject.popInto(w)
}

// run runs turns of r until it has no work, or others are waiting. A
// panic here is a bug in the runtime, not in an actor (actors recover
// their own): it is logged and the worker carries on.
func (w *Worker) run(r Runnable) {
	defer func() {
		if v := recover(); v != nil {
			w.d.log.Error("actorio: runtime panic in a turn", "panic", v)
		}
	}()
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
		if w.lifo.full() || w.local.len() > 0 || !w.d.inject.empty() {
			w.pushBack(r)
			w.d.notify()
			return
		}
		// Nobody else is waiting here: run it again.
	}
}

// record counts one sampled turn duration.
func (w *Worker) record(d time.Duration) {
	ns := uint64(max(d, 0))
	w.TurnNanos[min(bits.Len64(ns), TurnBuckets-1)].Add(1)
	w.TurnNanosSum.Add(ns)
}

// find looks for work elsewhere once w's own queues are empty: it steals
// from the other workers, takes from the injection queue, and parks while
// there is nothing. It returns nil when the dispatcher stops.
func (w *Worker) find() Runnable {
	d := w.d
	w.Busy.Store(false)
	for {
		if w.startSearching() {
			r := w.steal()
			if r == nil {
				r = d.inject.popInto(w)
			}
			if r != nil {
				w.stopSearching(true)
				w.Busy.Store(true)
				return r
			}
			w.stopSearching(false)
		}
		if d.stopping.Load() {
			return nil
		}
		if r := w.park(); r != nil {
			w.Busy.Store(true)
			return r
		}
	}
}

// startSearching makes w a searcher unless half the workers already are,
// and reports whether it is one.
func (w *Worker) startSearching() bool {
	if w.searching {
		return true
	}
	d := w.d
	if 2*int(d.idle.searching.Load()) >= len(d.workers) && !d.stopping.Load() {
		return false
	}
	d.idle.searching.Add(1)
	w.searching = true
	return true
}

// stopSearching ends w's search. The last searcher to find work wakes
// another worker, since there may be more.
func (w *Worker) stopSearching(found bool) {
	if !w.searching {
		return
	}
	w.searching = false
	if w.d.idle.searching.Add(-1) == 0 && found {
		w.d.notify()
	}
}

// steal takes half of another worker's local queue, trying each other
// worker in turn from a random one, and returns one runnable of it.
func (w *Worker) steal() Runnable {
	ws := w.d.workers
	if len(ws) == 1 {
		return nil
	}
	w.rand ^= w.rand << 13
	w.rand ^= w.rand >> 17
	w.rand ^= w.rand << 5
	start := int(w.rand % uint32(len(ws)))
	for i := range ws {
		v := ws[(start+i)%len(ws)]
		if v == w {
			continue
		}
		if r := v.local.stealInto(&w.local); r != nil {
			return r
		}
	}
	return nil
}

// park blocks w until another goroutine wakes it, after a last look at
// every queue. It returns a runnable only when it took one out of the
// LIFO slot of a worker stuck in a turn; otherwise the caller searches
// again.
func (w *Worker) park() Runnable {
	d := w.d
	d.idle.park(w.ID)
	if d.stopping.Load() || d.hasWork() {
		if w.unpark() { // not woken: search as if it were
			d.idle.searching.Add(1)
			w.searching = true
		}
		return nil
	}
	if !w.watchLIFOs() {
		<-w.wake
		w.searching = true // the waker counted w as searching
		return nil
	}
	// Another worker holds a runnable in its LIFO slot while running a
	// turn: if that turn is still the same one after lifoStealDelay, the
	// runnable is taken from it, so that a turn that blocks delays the
	// slot's runnable by about that long at most.
	if w.timer == nil {
		w.timer = time.NewTimer(lifoStealDelay)
	} else {
		w.timer.Reset(lifoStealDelay)
	}
	select {
	case <-w.wake:
		w.timer.Stop()
		w.searching = true
		return nil
	case <-w.timer.C:
	}
	if !w.unpark() {
		return nil // woken meanwhile: searching, as above
	}
	for i, v := range d.workers {
		if v != w && v.Busy.Load() && v.Turns.Load() == w.seen[i] {
			if r := v.lifo.steal(); r != nil {
				return r
			}
		}
	}
	return nil
}

// unpark takes w out of the parked set and reports whether it did so
// itself; if another goroutine did, it waits for that goroutine's wakeup,
// after which w is searching.
func (w *Worker) unpark() bool {
	if w.d.idle.unpark(w.ID) {
		return true
	}
	<-w.wake
	w.searching = true
	return false
}

// watchLIFOs reports whether a busy worker holds a runnable in its LIFO
// slot, noting the turn counts of all workers in w.seen.
func (w *Worker) watchLIFOs() bool {
	if w.seen == nil {
		w.seen = make([]uint64, len(w.d.workers))
	}
	watch := false
	for i, v := range w.d.workers {
		w.seen[i] = v.Turns.Load()
		if v != w && v.lifo.full() && v.Busy.Load() {
			watch = true
		}
	}
	return watch
}
