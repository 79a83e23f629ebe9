package timer_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/timer"
)

// TestTimerMatchesTimeTimer runs each script against time.AfterFunc and
// Scheduler.AfterFunc on the same fake clock: Stop and Reset must return
// the same values and the callbacks must run at the same times.
func TestTimerMatchesTimeTimer(t *testing.T) {
	type step struct {
		at   time.Duration // when to act, from the start
		op   string        // "stop" or "reset"
		d    time.Duration // for reset
		want bool
	}
	tests := []struct {
		name      string
		give      []step
		wantFires []time.Duration
	}{
		{name: "fires", wantFires: []time.Duration{100 * ms}},
		{name: "stop before fire", give: []step{{at: 50 * ms, op: "stop", want: true}}},
		{name: "stop after fire", give: []step{{at: 150 * ms, op: "stop", want: false}}, wantFires: []time.Duration{100 * ms}},
		{name: "double stop", give: []step{{at: 50 * ms, op: "stop", want: true}, {at: 60 * ms, op: "stop", want: false}}},
		{name: "reset active", give: []step{{at: 50 * ms, op: "reset", d: 100 * ms, want: true}}, wantFires: []time.Duration{150 * ms}},
		{
			name:      "reset fired",
			give:      []step{{at: 150 * ms, op: "reset", d: 100 * ms, want: false}},
			wantFires: []time.Duration{100 * ms, 250 * ms},
		},
		{
			name:      "reset stopped",
			give:      []step{{at: 50 * ms, op: "stop", want: true}, {at: 70 * ms, op: "reset", d: 100 * ms, want: false}},
			wantFires: []time.Duration{170 * ms},
		},
		{
			name:      "reset to zero fires on the next tick",
			give:      []step{{at: 50 * ms, op: "reset", d: 0, want: true}},
			wantFires: []time.Duration{50 * ms},
		},
		{
			name:      "stop after reset",
			give:      []step{{at: 50 * ms, op: "reset", d: 100 * ms, want: true}, {at: 120 * ms, op: "stop", want: true}},
			wantFires: nil,
		},
	}
	impls := map[string]func(s *timer.Scheduler, f func()) stopResetter{
		"time.AfterFunc": func(_ *timer.Scheduler, f func()) stopResetter { return time.AfterFunc(100*ms, f) },
		"Scheduler.AfterFunc": func(s *timer.Scheduler, f func()) stopResetter {
			return s.AfterFunc(100*ms, f)
		},
	}
	for _, tt := range tests {
		for implName, newTimer := range impls {
			t.Run(tt.name+"/"+implName, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					s := timer.NewScheduler()
					defer s.Stop()
					log := newFireLog()
					tm := newTimer(s, log.record)
					for _, st := range tt.give {
						time.Sleep(st.at - time.Since(log.start))
						var got bool
						if st.op == "stop" {
							got = tm.Stop()
						} else {
							got = tm.Reset(st.d)
						}
						require.Equal(t, st.want, got, "%s at %v", st.op, st.at)
					}
					time.Sleep(time.Second)
					require.Equal(t, tt.wantFires, log.times())
				})
			})
		}
	}
}

func TestResetFromOwnCallback(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := timer.NewScheduler()
		defer s.Stop()
		log := newFireLog()
		var tm *timer.Timer
		var resets []bool
		ready := make(chan struct{})
		tm = s.AfterFunc(10*ms, func() {
			<-ready
			log.record()
			if len(log.times()) < 3 {
				resets = append(resets, tm.Reset(10*ms))
			}
		})
		close(ready)
		time.Sleep(time.Second)
		require.Equal(t, []time.Duration{10 * ms, 20 * ms, 30 * ms}, log.times())
		s.Stop() // waits for the driver, so resets is safe to read
		require.Equal(t, []bool{false, false}, resets, "a firing timer is no longer pending")
	})
}

func TestConcurrentStopsOneWins(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := timer.NewScheduler()
		defer s.Stop()
		tm := s.AfterFunc(time.Hour, func() {})
		var wins atomic.Int32
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				if tm.Stop() {
					wins.Add(1)
				}
			})
		}
		wg.Wait()
		require.Equal(t, int32(1), wins.Load())
	})
}

// TestRounding checks the accuracy rules of the package documentation with
// a coarse 10 ms tick: never early, late by less than a tick, and zero or
// negative durations on the next tick.
func TestRounding(t *testing.T) {
	tests := []struct {
		name    string
		startAt time.Duration // when AfterFunc is called
		d       time.Duration
		want    time.Duration
	}{
		{name: "whole ticks are exact", startAt: 0, d: 30 * ms, want: 30 * ms},
		{name: "rounds up to a tick", startAt: 0, d: 25 * ms, want: 30 * ms},
		{name: "from mid-tick, rounds the deadline up", startAt: 3 * ms, d: 20 * ms, want: 30 * ms},
		{name: "below a tick waits for the next boundary", startAt: 3 * ms, d: time.Nanosecond, want: 10 * ms},
		{name: "below a tick on a boundary", startAt: 10 * ms, d: time.Nanosecond, want: 20 * ms},
		{name: "zero fires on the next tick", startAt: 13 * ms, d: 0, want: 20 * ms},
		{name: "zero on a boundary fires at once", startAt: 10 * ms, d: 0, want: 10 * ms},
		{name: "negative counts as zero", startAt: 13 * ms, d: -time.Hour, want: 20 * ms},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := timer.NewScheduler(timer.WithTick(10 * ms))
				defer s.Stop()
				log := newFireLog()
				time.Sleep(tt.startAt)
				s.AfterFunc(tt.d, log.record)
				time.Sleep(time.Second)
				require.Equal(t, []time.Duration{tt.want}, log.times())
			})
		})
	}
}

// TestEarlierInsertWakesDriver needs the driver to be woken: otherwise it
// sleeps until the hour-long timer and the short one fires an hour late.
func TestEarlierInsertWakesDriver(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := timer.NewScheduler(timer.WithShards(1))
		defer s.Stop()
		log := newFireLog()
		s.AfterFunc(time.Hour, func() {})
		time.Sleep(5 * ms)
		s.AfterFunc(10*ms, log.record)
		time.Sleep(time.Second)
		require.Equal(t, []time.Duration{15 * ms}, log.times())
	})
}

// TestCascade schedules timers minutes to years out; each must fire at its
// exact millisecond after cascading down the levels.
func TestCascade(t *testing.T) {
	const day = 24 * time.Hour
	durations := []time.Duration{
		90*time.Second + 7*ms,
		3*time.Hour + 17*ms,
		2*day + 5*time.Hour + 3*ms,
		400*day + 1*ms,    // level 5
		3*365*day + 11*ms, // beyond the span: revisited once per rotation
		2*day + 5*time.Hour + 4*ms,
	}
	synctest.Test(t, func(t *testing.T) {
		s := timer.NewScheduler()
		defer s.Stop()
		log := newFireLog()
		got := make([]time.Duration, len(durations))
		for i, d := range durations {
			s.AfterFunc(d, func() { got[i] = time.Since(log.start) })
		}
		time.Sleep(4 * 365 * day)
		s.Stop() // waits for the drivers, so got is safe to read
		require.Equal(t, durations, got)
	})
}

// TestSendAfter delivers through a Sender, including one that fails: the
// error stays with the Sender.
func TestSendAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := timer.NewScheduler()
		defer s.Stop()
		box := &recordingSender[string]{}
		full := &recordingSender[string]{fail: errMailboxFull}
		timer.SendAfter(s, box, 20*ms, "late")
		timer.SendAfter(s, box, 10*ms, "early")
		stopped := timer.SendAfter(s, box, 15*ms, "stopped")
		require.True(t, stopped.Stop())
		timer.SendAfter(s, full, 10*ms, "lost")
		time.Sleep(time.Second)
		require.Equal(t, []string{"early", "late"}, box.messages())
		require.Empty(t, full.messages())
		require.Equal(t, 1, full.failures(), "the failure is the Sender's to report")
	})
}

// TestOneAllocation: a timer is one allocation, its callback or message
// included.
func TestOneAllocation(t *testing.T) {
	s := timer.NewScheduler()
	defer s.Stop()
	inbox := make(chanSender, 1)
	f := func() {}
	tests := []struct {
		name string
		give func()
	}{
		{name: "AfterFunc", give: func() { s.AfterFunc(time.Hour, f).Stop() }},
		{name: "SendAfter", give: func() { timer.SendAfter(s, inbox, time.Hour, 42).Stop() }},
		{name: "SendAfter and Reset", give: func() { timer.SendAfter(s, inbox, time.Hour, 42).Reset(time.Hour) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, 1.0, testing.AllocsPerRun(100, tt.give))
		})
	}
}

func TestNilArgumentsPanic(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := timer.NewScheduler()
		defer s.Stop()
		require.PanicsWithValue(t, "timer: AfterFunc called with a nil func", func() { s.AfterFunc(ms, nil) })
		require.PanicsWithValue(t, "timer: SendAfter called with a nil Sender", func() {
			timer.SendAfter[int, timer.Sender[int]](s, nil, ms, 1)
		})
	})
}

func TestUninitializedTimerPanics(t *testing.T) {
	var tm timer.Timer
	require.PanicsWithValue(t, "timer: Stop called on uninitialized Timer", func() { tm.Stop() })
	require.PanicsWithValue(t, "timer: Reset called on uninitialized Timer", func() { tm.Reset(ms) })
	var k timer.Ticker
	require.False(t, k.Stop())
}
