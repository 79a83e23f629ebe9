package actor

import (
	"errors"
	"sync/atomic"

	"github.com/actorio/actorio/mailbox"
)

// counters are the system's own tallies. Messages processed are counted
// per worker by the dispatcher and summed in Metrics.
type counters struct {
	started, stopped, restarted atomic.Uint64
	dedicatedProcessed          atomic.Uint64
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
}

// Metrics returns a snapshot of the system's counters. It is cheap enough
// to call often and takes no lock that the runtime's hot path takes.
func (s *System) Metrics() Metrics {
	m := Metrics{
		ActorsStarted:       s.stats.started.Load(),
		ActorsStopped:       s.stats.stopped.Load(),
		ActorsRestarted:     s.stats.restarted.Load(),
		MessagesProcessed:   s.stats.dedicatedProcessed.Load(),
		DeadLettersByReason: make(map[string]uint64, numReasons),
		RunQueue:            s.disp.Queued(),
	}
	m.ActorsAlive = m.ActorsStarted - m.ActorsStopped
	for i, name := range [numReasons]string{"stopped", "mailbox full", "panic", "other"} {
		n := s.stats.dead[i].Load()
		m.DeadLettersByReason[name] = n
		m.DeadLetters += n
	}
	for _, w := range s.disp.Workers() {
		m.Workers++
		m.MessagesProcessed += w.Messages.Load()
		m.Turns += w.Turns.Load()
		if w.Busy.Load() {
			m.WorkersBusy++
		}
	}
	m.BlockingActive, m.BlockingQueued = s.blocking.Stats()
	return m
}
