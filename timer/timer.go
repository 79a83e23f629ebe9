package timer

import (
	"time"

	"github.com/actorio/actorio/timer/internal/wheel"
)

// Timer is one pending call, created by [Scheduler.AfterFunc] or
// [SendAfter]. Its Stop and Reset mean exactly what they mean for a
// time.Timer made by time.AfterFunc, and are safe for concurrent use.
type Timer struct {
	e wheel.Entry
}

// Stop prevents the Timer from firing. It returns true if the call stopped
// the timer, and false if the timer had already fired, had been stopped,
// or its Scheduler has been stopped. A timer has fired once its driver has
// taken it from the wheel: its callback may then be about to run or
// running, and Stop does not wait for it. Stop panics on a Timer not made
// by this package.
func (t *Timer) Stop() bool {
	if !t.e.Bound() {
		panic("timer: Stop called on uninitialized Timer")
	}
	return t.e.Stop()
}

// Reset makes the Timer fire once more, d from now, whether it is pending,
// fired or stopped, and reports whether it had been pending. A callback of
// an earlier firing that is already running is not affected. After the
// Scheduler's Stop, Reset does nothing and returns false. Reset panics on a
// Timer not made by this package.
func (t *Timer) Reset(d time.Duration) bool {
	if !t.e.Bound() {
		panic("timer: Reset called on uninitialized Timer")
	}
	return t.e.Reset(d)
}
