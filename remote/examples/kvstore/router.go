package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/remote"
)

// routerMsg is what the router handles: a forward or a shardGone.
type routerMsg interface{ routerMsg() }

// forward asks the router to pass cmd on to the shard that owns its key.
type forward struct{ cmd command }

// shardGone tells the router that the instance pid of shard i stopped,
// for reason (wrapping remote.ErrNodeDown when its process went away).
type shardGone struct {
	i      int
	pid    actor.PID
	reason error
}

// routerMsg marks the router's messages.

func (forward) routerMsg()   {}
func (shardGone) routerMsg() {}

// shardState is what the router knows of one shard: a Ref to its live
// instance, or why it has none.
type shardState struct {
	ref  actor.Ref[command] // zero while the shard is not known to be up
	down error              // why the last instance went away; nil if none was ever found
}

// router is the client's actor. It looks each shard up, and looks it up
// again whenever its instance goes away, so that a restarted shard
// process is found again. It watches every instance it finds: when a
// shard's process is killed, the node declares it down within its
// heartbeat bound, and the router hears it as a Terminated wrapping
// remote.ErrNodeDown. It forwards each command to the shard that owns its
// key, promise and all, so the shard answers the asker directly; a
// command for a shard that is down fails at once.
type router struct {
	node   *remote.Node
	out    *console
	shards []shardState
	ready  futures.Promise[struct{}] // resolved when every shard has been found
}

// Started looks every shard up.
func (r *router) Started(ctx *actor.Context[routerMsg]) {
	for i := range r.shards {
		r.lookup(ctx, i)
	}
}

// Receive forwards commands and notes shards going away.
func (r *router) Receive(ctx *actor.Context[routerMsg], m routerMsg) {
	switch m := m.(type) {
	case forward:
		i := shardOf(m.cmd.key(), len(r.shards))
		s := r.shards[i]
		switch {
		case !s.ref.IsZero():
			// SendRequest fails at once if the node is known down, and
			// rejects the promise itself; a request in flight when the
			// node goes down fails with remote.ErrNodeDown.
			_ = s.ref.SendRequest(m.cmd, m.cmd.reply())
		case s.down != nil:
			_ = m.cmd.reply().Reject(fmt.Errorf("%w: %w", errShardDown, s.down))
		default:
			_ = m.cmd.reply().Reject(fmt.Errorf("%w: no process has registered %s", errNoShard, serviceKey(i)))
		}
	case shardGone:
		if m.pid != r.shards[m.i].ref.PID() || errors.Is(m.reason, remote.ErrClosed) {
			return // an old instance, or this node is closing
		}
		if m.reason == nil {
			m.reason = errors.New("stopped")
		}
		r.shards[m.i] = shardState{down: m.reason}
		r.out.printf("shard %d down: %v", m.i, m.reason)
		r.lookup(ctx, m.i)
	}
}

// lookup waits, on the blocking pool, for an instance of shard i to be
// registered, then watches it. The wait ends when the router stops. Each
// shard waited for holds one of the pool's slots (64 by default).
func (r *router) lookup(ctx *actor.Context[routerMsg], i int) {
	node, key := r.node, serviceKey(i)
	actor.Blocking(ctx, func(c context.Context) (actor.Ref[command], error) {
		return remote.Lookup[command](c, node, key)
	}, func(ref actor.Ref[command], err error) {
		if err != nil {
			if !errors.Is(err, remote.ErrClosed) && !errors.Is(err, context.Canceled) {
				r.out.printf("shard %d: lookup failed: %v", i, err)
				r.shards[i] = shardState{down: err}
			}
			return
		}
		r.shards[i] = shardState{ref: ref}
		pid := ref.PID()
		ctx.Watch(pid, func(t actor.Terminated) routerMsg { return shardGone{i: i, pid: pid, reason: t.Reason} })
		r.out.printf("shard %d up: %s", i, pid)
		for _, s := range r.shards {
			if s.ref.IsZero() {
				return
			}
		}
		_ = r.ready.Resolve(struct{}{}) // the first time only
	})
}
