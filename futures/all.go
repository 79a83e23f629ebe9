package futures

import "sync/atomic"

// Result is the outcome of one future, as AllSettled reports it.
type Result[T any] struct {
	// Value is the future's value; the zero value if it failed, unless
	// its promise was completed with both a value and an error.
	Value T
	// Err is the future's error, nil if it succeeded.
	Err error
}

// All returns a future of the values of fs, in the order of fs, once all
// of them succeed.
//
// It fails fast: as soon as one future fails, the result fails with that
// error and stops listening to the others, which are not cancelled (see
// Future). Over zero futures it succeeds at once with an empty slice. It
// starts no goroutine and allocates a fixed number of times whatever the
// length of fs.
func All[T any](fs ...Future[T]) Future[[]T] {
	if len(fs) == 0 {
		return Resolved([]T{})
	}
	op := &allOp[T]{values: make([]T, len(fs))}
	op.pending.Store(int64(len(fs)))
	op.listen(fs, op)
	return Future[[]T]{&op.out.ref}
}

type allOp[T any] struct {
	fanIn[T]
	out     state[[]T]
	pending atomic.Int64
	values  []T
}

func (op *allOp[T]) settled() bool { return op.out.isDone() }

func (op *allOp[T]) notifyAt(i int, v T, err error) {
	if err != nil {
		if op.out.complete(nil, err) {
			op.detach()
		}
		return
	}
	op.values[i] = v
	if op.pending.Add(-1) == 0 {
		op.out.complete(op.values, nil)
	}
}

// AllSettled returns a future of the outcomes of fs, in the order of fs,
// once every one of them has completed. It never fails; each Result holds
// one future's value and error. Over zero futures it succeeds at once with
// an empty slice.
func AllSettled[T any](fs ...Future[T]) Future[[]Result[T]] {
	if len(fs) == 0 {
		return Resolved([]Result[T]{})
	}
	op := &settledOp[T]{results: make([]Result[T], len(fs))}
	op.pending.Store(int64(len(fs)))
	op.listen(fs, op)
	return Future[[]Result[T]]{&op.out.ref}
}

type settledOp[T any] struct {
	fanIn[T]
	out     state[[]Result[T]]
	pending atomic.Int64
	results []Result[T]
}

func (op *settledOp[T]) settled() bool { return op.out.isDone() }

func (op *settledOp[T]) notifyAt(i int, v T, err error) {
	op.results[i] = Result[T]{Value: v, Err: err}
	if op.pending.Add(-1) == 0 {
		op.out.complete(op.results, nil)
	}
}
