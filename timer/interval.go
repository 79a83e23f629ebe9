package timer

import (
	"math"
	"strconv"
	"time"
)

// MissedTickBehavior says what a Ticker does after a late tick, with the
// meanings of Tokio's tokio::time::MissedTickBehavior.
//
// Ticks are due at start+period, start+2*period, and so on. Let T be the
// deadline of the tick just delivered and now the time its delivery
// finished. The tick was on time when now < T+period, and the next one is
// then due at T+period whatever the behavior. Otherwise the ticker fell
// behind (its driver stalled, or the delivery itself was slow) and the
// behavior decides. Tokio counts a tick as missed once it is 5 ms late;
// here it takes a whole period, so the up-to-one-tick lateness of the wheel
// never shifts a Delay or Skip ticker.
type MissedTickBehavior int

const (
	// Burst delivers every missed tick at once, back to back on the same
	// driver pass, then returns to the original schedule: the next tick is
	// due at T+(k+1)*period, where k = (now-T)/period ticks were missed.
	// No tick is lost; a receiver sees k+1 ticks in a row. Burst is the
	// default, as in Tokio.
	Burst MissedTickBehavior = iota
	// Delay drops the missed ticks and restarts the schedule from the late
	// delivery: the next tick is due at now+period, and later ones every
	// period after it.
	Delay
	// Skip drops the missed ticks and keeps the original schedule: the next
	// tick is due at the first T+n*period after now.
	Skip
)

// String returns "Burst", "Delay" or "Skip".
func (b MissedTickBehavior) String() string {
	switch b {
	case Burst:
		return "Burst"
	case Delay:
		return "Delay"
	case Skip:
		return "Skip"
	}
	return "MissedTickBehavior(" + strconv.Itoa(int(b)) + ")"
}

// next returns the deadline of the tick after the one due at last, which
// finished delivery at now, and how many missed ticks to deliver first.
func (b MissedTickBehavior) next(last, now, period time.Duration) (time.Duration, int64) {
	next := addSat(last, period)
	if next > now {
		return next, 0
	}
	missed := (now - last) / period
	switch b {
	case Delay:
		return addSat(now, period), 0
	case Skip:
		return addSat(last, (missed+1)*period), 0
	default:
		return addSat(last, (missed+1)*period), int64(missed)
	}
}

// addSat returns a+b for b >= 0, or the largest Duration if that
// overflows.
func addSat(a, b time.Duration) time.Duration {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// IntervalOptions configures a [Ticker]. [Scheduler.Every] and [SendEvery]
// start from the zero IntervalOptions and apply their IntervalOption
// arguments in order.
type IntervalOptions struct {
	// MissedTickBehavior says what the Ticker does after a late tick. The
	// zero value is Burst.
	MissedTickBehavior MissedTickBehavior
}

// IntervalOption configures a Ticker; pass it to [Scheduler.Every] or
// [SendEvery].
type IntervalOption func(*IntervalOptions)

// WithMissedTickBehavior sets [IntervalOptions.MissedTickBehavior].
func WithMissedTickBehavior(b MissedTickBehavior) IntervalOption {
	return func(o *IntervalOptions) { o.MissedTickBehavior = b }
}
