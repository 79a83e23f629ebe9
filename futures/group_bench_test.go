package futures_test

import (
	"context"
	"sync"
	"testing"

	"github.com/actorio/actorio/futures"
)

// BenchmarkGroup: 1,000 pending results completed by one resolver
// goroutine and awaited together, as the suite's futures-all workload:
// a Group's promises and All, NewPromise and futures.All, and plain Go's
// slice and WaitGroup.
func BenchmarkGroup(b *testing.B) {
	const n = 1000
	ctx := context.Background()
	b.Run("group", func(b *testing.B) {
		work := resolver()
		defer close(work)
		ps := make([]futures.Promise[int], n)
		b.ReportAllocs()
		for b.Loop() {
			g := futures.NewGroup[int](ctx)
			for i := range ps {
				ps[i] = g.Promise()
			}
			all := g.All()
			work <- ps
			if _, err := all.Await(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("all", func(b *testing.B) {
		work := resolver()
		defer close(work)
		b.ReportAllocs()
		for b.Loop() {
			ps, fs := make([]futures.Promise[int], n), make([]futures.Future[int], n)
			for i := range ps {
				ps[i], fs[i] = futures.NewPromise[int]()
			}
			all := futures.All(fs...)
			work <- ps
			if _, err := all.Await(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("plain", func(b *testing.B) {
		type batch struct {
			vals []int
			wg   *sync.WaitGroup
		}
		work := make(chan batch)
		defer close(work)
		go func() {
			for bt := range work {
				for i := range bt.vals {
					bt.vals[i] = i
					bt.wg.Done()
				}
			}
		}()
		b.ReportAllocs()
		for b.Loop() {
			bt := batch{vals: make([]int, n), wg: new(sync.WaitGroup)}
			bt.wg.Add(n)
			work <- bt
			bt.wg.Wait()
		}
	})
}

// resolver starts a goroutine that resolves the i-th promise of each
// batch sent to it with i, until the channel is closed.
func resolver() chan<- []futures.Promise[int] {
	work := make(chan []futures.Promise[int])
	go func() {
		for ps := range work {
			for i, p := range ps {
				_ = p.Resolve(i)
			}
		}
	}()
	return work
}
