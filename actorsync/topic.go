package actorsync

import (
	"errors"
	"sync"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
)

// Topic broadcasts values from its publishers to every subscriber, each
// with a backlog of its own: Tokio's sync::broadcast for actors. Publish
// never blocks and never waits for a slow subscriber: a subscriber whose
// backlog is full loses its oldest value, and its next Take says how many
// it lost, as Tokio's receiver reports Lagged. Memory is bounded by the
// backlog times the subscribers.
//
// A subscriber is told with a Delivery message and takes everything
// queued for it when it handles it: at most one Delivery per subscriber
// waits in its mailbox. Values from one publisher reach each subscriber
// in the order they were published. A Topic is safe for concurrent use;
// it must not be copied after first use.
type Topic[T any] struct {
	backlog int
	subs    subscribers[*topicSub[T]]
}

// topicSub is one subscriber of a Topic and its backlog, a ring.
type topicSub[T any] struct {
	t  *Topic[T]
	to futures.Sender[Delivery[T]]

	mu      sync.Mutex
	ring    []T // made on the first value
	head, n int
	lagged  uint64
	pending bool // a Delivery is on its way or untaken
}

// Delivery tells a subscriber that values wait for it. Take them with
// Take.
type Delivery[T any] struct{ s *topicSub[T] }

// NewTopic returns a Topic whose subscribers each hold at most backlog
// values not yet taken. It panics if backlog < 1.
func NewTopic[T any](backlog int) *Topic[T] {
	if backlog < 1 {
		panic("actorsync: NewTopic with a backlog under one")
	}
	return &Topic[T]{backlog: backlog}
}

// Publish queues v for every subscriber and returns how many there are.
// A subscriber whose Send fails is sent a Delivery again at the next
// Publish (its values wait in its backlog); one whose Send fails with
// actor.ErrStopped, or panics, is unsubscribed.
func (t *Topic[T]) Publish(v T) int {
	subs := t.subs.all()
	for _, s := range subs {
		s.push(v)
	}
	return len(subs)
}

// Subscribe makes to a subscriber from now on, and returns a function
// that ends the subscription (calling it again does nothing). An actor of
// another message type subscribes through actor.Adapt, which is what
// SubscribeTopic does for an actor's own subscription. A subscriber that
// stops is unsubscribed when a Send to it fails with actor.ErrStopped;
// use unsubscribe, or SubscribeTopic, to end it at once.
func (t *Topic[T]) Subscribe(to futures.Sender[Delivery[T]]) (unsubscribe func()) {
	s := &topicSub[T]{t: t, to: to}
	t.subs.add(s)
	return func() { t.subs.remove(s) }
}

// SubscribeTopic subscribes the actor of ctx to t for the actor's current
// instance: its Delivery messages arrive wrapped by wrap in the actor's
// own message type, and it is unsubscribed when the instance ends (the
// actor stops or restarts; see actor.Context.Cleanup).
func SubscribeTopic[T, M any](ctx *actor.Context[M], t *Topic[T], wrap func(Delivery[T]) M) {
	ctx.Cleanup(t.Subscribe(actor.Adapt(ctx.Self(), wrap)))
}

// Subscribers returns the number of subscribers.
func (t *Topic[T]) Subscribers() int { return len(t.subs.all()) }

// push adds v to s's backlog, dropping the oldest value if it is full,
// and sends a Delivery unless one is pending.
func (s *topicSub[T]) push(v T) {
	s.mu.Lock()
	if s.ring == nil {
		s.ring = make([]T, s.t.backlog)
	}
	if s.n == len(s.ring) {
		s.ring[s.head] = v // over the oldest
		s.head = (s.head + 1) % len(s.ring)
		s.lagged++
	} else {
		s.ring[(s.head+s.n)%len(s.ring)] = v
		s.n++
	}
	notify := !s.pending
	s.pending = true
	s.mu.Unlock()
	if !notify {
		return
	}
	if err := send(s.to, Delivery[T]{s}); err != nil {
		s.mu.Lock()
		s.pending = false
		s.mu.Unlock()
		if errors.Is(err, actor.ErrStopped) || errors.Is(err, errPanicked) {
			s.t.subs.remove(s)
		}
	}
}

// Take appends the values waiting for the subscriber to dst, oldest
// first, and returns the extended slice and how many values it lost
// since the last Take because its backlog was full: those were older
// than every value returned. After Take, the next Publish sends another
// Delivery. Take the values when handling the Delivery; a Delivery never
// taken sends no more.
func (d Delivery[T]) Take(dst []T) (values []T, lagged uint64) {
	s := d.s
	s.mu.Lock()
	defer s.mu.Unlock()
	var zero T
	for i := range s.n {
		j := (s.head + i) % len(s.ring)
		dst = append(dst, s.ring[j])
		s.ring[j] = zero // keep nothing alive for the subscriber
	}
	lagged = s.lagged
	s.head, s.n, s.lagged, s.pending = 0, 0, 0, false
	return dst, lagged
}
