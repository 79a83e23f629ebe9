package protoactor

import (
	"sync"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorio/actorio/bench/internal/suite"
)

// roundTrip: ping and pong actors pass an integer back and forth.
func roundTrip(r *suite.Run, e *env) (suite.Outcome, error) {
	n := int64(r.P.N)
	done := make(chan suite.Outcome, 1)
	var pong *actor.PID
	var o suite.Outcome
	ping := e.spawn(actor.PropsFromFunc(func(ctx actor.Context) {
		if v, ok := ctx.Message().(int); ok {
			o.Sum += int64(v)
			if o.Count++; o.Count == n {
				done <- o
				return
			}
			ctx.Send(pong, int(o.Count))
		}
	}))
	pong = e.spawn(actor.PropsFromFunc(func(ctx actor.Context) {
		if v, ok := ctx.Message().(int); ok {
			ctx.Send(ping, v+1)
		}
	}))
	r.Start()
	e.send(pong, 0)
	res, err := suite.Recv(r, done, "the last round trip")
	r.Stop()
	return res, err
}

// pipelined: per pair, actor A keeps InFlight messages outstanding to
// actor B, which echoes v+1. A negative message starts A.
func pipelined(r *suite.Run, e *env) (suite.Outcome, error) {
	p := r.P
	done := make(chan suite.Outcome, p.Actors)
	starters := make([]*actor.PID, p.Actors)
	for pair := range starters {
		var a *actor.PID
		b := e.spawn(actor.PropsFromFunc(func(ctx actor.Context) {
			if v, ok := ctx.Message().(int); ok {
				ctx.Send(a, v+1)
			}
		}))
		sent := 0
		var o suite.Outcome
		a = e.spawn(actor.PropsFromFunc(func(ctx actor.Context) {
			v, ok := ctx.Message().(int)
			switch {
			case !ok:
			case v < 0:
				for ; sent < min(p.InFlight, p.N); sent++ {
					ctx.Send(b, sent)
				}
			default:
				o.Sum += int64(v)
				o.Count++
				if sent < p.N {
					ctx.Send(b, sent)
					sent++
				}
				if o.Count == int64(p.N) {
					done <- o
				}
			}
		}))
		starters[pair] = a
	}
	r.Start()
	for _, a := range starters {
		e.send(a, -1)
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

func flood(r *suite.Run, e *env) (suite.Outcome, error) { return fanInN(r, e, 1) }

func fanIn(r *suite.Run, e *env) (suite.Outcome, error) { return fanInN(r, e, r.P.Actors) }

// fanInN: producer goroutines send to one consumer actor with Root.Send.
func fanInN(r *suite.Run, e *env, producers int) (suite.Outcome, error) {
	n := int64(r.P.N)
	done := make(chan suite.Outcome, 1)
	var o suite.Outcome
	consumer := e.spawn(actor.PropsFromFunc(func(ctx actor.Context) {
		if v, ok := ctx.Message().(int); ok {
			o.Sum += int64(v)
			if o.Count++; o.Count == n {
				done <- o
			}
		}
	}))
	per := r.P.N / producers
	var wg sync.WaitGroup
	r.Start()
	for k := range producers {
		wg.Go(func() {
			for i := k * per; i < (k+1)*per; i++ {
				e.sys.Root.Send(consumer, i)
			}
		})
	}
	wg.Wait()
	res, err := suite.Recv(r, done, "the consumer")
	r.Stop()
	return res, err
}
