package queue

import "sync/atomic"

// Segment sizes of an [MPSC]: the first segment holds FirstSegment
// elements and each next one twice as many, up to SegmentSize. A queue
// that only ever sees a few messages stays small, and a busy one reuses
// its SegmentSize segments rather than allocating new ones.
const (
	FirstSegment = 2
	SegmentSize  = 64
)

// States of a segment. A segment's pos word counts the slots claimed in
// it while it is in use, and holds a mark otherwise:
//
//   - open: pos < len(slots). The segment is the tail, and pos is its next
//     free slot.
//   - full: len(slots) <= pos < markSpare, once its last slot is taken.
//   - spare: markSpare <= pos < markAcquired. Recycled, or linked ahead of
//     need, waiting after the tail to be reused.
//   - acquired: markAcquired <= pos < markDropped. Taken by install, not
//     yet open.
//   - dropped: markDropped <= pos. A spare that trim removed for good.
//
// Producers claim with an atomic add, so a push that fails to claim
// leaves pos one higher than it found it. Such adds are bounded (see
// Reuse) and far too few to carry pos from one state into the next, so
// only the marks' top bits tell the state.
const (
	markShift    = 40
	markSpare    = 1 << markShift
	markAcquired = 2 << markShift
	markDropped  = 3 << markShift
	// maxSpares bounds the spare segments kept after the tail while the
	// consumer is busy: enough for a backlog that swings by a thousand
	// elements to allocate nothing. Mark trims them to one.
	maxSpares = 16
)

// segment is a block of slots. A producer claims a slot by adding one to
// pos, writes the slot, then sets its bit in ready.
type segment[T any] struct {
	pos   atomic.Uint64 // slots claimed, or a mark; see the states above
	ready atomic.Uint64 // bit i set once slots[i] is written
	next  atomic.Pointer[segment[T]]
	// base is the number of slots in the queue before this segment, from
	// its opening, and after its slots from its recycling on. Only the
	// producer installing the segment and the consumer recycling it store
	// it, each before the pos store that makes the change visible, so that
	// claimed, which reads pos first, never counts too few.
	base atomic.Uint64
	// published is the consumer's count of pops as of its last Publish or
	// its arrival in the segment, for Len.
	published atomic.Uint64
	// cons is the consumer's index in slots. It lives here, on a line the
	// producers write anyway, rather than in the MPSC, whose line the
	// producers only read: a consumer write there on every pop would make
	// every following push miss.
	cons uint64
	// seen is the consumer's copy of ready. Ready bits are only set while
	// the segment is in use, so the consumer reloads the shared word only
	// when it runs past what it has seen.
	seen  uint64
	slots []T
}

// claim takes the next slot of s and returns its index, or reports false
// if s is not open; see Reuse for why s may be any segment the caller has
// ever loaded as the tail.
func (s *segment[T]) claim() (uint64, bool) {
	i := s.pos.Add(1) - 1
	return i, i < uint64(len(s.slots))
}

// write stores v in slot i, which the caller has claimed, and marks it
// ready.
func (s *segment[T]) write(i uint64, v T) {
	s.slots[i] = v
	s.ready.Or(1 << i)
}

// inUse reports whether s is open or full: the tail, or a segment before
// it, in its current life.
func (s *segment[T]) inUse() bool { return s.pos.Load() < markSpare }

// claimed returns the number of slots claimed in the queue up to the end
// of s, counting s's slots as claimed once it is recycled, or more by up to
// len(s.slots) if s is being recycled meanwhile; never fewer.
func (s *segment[T]) claimed() uint64 {
	p := s.pos.Load()
	n := uint64(len(s.slots))
	switch {
	case p < n:
	case p < markSpare:
		p = n
	default:
		p = 0 // recycled: base has moved past the slots
	}
	return s.base.Load() + p
}

// newSegment allocates a segment and its slots together, in one
// allocation, for each of the sizes the queue uses.
func newSegment[T any](size uint64) *segment[T] {
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
