package queue

import "sync/atomic"

// Segment sizes of an [MPSC]: the first segment holds FirstSegment
// elements and each next one twice as many, up to SegmentSize. A queue
// that only ever sees a few messages stays small, and a busy one
// allocates once per SegmentSize messages.
const (
	FirstSegment = 2
	SegmentSize  = 64
)

// segment is a block of slots. Producers reserve slots by incrementing
// reserved, write the slot, then set its bit in ready.
type segment[T any] struct {
	reserved atomic.Int64  // reservation attempts; >= len(slots) means full
	ready    atomic.Uint64 // bit i set once slots[i] is written
	next     atomic.Pointer[segment[T]]
	// consumed is the consumer's index. It lives here, on a line the
	// producers write anyway, rather than in the MPSC, whose line the
	// producers only read: a consumer write there on every pop would make
	// every following push miss.
	consumed int
	// published is consumed as of the consumer's last Publish, for Len.
	published atomic.Int64
	// seen is the consumer's copy of ready. Ready bits are only ever set
	// (segments are not reused), so the consumer reloads the shared word
	// only when it runs past what it has seen.
	seen  uint64
	slots []T
}

// newSegment allocates a segment and its slots together, in one
// allocation, for each of the sizes the queue uses.
func newSegment[T any](size int) *segment[T] {
	switch size {
	case 2:
		x := new(struct {
			s segment[T]
			a [2]T
		})
		x.s.slots = x.a[:]
		return &x.s
	case 4:
		x := new(struct {
			s segment[T]
			a [4]T
		})
		x.s.slots = x.a[:]
		return &x.s
	case 8:
		x := new(struct {
			s segment[T]
			a [8]T
		})
		x.s.slots = x.a[:]
		return &x.s
	case 16:
		x := new(struct {
			s segment[T]
			a [16]T
		})
		x.s.slots = x.a[:]
		return &x.s
	case 32:
		x := new(struct {
			s segment[T]
			a [32]T
		})
		x.s.slots = x.a[:]
		return &x.s
	case 64:
		x := new(struct {
			s segment[T]
			a [64]T
		})
		x.s.slots = x.a[:]
		return &x.s
	}
	panic("queue: unexpected segment size")
}

// link makes sure s has a next segment and returns it.
func (s *segment[T]) link() *segment[T] {
	if next := s.next.Load(); next != nil {
		return next
	}
	s.next.CompareAndSwap(nil, newSegment[T](min(2*len(s.slots), SegmentSize)))
	return s.next.Load()
}

// MPSC is an unbounded multi-producer, single-consumer FIFO queue. Push
// may be called from any goroutine; Pop and Empty only from the single
// consumer. The zero value is an empty queue that holds no memory until
// the first Push; afterwards it keeps at least its current segment.
type MPSC[T any] struct {
	tail atomic.Pointer[segment[T]] // segment producers reserve in
	head atomic.Pointer[segment[T]] // segment the consumer reads from
}

// Push appends v to the queue. It never blocks and never fails.
func (q *MPSC[T]) Push(v T) {
	s := q.tail.Load()
	for {
		if s == nil {
			// The first segment is published as head before tail, so
			// the consumer finds it even after tail has moved on.
			q.head.CompareAndSwap(nil, newSegment[T](FirstSegment))
			q.tail.CompareAndSwap(nil, q.head.Load())
			s = q.tail.Load()
			continue
		}
		i := s.reserved.Add(1) - 1
		if n := int64(len(s.slots)); i < n {
			s.slots[i] = v
			s.ready.Or(1 << i)
			if i == n-1 {
				// The last slot's owner links the next segment, so other
				// producers rarely find the queue without one.
				q.tail.CompareAndSwap(s, s.link())
			}
			return
		}
		next := s.link()
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
	if s == nil {
		return zero, false
	}
	i := s.consumed
	if i == len(s.slots) {
		return zero, false
	}
	if s.seen&(1<<i) == 0 {
		if s.seen = s.ready.Load(); s.seen&(1<<i) == 0 {
			return zero, false
		}
	}
	v := s.slots[i]
	s.slots[i] = zero // let the message be collected
	s.consumed = i + 1
	return v, true
}

// Empty reports whether no push has reserved a slot that the consumer has
// not yet popped. It may report false for a push still in progress.
func (q *MPSC[T]) Empty() bool {
	s := q.advance()
	if s == nil {
		return true
	}
	return s.reserved.Load() <= int64(s.consumed)
}

// Publish makes the consumer's position visible to Len. Only the consumer
// may call it; calling it once per batch of pops, rather than per pop,
// keeps it off the per-message path.
func (q *MPSC[T]) Publish() {
	s := q.head.Load()
	if s != nil && s.published.Load() != int64(s.consumed) {
		s.published.Store(int64(s.consumed))
	}
}

// Len estimates the number of elements in the queue from atomic state
// only, so any goroutine may call it: the slots reserved in the segments
// from the consumer's current one on, minus what the consumer had popped
// from that segment at its last Publish. It therefore over-counts by the
// pops since then, and counts pushes still in progress. It walks one
// segment per SegmentSize queued elements.
func (q *MPSC[T]) Len() int {
	s := q.head.Load()
	if s == nil {
		return 0
	}
	n := -s.published.Load()
	for ; s != nil; s = s.next.Load() {
		n += min(s.reserved.Load(), int64(len(s.slots)))
	}
	return int(max(n, 0))
}

// advance moves the consumer past fully consumed segments and returns the
// segment it reads from, or nil if nothing was ever pushed.
func (q *MPSC[T]) advance() *segment[T] {
	s := q.head.Load()
	if s == nil {
		return nil
	}
	for s.consumed == len(s.slots) {
		next := s.next.Load()
		if next == nil {
			break
		}
		s = next
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
func (q *MPSC[T]) Mark() Cursor[T] {
	s := q.advance()
	if s == nil {
		return Cursor[T]{}
	}
	return Cursor[T]{s, s.consumed}
}

// Pending reports whether a push has reserved a slot past the marked
// position. Any goroutine may call it.
func (c Cursor[T]) Pending(q *MPSC[T]) bool {
	if c.seg == nil {
		return q.tail.Load() != nil
	}
	n := len(c.seg.slots)
	if c.pos < n {
		return c.seg.reserved.Load() > int64(c.pos)
	}
	if c.seg.reserved.Load() > int64(n) {
		return true
	}
	next := c.seg.next.Load()
	return next != nil && next.reserved.Load() > 0
}
