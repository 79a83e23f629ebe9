// Package futures provides one-shot results that complete later: a Promise
// is the writing end, a Future the reading end, and combinators build new
// futures from old ones without starting goroutines.
//
//	p, f := futures.NewPromise[int]()
//	go func() { _ = p.Resolve(42) }()
//	v, err := f.Await(ctx) // 42, nil
//
// The package knows nothing of actors. It reaches them through two small
// interfaces, Sender and RequestSender, which actor.Ref implements, and it
// runs work through Executor and schedules deadlines through Clock, which
// the actor and timer packages implement.
//
// # Completing and reading
//
// A promise completes exactly once, with Resolve, Reject or Complete; a
// second completion returns ErrAlreadyCompleted and changes nothing. A
// future is read by blocking (Await, which honours its context), by select
// (Done), by peeking (Result) or by callback (OnComplete). Promise and
// Future are one pointer each, cheap to copy into messages; the zero
// Future is already failed with ErrBrokenPromise.
//
// # Costs
//
// A pending future costs one allocation of 40 bytes plus its value,
// rounded up to the allocator's size class (48 bytes for a Future[int]),
// and no goroutine; a promise a Group makes costs no allocation of its
// own (see Group). The channel behind Done is made only for a caller that
// asks for it, and waits in the future's list of callbacks. Callbacks and
// combinators do not wait on goroutines of their own: they are linked into
// the future and run on the goroutine that completes it, inside its
// Resolve or Reject, so they must be short and must not block.
//
// # Combinators
//
// Map, Then and Recover transform one future; All, AllSettled, Any and
// Race combine many; Timeout and WithContext bound the wait. A derived
// future that loses its readers never cancels its source: the source
// completes as it would have and the derived result is dropped. Timeout
// and WithContext release what they registered as soon as either side
// wins, and All, Any and Race stop listening to the other futures once
// their answer is known.
//
// # Errors and panics
//
// Errors are values. A panic in a function given to a combinator is
// recovered on the goroutine where it happened and becomes the derived
// future's error, a *PanicError carrying the value and stack. A panic in
// an OnComplete callback is recovered and dropped, so it can never hurt
// the goroutine that completed the future.
//
// # Actors
//
// Ask sends a request that carries a fresh promise and returns its future,
// optionally bounded by a timeout (by default on time.AfterFunc; pass
// WithClock(sys.Timers().Clock()) to use the actor system's timer wheel).
// Inside an actor, never block on Await: on a dispatcher worker it refuses
// at once with ErrAwaitOnWorker whenever the future is still pending. Use
// PipeTo instead, which delivers the result to the actor as a message, or
// actor.Await, which runs a continuation inside the actor when the future
// completes.
package futures
