package futures

// Map returns a future of fn applied to f's value.
//
// fn runs once, on the goroutine that completes f (or on the caller if f is
// already complete), and must not block. If f fails, fn is not called and
// the result fails with f's error. If fn returns an error, or panics (the
// result then fails with a *PanicError), the result fails with it.
func Map[T, U any](f Future[T], fn func(T) (U, error)) Future[U] {
	op := &mapOp[T, U]{fn: fn}
	op.in.w = op
	listen(f, &op.in)
	return Future[U]{&op.out.ref}
}

type mapOp[T, U any] struct {
	out state[U]
	in  link[T]
	fn  func(T) (U, error)
}

func (op *mapOp[T, U]) notify(v T, err error) {
	fn := op.fn
	op.fn = nil
	if err != nil {
		var zero U
		op.out.complete(zero, err)
		return
	}
	op.out.complete(apply(fn, v))
}

// Then returns a future that follows the future fn returns for f's value,
// chaining one asynchronous step after another.
//
// fn runs once, on the goroutine that completes f, and must not block. If
// f fails, fn is not called and the result fails with f's error. If fn
// panics, the result fails with a *PanicError. If fn returns the zero
// Future, the result fails with ErrBrokenPromise.
func Then[T, U any](f Future[T], fn func(T) Future[U]) Future[U] {
	op := &thenOp[T, U]{fn: fn}
	op.in.w = op
	op.inner.w = &op.out
	listen(f, &op.in)
	return Future[U]{&op.out.ref}
}

type thenOp[T, U any] struct {
	out   state[U]
	in    link[T] // on f
	inner link[U] // on the future fn returned
	fn    func(T) Future[U]
}

func (op *thenOp[T, U]) notify(v T, err error) {
	fn := op.fn
	op.fn = nil
	if err == nil {
		var next Future[U]
		if next, err = applyThen(fn, v); err == nil {
			listen(next, &op.inner)
			return
		}
	}
	var zero U
	op.out.complete(zero, err)
}

// Recover returns a future that has f's value if f succeeds and otherwise
// the result of fn applied to f's error, which may replace the error with
// a value or with another error.
//
// fn runs once, on the goroutine that completes f, and must not block; it
// is not called when f succeeds. If fn panics, the result fails with a
// *PanicError.
func Recover[T any](f Future[T], fn func(error) (T, error)) Future[T] {
	op := &recoverOp[T]{fn: fn}
	op.in.w = op
	listen(f, &op.in)
	return Future[T]{&op.out.ref}
}

type recoverOp[T any] struct {
	out state[T]
	in  link[T]
	fn  func(error) (T, error)
}

func (op *recoverOp[T]) notify(v T, err error) {
	fn := op.fn
	op.fn = nil
	if err == nil {
		op.out.complete(v, nil)
		return
	}
	op.out.complete(apply(fn, err))
}

// apply calls fn(x), turning a panic into a *PanicError.
func apply[X, U any](fn func(X) (U, error), x X) (u U, err error) {
	defer func() {
		if r := recover(); r != nil {
			var zero U
			u, err = zero, newPanicError(r)
		}
	}()
	return fn(x)
}

// applyThen calls fn(v), turning a panic into a *PanicError.
func applyThen[T, U any](fn func(T) Future[U], v T) (next Future[U], err error) {
	defer func() {
		if r := recover(); r != nil {
			err = newPanicError(r)
		}
	}()
	return fn(v), nil
}
