package futures

import (
	"fmt"
	"time"
)

// Sender delivers messages of type M; actor.Ref[M] implements it. Send
// must not block for long: PipeTo calls it on the goroutine that completes
// a future. An error means the message was not delivered.
type Sender[M any] interface {
	Send(msg M) error
}

// RequestSender is implemented by a Sender that also takes charge of a
// request's reply promise; actor.Ref[M] implements it. If SendRequest returns nil, the
// receiving side owns reply: should the request be dead-lettered, or its
// owner stop before answering, the runtime rejects reply (with an error
// wrapping ErrBrokenPromise when the owner stopped), so the asker is never
// left waiting. If it returns an error, the request was not accepted.
type RequestSender[M any] interface {
	SendRequest(msg M, reply Rejecter) error
}

// Ask sends a request built around a fresh promise and returns the future
// that the receiver's reply completes.
//
// build receives the promise and returns the message that carries it. If
// to implements RequestSender[M], Ask delivers with SendRequest, so the
// runtime can reject the promise when the request is dropped; otherwise
// with Send. If delivery fails, the future fails at once with an error
// wrapping the delivery error; if build or the delivery panics, it fails
// with a *PanicError.
//
// A timeout > 0 starts counting when delivery returns, on the clock given
// by WithClock (by default time.AfterFunc); timeout <= 0 means none. When
// it passes first, Ask rejects the request's promise itself with an error
// matching ErrTimeout: the receiver's late Resolve then returns
// ErrAlreadyCompleted, and a receiver can check promise.Future().Done()
// to skip work nobody waits for. When the reply comes first, the timer is
// stopped. No timer is made if the reply arrived during delivery.
func Ask[M, R any](to Sender[M], build func(Promise[R]) M, timeout time.Duration, opts ...TimeoutOption) Future[R] {
	p, f := NewPromise[R]()
	ask(p, to, build, timeout, opts)
	return f
}

// ask delivers the request built around p and arms its timeout: Ask's
// work, and AskIn's with a group's promise.
func ask[M, R any](p Promise[R], to Sender[M], build func(Promise[R]) M, timeout time.Duration, opts []TimeoutOption) {
	if err := deliver(to, build, p); err != nil {
		_ = p.Reject(err)
		return
	}
	if timeout > 0 && !p.r.isDone() {
		e := &expiry[R]{r: p.r, after: timeout}
		e.in.w = e
		e.timer = clockOf(opts).AfterFunc(timeout, e.fire)
		if !p.r.add(&e.in) {
			e.timer.Stop()
		}
	}
}

// deliver builds the request and hands it to to.
func deliver[M, R any](to Sender[M], build func(Promise[R]) M, p Promise[R]) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = newPanicError(r)
		}
	}()
	msg := build(p)
	if rs, ok := to.(RequestSender[M]); ok {
		err = rs.SendRequest(msg, p)
	} else {
		err = to.Send(msg)
	}
	if err != nil {
		return fmt.Errorf("futures: ask: %w", err)
	}
	return nil
}

// expiry fails an Ask's promise when its timeout passes, and stops its
// timer when the promise completes first.
type expiry[R any] struct {
	in    link[R]
	r     *ref[R]
	after time.Duration
	timer Timer // written before in is linked, read only after
}

func (e *expiry[R]) fire() {
	var zero R
	e.r.complete(zero, &timeoutError{after: e.after})
}

func (e *expiry[R]) notify(R, error) { e.timer.Stop() }
