// Command chat is a line-based chat server built on package reactor:
// each connection is an actor, and so is each room.
//
// Run it, and connect from two or more terminals:
//
//	go run ./examples/chat
//	nc 127.0.0.1 7001
//
// The first line a client sends is its nickname; it starts in the room
// "lobby". Then:
//
//	/join <room>   move to another room, opened if need be
//	/who           list the members of the room
//	/quit          disconnect
//	anything else  say it to the room: the others read "<nick>: <text>"
//
// Nicknames need not be unique.
//
// # Actors
//
// The connections' actors (client.go) split their input into lines with
// codec.NewLine. A registry actor (registry.go) opens a room when a client
// first joins it, as a child actor, and closes it once the room is empty;
// it never loses a join to a room that is closing. A room (room.go) keeps
// its members and relays what each says to the others, in the order it
// was said. It watches its members (Context.Watch), so a client whose
// connection dies leaves its room just as one that typed /join or /quit.
//
// # Slow clients
//
// A room never waits for a client. It Sends each line to each member's
// actor, which never blocks: the mailbox is unbounded. The member's actor
// writes the line to its connection, which never blocks either: what the
// socket has no room for is queued. So lines do not pile up in the
// mailbox but in that queue, and the queue is bounded
// (reactor.WithMaxOutbound, 256 KiB here): once a client has that much
// unread, its connection is closed with reactor.ErrOutboundFull, which
// the server logs, and the client leaves its room. The other members keep
// receiving every line throughout. So a client that stops reading costs
// the server at most 256 KiB beyond the socket's own buffers, and never
// slows anyone else down. The flip side: nothing slows a fast talker
// down, so a client that reads more slowly than its room talks is
// disconnected too.
//
// With -debug 127.0.0.1:6060 the server also serves the actor system's
// metrics and actor dump under http://127.0.0.1:6060/debug/actorio/:
// rooms show up under /rooms, and the connections under the listener.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/examples/internal/debugserve"
	"github.com/actorio/actorio/io/codec"
	"github.com/actorio/actorio/io/reactor"
)

// maxOutbound is the most output queued for a client that does not read.
const maxOutbound = 256 << 10

// shutdownTimeout bounds the shutdown: long enough for the reactor to
// write what closed connections still have queued (reactor.DefaultFlushTimeout).
const shutdownTimeout = 10 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run serves the chat on the address in args until ctx is done, then
// shuts down. It writes the address it listens on to stdout, and then
// logs why clients were disconnected, other than by leaving.
func run(ctx context.Context, args []string, stdout io.Writer) (err error) {
	flags := flag.NewFlagSet("chat", flag.ExitOnError)
	addr := flags.String("addr", "127.0.0.1:7001", "listen on this `address`")
	debug := flags.String("debug", "", "serve the debug handler on this `address`, such as 127.0.0.1:6060")
	_ = flags.Parse(args) // exits on a bad flag, as flag.Parse does

	sys, err := actor.NewSystem(actor.WithLogger(slog.New(slog.NewTextHandler(stdout, nil))))
	if err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
		defer cancel()
		err = errors.Join(err, sys.Shutdown(ctx))
	}()

	r, err := reactor.New(sys)
	if err != nil {
		return err
	}
	registry, err := actor.Spawn(sys, newRegistry, actor.WithName("rooms"))
	if err != nil {
		return err
	}
	lines, err := codec.NewLine(codec.WithMaxLine(maxLine))
	if err != nil {
		return err
	}
	ln, err := reactor.Listen(sys, r, "tcp", *addr,
		func(c *reactor.Conn) reactor.Handler[clientMsg] { return newClient(c, registry) },
		reactor.WithCodec(lines), reactor.WithMaxOutbound(maxOutbound))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "listening on %s\n", ln.Addr())
	if *debug != "" {
		stopDebug, err := debugserve.Start(sys, *debug, stdout)
		if err != nil {
			return err
		}
		defer stopDebug()
	}
	<-ctx.Done()
	fmt.Fprintln(stdout, "shutting down")
	return nil
}
