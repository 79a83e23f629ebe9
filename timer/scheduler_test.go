package timer_test

import (
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/timer"
)

// TestMillionTimers runs 1M timers with random deadlines up to 10 s through
// the whole Scheduler on synctest's fake clock and stops the even ones. The
// fired set must be exactly the odd ones, none early and none late by a
// tick or more.
func TestMillionTimers(t *testing.T) {
	const n = 1_000_000
	synctest.Test(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(42, 7))
		s := timer.NewScheduler()
		start := time.Now()
		deadline := make([]time.Duration, n)
		firedAt := make([]time.Duration, n)
		timers := make([]*timer.Timer, n)
		for i := range timers {
			d := time.Duration(rng.Int64N(int64(10 * time.Second)))
			deadline[i] = time.Since(start) + d
			timers[i] = s.AfterFunc(d, func() { firedAt[i] = time.Since(start) })
		}
		for i := 0; i < n; i += 2 {
			if !timers[i].Stop() {
				t.Fatalf("timer %d: Stop returned false before its deadline", i)
			}
		}
		time.Sleep(11 * time.Second)
		require.Zero(t, s.Pending())
		s.Stop() // waits for the drivers, so firedAt is safe to read
		for i, at := range firedAt {
			switch {
			case i%2 == 0 && at != 0:
				t.Fatalf("stopped timer %d fired at %v", i, at)
			case i%2 == 1 && (at < deadline[i] || at >= deadline[i]+ms):
				t.Fatalf("timer %d due at %v fired at %v", i, deadline[i], at)
			}
		}
	})
}

func TestStoppedScheduler(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := timer.NewScheduler()
		fired := atomic.Int32{}
		pending := s.AfterFunc(10*ms, func() { fired.Add(1) })
		require.Equal(t, 1, s.Pending())
		s.Stop()
		s.Stop() // idempotent
		require.Zero(t, s.Pending())
		require.False(t, pending.Stop(), "a discarded timer was not stopped by this call")
		require.False(t, pending.Reset(ms))

		late := s.AfterFunc(ms, func() { fired.Add(1) })
		require.False(t, late.Reset(ms))
		require.False(t, late.Stop())
		k := s.Every(ms, func() { fired.Add(1) })
		require.False(t, k.Stop())
		time.Sleep(time.Second)
		require.Zero(t, fired.Load())
	})
}

func TestPanicIsRecovered(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var reported []any
		s := timer.NewScheduler(timer.WithShards(1), timer.WithPanicHandler(func(r any) {
			mu.Lock()
			reported = append(reported, r)
			mu.Unlock()
		}))
		defer s.Stop()
		log := newFireLog()
		s.AfterFunc(10*ms, func() { panic("boom") })
		s.AfterFunc(10*ms, func() { runtime.Goexit() })
		s.AfterFunc(10*ms, log.record) // same tick and batch as the two above
		s.AfterFunc(20*ms, log.record)
		time.Sleep(time.Second)
		require.Equal(t, []time.Duration{10 * ms, 20 * ms}, log.times())
		mu.Lock()
		defer mu.Unlock()
		require.ElementsMatch(t, []any{"boom", timer.ErrGoexit}, reported)
	})
}

// TestConcurrentStopResetFire races Stop and Reset from many goroutines
// against the drivers firing the same timers. Each arming must end exactly
// once: fired, or cancelled by a Stop or Reset that returned true.
func TestConcurrentStopResetFire(t *testing.T) {
	const goroutines, perG = 8, 2000
	synctest.Test(t, func(t *testing.T) {
		s := timer.NewScheduler(timer.WithShards(2))
		defer s.Stop()
		var fired, armed, cancelled atomic.Int64
		var wg sync.WaitGroup
		for g := range goroutines {
			wg.Go(func() {
				rng := rand.New(rand.NewPCG(uint64(g), 99))
				for range perG {
					tm := s.AfterFunc(time.Duration(rng.IntN(3))*ms, func() { fired.Add(1) })
					armed.Add(1)
					time.Sleep(time.Duration(rng.IntN(3)) * ms)
					switch rng.IntN(3) {
					case 0:
						if tm.Stop() {
							cancelled.Add(1)
						}
					case 1:
						armed.Add(1)
						if tm.Reset(time.Duration(rng.IntN(2)) * ms) {
							cancelled.Add(1)
						}
					}
				}
			})
		}
		wg.Wait()
		time.Sleep(time.Second)
		require.Zero(t, s.Pending())
		require.Equal(t, armed.Load(), fired.Load()+cancelled.Load())
	})
}

// TestStopWithMillionPending runs on the real clock: Stop must not walk
// the pending timers, must fail the pending sleeps (and only walk those),
// and must leave no goroutine behind.
func TestStopWithMillionPending(t *testing.T) {
	const sleeps = 1000
	s := timer.NewScheduler()
	f := func() {}
	for range 1_000_000 {
		s.AfterFunc(time.Hour, f)
	}
	slept := make([]futures.Future[struct{}], sleeps)
	for i := range slept {
		slept[i] = s.Sleep(time.Hour)
	}
	require.Equal(t, 1_000_000+sleeps, s.Pending())
	begin := time.Now()
	s.Stop()
	took := time.Since(begin)
	// How long Stop takes is reported, not asserted: unit tests do not
	// time things on shared machines (it walks the shards, not the timers).
	t.Logf("Stop with 1M pending took %v", took)
	require.Zero(t, s.Pending())
	for _, f := range slept {
		_, err, done := f.Result()
		require.True(t, done)
		require.ErrorIs(t, err, timer.ErrStopped)
	}
	goleak.VerifyNone(t)
}
