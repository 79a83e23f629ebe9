package futures

import (
	"context"
	"fmt"
)

// ContextRequestSender is a RequestSender that can carry a context with a
// request, for the receiver to read (actor.Ref implements it: the handler
// reads it with actor.Context.MessageContext).
type ContextRequestSender[M any] interface {
	SendRequestContext(ctx context.Context, msg M, reply Rejecter) error
}

// AskContext is Ask bounded by ctx instead of a timeout, and carrying ctx
// with the request: if to implements ContextRequestSender[M], the request
// is sent with SendRequestContext, so that values such as a trace reach
// the receiver; otherwise it is sent as Ask sends it.
//
// If ctx is done before the reply, AskContext rejects the request's
// promise itself with ctx.Err() (the receiver's late Resolve returns
// ErrAlreadyCompleted, and a receiver can check the promise to skip work
// nobody waits for), and the future fails with it. No goroutine waits for
// ctx: it costs one context.AfterFunc registration, removed when the
// reply comes first.
func AskContext[M, R any](ctx context.Context, to Sender[M], build func(Promise[R]) M) Future[R] {
	p, f := NewPromise[R]()
	if err := ctx.Err(); err != nil {
		_ = p.Reject(err)
		return f
	}
	if err := deliverContext(ctx, to, build, p); err != nil {
		_ = p.Reject(err)
		return f
	}
	if ctx.Done() != nil && !p.r.isDone() {
		stop := context.AfterFunc(ctx, func() { _ = p.Reject(ctx.Err()) })
		f.OnComplete(func(R, error) { stop() })
	}
	return f
}

// deliverContext builds the request and hands it to to with ctx.
func deliverContext[M, R any](ctx context.Context, to Sender[M], build func(Promise[R]) M, p Promise[R]) (err error) {
	cs, ok := to.(ContextRequestSender[M])
	if !ok {
		return deliver(to, build, p)
	}
	defer func() {
		if r := recover(); r != nil {
			err = newPanicError(r)
		}
	}()
	if err := cs.SendRequestContext(ctx, build(p), p); err != nil {
		return fmt.Errorf("futures: ask: %w", err)
	}
	return nil
}
