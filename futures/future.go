package futures

import (
	"context"
	"runtime"

	"github.com/actorio/actorio/internal/workerid"
)

// Future is the reading end of a promise: a result that becomes available
// once. It is a small value (one pointer), safe to copy and to use from
// many goroutines at once; every reader observes the same single result.
//
// A pending future costs no goroutine. Combinators and callbacks run on the
// goroutine that completes it. A derived future (from Map, All, Timeout and
// the like) that loses its readers never cancels its source: the source
// completes as it would have, and the derived future's result is dropped.
//
// The zero Future is complete and failed with ErrBrokenPromise: no promise
// will ever complete it.
type Future[T any] struct {
	r *ref[T]
}

// Resolved returns a future already completed with v.
func Resolved[T any](v T) Future[T] {
	s := &state[T]{value: v}
	s.done.Store(true)
	return Future[T]{&s.ref}
}

// Failed returns a future already failed with err, or with ErrNilRejection
// if err is nil.
func Failed[T any](err error) Future[T] {
	if err == nil {
		err = ErrNilRejection
	}
	s := &state[T]{err: err}
	s.done.Store(true)
	return Future[T]{&s.ref}
}

// Await waits until the future completes and returns its value and error.
//
// If the future is already complete, Await returns its result at once,
// even when ctx is done. Otherwise it returns the zero value and ctx.Err()
// as soon as ctx is done, leaving the future untouched. On a dispatcher
// worker it does not wait: for a future that is not complete yet it
// returns at once an error wrapping ErrAwaitOnWorker, since blocking the
// worker could keep the future from ever completing; inside an actor use
// actor.Await or PipeTo instead.
func (f Future[T]) Await(ctx context.Context) (T, error) {
	r := f.r
	if r == nil {
		var zero T
		return zero, ErrBrokenPromise
	}
	if r.isDone() {
		return r.result()
	}
	// Refuse on a dispatcher worker whenever the future is pending, not
	// only when it stays pending, so that the mistake shows in every test
	// run rather than under load.
	if workerid.IsWorker() {
		var zero T
		return zero, errAwaitOnWorker
	}
	// Right after a request is sent, its receiver is often ready to run on
	// this processor: yielding once answers many requests without making
	// the Done channel.
	runtime.Gosched()
	if r.isDone() {
		return r.result()
	}
	select {
	case <-r.doneChan():
		return r.result()
	case <-ctx.Done():
		if r.isDone() { // both happened: the result is the better answer
			return r.result()
		}
		var zero T
		return zero, ctx.Err()
	}
}

// Done returns a channel that is closed when the future completes, for use
// in a select. The channel is made on the first call for a pending future
// (a complete one returns a shared closed channel), so a future that no one
// selects on carries none.
func (f Future[T]) Done() <-chan struct{} {
	if f.r == nil {
		return closedChan
	}
	return f.r.doneChan()
}

// Result returns the value and error without waiting. The last result,
// ok, is false while the future is pending, and then the value and error
// are zero.
func (f Future[T]) Result() (T, error, bool) {
	r := f.r
	if r == nil {
		var zero T
		return zero, ErrBrokenPromise, true
	}
	if !r.isDone() {
		var zero T
		return zero, nil, false
	}
	v, err := r.result()
	return v, err, true
}

// OnComplete arranges for fn to run exactly once with the future's value
// and error: on the completing goroutine when the future completes, or on
// the calling goroutine before OnComplete returns if it is already
// complete. A nil fn is ignored.
//
// fn must not block: it runs inside the completer's Resolve or Reject. A
// panic in fn is recovered so that it cannot hurt the completer or the
// other callbacks, and is then dropped; use Map or Then when a panic
// should become an error someone can observe.
func (f Future[T]) OnComplete(fn func(T, error)) {
	if fn == nil {
		return
	}
	r := f.r
	if r == nil {
		var zero T
		callback[T](fn).notify(zero, ErrBrokenPromise)
		return
	}
	if r.isDone() {
		callback[T](fn).notify(r.result())
		return
	}
	l := &link[T]{w: callback[T](fn)}
	if !r.add(l) {
		l.w.notify(r.result())
	}
}

// callback adapts a user function to a waiter; a func value fits in an
// interface without allocating.
type callback[T any] func(T, error)

func (fn callback[T]) notify(v T, err error) {
	defer func() { _ = recover() }()
	fn(v, err)
}
