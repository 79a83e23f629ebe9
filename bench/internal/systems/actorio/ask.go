package actorio

import (
	"sync"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"

	"github.com/actorio/actorio/bench/internal/suite"
)

// request carries the promise of an Ask.
type request struct {
	v     int
	reply futures.Promise[int]
}

func server(sys *actor.System) (actor.Ref[request], error) {
	return actor.SpawnFunc(sys, func(ctx *actor.Context[request], q request) { _ = q.reply.Resolve(q.v + 1) })
}

func ask(srv actor.Ref[request], v int) futures.Future[int] {
	return futures.Ask(srv, func(p futures.Promise[int]) request { return request{v, p} }, askTimeout)
}

func askRoundTrip(r *suite.Run, sys *actor.System) (suite.Outcome, error) {
	srv, err := server(sys)
	if err != nil {
		return suite.Outcome{}, err
	}
	ctx := r.Context()
	var o suite.Outcome
	r.Start()
	for i := range r.P.N {
		v, err := ask(srv, i).Await(ctx)
		if err != nil {
			return o, err
		}
		o.Sum += int64(v)
		o.Count++
	}
	r.Stop()
	return o, nil
}

func askThroughput(r *suite.Run, sys *actor.System) (suite.Outcome, error) {
	srv, err := server(sys)
	if err != nil {
		return suite.Outcome{}, err
	}
	ctx := r.Context()
	fs := make([]futures.Future[int], r.P.InFlight)
	var o suite.Outcome
	r.Start()
	for base := 0; base < r.P.N; base += r.P.InFlight {
		batch := fs[:min(r.P.InFlight, r.P.N-base)]
		for j := range batch {
			batch[j] = ask(srv, base+j)
		}
		for _, f := range batch {
			v, err := f.Await(ctx)
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

// futuresAll: a futures.Group's promises x 1,000, Group.All, a resolver
// goroutine, Await. A Group keeps its members' results in segments of its
// own: no allocation per member. The slice that hands the promises to the
// resolver is the harness's, as plain Go's batch is, and is reused; the
// promises and the group are new each time.
func futuresAll(r *suite.Run) (suite.Outcome, error) {
	work := make(chan []futures.Promise[int])
	var resolver sync.WaitGroup
	resolver.Go(func() {
		for ps := range work {
			for i, p := range ps {
				_ = p.Resolve(i)
			}
		}
	})
	defer resolver.Wait()
	defer close(work)
	ctx := r.Context()
	ps := make([]futures.Promise[int], r.P.Actors)
	var o suite.Outcome
	r.Start()
	for range r.P.N {
		g := futures.NewGroup[int](ctx)
		for i := range ps {
			ps[i] = g.Promise()
		}
		all := g.All()
		work <- ps
		vals, err := all.Await(ctx)
		if err != nil {
			return o, err
		}
		for _, v := range vals {
			o.Sum += int64(v)
			o.Count++
		}
	}
	r.Stop()
	return o, nil
}
