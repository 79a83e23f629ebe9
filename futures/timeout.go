package futures

import (
	"context"
	"time"
)

// Timeout returns a future that completes like f if f completes within d,
// and otherwise fails with an error for which errors.Is reports true for
// ErrTimeout and for context.DeadlineExceeded.
//
// If f is already complete, Timeout returns f itself and schedules
// nothing. If d <= 0 and f is pending, the result fails at once. Otherwise
// the deadline is scheduled on the clock given by WithClock, by default
// time.AfterFunc. Whichever comes first releases the other: when f
// completes first the timer is stopped, and when the timer fires first the
// result's registration on f is removed, so a long-pending f keeps nothing
// of it alive. The timeout never cancels f itself (see Future).
func Timeout[T any](f Future[T], d time.Duration, opts ...TimeoutOption) Future[T] {
	src := f.r
	if src == nil || src.isDone() {
		return f
	}
	if d <= 0 {
		return Failed[T](ErrTimeout)
	}
	clock := clockOf(opts)
	w := &watch[T]{src: src}
	return w.arm(clock.AfterFunc(d, func() { w.fail(&timeoutError{after: d}) }))
}

// WithContext returns a future that completes like f unless ctx is done
// first, in which case it fails with ctx.Err().
//
// If f is already complete, or ctx can never be done (its Done channel is
// nil, as for context.Background), WithContext returns f itself. If ctx is
// already done and f is pending, the result fails at once. Otherwise it
// uses context.AfterFunc, which for the standard library's contexts starts
// no goroutine, and releases it as Timeout releases its timer. Cancelling
// ctx never cancels f itself (see Future).
func WithContext[T any](ctx context.Context, f Future[T]) Future[T] {
	src := f.r
	if src == nil || src.isDone() || ctx.Done() == nil {
		return f
	}
	if err := ctx.Err(); err != nil {
		return Failed[T](err)
	}
	w := &watch[T]{src: src}
	return w.arm(stopFunc(context.AfterFunc(ctx, func() { w.fail(ctx.Err()) })))
}

// stopFunc adapts the stop function of context.AfterFunc to a Timer.
type stopFunc func() bool

func (f stopFunc) Stop() bool { return f() }

// watch is a future that completes like src unless an outside event (a
// timer or a context) fails it first.
type watch[T any] struct {
	out  state[T]
	in   link[T] // on src
	src  *ref[T]
	stop Timer // cancels the outside event
}

// arm records stop and registers on src. The outside event may already
// have fired; it only reads src, set before it was scheduled.
func (w *watch[T]) arm(stop Timer) Future[T] {
	w.stop = stop
	w.in.w = w
	if !w.src.add(&w.in) {
		w.notify(w.src.result())
	} else if w.out.isDone() {
		// The event fired before the link existed, so it could not
		// remove it.
		w.src.remove(&w.in)
	}
	return Future[T]{&w.out.ref}
}

// notify hears src's result. stop was written before w.in was linked, so
// reading it here is ordered after that write by src's lock.
func (w *watch[T]) notify(v T, err error) {
	w.out.complete(v, err)
	w.stop.Stop()
}

// fail is the outside event.
func (w *watch[T]) fail(err error) {
	var zero T
	if w.out.complete(zero, err) {
		w.src.remove(&w.in)
	}
}
