package timer_test

import (
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/timer"
)

// TestMissedTicks stalls the only driver from 250 ms to 650 ms, while a
// 100 ms ticker's third tick (due at 300 ms) waits behind it. That tick is
// delivered at 650 ms, when the ticks due at 400, 500 and 600 ms have been
// missed too.
func TestMissedTicks(t *testing.T) {
	tests := []struct {
		give timer.MissedTickBehavior
		want []time.Duration // delivery times up to 1 s
	}{
		{give: timer.Burst, want: []time.Duration{100 * ms, 200 * ms, 650 * ms, 650 * ms, 650 * ms, 650 * ms, 700 * ms, 800 * ms, 900 * ms, 1000 * ms}},
		{give: timer.Delay, want: []time.Duration{100 * ms, 200 * ms, 650 * ms, 750 * ms, 850 * ms, 950 * ms}},
		{give: timer.Skip, want: []time.Duration{100 * ms, 200 * ms, 650 * ms, 700 * ms, 800 * ms, 900 * ms, 1000 * ms}},
	}
	for _, tt := range tests {
		t.Run(tt.give.String()+"/SendEvery", func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := timer.NewScheduler(timer.WithShards(1))
				defer s.Stop()
				box := &recordingSender[int]{start: time.Now()}
				k := timer.SendEvery(s, box, 100*ms, 1, timer.WithMissedTickBehavior(tt.give))
				s.AfterFunc(250*ms, func() { time.Sleep(400 * ms) }) // blocks the driver
				time.Sleep(1020 * ms)
				require.True(t, k.Stop())
				require.Equal(t, tt.want, box.times())
			})
		})
		t.Run(tt.give.String()+"/Every", func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := timer.NewScheduler(timer.WithShards(1))
				defer s.Stop()
				log := newFireLog()
				k := s.Every(100*ms, log.record, timer.WithMissedTickBehavior(tt.give))
				s.AfterFunc(250*ms, func() { time.Sleep(400 * ms) })
				time.Sleep(1020 * ms)
				require.True(t, k.Stop())
				require.Equal(t, tt.want, log.times())
			})
		})
	}
}

// TestSlowDelivery makes the ticker's own second delivery take 250 ms, so
// the tick due at 200 ms finishes at 450 ms, after those due at 300 and
// 400 ms.
func TestSlowDelivery(t *testing.T) {
	tests := []struct {
		give timer.MissedTickBehavior
		want []time.Duration // delivery start times up to 1 s
	}{
		{give: timer.Burst, want: []time.Duration{100 * ms, 200 * ms, 450 * ms, 450 * ms, 500 * ms, 600 * ms, 700 * ms, 800 * ms, 900 * ms, 1000 * ms}},
		{give: timer.Delay, want: []time.Duration{100 * ms, 200 * ms, 550 * ms, 650 * ms, 750 * ms, 850 * ms, 950 * ms}},
		{give: timer.Skip, want: []time.Duration{100 * ms, 200 * ms, 500 * ms, 600 * ms, 700 * ms, 800 * ms, 900 * ms, 1000 * ms}},
	}
	for _, tt := range tests {
		t.Run(tt.give.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := timer.NewScheduler()
				defer s.Stop()
				log := newFireLog()
				n := 0
				k := s.Every(100*ms, func() {
					log.record()
					if n++; n == 2 {
						time.Sleep(250 * ms)
					}
				}, timer.WithMissedTickBehavior(tt.give))
				time.Sleep(1020 * ms)
				k.Stop()
				require.Equal(t, tt.want, log.times())
			})
		})
	}
}

// TestStalledConsumer: the consumer of SendEvery is an actor that stops
// reading. Sends do not block, so the schedule holds and the failures are
// the Sender's to report.
func TestStalledConsumer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := timer.NewScheduler()
		defer s.Stop()
		box := make(chanSender, 3) // nobody reads it
		var failed atomic.Int32
		box2 := countingSender{chanSender: box, failed: &failed}
		k := timer.SendEvery(s, box2, 100*ms, 7)
		time.Sleep(1020 * ms)
		require.True(t, k.Stop())
		require.Len(t, box, 3)
		require.Equal(t, int32(7), failed.Load(), "ten ticks: three delivered, seven refused by the full mailbox")
	})
}

func TestTickerStop(t *testing.T) {
	t.Run("no tick after Stop", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s := timer.NewScheduler()
			defer s.Stop()
			log := newFireLog()
			k := s.Every(100*ms, log.record)
			time.Sleep(250 * ms)
			require.Equal(t, 1, s.Pending())
			require.True(t, k.Stop())
			require.False(t, k.Stop())
			require.Zero(t, s.Pending())
			time.Sleep(time.Second)
			require.Equal(t, []time.Duration{100 * ms, 200 * ms}, log.times())
		})
	})
	t.Run("Stop from its own tick", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s := timer.NewScheduler()
			defer s.Stop()
			log := newFireLog()
			var k *timer.Ticker
			var stopped bool
			ready := make(chan struct{})
			k = s.Every(100*ms, func() {
				<-ready
				log.record()
				if len(log.times()) == 3 {
					stopped = k.Stop()
				}
			})
			close(ready)
			time.Sleep(time.Second)
			require.Equal(t, []time.Duration{100 * ms, 200 * ms, 300 * ms}, log.times())
			require.Zero(t, s.Pending())
			s.Stop() // waits for the driver, so stopped is safe to read
			require.True(t, stopped)
		})
	})
	t.Run("a panicking tick keeps ticking", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var panics atomic.Int32
			s := timer.NewScheduler(timer.WithPanicHandler(func(any) { panics.Add(1) }))
			defer s.Stop()
			k := s.Every(100*ms, func() { panic("tick") })
			time.Sleep(550 * ms)
			require.True(t, k.Stop())
			require.Equal(t, int32(5), panics.Load())
		})
	})
}

func TestTickerPanicsOnBadArguments(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := timer.NewScheduler()
		defer s.Stop()
		require.PanicsWithValue(t, "timer: non-positive period", func() { s.Every(0, func() {}) })
		require.PanicsWithValue(t, "timer: Every called with a nil func", func() { s.Every(ms, nil) })
		require.PanicsWithValue(t, "timer: SendEvery called with a nil Sender", func() { timer.SendEvery[int, timer.Sender[int]](s, nil, ms, 1) })
	})
}

func TestMissedTickBehaviorString(t *testing.T) {
	tests := []struct {
		give timer.MissedTickBehavior
		want string
	}{
		{give: timer.Burst, want: "Burst"},
		{give: timer.Delay, want: "Delay"},
		{give: timer.Skip, want: "Skip"},
		{give: 9, want: "MissedTickBehavior(9)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) { require.Equal(t, tt.want, tt.give.String()) })
	}
}
