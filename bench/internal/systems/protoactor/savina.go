package protoactor

import (
	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorio/actorio/bench/internal/suite"
)

// increment and retrieve are the Counting workload's messages.
type (
	increment struct{}
	retrieve  struct{ reply *actor.PID }
)

// counting: a producer actor sends N increments to a counter actor, then
// asks for the count. A negative int starts the producer.
func counting(r *suite.Run, e *env) (suite.Outcome, error) {
	count := 0
	counter := e.spawn(actor.PropsFromFunc(func(ctx actor.Context) {
		switch m := ctx.Message().(type) {
		case increment:
			count++
		case retrieve:
			ctx.Send(m.reply, count)
		}
	}))
	result := make(chan int, 1)
	producer := e.spawn(actor.PropsFromFunc(func(ctx actor.Context) {
		v, ok := ctx.Message().(int)
		switch {
		case !ok:
		case v >= 0:
			result <- v
		default:
			for range r.P.N {
				ctx.Send(counter, increment{})
			}
			ctx.Send(counter, retrieve{reply: ctx.Self()})
		}
	}))
	r.Start()
	e.send(producer, -1)
	n, err := suite.Recv(r, result, "the count")
	r.Stop()
	return suite.Outcome{Count: int64(n)}, err
}

// threadRing: Actors actors in a ring pass a decrementing token.
func threadRing(r *suite.Run, e *env) (suite.Outcome, error) {
	n := r.P.Actors
	ring := make([]*actor.PID, n)
	forwards := make([]int64, n)
	last := make(chan int, 1)
	for i := range ring {
		ring[i] = e.spawn(actor.PropsFromFunc(func(ctx actor.Context) {
			t, ok := ctx.Message().(int)
			switch {
			case !ok:
			case t == 0:
				last <- i
			default:
				forwards[i]++
				ctx.Send(ring[(i+1)%n], t-1)
			}
		}))
	}
	r.Start()
	e.send(ring[0], r.P.N)
	idx, err := suite.Recv(r, last, "the token to reach 0")
	r.Stop()
	return suite.Outcome{Index: idx, PerActor: forwards}, err
}

// forkJoin: the driver sends N messages to each of Actors actors,
// round-robin; each computes, counts, and reports after its N-th.
func forkJoin(r *suite.Run, e *env) (suite.Outcome, error) {
	p := r.P
	results := make(chan suite.Outcome, p.Actors)
	workers := make([]*actor.PID, p.Actors)
	for a := range workers {
		var o suite.Outcome
		workers[a] = e.spawn(actor.PropsFromFunc(func(ctx actor.Context) {
			v, ok := ctx.Message().(int)
			if !ok {
				return
			}
			if suite.ForkJoinWork(v) {
				o.Sum++
			}
			if o.Count++; o.Count == int64(p.N) {
				results <- o
			}
		}))
	}
	r.Start()
	for i := range p.N {
		for _, w := range workers {
			e.send(w, i)
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
