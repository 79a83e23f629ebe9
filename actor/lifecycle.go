package actor

import (
	"context"
	"fmt"
	"time"

	"github.com/actorio/actorio/futures"
)

// System messages. A raised Signal is its own: the *Signal[M] itself.
type (
	sysStop    struct{ reason error } // reason nil: a normal stop
	sysFailure struct {
		child *cell
		err   error
	}
	sysDirective struct {
		d     Directive
		cause error
	}
	sysWatch      struct{ watcher *cell }
	sysUnwatch    struct{ watcher *cell }
	sysTerminated struct {
		who    *cell
		reason error
	}
	sysChildStopped struct{} // the last child has left
	sysCall         struct {
		fn    func()
		value any
		ctx   context.Context // the message context it runs in, or nil
	} // a continuation
)

// processSystem handles every queued system message, stopping early if one
// of them closes the actor. It returns the number of Signal callbacks it
// ran, which count as messages.
func (p *proc[M]) processSystem() (signals int) {
	batch := p.mb.TakeSystem()
	for {
		m, ok := batch.Next()
		if !ok {
			return signals
		}
		if p.is(fClosed) { // the rest are no longer the mailbox's to hand over
			p.Closed(m)
			continue
		}
		switch m := m.(type) {
		case sysStop:
			p.stop(m.reason)
		case sysFailure:
			p.supervise(m.child, m.err)
		case sysDirective:
			p.direct(m.d, m.cause)
		case sysWatch:
			x := p.extras()
			if x.watchers == nil {
				x.watchers = make(map[*cell]struct{})
			}
			x.watchers[m.watcher] = struct{}{}
			x.nwatchers.Store(int32(len(x.watchers)))
		case sysUnwatch:
			if x := p.ext.Load(); x != nil {
				delete(x.watchers, m.watcher)
				x.nwatchers.Store(int32(len(x.watchers)))
			}
		case sysTerminated:
			if x := p.ext.Load(); x != nil {
				if notify, ok := x.watching[m.who]; ok {
					delete(x.watching, m.who)
					notify(Terminated{Actor: PID{m.who}, Reason: m.reason})
				}
			}
		case sysChildStopped:
			// The last child has left (see cell.leave); a stale notice
			// finds children again, or flags no longer waiting.
			if p.childCount() == 0 {
				switch {
				case p.is(fStopping):
					p.finish()
				case p.is(fRestarting):
					p.completeRestart()
				}
			}
		case sysCall:
			p.later(envelope[M]{x: &extra{call: m.fn, value: m.value, ctx: m.ctx}})
		case *Signal[M]:
			signals += p.signalled(m)
		}
	}
}

// later queues an envelope to run at the next message boundary, ahead of
// the mailbox (after any earlier such envelopes).
func (p *proc[M]) later(env envelope[M]) {
	m := p.extra()
	m.replay = append(m.replay, env)
}

// stop begins stopping: no more user messages, children are stopped, and
// once they all have, the actor closes.
func (p *proc[M]) stop(reason error) {
	if p.is(fStopping) || p.is(fClosed) {
		return
	}
	p.set(fStopping, true)
	p.set(fRestarting, false)
	if reason != nil {
		p.extras().stopReason = reason
	}
	p.mb.Suspend()
	p.cancelTimers() // none of their messages reaches the stopped actor
	if h, ok := p.instance().(StoppingHook[M]); ok {
		p.hook(func() { h.Stopping(p.ctx()) })
	}
	p.runCleanups()
	if !p.stopChildren(true) {
		p.finish()
	}
}

// stopChildren sends a stop to every child and reports whether there were
// any. seal forbids new children.
func (p *proc[M]) stopChildren(seal bool) bool {
	kids := p.childList(seal)
	for _, k := range kids {
		k.self.postSystem(sysStop{})
	}
	return len(kids) > 0
}

// finish closes a stopping actor whose children have all stopped.
func (p *proc[M]) finish() {
	if h, ok := p.instance().(StoppedHook[M]); ok {
		p.hook(func() { h.Stopped(p.ctx()) })
	}
	p.runCleanups() // those the Stopped hook registered
	x := p.ext.Load()
	if m := p.rare(); m != nil {
		if len(m.owned) > 0 {
			broken := fmt.Errorf("%w: actor %s stopped", futures.ErrBrokenPromise, p.path())
			for _, r := range m.owned {
				_ = r.Reject(broken)
			}
			m.owned = nil
		}
		for _, env := range append(m.stash, m.replay...) {
			if _, ok := env.x.valueTerminated(); !ok { // nobody waits for those
				p.DeadLetter(env, ErrStopped)
			}
		}
		m.stash, m.replay = nil, nil
		m.behavior = nil
	}
	if x != nil {
		if x.cancel != nil {
			x.cancel()
		}
		if x.name != "" {
			p.sys.unregister(x.name, &p.cell)
		}
	}
	p.set(fClosed, true)
	p.mb.Close(p)
	if x != nil {
		for w := range x.watchers {
			w.self.postSystem(sysTerminated{who: &p.cell, reason: x.stopReason})
		}
		x.watchers = nil
		x.nwatchers.Store(0)
		for who := range x.watching {
			who.self.postSystem(sysUnwatch{watcher: &p.cell})
		}
		x.watching = nil
	}
	if p.parent != nil {
		p.sys.stats.stopped.Add(1)
		if p.parent.leave(&p.cell) {
			p.parent.self.postSystem(sysChildStopped{})
		}
	} else {
		close(p.sys.rootDone)
	}
}

// direct applies a supervisor's directive to this actor.
func (p *proc[M]) direct(d Directive, cause error) {
	if p.is(fStopping) || p.is(fClosed) {
		return
	}
	switch d {
	case Resume:
		p.mb.Resume()
		if x := p.ext.Load(); x != nil && x.escalated != nil {
			x.escalated.self.postSystem(sysDirective{d: Resume})
			x.escalated = nil
		}
	case Restart:
		if p.is(fRestarting) {
			return
		}
		p.set(fRestarting, true)
		p.mb.Suspend()
		p.cancelTimers() // the old instance's timers do not reach the new one
		p.extra().cause = cause
		if h, ok := p.instance().(RestartHook[M]); ok {
			p.hook(func() { h.Restarting(p.ctx(), cause) })
		}
		p.runCleanups()
		if !p.stopChildren(false) {
			p.completeRestart()
		}
	}
}

// completeRestart replaces the actor with a fresh instance once the old
// instance's children have stopped.
func (p *proc[M]) completeRestart() {
	p.runCleanups() // those registered while the children stopped
	p.set(fRestarting, false)
	if m := p.rare(); m != nil {
		m.behavior, m.cause = nil, nil
	}
	if x := p.ext.Load(); x != nil {
		x.escalated = nil
	}
	if m := p.more; m != nil && m.producer != nil {
		var err error
		func() {
			defer func() {
				if v := recover(); v != nil {
					err = fmt.Errorf("actor %s: producer panicked: %v", p.path(), v)
				}
			}()
			a := m.producer.make()
			if a == nil {
				err = fmt.Errorf("%w: actor %s: producer returned nil", ErrInvalidOption, p.path())
				return
			}
			p.become(a)
		}()
		if err != nil {
			p.parent.self.postSystem(sysFailure{child: &p.cell, err: err})
			return
		}
	}
	p.sys.stats.restarted.Add(1)
	p.extras().nrestarts.Add(1)
	p.mb.Resume()
	p.start()
}

// supervise decides what happens to a failed child.
func (p *proc[M]) supervise(child *cell, err error) {
	if !p.isChild(child) || p.is(fStopping) || p.is(fClosed) {
		return
	}
	s := p.strategy()
	x := child.extras()
	d, delay, err := s.decideFor(err, &x.restarts, time.Now())
	p.sys.publish(Failure{Actor: PID{child}, Err: err, Directive: d})
	p.sys.log.Warn("actorio: supervising a failure", "actor", child.path(), "directive", d.String(), "err", err)

	targets := []*cell{child}
	if s.allForOne && (d == Restart || d == Stop) {
		targets = p.childList(false)
	}
	switch d {
	case Resume:
		child.self.postSystem(sysDirective{d: Resume})
	case Restart:
		for _, k := range targets {
			msg := sysDirective{d: Restart, cause: err}
			if delay > 0 {
				p.sys.after(delay, func() { k.self.postSystem(msg) })
			} else {
				k.self.postSystem(msg)
			}
		}
	case Stop:
		for _, k := range targets {
			k.self.postSystem(sysStop{reason: err})
		}
	case Escalate:
		if p.parent == nil { // the root: nobody above to ask
			p.sys.log.Error("actorio: failure escalated to the top, stopping the subtree", "actor", child.path(), "err", err)
			child.self.postSystem(sysStop{reason: err})
			return
		}
		p.extras().escalated = child
		p.mb.Suspend()
		p.parent.self.postSystem(sysFailure{child: &p.cell, err: err})
	}
}

func (p *proc[M]) strategy() *Strategy {
	if x := p.ext.Load(); x != nil && x.strategy != nil {
		return x.strategy
	}
	if p.parent == nil {
		return p.sys.opts.Supervisor
	}
	return &defaultStrategy
}

var defaultStrategy = OneForOne()
