package wheel

import (
	"testing"
	"time"
)

type nopTarget struct{}

func (nopTarget) Fire() {}

// BenchmarkInsertCancelParts splits the cost of starting and stopping a
// timer due in 1.5 s, with 1M others pending, into its parts: the clock
// read that Schedule makes, the shard's locked insert and remove
// (ScheduleAt takes a deadline and reads no clock), and the allocation of
// a new timer, which package timer makes for every AfterFunc. The
// runtime's timers doing the same (Reset and Stop of one time.Timer, and
// time.AfterFunc and Stop) are the baseline; here they have no timers of
// their own pending, while BenchmarkInsertCancel and BenchmarkResetStop in
// package timer give both sides 1M.
func BenchmarkInsertCancelParts(b *testing.B) {
	e := New(Config{})
	defer e.Stop()
	background := make([]Entry, 1_000_000)
	for i := range background {
		e.Schedule(&background[i], nopTarget{}, time.Hour)
	}
	const d = 1500 * time.Millisecond
	b.Run("clock-read", func(b *testing.B) {
		var sum time.Duration
		for range b.N {
			sum += e.Now()
		}
		_ = sum
	})
	b.Run("ScheduleAt+Stop", func(b *testing.B) {
		var en Entry
		at := e.Now() + d
		for range b.N {
			e.ScheduleAt(&en, nopTarget{}, at)
			en.Stop()
		}
	})
	b.Run("Schedule+Stop", func(b *testing.B) {
		var en Entry
		for range b.N {
			e.Schedule(&en, nopTarget{}, d)
			en.Stop()
		}
	})
	b.Run("new+Schedule+Stop", func(b *testing.B) {
		for range b.N {
			en := new(Entry)
			e.Schedule(en, nopTarget{}, d)
			en.Stop()
		}
	})
	b.Run("time.Timer.Reset+Stop", func(b *testing.B) {
		t := time.AfterFunc(time.Hour, func() {})
		for range b.N {
			t.Reset(d)
			t.Stop()
		}
	})
	b.Run("time.AfterFunc+Stop", func(b *testing.B) {
		f := func() {}
		for range b.N {
			time.AfterFunc(d, f).Stop()
		}
	})
}
