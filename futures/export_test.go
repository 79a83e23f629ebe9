package futures

// Waiting returns how many registrations wait on f, for tests that check
// that combinators release what they registered.
func Waiting[T any](f Future[T]) int {
	s := f.s
	if s == nil {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for l := s.head; l != nil; {
		n++
		if l = l.next; l == s.head {
			break
		}
	}
	return n
}

// HasDoneChan reports whether f's Done channel has been made.
func HasDoneChan[T any](f Future[T]) bool {
	s := f.s
	if s == nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ch != nil
}
