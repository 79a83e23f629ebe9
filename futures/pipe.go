package futures

import "fmt"

// PipeTo delivers the result of f to to as the message wrap(v, err), once
// f completes. It is how an actor waits for a future without blocking its
// worker: the reply arrives as an ordinary message.
//
// wrap and to.Send run on the goroutine that completes f (or on the caller
// if f is already complete), so they must not block. PipeTo cannot return
// a delivery failure, since it happens later: if Send returns an error, or
// wrap or Send panics, PipeTo passes an error wrapping it (a *PanicError
// for a panic) to the handler given by WithErrorHandler. Without that option the
// error is dropped here: that is safe only for a Sender that accounts for
// what it cannot deliver itself, as actor.Ref does by recording such
// messages as dead letters. Give any other Sender a WithErrorHandler handler.
func PipeTo[T, M any](f Future[T], to Sender[M], wrap func(T, error) M, opts ...PipeOption) {
	op := &pipeOp[T, M]{to: to, wrap: wrap}
	for _, opt := range opts {
		if opt != nil {
			opt(&op.opts)
		}
	}
	op.in.w = op
	listen(f, &op.in)
}

// PipeOptions holds what PipeOption values set.
type PipeOptions struct {
	// OnError hears delivery failures; nil drops them. See
	// WithErrorHandler.
	OnError func(error)
}

// PipeOption configures PipeTo.
type PipeOption func(*PipeOptions)

// WithErrorHandler makes PipeTo call fn with the error when delivering
// the result fails: when Send returns an error (wrapped, so errors.Is
// finds it), or when wrap or Send panics (a *PanicError). fn runs on the
// goroutine that completed the future and must not block; a panic in fn
// is recovered and dropped. A nil fn drops failures.
func WithErrorHandler(fn func(err error)) PipeOption {
	return func(o *PipeOptions) { o.OnError = fn }
}

type pipeOp[T, M any] struct {
	in   link[T]
	to   Sender[M]
	wrap func(T, error) M
	opts PipeOptions
}

func (op *pipeOp[T, M]) notify(v T, err error) {
	if err := op.deliver(v, err); err != nil && op.opts.OnError != nil {
		report(op.opts.OnError, err)
	}
}

// report calls fn with err, recovering and dropping a panic.
func report(fn func(error), err error) {
	defer func() { _ = recover() }()
	fn(err)
}

func (op *pipeOp[T, M]) deliver(v T, err error) (failure error) {
	defer func() {
		if r := recover(); r != nil {
			failure = newPanicError(r)
		}
	}()
	if err := op.to.Send(op.wrap(v, err)); err != nil {
		return fmt.Errorf("futures: pipe: %w", err)
	}
	return nil
}
