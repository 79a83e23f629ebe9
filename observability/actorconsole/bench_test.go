package actorconsole_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/observability/actorconsole"
)

// benchTree spawns parents actors of kids children each, idle, as a
// spawned tree would be, and returns the system; it shuts down at the
// end of the benchmark.
func benchTree(b *testing.B, parents, kids int) *actor.System {
	b.Helper()
	sys, err := actor.NewSystem()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = sys.Shutdown(context.Background()) })
	var wg sync.WaitGroup
	for i := range parents {
		wg.Add(1)
		p, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], _ int) {
			defer wg.Done()
			for range kids {
				if _, err := actor.SpawnFunc(ctx, func(*actor.Context[int], int) {}); err != nil {
					panic(err)
				}
			}
		}, actor.WithName(fmt.Sprintf("p%d", i)))
		if err != nil {
			b.Fatal(err)
		}
		_ = p.Send(0)
	}
	wg.Wait()
	return sys
}

// getOK serves one GET through h and fails b unless it is a 200.
func getOK(b *testing.B, h http.Handler, path string) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	if rec.Code != http.StatusOK {
		b.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
	}
}

// BenchmarkRefresh1M: what one refresh of an open page costs the server
// on a system of a million idle actors (1,000 parents of 999 children),
// against System.Snapshot alone, the cost already measured for listing
// the actors. A refresh is the page's three requests (the top-level
// actors, one parent's children, the hot spots) over one fresh
// snapshot. Reused is the same three requests served from the snapshot
// already taken, as further pages within MinInterval are, and Metrics
// the sampler's reading each tick.
func BenchmarkRefresh1M(b *testing.B) {
	const parents, kids = 1000, 999
	sys := benchTree(b, parents, kids)
	c := actorconsole.Handler(sys)
	defer c.Close()
	page := func() {
		getOK(b, c, "/api/tree")
		getOK(b, c, "/api/tree?path=/p500")
		getOK(b, c, "/api/top?n=25")
	}
	b.Run("Snapshot", func(b *testing.B) {
		for b.Loop() {
			if n := len(sys.Snapshot()); n != parents*(kids+1) {
				b.Fatalf("%d actors", n)
			}
		}
	})
	b.Run("Refresh", func(b *testing.B) {
		for b.Loop() {
			actorconsole.ForgetSnapshot(c)
			page()
		}
	})
	b.Run("Reused", func(b *testing.B) {
		page()
		for b.Loop() {
			page()
		}
	})
	b.Run("Metrics", func(b *testing.B) {
		for b.Loop() {
			_ = sys.Metrics()
		}
	})
}

// BenchmarkFlood10M: the throughput of a system flooding 10M messages
// (two goroutines sending to eight actors, beside 10,000 idle ones),
// first with no console page open, then with one open: a client on the
// event stream and one polling what the page polls, at the page's rate
// (the default MinInterval, one second), opened before the flood and
// closed after it. Each op floods twice, so the two figures of an op are
// taken seconds apart on the same system: run it with -benchtime 2x (one
// op closed first, the other open first) and -count, and compare
// open/closed, the ratio of the two throughputs.
func BenchmarkFlood10M(b *testing.B) {
	const total, sinks, senders = 10_000_000, 8, 2
	sys := benchTree(b, 100, 99)
	var processed atomic.Int64
	done := make(chan struct{}, 1)
	var refs []actor.Ref[int]
	for range sinks {
		ref, err := actor.SpawnFunc(sys, func(*actor.Context[int], int) {
			if processed.Add(1) == total {
				done <- struct{}{}
			}
		})
		if err != nil {
			b.Fatal(err)
		}
		refs = append(refs, ref)
	}
	flood := func() float64 {
		processed.Store(0)
		start := time.Now()
		var wg sync.WaitGroup
		for s := range senders {
			wg.Go(func() {
				for i := s; i < total; i += senders {
					_ = refs[i%sinks].Send(i)
				}
			})
		}
		wg.Wait()
		<-done
		return total / time.Since(start).Seconds()
	}
	var closed, open float64
	withPage := func() float64 {
		stop := openPage(b, sys)
		defer stop()
		return flood()
	}
	for i := 0; b.Loop(); i++ {
		if i%2 == 0 { // alternate which flood goes first: the second runs on a warmer system
			closed += flood()
			open += withPage()
		} else {
			open += withPage()
			closed += flood()
		}
	}
	n := float64(b.N)
	b.ReportMetric(closed/n, "closed-msgs/s")
	b.ReportMetric(open/n, "open-msgs/s")
	b.ReportMetric(open/closed, "open/closed")
}

// openPage serves sys's console and opens a page on it: a client reading
// the event stream and one polling what the page polls, every
// MinInterval. It returns a function that closes the page and the
// console and waits for them.
func openPage(b *testing.B, sys *actor.System) (stop func()) {
	c := actorconsole.Handler(sys)
	srv := httptest.NewServer(c)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	ready := make(chan struct{})
	wg.Go(func() { // the stream
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/api/stream", nil)
		resp, err := srv.Client().Do(req)
		if err != nil {
			b.Error(err)
			close(ready)
			return
		}
		defer resp.Body.Close()
		close(ready)
		_, _ = io.Copy(io.Discard, bufio.NewReader(resp.Body))
	})
	<-ready
	wg.Go(func() { // the polling, at the page's rate
		tick := time.NewTicker(actorconsole.DefaultMinInterval)
		defer tick.Stop()
		for {
			for _, p := range []string{"/api/tree", "/api/tree?path=/p0", "/api/top?n=25", "/api/reactors?limit=25"} {
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+p, nil)
				if resp, err := srv.Client().Do(req); err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	})
	return func() {
		cancel()
		wg.Wait()
		c.Close()
		srv.Close()
	}
}
