package queue

import "sync/atomic"

type stackNode[T any] struct {
	next *stackNode[T]
	v    T
}

// Stack is a multi-producer, single-consumer FIFO for rare traffic. Push
// is a lock-free prepend; the consumer takes the whole list at once and
// reverses it, so elements still come out in the order each producer
// pushed them. Its zero value is empty and costs two words.
type Stack[T any] struct {
	top   atomic.Pointer[stackNode[T]] // producers push here, newest first
	batch *stackNode[T]                // consumer's taken list, oldest first
}

// Push adds v. It never blocks.
func (s *Stack[T]) Push(v T) {
	n := &stackNode[T]{v: v}
	for {
		old := s.top.Load()
		n.next = old
		if s.top.CompareAndSwap(old, n) {
			return
		}
	}
}

// Pop removes and returns the oldest element, or reports false if there is
// none. Only the consumer may call it.
func (s *Stack[T]) Pop() (T, bool) {
	if s.batch == nil {
		var rev *stackNode[T]
		for n := s.top.Swap(nil); n != nil; {
			next := n.next
			n.next = rev
			rev, n = n, next
		}
		s.batch = rev
		if rev == nil {
			var zero T
			return zero, false
		}
	}
	n := s.batch
	s.batch = n.next
	return n.v, true
}

// Empty reports whether there is nothing to pop. Only the consumer may
// call it; it sees every push that has returned.
func (s *Stack[T]) Empty() bool { return s.batch == nil && s.top.Load() == nil }

// Pushed reports whether a push has happened since the consumer last took
// the pushed elements. Any goroutine may call it.
func (s *Stack[T]) Pushed() bool { return s.top.Load() != nil }
