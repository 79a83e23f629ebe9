package actor_test

import (
	"context"
	"testing"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
)

// square is a request whose reply goes to a promise.
type square struct {
	n     int
	reply futures.Promise[int]
}

// plainSquare is the same request for a goroutine server: its reply goes
// to a channel of capacity 1.
type plainSquare struct {
	n     int
	reply chan int
}

func squareServer(b *testing.B) actor.Ref[square] {
	b.Helper()
	ref, err := actor.SpawnFunc(benchSystem(b), func(_ *actor.Context[square], m square) {
		_ = m.reply.Resolve(m.n * m.n)
	})
	if err != nil {
		b.Fatal(err)
	}
	return ref
}

func plainServer(b *testing.B) chan<- plainSquare {
	b.Helper()
	reqs := make(chan plainSquare, 1024)
	go func() {
		for r := range reqs {
			r.reply <- r.n * r.n
		}
	}()
	b.Cleanup(func() { close(reqs) })
	return reqs
}

// BenchmarkAsk: one request and its reply, one in flight.
func BenchmarkAsk(b *testing.B) {
	b.Run("actor", func(b *testing.B) {
		ref := squareServer(b)
		ctx := context.Background()
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			v, err := futures.Ask(ref, func(p futures.Promise[int]) square { return square{i, p} }, 0).Await(ctx)
			if err != nil || v != i*i {
				b.Fatal(v, err)
			}
		}
	})
	b.Run("goroutine", func(b *testing.B) {
		reqs := plainServer(b)
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			reply := make(chan int, 1)
			reqs <- plainSquare{i, reply}
			if v := <-reply; v != i*i {
				b.Fatal(v)
			}
		}
	})
}

// BenchmarkAskThroughput: 1,000 requests in flight at once, then their
// replies read in order; one op is one request.
func BenchmarkAskThroughput(b *testing.B) {
	const inFlight = 1000
	b.Run("actor", func(b *testing.B) {
		ref := squareServer(b)
		b.ReportAllocs()
		b.ResetTimer()
		fs := make([]futures.Future[int], 0, inFlight)
		for done := 0; done < b.N; {
			fs = fs[:0]
			for i := range min(inFlight, b.N-done) {
				fs = append(fs, futures.Ask(ref, func(p futures.Promise[int]) square { return square{i, p} }, 0))
			}
			for i, f := range fs { // in order, as the baseline reads its channels
				if v, err := f.Await(context.Background()); err != nil || v != i*i {
					b.Fatal(v, err)
				}
			}
			done += len(fs)
		}
	})
	b.Run("goroutine", func(b *testing.B) {
		reqs := plainServer(b)
		b.ReportAllocs()
		b.ResetTimer()
		replies := make([]chan int, 0, inFlight)
		for done := 0; done < b.N; {
			replies = replies[:0]
			for i := range min(inFlight, b.N-done) {
				reply := make(chan int, 1)
				replies = append(replies, reply)
				reqs <- plainSquare{i, reply}
			}
			for i, r := range replies {
				if v := <-r; v != i*i {
					b.Fatal(v)
				}
			}
			done += len(replies)
		}
	})
}
