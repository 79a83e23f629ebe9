package actor

// Actor handles the messages of type M sent to it, one at a time. The
// runtime never calls Receive concurrently for one actor, so an Actor's
// fields need no locking.
type Actor[M any] interface {
	Receive(ctx *Context[M], msg M)
}

// ReceiveFunc adapts a function to an Actor.
type ReceiveFunc[M any] func(ctx *Context[M], msg M)

// Receive calls f(ctx, msg).
func (f ReceiveFunc[M]) Receive(ctx *Context[M], msg M) { f(ctx, msg) }

// Lifecycle hooks. An Actor may implement any of them; each runs inside
// the actor, like Receive, and a panic in one is a failure of the actor.

// StartHook is implemented by actors that want to know when they start:
// Started runs before the first message, after Spawn and after each
// restart.
type StartHook[M any] interface{ Started(ctx *Context[M]) }

// StoppingHook is implemented by actors that want to know when they begin
// to stop, before their children are stopped.
type StoppingHook[M any] interface{ Stopping(ctx *Context[M]) }

// StoppedHook is implemented by actors that want to know when they have
// stopped: Stopped runs after every child has stopped, just before the
// actor's remaining messages go to dead letters.
type StoppedHook[M any] interface{ Stopped(ctx *Context[M]) }

// RestartHook is implemented by actors that want to know when their
// supervisor restarts them: Restarting runs on the old instance, with the
// failure that caused the restart, before its children are stopped.
type RestartHook[M any] interface {
	Restarting(ctx *Context[M], cause error)
}

// Terminated tells a watcher that an actor it watches has stopped. Reason
// is nil for a normal stop, or the failure that made its supervisor stop
// it.
type Terminated struct {
	Actor  PID
	Reason error
}

// Poison is what a dead-lettered poison pill looks like on the event
// stream; see Ref.Poison.
type Poison struct{}
