package actor

import (
	"context"
	"errors"

	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/mailbox"
)

// Ref is a typed reference to an actor that takes messages of type M. It
// is a small value, safe to copy and to use from any goroutine. The zero
// Ref refers to no actor; its methods return ErrNoActor.
//
// # Stop and Poison
//
// There are two ways to stop an actor from outside. Stop is a system
// message: it overtakes queued messages, the actor finishes the message
// it is handling and stops, and its queued messages go to dead letters
// with reason ErrStopped. Poison is an ordinary message: it waits its turn
// behind the messages already queued, which are processed first, and then
// stops the actor the same way. Either way the actor's children stop
// before it does, and its watchers get a Terminated.
//
// A Ref may also refer to an actor outside this process, through a
// transport such as package remote (see External); its methods then do
// what the transport can do and say so in their errors.
type Ref[M any] struct {
	p *proc[M]
	x *cell // an External's cell when p is nil
}

// Send queues msg for the actor. It never blocks. It returns nil if the
// message was queued, or an error if it was refused: ErrStopped if the
// actor has stopped, or one wrapping mailbox.ErrMailboxFull from a full
// bounded mailbox whose policy is Fail or Block. A refused message is
// also reported as a DeadLetter. A queued message is either processed or,
// if the actor stops first, reported as a DeadLetter.
func (r Ref[M]) Send(msg M) error {
	if r.p == nil {
		return r.external(nil, msg, nil)
	}
	return mapErr(r.p.mb.Post(r.p, envelope[M]{msg: msg}))
}

// external delivers msg to an external actor or through an adapter, or
// fails for the zero Ref. ctx is SendContext's, or nil.
func (r Ref[M]) external(ctx context.Context, msg M, reply futures.Rejecter) error {
	if r.x == nil {
		return ErrNoActor
	}
	if a, ok := adapterOf(r.x); ok {
		return a.send.(sendFunc[M])(ctx, msg, reply)
	}
	return r.x.external().Deliver(msg, reply)
}

// SendContext is Send with a context. The context travels with the
// message: its handler reads it with Context.MessageContext, which is how
// values such as a trace follow a message from actor to actor (sending
// context.Background() carries nothing and costs nothing more than Send).
// And a full mailbox with the mailbox.Block policy makes SendContext wait
// for room until ctx is done (the message then goes to dead letters and
// ctx.Err() is returned). Called from inside an actor it never waits and
// fails as Send does: a worker must never block. For an external actor it
// is Send: a transport to another process does not carry the context.
func (r Ref[M]) SendContext(ctx context.Context, msg M) error {
	if r.p == nil {
		return r.external(ctx, msg, nil)
	}
	env := envelope[M]{msg: msg}
	if c := carried(ctx); c != nil {
		env.x = &extra{ctx: c}
	}
	return mapErr(r.p.mb.PostWait(ctx, r.p, env))
}

// SendRequest is Send for a request whose reply goes to a promise, as
// futures.Ask sends it. If the request is dead-lettered, the promise is
// rejected with the reason; if the actor stops after taking the request
// but before completing the promise, the promise is rejected with an
// error wrapping futures.ErrBrokenPromise. Either way the asker never
// waits for nothing.
func (r Ref[M]) SendRequest(msg M, reply futures.Rejecter) error {
	if r.p == nil {
		return r.external(nil, msg, reply)
	}
	return mapErr(r.p.mb.Post(r.p, envelope[M]{msg: msg, x: &extra{reply: reply}}))
}

// Crowded reports whether the actor is falling behind: its mailbox holds
// at least its high watermark of user messages (mailbox.Config.HighWater,
// set with WithMailbox). A sender that can hold back, such as a network
// connection that can stop reading, should stop sending to the actor
// until Ready completes; see Ready. Crowded is false for an actor spawned
// without watermarks, for a stopped actor and for the zero Ref. It reads
// a few atomic counters and never blocks. For an external actor it is
// what its transport says (see ExternalBackpressure), or false.
func (r Ref[M]) Crowded() bool {
	if r.p == nil {
		if a, ok := r.adapter(); ok {
			return a.target.Crowded()
		}
		b, ok := r.backpressure()
		return ok && b.Crowded()
	}
	return r.p.mb.Crowded()
}

// adapter returns the adapter behind r, if Adapt made r.
func (r Ref[M]) adapter() (*adapterCell, bool) {
	if r.x == nil {
		return nil, false
	}
	return adapterOf(r.x)
}

// backpressure returns the backpressure of an external actor's transport.
func (r Ref[M]) backpressure() (ExternalBackpressure, bool) {
	if r.x == nil {
		return nil, false
	}
	b, ok := r.x.external().(ExternalBackpressure)
	return b, ok
}

// Ready returns a future that completes once the actor has caught up: its
// mailbox holds no more than its low watermark (mailbox.Config.LowWater)
// at the end of one of its turns. It completes at once if that is already
// so, for an actor without watermarks and for the zero Ref, and when the
// actor stops (sends then fail as usual). For an external actor it
// completes when its transport has room (see ExternalBackpressure), or at
// once. It never fails. Inside an
// actor, wait for it with Await, never by blocking:
//
//	if room.Crowded() {
//		conn.PauseReading() // io/reactor: the peer slows down, not memory
//		actor.Await(ctx, room.Ready(), func(struct{}, error) { conn.ResumeReading() })
//	}
func (r Ref[M]) Ready() futures.Future[struct{}] {
	if r.p == nil {
		if a, ok := r.adapter(); ok {
			return a.target.Ready()
		}
		b, ok := r.backpressure()
		if !ok {
			return futures.Resolved(struct{}{})
		}
		promise, f := futures.NewPromise[struct{}]()
		b.WhenReady(func() { _ = promise.Resolve(struct{}{}) })
		return f
	}
	promise, f := futures.NewPromise[struct{}]()
	r.p.mb.WhenReady(func() { _ = promise.Resolve(struct{}{}) })
	return f
}

// Stop asks the actor to stop after the message it is handling; see the
// type's documentation. It does not wait. Stopping a stopped actor does
// nothing.
func (r Ref[M]) Stop() { r.PID().Stop() }

// Poison queues a message that stops the actor once the messages queued
// before it have been processed; see the type's documentation. It is
// subject to the mailbox's overflow policy like any message.
func (r Ref[M]) Poison() error {
	if r.p == nil {
		if r.x == nil {
			return ErrNoActor
		}
		if a, ok := adapterOf(r.x); ok {
			return a.target.Poison()
		}
		return r.x.external().Poison()
	}
	return mapErr(r.p.mb.Post(r.p, envelope[M]{x: poisonPill}))
}

// PID returns the untyped identity of the actor (for a Ref made by
// Adapt, the adapted actor's).
func (r Ref[M]) PID() PID {
	if r.p == nil {
		if a, ok := r.adapter(); ok {
			return a.target.PID()
		}
		return PID{r.x}
	}
	return PID{&r.p.cell}
}

// IsZero reports whether r refers to no actor.
func (r Ref[M]) IsZero() bool { return r.p == nil && r.x == nil }

// String returns the actor's path.
func (r Ref[M]) String() string { return r.PID().String() }

func mapErr(err error) error {
	if err != nil && errors.Is(err, mailbox.ErrClosed) {
		return ErrStopped
	}
	return err
}

// PID is the untyped identity of an actor of any message type: enough to
// watch it, stop it, compare it and print it. Sending to it is checked
// only at run time (see PID.Send); RefOf gives a typed Ref. Two PIDs are
// equal if they refer to the same actor. The zero PID refers to no
// actor.
type PID struct{ c *cell }

// Stop asks the actor to stop, as Ref.Stop does.
func (p PID) Stop() {
	if p.c != nil {
		p.c.self.postSystem(sysStop{})
	}
}

// Name returns the name the actor was spawned with, or "".
func (p PID) Name() string {
	if p.c == nil {
		return ""
	}
	return p.c.name()
}

// String returns the actor's path, such as "/parent/$12" for an unnamed
// child of a top-level actor named "parent", or "/" for the system's root.
func (p PID) String() string {
	if p.c == nil {
		return "<none>"
	}
	return p.c.path()
}

// IsZero reports whether p refers to no actor.
func (p PID) IsZero() bool { return p.c == nil }
