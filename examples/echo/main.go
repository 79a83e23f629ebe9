// Command echo is a TCP echo server built on package reactor: each
// connection is an actor that writes back whatever it reads.
//
// Run it, and talk to it from another terminal:
//
//	go run ./examples/echo
//	nc 127.0.0.1 7000
//
// The reactor's event loops (epoll or kqueue) wait for the sockets and
// wake the connections' actors, which read and write without blocking
// on the actor system's shared workers: no goroutine per connection.
// -portable runs the connections on package net instead, with two
// goroutines each, as on platforms without a poller; -loops sets the
// number of event loops. The handler, in handler.go, stops reading from
// a client that does not read its echo, so TCP slows that client down
// (see echo).
//
// With -debug 127.0.0.1:6060 the server also serves the actor system's
// metrics and actor dump under http://127.0.0.1:6060/debug/actorio/.
// Interrupt it (SIGINT or SIGTERM) to shut the actor system down, which
// closes every connection after writing what it still had queued.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/examples/internal/debugserve"
	"github.com/actorio/actorio/io/reactor"
)

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

// run serves echo on the address in args until ctx is done, then shuts
// down. It writes the address it listens on to stdout.
func run(ctx context.Context, args []string, stdout io.Writer) (err error) {
	flags := flag.NewFlagSet("echo", flag.ExitOnError)
	addr := flags.String("addr", "127.0.0.1:7000", "listen on this `address`")
	loops := flags.Int("loops", 0, "number of event loops (0: GOMAXPROCS)")
	portable := flags.Bool("portable", false, "run connections on package net instead of event loops")
	debug := flags.String("debug", "", "serve the debug handler on this `address`, such as 127.0.0.1:6060")
	_ = flags.Parse(args) // exits on a bad flag, as flag.Parse does

	sys, err := actor.NewSystem()
	if err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
		defer cancel()
		err = errors.Join(err, sys.Shutdown(ctx))
	}()

	opts := []reactor.Option{reactor.WithLoops(*loops)}
	if *portable {
		opts = append(opts, reactor.WithEngine(reactor.EnginePortable))
	}
	r, err := reactor.New(sys, opts...)
	if err != nil {
		return err
	}
	ln, err := reactor.Listen(sys, r, "tcp", *addr, newEcho)
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
