package queue_test

import (
	"runtime"
	"sync"
	"testing"

	"github.com/actorio/actorio/internal/queue"
)

// Each benchmark moves b.N integers from producers to one consumer that
// spins on an empty queue, beside a buffered channel of capacity 1024 doing
// the same work in the same run.

func benchProducers(b *testing.B, producers int, push func(int), pop func() bool) {
	b.ReportAllocs()
	per := b.N / producers
	total := per * producers
	var wg sync.WaitGroup
	b.ResetTimer()
	for range producers {
		wg.Go(func() {
			for i := range per {
				push(i)
			}
		})
	}
	for got := 0; got < total; {
		if pop() {
			got++
		} else {
			runtime.Gosched()
		}
	}
	wg.Wait()
}

func BenchmarkFlood(b *testing.B) {
	for _, producers := range []int{1, 4} {
		name := map[int]string{1: "1to1", 4: "4to1"}[producers]
		b.Run(name+"/chan", func(b *testing.B) {
			ch := make(chan int, 1024)
			b.ReportAllocs()
			per := b.N / producers
			var wg sync.WaitGroup
			b.ResetTimer()
			for range producers {
				wg.Go(func() {
					for i := range per {
						ch <- i
					}
				})
			}
			for range per * producers {
				<-ch
			}
			wg.Wait()
		})
		b.Run(name+"/MPSC", func(b *testing.B) {
			var q queue.MPSC[int]
			benchProducers(b, producers, q.Push, func() bool { _, ok := q.Pop(); return ok })
		})
		b.Run(name+"/Bounded", func(b *testing.B) {
			q := queue.NewBounded[int](1024)
			push := func(v int) {
				for !q.TryPush(v) {
					runtime.Gosched()
				}
			}
			benchProducers(b, producers, push, func() bool { _, ok := q.Pop(); return ok })
		})
	}
}

// BenchmarkSteady moves b.N integers through a queue in one goroutine, in
// batches that build a backlog and drain it, beside a buffered channel of
// capacity 1024 doing the same. It measures the per-element cost of push
// and pop without scheduling noise, and what a queue that keeps a backlog
// allocates once warm.
func BenchmarkSteady(b *testing.B) {
	for _, batch := range []int{1, 100, 1000} {
		name := map[int]string{1: "batch1", 100: "batch100", 1000: "batch1000"}[batch]
		b.Run(name+"/chan", func(b *testing.B) {
			ch := make(chan int, 1024)
			b.ReportAllocs()
			for i := 0; i < b.N; i += batch {
				for j := range batch {
					ch <- j
				}
				for range batch {
					<-ch
				}
			}
		})
		b.Run(name+"/MPSC", func(b *testing.B) {
			var q queue.MPSC[int]
			for i := range 3 * 1024 { // past the growing segments
				q.Push(i)
				q.Pop()
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i += batch {
				for j := range batch {
					q.Push(j)
				}
				for range batch {
					q.Pop()
				}
			}
		})
	}
}
