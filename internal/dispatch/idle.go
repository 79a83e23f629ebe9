package dispatch

import (
	"math/bits"
	"sync/atomic"
)

// idle tracks the parked workers and the searching ones, without a lock.
//
// A worker with nothing to run first searches (steals from the others,
// looks at the injection queue), then parks: it sets its bit in parked,
// counts itself in nparked, and only then looks at every queue once more
// before it blocks. Whoever makes work available pushes it first and then
// reads nparked and searching. All of these are sequentially consistent
// atomics, so for any push and any parking worker, either the pusher sees
// the worker counted as parked, or the worker's last look sees the push:
// no wakeup is lost.
//
// A pusher wakes a parked worker only when nobody is searching (a
// searcher will find the work, or see it in its last look before it
// parks), and the worker it wakes starts out searching, so a burst of
// pushes wakes one worker, not all of them; a searcher that finds work
// and was the last one searching wakes the next, as Go's spinning Ms do.
// At most half the workers search at once.
type idle struct {
	searching atomic.Int32
	nparked   atomic.Int32
	parked    []atomic.Uint64 // bit i%64 of word i/64: worker i is parked
}

func newIdle(workers int) idle {
	return idle{parked: make([]atomic.Uint64, (workers+63)/64)}
}

// park marks worker i parked.
func (s *idle) park(i int) {
	s.parked[i/64].Or(1 << (i % 64))
	s.nparked.Add(1)
}

// unpark clears worker i's parked bit and reports whether it was set: if
// it was not, whoever cleared it is waking worker i.
func (s *idle) unpark(i int) bool {
	word, bit := &s.parked[i/64], uint64(1)<<(i%64)
	for {
		x := word.Load()
		if x&bit == 0 {
			return false
		}
		if word.CompareAndSwap(x, x&^bit) {
			s.nparked.Add(-1)
			return true
		}
	}
}

// unparkAny clears the bit of some parked worker and returns its index,
// or -1 if none is parked.
func (s *idle) unparkAny() int {
	for k := range s.parked {
		word := &s.parked[k]
		for x := word.Load(); x != 0; x = word.Load() {
			b := bits.TrailingZeros64(x)
			if word.CompareAndSwap(x, x&^(1<<b)) {
				s.nparked.Add(-1)
				return k*64 + b
			}
		}
	}
	return -1
}
