package plain

import (
	"sync"

	"github.com/actorio/actorio/bench/internal/suite"
)

// counting: a producer goroutine sends N increments to a counter
// goroutine, then asks for the count.
func counting(r *suite.Run) (suite.Outcome, error) {
	type msg struct{ reply chan int } // nil reply: an increment
	ch := make(chan msg, chanCap)
	go func() {
		count := 0
		for m := range ch {
			if m.reply != nil {
				m.reply <- count
				return
			}
			count++
		}
	}()
	reply := make(chan int, 1)
	r.Start()
	go func() {
		for range r.P.N {
			ch <- msg{}
		}
		ch <- msg{reply: reply}
	}()
	count, err := suite.Recv(r, reply, "the count")
	r.Stop()
	return suite.Outcome{Count: int64(count)}, err
}

// threadRing: Actors goroutines in a ring, each with a channel of cap 1.
func threadRing(r *suite.Run) (suite.Outcome, error) {
	n := r.P.Actors
	ring := make([]chan int, n)
	for i := range ring {
		ring[i] = make(chan int, 1)
	}
	forwards := make([]int64, n)
	last := make(chan int, 1)
	var wg sync.WaitGroup
	for i := range ring {
		wg.Go(func() {
			next := ring[(i+1)%n]
			for t := range ring[i] {
				if t == 0 {
					last <- i
					return
				}
				forwards[i]++
				next <- t - 1
			}
		})
	}
	r.Start()
	ring[0] <- r.P.N
	idx, err := suite.Recv(r, last, "the token to reach 0")
	r.Stop()
	for i, ch := range ring {
		if i != idx {
			close(ch)
		}
	}
	wg.Wait()
	return suite.Outcome{Index: idx, PerActor: forwards}, err
}

// forkJoin: a driver sends N messages to each of Actors goroutines,
// round-robin; each computes and counts.
func forkJoin(r *suite.Run) (suite.Outcome, error) {
	p := r.P
	workers := make([]chan int, p.Actors)
	counts, hits := make([]int64, p.Actors), make([]int64, p.Actors)
	var wg sync.WaitGroup
	for a := range workers {
		workers[a] = make(chan int, chanCap)
		wg.Go(func() {
			for v := range workers[a] {
				if suite.ForkJoinWork(v) {
					hits[a]++
				}
				counts[a]++
			}
		})
	}
	r.Start()
	for i := range p.N {
		for _, w := range workers {
			w <- i
		}
	}
	for _, w := range workers {
		close(w)
	}
	wg.Wait()
	r.Stop()
	var o suite.Outcome
	for a := range counts {
		o.Count += counts[a]
		o.Sum += hits[a]
	}
	return o, nil
}
