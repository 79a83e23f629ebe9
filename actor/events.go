package actor

import (
	"sync"
	"sync/atomic"
)

// Event is something the system reports on its event stream: a
// DeadLetter, a Failure, a SlowHandler or EventsLost.
type Event interface{ event() }

// DeadLetter reports a message that was not processed: its target had
// stopped, its mailbox was full or dropped it, its handler panicked, or
// the system shut down. Every message sent is either processed or
// reported as a DeadLetter exactly once.
type DeadLetter struct {
	Target  PID   // the actor the message was sent to
	Message any   // the message, or for an Ask that failed, the request
	Reason  error // why: ErrStopped, a mailbox error, a *PanicError, ...
}

// Failure reports an actor failure and what its supervisor decided.
type Failure struct {
	Actor     PID
	Err       error
	Directive Directive
}

// EventsLost tells a subscriber that Count events were dropped because its
// buffer was full. It is delivered ahead of the next event published once
// there is room again, so the last losses are reported only when another
// event is published; Subscription.Lost counts them at once. Every lost
// event is counted in exactly one EventsLost.
type EventsLost struct{ Count uint64 }

func (DeadLetter) event() {}
func (Failure) event()    {}
func (EventsLost) event() {}

// Subscription receives the system's events. Create one with
// System.Subscribe.
type Subscription struct {
	c       chan Event
	pending atomic.Uint64 // lost, not yet reported
	lost    atomic.Uint64 // lost in total
	stream  *eventStream
}

// C returns the channel events arrive on. It is closed by Close, and by
// System.Shutdown after the last event.
func (s *Subscription) C() <-chan Event { return s.c }

// Lost returns how many events this subscription has dropped so far.
func (s *Subscription) Lost() uint64 { return s.lost.Load() }

// Close ends the subscription and closes its channel. It is safe to call
// more than once.
func (s *Subscription) Close() { s.stream.remove(s) }

// eventStream fans events out to subscriptions without ever blocking.
type eventStream struct {
	mu     sync.RWMutex
	subs   []*Subscription
	closed bool
}

func (es *eventStream) subscribe(buffer int) *Subscription {
	s := &Subscription{c: make(chan Event, max(buffer, 1)), stream: es}
	es.mu.Lock()
	defer es.mu.Unlock()
	if es.closed {
		close(s.c)
		return s
	}
	es.subs = append(es.subs, s)
	return s
}

func (es *eventStream) remove(s *Subscription) {
	es.mu.Lock()
	defer es.mu.Unlock()
	for i, x := range es.subs {
		if x == s {
			es.subs = append(es.subs[:i], es.subs[i+1:]...)
			close(s.c)
			return
		}
	}
}

// active reports whether anyone is subscribed, so that publishers can skip
// building events nobody reads.
func (es *eventStream) active() bool {
	es.mu.RLock()
	defer es.mu.RUnlock()
	return len(es.subs) > 0
}

// publish offers e to every subscription without blocking.
//
// Publishers run concurrently (under the read lock), so a subscription's
// pending count is taken whole with Swap: each lost event is then in
// exactly one publisher's hands, and it either reaches the subscriber in
// that publisher's EventsLost or, if the buffer is full, goes back into
// pending for a later publish to report. Loading the count and subtracting
// it after the send instead let two publishers report the same losses and
// both subtract them, wrapping the count around.
func (es *eventStream) publish(e Event) {
	es.mu.RLock()
	defer es.mu.RUnlock()
	for _, s := range es.subs {
		if n := s.pending.Swap(0); n > 0 {
			select {
			case s.c <- EventsLost{Count: n}:
			default:
				s.pending.Add(n)
			}
		}
		select {
		case s.c <- e:
		default:
			s.pending.Add(1)
			s.lost.Add(1)
		}
	}
}

func (es *eventStream) close() {
	es.mu.Lock()
	defer es.mu.Unlock()
	es.closed = true
	for _, s := range es.subs {
		close(s.c)
	}
	es.subs = nil
}
