package reactor

import (
	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/io/netpoll"
)

// Handler is the behaviour of a connection's actor. Receive handles the
// messages of type M that other actors send to the connection (through
// the actor.Ref[M] that Dial and Adopt return, or that the handler shares
// with ctx.Self()); HandleIO handles the connection's events. Both run
// inside the actor, one at a time, so a Handler's fields need no locking.
//
// A Handler may also implement actor.StartHook[M], actor.StoppingHook[M]
// and actor.StoppedHook[M]; Closed reaches HandleIO before Stopping.
//
// The connection's actor is supervised by its parent: a panic in the
// handler is a failure like any other. Connections accepted by a Listener
// are stopped on failure (the panicking connection closes, the others go
// on); under another parent, a restart makes a new Handler for the same
// connection.
type Handler[M any] interface {
	actor.Actor[M]
	HandleIO(ctx *actor.Context[M], ev Event)
}

// NewHandler makes the handler of a new connection, or of its restarted
// actor. It runs inside the actor; c is valid for the actor's lifetime.
type NewHandler[M any] func(c *Conn) Handler[M]

// connActor is the actor of a connection: it runs the Conn's machinery
// and forwards to the user's Handler. One allocation holds the Conn, the
// actor's Signal and the Handler, and the same connActor serves every
// restart, with a new Handler each time.
//
// It is the connection's pollable on either engine: the event loop hands
// it readiness, which it raises with RaiseHere, and the Conn raises the
// Signal through it.
type connActor[M any] struct {
	Conn
	sig actor.Signal[M] // once stStarted
	h   Handler[M]
	ctx *actor.Context[M]
}

// newConnActor makes the actor of a connection on the portable engine's
// pc, or, with pc nil, on fd of loop l. cfg.newHandler is a NewHandler[M].
func newConnActor[M any](cfg *connConfig, pc *netConn, l *loop, fd int) *connActor[M] {
	a := &connActor[M]{}
	a.opts, a.pc = cfg, pc
	a.fd.init(l, fd, a) // the portable engine too: a is how Conn raises
	return a
}

// pollEvent implements pollable: the loop's events for the connection,
// on the loop goroutine, Host h, which runs the actor's turn if it is
// idle. It reports false if h was retired during the turn.
func (a *connActor[M]) pollEvent(h *actor.Host, ev netpoll.Event) bool {
	if f := a.fd.eventFlags(ev); f != 0 {
		return a.sig.RaiseHere(h, f)
	}
	return true
}

// raise implements raiser.
func (a *connActor[M]) raise(flags uint32) { a.sig.Raise(flags) }

// spawn starts the actor under parent. If it cannot, the transport is
// closed.
func (a *connActor[M]) spawn(parent actor.Parent) (actor.Ref[M], error) {
	ref, err := actor.Spawn(parent, a.produce, actor.WithMailbox(a.opts.Mailbox))
	if err != nil {
		a.t().close(nil, 0)
	}
	return ref, err
}

func (a *connActor[M]) produce() actor.Actor[M] {
	a.h = a.opts.newHandler.(NewHandler[M])(&a.Conn)
	return a
}

// HandleSignal implements actor.SignalHandler: the connection's events.
func (a *connActor[M]) HandleSignal(ctx *actor.Context[M], flags uint32) {
	a.ctx = ctx
	a.handle(flags, a)
	a.releaseInput()
	a.publish()
}

func (a *connActor[M]) Receive(ctx *actor.Context[M], msg M) {
	a.ctx = ctx
	a.h.Receive(ctx, msg)
	a.releaseInput()
	a.publish()
}

func (a *connActor[M]) Started(ctx *actor.Context[M]) {
	a.ctx = ctx
	c := &a.Conn
	if c.state&stStarted == 0 {
		c.state |= stStarted
		actor.InitSignal(&a.sig, ctx, a)
		if err := c.start(); err != nil {
			c.closeWith(err)
		}
	}
	if h, ok := a.h.(actor.StartHook[M]); ok {
		h.Started(ctx)
	}
	a.publish()
}

func (a *connActor[M]) Stopping(ctx *actor.Context[M]) {
	a.ctx = ctx
	err := actor.ErrStopped
	if a.state&stClosing != 0 {
		err = a.closeErr() // closing already, and stopped before it said so
	}
	a.deliverClosed(a, err)
	if h, ok := a.h.(actor.StoppingHook[M]); ok {
		h.Stopping(ctx)
	}
}

func (a *connActor[M]) Stopped(ctx *actor.Context[M]) {
	a.ctx = ctx
	if h, ok := a.h.(actor.StoppedHook[M]); ok {
		h.Stopped(ctx)
	}
	a.finish()
}

func (a *connActor[M]) deliver(ev Event) { a.h.HandleIO(a.ctx, ev) }
func (a *connActor[M]) stop()            { a.ctx.Stop() }
