package actor_test

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/timer"
)

// BenchmarkSendAfter100kActors sends one message to each of 100k idle
// actors after a delay spread over [0, 10 ms), on the system's wheel with
// timer.SendAfter, beside the plain-Go way: time.AfterFunc with a callback
// that calls ref.Send (its callbacks are built before the clock starts, so
// that only the timers are measured). Each op is the whole round, timed
// from the first start until the last actor has handled its message;
// ns/timer is that time per actor, insert-ns/timer the time to start the
// timers.
func BenchmarkSendAfter100kActors(b *testing.B) {
	const n = 100_000
	sys, err := actor.NewSystem()
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = sys.Shutdown(context.Background()) }()
	var wg sync.WaitGroup
	handler := func(*actor.Context[int], int) { wg.Done() }
	refs := make([]actor.Ref[int], n)
	for i := range refs {
		if refs[i], err = actor.SpawnFunc(sys, handler); err != nil {
			b.Fatal(err)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	delays := make([]time.Duration, n)
	for i := range delays {
		delays[i] = time.Duration(rng.Int64N(int64(10 * time.Millisecond)))
	}
	callbacks := make([]func(), n)
	for i, r := range refs {
		callbacks[i] = func() { _ = r.Send(i) }
	}
	cases := []struct {
		name  string
		start func(i int)
	}{
		{name: "wheel", start: func(i int) { timer.SendAfter(sys.Timers(), refs[i], delays[i], i) }},
		{name: "time.AfterFunc", start: func(i int) { time.AfterFunc(delays[i], callbacks[i]) }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var insert time.Duration
			for range b.N {
				wg.Add(n)
				begin := time.Now()
				for i := range n {
					c.start(i)
				}
				insert += time.Since(begin)
				wg.Wait()
			}
			perTimer := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / float64(b.N*n) }
			b.ReportMetric(perTimer(b.Elapsed()), "ns/timer")
			b.ReportMetric(perTimer(insert), "insert-ns/timer")
		})
	}
}

// BenchmarkAfterStop arms and cancels a timer from inside an actor, as
// an actor guarding a request with a timeout does when the reply comes in
// time: Context.After and Timer.Stop, beside time.AfterFunc with a
// callback that sends to the actor's Ref, and its Stop. Delays are 1-2 s.
func BenchmarkAfterStop(b *testing.B) {
	cases := []struct {
		name    string
		armStop func(ctx *actor.Context[int], d time.Duration)
	}{
		{name: "Context.After", armStop: func(ctx *actor.Context[int], d time.Duration) { ctx.After(d, 1).Stop() }},
		{name: "time.AfterFunc", armStop: func(ctx *actor.Context[int], d time.Duration) {
			self := ctx.Self()
			time.AfterFunc(d, func() { _ = self.Send(1) }).Stop()
		}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			sys, err := actor.NewSystem()
			if err != nil {
				b.Fatal(err)
			}
			defer func() { _ = sys.Shutdown(context.Background()) }()
			done := make(chan struct{})
			ref, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], _ int) {
				b.ResetTimer()
				for range b.N {
					c.armStop(ctx, time.Second+time.Duration(rand.Int64N(int64(time.Second))))
				}
				b.StopTimer()
				close(done)
			})
			if err != nil {
				b.Fatal(err)
			}
			_ = ref.Send(0)
			<-done
		})
	}
}
