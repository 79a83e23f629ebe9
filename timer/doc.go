// Package timer schedules calls and actor messages on hierarchical timing
// wheels: many timers, cheap to start and cancel, with millisecond
// accuracy and no goroutine or runtime timer per timer.
//
// A [Scheduler] owns the wheels and their driver goroutines:
//
//	s := timer.NewScheduler()
//	defer s.Stop()
//
//	t := s.AfterFunc(50*time.Millisecond, func() { fmt.Println("fired") })
//	t.Stop() // true: it had not fired yet
//
//	timer.SendAfter(s, ref, time.Second, Timeout{}) // ref is any Sender[Timeout], such as an actor.Ref
//	k := timer.SendEvery(s, ref, time.Second, Tick{}, timer.WithMissedTickBehavior(timer.Skip))
//	defer k.Stop()
//
// # Accuracy
//
// Time is counted in ticks of [Options.Tick] (1 ms by default) from the
// Scheduler's creation, on the monotonic clock of package time, so a
// Scheduler created inside a testing/synctest bubble runs on the bubble's
// fake clock. A timer's deadline is rounded up to a whole tick: a timer
// never fires early, and fires late by at most one tick plus the delay
// before its driver goroutine runs. A duration shorter than a tick
// therefore waits for the next tick boundary; a zero or negative duration
// counts as zero, and fires at the next tick boundary (at once if the
// current instant is one). Durations
// beyond the top wheel level's span (2^36 ticks, 2.2 years at 1 ms) are
// exact too: such timers wait in the top level and are revisited once per
// rotation.
//
// # Callbacks
//
// Callbacks, sends and ticks run on the driver goroutine of the timer's
// shard, outside its lock, so they may start, stop or reset timers. They
// must not block, since every other timer of the shard waits for them;
// hand slow work to a goroutine or an actor. Timers due at the same tick
// fire in no particular order. A panicking callback is recovered and
// reported to [Options.PanicHandler] (by default logged through
// [Options.Logger], which is silent unless set); the driver carries on.
//
// # Sending to actors
//
// [SendAfter] and [SendEvery] deliver a message to any [Sender], which
// actor.Ref satisfies; this package does not import package actor. Send
// must not block, and the Sender owns failure reporting: the actor runtime
// dead-letters a failed send itself, and this package drops the error.
//
// # Futures
//
// [Scheduler.Sleep] returns a futures.Future that resolves once a duration
// has passed, or fails with [ErrStopped] if the Scheduler stops first.
// [Scheduler.Clock] adapts the Scheduler to futures.Clock, so that the
// deadlines of futures.Timeout and futures.Ask run on the wheel:
//
//	f = futures.Timeout(f, time.Second, futures.WithClock(s.Clock()))
//
// # Intervals
//
// [Scheduler.Every] and [SendEvery] return a [Ticker]. When a tick is
// delivered so late that the next one is already due, its
// [MissedTickBehavior] decides between delivering the missed ticks at once
// ([Burst], the default), restarting the schedule from the late tick
// ([Delay]) and dropping them while keeping the schedule ([Skip]).
//
// # Shutdown
//
// [Scheduler.Stop] discards all pending timers and waits for the drivers
// to return; no callback starts after it returns. It then fails the
// pending sleeps with [ErrStopped]. Timers created after Stop never fire.
//
// # Cost
//
// Starting a timer reads the monotonic clock once, then takes one shard
// lock for O(1) list and bitmap updates; stopping it takes the lock again.
// A timer's shard is chosen from the memory page it was allocated in, and
// there are four shards per P by default, so concurrent callers rarely
// meet. A timer is a single allocation: a pending AfterFunc timer costs 48
// bytes, and a SendAfter timer 48 bytes plus its Sender and message,
// rounded up to a size class (64 bytes for an int message to a
// pointer-shaped Sender such as actor.Ref).
package timer
