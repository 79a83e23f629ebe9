package futures

import "time"

// Timer is a pending call scheduled by a Clock. Stop cancels it and
// reports whether it did so before the call started; *time.Timer
// satisfies it.
type Timer interface {
	Stop() bool
}

// Clock schedules calls. AfterFunc calls f once, on a goroutine of the
// clock's choosing, after at least d has passed, unless the returned
// Timer is stopped first. The timer package's wheel implements it; the
// default, used when no WithClock option is given, wraps time.AfterFunc.
type Clock interface {
	AfterFunc(d time.Duration, f func()) Timer
}

// systemClock is the default Clock.
type systemClock struct{}

func (systemClock) AfterFunc(d time.Duration, f func()) Timer {
	return time.AfterFunc(d, f)
}

// TimeoutOptions holds what TimeoutOption values set.
type TimeoutOptions struct {
	// Clock schedules the deadline; time.AfterFunc unless WithClock
	// names another.
	Clock Clock
}

// TimeoutOption configures Timeout and Ask.
type TimeoutOption func(*TimeoutOptions)

// clockOf returns the clock that opts name, building no options struct
// (which would escape to the heap) when there are none.
func clockOf(opts []TimeoutOption) Clock {
	if len(opts) == 0 {
		return systemClock{}
	}
	o := TimeoutOptions{Clock: systemClock{}}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o.Clock
}

// WithClock makes Timeout or Ask schedule its deadline on c, for example
// the timer package's wheel, instead of time.AfterFunc. A nil c keeps
// the default.
func WithClock(c Clock) TimeoutOption {
	return func(o *TimeoutOptions) {
		if c != nil {
			o.Clock = c
		}
	}
}
