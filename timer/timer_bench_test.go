package timer_test

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/actorio/actorio/timer"
)

// Every benchmark here runs the Scheduler beside the same workload on
// time.AfterFunc, the plain-Go baseline; compare them within one run.

const million = 1_000_000

func nop() {}

// oneToTwoSeconds is the deadline spread of the BENCHMARKS.md workload.
func oneToTwoSeconds() time.Duration {
	return time.Second + time.Duration(rand.Int64N(int64(time.Second)))
}

// impl is a timer implementation under benchmark.
type impl struct {
	name  string
	setup func() (after func(time.Duration, func()) stopResetter, teardown func())
}

var impls = []impl{
	{name: "wheel", setup: func() (func(time.Duration, func()) stopResetter, func()) {
		s := timer.NewScheduler()
		return func(d time.Duration, f func()) stopResetter { return s.AfterFunc(d, f) }, s.Stop
	}},
	{name: "time.AfterFunc", setup: func() (func(time.Duration, func()) stopResetter, func()) {
		return func(d time.Duration, f func()) stopResetter { return time.AfterFunc(d, f) }, func() {}
	}},
}

// BenchmarkCreateThenStop1M is the BENCHMARKS.md workload: create 1M
// timers due in 1-2 s, then stop them all.
func BenchmarkCreateThenStop1M(b *testing.B) {
	for _, im := range impls {
		b.Run(im.name, func(b *testing.B) {
			after, teardown := im.setup()
			defer teardown()
			timers := make([]stopResetter, million)
			for range b.N {
				for i := range timers {
					timers[i] = after(oneToTwoSeconds(), nop)
				}
				for _, t := range timers {
					t.Stop()
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*million), "ns/timer")
		})
	}
}

// BenchmarkInsertCancel starts and stops one timer per op, due in 1-2 s,
// while 1M others are pending, from 1, 2 and 16 goroutines.
func BenchmarkInsertCancel(b *testing.B) {
	for _, im := range impls {
		b.Run(im.name, func(b *testing.B) {
			after, teardown := im.setup()
			defer teardown()
			background := make([]stopResetter, million)
			for i := range background {
				background[i] = after(time.Hour, nop)
			}
			defer func() {
				for _, t := range background {
					t.Stop()
				}
			}()
			b.Run("serial", func(b *testing.B) {
				for range b.N {
					after(oneToTwoSeconds(), nop).Stop()
				}
			})
			for _, g := range []int{2, 16} {
				b.Run("goroutines="+strconv.Itoa(g), func(b *testing.B) {
					b.SetParallelism(max(1, g/runtime.GOMAXPROCS(0)))
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							after(oneToTwoSeconds(), nop).Stop()
						}
					})
				})
			}
		})
	}
}

// BenchmarkMemoryPerTimer reports the heap growth per pending timer with
// 1M pending, after a GC, excluding the slice that holds them.
func BenchmarkMemoryPerTimer(b *testing.B) {
	inbox := make(chanSender, 1)
	cases := []struct {
		name  string
		start func(s *timer.Scheduler) stopResetter
	}{
		{name: "AfterFunc", start: func(s *timer.Scheduler) stopResetter { return s.AfterFunc(time.Hour, nop) }},
		{name: "SendAfter[int]", start: func(s *timer.Scheduler) stopResetter {
			return timer.SendAfter(s, inbox, time.Hour, 42)
		}},
		{name: "SendAfter[int]/Sender-interface", start: func(s *timer.Scheduler) stopResetter {
			return timer.SendAfter(s, timer.Sender[int](inbox), time.Hour, 42)
		}},
		{name: "time.AfterFunc", start: func(*timer.Scheduler) stopResetter { return time.AfterFunc(time.Hour, nop) }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			s := timer.NewScheduler()
			defer s.Stop()
			timers := make([]stopResetter, million)
			var perTimer float64
			for range b.N {
				before := heapAlloc()
				for i := range timers {
					timers[i] = c.start(s)
				}
				perTimer += float64(heapAlloc()-before) / million
				for i, t := range timers {
					t.Stop()
					timers[i] = nil
				}
			}
			b.ReportMetric(perTimer/float64(b.N), "B/timer")
		})
	}
}

// heapAlloc returns the live heap after a full collection.
func heapAlloc() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchmarkFire100k fires 100k timers spread evenly over 0-50 ms into
// callbacks that record their lateness, and reports the wall time to start
// them all, the wall time from the first start to the last callback (at
// least insert-ms + 50 ms), and the lateness percentiles. The callbacks are
// built before the clock starts, so that only the timers are measured.
func BenchmarkFire100k(b *testing.B) {
	const n = 100_000
	for _, im := range impls {
		b.Run(im.name, func(b *testing.B) {
			after, teardown := im.setup()
			defer teardown()
			var base time.Time
			var wg sync.WaitGroup
			probes := make([]probe, n)
			callbacks := make([]func(), n)
			for i := range probes {
				probes[i] = probe{base: &base, wg: &wg}
				callbacks[i] = probes[i].fire
			}
			late := make([]time.Duration, n)
			var insert, total, p50, p99 time.Duration
			for range b.N {
				wg.Add(n)
				base = time.Now()
				for i := range probes {
					d := time.Duration(rand.Int64N(int64(50 * time.Millisecond)))
					probes[i].due = time.Since(base) + d
					after(d, callbacks[i])
				}
				insert += time.Since(base)
				wg.Wait()
				total += time.Since(base)
				for i := range probes {
					late[i] = probes[i].late
				}
				slices.Sort(late)
				p50 += late[n/2]
				p99 += late[n*99/100]
			}
			ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) / float64(b.N) }
			b.ReportMetric(ms(insert), "insert-ms")
			b.ReportMetric(ms(total), "total-ms")
			b.ReportMetric(ms(p50), "p50-late-ms")
			b.ReportMetric(ms(p99), "p99-late-ms")
		})
	}
}

// probe is one BenchmarkFire100k timer: its deadline since base, and how
// late its callback ran.
type probe struct {
	base      *time.Time
	wg        *sync.WaitGroup
	due, late time.Duration
}

func (p *probe) fire() {
	p.late = time.Since(*p.base) - p.due
	p.wg.Done()
}

// BenchmarkResetStop re-arms and cancels one existing timer per op, due in
// 1-2 s, while 1M others are pending: the insert and cancel of
// BenchmarkInsertCancel without the allocation of a new timer, that is
// the wheel's own cost.
func BenchmarkResetStop(b *testing.B) {
	for _, im := range impls {
		b.Run(im.name, func(b *testing.B) {
			after, teardown := im.setup()
			defer teardown()
			background := make([]stopResetter, million)
			for i := range background {
				background[i] = after(time.Hour, nop)
			}
			defer func() {
				for _, t := range background {
					t.Stop()
				}
			}()
			t := after(time.Hour, nop)
			t.Stop()
			b.ResetTimer()
			for range b.N {
				t.Reset(oneToTwoSeconds())
				t.Stop()
			}
		})
	}
}
