package remote

import (
	"errors"
	"sync/atomic"

	"github.com/actorio/actorio/actor"
)

// counters are the node's tallies, read by Metrics.
type counters struct {
	deadLetters  atomic.Uint64
	outboundFull atomic.Uint64
	malformed    atomic.Uint64
	nodesDown    atomic.Uint64
	quarantined  atomic.Uint64
	reconnects   atomic.Uint64
	slowConsumer atomic.Uint64
}

// Metrics is a snapshot of a node's counters.
type Metrics struct {
	MessagesOut, MessagesIn uint64 // messages sent to and received from other nodes
	BatchesOut, BatchesIn   uint64 // NATS messages published and received
	BytesOut, BytesIn       uint64 // their payload bytes
	DeadLetters             uint64 // messages this node reported as dead letters
	OutboundFull            uint64 // sends refused with ErrOutboundFull
	Malformed               uint64 // batches or records that did not decode
	NodesDown               uint64 // nodes declared down
	// Quarantined counts the nodes that told this one it had been
	// declared down (silent too long, for example paused): they will not
	// hear it again, and only a new incarnation (a restart) can rejoin
	// them.
	Quarantined uint64
	// Reconnects counts the NATS connection's reconnections, and
	// SlowConsumer the times NATS dropped messages for this node because
	// a subscription's pending limits were reached: losses in flight the
	// senders cannot know of. Both only when the node dialed NATS itself
	// (not WithConn).
	Reconnects, SlowConsumer uint64
	Members                  int // other nodes currently alive
	// Peers holds the traffic with each node this one has exchanged
	// messages with and not declared down, by node ID.
	Peers map[string]PeerMetrics
}

// Metrics returns the node's counters.
func (n *Node) Metrics() Metrics {
	n.mu.Lock()
	members := len(n.members)
	peers := make(map[string]PeerMetrics, len(n.peerStats))
	total := n.others.metrics()
	total.add(n.retired.metrics())
	for id, ps := range n.peerStats {
		m := ps.metrics()
		peers[id] = m
		total.add(m)
	}
	n.mu.Unlock()
	s := &n.stat
	return Metrics{
		MessagesOut: total.MessagesOut, MessagesIn: total.MessagesIn,
		BatchesOut: total.BatchesOut, BatchesIn: total.BatchesIn,
		BytesOut: total.BytesOut, BytesIn: total.BytesIn,
		DeadLetters: s.deadLetters.Load(), OutboundFull: s.outboundFull.Load(),
		Malformed: s.malformed.Load(), NodesDown: s.nodesDown.Load(),
		Quarantined: s.quarantined.Load(),
		Reconnects:  s.reconnects.Load(), SlowConsumer: s.slowConsumer.Load(),
		Members: members, Peers: peers,
	}
}

func errorsIsWrongType(err error) bool { return errors.Is(err, actor.ErrWrongType) }

// add adds the traffic of o to m.
func (m *PeerMetrics) add(o PeerMetrics) {
	m.MessagesOut += o.MessagesOut
	m.MessagesIn += o.MessagesIn
	m.BatchesOut += o.BatchesOut
	m.BatchesIn += o.BatchesIn
	m.BytesOut += o.BytesOut
	m.BytesIn += o.BytesIn
}
