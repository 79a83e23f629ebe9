package futures

import "fmt"

// Executor runs tasks on goroutines it owns, such as a bounded pool;
// actor.System implements it with its blocking pool. Submit either accepts
// task, which must then run exactly once, or returns an error and never
// runs it.
type Executor interface {
	Submit(task func()) error
}

// FromFunc runs fn on exec and returns a future of its result.
//
// If Submit fails, the future fails at once with an error wrapping
// Submit's error. If fn panics, the panic is recovered on the executor's
// goroutine and the future fails with a *PanicError. exec and fn must not
// be nil.
func FromFunc[T any](exec Executor, fn func() (T, error)) Future[T] {
	p, f := NewPromise[T]()
	if err := exec.Submit(func() { _ = p.Complete(call(fn)) }); err != nil {
		_ = p.Reject(fmt.Errorf("futures: submit: %w", err))
	}
	return f
}

// call runs fn and turns a panic into a *PanicError.
func call[T any](fn func() (T, error)) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			var zero T
			v, err = zero, newPanicError(r)
		}
	}()
	return fn()
}
