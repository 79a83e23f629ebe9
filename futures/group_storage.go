package futures

import (
	"cmp"
	"iter"
	"slices"
)

// A Group's storage is a list of segments that only grows: a member's
// segment never moves, so its promise can point into it. Members are
// added to the last segment (cur), which Promise reads without a lock;
// the lock is taken only to add a segment, once per 64 members.

// locate returns the segment of member j and j's number in it, making
// the segments up to j's if need be.
func (g *Group[T]) locate(j int) (*segment[T], int) {
	s := g.cur.Load()
	if s == nil || uint(j-s.base) >= uint(s.size) {
		s = g.grow(j)
	}
	return s, j - s.base
}

// grow returns the segment holding member j, making segments until one
// does: the first three of 8, 16 and 32 members, so that a small group
// wastes little, and then of 64.
func (g *Group[T]) grow(j int) *segment[T] {
	g.mu.Lock()
	defer g.mu.Unlock()
	for {
		n := len(g.segs)
		base := 0
		if n > 0 {
			last := g.segs[n-1]
			if base = last.base + last.size; base > j {
				break
			}
		}
		size := segSize
		if n < 3 {
			size = 8 << n
		}
		s := &segment[T]{t: &g.tally, id: n, base: base, size: size}
		for k := range s.size {
			s.refs[k].k = uint8(k + 1)
		}
		s.done.Store(allSet << s.size) // 0 for a full segment
		g.segs = append(g.segs, s)
		g.cur.Store(s)
	}
	i, _ := slices.BinarySearchFunc(g.segs, j, func(s *segment[T], j int) int {
		return cmp.Compare(s.base+s.size-1, j)
	})
	return g.segs[i]
}

// segments yields, in order, the segments holding the first n members,
// with the bits of their members.
func (g *Group[T]) segments(n int) iter.Seq2[*segment[T], uint64] {
	return func(yield func(*segment[T], uint64) bool) {
		if n == 0 {
			return
		}
		g.locate(n - 1) // every member has its segment
		g.mu.Lock()
		segs := g.segs
		g.mu.Unlock()
		for _, s := range segs {
			if s.base >= n || !yield(s, allSet>>(segSize-min(s.size, n-s.base))) {
				return
			}
		}
	}
}
