package queue

import "sync/atomic"

// cacheLinePad keeps the producer and consumer counters of a Bounded on
// separate cache lines.
type cacheLinePad [64]byte

type cell[T any] struct {
	seq atomic.Uint64 // position this cell expects next
	v   T
}

// Bounded is a fixed-capacity multi-producer, multi-consumer FIFO queue
// (Dmitry Vyukov's bounded MPMC queue). Any goroutine may push and pop.
// Create one with [NewBounded].
type Bounded[T any] struct {
	_     cacheLinePad
	enq   atomic.Uint64
	_     cacheLinePad
	deq   atomic.Uint64
	_     cacheLinePad
	cells []cell[T]
	limit uint64 // capacity; below len(cells) only for capacity 1
}

// NewBounded returns an empty queue that holds at most capacity elements.
// It panics if capacity is less than one.
func NewBounded[T any](capacity int) *Bounded[T] {
	if capacity < 1 {
		panic("queue: capacity must be at least 1")
	}
	// The sequence scheme needs two cells to tell a full cell from an
	// empty one, so capacity 1 uses two cells and an explicit limit.
	q := &Bounded[T]{cells: make([]cell[T], max(capacity, 2)), limit: uint64(capacity)}
	for i := range q.cells {
		q.cells[i].seq.Store(uint64(i))
	}
	return q
}

// Cap returns the capacity the queue was created with.
func (q *Bounded[T]) Cap() int { return int(q.limit) }

// TryPush appends v and reports true, or reports false if the queue is full.
func (q *Bounded[T]) TryPush(v T) bool {
	n := uint64(len(q.cells))
	pos := q.enq.Load()
	for {
		c := &q.cells[pos%n]
		seq := c.seq.Load()
		switch {
		case seq == pos:
			if q.limit < n && pos-q.deq.Load() >= q.limit {
				return false
			}
			if q.enq.CompareAndSwap(pos, pos+1) {
				c.v = v
				c.seq.Store(pos + 1)
				return true
			}
			pos = q.enq.Load()
		case seq < pos:
			return false // the cell still holds the element from a lap ago
		default:
			pos = q.enq.Load()
		}
	}
}

// Pop removes and returns the oldest element, or reports false if the
// queue is empty or its oldest push is still in progress.
func (q *Bounded[T]) Pop() (T, bool) {
	var zero T
	n := uint64(len(q.cells))
	pos := q.deq.Load()
	for {
		c := &q.cells[pos%n]
		seq := c.seq.Load()
		switch {
		case seq == pos+1:
			if q.deq.CompareAndSwap(pos, pos+1) {
				v := c.v
				c.v = zero
				c.seq.Store(pos + n)
				return v, true
			}
			pos = q.deq.Load()
		case seq < pos+1:
			return zero, false
		default:
			pos = q.deq.Load()
		}
	}
}

// Empty reports whether every push that has reserved a cell has also been
// popped. It may report false for a push still in progress.
func (q *Bounded[T]) Empty() bool { return q.deq.Load() >= q.enq.Load() }

// Len returns an estimate of the number of elements in the queue.
func (q *Bounded[T]) Len() int {
	d, e := q.deq.Load(), q.enq.Load()
	if e <= d {
		return 0
	}
	return int(e - d)
}
