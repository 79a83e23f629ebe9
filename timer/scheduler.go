package timer

import (
	"context"
	"errors"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/actorio/actorio/timer/internal/wheel"
)

// ErrGoexit is passed to the panic handler when a callback calls
// runtime.Goexit (as testing.T.FailNow does). The driver goroutine it ended
// is replaced, and the other timers of its batch still fire.
var ErrGoexit = errors.New("timer: callback called runtime.Goexit")

// Scheduler runs timers on sharded timing wheels. Create it with
// [NewScheduler], which starts its driver goroutines, and release them with
// [Scheduler.Stop]; the zero Scheduler is not usable. All methods are safe
// for concurrent use.
type Scheduler struct {
	eng    *wheel.Engine
	sleeps sleepSet
	stop   sync.Once
}

// NewScheduler returns a Scheduler configured by opts, with its driver
// goroutines, one per shard, already running. The Scheduler owns them until
// Stop.
func NewScheduler(opts ...Option) *Scheduler {
	var o Options
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	onPanic := o.PanicHandler
	if onPanic == nil {
		logger := o.Logger
		if logger == nil {
			logger = slog.New(slog.DiscardHandler)
		}
		onPanic = func(recovered any) {
			if logger.Enabled(context.Background(), slog.LevelError) {
				logger.Error("timer: callback panicked", "panic", recovered, "stack", string(debug.Stack()))
			}
		}
	}
	return &Scheduler{eng: wheel.New(wheel.Config{
		Tick:     o.Tick,
		Shards:   o.Shards,
		OnPanic:  onPanic,
		OnGoexit: func() { onPanic(ErrGoexit) },
	})}
}

// Stop discards every pending timer and ticker and waits for the driver
// goroutines to return. Callbacks already running finish first; no other
// callback starts, now or later. Then it fails every pending Sleep with
// ErrStopped. Stop is idempotent and safe to call concurrently, but it
// must not be called from a callback, which would wait for its own driver
// forever.
//
// Discarding is O(shards), whatever the number of pending timers; failing
// sleeps is O(pending sleeps).
//
// After Stop, AfterFunc, SendAfter, Every and SendEvery still return a
// Timer or Ticker, but it never fires: its Stop and Reset report false.
// Sleep returns a future that has already failed with ErrStopped.
func (s *Scheduler) Stop() {
	s.stop.Do(func() {
		s.eng.Stop()
		s.sleeps.stop()
	})
}

// Pending returns the number of timers and tickers waiting to fire. A
// timer whose callback is about to run or running no longer counts; after
// Stop, Pending returns 0.
func (s *Scheduler) Pending() int { return s.eng.Pending() }

// AfterFunc calls f on a driver goroutine once d has elapsed, and returns a
// Timer that can cancel or reschedule the call. See the package
// documentation for how d is rounded. f must not block: it delays every
// other timer of its shard. AfterFunc panics if f is nil.
func (s *Scheduler) AfterFunc(d time.Duration, f func()) *Timer {
	if f == nil {
		panic("timer: AfterFunc called with a nil func")
	}
	t := new(Timer)
	s.eng.Schedule(&t.e, funcTarget(f), d)
	return t
}

// funcTarget is an AfterFunc callback; being a func, it fits in an
// interface without an allocation.
type funcTarget func()

func (f funcTarget) Fire() { f() }
