package queue

import (
	"runtime"
	"sync/atomic"
)

// MPSC is an unbounded multi-producer, single-consumer FIFO queue. Push
// may be called from any goroutine; Pop, Empty, Publish and Mark only from
// the single consumer. The zero value is an empty queue that holds no
// memory until the first Push; afterwards it keeps its current segment
// and, once it has used SegmentSize segments, spare ones for reuse: up to
// 16 while its consumer is busy, and one after Mark. The queue itself is
// two words: the spares wait in the chain of segments, after the tail.
type MPSC[T any] struct {
	tail atomic.Pointer[segment[T]] // segment producers claim in
	head atomic.Pointer[segment[T]] // segment the consumer reads from
}

// spinWaits is how many times Push looks again at a full tail before it
// yields to let the installing producer run.
const spinWaits = 16

// Push appends v to the queue. It never fails and never waits for the
// consumer. Once per segment it may wait, yielding, for another Push: the
// one that claimed the tail's last slot, while it installs the next
// segment (see Reuse).
func (q *MPSC[T]) Push(v T) {
	s := q.tail.Load()
	for waits := 0; ; {
		if s == nil {
			q.start()
			s = q.tail.Load()
			continue
		}
		if i, ok := s.claim(); ok {
			q.prepare(s, i)
			s.write(i, v)
			return
		}
		// s is full and its next is being installed, or s is no longer
		// the tail. Wait with loads, not claims, until the tail is open.
		for {
			if waits++; waits > spinWaits {
				runtime.Gosched()
			}
			if s = q.tail.Load(); s.pos.Load() < uint64(len(s.slots)) {
				break
			}
		}
	}
}

// prepare does what a push must do after claiming slot i of s and before
// writing it.
func (q *MPSC[T]) prepare(s *segment[T], i uint64) {
	if i == SegmentSize/2 || i == uint64(len(s.slots))-1 {
		q.milestone(s, i)
	}
}

// milestone does the extra work of the pushes that claim the middle and
// the last slot of a segment, before they write.
func (q *MPSC[T]) milestone(s *segment[T], i uint64) {
	if i == uint64(len(s.slots))-1 {
		// The last slot's owner installs the next segment before
		// writing, so that the others wait as little as possible.
		q.install(s)
		return
	}
	// Half way through a full-size segment, make sure a spare waits after
	// it, so that install need not allocate while other producers wait.
	if len(s.slots) == SegmentSize && s.next.Load() == nil {
		prelink(s)
	}
}

// start installs the first segment. It is published as head before tail,
// so the consumer finds it even after tail has moved on, and it is open
// from the start.
func (q *MPSC[T]) start() {
	q.head.CompareAndSwap(nil, newSegment[T](FirstSegment))
	q.tail.CompareAndSwap(nil, q.head.Load())
}

// Pop removes and returns the oldest element. It reports false if the
// queue is empty or if the oldest push has claimed its slot but not yet
// written it; see the package documentation.
func (q *MPSC[T]) Pop() (T, bool) {
	var zero T
	s := q.head.Load()
	if s == nil {
		return zero, false
	}
	if s.cons == uint64(len(s.slots)) {
		if s = q.advance(s); s.cons == uint64(len(s.slots)) {
			return zero, false
		}
	}
	i := s.cons
	bit := uint64(1) << i
	if s.seen&bit == 0 {
		if s.seen = s.ready.Load(); s.seen&bit == 0 {
			return zero, false
		}
	}
	v := s.slots[i]
	s.slots[i] = zero // let the message be collected
	s.cons = i + 1
	return v, true
}

// popped returns the number of elements the consumer has popped, s being
// its segment. Consumer only.
func popped[T any](s *segment[T]) uint64 { return s.base.Load() + s.cons }

// Empty reports whether no push has claimed a slot that the consumer has
// not yet popped. It may report false for a push still in progress.
func (q *MPSC[T]) Empty() bool {
	s := q.head.Load()
	if s == nil {
		return true
	}
	s = q.advance(s)
	t := q.tail.Load()
	return t == nil || t.claimed() <= popped(s)
}

// Publish makes the consumer's position visible to Len. Only the consumer
// may call it; calling it once per batch of pops, rather than per pop,
// keeps it off the per-message path.
func (q *MPSC[T]) Publish() {
	if s := q.head.Load(); s != nil {
		if n := popped(s); s.published.Load() != n {
			s.published.Store(n)
		}
	}
}

// Len estimates the number of elements in the queue from atomic state
// only, so any goroutine may call it: the slots claimed so far, minus
// those the consumer had popped at its last Publish or when it entered
// its current segment, whichever is later. It therefore over-counts by the
// pops since then, and counts pushes still in progress. It reads a few
// words and never walks the queue.
func (q *MPSC[T]) Len() int {
	s := q.head.Load()
	if s == nil {
		return 0
	}
	pub := s.published.Load()
	t := q.tail.Load()
	if t == nil {
		return 0
	}
	claimed := t.claimed()
	return int(claimed - min(pub, claimed))
}

// Cursor is the consumer's position in an MPSC, taken with Mark: the
// number of elements popped so far. Its Pending method reads only shared
// atomic state, so it may be called after the consumer has handed its role
// to another goroutine.
type Cursor[T any] struct {
	popped uint64
}

// Mark returns the consumer's current position. It also drops all but one
// of the queue's spare segments, since a consumer takes a mark when it is
// about to go idle. Only the consumer may call it.
func (q *MPSC[T]) Mark() Cursor[T] {
	s := q.head.Load()
	if s == nil {
		return Cursor[T]{}
	}
	s = q.advance(s)
	q.trim()
	return Cursor[T]{popped(s)}
}

// Pending reports whether a push has claimed a slot past the marked
// position. Any goroutine may call it. It never misses a claim made before
// the call; it may report true, rarely, for none, when it reads a segment
// that the consumer is recycling meanwhile, which costs the caller no more
// than an extra look at the queue.
func (c Cursor[T]) Pending(q *MPSC[T]) bool {
	t := q.tail.Load()
	return t != nil && t.claimed() > c.popped
}
