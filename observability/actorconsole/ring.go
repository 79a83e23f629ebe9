package actorconsole

// ring keeps the latest values added, up to its capacity.
type ring[T any] struct {
	buf  []T
	next int // where the next value goes
	full bool
}

func newRing[T any](n int) ring[T] { return ring[T]{buf: make([]T, max(n, 1))} }

func (r *ring[T]) add(v T) {
	r.buf[r.next] = v
	r.next++
	if r.next == len(r.buf) {
		r.next, r.full = 0, true
	}
}

// list returns the values kept, oldest first, in a new slice (empty,
// not nil, so that it encodes as a JSON array).
func (r *ring[T]) list() []T {
	if !r.full {
		return append([]T{}, r.buf[:r.next]...)
	}
	return append(append(make([]T, 0, len(r.buf)), r.buf[r.next:]...), r.buf[:r.next]...)
}
