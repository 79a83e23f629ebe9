package queue

import "unsafe"

// MaxSpares is maxSpares, for tests of how many spares a queue keeps.
const MaxSpares = maxSpares

// HalfPush is a push stopped after its first step: it has loaded the
// tail, as Push does, and not yet claimed a slot in it.
type HalfPush[T any] struct {
	q *MPSC[T]
	s *segment[T]
	i uint64
}

// StartPush does the first step of a push. The queue must have a tail.
func StartPush[T any](q *MPSC[T]) *HalfPush[T] { return &HalfPush[T]{q: q, s: q.tail.Load()} }

// Claim does the second step, Push's claim in the segment loaded, and
// reports whether it took a slot; if it did not, Push would wait for an
// open tail and claim again. After a successful claim the caller must
// Write, as Push does.
func (h *HalfPush[T]) Claim() bool {
	i, ok := h.s.claim()
	h.i = i
	return ok
}

// Write stores v in the slot that Claim took, as Push does.
func (h *HalfPush[T]) Write(v T) {
	h.q.prepare(h.s, h.i)
	h.s.write(h.i, v)
}

// Same reports whether the push loaded the segment that is the tail now.
func (h *HalfPush[T]) Same() bool { return h.s == h.q.tail.Load() }

// Segment identifies the consumer's current segment.
func Segment[T any](q *MPSC[T]) unsafe.Pointer { return unsafe.Pointer(q.head.Load()) }

// Spares counts the segments linked after the tail.
func Spares[T any](q *MPSC[T]) int {
	n := 0
	for s := q.tail.Load().next.Load(); s != nil; s = s.next.Load() {
		n++
	}
	return n
}
