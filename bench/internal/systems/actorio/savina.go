package actorio

import (
	"github.com/actorio/actorio/actor"

	"github.com/actorio/actorio/bench/internal/suite"
)

// countMsg is an increment, or with a reply Ref, a request for the count.
type countMsg struct{ reply actor.Ref[int] }

// counting: a producer actor sends N increments to a counter actor, then
// asks for the count. A negative message starts the producer.
func counting(r *suite.Run, sys *actor.System) (suite.Outcome, error) {
	count := 0
	counter, err := actor.SpawnFunc(sys, func(ctx *actor.Context[countMsg], m countMsg) {
		if m.reply.IsZero() {
			count++
			return
		}
		_ = m.reply.Send(count)
	})
	if err != nil {
		return suite.Outcome{}, err
	}
	result := make(chan int, 1)
	producer, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], v int) {
		if v >= 0 {
			result <- v
			return
		}
		for range r.P.N {
			_ = counter.Send(countMsg{})
		}
		_ = counter.Send(countMsg{reply: ctx.Self()})
	})
	if err != nil {
		return suite.Outcome{}, err
	}
	r.Start()
	if err := producer.Send(-1); err != nil {
		return suite.Outcome{}, err
	}
	n, err := suite.Recv(r, result, "the count")
	r.Stop()
	return suite.Outcome{Count: int64(n)}, err
}

// threadRing: Actors actors in a ring pass a decrementing token.
func threadRing(r *suite.Run, sys *actor.System) (suite.Outcome, error) {
	n := r.P.Actors
	ring := make([]actor.Ref[int], n)
	forwards := make([]int64, n)
	last := make(chan int, 1)
	for i := range ring {
		ref, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], t int) {
			if t == 0 {
				last <- i
				return
			}
			forwards[i]++
			_ = ring[(i+1)%n].Send(t - 1)
		})
		if err != nil {
			return suite.Outcome{}, err
		}
		ring[i] = ref
	}
	r.Start()
	if err := ring[0].Send(r.P.N); err != nil {
		return suite.Outcome{}, err
	}
	idx, err := suite.Recv(r, last, "the token to reach 0")
	r.Stop()
	return suite.Outcome{Index: idx, PerActor: forwards}, err
}

// forkJoin: the driver sends N messages to each of Actors actors,
// round-robin; each computes, counts, and reports after its N-th.
func forkJoin(r *suite.Run, sys *actor.System) (suite.Outcome, error) {
	p := r.P
	results := make(chan suite.Outcome, p.Actors)
	workers := make([]actor.Ref[int], p.Actors)
	for a := range workers {
		var o suite.Outcome
		ref, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], v int) {
			if suite.ForkJoinWork(v) {
				o.Sum++
			}
			if o.Count++; o.Count == int64(p.N) {
				results <- o
			}
		})
		if err != nil {
			return suite.Outcome{}, err
		}
		workers[a] = ref
	}
	r.Start()
	for i := range p.N {
		for _, w := range workers {
			if err := w.Send(i); err != nil {
				return suite.Outcome{}, err
			}
		}
	}
	var total suite.Outcome
	for range workers {
		o, err := suite.Recv(r, results, "every worker's count")
		if err != nil {
			return suite.Outcome{}, err
		}
		total.Count += o.Count
		total.Sum += o.Sum
	}
	r.Stop()
	return total, nil
}
