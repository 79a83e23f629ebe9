package actorsync

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
)

// Semaphore bounds how many holders use something at once, across actors
// and goroutines: for example, at most 16 calls to a database. It is
// Tokio's Semaphore and golang.org/x/sync/semaphore's weight-one case,
// without blocking: Acquire returns a future, so an actor waits for a
// permit with Await (or the package's Acquire) while its worker serves
// others.
//
// Permits go to waiters in the order they asked (FIFO), so a stream of
// new requests cannot starve an old one. A Semaphore is safe for
// concurrent use; it must not be copied after first use.
type Semaphore struct {
	mu         sync.Mutex
	size, free int
	head, tail *waiter // FIFO of pending Acquires
}

// waiter is one pending Acquire.
type waiter struct {
	promise    futures.Promise[*Permit]
	prev, next *waiter
	queued     bool
}

// Permit is one of a Semaphore's permits, held until Release.
type Permit struct {
	s        *Semaphore
	released atomic.Bool
}

// NewSemaphore returns a Semaphore with n permits. It panics if n < 1.
func NewSemaphore(n int) *Semaphore {
	if n < 1 {
		panic("actorsync: NewSemaphore with fewer than one permit")
	}
	return &Semaphore{size: n, free: n}
}

// Acquire returns a future that completes with a Permit once one is free:
// at once if one is and nobody waits before. If ctx is done first, the
// future fails with ctx.Err() and the place in line is given up. Acquire
// never blocks. The holder must Release the permit; in an actor, the
// package's Acquire releases it when the actor's instance ends at the
// latest.
func (s *Semaphore) Acquire(ctx context.Context) futures.Future[*Permit] {
	if p, ok := s.TryAcquire(); ok {
		return futures.Resolved(p)
	}
	if err := ctx.Err(); err != nil {
		return futures.Failed[*Permit](err)
	}
	promise, f := futures.NewPromise[*Permit]()
	w := &waiter{promise: promise}
	s.mu.Lock()
	if s.free > 0 && s.head == nil { // released since TryAcquire
		s.free--
		s.mu.Unlock()
		_ = promise.Resolve(&Permit{s: s})
		return f
	}
	s.push(w)
	s.mu.Unlock()
	if ctx.Done() != nil {
		stop := context.AfterFunc(ctx, func() { s.cancel(w, ctx.Err()) })
		f.OnComplete(func(*Permit, error) { stop() })
	}
	return f
}

// TryAcquire takes a permit if one is free and nobody waits for one, and
// reports whether it did.
func (s *Semaphore) TryAcquire() (*Permit, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.free == 0 || s.head != nil {
		return nil, false
	}
	s.free--
	return &Permit{s: s}, true
}

// Available returns the number of free permits and the number of pending
// Acquires: a snapshot, for metrics.
func (s *Semaphore) Available() (free, waiting int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for w := s.head; w != nil; w = w.next {
		waiting++
	}
	return s.free, waiting
}

// Release gives the permit back: to the oldest waiter, or to the pool. It
// reports whether this call released it; the permit is released once,
// however many times Release is called.
func (p *Permit) Release() bool {
	if p == nil || !p.released.CompareAndSwap(false, true) {
		return false
	}
	s := p.s
	s.mu.Lock()
	w := s.head
	if w == nil {
		s.free++
		s.mu.Unlock()
		return true
	}
	s.remove(w)
	s.mu.Unlock()
	_ = w.promise.Resolve(&Permit{s: s}) // outside the lock: callbacks may Release
	return true
}

// cancel withdraws w, if it still waits, and fails its future.
func (s *Semaphore) cancel(w *waiter, err error) {
	s.mu.Lock()
	if !w.queued {
		s.mu.Unlock()
		return
	}
	s.remove(w)
	s.mu.Unlock()
	_ = w.promise.Reject(err)
}

func (s *Semaphore) push(w *waiter) {
	w.queued, w.prev = true, s.tail
	if s.tail != nil {
		s.tail.next = w
	} else {
		s.head = w
	}
	s.tail = w
}

func (s *Semaphore) remove(w *waiter) {
	if w.prev != nil {
		w.prev.next = w.next
	} else {
		s.head = w.next
	}
	if w.next != nil {
		w.next.prev = w.prev
	} else {
		s.tail = w.prev
	}
	w.prev, w.next, w.queued = nil, nil, false
}

// Acquire asks s for a permit on behalf of the actor of ctx, and calls
// then inside the actor, as actor.Await does, with the permit or the
// reason there is none. The permit belongs to the actor's current
// instance: the actor releases it when done, and at the latest it is
// released when the instance ends (the actor stops, or restarts after a
// panic; see actor.Context.Cleanup), so that no permit outlives its
// holder. If the instance ends while waiting, the wait is given up and
// then does not run.
func Acquire[M any](ctx *actor.Context[M], s *Semaphore, then func(*Permit, error)) {
	wait, cancel := context.WithCancel(context.Background())
	var granted atomic.Pointer[Permit]
	var ended atomic.Bool
	f := s.Acquire(wait)
	f.OnComplete(func(p *Permit, err error) {
		if err == nil {
			granted.Store(p)
			if ended.Load() {
				p.Release() // the instance ended as the permit came
			}
		}
	})
	ctx.Cleanup(func() {
		ended.Store(true)
		cancel()
		if p := granted.Load(); p != nil {
			p.Release()
		}
	})
	actor.Await(ctx, f, func(p *Permit, err error) {
		if !ended.Load() { // not for a later instance
			then(p, err)
		}
	})
}
