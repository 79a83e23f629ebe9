package plain

import (
	"sync"

	"github.com/actorio/actorio/bench/internal/suite"
)

// rings: a goroutine per ring member, each reading its own channel of cap
// 1 and sending to the next member's, one token per ring. The first
// member of each ring starts the token, counts its laps, and after the
// last one reports the hop count instead of forwarding it.
//
// Once every first member has returned, no token is left in flight, so the
// other members' channels can be closed without a send on a closed
// channel. A first member also returns when the run's time is up, so a
// failed run still stops every goroutine.
func rings(r *suite.Run) (suite.Outcome, error) {
	p := r.P
	size, laps, ctx := p.Actors, suite.RingLaps(p), r.Context()
	o := suite.Outcome{PerRing: make([]int64, p.Rings), PerActor: make([]int64, p.Rings*size)}
	chans := make([]chan int, p.Rings*size)
	for i := range chans {
		chans[i] = make(chan int, 1)
	}
	start, back := make(chan struct{}), make(chan int, p.Rings)
	var firsts, others sync.WaitGroup
	for k := range p.Rings {
		ring, fwd := chans[k*size:(k+1)*size], o.PerActor[k*size:(k+1)*size]
		firsts.Go(func() {
			in, next := ring[0], ring[1%size]
			<-start
			fwd[0]++
			next <- 1
			for lap := 1; ; lap++ {
				h := <-in
				if lap == laps || ctx.Err() != nil {
					o.PerRing[k] = int64(h)
					back <- k
					return
				}
				fwd[0]++
				next <- h + 1
			}
		})
		for i := 1; i < size; i++ {
			in, next := ring[i], ring[(i+1)%size]
			others.Go(func() {
				for h := range in {
					fwd[i]++
					next <- h + 1
				}
			})
		}
	}
	r.Start()
	close(start)
	var err error
	for range p.Rings {
		if _, err = suite.Recv(r, back, "every ring's token"); err != nil {
			break
		}
	}
	r.Stop()
	firsts.Wait()
	for k := range p.Rings {
		for _, ch := range chans[k*size+1 : (k+1)*size] {
			close(ch)
		}
	}
	others.Wait()
	return o, err
}
