package main

import (
	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/io/reactor"
)

// echo is the handler of one connection: it writes back what it reads.
//
// It writes only once the output of its last write has gone out. Until
// then it leaves the input buffered; once ReadHighWater bytes wait, the
// reactor stops reading the socket and TCP slows the client down. So a
// client that writes fast and reads slowly costs the server a bounded
// amount of memory, and never gets disconnected for it.
type echo struct{ c *reactor.Conn }

func newEcho(c *reactor.Conn) reactor.Handler[struct{}] { return &echo{c: c} }

// Receive handles messages from other actors; nobody sends an echo any.
func (e *echo) Receive(*actor.Context[struct{}], struct{}) {}

func (e *echo) HandleIO(_ *actor.Context[struct{}], ev reactor.Event) {
	switch ev.(type) {
	case reactor.Readable, reactor.Writable:
		if e.c.Outbound() == 0 {
			e.writeBack()
		}
	case reactor.PeerClosed:
		// The client has finished sending: echo the rest. The
		// connection closes once that is written.
		e.writeBack()
	}
}

// writeBack writes back all the buffered input. Write copies what the
// socket has no room for, so the input can be consumed right after.
func (e *echo) writeBack() {
	if in := e.c.Peek(); len(in) > 0 {
		_, _ = e.c.Write(in) // an error closes the connection
		e.c.Discard(len(in))
	}
}
