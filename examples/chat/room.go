package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/actorio/actorio/actor"
)

// roomMsg is what a room handles.
type roomMsg interface{ roomMsg() }

// join adds a client to the room; the registry forwards it.
type join struct {
	nick   string
	client actor.Ref[clientMsg]
}

// leave removes a client from the room.
type leave struct{ client actor.PID }

// move removes a client from the room, then passes its join to another
// room on to the registry. So whatever this room sent the client reaches
// it before anything from the next room.
type move struct {
	client actor.PID
	to     enter
}

// say is a line a member says to the others. The room acknowledges
// each say to its sender (see ack).
type say struct {
	from actor.Ref[clientMsg]
	text string
}

// who asks for the list of members, for the member who asks.
type who struct{ from actor.PID }

// memberDown says that a member's actor has stopped.
type memberDown struct{ client actor.PID }

func (join) roomMsg()       {}
func (leave) roomMsg()      {}
func (move) roomMsg()       {}
func (say) roomMsg()        {}
func (who) roomMsg()        {}
func (memberDown) roomMsg() {}

// maxWho is the most nicknames /who lists.
const maxWho = 100

// room relays what its members say to the other members. It only ever
// Sends to them, which never blocks.
//
// It acknowledges each line to its sender once relayed, and a client
// stops reading its connection while window lines of its own are not
// acknowledged (see client). When a member's actor falls behind (its
// mailbox is Crowded), the room holds its acknowledgements until that
// member is Ready again: its talkers then run out of credit and stop
// reading, TCP slows their peers down, and nothing piles up in between.
// A member whose peer does not read is no reason to wait: its actor
// keeps up with its mailbox, queueing output until the connection
// closes with ErrOutboundFull, and its leaving makes it Ready.
type room struct {
	name     string
	registry actor.Ref[registryMsg]
	members  map[actor.PID]member
	joins    uint64                       // joins handled so far, for the registry (see idle)
	owed     map[actor.Ref[clientMsg]]int // lines relayed, not acknowledged
	behind   actor.Ref[clientMsg]         // a member seen Crowded, if any
	waiting  bool                         // for a member to catch up
}

type member struct {
	nick   string
	client actor.Ref[clientMsg]
}

func newRoom(name string, registry actor.Ref[registryMsg]) actor.Actor[roomMsg] {
	return &room{name: name, registry: registry, members: make(map[actor.PID]member),
		owed: make(map[actor.Ref[clientMsg]]int)}
}

func (r *room) Receive(ctx *actor.Context[roomMsg], msg roomMsg) {
	switch m := msg.(type) {
	case join:
		r.joins++
		pid := m.client.PID()
		r.broadcast(pid, fmt.Sprintf("* %s joined %s", m.nick, r.name))
		r.members[pid] = member{nick: m.nick, client: m.client}
		ctx.Watch(pid, func(t actor.Terminated) roomMsg { return memberDown{client: t.Actor} })
		_ = m.client.Send(joined{name: r.name, room: ctx.Self()})
	case say:
		if from, ok := r.members[m.from.PID()]; ok {
			r.broadcast(from.client.PID(), from.nick+": "+m.text)
		}
		r.owed[m.from]++ // from a member who left too: it counts its credit
		r.settle(ctx)
	case who:
		if from, ok := r.members[m.from]; ok {
			_ = from.client.Send(output{line: []byte(r.who())})
		}
	case memberDown:
		// A Terminated overtakes the messages already queued, among
		// them the member's last lines: leave after them.
		_ = ctx.Self().Send(leave{client: m.client})
	case leave:
		r.leave(ctx, m.client)
	case move:
		r.leave(ctx, m.client)
		_ = r.registry.Send(m.to)
	}
}

// leave removes a member, and tells the registry when none is left.
func (r *room) leave(ctx *actor.Context[roomMsg], pid actor.PID) {
	gone, ok := r.members[pid]
	if !ok {
		return
	}
	delete(r.members, pid)
	ctx.Unwatch(pid)
	r.broadcast(pid, fmt.Sprintf("* %s left %s", gone.nick, r.name))
	if len(r.members) == 0 {
		_ = r.registry.Send(idle{name: r.name, room: ctx.Self().PID(), joins: r.joins})
	}
}

// broadcast sends line to every member but one. They all get the same
// bytes, which nobody modifies. It notes a member that is falling behind
// on the way, for settle.
func (r *room) broadcast(except actor.PID, line string) {
	b := []byte(line)
	for pid, m := range r.members {
		if pid != except {
			_ = m.client.Send(output{line: b}) // fails only for a member that has stopped: it leaves soon
			if r.behind.IsZero() && m.client.Crowded() {
				r.behind = m.client
			}
		}
	}
}

// settle acknowledges the lines relayed so far, unless a member is
// falling behind: then it first waits for that member to be ready, and
// looks again.
func (r *room) settle(ctx *actor.Context[roomMsg]) {
	if r.waiting || len(r.owed) == 0 {
		return
	}
	if behind := r.behind; !behind.IsZero() {
		r.waiting, r.behind = true, actor.Ref[clientMsg]{}
		actor.Await(ctx, behind.Ready(), func(struct{}, error) {
			r.waiting = false
			for _, m := range r.members {
				if m.client.Crowded() {
					r.behind = m.client
					break
				}
			}
			r.settle(ctx)
		})
		return
	}
	for talker, n := range r.owed {
		_ = talker.Send(ack{n: n}) // fails only for a talker that has stopped
	}
	clear(r.owed)
}

// who lists the members' nicknames, sorted, the first maxWho of them.
func (r *room) who() string {
	nicks := make([]string, 0, len(r.members))
	for _, m := range r.members {
		nicks = append(nicks, m.nick)
	}
	slices.Sort(nicks)
	more := ""
	if len(nicks) > maxWho {
		more = fmt.Sprintf(" and %d more", len(nicks)-maxWho)
		nicks = nicks[:maxWho]
	}
	return fmt.Sprintf("* in %s: %s%s", r.name, strings.Join(nicks, ", "), more)
}
