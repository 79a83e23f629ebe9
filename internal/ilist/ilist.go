// Package ilist is the intrusive doubly linked list that the runtime's
// sets share (an actor's timers and children, a scheduler's sleeps): an
// element holds its own links, so that adding and removing allocate
// nothing and removing takes constant time, whatever the length.
//
// A List is not safe for concurrent use: its owner guards it with a lock
// of its own. An element is in at most one List at a time.
package ilist

import "iter"

// Links are an element's place in a List: embed them in the element, and
// give the element a Links method that returns them.
type Links[T any] struct{ prev, next *T }

// Element is a pointer to an element type T with embedded Links.
type Element[T any] interface {
	*T
	Links() *Links[T]
}

// List is a list of elements of type T, the last pushed first. The zero
// List is empty.
type List[T any, E Element[T]] struct{ head *T }

// Push adds x, which is in no list, at the front.
func (l *List[T, E]) Push(x *T) {
	lx := E(x).Links()
	lx.prev, lx.next = nil, l.head
	if l.head != nil {
		E(l.head).Links().prev = x
	}
	l.head = x
}

// Remove unlinks x and reports whether it was in l; x must be in l or in
// no list.
func (l *List[T, E]) Remove(x *T) bool {
	lx := E(x).Links()
	switch {
	case lx.prev != nil:
		E(lx.prev).Links().next = lx.next
	case l.head == x:
		l.head = lx.next
	default:
		return false // in no list
	}
	if lx.next != nil {
		E(lx.next).Links().prev = lx.prev
	}
	lx.prev, lx.next = nil, nil
	return true
}

// Empty reports whether l has no element.
func (l *List[T, E]) Empty() bool { return l.head == nil }

// Take moves every element of l into the list it returns, leaving l
// empty, in constant time: a caller can take a list under its lock and
// walk it after unlocking.
func (l *List[T, E]) Take() List[T, E] {
	t := List[T, E]{head: l.head}
	l.head = nil
	return t
}

// Pop removes and returns the front element, or nil if l is empty.
func (l *List[T, E]) Pop() *T {
	x := l.head
	if x != nil {
		l.Remove(x)
	}
	return x
}

// All yields the elements of l, front first. The loop must not change l.
func (l *List[T, E]) All() iter.Seq[*T] {
	return func(yield func(*T) bool) {
		for x := l.head; x != nil; x = E(x).Links().next {
			if !yield(x) {
				return
			}
		}
	}
}
