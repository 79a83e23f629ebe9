package protoactor

import (
	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorio/actorio/bench/internal/suite"
)

// Chameneos messages, as in the actorio implementation.
type (
	meet struct {
		id, color int
	}
	report struct {
		id, meetings int
	}
	meetWith struct {
		partner, color int
	}
	changeColor struct{ color int }
	exitNow     struct{}
	begin       struct{}
)

func chameneos(r *suite.Run, e *env) (suite.Outcome, error) {
	c := r.P.Actors
	creatures := make([]*actor.PID, c)
	done := make(chan suite.Outcome, 1)
	o := suite.Outcome{PerActor: make([]int64, c)}
	waiting := -1
	mall := e.spawn(actor.PropsFromFunc(func(ctx actor.Context) {
		switch m := ctx.Message().(type) {
		case report:
			o.PerActor[m.id] = int64(m.meetings)
			if o.Exits++; o.Exits == int64(c) {
				done <- o
			}
		case meet:
			switch {
			case o.Count == int64(r.P.N):
				ctx.Send(creatures[m.id], exitNow{})
			case waiting < 0:
				waiting = m.id
			default:
				o.Count++
				ctx.Send(creatures[waiting], meetWith{partner: m.id, color: m.color})
				waiting = -1
			}
		}
	}))
	for i := range creatures {
		color, meetings := i%3, 0
		creatures[i] = e.sys.Root.Spawn(actor.PropsFromFunc(func(ctx actor.Context) {
			switch m := ctx.Message().(type) {
			case begin:
				ctx.Send(mall, meet{id: i, color: color})
				return
			case meetWith:
				color = suite.Complement(color, m.color)
				ctx.Send(creatures[m.partner], changeColor{color: color})
			case changeColor:
				color = m.color
			case exitNow:
				ctx.Send(mall, report{id: i, meetings: meetings})
				ctx.Stop(ctx.Self())
				return
			default:
				return
			}
			meetings++
			ctx.Send(mall, meet{id: i, color: color})
		}))
	}
	r.Start()
	for _, pid := range creatures {
		e.send(pid, begin{})
	}
	res, err := suite.Recv(r, done, "every creature's report")
	r.Stop()
	return res, err
}

// Big messages.
type (
	ping     struct{ from int }
	pong     struct{ from int }
	bigStart struct{}
	bigExit  struct{ pongs, errors int64 }
)

// big: Actors actors ping random peers, one ping at a time, N each; a sink
// actor collects their exit messages.
func big(r *suite.Run, e *env) (suite.Outcome, error) {
	a := r.P.Actors
	done := make(chan suite.Outcome, 1)
	var total suite.Outcome
	sink := e.spawn(actor.PropsFromFunc(func(ctx actor.Context) {
		if x, ok := ctx.Message().(bigExit); ok {
			total.Count += x.pongs
			total.Errors += x.errors
			if total.Exits++; total.Exits == int64(a) {
				done <- total
			}
		}
	}))
	peers := make([]*actor.PID, a)
	for i := range peers {
		rnd := suite.NewRand(i)
		var pongs, errors int64
		target := -1
		peers[i] = e.spawn(actor.PropsFromFunc(func(ctx actor.Context) {
			switch m := ctx.Message().(type) {
			case ping:
				ctx.Send(peers[m.from], pong{from: i})
				return
			case pong:
				if m.from != target {
					errors++
				}
				if pongs++; pongs == int64(r.P.N) {
					ctx.Send(sink, bigExit{pongs, errors})
					return
				}
			case bigStart:
			default:
				return
			}
			target = rnd.Intn(a)
			ctx.Send(peers[target], ping{from: i})
		}))
	}
	r.Start()
	for _, pid := range peers {
		e.send(pid, bigStart{})
	}
	res, err := suite.Recv(r, done, "every exit message")
	r.Stop()
	return res, err
}
