package remote

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"weak"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/remote/internal/frame"
)

// remoteActor is an actor of another node as this node sees it: the
// actor.External behind its PID and Refs. There is one per address, so
// that PIDs of the same actor compare equal.
type remoteActor struct {
	n    *Node
	addr address
	pid  actor.PID
	peer atomic.Pointer[peer] // the node's outbound side, once looked up
	refs refsCache            // whether the type last sent may hold references
}

// outbound returns the outbound side of the actor's node, from the cache
// while it has not failed, so that a send takes no node-wide lock.
func (ra *remoteActor) outbound() (*peer, error) {
	if p := ra.peer.Load(); p != nil && !p.failed.Load() {
		return p, nil
	}
	p, err := ra.n.peer(ra.addr.node)
	if err == nil {
		ra.peer.Store(p)
	}
	return p, err
}

// watch is a local watcher of a remote actor.
type watch struct {
	w  actor.Watcher
	ra *remoteActor
}

// remotePID returns the PID of the actor at a, on another node. The node
// keeps a weak pointer to each remote actor it hands out, so that the
// addresses met in messages (a peer may send any number of them) cost
// nothing once no PID or Ref holds them.
func (n *Node) remotePID(a address) actor.PID {
	n.mu.Lock()
	defer n.mu.Unlock()
	if wp, ok := n.actors[a]; ok {
		if ra := wp.Value(); ra != nil {
			return ra.pid
		}
	}
	ra := &remoteActor{n: n, addr: a}
	ra.pid = actor.ExternalPID(n.sys, ra)
	wp := weak.Make(ra)
	n.actors[a] = wp
	runtime.AddCleanup(ra, func(a address) {
		n.mu.Lock()
		defer n.mu.Unlock()
		if n.actors[a] == wp {
			delete(n.actors, a)
		}
	}, a)
	return ra.pid
}

// send encodes msg as a record for the actor and queues it: a Tell, or a
// Request when reply is set, naming the promise of the reply.
func (ra *remoteActor) send(k frame.Kind, msg any, reply futures.Rejecter) error {
	n := ra.n
	p, err := ra.outbound()
	if err != nil {
		return err
	}
	var typ uint32
	var payload []byte
	var c *wireCtx
	if msg != nil {
		buf := scratchPool.Get().(*[]byte)
		defer scratchPool.Put(buf)
		if typ, payload, c, err = n.encodeCached((*buf)[:0], msg, &ra.refs); err != nil {
			return err
		}
		*buf = payload[:0]
	}
	var aux uint64
	var exported []uint64
	if c != nil {
		exported = c.exported
	}
	if reply != nil {
		k = frame.Request
		aux = replyID(n, c, reply)
		exported = append(exported, aux)
	}
	shard := n.shard(ra.addr.id)
	if k == frame.Stop {
		shard = n.opts.Shards // control: overtakes queued messages
	}
	r := frame.Record{Kind: k, Target: ra.addr.id, Type: typ, Aux: aux, Payload: payload}
	if err := p.addRecord(shard, nil, r); err != nil {
		n.dropPending(exported)
		return err
	}
	n.sentPending(exported, ra.addr.node)
	if k == frame.Tell || k == frame.Request {
		p.stats.msgsOut.Add(1)
	}
	return nil
}

// replyID returns the pending ID of reply: the one its message carried
// (futures.Ask puts the promise in the message), or a new one that can
// only fail it.
func replyID(n *Node, c *wireCtx, reply futures.Rejecter) uint64 {
	if c != nil {
		n.mu.Lock()
		for _, id := range c.exported {
			if p := n.pending[id]; p != nil && p.p == reply {
				n.mu.Unlock()
				return id
			}
		}
		n.mu.Unlock()
	}
	return n.addPending(reply, func(_ any, err error) error {
		if err == nil {
			err = fmt.Errorf("remote: a reply to a request whose message did not carry its promise")
		}
		return reply.Reject(err)
	})
}

// Deliver implements actor.External.
func (ra *remoteActor) Deliver(msg any, reply futures.Rejecter) error {
	err := ra.send(frame.Tell, msg, reply)
	if err != nil {
		if reply != nil {
			_ = reply.Reject(err)
		}
		ra.n.stat.deadLetters.Add(1)
		ra.n.stats(ra.addr.node).deadLetters.Add(1)
		ra.n.sys.DeadLetter(ra.pid, msg, err)
	}
	return err
}

// Poison implements actor.External.
func (ra *remoteActor) Poison() error {
	err := ra.send(frame.Poison, nil, nil)
	if err != nil {
		ra.n.sys.DeadLetter(ra.pid, actor.Poison{}, err)
	}
	return err
}

// Stop implements actor.External.
func (ra *remoteActor) Stop() { _ = ra.send(frame.Stop, nil, nil) }

// Watch implements actor.External: the actor's node is asked to tell this
// one when the actor stops; if the node is down, w hears it at once.
func (ra *remoteActor) Watch(w actor.Watcher) {
	n := ra.n
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		w.Terminated(ErrClosed)
		return
	}
	if n.down[ra.addr.node] {
		n.mu.Unlock()
		w.Terminated(fmt.Errorf("%w: %s", ErrNodeDown, ra.addr.node))
		return
	}
	if _, ok := n.watching[w]; ok {
		n.mu.Unlock()
		return
	}
	n.nextID++
	id := n.nextID
	n.watches[id] = &watch{w: w, ra: ra}
	n.watching[w] = id
	n.mu.Unlock()
	n.sendControl(ra.addr.node, record(frame.Watch, ra.addr.id, 0, id, nil))
}

// Unwatch implements actor.External.
func (ra *remoteActor) Unwatch(w actor.Watcher) {
	n := ra.n
	n.mu.Lock()
	id, ok := n.watching[w]
	if ok {
		delete(n.watching, w)
		delete(n.watches, id)
	}
	n.mu.Unlock()
	if ok {
		n.sendControl(ra.addr.node, record(frame.Unwatch, ra.addr.id, 0, id, nil))
	}
}

// String implements actor.External.
func (ra *remoteActor) String() string { return ra.addr.String() }

// Crowded implements actor.ExternalBackpressure: more than half of
// MaxOutbound waits to be published to the actor's node.
func (ra *remoteActor) Crowded() bool {
	p, err := ra.outbound()
	return err == nil && p.crowded()
}

// WhenReady implements actor.ExternalBackpressure.
func (ra *remoteActor) WhenReady(fn func()) {
	p, err := ra.outbound()
	if err != nil {
		fn() // sends fail at once: nothing to wait for
		return
	}
	p.whenReady(fn)
}

// sendControl queues a control record for node; a failure means the node
// is down or this one closed, which the watch bookkeeping handles.
func (n *Node) sendControl(node string, rec []byte) {
	if p, err := n.peer(node); err == nil {
		_ = p.add(n.opts.Shards, rec)
	}
}

// publishControl publishes a batch on the heartbeat subject at once.
func (n *Node) publishControl(b []byte) {
	if err := n.nc.Publish(n.hbSubj, b); err == nil {
		n.others.batchesOut.Add(1)
	}
}
