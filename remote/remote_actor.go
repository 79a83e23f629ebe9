package remote

import (
	"fmt"

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
}

// watch is a local watcher of a remote actor.
type watch struct {
	w  actor.Watcher
	ra *remoteActor
}

// remotePID returns the PID of the actor at a, on another node.
func (n *Node) remotePID(a address) actor.PID {
	n.mu.Lock()
	defer n.mu.Unlock()
	if ra := n.actors[a]; ra != nil {
		return ra.pid
	}
	ra := &remoteActor{n: n, addr: a}
	ra.pid = actor.ExternalPID(n.sys, ra)
	n.actors[a] = ra
	return ra.pid
}

// send encodes msg as a record of kind k for the actor and queues it.
func (ra *remoteActor) send(k frame.Kind, msg any) error {
	p, err := ra.n.peer(ra.addr.node)
	if err != nil {
		return err
	}
	var typ uint32
	var payload []byte
	if msg != nil {
		buf := batchPool.Get().(*[]byte)
		defer batchPool.Put(buf)
		if typ, payload, err = ra.n.reg.Encode((*buf)[:0], msg); err != nil {
			return err
		}
		*buf = payload[:0]
	}
	rec, at := frame.Begin(make([]byte, 0, 16+len(payload)), k, ra.addr.id, typ, 0)
	rec = frame.End(append(rec, payload...), at)
	shard := ra.n.shard(ra.addr.id)
	if k == frame.Stop {
		shard = ra.n.opts.Shards // control: overtakes queued messages
	}
	if err := p.add(shard, rec); err != nil {
		return err
	}
	if k == frame.Tell {
		ra.n.stat.msgsOut.Add(1)
	}
	return nil
}

// Deliver implements actor.External.
func (ra *remoteActor) Deliver(msg any, reply futures.Rejecter) error {
	var err error
	if reply != nil {
		// The reply of a request needs its promise carried as a
		// reference, which this version does not do: fail at once rather
		// than leave the asker waiting for its timeout.
		err = fmt.Errorf("%w: a request (Ask) to an actor of another node", ErrUnsupported)
	} else {
		err = ra.send(frame.Tell, msg)
	}
	if err != nil {
		if reply != nil {
			_ = reply.Reject(err)
		}
		ra.n.stat.deadLetters.Add(1)
		ra.n.sys.DeadLetter(ra.pid, msg, err)
	}
	return err
}

// Poison implements actor.External.
func (ra *remoteActor) Poison() error {
	err := ra.send(frame.Poison, nil)
	if err != nil {
		ra.n.sys.DeadLetter(ra.pid, actor.Poison{}, err)
	}
	return err
}

// Stop implements actor.External.
func (ra *remoteActor) Stop() { _ = ra.send(frame.Stop, nil) }

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
		n.stat.batchesOut.Add(1)
	}
}
