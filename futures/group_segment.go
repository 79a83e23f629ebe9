package futures

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

// A Group keeps its members' results itself, in segments of up to 64
// members, so that a promise it makes needs no state of its own: the
// promise points at the member's byte in the segment's refs (see ref),
// and the member's value, error and status live in the segment.
//
// Completing a member takes two atomic operations on its segment and no
// lock:
//
//   - claimed: the first completion sets the member's bit, and so wins the
//     right to write the member's value and error; a later one finds the
//     bit set and changes nothing (ErrAlreadyCompleted).
//   - done: the winner sets the member's bit once the result is written,
//     which publishes it: whoever sees the bit may read the result. The Or
//     that sets a segment's last bit settles the whole segment, so the
//     group counts down once per segment, not once per member.
//
// The bits of places that hold no member (past the size of the first,
// smaller segments, or after the last member once the group is closed)
// are set in done, so a segment has settled when done is all ones.
//
// Someone waiting for one member (a future's callbacks and combinators,
// Done, AskIn's timeout) sets the member's bit in watched and links into
// the member's list, both under the segment's lock; the completer reads
// watched after setting done, and takes the list under the lock only if
// the bit is set. Each side writes one word and then reads the other's,
// and atomics are sequentially consistent, so at least one sees the other:
// either the registrant sees done and reads the result itself, or the
// completer sees watched and waits for the lock the registrant holds until
// its link is in. A member nobody waits for never takes the lock.
type segment[T any] struct {
	refs    [segSize]ref[T] // first (see ref): the members' promises point here
	claimed atomic.Uint64   // bit k: member k's result is being recorded
	done    atomic.Uint64   // bit k: member k's result is recorded, or k is no member
	watched atomic.Uint64   // bit k: member k may have links waiting
	sent    atomic.Uint64   // bit k: PipeEach's function had member k's result
	t       *tally[T]       // its Group's
	id      int             // its number among the group's segments
	base    int             // the group's number for its first member

	errs atomic.Pointer[[segSize]error]    // made at the segment's first failure
	adds atomic.Pointer[[segSize]adder[T]] // made at its first Add
	mu   sync.Mutex                        // guards waiting
	wait *[segSize]*link[T]                // made at its first link; wait[k] lists member k's links
	size int                               // members it can hold
	vals atomic.Pointer[T]                 // its first member's value, once any is written: see value
}

const segSize = 64 // members per segment: the bits of a word

// allSet is a done word whose segment has settled.
const allSet = ^uint64(0)

func (s *segment[T]) isDone(k int) bool { return s.done.Load()&(1<<k) != 0 }

// result returns member k's value and error; it must be done.
func (s *segment[T]) result(k int) (T, error) {
	var err error
	if errs := s.errs.Load(); errs != nil {
		err = errs[k]
	}
	return *s.value(k), err
}

// value returns where member k's value is kept: in values the segment
// makes at its first completion, unless All gave it its part of the
// slice it returns first (see Group.close), so that its members' values
// need no copy.
func (s *segment[T]) value(k int) *T {
	p := s.vals.Load()
	if p == nil {
		p = s.makeVals()
	}
	return at(p, k)
}

// at returns the k-th value from p.
func at[T any](p *T, k int) *T {
	return (*T)(unsafe.Add(unsafe.Pointer(p), uintptr(k)*unsafe.Sizeof(*p)))
}

// makeVals makes the segment's values unless it has some.
func (s *segment[T]) makeVals() *T {
	s.vals.CompareAndSwap(nil, unsafe.SliceData(make([]T, s.size)))
	return s.vals.Load()
}

// values returns the values of the first m members; they have settled.
func (s *segment[T]) values(m int) []T {
	p := s.vals.Load()
	if p == nil {
		return make([]T, m) // cannot happen: a member settled writes its value
	}
	return unsafe.Slice(p, m)
}

// complete records member k's result, notifies whoever waits for the
// member and tells the group. It reports false, changing nothing, if the
// member was completed before.
func (s *segment[T]) complete(k int, v T, err error) bool {
	bit := uint64(1) << k
	if s.claimed.Or(bit)&bit != 0 {
		return false
	}
	p := s.vals.Load()
	if p == nil {
		p = s.makeVals()
	}
	*at(p, k) = v
	if err != nil {
		s.errors()[k] = err
	}
	last := s.done.Or(bit)|bit == allSet
	if s.watched.Load()&bit != 0 {
		s.notify(k, v, err)
	}
	if t := s.t; last || err != nil || t.each.Load() != nil {
		t.settle(s, k, v, err, last)
	}
	return true
}

// notify notifies the links waiting for member k, which has settled.
func (s *segment[T]) notify(k int, v T, err error) {
	s.mu.Lock()
	var head *link[T]
	if s.wait != nil {
		head, s.wait[k] = s.wait[k], nil
	}
	s.mu.Unlock()
	notifyAll(head, v, err)
}

// errors returns the segment's errors, making them at the first failure.
func (s *segment[T]) errors() *[segSize]error {
	if errs := s.errs.Load(); errs != nil {
		return errs
	}
	s.errs.CompareAndSwap(nil, new([segSize]error))
	return s.errs.Load()
}

// add links l to be notified when member k completes, or reports false if
// it has.
func (s *segment[T]) add(k int, l *link[T]) bool {
	bit := uint64(1) << k
	if s.done.Load()&bit != 0 {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.watched.Or(bit)
	if s.done.Load()&bit != 0 {
		return false
	}
	if s.wait == nil {
		s.wait = new([segSize]*link[T])
	}
	linkInto(&s.wait[k], l)
	return true
}

// remove unlinks l if it still waits for member k. Once done is set, the
// completer owns the list, as with state.remove.
func (s *segment[T]) remove(k int, l *link[T]) {
	s.mu.Lock()
	if s.done.Load()&(1<<k) == 0 && l.prev != nil {
		unlink(&s.wait[k], l)
	}
	s.mu.Unlock()
}

// doneChan returns a channel that is closed when member k completes.
func (s *segment[T]) doneChan(k int) <-chan struct{} {
	bit := uint64(1) << k
	if s.done.Load()&bit != 0 {
		return closedChan
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.watched.Or(bit)
	if s.done.Load()&bit != 0 {
		return closedChan
	}
	if s.wait == nil {
		s.wait = new([segSize]*link[T])
	}
	return chanIn(&s.wait[k])
}

// send reports whether this call is the one to give member k's result to
// PipeEach's function.
func (s *segment[T]) send(k int) bool {
	bit := uint64(1) << k
	return s.sent.Or(bit)&bit == 0
}

// adder is the registration of a member added with Add on the future it
// waits for.
type adder[T any] struct {
	in  link[T]
	seg *segment[T]
	k   int
	src atomic.Pointer[ref[T]] // the future, once linked: for Cancel to unlink
}

func (a *adder[T]) notify(v T, err error) { a.seg.complete(a.k, v, err) }

// adder returns member k's adder, making the segment's at its first Add.
func (s *segment[T]) adder(k int) *adder[T] {
	adds := s.adds.Load()
	if adds == nil {
		s.adds.CompareAndSwap(nil, new([segSize]adder[T]))
		adds = s.adds.Load()
	}
	a := &adds[k]
	a.in.w, a.seg, a.k = a, s, k
	return a
}

// unlinkAdder removes member k's registration on the future it was added
// with, if any, once something else (Cancel) settled it.
func (s *segment[T]) unlinkAdder(k int) {
	if adds := s.adds.Load(); adds != nil {
		if src := adds[k].src.Load(); src != nil {
			src.remove(&adds[k].in)
		}
	}
}
