// Command echo is a TCP echo server built on package reactor: each
// connection is an actor that writes back whatever it reads.
//
// Run it, and talk to it from another terminal:
//
//	go run ./examples/echo
//	nc 127.0.0.1 7000
//
// The reactor's event loops (io_uring on Linux, epoll or kqueue) wait
// for the sockets and wake the connections' actors, which read and write
// without blocking on the actor system's shared workers: no goroutine
// per connection. -engine chooses the loops' kind (uring, poll) or the
// portable engine, which runs the connections on package net with two
// goroutines each, as on platforms without a poller; -loops sets the
// number of event loops. The handler, in handler.go, stops reading from
// a client that does not read its echo, so TCP slows that client down
// (see echo).
//
// With -debug 127.0.0.1:6060 the server also serves the actor system's
// metrics and actor dump under http://127.0.0.1:6060/debug/actorio/, and
// its live console, connections included, at
// http://127.0.0.1:6060/debug/actorio/console/.
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
	"github.com/actorio/actorio/observability/actorconsole"
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
	engine := flags.String("engine", "auto", "the reactor's `engine`: auto, uring, poll, or portable (package net)")
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

	e, err := parseEngine(*engine)
	if err != nil {
		return err
	}
	r, err := reactor.New(sys, reactor.WithLoops(*loops), reactor.WithEngine(e))
	if err != nil {
		return err
	}
	ln, err := reactor.Listen(sys, r, "tcp", *addr, newEcho)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "engine %s, listening on %s\n", r.Engine(), ln.Addr())
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

// parseEngine returns the engine called name.
func parseEngine(name string) (reactor.Engine, error) {
	for _, e := range []reactor.Engine{reactor.EngineAuto, reactor.EngineUring, reactor.EnginePoll, reactor.EnginePortable} {
		if e.String() == name {
			return e, nil
		}
	}
	return 0, fmt.Errorf("echo: unknown engine %q: want auto, uring, poll or portable", name)
}
