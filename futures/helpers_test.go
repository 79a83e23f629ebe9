package futures_test

import (
	"sync"
	"time"

	"github.com/actorio/actorio/futures"
)

// manualClock is a Clock whose timers fire only when the test says so.
type manualClock struct {
	mu     sync.Mutex
	timers []*manualTimer
}

type manualTimer struct {
	clock   *manualClock
	d       time.Duration
	f       func()
	stopped bool
	fired   bool
}

func (c *manualClock) AfterFunc(d time.Duration, f func()) futures.Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &manualTimer{clock: c, d: d, f: f}
	c.timers = append(c.timers, t)
	return t
}

func (t *manualTimer) Stop() bool {
	t.clock.mu.Lock()
	defer t.clock.mu.Unlock()
	if t.stopped || t.fired {
		return false
	}
	t.stopped = true
	return true
}

// fireAll runs every timer that is neither stopped nor fired, and returns
// how many it ran.
func (c *manualClock) fireAll() int {
	c.mu.Lock()
	var due []*manualTimer
	for _, t := range c.timers {
		if !t.stopped && !t.fired {
			t.fired = true
			due = append(due, t)
		}
	}
	c.mu.Unlock()
	for _, t := range due {
		t.f()
	}
	return len(due)
}

// counts returns how many timers were made, stopped and fired.
func (c *manualClock) counts() (made, stopped, fired int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, t := range c.timers {
		if t.stopped {
			stopped++
		}
		if t.fired {
			fired++
		}
	}
	return len(c.timers), stopped, fired
}

// pending returns a promise and future that the test completes.
func pending[T any]() (futures.Promise[T], futures.Future[T]) { return futures.NewPromise[T]() }

// result is what a future completed with, for table tests.
type result[T any] struct {
	v   T
	err error
	ok  bool
}

func peek[T any](f futures.Future[T]) result[T] {
	v, err, ok := f.Result()
	return result[T]{v, err, ok}
}
