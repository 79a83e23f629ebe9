package actorsync_test

import (
	"context"
	"sync"
	"testing"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/actorsync"
)

// BenchmarkWatch: one goroutine sets a value b.N times while 8
// subscribers read the latest on each notification, until all have read
// the last one; against plain Go's version of the pattern, a value under
// a mutex and a notification channel of capacity one per subscriber
// goroutine.
func BenchmarkWatch(b *testing.B) {
	const subscribers = 8
	b.Run("actorsync", func(b *testing.B) {
		sys, err := actor.NewSystem()
		if err != nil {
			b.Fatal(err)
		}
		defer sys.Shutdown(context.Background())
		w := actorsync.NewWatch(0)
		var done sync.WaitGroup
		done.Add(subscribers)
		for range subscribers {
			finished := false
			ref, err := actor.SpawnFunc(sys, func(_ *actor.Context[actorsync.Changed[int]], c actorsync.Changed[int]) {
				if v, _ := c.Value(); v == b.N && !finished {
					finished = true
					done.Done()
				}
			})
			if err != nil {
				b.Fatal(err)
			}
			w.Subscribe(ref)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			w.Set(i + 1)
		}
		done.Wait()
	})
	b.Run("chan", func(b *testing.B) {
		var mu sync.Mutex
		value := 0
		notify := make([]chan struct{}, subscribers)
		var done sync.WaitGroup
		for i := range notify {
			notify[i] = make(chan struct{}, 1)
			done.Go(func() {
				for range notify[i] {
					mu.Lock()
					v := value
					mu.Unlock()
					if v == b.N {
						return
					}
				}
			})
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			mu.Lock()
			value = i + 1
			mu.Unlock()
			for _, n := range notify {
				select {
				case n <- struct{}{}:
				default:
				}
			}
		}
		done.Wait()
		for _, n := range notify {
			close(n)
		}
	})
}
