package actorconsole

import (
	"sync"
	"time"

	"github.com/actorio/actorio/actor"
)

// snapshots hands out the latest index of the system's actors, taking a
// new System.Snapshot only when the latest is older than the console's
// MinInterval and than ten times what the latest cost: however many
// pages ask, and however often, the actors are read at most that often,
// so a page left open takes at most a tenth of a core for it. Requests
// that come while a snapshot is taken wait for it rather than take their
// own.
//
// The latest index is released (for the garbage collector) once it is
// twice as old as it may be reused for, by a timer that Close stops: on
// a system of a million actors it holds a few hundred megabytes, which
// should not outlive the page that asked for it.
type snapshots struct {
	sys      *actor.System
	interval time.Duration

	mu      sync.Mutex // held while a snapshot is taken
	latest  *index
	seq     uint64
	release *time.Timer
	closed  bool
}

// get returns an index no older than the reuse bound.
func (s *snapshots) get() *index {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	if x := s.latest; x != nil && now.Sub(x.taken) < s.reuseFor(x) {
		return x
	}
	s.latest = nil // let the old one go before taking a new one
	start := time.Now()
	x := newIndex(s.sys.Snapshot())
	s.seq++
	x.seq, x.taken, x.took = s.seq, start, time.Since(start)
	if s.closed {
		return x // not kept: nothing would release it
	}
	s.latest = x
	keep := 2 * s.reuseFor(x)
	if s.release == nil {
		s.release = time.AfterFunc(keep, s.drop)
	} else {
		s.release.Reset(keep)
	}
	return x
}

// reuseFor is how long x is served before a new snapshot is taken.
func (s *snapshots) reuseFor(x *index) time.Duration {
	return max(s.interval, 10*x.took)
}

// drop releases the latest index if it is stale.
func (s *snapshots) drop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if x := s.latest; x != nil && time.Since(x.taken) >= s.reuseFor(x) {
		s.latest = nil
	}
}

// close releases the latest index and stops the timer. Later gets still
// work, but keep nothing.
func (s *snapshots) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	s.latest = nil
	if s.release != nil {
		s.release.Stop()
	}
}
