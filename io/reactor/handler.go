package reactor

import "github.com/actorio/actorio/actor"

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
// and forwards to the user's Handler. One allocation holds both, and the
// same connActor serves every restart, with a new Handler each time.
type connActor[M any] struct {
	Conn
	h   Handler[M]
	ctx *actor.Context[M]
}

// newConnActor makes the actor of a connection on the portable engine's
// pc, or, with pc nil, on fd of loop l. cfg.newHandler is a NewHandler[M].
func newConnActor[M any](cfg *connConfig, pc *netConn, l *loop, fd int) *connActor[M] {
	a := &connActor[M]{}
	a.opts, a.pc = cfg, pc
	if pc == nil {
		a.fd.init(l, fd, &a.Conn)
	}
	return a
}

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
}

func (a *connActor[M]) Receive(ctx *actor.Context[M], msg M) {
	a.ctx = ctx
	a.h.Receive(ctx, msg)
	a.releaseInput()
}

func (a *connActor[M]) Started(ctx *actor.Context[M]) {
	a.ctx = ctx
	c := &a.Conn
	if c.state&stStarted == 0 {
		c.state |= stStarted
		actor.InitSignal[M](&c.signal, ctx, a)
		if err := c.start(); err != nil {
			c.closeWith(err)
		}
	}
	if h, ok := a.h.(actor.StartHook[M]); ok {
		h.Started(ctx)
	}
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
