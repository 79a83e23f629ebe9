package actor

import "github.com/actorio/actorio/futures"

// External is an actor that lives outside this process's System, such as
// one on another node reached through package remote. It is the extension
// point through which a transport makes such an actor addressable by the
// same PID and Ref as a local one: ExternalPID wraps it in a PID, and
// ExternalRef gives a typed Ref to it, whose Send, SendRequest, Poison and
// Stop call the methods below, and which Context.Watch and PID.Terminated
// watch through Watch and Unwatch. Applications do not implement it.
//
// The methods are called from any goroutine, including dispatcher
// workers, so they must never block.
type External interface {
	// Deliver sends msg to the actor. reply is nil for a Send, or the
	// promise of a request sent with SendRequest, which the transport
	// must reject if the request cannot be delivered, as a local actor
	// does. A non-nil error means that msg was refused (and reported as
	// a dead letter by the transport).
	Deliver(msg any, reply futures.Rejecter) error
	// Poison asks the actor to stop once the messages sent before the
	// Poison have been processed.
	Poison() error
	// Stop asks the actor to stop after the message it is handling.
	Stop()
	// Watch asks for w to be told, with w.Terminated, when the actor has
	// stopped or can no longer be reached. Unwatch withdraws the request.
	Watch(w Watcher)
	Unwatch(w Watcher)
	// String returns the actor's address, for PID.String.
	String() string
}

// ExternalBackpressure is what an External may also implement so that
// Ref.Crowded and Ref.Ready work on its Refs as on a local actor's: a
// transport whose queue towards the actor is filling up says so, and
// calls back once it has room again.
type ExternalBackpressure interface {
	// Crowded reports whether sends should hold back.
	Crowded() bool
	// WhenReady calls fn once sends need not hold back: at once if they
	// need not now. fn must not block.
	WhenReady(fn func())
}

// ExternalPID returns the PID of e in sys. Each call makes a new identity:
// a transport keeps one PID per external actor, so that PIDs compare equal
// (and a watcher hears of the actor once) however many messages mention
// it.
func ExternalPID(sys *System, e External) PID {
	x := &externalCell{e: e}
	x.sys = sys
	x.self = x
	return PID{&x.cell}
}

// ExternalRef returns a Ref for messages of type M to pid, an external
// actor made by ExternalPID, or the zero Ref if pid is not one. The
// transport, not the runtime, checks that the actor takes M.
func ExternalRef[M any](pid PID) Ref[M] {
	if _, ok := pid.External(); !ok {
		return Ref[M]{}
	}
	return Ref[M]{x: pid.c}
}

// External returns the external actor behind p, or false if p is a local
// actor or the zero PID.
func (p PID) External() (External, bool) {
	if p.c == nil {
		return nil, false
	}
	x, ok := p.c.self.(*externalCell)
	if !ok {
		return nil, false
	}
	return x.e, true
}

// Watcher is one watch of an external actor, handed to External.Watch and
// Unwatch. Watchers are comparable: a transport may keep them in a map.
type Watcher struct {
	watcher *cell // the watching actor, or a PID.Terminated waiter
	watched *cell // the external actor's cell
}

// Terminated tells the watcher that the actor has stopped, or can no
// longer be reached, for reason. The watcher hears of it once: a second
// call, or one after Unwatch, is ignored.
func (w Watcher) Terminated(reason error) {
	if w.watcher != nil {
		w.watcher.self.postSystem(sysTerminated{who: w.watched, reason: reason})
	}
}

// externalCell is the cell of an external actor. It is never in the tree:
// it has no parent and no mailbox, and its system messages are requests
// for the transport.
type externalCell struct {
	cell
	e External
}

func (x *externalCell) postSystem(m any) {
	switch m := m.(type) {
	case sysStop:
		x.e.Stop()
	case sysWatch:
		x.e.Watch(Watcher{watcher: m.watcher, watched: &x.cell})
	case sysUnwatch:
		x.e.Unwatch(Watcher{watcher: m.watcher, watched: &x.cell})
	}
}

// observe and mailboxLen complete process; an external actor is never in
// the tree, so Snapshot does not list it.
func (*externalCell) observe(*ActorInfo) {}
func (*externalCell) mailboxLen() int    { return 0 }

// external returns the external actor of c, a cell made by ExternalPID.
func (c *cell) external() External { return c.self.(*externalCell).e }
