package dispatch

import "sync/atomic"

// States of a lifo slot.
const (
	slotEmpty  uint32 = iota
	slotFull          // r holds a runnable
	slotTaking        // a thief is taking r
)

// lifo is a worker's slot for the runnable made ready last by one of its
// own turns, run next, before the local queue: Go's runnext, Tokio's LIFO
// slot. Only its owner puts; the owner takes, and so may another worker
// whose owner has been stuck in one turn too long (see Worker.park).
//
// r is a plain field guarded by state: the owner writes it only while the
// state is empty (its own CAS from full to empty makes it so), and a thief
// reads and clears it only after its CAS from full to taking, then sets
// empty.
type lifo struct {
	state atomic.Uint32
	r     Runnable
}

// full reports whether the slot holds a runnable. Anyone may call it.
func (s *lifo) full() bool { return s.state.Load() == slotFull }

// put places r in the slot and returns the runnable it displaced, if any.
// It reports false, placing nothing, while a thief is taking the slot's
// runnable. Owner only.
func (s *lifo) put(r Runnable) (old Runnable, ok bool) {
	switch s.state.Load() {
	case slotEmpty:
	case slotFull:
		if !s.state.CompareAndSwap(slotFull, slotEmpty) {
			return nil, false
		}
		old = s.r
	default:
		return nil, false
	}
	s.r = r
	s.state.Store(slotFull)
	return old, true
}

// take empties the slot and returns what it held, or nil. Owner only.
func (s *lifo) take() Runnable {
	if s.state.Load() != slotFull || !s.state.CompareAndSwap(slotFull, slotEmpty) {
		return nil
	}
	r := s.r
	s.r = nil
	return r
}

// steal is take for another worker.
func (s *lifo) steal() Runnable {
	if s.state.Load() != slotFull || !s.state.CompareAndSwap(slotFull, slotTaking) {
		return nil
	}
	r := s.r
	s.r = nil
	s.state.Store(slotEmpty)
	return r
}
