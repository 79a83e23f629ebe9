package queue

import "sync/atomic"

// SegmentSize is the number of elements in one segment of an [MPSC].
const SegmentSize = 32

// segment is a block of SegmentSize slots. Producers reserve slots by
// incrementing reserved, write the slot, then set its bit in ready.
type segment[T any] struct {
	reserved atomic.Int64  // reservation attempts; >= SegmentSize means full
	ready    atomic.Uint64 // bit i set once slots[i] is written
	next     atomic.Pointer[segment[T]]
	slots    [SegmentSize]T
}

// MPSC is an unbounded multi-producer, single-consumer FIFO queue. Push
// may be called from any goroutine; Pop and Empty only from the single
// consumer. The zero value is an empty queue that holds no memory until
// the first Push.
type MPSC[T any] struct {
	tail atomic.Pointer[segment[T]] // segment producers reserve in
	head atomic.Pointer[segment[T]] // segment the consumer reads from
	pos  int                        // consumer's index in head
}

// Push appends v to the queue. It never blocks and never fails.
func (q *MPSC[T]) Push(v T) {
	s := q.tail.Load()
	for {
		if s == nil {
			// The first segment is published as head before tail, so
			// the consumer finds it even after tail has moved on.
			q.head.CompareAndSwap(nil, new(segment[T]))
			q.tail.CompareAndSwap(nil, q.head.Load())
			s = q.tail.Load()
			continue
		}
		i := s.reserved.Add(1) - 1
		if i < SegmentSize {
			s.slots[i] = v
			s.ready.Or(1 << i)
			if i == SegmentSize-1 {
				// The last slot's owner links the next segment, so other
				// producers rarely find the queue without one.
				s.next.CompareAndSwap(nil, new(segment[T]))
				q.tail.CompareAndSwap(s, s.next.Load())
			}
			return
		}
		next := s.next.Load()
		if next == nil {
			s.next.CompareAndSwap(nil, new(segment[T]))
			next = s.next.Load()
		}
		q.tail.CompareAndSwap(s, next)
		s = next
	}
}

// Pop removes and returns the oldest element. It reports false if the
// queue is empty or if the oldest push has reserved its slot but not yet
// written it; see the package documentation.
func (q *MPSC[T]) Pop() (T, bool) {
	var zero T
	s := q.advance()
	if s == nil || q.pos == SegmentSize || s.ready.Load()&(1<<q.pos) == 0 {
		return zero, false
	}
	v := s.slots[q.pos]
	s.slots[q.pos] = zero // let the message be collected
	q.pos++
	return v, true
}

// Empty reports whether no push has reserved a slot that the consumer has
// not yet popped. It may report false for a push still in progress.
func (q *MPSC[T]) Empty() bool {
	s := q.advance()
	if s == nil {
		return true
	}
	return s.reserved.Load() <= int64(q.pos)
}

// advance moves the consumer past fully consumed segments and returns the
// segment it reads from, or nil if nothing was ever pushed.
func (q *MPSC[T]) advance() *segment[T] {
	s := q.head.Load()
	if s == nil {
		return nil
	}
	for q.pos == SegmentSize {
		next := s.next.Load()
		if next == nil {
			break
		}
		s, q.pos = next, 0
		q.head.Store(s)
	}
	return s
}

// Cursor is the consumer's position in an MPSC, taken with Mark. Its
// Pending method reads only shared atomic state, so it may be called after
// the consumer has handed its role to another goroutine.
type Cursor[T any] struct {
	seg *segment[T]
	pos int
}

// Mark returns the consumer's current position. Only the consumer may call
// it.
func (q *MPSC[T]) Mark() Cursor[T] { return Cursor[T]{q.advance(), q.pos} }

// Pending reports whether a push has reserved a slot past the marked
// position. Any goroutine may call it.
func (c Cursor[T]) Pending(q *MPSC[T]) bool {
	if c.seg == nil {
		return q.tail.Load() != nil
	}
	if c.pos < SegmentSize {
		return c.seg.reserved.Load() > int64(c.pos)
	}
	if c.seg.reserved.Load() > SegmentSize {
		return true
	}
	next := c.seg.next.Load()
	return next != nil && next.reserved.Load() > 0
}
