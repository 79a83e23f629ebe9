package remote

import (
	"fmt"

	"github.com/nats-io/nats.go"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/remote/internal/frame"
)

// onData handles a batch on one of the node's data or control subjects.
// It runs on the subscription's own goroutine, decodes and posts, and
// never blocks: a send to a local actor never waits.
func (n *Node) onData(m *nats.Msg) {
	n.stat.batchesIn.Add(1)
	n.stat.bytesIn.Add(uint64(len(m.Data)))
	r, err := frame.NewReader(m.Data)
	if err != nil {
		n.malformed(err)
		return
	}
	from := r.From()
	for {
		rec, ok, err := r.Next()
		if !ok {
			if err != nil {
				n.malformed(err)
			}
			return
		}
		n.handle(from, rec)
	}
}

// malformed counts a batch that did not follow the format; its records
// from the first malformed one on are lost, and its sender cannot be
// trusted to say which they were.
func (n *Node) malformed(err error) {
	if n.stat.malformed.Add(1) == 1 {
		n.log.Warn("actorio/remote: malformed batch (logged once)", "err", err)
	}
}

func (n *Node) handle(from string, rec frame.Record) {
	switch rec.Kind {
	case frame.Tell:
		n.tell(from, rec)
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
	default:
		n.malformed(fmt.Errorf("%w: %d record on a data subject", frame.ErrMalformed, rec.Kind))
	}
}

func (n *Node) lookupExport(id uint64) *export {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.exports[id]
}

// tell delivers a message, or reports it as a dead letter on this node.
func (n *Node) tell(from string, rec frame.Record) {
	n.stat.msgsIn.Add(1)
	e := n.lookupExport(rec.Target)
	msg, err := n.reg.Decode(rec.Type, rec.Payload)
	if err != nil {
		n.stat.deadLetters.Add(1)
		n.sys.DeadLetter(pidOf(e), n.undecoded(from, rec), err)
		return
	}
	if e == nil {
		n.stat.deadLetters.Add(1)
		n.sys.DeadLetter(actor.PID{}, msg, fmt.Errorf("%w: %d, from %s", ErrUnknownActor, rec.Target, from))
		return
	}
	if err := e.deliver(msg); err != nil {
		if errorsIsWrongType(err) {
			n.stat.deadLetters.Add(1)
			n.sys.DeadLetter(e.pid, msg, err)
		} // a refused Send has reported its own dead letter
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
