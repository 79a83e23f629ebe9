package actor

import (
	"fmt"
	"reflect"

	"github.com/actorio/actorio/internal/workerid"
)

// Parent is where a new actor goes in the tree: a *System for a top-level
// actor, or the *Context of the actor spawning a child.
type Parent interface {
	parentCell() *cell
	// adopting reports whether the parent takes new children. The root
	// decides under its lock instead, since anyone may spawn on it.
	adopting() bool
}

func (s *System) parentCell() *cell     { return &s.root.cell }
func (s *System) adopting() bool        { return true }
func (c *Context[M]) parentCell() *cell { return &c.cell }

// adopting is called on the actor's own turn, so its flags are safe to
// read: a stopping actor takes no new children (its hooks may try).
func (c *Context[M]) adopting() bool { return !c.is(fStopping) && !c.is(fClosed) }

// Spawn starts an actor made by newActor and returns a Ref to it. newActor
// is called now, and again for a fresh instance on every restart. The
// actor is a child of parent and is supervised by it.
//
// newActor returns the actor's own type, whose Receive method tells the
// compiler the message type, so neither needs spelling out:
//
//	func newWorker() *worker { return &worker{} }
//
//	ref, err := actor.Spawn(ctx, newWorker) // a Ref[job], from worker's Receive
//
// A producer that returns Actor[M] itself works as well.
//
// Spawn returns ErrShutdown if the system is shutting down, ErrStopped if
// the parent actor is stopping, ErrNameTaken if the name is in use, or an
// error wrapping ErrInvalidOption for a bad option. Inside a handler, the
// first two only mean that the actor or the system is on its way out.
func Spawn[M any, A Actor[M]](parent Parent, newActor func() A, opts ...SpawnOption) (Ref[M], error) {
	if newActor == nil {
		return Ref[M]{}, fmt.Errorf("%w: nil actor producer", ErrInvalidOption)
	}
	pr := typedProducer[M, A]{newActor}
	a, err := produce[M](pr)
	if err != nil {
		return Ref[M]{}, err
	}
	return spawn(parent, a, nil, pr, opts)
}

// producer makes an actor's instances: its first, and one per restart.
type producer[M any] interface{ make() Actor[M] }

// typedProducer is the producer of Spawn. A struct of one func, it fits
// in the interface without an allocation, where a closure adapting
// newActor to func() Actor[M] would take one per spawn.
type typedProducer[M any, A Actor[M]] struct{ newActor func() A }

// make returns a new instance, or nil for a nil pointer, which converting
// it to Actor[M] would turn into a non-nil interface.
func (p typedProducer[M, A]) make() Actor[M] {
	a := p.newActor()
	if v := reflect.ValueOf(a); !v.IsValid() || v.Kind() == reflect.Pointer && v.IsNil() {
		return nil
	}
	return a
}

// SpawnFunc starts an actor whose handler is receive; see Spawn. The same
// function handles messages after a restart, so state kept in its closure
// survives restarts: use Spawn for state that should not.
func SpawnFunc[M any](parent Parent, receive func(ctx *Context[M], msg M), opts ...SpawnOption) (Ref[M], error) {
	if receive == nil {
		return Ref[M]{}, fmt.Errorf("%w: nil receive function", ErrInvalidOption)
	}
	return spawn(parent, nil, receive, nil, opts)
}

func produce[M any](p producer[M]) (a Actor[M], err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("actor: producer panicked: %v", v)
		}
	}()
	if a = p.make(); a == nil {
		return nil, fmt.Errorf("%w: producer returned nil", ErrInvalidOption)
	}
	return a, nil
}

// spawn starts an actor that is either a (with its producer) or the
// function receive.
func spawn[M any](parent Parent, a Actor[M], receive func(*Context[M], M), producer producer[M], opts []SpawnOption) (Ref[M], error) {
	pc := parent.parentCell()
	if !parent.adopting() {
		return Ref[M]{}, ErrStopped
	}
	var o SpawnOptions
	if len(opts) > 0 {
		o = spawnOptions(opts)
	}
	sys := pc.sys
	p := &proc[M]{handler: receive}
	p.set(fDedicated, o.Dedicated)
	if err := p.mb.Init(o.Mailbox); err != nil {
		return Ref[M]{}, fmt.Errorf("%w: %w", ErrInvalidOption, err)
	}
	p.sys, p.parent, p.self = sys, pc, p
	if a != nil {
		p.become(a)
		p.more.producer = producer
	}
	if o.Dedicated {
		// Before the actor is reachable: a stop may schedule it at once.
		p.extra().wake = make(chan struct{}, 1)
	}
	if o.Name != "" || o.Supervisor != nil {
		x := p.extras()
		x.name, x.strategy = o.Name, o.Supervisor
	}
	if o.Name != "" {
		if err := sys.register(o.Name, &p.cell); err != nil {
			return Ref[M]{}, err
		}
	}
	if !pc.addChild(&p.cell) {
		if o.Name != "" {
			sys.unregister(o.Name, &p.cell)
		}
		if pc.parent == nil {
			return Ref[M]{}, ErrShutdown
		}
		return Ref[M]{}, ErrStopped
	}
	sys.stats.started.Add(1)
	if o.Dedicated {
		sys.dedicated.Go(p.runDedicated)
	}
	if _, ok := a.(StartHook[M]); ok {
		p.mb.Notify(p) // run Started now rather than at the first message
	}
	return Ref[M]{p: p}, nil
}

// spawnOptions applies opts. It is apart from spawn because the options
// it passes a pointer to escape: most spawns have none and allocate none.
func spawnOptions(opts []SpawnOption) SpawnOptions {
	var o SpawnOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}

// runDedicated is the loop of an actor with a goroutine of its own. It
// runs inside workerid.RunBlocking, so that Shutdown called from one of the
// actor's turns does not wait for that turn to end, while a future's Await
// may still block here.
func (p *proc[M]) runDedicated() {
	workerid.RunBlocking(func() {
		for range p.rare().wake {
			for p.Run(nil) {
			}
			if p.is(fClosed) {
				return
			}
		}
	})
}
