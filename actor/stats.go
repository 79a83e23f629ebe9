package actor

import (
	"errors"
	"math/bits"
	"sync/atomic"

	"github.com/actorio/actorio/internal/dispatch"
	"github.com/actorio/actorio/mailbox"
)

// counters are the system's own tallies. Messages processed are counted
// per worker by the dispatcher and summed in Metrics.
type counters struct {
	started, stopped, restarted atomic.Uint64
	dedicatedProcessed          atomic.Uint64 // by turns off the dispatcher:
	offDispatcherTurns          atomic.Uint64 // dedicated goroutines, RaiseHere
	slowHandlers                atomic.Uint64
	dead                        [numReasons]atomic.Uint64
}

// Dead-letter reason classes, for Metrics.
const (
	reasonStopped = iota
	reasonMailboxFull
	reasonPanic
	reasonOther
	numReasons
)

func (c *counters) deadLetter(reason error) {
	var pe *PanicError
	switch {
	case errors.Is(reason, ErrStopped):
		c.dead[reasonStopped].Add(1)
	case errors.Is(reason, mailbox.ErrMailboxFull):
		c.dead[reasonMailboxFull].Add(1)
	case errors.As(reason, &pe):
		c.dead[reasonPanic].Add(1)
	default:
		c.dead[reasonOther].Add(1)
	}
}

// Metrics is a snapshot of a system's counters.
type Metrics struct {
	ActorsStarted   uint64 // actors spawned so far
	ActorsStopped   uint64 // actors stopped so far
	ActorsRestarted uint64 // restarts so far
	ActorsAlive     uint64 // started - stopped

	MessagesProcessed uint64 // user messages whose handler returned
	DeadLetters       uint64 // messages reported as DeadLetter, all reasons
	// DeadLettersByReason splits DeadLetters by reason: "stopped",
	// "mailbox full", "panic" and "other" (shutdown, cancelled sends).
	DeadLettersByReason map[string]uint64

	Workers        int    // dispatcher workers
	WorkersBusy    int    // workers running a turn right now
	Turns          uint64 // actor turns run so far
	RunQueue       int    // ready actors waiting for a worker
	BlockingActive int    // Blocking calls running
	BlockingQueued int    // Blocking calls waiting for the pool
	TimersPending  int    // timers waiting on the system's wheel (Timers)
	SlowHandlers   uint64 // SlowHandler events so far, see Options.Watchdog

	// MailboxMax is the most user messages queued for one live actor, and
	// MailboxDepth a histogram of all live actors' queued user messages.
	// Both are estimates (see inbox.Mailbox.Len) made by walking the
	// actor tree, so Metrics costs time in proportion to the live actors.
	MailboxMax   int
	MailboxTotal int // sum of the estimates
	MailboxDepth Log2Histogram
	// TurnNanos is a histogram of turn durations in nanoseconds: the time
	// a worker spent in one actor turn (up to Options.Budget messages),
	// not per message. One turn in 64 is timed, so it is a sample.
	TurnNanos    Log2Histogram
	TurnNanosSum uint64 // sum of the sampled turn durations
}

// Log2Histogram counts values in power-of-two buckets: element 0 counts
// zeros, element i the values v with 2^(i-1) <= v < 2^i, and the last
// element also everything larger. Trailing empty buckets are left out.
type Log2Histogram []uint64

// Count returns the number of values counted.
func (h Log2Histogram) Count() uint64 {
	var n uint64
	for _, c := range h {
		n += c
	}
	return n
}

// trim drops trailing empty buckets.
func (h Log2Histogram) trim() Log2Histogram {
	for len(h) > 0 && h[len(h)-1] == 0 {
		h = h[:len(h)-1]
	}
	return h
}

// mailboxBuckets is the size of Metrics.MailboxDepth before trimming.
const mailboxBuckets = 33

// Metrics returns a snapshot of the system's counters. It takes no lock
// that the message path takes; it walks the actor tree for the mailbox
// figures, so it costs time in proportion to the live actors (as
// Snapshot, but allocating nothing per actor).
func (s *System) Metrics() Metrics {
	m := Metrics{
		ActorsStarted:       s.stats.started.Load(),
		ActorsStopped:       s.stats.stopped.Load(),
		ActorsRestarted:     s.stats.restarted.Load(),
		MessagesProcessed:   s.stats.dedicatedProcessed.Load(),
		DeadLettersByReason: make(map[string]uint64, numReasons),
		RunQueue:            s.disp.Queued(),
		TimersPending:       s.timers.Pending(),
		SlowHandlers:        s.stats.slowHandlers.Load(),
	}
	m.ActorsAlive = m.ActorsStarted - m.ActorsStopped
	for i, name := range [numReasons]string{"stopped", "mailbox full", "panic", "other"} {
		n := s.stats.dead[i].Load()
		m.DeadLettersByReason[name] = n
		m.DeadLetters += n
	}
	turns := make(Log2Histogram, dispatch.TurnBuckets)
	for _, w := range s.disp.Workers() {
		for i := range w.TurnNanos {
			turns[i] += w.TurnNanos[i].Load()
		}
		m.TurnNanosSum += w.TurnNanosSum.Load()
		m.Workers++
		m.MessagesProcessed += w.Messages.Load()
		m.Turns += w.Turns.Load()
		if w.Busy.Load() {
			m.WorkersBusy++
		}
	}
	m.TurnNanos = turns.trim()
	m.Turns += s.stats.offDispatcherTurns.Load()
	depth := make(Log2Histogram, mailboxBuckets)
	s.walk(func(c *cell, _ string) string {
		n := c.self.mailboxLen()
		m.MailboxMax = max(m.MailboxMax, n)
		m.MailboxTotal += n
		depth[min(bits.Len(uint(n)), mailboxBuckets-1)]++
		return ""
	})
	m.MailboxDepth = depth.trim()
	m.BlockingActive, m.BlockingQueued = s.blocking.Stats()
	return m
}
