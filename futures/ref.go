package futures

import "unsafe"

// ref is what a Promise and its Future point to. It says where their
// result is kept, so that both stay one pointer each, and it is one byte,
// so that a Group's member costs one byte besides its value.
//
// For a promise that a Group made, ref is the member's entry in the refs
// of the segment that keeps its result (see segment), and k is 1 + the
// member's number there: since refs is the segment's first field, r minus
// k-1 bytes is the segment's address. For any other future, ref is the
// first field of the future's own state, and k is 0.
type ref[T any] struct {
	k uint8
}

// state returns the state whose first field r is; r.k must be 0.
func (r *ref[T]) state() *state[T] { return (*state[T])(unsafe.Pointer(r)) }

// member returns the segment and the number there of the member whose
// entry r is; r.k must not be 0.
func (r *ref[T]) member() (*segment[T], int) {
	k := int(r.k) - 1
	return (*segment[T])(unsafe.Add(unsafe.Pointer(r), -k)), k
}

func (r *ref[T]) isDone() bool {
	if r.k != 0 {
		s, k := r.member()
		return s.isDone(k)
	}
	return r.state().done.Load()
}

// result returns the recorded value and error; r must be done.
func (r *ref[T]) result() (T, error) {
	if r.k != 0 {
		s, k := r.member()
		return s.result(k)
	}
	st := r.state()
	return st.value, st.err
}

// complete records the result and notifies the waiting links; see
// state.complete. It reports false, changing nothing, if r was complete
// or is nil (the zero Promise's).
func (r *ref[T]) complete(v T, err error) bool {
	if r == nil {
		return false
	}
	if r.k != 0 {
		s, k := r.member()
		return s.complete(k, v, err)
	}
	return r.state().complete(v, err)
}

// add links l to be notified on completion, or reports false if r is
// complete already; see state.add.
func (r *ref[T]) add(l *link[T]) bool {
	if r.k != 0 {
		s, k := r.member()
		return s.add(k, l)
	}
	return r.state().add(l)
}

// remove unlinks l if it still waits on r; see state.remove.
func (r *ref[T]) remove(l *link[T]) {
	if r.k != 0 {
		s, k := r.member()
		s.remove(k, l)
		return
	}
	r.state().remove(l)
}

// doneChan returns a channel that is closed when r completes.
func (r *ref[T]) doneChan() <-chan struct{} {
	if r.k != 0 {
		s, k := r.member()
		return s.doneChan(k)
	}
	return r.state().doneChan()
}

// listen makes l's waiter hear the result of f: later if f is pending,
// inline now if f is complete or is the zero Future.
func listen[T any](f Future[T], l *link[T]) {
	r := f.r
	if r == nil {
		var zero T
		l.w.notify(zero, ErrBrokenPromise)
		return
	}
	if !r.add(l) {
		l.w.notify(r.result())
	}
}
