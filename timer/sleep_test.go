package timer_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/timer"
)

// TestSleep: a sleep resolves at its deadline rounded up to a tick, never
// before, and its future works like any other.
func TestSleep(t *testing.T) {
	tests := []struct {
		name string
		give time.Duration
		want time.Duration
	}{
		{name: "whole ticks", give: 100 * ms, want: 100 * ms},
		{name: "rounded up", give: 100*ms + 1, want: 101 * ms},
		{name: "zero waits for the next tick", give: 0, want: ms},
		{name: "negative counts as zero", give: -ms, want: ms},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := timer.NewScheduler()
				defer s.Stop()
				start := time.Now()
				v, err := s.Sleep(tt.give).Await(context.Background())
				require.NoError(t, err)
				require.Equal(t, struct{}{}, v)
				require.Equal(t, tt.want, time.Since(start))
				require.Zero(t, s.Pending())
			})
		})
	}
}

// TestSleepCallbacksRunOnTheDriver: OnComplete callbacks run when the
// sleep ends, in order.
func TestSleepCallbacksRunOnTheDriver(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := timer.NewScheduler()
		defer s.Stop()
		log := newFireLog()
		f := s.Sleep(30 * ms)
		f.OnComplete(func(struct{}, error) { log.record() })
		doubled := futures.Map(f, func(struct{}) (int, error) { return 2, nil })
		time.Sleep(29 * ms)
		synctest.Wait()
		_, _, done := f.Result()
		require.False(t, done, "not before its deadline")
		time.Sleep(ms)
		synctest.Wait() // for the driver, woken at the same instant
		require.Equal(t, []time.Duration{30 * ms}, log.times())
		v, err, done := doubled.Result()
		require.True(t, done)
		require.NoError(t, err)
		require.Equal(t, 2, v)
	})
}

// TestSleepFailsWhenStopped: Stop fails the pending sleeps with ErrStopped
// and leaves the finished ones alone; Sleep after Stop fails at once.
func TestSleepFailsWhenStopped(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := timer.NewScheduler()
		done := s.Sleep(10 * ms)
		pending := []futures.Future[struct{}]{s.Sleep(time.Hour), s.Sleep(time.Minute), s.Sleep(11 * ms)}
		time.Sleep(10 * ms)
		synctest.Wait() // for the driver, woken at the same instant
		s.Stop()
		_, err, ok := done.Result()
		require.True(t, ok)
		require.NoError(t, err)
		for _, f := range pending {
			_, err, ok := f.Result()
			require.True(t, ok, "Stop completes every pending sleep before it returns")
			require.ErrorIs(t, err, timer.ErrStopped)
		}
		_, err, ok = s.Sleep(ms).Result()
		require.True(t, ok)
		require.ErrorIs(t, err, timer.ErrStopped)
		require.Equal(t, "timer: scheduler stopped", timer.ErrStopped.Error())
	})
}

// TestSleepRacesStop: sleeps started while Stop runs each complete exactly
// once, resolved or failed with ErrStopped; none is left pending.
func TestSleepRacesStop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const goroutines, perG = 4, 500
		s := timer.NewScheduler(timer.WithShards(2))
		var resolved, stopped, completions atomic.Int64
		var wg sync.WaitGroup
		futs := make(chan futures.Future[struct{}], goroutines*perG)
		for g := range goroutines {
			wg.Go(func() {
				for i := range perG {
					f := s.Sleep(time.Duration(i%3) * ms)
					f.OnComplete(func(_ struct{}, err error) {
						completions.Add(1)
						if errors.Is(err, timer.ErrStopped) {
							stopped.Add(1)
						} else if err == nil {
							resolved.Add(1)
						}
					})
					futs <- f
					if i == perG/2 && g == 0 {
						go s.Stop()
					}
					time.Sleep(time.Duration(i%2) * ms)
				}
			})
		}
		wg.Wait()
		s.Stop()
		close(futs)
		for f := range futs {
			_, _, ok := f.Result()
			require.True(t, ok)
		}
		require.Equal(t, int64(goroutines*perG), completions.Load())
		require.Equal(t, completions.Load(), resolved.Load()+stopped.Load())
		require.Positive(t, stopped.Load())
		require.Positive(t, resolved.Load())
	})
}

// TestClock: futures.Timeout and futures.Ask time out on the wheel when
// given Scheduler.Clock, and release their timer when answered first.
func TestClock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := timer.NewScheduler()
		defer s.Stop()
		clock := futures.WithClock(s.Clock())
		start := time.Now()

		never, _ := futures.NewPromise[int]()
		_, err := futures.Timeout(never.Future(), 40*ms, clock).Await(context.Background())
		require.ErrorIs(t, err, futures.ErrTimeout)
		require.Equal(t, 40*ms, time.Since(start))

		p, f := futures.NewPromise[int]()
		timed := futures.Timeout(f, time.Hour, clock)
		require.Equal(t, 1, s.Pending(), "the deadline is on the wheel")
		require.NoError(t, p.Resolve(7))
		v, err := timed.Await(context.Background())
		require.NoError(t, err)
		require.Equal(t, 7, v)
		require.Zero(t, s.Pending(), "completing first stops the deadline")

		silent := &recordingSender[futures.Promise[int]]{}
		start = time.Now()
		_, err = futures.Ask(silent, func(p futures.Promise[int]) futures.Promise[int] { return p }, 25*ms, clock).
			Await(context.Background())
		require.ErrorIs(t, err, futures.ErrTimeout)
		require.Equal(t, 25*ms, time.Since(start))

		answered := futures.Ask(replier{}, func(p futures.Promise[int]) futures.Promise[int] { return p }, time.Hour, clock)
		v, err = answered.Await(context.Background())
		require.NoError(t, err)
		require.Equal(t, 42, v)
		// The replier's goroutine stops the deadline right after it
		// completes the promise, which Await may see first.
		synctest.Wait()
		require.Zero(t, s.Pending())
	})
}

// replier answers every request at once.
type replier struct{}

func (replier) Send(p futures.Promise[int]) error {
	go func() { _ = p.Resolve(42) }()
	return nil
}

// TestClockAfterStop: a stopped Scheduler's clock never fires, so a
// Timeout then completes only with its future.
func TestClockAfterStop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := timer.NewScheduler()
		s.Stop()
		p, f := futures.NewPromise[int]()
		timed := futures.Timeout(f, ms, futures.WithClock(s.Clock()))
		time.Sleep(time.Second)
		_, _, done := timed.Result()
		require.False(t, done)
		require.NoError(t, p.Resolve(1))
		v, err := timed.Await(context.Background())
		require.NoError(t, err)
		require.Equal(t, 1, v)
	})
}
