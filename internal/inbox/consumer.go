package inbox

import (
	"github.com/actorio/actorio/internal/queue"
	"github.com/actorio/actorio/mailbox"
)

// SystemBatch is a run of system messages taken from a mailbox, oldest
// first.
type SystemBatch[S any] struct{ b queue.Batch[S] }

// Next removes and returns the oldest message of the batch, or reports
// false when the batch is used up.
func (b *SystemBatch[S]) Next() (S, bool) { return b.b.Next() }

// TakeSystem removes every waiting system message. The caller must handle
// all of them: if it closes the mailbox part-way, the rest are its own to
// hand over. Consumer method.
func (m *Mailbox[S, U]) TakeSystem() SystemBatch[S] { return SystemBatch[S]{m.system.Take()} }

// HasSystem reports whether a system message is waiting. Any goroutine may
// call it; it is cheap enough to call before every user message.
func (m *Mailbox[S, U]) HasSystem() bool { return !m.system.Empty() }

// PopUser removes the oldest user message. It reports false while the
// mailbox is suspended. Consumer method.
func (m *Mailbox[S, U]) PopUser() (U, bool) {
	if m.suspended.Load() {
		var zero U
		return zero, false
	}
	return m.popUser()
}

func (m *Mailbox[S, U]) popUser() (U, bool) {
	if b := m.bounded; b != nil {
		msg, ok := b.Pop()
		if ok && b.room != nil {
			b.freed()
		}
		return msg, ok
	}
	return m.user.Pop()
}

func (m *Mailbox[S, U]) userEmpty() bool {
	if b := m.bounded; b != nil {
		return b.Empty()
	}
	return m.user.Empty()
}

// Suspend stops user messages from being consumed until Resume; system
// messages still are. Consumer method.
func (m *Mailbox[S, U]) Suspend() { m.suspended.Store(true) }

// Resume undoes Suspend. Consumer method.
func (m *Mailbox[S, U]) Resume() { m.suspended.Store(false) }

// Suspended reports whether the mailbox is suspended. Any goroutine may
// call it.
func (m *Mailbox[S, U]) Suspended() bool { return m.suspended.Load() }

// Closed reports whether the mailbox has been closed. Any goroutine may
// call it.
func (m *Mailbox[S, U]) Closed() bool { return m.state.Load() >= closed }

// Scheduled reports whether a turn is pending or running. Any goroutine may
// call it.
func (m *Mailbox[S, U]) Scheduled() bool { return m.state.Load() == scheduled }

// Len estimates the number of queued user messages. Any goroutine may
// call it. A bounded mailbox counts exactly, up to pushes and pops in
// progress. An unbounded one keeps no count, so that posting stays cheap:
// its estimate sees the consumer's pops only at the end of each turn
// (Done), so it can over-count by up to one turn's messages. A closed
// mailbox reports 0.
func (m *Mailbox[S, U]) Len() int {
	if m.state.Load() >= closed {
		return 0
	}
	if b := m.bounded; b != nil {
		return b.Len()
	}
	return m.user.Len()
}

// hasWork reports whether a turn would find something to consume.
func (m *Mailbox[S, U]) hasWork() bool {
	return !m.system.Empty() || (!m.suspended.Load() && !m.userEmpty())
}

// Done ends a turn. It reports true if the mailbox has work left, in which
// case it stays scheduled and the owner must run another turn (after
// letting others run, for fairness). Otherwise the mailbox becomes idle
// and the next post schedules it again. Consumer method.
func (m *Mailbox[S, U]) Done() bool {
	if m.bounded == nil {
		m.user.Publish()
	}
	if m.watch != nil {
		m.checkReady()
	}
	if m.hasWork() {
		return true
	}
	mark := m.user.Mark()
	m.state.Store(idle)
	// A post that completed before the Store above may have seen the
	// mailbox scheduled and left; look again, and take the turn back if
	// no newer post has already done so. Another goroutine may be the
	// consumer by now, so look only at shared state.
	return m.postedSince(mark) && m.state.CompareAndSwap(idle, scheduled)
}

// postedSince reports whether work arrived after the consumer took mark
// and found the mailbox empty. Any goroutine may call it.
func (m *Mailbox[S, U]) postedSince(mark queue.Cursor[U]) bool {
	if !m.system.Empty() {
		return true
	}
	if m.suspended.Load() {
		return false
	}
	if b := m.bounded; b != nil {
		return !b.Empty()
	}
	return mark.Pending(&m.user)
}

// Close closes the mailbox and hands every queued message to the owner:
// user messages to DeadLetter with reason mailbox.ErrClosed, system messages to
// Closed. Messages posted later are handed over the same way by the
// poster. Consumer method; the mailbox must not be used as a consumer
// afterwards.
func (m *Mailbox[S, U]) Close(o Owner[S, U]) {
	m.state.Store(draining)
	if m.watch != nil {
		m.watch.fire(true) // a closed mailbox is ready: nothing to wait for
	}
	if b := m.bounded; b != nil && b.gone != nil {
		close(b.gone)
	}
	m.drain(o)
}

// drain hands queued messages over until the mailbox is closed and empty.
// The caller holds the draining state.
func (m *Mailbox[S, U]) drain(o Owner[S, U]) {
	for {
		for b := m.system.Take(); ; {
			msg, ok := b.Next()
			if !ok {
				break
			}
			o.Closed(msg)
		}
		for {
			msg, ok := m.popUser()
			if !ok {
				break
			}
			o.DeadLetter(msg, mailbox.ErrClosed)
		}
		if !m.system.Empty() || !m.userEmpty() {
			continue // a push still in progress: wait for it here
		}
		mark := m.user.Mark()
		m.state.Store(closed)
		if m.system.Empty() && !m.userPostedSince(mark) {
			return
		}
		if !m.state.CompareAndSwap(closed, draining) {
			return // a poster took over the drain
		}
	}
}

func (m *Mailbox[S, U]) userPostedSince(mark queue.Cursor[U]) bool {
	if b := m.bounded; b != nil {
		return !b.Empty()
	}
	return mark.Pending(&m.user)
}
