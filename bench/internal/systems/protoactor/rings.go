package protoactor

import (
	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorio/actorio/bench/internal/suite"
)

// rings: Rings rings of Actors actors, one token each. The token is its
// hop count; the run sends each ring's first member a 0, and that member
// then counts its laps (each arrival of a positive count) and after the
// last reports the count instead of forwarding it. The other members only
// forward.
func rings(r *suite.Run, e *env) (suite.Outcome, error) {
	p := r.P
	size, laps := p.Actors, suite.RingLaps(p)
	o := suite.Outcome{PerRing: make([]int64, p.Rings), PerActor: make([]int64, p.Rings*size)}
	pids := make([]*actor.PID, p.Rings*size)
	back := make(chan int, p.Rings)
	for k := range p.Rings {
		ring, fwd := pids[k*size:(k+1)*size], o.PerActor[k*size:(k+1)*size]
		lap := 0
		ring[0] = e.spawn(actor.PropsFromFunc(func(ctx actor.Context) {
			h, ok := ctx.Message().(int)
			if !ok {
				return
			}
			if h > 0 {
				if lap++; lap == laps {
					o.PerRing[k] = int64(h)
					back <- k
					return
				}
			}
			fwd[0]++
			ctx.Send(ring[1%size], h+1)
		}))
		for i := 1; i < size; i++ {
			ring[i] = e.spawn(actor.PropsFromFunc(func(ctx actor.Context) {
				if h, ok := ctx.Message().(int); ok {
					fwd[i]++
					ctx.Send(ring[(i+1)%size], h+1)
				}
			}))
		}
	}
	r.Start()
	for k := range p.Rings {
		e.send(pids[k*size], 0)
	}
	for range p.Rings {
		if _, err := suite.Recv(r, back, "every ring's token"); err != nil {
			return suite.Outcome{}, err
		}
	}
	r.Stop()
	return o, nil
}
