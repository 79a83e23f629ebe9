// Command kvstore is a key-value store sharded across processes, whose
// actors talk over NATS with package remote.
//
// One binary plays every role. Start a client and two shards, in three
// terminals (README.md says more):
//
//	go run ./examples/kvstore -role client
//	go run ./examples/kvstore -role shard -shard 0 -nats nats://127.0.0.1:PORT
//	go run ./examples/kvstore -role shard -shard 1 -nats nats://127.0.0.1:PORT
//
// The first process, started without -nats, runs an embedded NATS server
// (remote.WithEmbeddedServer) and prints its URL for the others; point
// every process at a NATS cluster of your own with -nats instead. Every
// process must be given the same -shards (2 by default).
//
// # Actors
//
// Each shard process runs one shard actor (shard.go), which owns the keys
// that hash to it and registers under the service key kv.shard-N
// (remote.Register). The client's router actor (router.go) looks the
// shards up (remote.Lookup), watches them (Context.Watch), and forwards
// each Put or Get to the shard that owns its key. The command line asks
// with futures.Ask, and the reply promise travels inside the request:
// the shard answers the client directly.
//
// # Failure
//
// A shard process that exits (Ctrl-C) tells the others it leaves; one
// that is killed (kill -9) falls silent, and the client's node declares
// it down once it has missed heartbeats for -down-after. Either way the
// router hears a Terminated wrapping remote.ErrNodeDown, prints
// "shard N down", and commands for that shard fail at once rather than at
// their timeout; a command in flight when the shard died fails with
// remote.ErrNodeDown when it is declared down. The router then waits for
// a new process to register the shard, which starts empty: keys live in
// memory only.
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
	"github.com/actorio/actorio/remote"
)

// shutdownTimeout bounds the shutdown: leaving the network, then
// stopping the actors.
const shutdownTimeout = 10 * time.Second

// config is what the command line asks for.
type config struct {
	role          string
	shard, shards int
	nats          string
	heartbeat     time.Duration
	downAfter     time.Duration
	timeout       time.Duration
	script        bool
	verbose       bool
}

// main runs the command until it is done or gets SIGINT or SIGTERM.
func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		log.Fatal(err)
	}
}

// parseFlags reads the command line; it exits on a bad flag, as
// flag.Parse does.
func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	flags := flag.NewFlagSet("kvstore", flag.ExitOnError)
	flags.SetOutput(stderr)
	flags.StringVar(&cfg.role, "role", "", "the process's `role`: shard or client")
	flags.IntVar(&cfg.shard, "shard", 0, "with -role shard: the shard to serve, from 0 to shards-1")
	flags.IntVar(&cfg.shards, "shards", 2, "the number of shards, the same for every process")
	flags.StringVar(&cfg.nats, "nats", "", "the NATS server `URL`; without it, start an embedded server and print its URL")
	flags.DurationVar(&cfg.heartbeat, "heartbeat", time.Second, "how often this process announces itself")
	flags.DurationVar(&cfg.downAfter, "down-after", 3*time.Second, "how long another process may stay silent before it is declared down")
	flags.DurationVar(&cfg.timeout, "timeout", 5*time.Second, "with -role client: the timeout of a request, and of the wait for the shards with -script")
	flags.BoolVar(&cfg.script, "script", false, "with -role client: run a fixed sequence of puts and gets, check the answers and exit")
	flags.BoolVar(&cfg.verbose, "v", false, "log the runtime's records, such as nodes going down, to stderr")
	_ = flags.Parse(args)
	switch {
	case cfg.role != "shard" && cfg.role != "client":
		return cfg, fmt.Errorf("-role is %q, want shard or client", cfg.role)
	case cfg.shards < 1:
		return cfg, fmt.Errorf("-shards is %d, want at least 1", cfg.shards)
	case cfg.shard < 0 || cfg.shard >= cfg.shards:
		return cfg, fmt.Errorf("-shard is %d, want 0 to %d", cfg.shard, cfg.shards-1)
	}
	return cfg, nil
}

// run plays the role that args choose until it is done or ctx is, then
// leaves the network and shuts the actor system down. It reads commands
// from stdin (a client), prints what happens to stdout, and logs to
// stderr.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (err error) {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	level := slog.LevelWarn
	if cfg.verbose {
		level = slog.LevelInfo
	}
	sys, err := actor.NewSystem(actor.WithLogger(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))))
	if err != nil {
		return err
	}
	out := &console{w: stdout}
	node, err := startNode(ctx, sys, cfg, out)
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
		defer cancel()
		if node != nil {
			err = errors.Join(err, node.Close(ctx))
		}
		err = errors.Join(err, sys.Shutdown(ctx))
	}()
	if err != nil {
		return err
	}
	if cfg.role == "shard" {
		return runShard(ctx, cfg, node, out)
	}
	return runClient(ctx, cfg, node, stdin, out)
}

// startNode joins sys to the NATS network at cfg.nats, or to an embedded
// server whose URL it prints.
func startNode(ctx context.Context, sys *actor.System, cfg config, out *console) (*remote.Node, error) {
	reg, err := newRegistry()
	if err != nil {
		return nil, err
	}
	opts := []remote.Option{remote.WithRegistry(reg), remote.WithHeartbeat(cfg.heartbeat, cfg.downAfter)}
	if cfg.nats == "" {
		opts = append(opts, remote.WithEmbeddedServer())
	} else {
		opts = append(opts, remote.WithURL(cfg.nats))
	}
	node, err := remote.Start(ctx, sys, opts...)
	if err != nil {
		return nil, err
	}
	if url := node.URL(); url != "" {
		out.printf("embedded NATS server at %s; start the other processes with -nats %s", url, url)
	}
	return node, nil
}
