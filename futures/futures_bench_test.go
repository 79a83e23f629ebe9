package futures_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/actorio/actorio/futures"
)

// Every benchmark here runs beside its plain-Go baseline: compare the
// futures and baseline sub-benchmarks of one run.

func BenchmarkCreateCompleteAwait(b *testing.B) {
	ctx := context.Background()
	b.Run("futures", func(b *testing.B) {
		b.ReportAllocs()
		sum := 0
		for i := 0; b.Loop(); i++ {
			p, f := futures.NewPromise[int]()
			_ = p.Resolve(i)
			v, _ := f.Await(ctx)
			sum += v
		}
		_ = sum
	})
	b.Run("chan", func(b *testing.B) {
		b.ReportAllocs()
		sum := 0
		for i := 0; b.Loop(); i++ {
			ch := make(chan int, 1)
			ch <- i
			sum += <-ch
		}
		_ = sum
	})
}

// benchRequest carries a promise (futures) or a reply channel (baseline).
type benchRequest struct {
	n     int
	reply futures.Promise[int]
	ch    chan int
}

// benchServer is a goroutine that answers requests until closed.
type benchServer struct {
	reqs chan benchRequest
	wg   sync.WaitGroup
}

func newBenchServer(capacity int) *benchServer {
	s := &benchServer{reqs: make(chan benchRequest, capacity)}
	s.wg.Go(func() {
		for r := range s.reqs {
			if r.ch != nil {
				r.ch <- r.n + 1
			} else {
				_ = r.reply.Resolve(r.n + 1)
			}
		}
	})
	return s
}

func (s *benchServer) Send(r benchRequest) error { s.reqs <- r; return nil }
func (s *benchServer) close()                    { close(s.reqs); s.wg.Wait() }

func benchAsk(n int) func(futures.Promise[int]) benchRequest {
	return func(p futures.Promise[int]) benchRequest { return benchRequest{n: n, reply: p} }
}

func BenchmarkAskRoundTrip(b *testing.B) {
	ctx := context.Background()
	b.Run("futures", func(b *testing.B) {
		s := newBenchServer(1)
		defer s.close()
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			_, _ = futures.Ask(s, benchAsk(i), 0).Await(ctx)
		}
	})
	b.Run("futures-timeout", func(b *testing.B) {
		s := newBenchServer(1)
		defer s.close()
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			_, _ = futures.Ask(s, benchAsk(i), time.Second).Await(ctx)
		}
	})
	b.Run("chan", func(b *testing.B) {
		s := newBenchServer(1)
		defer s.close()
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			ch := make(chan int, 1)
			_ = s.Send(benchRequest{n: i, ch: ch})
			<-ch
		}
	})
}

func BenchmarkAskThroughput(b *testing.B) {
	const inFlight = 1000
	ctx := context.Background()
	perAsk := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*inFlight), "ns/ask")
	}
	b.Run("futures", func(b *testing.B) {
		s := newBenchServer(inFlight)
		defer s.close()
		fs := make([]futures.Future[int], inFlight)
		b.ReportAllocs()
		for b.Loop() {
			for i := range fs {
				fs[i] = futures.Ask(s, benchAsk(i), 0)
			}
			for _, f := range fs {
				_, _ = f.Await(ctx)
			}
		}
		perAsk(b)
	})
	b.Run("chan", func(b *testing.B) {
		s := newBenchServer(inFlight)
		defer s.close()
		chs := make([]chan int, inFlight)
		b.ReportAllocs()
		for b.Loop() {
			for i := range chs {
				chs[i] = make(chan int, 1)
				_ = s.Send(benchRequest{n: i, ch: chs[i]})
			}
			for _, ch := range chs {
				<-ch
			}
		}
		perAsk(b)
	})
}

// BenchmarkAll1000 gathers 1,000 results into a slice, three ways, each
// beside its plain-Go baseline:
//
//   - gather: 1,000 pending results, completed one after another by the
//     benchmark's goroutine. All links into the futures; the baseline, with
//     no futures, parks a goroutine per result channel and counts them
//     with a WaitGroup.
//   - fanout: each result is produced by a goroutine of its own, which
//     resolves a promise (futures) or writes a slice slot (baseline).
//   - inline: the results are produced on the benchmark's goroutine before
//     they are gathered; the baseline then has no per-result object at
//     all, which leaves only the bookkeeping of a promise per result (and
//     All over complete futures) against a slice slot.
func BenchmarkAll1000(b *testing.B) {
	const n = 1000
	ctx := context.Background()
	b.Run("gather-futures", func(b *testing.B) {
		b.ReportAllocs()
		ps := make([]futures.Promise[int], n)
		fs := make([]futures.Future[int], n)
		for b.Loop() {
			for i := range fs {
				ps[i], fs[i] = futures.NewPromise[int]()
			}
			all := futures.All(fs...)
			for i, p := range ps {
				_ = p.Resolve(i)
			}
			_, _ = all.Await(ctx)
		}
	})
	b.Run("gather-waitgroup", func(b *testing.B) {
		b.ReportAllocs()
		chs := make([]chan int, n)
		for b.Loop() {
			res := make([]int, n)
			var wg sync.WaitGroup
			wg.Add(n)
			for i := range chs {
				chs[i] = make(chan int, 1)
				go func() { res[i] = <-chs[i]; wg.Done() }()
			}
			for i, ch := range chs {
				ch <- i
			}
			wg.Wait()
		}
	})
	b.Run("fanout-futures", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			fs := make([]futures.Future[int], n)
			for i := range fs {
				p, f := futures.NewPromise[int]()
				fs[i] = f
				go p.Resolve(i)
			}
			_, _ = futures.All(fs...).Await(ctx)
		}
	})
	b.Run("fanout-waitgroup", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			res := make([]int, n)
			var wg sync.WaitGroup
			wg.Add(n)
			for i := range res {
				go func() { res[i] = i; wg.Done() }()
			}
			wg.Wait()
		}
	})
	b.Run("inline-futures", func(b *testing.B) {
		b.ReportAllocs()
		ps := make([]futures.Promise[int], n)
		fs := make([]futures.Future[int], n)
		for b.Loop() {
			for i := range fs {
				ps[i], fs[i] = futures.NewPromise[int]()
			}
			for i, p := range ps {
				_ = p.Resolve(i)
			}
			_, _ = futures.All(fs...).Await(ctx)
		}
	})
	b.Run("inline-waitgroup", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			res := make([]int, n)
			var wg sync.WaitGroup
			wg.Add(n)
			for i := range res {
				res[i] = i
				wg.Done()
			}
			wg.Wait()
		}
	})
}

func BenchmarkTimeout(b *testing.B) {
	noop := func() {}
	b.Run("futures-complete", func(b *testing.B) {
		f := futures.Resolved(1)
		b.ReportAllocs()
		for b.Loop() {
			_ = futures.Timeout(f, time.Second)
		}
	})
	b.Run("futures-pending", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			p, f := futures.NewPromise[int]()
			_ = futures.Timeout(f, time.Second)
			_ = p.Resolve(i)
		}
	})
	b.Run("afterfunc", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			time.AfterFunc(time.Second, noop).Stop()
		}
	})
}
