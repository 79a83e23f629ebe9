package dispatch

import "sync/atomic"

// localSize is the capacity of a worker's local run queue, as in Tokio.
const (
	localSize = 256
	localMask = localSize - 1
)

// local is a worker's run queue: a fixed ring that only its owner pushes
// to and pops from, and from which any other worker may steal half. It is
// Tokio's queue (tokio/src/runtime/scheduler/multi_thread/queue.rs).
//
// head packs two positions: steal (high half), the oldest entry a thief
// may still be copying out, and real (low half), the next entry to pop.
// They differ only while a steal is in progress: the entries in
// [steal, real) then belong to that thief, which moves steal up to real
// when it has copied them. tail is the next position to push to; only
// the owner writes it. Positions are free-running uint32s (an entry's
// slot is its position & localMask), so a push must stay within localSize
// of steal, never just of real: a slot a thief is still copying is never
// overwritten.
//
// Slots are plain fields, not atomics: a slot is written by the owner
// before the tail store that publishes it (release) and read by whoever
// claimed it with a head CAS after loading that tail (acquire); a slot is
// reused only after the head CAS or store that gave it up, which the owner
// loads before writing it.
type local struct {
	head atomic.Uint64 // steal<<32 | real
	tail atomic.Uint32
	buf  [localSize]Runnable
}

func pack(steal, real uint32) uint64       { return uint64(steal)<<32 | uint64(real) }
func unpack(h uint64) (steal, real uint32) { return uint32(h >> 32), uint32(h) }

// len returns the number of entries, from atomic state only, so anyone may
// call it; it is exact when the owner is not pushing or popping.
func (q *local) len() int {
	_, real := unpack(q.head.Load())
	return int(q.tail.Load() - real)
}

// push appends r and reports true if there is room. Owner only.
func (q *local) push(r Runnable) bool {
	steal, _ := unpack(q.head.Load())
	t := q.tail.Load()
	if t-steal >= localSize {
		return false
	}
	q.buf[t&localMask] = r
	q.tail.Store(t + 1)
	return true
}

// pushOverflow appends r to a queue that push found full: it moves the
// older half, then r, to the injection queue, as Go's runqputslow does, so
// that other workers can take them. If a thief is copying out right now,
// only r goes there. Owner only.
func (q *local) pushOverflow(r Runnable, inj *inject) {
	const half = localSize / 2
	for {
		if q.push(r) {
			return // a thief made room meanwhile
		}
		h := q.head.Load()
		steal, real := unpack(h)
		if steal != real {
			inj.push(r)
			return
		}
		if !q.head.CompareAndSwap(h, pack(real+half, real+half)) {
			continue // a thief took some: there may be room now
		}
		// The claimed entries are the owner's alone: a thief that loaded
		// the old head fails its CAS.
		inj.pushLocal(q, real, half, r)
		return
	}
}

// pop removes and returns the oldest entry, or nil. Owner only.
func (q *local) pop() Runnable {
	h := q.head.Load()
	for {
		steal, real := unpack(h)
		if real == q.tail.Load() {
			return nil
		}
		next := pack(steal, real+1)
		if steal == real {
			next = pack(real+1, real+1)
		}
		if q.head.CompareAndSwap(h, next) {
			i := real & localMask
			r := q.buf[i]
			q.buf[i] = nil // let a stopped actor be collected
			return r
		}
		h = q.head.Load()
	}
}

// stealInto moves about half of q's entries into dst, which must be its
// caller's own queue, and returns one of them to run at once; nil if
// there was nothing to take or another thief is at work on q. dst's owner
// calls it.
func (q *local) stealInto(dst *local) Runnable {
	dstTail := dst.tail.Load()
	if dstSteal, _ := unpack(dst.head.Load()); dstTail-dstSteal > localSize/2 {
		return nil // no room for half a queue: dst has work of its own
	}
	// Claim [real, real+n) by moving real, leaving steal behind, so the
	// owner neither pops nor overwrites those entries while they are
	// copied.
	var n, first uint32
	h := q.head.Load()
	for {
		steal, real := unpack(h)
		if steal != real {
			return nil // another thief is at work
		}
		n = q.tail.Load() - real
		n -= n / 2
		if n == 0 {
			return nil
		}
		if q.head.CompareAndSwap(h, pack(steal, real+n)) {
			first = real
			h = pack(steal, real+n)
			break
		}
		h = q.head.Load()
	}
	for i := range n {
		s := (first + i) & localMask
		dst.buf[(dstTail+i)&localMask] = q.buf[s]
		q.buf[s] = nil
	}
	// Release the slots: steal catches up with real (which the owner may
	// have moved on by popping meanwhile).
	for {
		_, real := unpack(h)
		if q.head.CompareAndSwap(h, pack(real, real)) {
			break
		}
		h = q.head.Load()
	}
	// Keep the newest stolen entry to run now; publish the rest.
	n--
	last := (dstTail + n) & localMask
	r := dst.buf[last]
	dst.buf[last] = nil
	if n > 0 {
		dst.tail.Store(dstTail + n)
	}
	return r
}
