// Command counter is the service that docs/guide.md builds: a TCP server
// of named counters, on actors.
//
//	go run ./examples/counter
//	nc 127.0.0.1 7002
//	INCR visits
//	1
//	GET visits
//	1
//	STATS
//	keys=1 ops/s=0
//
// The counters live in one store actor, restarted by its supervisor when
// it fails (CRASH makes it panic). Each connection is an actor on the
// reactor's event loops that asks the store for each line, with a
// timeout, and stops reading a client that sends faster than it is
// answered. SIGINT or SIGTERM shuts the system down gracefully; -debug
// serves the actor dump and metrics over HTTP, and the live console at
// /debug/actorio/console/.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"syscall"
	"time"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/examples/internal/debugserve"
	"github.com/actorio/actorio/io/codec"
	"github.com/actorio/actorio/io/reactor"
	"github.com/actorio/actorio/observability/actorconsole"
	"github.com/actorio/actorio/signals"
)

func main() {
	stopped, stop := signals.Next(os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithCancel(context.Background())
	stopped.OnComplete(func(os.Signal, error) { cancel() })
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run serves the counters until ctx is done, then shuts down.
func run(ctx context.Context, args []string, stdout io.Writer) (err error) {
	flags := flag.NewFlagSet("counter", flag.ExitOnError)
	addr := flags.String("addr", "127.0.0.1:7002", "listen on this `address`")
	debug := flags.String("debug", "", "serve the actor dump, metrics and console on this `address`")
	_ = flags.Parse(args)

	// Top-level actors that fail are restarted, three times a minute at
	// most; past that they stop.
	sys, err := actor.NewSystem(actor.WithSystemSupervisor(
		actor.OneForOne(actor.WithRestartLimit(3, time.Minute, actor.Stop))))
	if err != nil {
		return err
	}
	defer func() {
		// Shutdown stops the connections (writing what they still have
		// queued), then the store, children before parents.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err = errors.Join(err, sys.Shutdown(ctx))
	}()

	store, err := actor.Spawn(sys, newStore, actor.WithName("store"))
	if err != nil {
		return err
	}
	r, err := reactor.New(sys)
	if err != nil {
		return err
	}
	lines, err := codec.NewLine(codec.WithMaxLine(1024)) // a longer line closes the connection
	if err != nil {
		return err
	}
	ln, err := reactor.Listen(sys, r, "tcp", *addr,
		func(c *reactor.Conn) reactor.Handler[connMsg] { return newConn(c, store) },
		reactor.WithCodec(lines))
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
