package actor

import (
	"context"
	"runtime/debug"

	"github.com/actorio/actorio/futures"
)

// Blocking runs fn on the system's blocking pool, off the dispatcher, and
// then calls then with its result inside the actor, between messages, where
// the actor's state is safe to touch. fn gets the actor's Context(), which
// is cancelled when the actor stops; if the actor has stopped by the time
// fn returns, the result is reported as a DeadLetter instead. A panic in fn
// becomes its error. Blocking itself never blocks.
func Blocking[M, T any](c *Context[M], fn func(ctx context.Context) (T, error), then func(T, error)) {
	p := c.proc()
	ctx, mctx := c.Context(), p.messageCtx()
	err := p.sys.Submit(func() {
		v, err := call(ctx, fn)
		p.postSystem(sysCall{fn: func() { then(v, err) }, value: v, ctx: mctx})
	})
	if err != nil {
		var zero T
		p.postSystem(sysCall{fn: func() { then(zero, err) }, ctx: mctx})
	}
}

func call[T any](ctx context.Context, fn func(context.Context) (T, error)) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &futures.PanicError{Value: r, Stack: debug.Stack()}
		}
	}()
	return fn(ctx)
}

// Await waits for f without blocking the actor's worker: when f completes,
// then runs inside the actor, between messages, where the actor's state is
// safe to touch (the actor keeps processing other messages meanwhile). If
// the actor stops first, the result is reported as a DeadLetter.
//
// Calling f.Await on a dispatcher worker instead would park the worker, and
// enough of those deadlock the pool; futures.Future.Await detects it and
// fails with futures.ErrAwaitOnWorker.
func Await[M, T any](c *Context[M], f futures.Future[T], then func(T, error)) {
	p := c.proc()
	mctx := p.messageCtx()
	f.OnComplete(func(v T, err error) {
		p.postSystem(sysCall{fn: func() { then(v, err) }, value: v, ctx: mctx})
	})
}
