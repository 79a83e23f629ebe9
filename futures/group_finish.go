package futures

import (
	"math/bits"
	"sync/atomic"
)

// A Group finishes when it is closed (by Wait or All) and every member has
// settled. Members settle in their segments (see segment), and the group
// counts segments, not members: the completion that fills a segment's
// done word adds one to settled, and close, which knows how many segments
// hold members, stores total. Whoever makes the two meet, a completer
// after its Add or close after its Store, finishes the group; each writes
// one word and then reads the other, so at least one of them sees both,
// and finished lets only the first through.

// tally is the part of a Group that its segments reach when a member
// settles. It reaches the rest of the Group through the hooks interface
// only to break the cycle of types that a *Group[T] would make: a
// Group[T] holds futures of []T, whose methods reach segments of []T,
// which would name a Group[[]T], and so on.
type tally[T any] struct {
	each    atomic.Pointer[func(i int, r Result[T])] // PipeEach's
	settled atomic.Int64                             // segments whose members have all settled
	total   atomic.Int64                             // 1 + the segments holding members once the group is closed, 0 before
	group   hooks
}

// hooks is what a Group does when its members settle.
type hooks interface {
	failed(err error) // a member failed
	finish()          // every member settled, and the group is closed
}

// settle tells the group that member k of s settled with v and err: the
// last of its segment to settle if last.
func (t *tally[T]) settle(s *segment[T], k int, v T, err error, last bool) {
	if each := t.each.Load(); each != nil && s.send(k) {
		(*each)(s.base+k, Result[T]{Value: v, Err: err})
	}
	if err != nil {
		t.group.failed(err)
	}
	if last && t.settled.Add(1) == t.total.Load()-1 {
		t.group.finish()
	}
}

// failed hears that a member failed with err: All fails fast.
func (g *Group[T]) failed(err error) {
	if all := g.all.Load(); all != nil && all.complete(nil, err) {
		g.Cancel() // the rest are not needed
	}
}

// close closes the group to new members and finishes it if every member
// has settled. It marks the places after the last member as settled.
//
// When All closes the group, close makes the slice All will return and
// gives each segment whose members have written no value yet its part of
// it, so that members settling later write their values where All's
// caller will read them: collecting results costs no copy.
// It reports whether this call closed the group.
func (g *Group[T]) close(forAll bool) bool {
	n := g.next.Or(closed)
	if n&closed != 0 {
		return false
	}
	if forAll && n > 0 {
		out := make([]T, n)
		for s := range g.segments(int(n)) {
			s.vals.CompareAndSwap(nil, &out[s.base])
		}
		g.out = out // read once the group has finished, after total is stored
	}
	var total int64
	if n > 0 {
		s, k := g.locate(int(n - 1))
		total = int64(s.id) + 1
		none := allSet << (k + 1) // 0 after the last place
		if old := s.done.Or(none); old != allSet && old|none == allSet {
			g.tally.settled.Add(1)
		}
	}
	g.tally.total.Store(total + 1)
	if g.tally.settled.Load() == total {
		g.finish()
	}
	return true
}

// finish completes Wait's and All's futures once every member settled
// and the group is closed; it runs once.
func (g *Group[T]) finish() {
	if !g.finished.CompareAndSwap(false, true) {
		return
	}
	g.cancel()
	g.deliverWait()
	g.deliverAll()
}

// deliverWait completes Wait's future, if it was asked for and is not
// complete; the group has finished.
func (g *Group[T]) deliverWait() {
	n := g.members()
	if w := g.wait.Load(); w != nil && !w.isDone() {
		results := make([]Result[T], n)
		for s, valid := range g.segments(n) {
			errs := s.errs.Load()
			for k, v := range s.values(bits.Len64(valid)) {
				results[s.base+k].Value = v
				if errs != nil {
					results[s.base+k].Err = errs[k]
				}
			}
		}
		w.complete(results, nil)
	}
}

// deliverAll completes All's future, if it was asked for and is not
// complete; the group has finished. If All closed the group, only finish
// calls it, which runs once: it writes into out.
func (g *Group[T]) deliverAll() {
	n := g.members()
	if all := g.all.Load(); all != nil && !all.isDone() {
		values := g.out
		if values == nil {
			values = make([]T, n)
		}
		for s, valid := range g.segments(n) {
			if g.out == nil || s.vals.Load() != &values[s.base] {
				copy(values[s.base:], s.values(bits.Len64(valid)))
			}
		}
		all.complete(values, nil) // a no-op if a failure completed it
	}
}

// failure returns the error of the first member, in the order added, that
// has failed, or nil.
func (g *Group[T]) failure() error {
	for s, valid := range g.segments(g.members()) {
		errs := s.errs.Load()
		if errs == nil {
			continue
		}
		for failed := valid & s.done.Load(); failed != 0; failed &= failed - 1 {
			if err := errs[bits.TrailingZeros64(failed)]; err != nil {
				return err
			}
		}
	}
	return nil
}
