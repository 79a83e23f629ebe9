package remote

import (
	"fmt"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/internal/wire"
	"github.com/actorio/actorio/remote/internal/frame"
)

// onData handles a batch on one of the node's data or control subjects.
// It runs on the subscription's own goroutine, decodes and posts, and
// never blocks: a send to a local actor never waits.
func (n *Node) onData(m *nats.Msg) { n.onBatch(m, "") }

// onBatch handles a batch; key is set for the queue subject of a balanced
// service, whose messages go to any local instance of key.
func (n *Node) onBatch(m *nats.Msg, key string) {
	r, err := frame.NewReader(m.Data)
	if err != nil {
		n.malformed(err)
		return
	}
	c := &wireCtx{n: n, from: r.From(), key: key}
	c.stats = n.stats(c.from)
	c.stats.batchesIn.Add(1)
	c.stats.bytesIn.Add(uint64(len(m.Data)))
	// One wire context for the batch: the Refs and Promises inside its
	// messages decode through it.
	_ = wire.Do(c, func() error {
		for {
			rec, ok, err := r.Next()
			if !ok {
				if err != nil {
					n.malformed(err)
				}
				return nil
			}
			n.handle(c, rec)
		}
	})
}

// malformed counts a batch that did not follow the format; its records
// from the first malformed one on are lost, and its sender cannot be
// trusted to say which they were.
func (n *Node) malformed(err error) {
	if n.stat.malformed.Add(1) == 1 {
		n.log.Warn("actorio/remote: malformed batch (logged once)", "err", err)
	}
}

func (n *Node) handle(c *wireCtx, rec frame.Record) {
	from := c.from
	switch rec.Kind {
	case frame.Tell, frame.Request:
		n.tell(c, rec)
	case frame.Reply, frame.Failure:
		n.onReply(c, rec)
	case frame.Poison:
		if e := n.lookupExport(rec.Target); e != nil {
			_ = e.poison()
		}
	case frame.Stop:
		if e := n.lookupExport(rec.Target); e != nil {
			e.pid.Stop()
		}
	case frame.Watch:
		n.remoteWatch(from, rec.Target, rec.Aux)
	case frame.Unwatch:
		n.mu.Lock()
		if e := n.exports[rec.Target]; e != nil {
			delete(e.watchers, address{from, rec.Aux})
		}
		n.mu.Unlock()
	case frame.Terminated:
		n.terminated(from, rec)
	case frame.Quarantine:
		// The sender has declared this node down and will not hear it
		// again: this node lets the sender go too, so that watchers here
		// learn of it and sends fail fast, and says so.
		n.stat.quarantined.Add(1)
		n.log.Warn("actorio/remote: declared down by another node; restart this node to rejoin it", "by", from)
		n.nodeDown(from, fmt.Errorf("%w: %s declared this node down", ErrNodeDown, from))
	case frame.Ping:
		n.sendControl(from, record(frame.Pong, 0, 0, rec.Aux, nil))
	case frame.Pong:
		if d := time.Now().UnixNano() - int64(rec.Aux); d >= 0 {
			c.stats.rtt.Store(d)
		}
	default:
		n.malformed(fmt.Errorf("%w: %d record on a data subject", frame.ErrMalformed, rec.Kind))
	}
}

func (n *Node) lookupExport(id uint64) *export {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.exports[id]
}

// tell delivers a message, or a request, or reports it as a dead letter
// on this node; a request that cannot be delivered fails at its asker.
func (n *Node) tell(c *wireCtx, rec frame.Record) {
	c.stats.msgsIn.Add(1)
	var e *export
	if c.key != "" {
		n.mu.Lock()
		e = n.pickLocked(c.key)
		n.mu.Unlock()
	} else if c.last != nil && c.last.id == rec.Target {
		e = c.last // the batch's messages mostly go to few actors
	} else {
		e = n.lookupExport(rec.Target)
		c.last = e
	}
	if e != nil && e.direct != nil {
		// The message decodes straight into the actor's type, unboxed.
		handled, err := e.direct(c, rec)
		if err != nil {
			n.undecodable(c, rec, e, err)
		}
		if handled {
			return
		}
	}
	msg, err := n.reg.Decode(rec.Type, rec.Payload)
	if err != nil {
		n.undecodable(c, rec, e, err)
		return
	}
	reply := c.replyFor(rec)
	if e == nil {
		err := fmt.Errorf("%w: %d, from %s", ErrUnknownActor, rec.Target, c.from)
		n.stat.deadLetters.Add(1)
		n.sys.DeadLetter(actor.PID{}, msg, err)
		if reply != nil {
			_ = reply.Reject(err)
		}
		return
	}
	if err := e.deliver(msg, reply); err != nil && errorsIsWrongType(err) {
		n.stat.deadLetters.Add(1)
		n.sys.DeadLetter(e.pid, msg, err)
		if reply != nil {
			_ = reply.Reject(err)
		}
	} // a refused Send or SendRequest has reported its own dead letter
}

// undecodable reports a message that did not decode as a dead letter on
// this node, and fails its request at the asker.
func (n *Node) undecodable(c *wireCtx, rec frame.Record, e *export, err error) {
	n.stat.deadLetters.Add(1)
	n.sys.DeadLetter(pidOf(e), n.undecoded(c.from, rec), err)
	if reply := c.replyFor(rec); reply != nil {
		_ = reply.Reject(err)
	}
}

func pidOf(e *export) actor.PID {
	if e == nil {
		return actor.PID{}
	}
	return e.pid
}

// remoteWatch records that watcher w of node from watches local actor id,
// or tells it at once that there is no such actor.
func (n *Node) remoteWatch(from string, id, w uint64) {
	n.mu.Lock()
	e := n.exports[id]
	if e != nil {
		e.watchers[address{from, w}] = struct{}{}
	}
	n.mu.Unlock()
	if e == nil {
		n.sendControl(from, terminatedRecord(id, w, true, ""))
	}
}

// terminated tells a local watcher that the remote actor it watches has
// stopped.
func (n *Node) terminated(from string, rec frame.Record) {
	n.mu.Lock()
	wt := n.watches[rec.Aux]
	if wt == nil || wt.ra.addr != (address{from, rec.Target}) {
		n.mu.Unlock()
		return // unwatched meanwhile, or not this node's to report
	}
	delete(n.watches, rec.Aux)
	delete(n.watching, wt.w)
	n.mu.Unlock()
	wt.w.Terminated(terminatedReason(wt.ra.addr, rec.Payload))
}
