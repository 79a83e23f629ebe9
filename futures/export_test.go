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
	r := f.r
	if r == nil {
		return
	}
	var head *link[T]
	if r.k != 0 {
		s, k := r.member()
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.wait != nil {
			head = s.wait[k]
		}
	} else {
		st := r.state()
		st.mu.Lock()
		defer st.mu.Unlock()
		head = st.head
	}
	for l := head; l != nil; {
		fn(l)
		if l = l.next; l == head {
			break
		}
	}
}

// GroupMember reports whether f is the future of a promise a Group made,
// whose result the group keeps.
func GroupMember[T any](f Future[T]) bool { return f.r != nil && f.r.k != 0 }

// RefSize returns the size of a ref, which ref.member takes to be one
// byte.
func RefSize[T any]() uintptr { return unsafe.Sizeof(ref[T]{}) }

// StateSize returns the size of a Future[T]'s state.
func StateSize[T any]() uintptr { return unsafe.Sizeof(state[T]{}) }
