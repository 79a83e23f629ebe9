// Package dispatch runs actor turns on a fixed set of long-lived worker
// loops hosted by an ants pool. Its scheduler is Tokio's multi-threaded
// one (and Go's own, in runtime/proc.go), applied to actors.
//
// # Queues
//
// Each worker has a LIFO slot and a local run queue; the dispatcher has
// one injection queue:
//
//	 Schedule from outside          Schedule from inside a turn on W0
//	 (goroutines, timers,                        │
//	 event loops, blocking pool)                 ▼
//	          │                    ┌─ W0 ─────────────────────────┐
//	          ▼                    │ LIFO slot ──(displaced)──▶   │
//	┌──────────────────┐  overflow │ local queue: 256-slot ring   │◀── steal half ── W1, W2, ...
//	│ injection queue  │◀──(half)──│ (owner pushes and pops)      │
//	│ (mutex, FIFO)    │──batch──▶ └──────────────────────────────┘
//	└──────────────────┘
//
// A runnable made ready by a turn (an actor sent a message by a handler)
// goes into the LIFO slot of the worker running that turn and runs next,
// on the same worker: a request and its reply run back to back, with no
// queue traffic and no cross-core handoff. What the slot held moves to the
// back of the local queue. Which worker a goroutine is comes from a table
// keyed by goroutine identity (workerid.G), in about 5 ns
// (BenchmarkCurrent); where identity is unknown (not amd64 or arm64),
// every Schedule counts as from outside.
//
// The local queue is a fixed ring that only its owner pushes to and pops
// from, and from which any other worker may steal half with two CASes and
// no lock (see local). When it is full, its older half moves to the
// injection queue in one batch.
//
// Runnables scheduled from outside a worker go to the injection queue, the
// only place with a lock, and wake a parked worker. A worker takes from it
// in batches (its fair share, moved into the local queue) when its own
// queues are empty, and takes one from it first every globalInterval turns
// so that work from outside is never starved.
//
// # Fairness
//
// A pair of actors messaging each other would keep a LIFO slot full for
// ever. A worker therefore takes from its slot at most lifoMax times in a
// row while other runnables wait in its local or the injection queue; then
// the slot's runnable queues behind them. A runnable with work left after
// its turn (its budget of messages) goes to the back of the local queue if
// anything else waits, and runs again at once otherwise.
//
// # Searching and parking
//
// A worker whose own queues are empty searches: it steals half of another
// worker's local queue (trying each, from a random one) and looks at the
// injection queue. At most half the workers search at once. A worker that
// finds nothing parks on its own channel, costing no CPU, after a last look
// at every queue. Whoever makes work available for others (a push to the
// injection or a local queue) wakes one parked worker, and only if no
// worker is searching; the woken worker searches, and if it finds work and
// was the last searcher, wakes the next. So a burst of work wakes workers
// one at a time, as they find work, never all at once. See idle for why no
// wakeup is lost: the parking worker publishes itself before its last
// look, the pusher publishes its work before it looks for parked workers,
// and all of these are sequentially consistent atomics.
//
// The LIFO slot is the one queue other workers do not steal from while its
// owner makes progress. If a turn blocks (a handler that should not), a
// parked worker that saw the busy worker's slot full parks with a timeout
// of lifoStealDelay and, if that worker is still in the same turn, takes
// the slot's runnable: a blocked turn delays the runnable it made ready by
// about a millisecond, not for as long as it blocks.
//
// # Why it cannot deadlock or starve
//
// Scheduling never blocks: the local queue overflows into the injection
// queue, which grows. Every runnable sits in exactly one place (a LIFO
// slot, a local queue, the injection queue, or a worker's hands), and each
// place is drained: a worker runs its own slot and queue before it looks
// elsewhere; the injection queue is taken from by every searching worker
// and by every busy one each globalInterval turns; a local queue's
// runnables are its owner's next work and are stolen by woken workers if
// the owner is busy; the LIFO slot is bounded by lifoMax and, if its owner
// is stuck, by lifoStealDelay. A runnable runs on one worker at a time
// because it is in one place at a time, and the actor above schedules it
// once per idle-to-ready transition of its mailbox.
//
// Stop lets the workers finish what is queued, then wakes the parked ones,
// which exit once no queue has work for them.
package dispatch
