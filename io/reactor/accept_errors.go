package reactor

import (
	"log/slog"
	"time"
)

// acceptRetry is how long a listener waits, after an accept failed,
// before it tries again.
const acceptRetry = 50 * time.Millisecond

// acceptLogEvery is the least time between two log lines of one
// listener's failed accepts.
const acceptLogEvery = time.Second

// Failed accepts.
//
// A process out of file descriptors fails every accept(2) while the
// connection stays queued and the listener readable: an attacker who
// holds connections open can make it fail hundreds of times a second.
// Each failure is counted in Metrics.AcceptErrors, but a listener logs
// at most one line a second: the first failure at once, then, on the
// first failure or success a second or more after the last line, one
// line with the number of failures since it. A listener on the event
// loops also keeps at most one retry pending (see loopListener); the
// portable engine's accept goroutine is a single retry chain by nature.

// acceptFailures counts one listener's accepts and logs its failed ones.
// It is used by one goroutine at a time: the listener's actor on the
// event loops, the accept goroutine on the portable engine.
type acceptFailures struct {
	r        *Reactor
	ln       *listenerEntry // counts its accepts for Listeners
	log      *slog.Logger
	last     time.Time // when the last line was logged; zero before
	unlogged uint64    // failures since then
	err      error     // the last failure
}

// failed counts err, and logs it if the last line is a second old.
func (f *acceptFailures) failed(err error) {
	f.r.stats.acceptErrors.Add(1)
	f.unlogged++
	f.err = err
	f.flush(time.Now())
}

// succeeded counts an accepted connection, and logs the failures not
// logged yet if the last line is a second old.
func (f *acceptFailures) succeeded() {
	f.r.stats.accepted.Add(1)
	f.ln.accepted.Add(1)
	if f.unlogged != 0 {
		f.flush(time.Now())
	}
}

func (f *acceptFailures) flush(now time.Time) {
	if !f.last.IsZero() && now.Sub(f.last) < acceptLogEvery {
		return
	}
	f.log.Warn("actorio: accept failed", "error", f.err, "failures", f.unlogged)
	f.last, f.unlogged, f.err = now, 0, nil
}
