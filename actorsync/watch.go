package actorsync

import (
	"errors"
	"sync"
	"sync/atomic"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
)

// Watch holds a value that changes over time, such as a configuration or
// a leader's address, and tells its subscribers when it has changed:
// Tokio's sync::watch for actors. A subscriber is told with a Changed
// message and reads the value when it handles it, so it always reads the
// latest value, never one older than a value it has already read, and a
// subscriber slower than the changes skips values instead of queueing
// them: at most one Changed per subscriber waits in its mailbox.
//
// Set and Get never block. A Watch is safe for concurrent use; it must
// not be copied after first use.
type Watch[T any] struct {
	mu      sync.Mutex
	value   T
	version uint64
	subs    subscribers[*watchSub[T]]
}

// watchSub is one subscriber of a Watch.
type watchSub[T any] struct {
	w       *Watch[T]
	to      futures.Sender[Changed[T]]
	pending atomic.Bool // a Changed is on its way or unread
}

// Changed tells a subscriber that the value of a Watch has changed since
// the subscriber last read it. Read it with Value.
type Changed[T any] struct{ s *watchSub[T] }

// NewWatch returns a Watch holding v, at version 0.
func NewWatch[T any](v T) *Watch[T] {
	return &Watch[T]{value: v}
}

// Get returns the value and its version, which counts the Sets so far.
func (w *Watch[T]) Get() (T, uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.value, w.version
}

// Set replaces the value and sends a Changed to every subscriber that has
// read the previous one. A subscriber whose Send fails is sent one again
// at the next Set; one whose Send fails with actor.ErrStopped, or panics,
// is unsubscribed.
func (w *Watch[T]) Set(v T) {
	w.Update(func(T) T { return v })
}

// Update replaces the value with fn of it, atomically with respect to
// other Sets and Updates, and notifies as Set does. fn runs under the
// Watch's lock: it must be quick and must not use the Watch.
//
// If fn panics, the value does not change and the panic goes on to the
// caller, the Watch unharmed.
func (w *Watch[T]) Update(fn func(T) T) {
	for _, s := range w.update(fn) {
		s.notify()
	}
}

// update applies fn under the lock and returns the subscribers to tell.
func (w *Watch[T]) update(fn func(T) T) []*watchSub[T] {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.value = fn(w.value)
	w.version++
	return w.subs.all()
}

// Subscribe sends to a Changed now, so that the subscriber reads the
// current value, and again each time the value changes after it has read
// it. It returns a function that ends the subscription (calling it again
// does nothing). An actor of another message type subscribes through
// actor.Adapt, which is what SubscribeWatch does for an actor's own
// subscription.
//
// A subscriber whose Send fails with actor.ErrStopped is unsubscribed,
// but one that stopped before reading its last Changed is not told again
// and stays subscribed: call unsubscribe, or let SubscribeWatch do it
// when the actor stops.
func (w *Watch[T]) Subscribe(to futures.Sender[Changed[T]]) (unsubscribe func()) {
	s := &watchSub[T]{w: w, to: to}
	w.subs.add(s)
	s.notify()
	return func() { w.subs.remove(s) }
}

// SubscribeWatch subscribes the actor of ctx to w for the actor's current
// instance: its Changed messages arrive wrapped by wrap in the actor's own
// message type, and it is unsubscribed when the instance ends (the actor
// stops or restarts; see actor.Context.Cleanup).
func SubscribeWatch[T, M any](ctx *actor.Context[M], w *Watch[T], wrap func(Changed[T]) M) {
	ctx.Cleanup(w.Subscribe(actor.Adapt(ctx.Self(), wrap)))
}

// Subscribers returns the number of subscribers.
func (w *Watch[T]) Subscribers() int { return len(w.subs.all()) }

// notify sends s a Changed unless one is pending.
func (s *watchSub[T]) notify() {
	if s.pending.Load() || !s.pending.CompareAndSwap(false, true) {
		return // a load first: a read shares the cache line, a CAS takes it
	}
	if err := send(s.to, Changed[T]{s}); err != nil {
		s.pending.Store(false)
		if errors.Is(err, actor.ErrStopped) || errors.Is(err, errPanicked) {
			s.w.subs.remove(s)
		}
	}
}

// errPanicked is what send returns for a Sender that panicked: such a
// subscriber is dropped, and the panic goes no further than the
// publisher's call.
var errPanicked = errors.New("actorsync: the subscriber's Send panicked")

// send calls to.Send, turning a panic into errPanicked.
func send[M any](to futures.Sender[M], msg M) (err error) {
	defer func() {
		if recover() != nil {
			err = errPanicked
		}
	}()
	return to.Send(msg)
}

// Value returns the latest value of the Watch and its version, and marks
// it read: the next change sends another Changed. Read it when handling
// the Changed; a Changed that is never read sends no more.
func (c Changed[T]) Value() (T, uint64) {
	c.s.pending.Store(false) // before reading: a Set after this notifies again
	return c.s.w.Get()
}
