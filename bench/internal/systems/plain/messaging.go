package plain

import (
	"sync"

	"github.com/actorio/actorio/bench/internal/suite"
)

// roundTrip: two goroutines, two unbuffered channels.
func roundTrip(r *suite.Run) (suite.Outcome, error) {
	ping, pong := make(chan int), make(chan int)
	var wg sync.WaitGroup
	wg.Go(func() {
		for v := range ping {
			pong <- v + 1
		}
	})
	var o suite.Outcome
	r.Start()
	for i := range r.P.N {
		ping <- i
		o.Sum += int64(<-pong)
		o.Count++
	}
	r.Stop()
	close(ping)
	wg.Wait()
	return o, nil
}

// pipelined: per pair, one goroutine keeps InFlight requests outstanding
// to an echo goroutine over buffered channels.
func pipelined(r *suite.Run) (suite.Outcome, error) {
	p := r.P
	counts, sums := make([]int64, p.Actors), make([]int64, p.Actors)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for pair := range p.Actors {
		req, rep := make(chan int, 128), make(chan int, 128)
		wg.Go(func() {
			for v := range req {
				rep <- v + 1
			}
		})
		wg.Go(func() {
			<-start
			sent := 0
			for ; sent < min(p.InFlight, p.N); sent++ {
				req <- sent
			}
			for range p.N {
				sums[pair] += int64(<-rep)
				counts[pair]++
				if sent < p.N {
					req <- sent
					sent++
				}
			}
			close(req)
		})
	}
	r.Start()
	close(start)
	wg.Wait()
	r.Stop()
	var o suite.Outcome
	for i := range counts {
		o.Count += counts[i]
		o.Sum += sums[i]
	}
	return o, nil
}

// flood: one producer, one consumer, a buffered channel.
func flood(r *suite.Run) (suite.Outcome, error) {
	return fanInN(r, 1)
}

// fanIn: Actors producers, one consumer, one buffered channel.
func fanIn(r *suite.Run) (suite.Outcome, error) {
	return fanInN(r, r.P.Actors)
}

func fanInN(r *suite.Run, producers int) (suite.Outcome, error) {
	ch := make(chan int, chanCap)
	done := make(chan suite.Outcome, 1)
	go func() {
		var o suite.Outcome
		for v := range ch {
			o.Count++
			o.Sum += int64(v)
		}
		done <- o
	}()
	per := r.P.N / producers
	var wg sync.WaitGroup
	r.Start()
	for k := range producers {
		wg.Go(func() {
			for i := k * per; i < (k+1)*per; i++ {
				ch <- i
			}
		})
	}
	wg.Wait()
	close(ch)
	o, err := suite.Recv(r, done, "the consumer")
	r.Stop()
	return o, err
}
