package inbox

import (
	"context"
	"sync/atomic"

	"github.com/actorio/actorio/internal/queue"
	"github.com/actorio/actorio/internal/workerid"
	"github.com/actorio/actorio/mailbox"
)

// Owner is the runtime side of a mailbox: it schedules turns and receives
// the messages that will never be consumed. Its methods are called on the
// posting goroutine or the consumer's, never under a lock, and must not
// block.
type Owner[S, U any] interface {
	// Schedule is called once each time the mailbox goes from idle to
	// scheduled. The owner must then run turns until Done reports false.
	Schedule()
	// DeadLetter receives a user message that will not be consumed.
	DeadLetter(msg U, reason error)
	// Closed receives a system message that arrived after Close.
	Closed(msg S)
}

// Scheduling states.
const (
	idle      uint32 = iota
	scheduled        // a turn is pending or running
	closed           // terminal: nothing will be consumed
	draining         // closed, and one goroutine is handing messages over
)

// Mailbox holds the messages of one actor: system messages of type S and
// user messages of type U. Any goroutine may post; the methods documented
// as consumer methods may be called only by the goroutine running the
// owner's current turn.
//
// A Mailbox must be initialised with [Mailbox.Init] before use and must not
// be copied after that.
type Mailbox[S, U any] struct {
	state     atomic.Uint32
	suspended atomic.Bool
	system    queue.Stack[S]
	user      queue.MPSC[U]
	bounded   *boundedLane[U] // nil for an unbounded mailbox
	watch     *watermarks     // nil without mailbox.Config.HighWater
}

// boundedLane is the user lane of a bounded mailbox.
type boundedLane[U any] struct {
	queue.Bounded[U]
	overflow mailbox.Overflow
	waiters  atomic.Int32  // PostWait callers waiting for room
	room     chan struct{} // a token per freed slot while waiters > 0
	gone     chan struct{} // closed when the mailbox closes
}

// Init prepares m with the given configuration. An unbounded mailbox
// allocates nothing until its first message.
func (m *Mailbox[S, U]) Init(c mailbox.Config) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if c.Capacity > 0 {
		b := &boundedLane[U]{overflow: c.Overflow}
		b.Bounded = *queue.NewBounded[U](c.Capacity)
		if c.Overflow == mailbox.Block {
			b.room = make(chan struct{}, 1)
			b.gone = make(chan struct{})
		}
		m.bounded = b
	}
	if c.HighWater > 0 {
		m.watch = &watermarks{high: c.HighWater, low: c.LowWater}
		if c.LowWater == 0 {
			m.watch.low = c.HighWater / 2
		}
	}
	return nil
}

// Post adds a user message. It never blocks. If the mailbox is closed the
// message goes to o.DeadLetter and Post returns mailbox.ErrClosed; if it is bounded
// and full, the overflow policy decides (mailbox.Block behaves as mailbox.Fail here).
func (m *Mailbox[S, U]) Post(o Owner[S, U], msg U) error {
	if m.state.Load() >= closed {
		o.DeadLetter(msg, mailbox.ErrClosed)
		return mailbox.ErrClosed
	}
	if b := m.bounded; b != nil {
		if err := b.push(o, msg); err != nil {
			return err
		}
	} else {
		m.user.Push(msg)
	}
	m.signal(o)
	return nil
}

// PostWait is Post, except that a full mailbox with the mailbox.Block policy makes
// it wait for room until ctx is done, in which case the message goes to
// dead letters and PostWait returns ctx.Err(). On a dispatcher worker it
// never waits and fails with mailbox.ErrMailboxFull instead.
func (m *Mailbox[S, U]) PostWait(ctx context.Context, o Owner[S, U], msg U) error {
	b := m.bounded
	if b == nil || b.overflow != mailbox.Block {
		return m.Post(o, msg)
	}
	for {
		if m.state.Load() >= closed {
			o.DeadLetter(msg, mailbox.ErrClosed)
			return mailbox.ErrClosed
		}
		if b.TryPush(msg) {
			m.signal(o)
			b.passRoom()
			return nil
		}
		if workerid.IsWorker() {
			o.DeadLetter(msg, mailbox.ErrMailboxFull)
			return mailbox.ErrMailboxFull
		}
		b.waiters.Add(1)
		if b.TryPush(msg) { // room freed before we registered
			b.waiters.Add(-1)
			m.signal(o)
			return nil
		}
		select {
		case <-b.room:
		case <-b.gone:
		case <-ctx.Done():
			b.waiters.Add(-1)
			o.DeadLetter(msg, ctx.Err())
			return ctx.Err()
		}
		b.waiters.Add(-1)
	}
}

// PostSystem adds a system message. It never blocks and never fails; after
// Close the message goes to o.Closed.
func (m *Mailbox[S, U]) PostSystem(o Owner[S, U], msg S) {
	m.system.Push(msg)
	m.signal(o)
}

// Claim marks an idle mailbox scheduled without a message and reports
// whether it did: the caller then runs the owner's turn itself (which ends
// with Done, as any turn), or calls o.Schedule, with whatever it has to
// deliver in hand. It reports false when the owner is scheduled, running
// or closed; the caller then posts what it has.
func (m *Mailbox[S, U]) Claim() bool { return m.state.CompareAndSwap(idle, scheduled) }

// signal makes sure a message just queued will be seen: by scheduling the
// owner if the mailbox was idle, or by handing messages over if it is
// closed and nobody else is doing so.
func (m *Mailbox[S, U]) signal(o Owner[S, U]) {
	for {
		switch m.state.Load() {
		case idle:
			if m.state.CompareAndSwap(idle, scheduled) {
				o.Schedule()
				return
			}
		case scheduled, draining:
			return // the consumer or the drainer will see the message
		case closed:
			if m.state.CompareAndSwap(closed, draining) {
				m.drain(o)
				return
			}
		}
	}
}

// push applies the overflow policy to a message for a bounded lane.
func (b *boundedLane[U]) push(o interface{ DeadLetter(U, error) }, msg U) error {
	for !b.TryPush(msg) {
		switch b.overflow {
		case mailbox.DropNewest:
			o.DeadLetter(msg, mailbox.ErrDroppedNewest)
			return nil
		case mailbox.DropOldest:
			if old, ok := b.Pop(); ok {
				o.DeadLetter(old, mailbox.ErrDroppedOldest)
			}
		default: // mailbox.Fail, and mailbox.Block without a context
			o.DeadLetter(msg, mailbox.ErrMailboxFull)
			return mailbox.ErrMailboxFull
		}
	}
	return nil
}

// freed tells one waiting PostWait that a slot is free.
func (b *boundedLane[U]) freed() {
	if b.waiters.Load() > 0 {
		select {
		case b.room <- struct{}{}:
		default:
		}
	}
}

// passRoom hands the room token on to the next waiter, if there is still
// room, so a burst of pops wakes a burst of waiters.
func (b *boundedLane[U]) passRoom() {
	if b.room != nil && b.Len() < b.Cap() {
		b.freed()
	}
}

// Notify schedules the owner if the mailbox is idle, as a post would,
// without adding a message: the owner gets a turn soon.
func (m *Mailbox[S, U]) Notify(o Owner[S, U]) { m.signal(o) }
