package futures

import "unsafe"

// Waiting returns how many registrations wait on f, for tests that check
// that combinators release what they registered. A Done channel counts
// as one.
func Waiting[T any](f Future[T]) int {
	n := 0
	eachWaiting(f, func(*link[T]) { n++ })
	return n
}

// HasDoneChan reports whether f's Done channel has been made.
func HasDoneChan[T any](f Future[T]) bool {
	has := false
	eachWaiting(f, func(l *link[T]) {
		_, ok := l.w.(*doneWaiter[T])
		has = has || ok
	})
	return has
}

// eachWaiting calls fn with every link waiting on f, under its lock.
func eachWaiting[T any](f Future[T], fn func(*link[T])) {
	s := f.s
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for l := s.head; l != nil; {
		fn(l)
		if l = l.next; l == s.head {
			break
		}
	}
}

// StateSize returns the size of a Future[T]'s state.
func StateSize[T any]() uintptr { return unsafe.Sizeof(state[T]{}) }
