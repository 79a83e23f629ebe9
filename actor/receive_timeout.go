package actor

import (
	"math"
	"sync/atomic"
	"time"

	"github.com/actorio/actorio/timer"
)

// SetReceiveTimeout makes the actor receive msg whenever it has received
// no message for d: once per idle period, until the next message re-arms
// it. Messages from the actor's own timers (After, Every and this
// timeout) and continuations (Await, Blocking, Watch) do not count as
// received; a handler running longer than d does not count as idle. The
// timeout fires within one timer tick (plus scheduling delay) after the
// actor has been idle for d, never before.
//
// Calling it again replaces the timeout, and d <= 0 cancels it; a timeout
// message already queued is then discarded. It is cancelled when the actor
// stops or restarts (a restarted instance may set its own in its Started
// hook).
//
// It costs nothing to an actor that does not use it. An actor that does
// pays one clock read per turn that handled messages, not a timer reset per
// message: the turn records when it ended, and when the timer fires it
// re-arms itself for the remainder if the actor was not idle for all of d.
func (c *Context[M]) SetReceiveTimeout(d time.Duration, msg M) {
	p := c.proc()
	if x := p.ext.Load(); x != nil && x.timers != nil && x.timers.idle != nil {
		x.timers.idle.st.cancel()
		x.timers.idle = nil
	}
	if d <= 0 {
		return
	}
	ts := p.timerState()
	if ts == nil {
		return
	}
	it := &idleTimer{d: d, start: time.Now()}
	it.st.init(kindIdle)
	it.post = func() { _ = p.mb.Post(p, envelope[M]{msg: msg, x: &it.st.x}) }
	// Create the wheel timer far in the future and only then arm it:
	// fire, which may run as soon as it is armed, reads it.t.
	t := p.sys.timers.AfterFunc(math.MaxInt64, it.fire)
	it.t, it.st.wheel = t, t
	t.Reset(d) // phase is idleArmed
	ts.idle = it
}

// idleTimer returns the actor's receive timeout, or nil. Called on the
// actor's turn.
func (c *cell) idleTimer() *idleTimer {
	if x := c.ext.Load(); x != nil && x.timers != nil {
		return x.timers.idle
	}
	return nil
}

// idleTimer is a receive timeout. Its wheel timer is armed while the actor
// may be idle; when it fires it checks when the actor last handled a
// message, and either posts the timeout message (then waits for the next
// message to arm it again) or re-arms for the rest of d. If a turn is
// running, fire leaves the timer to the turn, which re-arms it when it
// ends: a long handler costs no wake-ups, and the timeout is not late.
//
// phase is the hand-off between the driver and the actor. fire opens it
// before it looks at busy and last; a turn sets last and clears busy
// before it tries to close it. Whoever moves it out of idleOpen arms the
// wheel timer or posts the message, so that happens exactly once, and a
// message handled after fire's check arms the timeout for the next idle
// period.
type idleTimer struct {
	st    selfTimer
	d     time.Duration
	start time.Time    // epoch of last
	last  atomic.Int64 // when a turn last handled a message, since start
	busy  atomic.Bool  // a turn is running
	phase atomic.Uint32
	t     *timer.Timer
	post  func() // sends the timeout message
}

// Phases of an idleTimer.
const (
	idleArmed  uint32 = iota // t is pending
	idleOpen                 // fire is deciding, or left the decision to the turn
	idlePosted               // the message was posted; the next message re-arms
)

func (it *idleTimer) now() int64 { return int64(time.Since(it.start)) }

// fire runs on a timer driver when the wheel timer fires.
func (it *idleTimer) fire() {
	if it.st.state.Load() != stArmed {
		return
	}
	it.phase.Store(idleOpen)
	if it.busy.Load() {
		return // turnEnded re-arms
	}
	if idle := time.Duration(it.now() - it.last.Load()); idle < it.d {
		if it.phase.CompareAndSwap(idleOpen, idleArmed) {
			it.arm(it.d - idle)
		}
		return
	}
	if it.phase.CompareAndSwap(idleOpen, idlePosted) {
		it.post()
	}
}

// arm resets the wheel timer. cancel sets the state before it stops the
// timer, and arm resets the timer before it reads the state, so a timeout
// cancelled meanwhile is never left armed.
func (it *idleTimer) arm(d time.Duration) {
	it.t.Reset(d)
	if it.st.state.Load() != stArmed {
		it.t.Stop()
	}
}

// turnStarted and turnEnded bracket each turn of the actor while the
// timeout is set; handled says whether the turn handled a message that
// counts. Unless fire has run meanwhile, turnEnded only records the time.
func (it *idleTimer) turnStarted() { it.busy.Store(true) }

func (it *idleTimer) turnEnded(handled bool) {
	if handled {
		it.last.Store(it.now())
	}
	it.busy.Store(false)
	switch it.phase.Load() {
	case idleArmed:
	case idleOpen:
		if it.phase.CompareAndSwap(idleOpen, idleArmed) {
			it.arm(it.d - time.Duration(it.now()-it.last.Load()))
		}
	case idlePosted:
		if handled && it.phase.CompareAndSwap(idlePosted, idleArmed) {
			it.arm(it.d)
		}
	}
}
