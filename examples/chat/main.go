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
// # Fast talkers and slow readers
//
// Nothing between a client and the others grows without bound, and the
// pressure ends up where it belongs: in TCP, in front of the client
// that sends too fast.
//
// A client may have window (16) lines on their way to its room; the
// room acknowledges each once relayed, and a client out of credit stops
// reading its connection (reactor.Conn.PauseReading) until an
// acknowledgement comes. Its further lines then wait in the kernel's
// buffers, and when those are full TCP stops its peer from sending. So
// a room's mailbox holds at most window lines per member.
//
// A room only ever Sends to its members, which never blocks. Each
// member's actor batches what the room sends it into one write per
// turn; if the members' actors fall behind (their mailboxes reach
// mailboxHigh, see actor.Ref.Crowded), the room holds its
// acknowledgements until they catch up (actor.Ref.Ready), and the
// talkers, out of credit, stop reading.
//
// A client that stops reading gets no say in this: its actor keeps up
// with its mailbox by queueing the lines on its connection, which the
// server bounds (reactor.WithMaxOutbound, 256 KiB, and
// reactor.WithSocketBuffers, 64 KiB in the kernel each way). Once that
// is full the connection is closed with reactor.ErrOutboundFull, which
// the server logs, and the client leaves its room; the others never
// notice. So a client costs the server at most about 600 KiB, whatever
// it does (the kernel doubles the socket buffers it is given). TestFlood
// checks it: with fifty clients sending as fast as TCP lets them for
// 10 s, the test process's heap stayed at 14 to 27 MiB in our runs (it
// allows 256 MiB), and a client that does not read is disconnected
// while the room goes on.
//
// With -debug 127.0.0.1:6060 the server also serves the actor system's
// metrics and actor dump under http://127.0.0.1:6060/debug/actorio/:
// rooms show up under /rooms, and the connections under the listener;
// the live console at http://127.0.0.1:6060/debug/actorio/console/ shows
// the same tree, the rooms' mailboxes and the connections in a browser.
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
	"github.com/actorio/actorio/mailbox"
	"github.com/actorio/actorio/observability/actorconsole"
)

// maxOutbound is the most output queued for a client that does not read,
// and socketBuffer the size of each connection's kernel buffers: a client
// costs at most about twice that much more, whatever it does.
const (
	maxOutbound  = 256 << 10
	socketBuffer = 64 << 10
)

// frameTimeout is how long a client may take to send one line once it
// has begun it: a peer trickling bytes to hold a connection is closed.
const frameTimeout = time.Minute

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
		reactor.WithCodec(lines), reactor.WithMaxOutbound(maxOutbound),
		reactor.WithMailbox(mailbox.Config{HighWater: mailboxHigh}),
		reactor.WithSocketBuffers(socketBuffer, socketBuffer),
		reactor.WithFrameTimeout(frameTimeout))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "listening on %s\n", ln.Addr())
	if *debug != "" {
		stopDebug, err := debugserve.Start(sys, *debug, stdout, actorconsole.WithReactor(r))
		if err != nil {
			return err
		}
		defer stopDebug()
	}
	<-ctx.Done()
	fmt.Fprintln(stdout, "shutting down")
	return nil
}
