package futures

import (
	"sync"
	"sync/atomic"
)

// state is the shared heart of a Promise and its Future (except for a
// promise a Group made, whose result the group keeps: see segment). It
// holds the result once complete and, while pending, a circular doubly
// linked list of the links waiting for it, so that a registration can be
// removed in constant time (Timeout and WithContext rely on this).
//
// It costs one allocation of 40 bytes plus the value and no goroutine; the
// channel behind Future.Done is made only when someone asks for it, and
// waits in the list as a link of its own.
type state[T any] struct {
	ref   ref[T]      // first, with k 0: see ref
	mu    sync.Mutex  // guards head, and done's setting
	done  atomic.Bool // set under mu; once true, value and err never change
	head  *link[T]    // waiting links, in registration order; nil once done
	err   error
	value T
}

// waiter is what a link notifies when its state completes. Combinators
// implement it on their own structs so that registering costs no closure.
type waiter[T any] interface {
	notify(v T, err error)
}

// link is one registration on a state. It is embedded in the struct that
// waits, so a registration allocates nothing of its own.
type link[T any] struct {
	next, prev *link[T] // non-nil exactly while linked into a pending state
	w          waiter[T]
}

// closedChan is what Done returns for a future that is already complete.
var closedChan = func() chan struct{} {
	ch := make(chan struct{})
	close(ch)
	return ch
}()

func (s *state[T]) isDone() bool { return s.done.Load() }

// complete records the result and notifies every link, in registration
// order, on the calling goroutine after releasing the lock. It reports
// false, changing nothing, if the state was already complete.
func (s *state[T]) complete(v T, err error) bool {
	s.mu.Lock()
	if s.done.Load() {
		s.mu.Unlock()
		return false
	}
	s.value, s.err = v, err
	s.done.Store(true)
	head := s.head
	s.head = nil
	s.mu.Unlock()
	notifyAll(head, v, err)
	return true
}

// notify lets a state be the waiter of a link, forwarding the result of
// the state it waits on (Then uses it to follow the inner future).
func (s *state[T]) notify(v T, err error) { s.complete(v, err) }

// add links l to be notified on completion. It reports false, without
// linking, if the state is already complete: the caller then notifies
// inline with the recorded result.
func (s *state[T]) add(l *link[T]) bool {
	if s.done.Load() {
		return false
	}
	s.mu.Lock()
	if s.done.Load() {
		s.mu.Unlock()
		return false
	}
	linkInto(&s.head, l)
	s.mu.Unlock()
	return true
}

// remove unlinks l if it is still waiting on s. It does nothing if l was
// never added, was removed before, or s has completed (the completing
// goroutine owns the list then). l must not be linked into another state.
func (s *state[T]) remove(l *link[T]) {
	s.mu.Lock()
	if !s.done.Load() && l.prev != nil {
		unlink(&s.head, l)
	}
	s.mu.Unlock()
}

// doneChan returns a channel that is closed when s completes.
func (s *state[T]) doneChan() <-chan struct{} {
	if s.done.Load() {
		return closedChan
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done.Load() {
		return closedChan
	}
	return chanIn(&s.head)
}

// linkInto appends l to the list at *head.
func linkInto[T any](head **link[T], l *link[T]) {
	if h := *head; h == nil {
		l.next, l.prev = l, l
		*head = l
	} else {
		t := h.prev
		l.prev, l.next = t, h
		t.next = l
		h.prev = l
	}
}

// unlink removes l from the list at *head, which holds it.
func unlink[T any](head **link[T], l *link[T]) {
	if l.next == l {
		*head = nil
	} else {
		l.prev.next = l.next
		l.next.prev = l.prev
		if *head == l {
			*head = l.next
		}
	}
	l.next, l.prev = nil, nil
}

// notifyAll notifies, in order, the links of the list at head, which its
// completer took out of a state or a segment.
func notifyAll[T any](head *link[T], v T, err error) {
	for l := head; l != nil; {
		next := l.next
		if next == head {
			next = nil
		}
		w := l.w
		// Unlink so that a waiter kept alive by a reader does not keep
		// its unrelated siblings alive through the old list.
		l.next, l.prev = nil, nil
		w.notify(v, err)
		l = next
	}
}

// doneWaiter is the link behind Future.Done: it closes ch on completion.
type doneWaiter[T any] struct {
	in link[T]
	ch chan struct{}
}

func (d *doneWaiter[T]) notify(T, error) { close(d.ch) }

// chanIn returns the Done channel waiting in the list at *head, linking
// one first if there is none, so that a future has one channel however
// often Done is called. The list's lock is held.
func chanIn[T any](head **link[T]) chan struct{} {
	for l := *head; l != nil; {
		if d, ok := l.w.(*doneWaiter[T]); ok {
			return d.ch
		}
		if l = l.next; l == *head {
			break
		}
	}
	d := &doneWaiter[T]{ch: make(chan struct{})}
	d.in.w = d
	linkInto(head, &d.in)
	return d.ch
}
