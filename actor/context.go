package actor

import (
	"context"
	"log/slog"
)

// Context is an actor's view of itself and the runtime, passed to its
// handler with every message. It is valid only inside the actor (its
// handler, hooks and continuations): never keep it for use from another
// goroutine; use Self to get a Ref that can be shared.
type Context[M any] proc[M]

func (c *Context[M]) proc() *proc[M] { return (*proc[M])(c) }

// Self returns a Ref to the actor itself.
func (c *Context[M]) Self() Ref[M] { return Ref[M]{p: c.proc()} }

// Parent returns the actor's parent. The parent of a top-level actor is
// the system's root, whose path is "/".
func (c *Context[M]) Parent() PID { return PID{c.parent} }

// System returns the system the actor runs in.
func (c *Context[M]) System() *System { return c.sys }

// Logger returns the system's logger with the actor's path attached.
func (c *Context[M]) Logger() *slog.Logger { return c.sys.log.With("actor", c.path()) }

// Stop stops the actor after the current message returns: its children
// stop, then it does, and its queued messages go to dead letters.
func (c *Context[M]) Stop() { c.proc().stop(nil) }

// StopChild asks a child to stop, as PID.Stop does. It returns ErrNotChild
// if pid is not a child of this actor.
func (c *Context[M]) StopChild(pid PID) error {
	if !c.isChild(pid.c) {
		return ErrNotChild
	}
	pid.Stop()
	return nil
}

// Children returns the actor's live children.
func (c *Context[M]) Children() []PID {
	kids := c.childList(false)
	out := make([]PID, len(kids))
	for i, k := range kids {
		out[i] = PID{k}
	}
	return out
}

// Watch asks to be told when the actor pid stops, for whatever reason:
// notify turns the Terminated into a message of this actor's type, which
// is handled at a message boundary like any other (ahead of the mailbox's
// queued messages). It is delivered exactly once, even if the actor had
// already stopped; watching the same actor again replaces notify. Watch
// does nothing for a zero pid or the actor itself.
func (c *Context[M]) Watch(pid PID, notify func(Terminated) M) {
	if pid.c == nil || pid.c == &c.cell {
		return
	}
	p := c.proc()
	x := p.extras()
	if x.watching == nil {
		x.watching = make(map[*cell]func(Terminated))
	}
	_, again := x.watching[pid.c]
	x.watching[pid.c] = func(t Terminated) {
		p.later(envelope[M]{x: &extra{call: func() { p.receive(notify(t)) }, value: t}})
	}
	if !again {
		pid.c.self.postSystem(sysWatch{watcher: &c.cell})
	}
}

// Unwatch stops watching pid. A Terminated for pid that has not been
// handled yet is discarded.
func (c *Context[M]) Unwatch(pid PID) {
	x := c.ext.Load()
	if x == nil || pid.c == nil {
		return
	}
	if _, ok := x.watching[pid.c]; !ok {
		return
	}
	delete(x.watching, pid.c)
	pid.c.self.postSystem(sysUnwatch{watcher: &c.cell})
	p := c.proc()
	if r := p.rare(); r != nil { // drop a notification already queued
		kept := r.replay[:0]
		for _, env := range r.replay {
			if t, ok := env.x.valueTerminated(); ok && t.Actor.c == pid.c {
				continue
			}
			kept = append(kept, env)
		}
		r.replay = kept
	}
}

func (x *extra) valueTerminated() (Terminated, bool) {
	if x == nil || x.call == nil {
		return Terminated{}, false
	}
	t, ok := x.value.(Terminated)
	return t, ok
}

// Become replaces the actor's handler with receive until Unbecome or a
// restart, for actors whose protocol has states.
func (c *Context[M]) Become(receive func(ctx *Context[M], msg M)) {
	c.proc().extra().behavior = receive
}

// Unbecome restores the actor's own Receive.
func (c *Context[M]) Unbecome() {
	if r := c.proc().rare(); r != nil {
		r.behavior = nil
	}
}

// Stash sets the current message aside, to be handled again after
// UnstashAll. Stashed messages survive a restart; if the actor stops, they
// go to dead letters.
func (c *Context[M]) Stash() { c.set(fStashReq, true) }

// UnstashAll puts the stashed messages back, in the order they were
// stashed, ahead of the messages still in the mailbox.
func (c *Context[M]) UnstashAll() {
	m := c.proc().rare()
	if m == nil || len(m.stash) == 0 {
		return
	}
	m.replay = append(m.stash, m.replay...)
	m.stash = nil
}

// Stashed returns the number of stashed messages.
func (c *Context[M]) Stashed() int {
	m := c.proc().rare()
	if m == nil {
		return 0
	}
	return len(m.stash)
}

// Context returns a context that is cancelled when the actor stops, for
// work started on its behalf (Blocking passes it to its function).
func (c *Context[M]) Context() context.Context {
	x := c.extras()
	if x.ctx == nil {
		x.ctx, x.cancel = context.WithCancel(context.Background())
	}
	return x.ctx
}
