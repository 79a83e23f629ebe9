package futures

// Promise is the writing end of a future: whoever holds it completes the
// future exactly once. It is a small value (one pointer), cheap to copy
// into a message; every copy completes the same future.
//
// The zero Promise belongs to the zero Future, which is already failed
// with ErrBrokenPromise, so its methods change nothing and return
// ErrAlreadyCompleted.
type Promise[T any] struct {
	r *ref[T]
}

// Rejecter is the untyped view of a promise; every Promise[T] implements
// it. A runtime that accepted a request carrying a promise uses it to fail
// the promise when the request cannot be served, for example with an error
// wrapping ErrBrokenPromise when the owning actor stops. If the promise was
// completed before, Reject returns ErrAlreadyCompleted and changes nothing.
type Rejecter interface {
	Reject(err error) error
	// Completed reports whether the promise has been completed, so a
	// runtime can forget promises that no longer need it.
	Completed() bool
}

var _ Rejecter = Promise[struct{}]{}

// NewPromise returns a pending promise and the future it completes. It
// allocates once and starts no goroutine.
func NewPromise[T any]() (Promise[T], Future[T]) {
	s := new(state[T])
	return Promise[T]{&s.ref}, Future[T]{&s.ref}
}

// Resolve completes the future with the value v and a nil error.
//
// The callbacks and combinators waiting on the future run on the calling
// goroutine before Resolve returns, in the order they were registered; a
// panic in one of them is recovered and never reaches the caller. If the
// promise was completed before, Resolve returns ErrAlreadyCompleted and
// the first result stands.
func (p Promise[T]) Resolve(v T) error {
	return p.Complete(v, nil)
}

// Reject completes the future with err and the zero value of T. A nil err
// is recorded as ErrNilRejection, so a rejected future always reports an
// error. Like Resolve it runs the waiting callbacks before returning, and
// returns ErrAlreadyCompleted if the promise was completed before.
func (p Promise[T]) Reject(err error) error {
	if err == nil {
		err = ErrNilRejection
	}
	var zero T
	return p.Complete(zero, err)
}

// Complete completes the future with v and err exactly as given, as a
// function returns both: with a nil err it resolves, otherwise it rejects
// and keeps v for readers that want a partial result (the combinators
// ignore the value of a failed future). It is convenient for forwarding a
// call: p.Complete(fetch()). Like Resolve it runs the waiting callbacks
// before returning, and returns ErrAlreadyCompleted if the promise was
// completed before.
func (p Promise[T]) Complete(v T, err error) error {
	if p.r.complete(v, err) {
		return nil
	}
	return ErrAlreadyCompleted
}

// Completed reports whether p has been completed (resolved or rejected).
func (p Promise[T]) Completed() bool { return p.r == nil || p.r.isDone() }

// Future returns the future that p completes.
func (p Promise[T]) Future() Future[T] {
	return Future[T](p)
}
