package futures

import (
	"errors"
	"sync/atomic"
)

// Any returns a future of the first value among fs to succeed, ignoring
// failures while another future may still succeed.
//
// Once one succeeds, the result stops listening to the others, which are
// not cancelled (see Future). If all fail, the result fails with
// errors.Join of their errors in the order of fs, so errors.Is and
// errors.As find each of them. Over zero futures it fails at once with
// ErrNoResults.
func Any[T any](fs ...Future[T]) Future[T] {
	if len(fs) == 0 {
		return Failed[T](ErrNoResults)
	}
	op := &anyOp[T]{errs: make([]error, len(fs))}
	op.pending.Store(int64(len(fs)))
	op.listen(fs, op)
	return Future[T]{&op.out.ref}
}

type anyOp[T any] struct {
	fanIn[T]
	out     state[T]
	pending atomic.Int64
	errs    []error
}

func (op *anyOp[T]) settled() bool { return op.out.isDone() }

func (op *anyOp[T]) notifyAt(i int, v T, err error) {
	if err == nil {
		if op.out.complete(v, nil) {
			op.detach()
		}
		return
	}
	op.errs[i] = err
	if op.pending.Add(-1) == 0 {
		var zero T
		op.out.complete(zero, errors.Join(op.errs...))
	}
}

// Race returns a future that completes like the first of fs to complete,
// with its value or its error, and then stops listening to the others,
// which are not cancelled (see Future). Over zero futures it fails at once
// with ErrNoResults.
func Race[T any](fs ...Future[T]) Future[T] {
	if len(fs) == 0 {
		return Failed[T](ErrNoResults)
	}
	op := &raceOp[T]{}
	op.listen(fs, op)
	return Future[T]{&op.out.ref}
}

type raceOp[T any] struct {
	fanIn[T]
	out state[T]
}

func (op *raceOp[T]) settled() bool { return op.out.isDone() }

func (op *raceOp[T]) notifyAt(_ int, v T, err error) {
	if op.out.complete(v, err) {
		op.detach()
	}
}
