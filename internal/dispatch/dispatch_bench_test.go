package dispatch_test

import (
	"context"
	"log/slog"
	"testing"

	"github.com/actorio/actorio/internal/dispatch"
)

// pinger is one side of a ping-pong through the dispatcher: its turn
// "sends" to its peer by scheduling it. The side with rounds left counts
// round trips and closes done when it has none left.
type pinger struct {
	d      *dispatch.Dispatcher
	peer   *pinger
	rounds int // rounds left; negative on the side that only answers
	done   chan struct{}
}

func (p *pinger) Run(*dispatch.Worker) bool {
	if p.rounds == 0 {
		close(p.done)
		return false
	}
	if p.rounds > 0 {
		p.rounds--
	}
	p.d.Schedule(p.peer)
	return false
}

// BenchmarkPingPong measures one round trip per op: two runnables on a
// dispatcher with two workers, beside two goroutines on unbuffered channels.
func BenchmarkPingPong(b *testing.B) {
	b.Run("dispatch", func(b *testing.B) {
		b.ReportAllocs()
		d, err := dispatch.New(2, slog.New(slog.DiscardHandler))
		if err != nil {
			b.Fatal(err)
		}
		ping := &pinger{d: d, rounds: b.N, done: make(chan struct{})}
		pong := &pinger{d: d, rounds: -1, peer: ping}
		ping.peer = pong

		b.ResetTimer()
		d.Schedule(ping)
		<-ping.done
		b.StopTimer()
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/roundtrip")
		if err := d.Stop(context.Background()); err != nil {
			b.Fatal(err)
		}
	})

	b.Run("channels", func(b *testing.B) {
		b.ReportAllocs()
		ping, pong := make(chan struct{}), make(chan struct{})
		exited := make(chan struct{})
		go func() {
			defer close(exited)
			for range ping {
				pong <- struct{}{}
			}
		}()

		b.ResetTimer()
		for range b.N {
			ping <- struct{}{}
			<-pong
		}
		b.StopTimer()
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/roundtrip")
		close(ping)
		<-exited
	})
}

// BenchmarkCurrent measures how Schedule tells which worker, if any, is
// calling: from a worker (found) and from another goroutine (not found).
func BenchmarkCurrent(b *testing.B) {
	d, err := dispatch.New(8, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = d.Stop(context.Background()) }()
	b.Run("worker", func(b *testing.B) {
		done := make(chan struct{})
		d.Schedule(runFunc(func(*dispatch.Worker) bool {
			defer close(done)
			b.ResetTimer()
			for range b.N {
				if d.Current() == nil {
					b.Error("not found on a worker")
					return false
				}
			}
			return false
		}))
		<-done
	})
	b.Run("outside", func(b *testing.B) {
		for range b.N {
			if d.Current() != nil {
				b.Fatal("found outside the workers")
			}
		}
	})
}
