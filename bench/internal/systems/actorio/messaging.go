package actorio

import (
	"sync"

	"github.com/actorio/actorio/actor"

	"github.com/actorio/actorio/bench/internal/suite"
)

// roundTrip: ping and pong actors pass an integer back and forth.
func roundTrip(r *suite.Run, sys *actor.System) (suite.Outcome, error) {
	n := int64(r.P.N)
	done := make(chan suite.Outcome, 1)
	var pong actor.Ref[int]
	var o suite.Outcome
	ping, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], v int) {
		o.Sum += int64(v)
		if o.Count++; o.Count == n {
			done <- o
			return
		}
		_ = pong.Send(int(o.Count))
	})
	if err != nil {
		return suite.Outcome{}, err
	}
	if pong, err = actor.SpawnFunc(sys, func(ctx *actor.Context[int], v int) { _ = ping.Send(v + 1) }); err != nil {
		return suite.Outcome{}, err
	}
	r.Start()
	if err := pong.Send(0); err != nil {
		return suite.Outcome{}, err
	}
	res, err := suite.Recv(r, done, "the last round trip")
	r.Stop()
	return res, err
}

// pipelined: per pair, actor A keeps InFlight messages outstanding to
// actor B, which echoes v+1. A negative message starts A.
func pipelined(r *suite.Run, sys *actor.System) (suite.Outcome, error) {
	p := r.P
	done := make(chan suite.Outcome, p.Actors)
	starters := make([]actor.Ref[int], p.Actors)
	for pair := range starters {
		var a actor.Ref[int]
		b, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], v int) { _ = a.Send(v + 1) })
		if err != nil {
			return suite.Outcome{}, err
		}
		sent := 0
		var o suite.Outcome
		a, err = actor.SpawnFunc(sys, func(ctx *actor.Context[int], v int) {
			if v < 0 {
				for ; sent < min(p.InFlight, p.N); sent++ {
					_ = b.Send(sent)
				}
				return
			}
			o.Sum += int64(v)
			o.Count++
			if sent < p.N {
				_ = b.Send(sent)
				sent++
			}
			if o.Count == int64(p.N) {
				done <- o
			}
		})
		if err != nil {
			return suite.Outcome{}, err
		}
		starters[pair] = a
	}
	r.Start()
	for _, a := range starters {
		if err := a.Send(-1); err != nil {
			return suite.Outcome{}, err
		}
	}
	var total suite.Outcome
	for range starters {
		o, err := suite.Recv(r, done, "every pair")
		if err != nil {
			return suite.Outcome{}, err
		}
		total.Count += o.Count
		total.Sum += o.Sum
	}
	r.Stop()
	return total, nil
}

func flood(r *suite.Run, sys *actor.System) (suite.Outcome, error) { return fanInN(r, sys, 1) }

func fanIn(r *suite.Run, sys *actor.System) (suite.Outcome, error) {
	return fanInN(r, sys, r.P.Actors)
}

// fanInN: producer goroutines send to one consumer actor with Ref.Send.
func fanInN(r *suite.Run, sys *actor.System, producers int) (suite.Outcome, error) {
	n := int64(r.P.N)
	done := make(chan suite.Outcome, 1)
	var o suite.Outcome
	consumer, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], v int) {
		o.Sum += int64(v)
		if o.Count++; o.Count == n {
			done <- o
		}
	})
	if err != nil {
		return suite.Outcome{}, err
	}
	per := r.P.N / producers
	errs := make(chan error, producers)
	var wg sync.WaitGroup
	r.Start()
	for k := range producers {
		wg.Go(func() {
			for i := k * per; i < (k+1)*per; i++ {
				if err := consumer.Send(i); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	select {
	case err := <-errs:
		return suite.Outcome{}, err
	default:
	}
	res, err := suite.Recv(r, done, "the consumer")
	r.Stop()
	return res, err
}
