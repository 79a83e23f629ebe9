package plain

import (
	"sync"

	"github.com/actorio/actorio/bench/internal/suite"
)

// Chameneos messages. To the mall: a creature's request to meet, or its
// final report. To a creature: meet this partner, take this colour, or
// exit.
type (
	mallMsg struct {
		id, color, meetings int
		report              bool
	}
	creatureMsg struct {
		kind    int // meetWith, changeColor or exitNow
		partner int
		color   int
	}
)

const (
	meetWith = iota
	changeColor
	exitNow
)

func chameneos(r *suite.Run) (suite.Outcome, error) {
	c := r.P.Actors
	mall := make(chan mallMsg, c)
	creatures := make([]chan creatureMsg, c)
	for i := range creatures {
		creatures[i] = make(chan creatureMsg, 2)
	}
	var wg sync.WaitGroup
	for i := range creatures {
		wg.Go(func() { creature(i, i%3, mall, creatures) })
	}
	done := make(chan suite.Outcome, 1)
	r.Start()
	go runMall(r.P.N, mall, creatures, done)
	o, err := suite.Recv(r, done, "every creature's report")
	r.Stop()
	wg.Wait()
	return o, err
}

func creature(id, color int, mall chan<- mallMsg, creatures []chan creatureMsg) {
	meetings := 0
	mall <- mallMsg{id: id, color: color}
	for m := range creatures[id] {
		switch m.kind {
		case meetWith:
			color = suite.Complement(color, m.color)
			creatures[m.partner] <- creatureMsg{kind: changeColor, color: color}
		case changeColor:
			color = m.color
		case exitNow:
			mall <- mallMsg{id: id, meetings: meetings, report: true}
			return
		}
		meetings++
		mall <- mallMsg{id: id, color: color}
	}
}

func runMall(meetings int, mall <-chan mallMsg, creatures []chan creatureMsg, done chan<- suite.Outcome) {
	o := suite.Outcome{PerActor: make([]int64, len(creatures))}
	waiting := -1
	for m := range mall {
		switch {
		case m.report:
			o.PerActor[m.id] = int64(m.meetings)
			if o.Exits++; o.Exits == int64(len(creatures)) {
				done <- o
				return
			}
		case o.Count == int64(meetings):
			creatures[m.id] <- creatureMsg{kind: exitNow}
		case waiting < 0:
			waiting = m.id
		default:
			o.Count++
			creatures[waiting] <- creatureMsg{kind: meetWith, partner: m.id, color: m.color}
			waiting = -1
		}
	}
}

// big: Actors goroutines ping random peers, one ping at a time, N each.
func big(r *suite.Run) (suite.Outcome, error) {
	a := r.P.Actors
	type msg struct {
		from int
		pong bool
	}
	type exit struct{ pongs, errors int64 }
	boxes := make([]chan msg, a)
	for i := range boxes {
		boxes[i] = make(chan msg, a+1) // at most one ping per peer and one pong
	}
	exits := make(chan exit, a)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range boxes {
		wg.Go(func() {
			rnd := suite.NewRand(i)
			var pongs, errors int64
			target := rnd.Intn(a)
			<-start
			boxes[target] <- msg{from: i}
			for m := range boxes[i] {
				if !m.pong {
					boxes[m.from] <- msg{from: i, pong: true}
					continue
				}
				if m.from != target {
					errors++
				}
				if pongs++; pongs == int64(r.P.N) {
					exits <- exit{pongs, errors}
					continue
				}
				target = rnd.Intn(a)
				boxes[target] <- msg{from: i}
			}
		})
	}
	var o suite.Outcome
	r.Start()
	close(start)
	for range a {
		e, err := suite.Recv(r, exits, "every exit message")
		if err != nil {
			return o, err
		}
		o.Count += e.pongs
		o.Errors += e.errors
		o.Exits++
	}
	r.Stop()
	for _, b := range boxes {
		close(b)
	}
	wg.Wait()
	return o, nil
}
