package main

import "github.com/actorio/actorio/actor"

// registryMsg is what the registry handles.
type registryMsg interface{ registryMsg() }

// enter asks the registry to add a client to a room, opening the room if
// it is not open.
type enter struct {
	room string
	join join
}

// idle is what a room tells the registry when its last member has left,
// with the number of joins it has handled.
type idle struct {
	name  string
	room  actor.PID
	joins uint64
}

func (enter) registryMsg() {}
func (idle) registryMsg()  {}

// registry opens rooms on demand, as its children, and closes them when
// they are empty.
//
// Every join goes through the registry, which counts the joins it has
// forwarded to each room. An empty room tells the registry how many
// joins it has handled; if that is all of them, no join is on its way to
// the room, so the registry closes it, and the next join for that name
// opens a new one. Otherwise a join is about to arrive and the room
// stays open. So no join ever reaches a room that is closing.
type registry struct{ open map[string]*openRoom }

type openRoom struct {
	ref   actor.Ref[roomMsg]
	joins uint64 // joins forwarded
}

func newRegistry() actor.Actor[registryMsg] {
	return &registry{open: make(map[string]*openRoom)}
}

func (g *registry) Receive(ctx *actor.Context[registryMsg], msg registryMsg) {
	switch m := msg.(type) {
	case enter:
		r := g.open[m.room]
		if r == nil {
			self := ctx.Self()
			ref, err := actor.Spawn(ctx, func() actor.Actor[roomMsg] { return newRoom(m.room, self) })
			if err != nil {
				return // shutting down
			}
			r = &openRoom{ref: ref}
			g.open[m.room] = r
		}
		r.joins++
		_ = r.ref.Send(m.join)
	case idle:
		if r := g.open[m.name]; r != nil && r.ref.PID() == m.room && r.joins == m.joins {
			delete(g.open, m.name)
			r.ref.Stop()
		}
	}
}
