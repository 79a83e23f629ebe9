package actorio

import (
	"github.com/actorio/actorio/actor"

	"github.com/actorio/actorio/bench/internal/suite"
)

// rings: Rings rings of Actors actor.SpawnFunc actors, one token each.
// The token is its hop count; the run sends each ring's first member a 0,
// and that member then counts its laps (each arrival of a positive count)
// and after the last reports the count instead of forwarding it. The
// other members only forward.
func rings(r *suite.Run, sys *actor.System) (suite.Outcome, error) {
	p := r.P
	size, laps := p.Actors, suite.RingLaps(p)
	o := suite.Outcome{PerRing: make([]int64, p.Rings), PerActor: make([]int64, p.Rings*size)}
	refs := make([]actor.Ref[int], p.Rings*size)
	back := make(chan int, p.Rings)
	for k := range p.Rings {
		ring, fwd := refs[k*size:(k+1)*size], o.PerActor[k*size:(k+1)*size]
		lap := 0
		first := func(ctx *actor.Context[int], h int) {
			if h > 0 {
				if lap++; lap == laps {
					o.PerRing[k] = int64(h)
					back <- k
					return
				}
			}
			fwd[0]++
			_ = ring[1%size].Send(h + 1)
		}
		for i := range ring {
			handler := first
			if i > 0 {
				handler = func(ctx *actor.Context[int], h int) {
					fwd[i]++
					_ = ring[(i+1)%size].Send(h + 1)
				}
			}
			ref, err := actor.SpawnFunc(sys, handler)
			if err != nil {
				return suite.Outcome{}, err
			}
			ring[i] = ref
		}
	}
	r.Start()
	for k := range p.Rings {
		if err := refs[k*size].Send(0); err != nil {
			return suite.Outcome{}, err
		}
	}
	for range p.Rings {
		if _, err := suite.Recv(r, back, "every ring's token"); err != nil {
			return suite.Outcome{}, err
		}
	}
	r.Stop()
	return o, nil
}
