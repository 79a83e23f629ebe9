package plain

import (
	"sync"
	"sync/atomic"

	"github.com/actorio/actorio/bench/internal/suite"
)

// spawn: a goroutine per "actor" that takes one value from its own
// channel, adds it to the total and returns.
func spawn(r *suite.Run) (suite.Outcome, error) {
	var count, sum, exits atomic.Int64
	var wg sync.WaitGroup
	r.Start()
	for i := range r.P.N {
		ch := make(chan int, 1)
		wg.Go(func() {
			defer exits.Add(1)
			v := <-ch
			sum.Add(int64(v))
			count.Add(1)
		})
		ch <- i
	}
	wg.Wait()
	r.Stop()
	return suite.Outcome{Count: count.Load(), Sum: sum.Load(), Exits: exits.Load()}, nil
}

// idleMemory: N goroutines each blocked on its own buffered channel. Each
// takes one value, blocks again, and returns on a negative one.
func idleMemory(r *suite.Run) (suite.Outcome, error) {
	n := r.P.N
	chans := make([]chan int, n)
	var count, sum, exits atomic.Int64
	var touched, wg sync.WaitGroup
	touched.Add(n)
	before := suite.LiveHeapAndStacks()
	r.Start()
	for i := range chans {
		ch := make(chan int, 1)
		chans[i] = ch
		wg.Go(func() {
			defer exits.Add(1)
			for v := range ch {
				if v < 0 {
					return
				}
				sum.Add(int64(v))
				count.Add(1)
				touched.Done()
			}
		})
	}
	r.Stop()
	fresh := suite.LiveHeapAndStacks()
	for i, ch := range chans {
		ch <- i
	}
	touched.Wait()
	used := suite.LiveHeapAndStacks()
	for _, ch := range chans {
		ch <- -1
	}
	wg.Wait()
	o := suite.Outcome{Count: count.Load(), Sum: sum.Load(), Exits: exits.Load()}
	o.Extra = suite.IdleMemory(before, fresh, used, n)
	return o, nil
}

// skynet: the classic goroutine skynet, counting goroutines as actors.
func skynet(r *suite.Run) (suite.Outcome, error) {
	var actors atomic.Int64
	result := make(chan int, 1)
	r.Start()
	go skynetNode(result, 0, r.P.N, &actors)
	sum, err := suite.Recv(r, result, "the root's sum")
	r.Stop()
	return suite.Outcome{Sum: int64(sum), Actors: actors.Load()}, err
}

func skynetNode(parent chan<- int, num, size int, actors *atomic.Int64) {
	actors.Add(1)
	if size == 1 {
		parent <- num
		return
	}
	results := make(chan int, 10)
	step := size / 10
	for i := range 10 {
		go skynetNode(results, num+i*step, step, actors)
	}
	sum := 0
	for range 10 {
		sum += <-results
	}
	parent <- sum
}
