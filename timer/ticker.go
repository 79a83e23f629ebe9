package timer

import (
	"sync/atomic"
	"time"

	"github.com/actorio/actorio/timer/internal/wheel"
)

// Ticker repeats a call or a send every period, created by
// [Scheduler.Every] or [SendEvery]. Its first tick is due one period after
// creation, as with time.NewTicker; late ticks follow its
// [MissedTickBehavior].
type Ticker struct {
	e       wheel.Entry
	eng     *wheel.Engine
	deliver func()
	period  time.Duration
	missed  MissedTickBehavior
	// due is the deadline of the pending tick, as time since the engine
	// started. After creation only the driver touches it.
	due     time.Duration
	stopped atomic.Bool
}

// Every calls f on a driver goroutine every period, and returns a Ticker
// to stop it. f must not block; a panic in f is reported like any callback
// panic and the ticker keeps going. Every panics if period is not positive
// or f is nil.
func (s *Scheduler) Every(period time.Duration, f func(), opts ...IntervalOption) *Ticker {
	if f == nil {
		panic("timer: Every called with a nil func")
	}
	return s.every(period, f, opts)
}

// SendEvery sends msg to to every period, and returns a Ticker to stop it.
// As with SendAfter, S is inferred from to, Send must not block and owns
// the reporting of its failures; a failed send does not stop the ticker.
// SendEvery panics if period is not positive or to is nil.
func SendEvery[M any, S Sender[M]](s *Scheduler, to S, period time.Duration, msg M, opts ...IntervalOption) *Ticker {
	if any(to) == nil {
		panic("timer: SendEvery called with a nil Sender")
	}
	return s.every(period, func() { _ = to.Send(msg) }, opts)
}

func (s *Scheduler) every(period time.Duration, deliver func(), opts []IntervalOption) *Ticker {
	if period <= 0 {
		panic("timer: non-positive period")
	}
	var o IntervalOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	k := &Ticker{eng: s.eng, deliver: deliver, period: period, missed: o.MissedTickBehavior}
	k.due = addSat(s.eng.Now(), period)
	s.eng.ScheduleAt(&k.e, (*tickTarget)(k), k.due)
	return k
}

// Stop stops the Ticker and reports whether the call stopped it: false if
// it had been stopped already or its Scheduler has been stopped. A tick
// whose delivery is running finishes (a Burst stops between sends), and no
// tick starts after Stop returns.
func (k *Ticker) Stop() bool {
	if k.eng == nil || !k.stopped.CompareAndSwap(false, true) {
		return false
	}
	k.e.Stop()
	return !k.eng.Stopped()
}

// tickTarget fires a Ticker without giving Ticker an exported Fire method.
type tickTarget Ticker

func (t *tickTarget) Fire() { (*Ticker)(t).tick() }

// tick runs on the driver: it delivers the due tick and any missed ones,
// then re-arms the entry for the next deadline, even if a delivery panics.
//
// Stop sets stopped before it removes the entry, and tick re-arms the entry
// before it reads stopped, so one of them always sees the other: either
// Stop removes the re-armed entry or tick removes it itself. The entry
// cannot fire in between, because it lives on the shard whose driver is
// running tick.
func (k *Ticker) tick() {
	if k.stopped.Load() {
		return // stopped while this tick waited in the driver's batch
	}
	last := k.due
	defer func() {
		if k.due == last { // the first delivery panicked
			k.due, _ = k.missed.next(last, k.eng.Now(), k.period)
		}
		k.e.ResetAt(k.due)
		if k.stopped.Load() {
			k.e.Stop()
		}
	}()
	k.deliver()
	next, missed := k.missed.next(last, k.eng.Now(), k.period)
	k.due = next
	for ; missed > 0 && !k.stopped.Load(); missed-- {
		k.deliver()
	}
}
