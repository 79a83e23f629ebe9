package actorio

import (
	"github.com/actorio/actorio/actor"

	"github.com/actorio/actorio/bench/internal/suite"
)

// Chameneos messages. To the mall: a creature's request to meet, or its
// final report. To a creature: meet this partner, take this colour, exit,
// or (a negative kind) start.
type (
	mallMsg struct {
		id, color, meetings int
		report              bool
	}
	creatureMsg struct {
		kind           int
		partner, color int
	}
)

const (
	meetWith = iota
	changeColor
	exitNow
	begin
)

func chameneos(r *suite.Run, sys *actor.System) (suite.Outcome, error) {
	c := r.P.Actors
	creatures := make([]actor.Ref[creatureMsg], c)
	done := make(chan suite.Outcome, 1)
	o := suite.Outcome{PerActor: make([]int64, c)}
	waiting := -1
	mall, err := actor.SpawnFunc(sys, func(ctx *actor.Context[mallMsg], m mallMsg) {
		switch {
		case m.report:
			o.PerActor[m.id] = int64(m.meetings)
			if o.Exits++; o.Exits == int64(c) {
				done <- o
			}
		case o.Count == int64(r.P.N):
			_ = creatures[m.id].Send(creatureMsg{kind: exitNow})
		case waiting < 0:
			waiting = m.id
		default:
			o.Count++
			_ = creatures[waiting].Send(creatureMsg{kind: meetWith, partner: m.id, color: m.color})
			waiting = -1
		}
	})
	if err != nil {
		return suite.Outcome{}, err
	}
	for i := range creatures {
		color, meetings := i%3, 0
		ref, err := actor.SpawnFunc(sys, func(ctx *actor.Context[creatureMsg], m creatureMsg) {
			switch m.kind {
			case begin:
				_ = mall.Send(mallMsg{id: i, color: color})
				return
			case meetWith:
				color = suite.Complement(color, m.color)
				_ = creatures[m.partner].Send(creatureMsg{kind: changeColor, color: color})
			case changeColor:
				color = m.color
			case exitNow:
				_ = mall.Send(mallMsg{id: i, meetings: meetings, report: true})
				ctx.Stop()
				return
			}
			meetings++
			_ = mall.Send(mallMsg{id: i, color: color})
		})
		if err != nil {
			return suite.Outcome{}, err
		}
		creatures[i] = ref
	}
	r.Start()
	for _, ref := range creatures {
		if err := ref.Send(creatureMsg{kind: begin}); err != nil {
			return suite.Outcome{}, err
		}
	}
	res, err := suite.Recv(r, done, "every creature's report")
	r.Stop()
	return res, err
}

// bigMsg is a ping or a pong from actor from, or (start) the go signal.
type bigMsg struct {
	kind uint8
	from int32
}

const (
	ping uint8 = iota
	pong
	start
)

type bigExit struct{ pongs, errors int64 }

// big: Actors actors ping random peers, one ping at a time, N each; a sink
// actor collects their exit messages.
func big(r *suite.Run, sys *actor.System) (suite.Outcome, error) {
	a := r.P.Actors
	done := make(chan suite.Outcome, 1)
	var total suite.Outcome
	sink, err := actor.SpawnFunc(sys, func(ctx *actor.Context[bigExit], e bigExit) {
		total.Count += e.pongs
		total.Errors += e.errors
		if total.Exits++; total.Exits == int64(a) {
			done <- total
		}
	})
	if err != nil {
		return suite.Outcome{}, err
	}
	peers := make([]actor.Ref[bigMsg], a)
	for i := range peers {
		rnd := suite.NewRand(i)
		var pongs, errors int64
		target := -1
		ref, err := actor.SpawnFunc(sys, func(ctx *actor.Context[bigMsg], m bigMsg) {
			switch m.kind {
			case ping:
				_ = peers[m.from].Send(bigMsg{kind: pong, from: int32(i)})
				return
			case pong:
				if int(m.from) != target {
					errors++
				}
				if pongs++; pongs == int64(r.P.N) {
					_ = sink.Send(bigExit{pongs, errors})
					return
				}
			}
			target = rnd.Intn(a)
			_ = peers[target].Send(bigMsg{kind: ping, from: int32(i)})
		})
		if err != nil {
			return suite.Outcome{}, err
		}
		peers[i] = ref
	}
	r.Start()
	for _, ref := range peers {
		if err := ref.Send(bigMsg{kind: start}); err != nil {
			return suite.Outcome{}, err
		}
	}
	res, err := suite.Recv(r, done, "every exit message")
	r.Stop()
	return res, err
}
