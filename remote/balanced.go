package remote

import (
	"encoding/hex"
	"fmt"

	"github.com/nats-io/nats.go"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/remote/internal/frame"
)

// Balanced services.
//
// Every node with instances of a service key subscribes to the key's
// queue subject in one NATS queue group, and NATS hands each batch
// published there to one of those nodes, which gives each message to one
// of its instances in turn. A balanced Ref so spreads its messages over
// the instances of all nodes with no lookup per message. Order holds per
// instance: the messages one sender's balanced Ref delivers to the same
// instance arrive in the order sent.

// queueGroup is the NATS queue group of balanced services.
const queueGroup = "actorio"

// queuePeerPrefix starts the peer ID of a balanced service's queue
// subject: no node ID has a colon.
const queuePeerPrefix = "queue:"

// queueSubject returns the subject of key's balanced messages: the key in
// hex, so that any key is one valid subject token.
func (n *Node) queueSubject(key string) string {
	return n.opts.Prefix + ".q." + hex.EncodeToString([]byte(key))
}

// Balanced returns a Ref that spreads its messages among the instances of
// key (see Register) on every node: each message goes to one of them.
// Sends fail with ErrNotFound, as dead letters, while this node knows of
// no instance of key. A balanced Ref names no single actor: Stop does
// nothing, Poison fails with ErrUnsupported, and a watcher gets a
// Terminated at once whose reason wraps ErrUnsupported.
func Balanced[M any](n *Node, key string) (actor.Ref[M], error) {
	if err := checkKey(key); err != nil {
		return actor.Ref[M]{}, err
	}
	b := &balanced{n: n, key: key, typ: typeName[M](n)}
	b.pid = actor.ExternalPID(n.sys, b)
	return actor.ExternalRef[M](b.pid), nil
}

// balanced is the actor.External of a balanced Ref.
type balanced struct {
	n        *Node
	key, typ string
	pid      actor.PID
}

// queuePeer returns the outbound side of key's queue subject.
func (n *Node) queuePeer(key string) (*peer, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return nil, ErrClosed
	}
	id := queuePeerPrefix + key
	if p := n.peers[id]; p != nil {
		return p, nil
	}
	return n.startPeerLocked(id, n.queueSubject(key), &n.others), nil
}

func (b *balanced) Deliver(msg any, reply futures.Rejecter) error {
	n := b.n
	err := b.send(msg, reply)
	if err != nil {
		if reply != nil {
			_ = reply.Reject(err)
		}
		n.stat.deadLetters.Add(1)
		n.sys.DeadLetter(b.pid, msg, err)
	}
	return err
}

func (b *balanced) send(msg any, reply futures.Rejecter) error {
	n := b.n
	n.mu.Lock()
	known := len(n.instancesLocked(b.key, b.typ)) > 0
	n.mu.Unlock()
	if !known {
		return fmt.Errorf("%w: %q", ErrNotFound, b.key)
	}
	p, err := n.queuePeer(b.key)
	if err != nil {
		return err
	}
	typ, payload, c, err := n.encode(nil, msg)
	if err != nil {
		return err
	}
	var exported []uint64
	if c != nil {
		exported = c.exported
	}
	k, aux := frame.Tell, uint64(0)
	if reply != nil {
		k = frame.Request
		aux = replyID(n, c, reply)
		exported = append(exported, aux)
	}
	if err := p.add(0, record(k, 0, typ, aux, payload)); err != nil {
		n.dropPending(exported)
		return err
	}
	p.stats.msgsOut.Add(1)
	return nil
}

func (b *balanced) Poison() error {
	err := fmt.Errorf("%w: Poison on a balanced Ref", ErrUnsupported)
	b.n.sys.DeadLetter(b.pid, actor.Poison{}, err)
	return err
}

func (b *balanced) Stop() {}

func (b *balanced) Watch(w actor.Watcher) {
	w.Terminated(fmt.Errorf("%w: Watch on a balanced Ref", ErrUnsupported))
}

func (b *balanced) Unwatch(actor.Watcher) {}

func (b *balanced) String() string { return "nats://balanced/" + b.key }

// subscribeQueueLocked makes this node one of key's queue group. The caller
// holds n.mu.
func (n *Node) subscribeQueueLocked(key string) error {
	if n.queueSubs[key] != nil {
		return nil
	}
	sub, err := n.nc.QueueSubscribe(n.queueSubject(key), queueGroup, func(m *nats.Msg) { n.onQueue(key, m) })
	if err != nil {
		return fmt.Errorf("remote: subscribe to %q: %w", key, err)
	}
	if err := sub.SetPendingLimits(1<<16, 64<<20); err != nil {
		_ = sub.Unsubscribe()
		return err
	}
	n.queueSubs[key] = sub
	return nil
}

// unsubscribeQueueLocked leaves key's queue group once this node has no
// instance of it. The caller holds n.mu.
func (n *Node) unsubscribeQueueLocked(key string) {
	if sub := n.queueSubs[key]; sub != nil && len(n.services[key]) == 0 {
		_ = sub.Unsubscribe()
		delete(n.queueSubs, key)
	}
}

// onQueue handles a batch of key's balanced messages.
func (n *Node) onQueue(key string, m *nats.Msg) { n.onBatch(m, key) }

// pickLocked returns the next local instance of key, in turn; delivery
// checks the message's type (a key's instances should share theirs). The
// caller holds n.mu.
func (n *Node) pickLocked(key string) *export {
	ids := n.services[key]
	if len(ids) == 0 {
		return nil
	}
	n.rr++
	return n.exports[ids[n.rr%uint64(len(ids))]]
}
