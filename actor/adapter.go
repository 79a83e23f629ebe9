package actor

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	"github.com/actorio/actorio/futures"
)

// ErrAdapterPanicked is wrapped by the error of a send through a Ref made
// by Adapt whose conversion panicked.
var ErrAdapterPanicked = errors.New("actor: adapter panicked")

// Adapt returns a Ref[A] to the actor of ref, which takes messages of
// type B: each message sent through it is converted by convert and sent
// to ref. It is Akka Typed's message adapter, without an actor or a
// goroutine of its own: convert runs on the sending goroutine, during
// Send, so it must be quick, must not block and must not touch the
// actor's state. Use it where a Ref[A] is expected and the actor takes
// more than A, for example to hand a reply-to Ref to an actor whose
// message type is a sealed interface:
//
//	type counterMsg interface{ isCounterMsg() }
//	type got struct{ n int }
//	func (got) isCounterMsg() {}
//
//	replies := actor.Adapt(ctx.Self(), func(n int) counterMsg { return got{n} })
//	_ = worker.Send(job{reply: replies}) // the worker replies with an int
//
// The returned Ref is the actor's in every other respect: its PID, and so
// Stop, Watch and equality, is ref's; Poison, Crowded and Ready are ref's.
// SendRequest and SendContext convert, then call ref's. A conversion that
// panics fails the send with an error wrapping ErrAdapterPanicked, and
// the message goes to dead letters. Adapt returns the zero Ref for a
// zero ref, and panics if convert is nil.
//
// Each call makes a new adapter (one allocation): make one where the
// actor starts and reuse it. A transport such as package remote can carry
// an adapted Ref inside a message: the other process sends A.
func Adapt[A, B any](ref Ref[B], convert func(A) B) Ref[A] {
	if convert == nil {
		panic("actor: Adapt with a nil conversion")
	}
	if ref.IsZero() {
		return Ref[A]{}
	}
	pid := ref.PID()
	ad := &adapter[A, B]{ref: ref, convert: convert}
	a := &adapterCell{target: ref, send: sendFunc[A](ad.send)}
	a.sys, a.self = pid.c.sys, a
	return Ref[A]{x: &a.cell}
}

// adapterCell is the cell behind a Ref made by Adapt. It is not an actor
// and never in the tree: its system messages (stop, watch) go to the
// target's, and it gives an adapted Ref an identity of its own only on
// the wire (see Ref.MarshalBinary).
type adapterCell struct {
	cell
	target interface {
		PID() PID
		Poison() error
		Crowded() bool
		Ready() futures.Future[struct{}]
	} // the adapted Ref[B]
	send any // the adapter's send method, a sendFunc[A]
}

func (a *adapterCell) postSystem(m any) { a.target.PID().c.self.postSystem(m) }

// observe and mailboxLen complete process; an adapter is never in the
// tree.
func (*adapterCell) observe(*ActorInfo) {}
func (*adapterCell) mailboxLen() int    { return 0 }

// sendFunc is what Ref[A] calls on its adapter: it converts msg and
// sends it, a request if reply is not nil, with the context ctx if it is
// not nil. Asserting an any to a func type compares one
// word, where asserting it to a generic interface looks up an itab.
type sendFunc[A any] func(ctx context.Context, msg A, reply futures.Rejecter) error

// adapter converts messages of type A for a Ref[B].
type adapter[A, B any] struct {
	ref     Ref[B]
	convert func(A) B
}

func (a *adapter[A, B]) send(ctx context.Context, msg A, reply futures.Rejecter) error {
	b, err := a.conv(msg)
	if err != nil {
		a.ref.PID().c.sys.deadLetter(a.ref.PID().c, msg, err)
		if reply != nil {
			_ = reply.Reject(err)
		}
		return err
	}
	switch {
	case reply != nil && ctx != nil:
		return a.ref.SendRequestContext(ctx, b, reply)
	case reply != nil:
		return a.ref.SendRequest(b, reply)
	case ctx != nil:
		return a.ref.SendContext(ctx, b)
	}
	return a.ref.Send(b)
}

// conv runs convert, recovering a panic as an error.
func (a *adapter[A, B]) conv(msg A) (b B, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %T to %T: %v", ErrAdapterPanicked, msg, b, p)
		}
	}()
	return a.convert(msg), nil
}

// adapterOf returns the adapter behind c, if c is an adapterCell.
func adapterOf(c *cell) (*adapterCell, bool) {
	a, ok := c.self.(*adapterCell)
	return a, ok
}

// RefOf returns a Ref[M] to the actor of pid, and true, when that actor
// takes messages of type M: the checked way from the untyped identities
// that Context.Parent, Context.Children and Terminated give to something
// that can be sent to, as a type assertion is:
//
//	if parent, ok := actor.RefOf[parentMsg](ctx.Parent()); ok {
//		_ = parent.Send(done{})
//	}
//
// It returns the zero Ref and false when the actor takes another type,
// for the zero PID and for the system's root. For an actor outside this
// process (see External) the transport, not RefOf, checks the type: RefOf
// returns a Ref and true, and a send of the wrong type fails there.
func RefOf[M any](pid PID) (Ref[M], bool) {
	if pid.c == nil {
		return Ref[M]{}, false
	}
	switch s := pid.c.self.(type) {
	case *proc[M]:
		return Ref[M]{p: s}, true
	case *externalCell:
		return Ref[M]{x: pid.c}, true
	}
	return Ref[M]{}, false
}

// anySender is a process that takes a message of a type known only at
// run time: an actor, an external actor.
type anySender interface {
	sendAny(msg any) error
}

// Send sends msg to the actor, checking its type at run time: msg must be
// of the actor's message type (or, for an actor whose message type is an
// interface, implement it). It is Ref.Send for code that holds only a
// PID, such as a child replying to its parent:
//
//	_ = ctx.Parent().Send(done{})
//
// A message of another type is refused with an error wrapping
// ErrWrongType and reported as a DeadLetter; otherwise Send returns what
// Ref.Send does. For the zero PID and the system's root it returns
// ErrNoActor. Prefer a Ref where one is at hand: it checks the type when
// the program is compiled.
func (p PID) Send(msg any) error {
	if p.c == nil {
		return ErrNoActor
	}
	s, ok := p.c.self.(anySender)
	if !ok {
		return ErrNoActor
	}
	return s.sendAny(msg)
}

func (p *proc[M]) sendAny(msg any) error {
	m, ok := msg.(M)
	if !ok {
		err := fmt.Errorf("%w: %T for %s, which takes %s", ErrWrongType, msg, p.path(), reflect.TypeFor[M]())
		p.sys.deadLetter(&p.cell, msg, err)
		return err
	}
	return Ref[M]{p: p}.Send(m)
}

func (x *externalCell) sendAny(msg any) error { return x.e.Deliver(msg, nil) }
