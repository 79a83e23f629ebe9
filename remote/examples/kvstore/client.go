package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/remote"
)

// usage lists the client's commands.
const usage = "commands: put KEY VALUE, get KEY, quit"

// client sends the user's commands through the router and prints the
// answers.
type client struct {
	router  actor.Ref[routerMsg]
	shards  int
	timeout time.Duration
	out     *console
}

// runClient runs the client on node: the fixed script if cfg.script,
// else the commands read from in, until in ends, "quit" or ctx is done.
func runClient(ctx context.Context, cfg config, node *remote.Node, in io.Reader, out *console) error {
	ready, allUp := futures.NewPromise[struct{}]()
	r, err := actor.Spawn(node.System(), func() actor.Actor[routerMsg] {
		return &router{node: node, out: out, shards: make([]shardState, cfg.shards), ready: ready}
	}, actor.WithName("router"))
	if err != nil {
		return err
	}
	c := &client{router: r, shards: cfg.shards, timeout: cfg.timeout, out: out}
	if cfg.script {
		wait, cancel := context.WithTimeout(ctx, cfg.timeout)
		defer cancel()
		if _, err := allUp.Await(wait); err != nil {
			return fmt.Errorf("waiting for %d shards: %w", cfg.shards, err)
		}
		return c.script(ctx)
	}
	out.printf("waiting for %d shards; %s", cfg.shards, usage)
	return c.interactive(ctx, in)
}

// interactive runs the commands read from in.
func (c *client) interactive(ctx context.Context, in io.Reader) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	lines := make(chan string)
	go readLines(ctx, in, lines)
	for {
		select {
		case <-ctx.Done():
			c.out.printf("shutting down")
			return nil
		case line, ok := <-lines:
			if !ok || !c.exec(ctx, line) {
				return nil
			}
		}
	}
}

// readLines sends the lines of in to lines until in ends or ctx is done,
// then closes lines. A read from a terminal cannot be interrupted: after
// ctx is done, the goroutine ends with the next line or the process.
func readLines(ctx context.Context, in io.Reader, lines chan<- string) {
	defer close(lines)
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		select {
		case lines <- sc.Text():
		case <-ctx.Done():
			return
		}
	}
}

// exec runs one command line and reports whether to go on.
func (c *client) exec(ctx context.Context, line string) bool {
	f := strings.Fields(line)
	switch {
	case len(f) == 0:
	case f[0] == "quit" || f[0] == "exit":
		return false
	case f[0] == "put" && len(f) >= 3:
		_, _ = c.put(ctx, f[1], strings.Join(f[2:], " "))
	case f[0] == "get" && len(f) == 2:
		_, _ = c.get(ctx, f[1])
	default:
		c.out.printf("%s", usage)
	}
	return true
}

// put sets key to value and prints the outcome.
func (c *client) put(ctx context.Context, key, value string) (Result, error) {
	res, err := c.ask(ctx, func(p futures.Promise[Result]) command { return Put{Key: key, Value: value, Reply: p} })
	switch {
	case err != nil:
		c.out.printf("error: put %s on shard %d: %v", key, shardOf(key, c.shards), err)
	case res.Found:
		c.out.printf("ok: put %s on shard %d (was %s)", key, res.Shard, res.Value)
	default:
		c.out.printf("ok: put %s on shard %d", key, res.Shard)
	}
	return res, err
}

// get reads key and prints the outcome.
func (c *client) get(ctx context.Context, key string) (Result, error) {
	res, err := c.ask(ctx, func(p futures.Promise[Result]) command { return Get{Key: key, Reply: p} })
	switch {
	case err != nil:
		c.out.printf("error: get %s on shard %d: %v", key, shardOf(key, c.shards), err)
	case res.Found:
		c.out.printf("%s = %s (shard %d)", key, res.Value, res.Shard)
	default:
		c.out.printf("%s not found (shard %d)", key, res.Shard)
	}
	return res, err
}

// ask sends the command that build makes around its reply promise, and
// waits for the Result: a reply, an error (the shard is down, it went
// down meanwhile, it refused the key) or the timeout.
func (c *client) ask(ctx context.Context, build func(futures.Promise[Result]) command) (Result, error) {
	return futures.Ask(c.router, func(p futures.Promise[Result]) routerMsg {
		return forward{build(p)}
	}, c.timeout).Await(ctx)
}
