package queue

import "sync/atomic"

type stackNode[T any] struct {
	next *stackNode[T]
	v    T
}

// Stack is a multi-producer FIFO for rare traffic, such as system
// messages. Push is a lock-free prepend; the consumer takes everything at
// once with Take, which reverses the list, so elements still come out in
// the order each producer pushed them. Its zero value is empty and costs
// one word.
type Stack[T any] struct {
	top atomic.Pointer[stackNode[T]] // newest first
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

// Take removes every element and returns them, oldest first. Only one
// goroutine at a time may take (the consumer).
func (s *Stack[T]) Take() Batch[T] {
	var rev *stackNode[T]
	for n := s.top.Swap(nil); n != nil; {
		next := n.next
		n.next = rev
		rev, n = n, next
	}
	return Batch[T]{rev}
}

// Empty reports whether there is nothing to take. Any goroutine may call
// it; it sees every push that has returned.
func (s *Stack[T]) Empty() bool { return s.top.Load() == nil }

// Batch is what Stack.Take took, oldest first.
type Batch[T any] struct{ n *stackNode[T] }

// Next removes and returns the oldest element of the batch, or reports
// false when the batch is used up.
func (b *Batch[T]) Next() (T, bool) {
	if b.n == nil {
		var zero T
		return zero, false
	}
	n := b.n
	b.n = n.next
	return n.v, true
}
