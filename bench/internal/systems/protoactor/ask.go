package protoactor

import (
	"fmt"
	"sync"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorio/actorio/bench/internal/suite"
)

// server answers an int request with v+1 through Context.Respond.
func server(e *env) *actor.PID {
	return e.spawn(actor.PropsFromFunc(func(ctx actor.Context) {
		if v, ok := ctx.Message().(int); ok {
			ctx.Respond(v + 1)
		}
	}))
}

// result waits for f and returns its int value.
func result(f *actor.Future) (int, error) {
	res, err := f.Result()
	if err != nil {
		return 0, err
	}
	v, ok := res.(int)
	if !ok {
		return 0, fmt.Errorf("protoactor: reply %T, want int", res)
	}
	return v, nil
}

func askRoundTrip(r *suite.Run, e *env) (suite.Outcome, error) {
	srv := server(e)
	var o suite.Outcome
	r.Start()
	for i := range r.P.N {
		v, err := result(e.sys.Root.RequestFuture(srv, i, askTimeout))
		if err != nil {
			return o, err
		}
		o.Sum += int64(v)
		o.Count++
	}
	r.Stop()
	return o, nil
}

func askThroughput(r *suite.Run, e *env) (suite.Outcome, error) {
	srv := server(e)
	fs := make([]*actor.Future, r.P.InFlight)
	var o suite.Outcome
	r.Start()
	for base := 0; base < r.P.N; base += r.P.InFlight {
		batch := fs[:min(r.P.InFlight, r.P.N-base)]
		for j := range batch {
			batch[j] = e.sys.Root.RequestFuture(srv, base+j, askTimeout)
		}
		for _, f := range batch {
			v, err := result(f)
			if err != nil {
				return o, err
			}
			o.Sum += int64(v)
			o.Count++
		}
	}
	r.Stop()
	return o, nil
}

// futuresAll: protoactor has no All combinator; the equivalent is
// NewFuture x 1,000, a resolver that sends each future its value, and
// Result on each.
func futuresAll(r *suite.Run, e *env) (suite.Outcome, error) {
	work := make(chan []*actor.Future)
	var resolver sync.WaitGroup
	resolver.Go(func() {
		for fs := range work {
			for i, f := range fs {
				e.send(f.PID(), i)
			}
		}
	})
	defer resolver.Wait()
	defer close(work)
	var o suite.Outcome
	r.Start()
	for range r.P.N {
		fs := make([]*actor.Future, r.P.Actors)
		for i := range fs {
			fs[i] = actor.NewFuture(e.sys, askTimeout)
		}
		work <- fs
		for _, f := range fs {
			v, err := result(f)
			if err != nil {
				return o, err
			}
			o.Sum += int64(v)
			o.Count++
		}
	}
	r.Stop()
	return o, nil
}
