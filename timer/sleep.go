package timer

import (
	"errors"
	"sync"
	"time"

	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/internal/ilist"
	"github.com/actorio/actorio/timer/internal/wheel"
)

// ErrStopped is the error of a [Scheduler.Sleep] future whose Scheduler
// stopped before the sleep ended, or had stopped before Sleep was called.
var ErrStopped = errors.New("timer: scheduler stopped")

// Sleep returns a future that resolves, with struct{}{}, once d has
// elapsed, rounded like any timer (see the package documentation). If the
// Scheduler stops first, the future fails with ErrStopped; after Stop it
// fails at once. A sleep cannot be cancelled: to stop waiting for it, wrap
// it in futures.WithContext or futures.Timeout, which release their
// registration on it.
//
// The future completes on the shard's driver goroutine, so callbacks
// registered with OnComplete, and the functions of combinators such as
// futures.Map, run there and must not block; Await and Done may block as
// usual. Each Sleep takes, besides the timer's shard lock, a lock shared by
// all the Scheduler's sleeps, twice: once to register, once when it ends.
func (s *Scheduler) Sleep(d time.Duration) futures.Future[struct{}] {
	p, f := futures.NewPromise[struct{}]()
	sl := &sleeper{p: p, set: &s.sleeps}
	if !s.sleeps.add(sl) {
		_ = p.Reject(ErrStopped)
		return f
	}
	// If the engine has stopped meanwhile, Schedule does nothing, and
	// Stop's sweep, which cannot have run yet, rejects sl.
	s.eng.Schedule(&sl.e, sl, d)
	return f
}

// sleeper is one pending Sleep: its timer, and its place in the
// Scheduler's list of sleeps, which Stop fails.
type sleeper struct {
	e     wheel.Entry
	p     futures.Promise[struct{}]
	set   *sleepSet
	links ilist.Links[sleeper] // in set.sleeps, guarded by set.mu
}

func (sl *sleeper) Links() *ilist.Links[sleeper] { return &sl.links }

// Fire runs on the driver. The engine's Stop waits for running callbacks
// before the sweep, so a sleep is either resolved here or rejected there.
func (sl *sleeper) Fire() {
	sl.set.remove(sl)
	_ = sl.p.Resolve(struct{}{})
}

// sleepSet lists the pending sleeps of a Scheduler, so that Stop can fail
// them without walking the wheels, whose other timers need no such care.
type sleepSet struct {
	mu      sync.Mutex
	sleeps  ilist.List[sleeper, *sleeper]
	stopped bool
}

// add links sl, or reports false once the set has been stopped.
func (ss *sleepSet) add(sl *sleeper) bool {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.stopped {
		return false
	}
	ss.sleeps.Push(sl)
	return true
}

func (ss *sleepSet) remove(sl *sleeper) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	ss.sleeps.Remove(sl)
}

// stop fails every pending sleep with ErrStopped, and every later one at
// once. The caller has stopped the engine: no sleep fires any more.
func (ss *sleepSet) stop() {
	ss.mu.Lock()
	sleeps := ss.sleeps.Take()
	ss.stopped = true
	ss.mu.Unlock()
	for sl := sleeps.Pop(); sl != nil; sl = sleeps.Pop() {
		_ = sl.p.Reject(ErrStopped)
	}
}

// Clock returns s as a futures.Clock, so that deadlines of futures.Timeout
// and futures.Ask run on the wheel instead of the runtime's timers:
//
//	f = futures.Timeout(f, time.Second, futures.WithClock(s.Clock()))
//
// Deadlines fire on a driver goroutine, rounded up to a tick like any
// timer. After s stops, they never fire: a Timeout then completes only
// when its future does, and an Ask only when it is answered.
func (s *Scheduler) Clock() futures.Clock { return clock{s} }

// clock adapts a Scheduler to futures.Clock. It is one pointer, so
// converting it to the interface does not allocate.
type clock struct{ s *Scheduler }

func (c clock) AfterFunc(d time.Duration, f func()) futures.Timer { return c.s.AfterFunc(d, f) }
