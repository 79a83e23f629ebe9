package main

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/io/reactor"
)

// Limits of a connection.
const (
	askTimeout = time.Second // a request the store has not answered by then fails
	maxQueued  = 16          // lines waiting for their turn before reading pauses
)

// connMsg is what a connection's actor takes from other actors: nothing
// but its own replies, which arrive through actor.Await.
type connMsg struct{}

// conn is the handler of one client connection. It answers the client's
// lines one at a time, in order, asking the store for each. Lines that
// arrive meanwhile wait; once maxQueued wait, it stops reading the socket
// and TCP slows the client down: memory per connection stays bounded
// however fast a client writes.
type conn struct {
	c      *reactor.Conn
	store  actor.Ref[storeMsg]
	queued []string
	busy   bool // a request is with the store
}

func newConn(c *reactor.Conn, store actor.Ref[storeMsg]) reactor.Handler[connMsg] {
	return &conn{c: c, store: store}
}

func (cn *conn) Receive(*actor.Context[connMsg], connMsg) {}

func (cn *conn) HandleIO(ctx *actor.Context[connMsg], ev reactor.Event) {
	if f, ok := ev.(reactor.Frame); ok { // a line, without its newline (see codec.Line)
		cn.queued = append(cn.queued, strings.TrimSpace(string(f.Data)))
		if len(cn.queued) >= maxQueued {
			cn.c.PauseReading()
		}
		cn.next(ctx)
	}
}

// next sends the oldest waiting line's request to the store, unless one
// is there already.
func (cn *conn) next(ctx *actor.Context[connMsg]) {
	if cn.busy || len(cn.queued) == 0 {
		return
	}
	line := cn.queued[0]
	cn.queued = cn.queued[1:]
	if len(cn.queued) < maxQueued/2 {
		cn.c.ResumeReading() // nothing if reading was not paused
	}
	reply := cn.ask(line)
	cn.busy = true
	// Await waits without holding a worker: the callback runs inside this
	// actor once the store answers or the timeout passes.
	actor.Await(ctx, reply, func(answer string, err error) {
		cn.busy = false
		switch {
		case errors.Is(err, futures.ErrTimeout):
			answer = "ERR timeout"
		case err != nil:
			answer = "ERR " + err.Error()
		}
		_ = cn.c.WriteFrame([]byte(answer)) // an error closes the connection
		cn.next(ctx)
	})
}

// ask returns the answer to one line.
func (cn *conn) ask(line string) futures.Future[string] {
	cmd, key, _ := strings.Cut(line, " ")
	number := func(f futures.Future[int64]) futures.Future[string] {
		return futures.Map(f, func(n int64) (string, error) { return strconv.FormatInt(n, 10), nil })
	}
	switch {
	case cmd == "INCR" && key != "":
		return number(futures.Ask(cn.store, func(p futures.Promise[int64]) storeMsg { return incr{key, p} }, askTimeout))
	case cmd == "GET" && key != "":
		return number(futures.Ask(cn.store, func(p futures.Promise[int64]) storeMsg { return get{key, p} }, askTimeout))
	case cmd == "STATS":
		return futures.Ask(cn.store, func(p futures.Promise[string]) storeMsg { return stats{p} }, askTimeout)
	case cmd == "CRASH":
		return number(futures.Ask(cn.store, func(p futures.Promise[int64]) storeMsg { return crash{p} }, askTimeout))
	}
	return futures.Resolved("ERR usage: INCR key | GET key | STATS | CRASH")
}
