package actor

import (
	"runtime/debug"
	"sync/atomic"
)

// signalQueued is the bit of Signal.flags that says the signal is on its
// way to its actor, queued or held by a Host; it is never passed to the
// handler.
const signalQueued = 1 << 31

// A Signal wakes one actor from any goroutine and hands it a set of flags,
// coalescing: however many times it is raised before the actor gets to
// it, the actor runs its handler once, with the union of the flags raised
// meanwhile. A raise costs one atomic operation, plus one system message
// when none is already on its way; the handler runs inside the actor,
// between messages, where its state is safe to touch.
//
// Signals are how event sources that fire far more often than an actor
// can usefully react, such as socket readiness, reach it without filling
// its mailbox: the network reactor raises a Signal per connection.
//
// A Signal is typed by its actor's message type, as a Ref is: it holds
// its actor and its SignalHandler[M] as they are, and its run calls the
// handler directly. Make one with NewSignal, or InitSignal for one
// embedded in a struct; a zero Signal must not be raised.
//
// A raise that reaches a stopped actor is dropped: a Signal carries no
// message, only the news that something changed.
type Signal[M any] struct {
	flags atomic.Uint32 // raised since the last run, and signalQueued
	p     *proc[M]      // its actor
	h     SignalHandler[M]
}

// SignalHandler handles the runs of a Signal, inside its actor: flags
// is the union of the flags raised since the last run.
type SignalHandler[M any] interface {
	HandleSignal(ctx *Context[M], flags uint32)
}

// SignalFunc adapts a function to a SignalHandler.
type SignalFunc[M any] func(ctx *Context[M], flags uint32)

// HandleSignal calls f(ctx, flags).
func (f SignalFunc[M]) HandleSignal(ctx *Context[M], flags uint32) { f(ctx, flags) }

// NewSignal makes a Signal for the actor of c; h runs inside that actor
// with the flags raised since its last run (never zero, and never with
// bit 31, which Signal reserves); a SignalFunc adapts a function. Each
// run counts as one message for the turn's budget and for Metrics,
// resets the receive timeout, and is supervised like Receive: a panic in
// h is a failure of the actor. A run raised while the actor is suspended
// (its failure being supervised) or restarting waits until it resumes;
// one raised while it is stopping, or after, is dropped. The Signal
// lives as long as the actor, across restarts.
func NewSignal[M any](c *Context[M], h SignalHandler[M]) *Signal[M] {
	s := new(Signal[M])
	InitSignal(s, c, h)
	return s
}

// InitSignal makes s, a zero Signal the caller has embedded in a struct
// of its own, a Signal for the actor of c, as NewSignal does, saving an
// allocation and a pointer hop for a Signal raised very often. s must not
// be copied afterwards, nor initialised twice.
func InitSignal[M any](s *Signal[M], c *Context[M], h SignalHandler[M]) {
	s.p, s.h = c.proc(), h
}

// Raise adds flags (bit 31 is ignored) and makes sure the actor runs its
// handler after this call. It never blocks and is safe from any
// goroutine, the actor's own included.
func (s *Signal[M]) Raise(flags uint32) {
	if s.raise(flags) {
		s.p.postSystem(s)
	}
}

// RaiseHere raises flags as Raise does, and if the actor is idle, runs its
// turn at once on the calling goroutine instead of handing it to a
// dispatcher worker: the handler, and any messages already queued, up to
// the turn's budget; what is left goes to the dispatcher. It saves a
// goroutine switch per event for an event source that has a goroutine of
// its own, such as a network event loop, at the price of running the
// actor's handler there: a handler that blocks holds up that goroutine.
//
// h is the calling goroutine's Host (see System.NewHost), under which the
// system watches the turn. RaiseHere reports false if h was retired
// while the turn ran here (Host.Retire): the goroutine should then Close
// h and leave its other work to the goroutine that took over.
//
// Call it only from a goroutine of your own that waits for nothing the
// actor might do, never from an actor's handler: use Raise there.
func (s *Signal[M]) RaiseHere(h *Host, flags uint32) bool {
	if !s.raise(flags) {
		return true
	}
	return s.p.runHere(h, s)
}

// raise adds flags and reports whether the caller must now deliver s to
// its actor: it was not on its way already.
func (s *Signal[M]) raise(flags uint32) bool {
	flags &^= signalQueued
	if flags == 0 {
		return false
	}
	if s.flags.Load()&(flags|signalQueued) == flags|signalQueued {
		return false // all raised already, and the handler has yet to run
	}
	return s.flags.Or(flags|signalQueued)&signalQueued == 0
}

// run runs the handler with the flags raised since the last run; the
// next raise delivers s again.
func (s *Signal[M]) run() {
	if f := s.flags.Swap(0) &^ signalQueued; f != 0 {
		s.h.HandleSignal(s.p.ctx(), f)
	}
}

// signalled handles s, delivered to its actor as a system message or held
// by the Host running the turn (see runHere), and returns the number of
// runs to count as messages (0 or 1).
func (p *proc[M]) signalled(s *Signal[M]) int {
	switch {
	case p.is(fStopping):
		return 0 // on its way out: the news no longer matters
	case p.is(fRestarting) || p.mb.Suspended():
		p.later(envelope[M]{x: &extra{signal: true, call: s.run}}) // after the supervisor's decision
		return 0
	case p.runSignal(s):
		return 1
	}
	return 0
}

// signalFailed stands for a Signal's run in fail: there is no message to
// dead-letter.
var signalFailed = &extra{signal: true}

// runSignal runs s inside the actor, turning a panic into a failure as
// invoke does for a message. It reports whether the handler returned.
func (p *proc[M]) runSignal(s *Signal[M]) (ok bool) {
	defer func() {
		if v := recover(); v != nil {
			p.set(fStashReq, false)
			p.fail(envelope[M]{x: signalFailed}, &PanicError{Actor: p.path(), Value: v, Stack: debug.Stack()})
		}
	}()
	s.run()
	return true
}
