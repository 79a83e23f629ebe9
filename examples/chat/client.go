package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/io/reactor"
)

// clientMsg is what a client's actor handles, besides the events of its
// connection.
type clientMsg interface{ clientMsg() }

// output is a line for the client, without its newline. A room sends the
// same bytes to all its members: nobody modifies them.
type output struct{ line []byte }

// joined tells a client that its room has added it.
type joined struct {
	name string
	room actor.Ref[roomMsg]
}

// ack tells a client that its room has relayed n of its lines.
type ack struct{ n int }

// flush is what a client sends itself to write the lines it has batched.
type flush struct{}

func (output) clientMsg() {}
func (joined) clientMsg() {}
func (ack) clientMsg()    {}
func (flush) clientMsg()  {}

// Limits of the protocol.
const (
	defaultRoom = "lobby"
	maxName     = 32       // longest nickname or room name
	maxText     = 4 << 10  // longest line a client may say
	maxLine     = 8 << 10  // longest line on the wire; a longer one closes the connection
	maxPending  = 64 << 10 // most input held while joining a room
	window      = 16       // lines said and not yet relayed before a client stops reading
	mailboxHigh = 512      // queued outputs at which a client's actor is Crowded
)

// client is the handler of one connection: it reads the client's lines,
// talks to its room, and writes what the room sends it.
//
// While it waits for a room to add it (see joined), the lines the client
// sends are held, up to maxPending bytes, and handled once it is in.
type client struct {
	c        *reactor.Conn
	registry actor.Ref[registryMsg]

	nick     string             // "" until the first line
	roomName string             // the room it is in, or joining
	room     actor.Ref[roomMsg] // zero while joining
	pending  []string           // lines received while joining
	held     int                // bytes in pending
	inflight int                // lines said and not yet acknowledged
	batch    []byte             // lines to write at the next flush
	quit     bool
}

func newClient(c *reactor.Conn, registry actor.Ref[registryMsg]) reactor.Handler[clientMsg] {
	return &client{c: c, registry: registry}
}

func (cl *client) Started(*actor.Context[clientMsg]) {
	cl.notice("welcome to actorio chat; what is your nickname?")
}

func (cl *client) HandleIO(ctx *actor.Context[clientMsg], ev reactor.Event) {
	switch ev := ev.(type) {
	case reactor.Frame:
		cl.input(ctx, strings.TrimSuffix(string(ev.Data), "\r"))
	case reactor.Closed:
		// ErrOutboundFull for a client that stopped reading, a reset,
		// a line over maxLine... The rooms it was in see its actor stop.
		if ev.Err != nil && !errors.Is(ev.Err, actor.ErrStopped) {
			ctx.Logger().Info("chat: disconnected", "nick", cl.nick, "error", ev.Err)
		}
	}
}

func (cl *client) Receive(ctx *actor.Context[clientMsg], msg clientMsg) {
	switch m := msg.(type) {
	case output:
		cl.queue(ctx, m.line)
	case flush:
		cl.flush()
	case ack:
		cl.inflight -= m.n
		if cl.inflight < window {
			cl.c.ResumeReading() // nothing if it was not paused
		}
	case joined:
		cl.room = m.room
		cl.notice("you joined " + m.name)
		pending := cl.pending
		cl.pending, cl.held = nil, 0
		for _, text := range pending {
			cl.input(ctx, text) // a /join among them holds the rest again
		}
	}
}

// input handles one line from the client.
func (cl *client) input(ctx *actor.Context[clientMsg], text string) {
	switch {
	case cl.quit:
	case cl.nick == "":
		if !validName(text) {
			cl.notice(fmt.Sprintf("a nickname is 1 to %d letters, digits, '-' or '_'; what is your nickname?", maxName))
			return
		}
		cl.nick = text
		cl.join(ctx, defaultRoom)
	case cl.room.IsZero():
		if cl.held += len(text); cl.held > maxPending {
			cl.notice("too much input while joining a room; bye")
			cl.close()
			return
		}
		cl.pending = append(cl.pending, text)
	default:
		cl.command(ctx, text)
	}
}

// command handles a line from a client in a room.
func (cl *client) command(ctx *actor.Context[clientMsg], text string) {
	self := ctx.Self().PID()
	cmd, arg, _ := strings.Cut(text, " ")
	switch {
	case text == "":
	case cmd == "/join":
		switch name := strings.TrimSpace(arg); {
		case !validName(name):
			cl.notice(fmt.Sprintf("usage: /join <room>, a room name being 1 to %d letters, digits, '-' or '_'", maxName))
		case name == cl.roomName:
			cl.notice("you are already in " + name)
		default:
			cl.join(ctx, name)
		}
	case cmd == "/who":
		_ = cl.room.Send(who{from: self})
	case cmd == "/quit":
		cl.notice("bye")
		cl.close()
	case strings.HasPrefix(cmd, "/"):
		cl.notice("unknown command " + cmd + "; try /join <room>, /who or /quit")
	case len(text) > maxText:
		cl.notice(fmt.Sprintf("line too long: at most %d bytes", maxText))
	default:
		cl.say(ctx, text)
	}
}

// say sends a line to the room. With window lines on their way, the
// client stops reading its connection until the room acknowledges some:
// the peer's further lines wait in TCP's buffers, and then in the peer,
// instead of in the server's memory.
func (cl *client) say(ctx *actor.Context[clientMsg], text string) {
	if cl.room.Send(say{from: ctx.Self(), text: text}) != nil {
		return // the room has stopped: no acknowledgement will come
	}
	if cl.inflight++; cl.inflight >= window {
		cl.c.PauseReading()
	}
}

// join asks to join room name, leaving the current room if any, and
// holds the client's lines until the new room has added it.
func (cl *client) join(ctx *actor.Context[clientMsg], name string) {
	e := enter{room: name, join: join{nick: cl.nick, client: ctx.Self()}}
	if cl.room.IsZero() {
		_ = cl.registry.Send(e)
	} else {
		_ = cl.room.Send(move{client: ctx.Self().PID(), to: e})
	}
	cl.roomName, cl.room = name, actor.Ref[roomMsg]{}
}

// close closes the connection once what is written has gone out. The
// client's actor then stops, and its room sees it leave.
func (cl *client) close() {
	cl.quit = true
	_ = cl.c.Close()
}

func (cl *client) notice(text string) {
	cl.flush() // after the lines batched before it
	_ = cl.c.WriteFrame([]byte("* " + text))
}

// queue adds a line from the room to the batch, and makes sure a flush
// follows: the lines queued in the actor's mailbox meanwhile join the
// batch, so that a busy room costs one write per turn, not per line.
func (cl *client) queue(ctx *actor.Context[clientMsg], line []byte) {
	if len(cl.batch) == 0 {
		_ = ctx.Self().Send(flush{})
	}
	cl.batch = append(cl.batch, line...)
	cl.batch = append(cl.batch, '\n')
}

// flush writes the batched lines, or queues them behind those the client
// has not read yet. If more than the connection's MaxOutbound would be
// queued, the connection closes with reactor.ErrOutboundFull instead;
// then, and once closed, writing fails, which the Closed event reports.
func (cl *client) flush() {
	if len(cl.batch) > 0 {
		_, _ = cl.c.Write(cl.batch)
		cl.batch = cl.batch[:0]
	}
}

// validName reports whether s is a valid nickname or room name.
func validName(s string) bool {
	if len(s) == 0 || len(s) > maxName {
		return false
	}
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
