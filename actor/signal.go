package actor

import (
	"context"
	"runtime/debug"
	"runtime/pprof"
	"sync/atomic"
)

// signalQueued is the bit of Signal.flags that says the signal's system
// message is on its way; it is never passed to the callback.
const signalQueued = 1 << 31

// A Signal wakes one actor from any goroutine and hands it a set of flags,
// coalescing: however many times it is raised before the actor gets to
// it, the actor runs its callback once, with the union of the flags raised
// meanwhile. A raise costs one atomic operation, plus one system message
// when none is already on its way; the callback runs inside the actor,
// between messages, where its state is safe to touch.
//
// Signals are how event sources that fire far more often than an actor
// can usefully react, such as socket readiness, reach it without filling
// its mailbox: the network reactor raises a Signal per connection.
//
// A raise that reaches a stopped actor is dropped: a Signal carries no
// message, only the news that something changed.
type Signal struct {
	flags  atomic.Uint32
	target *cell // its actor's
	h      any   // the SignalHandler[M] of NewSignal
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
// h is a failure of the actor. The Signal lives as long as the actor,
// across restarts.
func NewSignal[M any](c *Context[M], h SignalHandler[M]) *Signal {
	s := new(Signal)
	InitSignal(s, c, h)
	return s
}

// InitSignal makes s, a zero Signal the caller has embedded in a struct
// of its own, a Signal for the actor of c, as NewSignal does, saving an
// allocation and a pointer hop for a Signal raised very often. s must not
// be copied afterwards, nor initialised twice.
func InitSignal[M any](s *Signal, c *Context[M], h SignalHandler[M]) {
	s.target, s.h = &c.proc().cell, h
}

// run runs the callback with the flags raised since the last run; the
// next Raise posts again.
func (s *Signal) run() {
	if f := s.flags.Swap(0) &^ signalQueued; f != 0 {
		s.target.self.runSignal(s.h, f)
	}
}

func (p *proc[M]) runSignal(h any, flags uint32) {
	h.(SignalHandler[M]).HandleSignal(p.ctx(), flags)
}

// Raise adds flags (bit 31 is ignored) and makes sure the actor runs its
// callback after this call. It never blocks and is safe from any
// goroutine, the actor's own included.
func (s *Signal) Raise(flags uint32) {
	flags &^= signalQueued
	if flags == 0 {
		return
	}
	if s.flags.Load()&(flags|signalQueued) == flags|signalQueued {
		return // all raised already, and the callback has yet to run
	}
	if old := s.flags.Or(flags | signalQueued); old&signalQueued == 0 {
		s.target.self.postSystem(sysSignal{s})
	}
}

// RaiseHere raises flags as Raise does, and if the actor is idle, runs its
// turn at once on the calling goroutine instead of handing it to a
// dispatcher worker: the callback, and any messages already queued, up to
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
func (s *Signal) RaiseHere(h *Host, flags uint32) bool {
	flags &^= signalQueued
	if flags == 0 {
		return true
	}
	if s.flags.Load()&(flags|signalQueued) == flags|signalQueued {
		return true
	}
	if old := s.flags.Or(flags | signalQueued); old&signalQueued == 0 {
		return s.target.self.signalHere(h, s)
	}
	return true
}

// signalHere runs the actor's turn here, on Host h, s first, if the actor
// was idle, without queueing anything; otherwise it posts s as Raise
// does. It reports whether h is still the caller's (see RaiseHere).
func (p *proc[M]) signalHere(h *Host, s *Signal) bool {
	if p.is(fDedicated) || !p.mb.Claim() {
		p.postSystem(sysSignal{s}) // its own goroutine, or busy, or closed
		return true
	}
	if p.sys.opts.ProfilerLabels {
		pprof.SetGoroutineLabels(p.labels())
		defer pprof.SetGoroutineLabels(context.Background())
	}
	h.enter(&p.cell)
	more := p.turnWith(nil, s)
	kept := h.leave()
	if more {
		p.Schedule()
	}
	return kept
}

// signalled handles a raised s inside the actor and returns the number of
// runs to count as messages (0 or 1).
func (p *proc[M]) signalled(s *Signal) int {
	switch {
	case p.is(fStopping):
		return 0 // on its way out: the news no longer matters
	case p.is(fRestarting) || p.mb.Suspended():
		p.later(envelope[M]{x: &extra{signal: true, value: s}}) // after the supervisor's decision
		return 0
	case p.runSignalNow(s):
		return 1
	}
	return 0
}

// signalFailed stands for a Signal's run in fail: there is no message to
// dead-letter.
var signalFailed = &extra{signal: true}

// runSignalNow runs s inside the actor, turning a panic into a failure as
// invoke does for a message. It reports whether the callback returned.
func (p *proc[M]) runSignalNow(s *Signal) (ok bool) {
	defer func() {
		if v := recover(); v != nil {
			p.set(fStashReq, false)
			p.fail(envelope[M]{x: signalFailed}, &PanicError{Actor: p.path(), Value: v, Stack: debug.Stack()})
		}
	}()
	s.run()
	return true
}
