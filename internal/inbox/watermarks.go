package inbox

import (
	"sync"
	"sync/atomic"
)

// Watermarks: how a sender learns that an actor is falling behind.
//
// A mailbox configured with a HighWater reports itself Crowded once that
// many user messages are queued, and runs the callbacks given to
// WhenReady once the queue is down to LowWater. Neither refuses or drops
// a message: a sender that respects them stops sending while the mailbox
// is crowded and resumes when it is ready again, so the queue stays near
// HighWater plus one message per sender, and the pressure moves to
// wherever the senders' input comes from (for a network connection, to
// the peer, by not reading: see io/reactor). Capacity remains the hard
// bound for senders that do not.
//
// The consumer checks for waiting callbacks once per turn, in Done, with
// one atomic load; a callback registered while the consumer checks is
// never missed, since each side looks again after its own write (the
// depth is published before the consumer loads the waiting flag, and
// the flag is set before the registrant reads the depth). Closing the
// mailbox runs every callback: nothing waits on a stopped actor.
type watermarks struct {
	high, low int
	waiting   atomic.Bool // callbacks are registered
	mu        sync.Mutex
	ready     []func()
	closed    bool
}

// Crowded reports whether at least the mailbox's HighWater user messages
// are queued (see Len for how exact that is). It is always false for a
// mailbox without watermarks and for a closed one. Any goroutine may
// call it.
func (m *Mailbox[S, U]) Crowded() bool {
	return m.watch != nil && m.Len() >= m.watch.high
}

// WhenReady arranges for fn to run once no more than the mailbox's
// LowWater user messages are queued, or the mailbox is closed: at once,
// on the calling goroutine, if that is already so (and for a mailbox
// without watermarks), or later on the consumer's goroutine at the end
// of a turn, or on the goroutine that closes the mailbox. fn runs once
// and must not block. Any goroutine may call it.
func (m *Mailbox[S, U]) WhenReady(fn func()) {
	w := m.watch
	if w == nil {
		fn()
		return
	}
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		fn()
		return
	}
	w.ready = append(w.ready, fn)
	w.waiting.Store(true)
	w.mu.Unlock()
	if m.Len() <= w.low {
		w.fire(false)
	}
}

// checkReady runs the waiting callbacks if the mailbox is ready. The
// consumer calls it at the end of each turn, after publishing its pops.
func (m *Mailbox[S, U]) checkReady() {
	if w := m.watch; w != nil && w.waiting.Load() && m.Len() <= w.low {
		w.fire(false)
	}
}

// fire runs the waiting callbacks, outside the lock; closing marks the
// mailbox closed, so that later callbacks run at once.
func (w *watermarks) fire(closing bool) {
	w.mu.Lock()
	ready := w.ready
	w.ready = nil
	w.waiting.Store(false)
	w.closed = w.closed || closing
	w.mu.Unlock()
	for _, fn := range ready {
		fn()
	}
}
