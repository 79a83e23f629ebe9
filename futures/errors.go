package futures

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"time"
)

var (
	// ErrAlreadyCompleted is returned by a Promise's Resolve, Reject and
	// Complete when the promise was completed before. The first completion
	// always stands: a later one changes nothing and never panics.
	ErrAlreadyCompleted = errors.New("futures: promise already completed")

	// ErrBrokenPromise means that no one will ever keep the promise. The
	// zero Future fails with it, and runtimes wrap it (with %w) when the
	// actor that owned a request's promise stopped before it replied, so
	// errors.Is(err, ErrBrokenPromise) holds for both.
	ErrBrokenPromise = errors.New("futures: broken promise")

	// ErrAwaitOnWorker is wrapped by the error that Future.Await returns at
	// once, without blocking, when it is called on a dispatcher worker for
	// a future that is not complete yet. Blocking a worker could deadlock
	// the pool that is meant to complete the future; inside an actor use
	// actor.Await or PipeTo, which wait without holding a worker.
	ErrAwaitOnWorker = errors.New("futures: Await on a dispatcher worker")

	// ErrTimeout is the error of a future that Timeout or Ask failed because
	// its deadline passed first. They return ErrTimeout itself or an error
	// that names the duration and matches it: errors.Is(err, ErrTimeout)
	// and errors.Is(err, context.DeadlineExceeded) both hold.
	ErrTimeout error = &timeoutError{}

	// ErrNoResults is the error of Any and Race over zero futures: with
	// nothing to wait for they could never produce a result, so they fail at
	// once instead of staying pending forever.
	ErrNoResults = errors.New("futures: no futures to wait for")

	// ErrNilRejection is the error that Promise.Reject and Failed record
	// when they are given a nil error, so that a rejected future always
	// reports a non-nil error.
	ErrNilRejection = errors.New("futures: promise rejected with a nil error")
)

// errAwaitOnWorker is built once so that the misuse path does not allocate.
var errAwaitOnWorker = fmt.Errorf("%w: it would block the worker until the future completes; "+
	"inside an actor use actor.Await or futures.PipeTo instead", ErrAwaitOnWorker)

// timeoutError is the type behind ErrTimeout. A non-zero after names the
// deadline that passed.
type timeoutError struct{ after time.Duration }

func (e *timeoutError) Error() string {
	if e.after > 0 {
		return "futures: timed out after " + e.after.String()
	}
	return "futures: timed out"
}

// Is makes every timeout error match ErrTimeout and
// context.DeadlineExceeded.
func (e *timeoutError) Is(target error) bool {
	return target == ErrTimeout || target == context.DeadlineExceeded
}

// Timeout reports true, like the errors of package net and os, for code
// that checks for interface{ Timeout() bool }.
func (e *timeoutError) Timeout() bool { return true }

// PanicError is the error of a derived future whose function panicked: the
// function given to Map, Then, Recover, FromFunc or Ask's build, or a
// Sender that panicked inside Ask. PipeTo hands one to its WithErrorHandler
// handler when wrap or Send panics. The panic is recovered on the
// goroutine where it happened, so it never reaches the goroutine that
// completed the source future.
type PanicError struct {
	// Value is the value passed to panic.
	Value any
	// Stack is the stack of the panicking goroutine, as debug.Stack
	// formats it.
	Stack []byte
}

func newPanicError(v any) *PanicError {
	return &PanicError{Value: v, Stack: debug.Stack()}
}

// Error returns the panic value followed by the stack where it happened.
func (e *PanicError) Error() string {
	return fmt.Sprintf("futures: recovered panic: %v\n\n%s", e.Value, e.Stack)
}

// Unwrap returns the panic value if it is an error, so errors.Is and
// errors.As see through a panic(err), and nil otherwise.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}
