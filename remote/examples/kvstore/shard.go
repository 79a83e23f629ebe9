package main

import (
	"context"
	"fmt"
	"os"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/remote"
)

// shard is the actor that owns the keys of one shard. It needs no lock:
// it handles one command at a time. Its keys live in memory only, and
// die with its process.
type shard struct {
	index, count int
	data         map[string]string
	out          *console
}

// Receive answers a command, or rejects it if the key is not this
// shard's.
func (s *shard) Receive(_ *actor.Context[command], c command) {
	if owner := shardOf(c.key(), s.count); owner != s.index {
		_ = c.reply().Reject(fmt.Errorf("%w: key %q belongs to shard %d, not %d: start every process with the same -shards",
			errWrongShard, c.key(), owner, s.index))
		return
	}
	old, found := s.data[c.key()]
	switch c := c.(type) {
	case Put:
		s.data[c.Key] = c.Value
		s.out.printf("put %s", c.Key)
	case Get:
		s.out.printf("get %s", c.Key)
	}
	_ = c.reply().Resolve(Result{Shard: s.index, Value: old, Found: found})
}

// runShard serves shard cfg.shard on node until ctx is done.
func runShard(ctx context.Context, cfg config, node *remote.Node, out *console) error {
	ref, err := actor.Spawn(node.System(), func() actor.Actor[command] {
		return &shard{index: cfg.shard, count: cfg.shards, data: map[string]string{}, out: out}
	}, actor.WithName("shard"))
	if err != nil {
		return err
	}
	key := serviceKey(cfg.shard)
	if err := remote.Register(node, key, ref); err != nil {
		return err
	}
	out.printf("shard %d of %d registered as %s on node %s (pid %d)", cfg.shard, cfg.shards, key, node.ID(), os.Getpid())
	<-ctx.Done()
	out.printf("shutting down")
	return nil
}
