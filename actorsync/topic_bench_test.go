package actorsync_test

import (
	"context"
	"sync"
	"testing"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/actorsync"
)

// BenchmarkTopic: one goroutine publishes b.N values to 8 subscribers
// with a backlog of 1,024 each, until every subscriber has taken or lost
// them all; against plain Go's version, a buffered channel per subscriber
// goroutine that drops its oldest value when full.
func BenchmarkTopic(b *testing.B) {
	const subscribers, backlog = 8, 1024
	b.Run("actorsync", func(b *testing.B) {
		sys, err := actor.NewSystem()
		if err != nil {
			b.Fatal(err)
		}
		defer sys.Shutdown(context.Background())
		tp := actorsync.NewTopic[int](backlog)
		var done sync.WaitGroup
		done.Add(subscribers)
		for range subscribers {
			var seen uint64
			buf := make([]int, 0, backlog)
			ref, err := actor.SpawnFunc(sys, func(_ *actor.Context[actorsync.Delivery[int]], d actorsync.Delivery[int]) {
				values, lagged := d.Take(buf[:0])
				if seen += uint64(len(values)) + lagged; seen == uint64(b.N) {
					done.Done()
				}
			})
			if err != nil {
				b.Fatal(err)
			}
			tp.Subscribe(ref)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			tp.Publish(i)
		}
		done.Wait()
	})
	b.Run("chan", func(b *testing.B) {
		chans := make([]chan int, subscribers)
		var done sync.WaitGroup
		for i := range chans {
			chans[i] = make(chan int, backlog)
			done.Go(func() {
				for range chans[i] {
				}
			})
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			for _, ch := range chans {
				select {
				case ch <- i:
				default: // full: drop the oldest
					select {
					case <-ch:
					default:
					}
					select {
					case ch <- i:
					default:
					}
				}
			}
		}
		for _, ch := range chans {
			close(ch)
		}
		done.Wait()
	})
}
