package plain

import (
	"sync"

	"github.com/actorio/actorio/bench/internal/suite"
)

// request carries its reply channel, of capacity 1, as a plain-Go ask.
type request struct {
	v     int
	reply chan int
}

// server answers requests with v+1 until its channel is closed.
func server(wg *sync.WaitGroup) chan<- request {
	reqs := make(chan request, chanCap)
	wg.Go(func() {
		for q := range reqs {
			q.reply <- q.v + 1
		}
	})
	return reqs
}

func askRoundTrip(r *suite.Run) (suite.Outcome, error) {
	var wg sync.WaitGroup
	reqs := server(&wg)
	var o suite.Outcome
	r.Start()
	for i := range r.P.N {
		reply := make(chan int, 1)
		reqs <- request{i, reply}
		o.Sum += int64(<-reply)
		o.Count++
	}
	r.Stop()
	close(reqs)
	wg.Wait()
	return o, nil
}

func askThroughput(r *suite.Run) (suite.Outcome, error) {
	var wg sync.WaitGroup
	reqs := server(&wg)
	replies := make([]chan int, r.P.InFlight)
	var o suite.Outcome
	r.Start()
	for base := 0; base < r.P.N; base += r.P.InFlight {
		batch := replies[:min(r.P.InFlight, r.P.N-base)]
		for j := range batch {
			batch[j] = make(chan int, 1)
			reqs <- request{base + j, batch[j]}
		}
		for _, reply := range batch {
			o.Sum += int64(<-reply)
			o.Count++
		}
	}
	r.Stop()
	close(reqs)
	wg.Wait()
	return o, nil
}

// futuresAll: the plain-Go "all of these results" is a slice and a
// WaitGroup that the resolver counts down.
func futuresAll(r *suite.Run) (suite.Outcome, error) {
	type batch struct {
		vals []int
		wg   *sync.WaitGroup
	}
	work := make(chan batch)
	var resolver sync.WaitGroup
	resolver.Go(func() {
		for b := range work {
			for i := range b.vals {
				b.vals[i] = i
				b.wg.Done()
			}
		}
	})
	var o suite.Outcome
	r.Start()
	for range r.P.N {
		b := batch{vals: make([]int, r.P.Actors), wg: new(sync.WaitGroup)}
		b.wg.Add(len(b.vals))
		work <- b
		b.wg.Wait()
		for _, v := range b.vals {
			o.Sum += int64(v)
			o.Count++
		}
	}
	r.Stop()
	close(work)
	resolver.Wait()
	return o, nil
}
