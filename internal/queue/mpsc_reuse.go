package queue

// Reuse.
//
// The consumer recycles a SegmentSize segment as soon as it has popped
// all of its slots and moved on, and the producer that installs the next
// segment takes a recycled one instead of allocating. The hazard is a
// producer that loaded a pointer to a segment, was descheduled, and
// resumes after the consumer has passed the segment: a slot claimed in it
// then would be lost where the consumer has already been, or written over
// the segment's next life while the consumer resets it. Three rules
// exclude this.
//
//  1. A claim validates itself. It adds one to pos and has a slot only if
//     the result is below len(slots), and pos holds such values only while
//     the segment is open: from the store of 0 that opens it until its
//     last slot is taken. Recycling stores a mark far above any slot
//     index, and adds only raise pos, so a claim through a pointer to a
//     segment that is full, recycled, waiting as a spare or dropped finds
//     no slot, and the producer touches neither slots nor ready. If the
//     segment has been opened again, the claim is an ordinary one in the
//     current tail, later than any push that finished before it began.
//  2. A segment is open only while it is the tail and reachable by the
//     consumer: install links it after the old tail, stores it in tail,
//     and only then opens it. A claim therefore lands where the consumer
//     will read, and a segment with a claimed but unread slot is never
//     recycled, because the consumer recycles a segment only after
//     popping all its slots.
//  3. The consumer moves past a segment only once its successor is open,
//     which install does last; and since the push that claims a segment's
//     last slot installs before it writes, the consumer always finds the
//     successor open once it has popped that slot. By then the installer
//     has finished with the old segment's next field, which recycle
//     resets, and tail has moved past it, so recycle, which appends after
//     the tail, never links the segment to itself.
//
// Failed claims must not carry pos from one state into the next. A push
// makes one optimistic add; once it has failed, it only loads until it
// sees an open tail, so each push adds to a given life of a segment at
// most twice: once optimistically, and once after seeing it open and
// losing the race for its last slot. A goroutine has one push in flight
// at a time, so over one life, which recycle and open end and start with
// stores, failed adds raise pos by at most two per goroutine: far less
// than the 2^40 between marks.
//
// A recycled segment waits as a spare at the end of the chain, after the
// tail, where install finds it as the tail's next. Changes to next fields
// are all CompareAndSwaps: the consumer appends spares (recycle) and drops
// them (trim), a producer half way through a tail links a new spare
// (prelink), and the producer that claimed the tail's last slot, the one
// installer of the moment, replaces a dropped spare or links a new
// segment. The installer takes a spare by moving its pos from the spare
// mark to the acquired one, trim drops one by moving it to the dropped
// mark, so exactly one of them wins. There is no ABA on next: a dropped
// segment never comes back, and a segment's next changes only during one
// of its lives, since the consumer resets it only after passing it. The
// head has no ABA either: only the consumer stores it, and Len, the one
// reader elsewhere, reads only counts, which only grow.

// install makes the segment after t the tail and opens it. The caller has
// just claimed t's last slot, so it is the only goroutine installing.
func (q *MPSC[T]) install(t *segment[T]) {
	base := t.base.Load() + uint64(len(t.slots))
	size := uint64(min(2*len(t.slots), SegmentSize))
	var fresh *segment[T]
	for {
		n := t.next.Load()
		if n != nil {
			p := n.pos.Load()
			switch {
			case p >= markDropped:
			case p >= markAcquired || p < markSpare || uint64(len(n.slots)) != size:
				panic("queue: a segment after the tail is in use")
			case n.pos.CompareAndSwap(p, markAcquired):
				q.open(n, base)
				return
			default:
				continue // a failed claim or trim changed pos meanwhile
			}
		}
		if fresh == nil {
			fresh = newSegment[T](size)
			fresh.pos.Store(markAcquired)
		}
		if t.next.CompareAndSwap(n, fresh) {
			q.open(fresh, base)
			return
		}
	}
}

// open makes n, linked after the tail and acquired, the tail, then lets
// producers claim its slots.
func (q *MPSC[T]) open(n *segment[T], base uint64) {
	n.base.Store(base)
	q.tail.Store(n)
	n.pos.Store(0)
}

// prelink links a new spare after s, a full-size tail in which the caller
// has claimed a slot and not yet written it, so that s stays in the chain,
// and so that install will not have to allocate while other producers wait
// for it. It gives up if something else was linked meanwhile.
func prelink[T any](s *segment[T]) {
	n := newSegment[T](SegmentSize)
	n.pos.Store(markSpare)
	s.next.CompareAndSwap(nil, n)
}

// recycle resets s, which the consumer has just passed, and appends it to
// the spares after the tail unless there are maxSpares already. Consumer
// only.
func (q *MPSC[T]) recycle(s *segment[T]) {
	// Every slot of s was written and popped, so no producer sets a ready
	// bit or writes a slot (Pop zeroed them) from now on.
	s.base.Store(s.base.Load() + uint64(len(s.slots)))
	s.pos.Store(markSpare)
	s.ready.Store(0)
	s.next.Store(nil)
	last, spares := q.tail.Load(), 0
	for {
		if n := last.next.Load(); n != nil {
			last, spares = n, spares+1
			continue
		}
		if spares >= maxSpares {
			return // let the collector have it
		}
		if last.next.CompareAndSwap(nil, s) {
			return
		}
	}
}

// trim drops the spares after the first one, so that an idle queue keeps
// one spare segment. Consumer only.
func (q *MPSC[T]) trim() {
	t := q.tail.Load()
	if t == nil {
		return
	}
	keep := t.next.Load()
	if keep == nil {
		return
	}
	drop := keep.next.Load()
	if drop == nil {
		return
	}
	for {
		// drop is a spare unless the tail has moved on to it since.
		p := drop.pos.Load()
		if p < markSpare || p >= markAcquired {
			return
		}
		if drop.pos.CompareAndSwap(p, markDropped) {
			// If this fails, keep's installer has already replaced drop.
			keep.next.CompareAndSwap(drop, nil)
			return
		}
	}
}

// advance moves the consumer from s, its current segment, past fully
// consumed segments whose successor is open, recycling the full-size ones,
// and returns the consumer's segment. Consumer only.
func (q *MPSC[T]) advance(s *segment[T]) *segment[T] {
	for s.cons == uint64(len(s.slots)) {
		n := s.next.Load()
		if n == nil || !n.inUse() {
			break // not installed yet: nothing was pushed past s
		}
		n.cons, n.seen = 0, 0
		n.published.Store(n.base.Load())
		q.head.Store(n)
		if len(s.slots) == SegmentSize {
			q.recycle(s)
		}
		s = n
	}
	return s
}
