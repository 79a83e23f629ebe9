package remote

import (
	"errors"
	"sync/atomic"

	"github.com/actorio/actorio/actor"
)

// counters are the node's tallies, read by Metrics.
type counters struct {
	msgsOut, msgsIn       atomic.Uint64
	batchesOut, batchesIn atomic.Uint64
	bytesOut, bytesIn     atomic.Uint64
	deadLetters           atomic.Uint64
	outboundFull          atomic.Uint64
	malformed             atomic.Uint64
	nodesDown             atomic.Uint64
	quarantined           atomic.Uint64
	reconnects            atomic.Uint64
	slowConsumer          atomic.Uint64
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
	for id, ps := range n.peerStats {
		peers[id] = ps.metrics()
	}
	n.mu.Unlock()
	s := &n.stat
	return Metrics{
		MessagesOut: s.msgsOut.Load(), MessagesIn: s.msgsIn.Load(),
		BatchesOut: s.batchesOut.Load(), BatchesIn: s.batchesIn.Load(),
		BytesOut: s.bytesOut.Load(), BytesIn: s.bytesIn.Load(),
		DeadLetters: s.deadLetters.Load(), OutboundFull: s.outboundFull.Load(),
		Malformed: s.malformed.Load(), NodesDown: s.nodesDown.Load(),
		Quarantined: s.quarantined.Load(),
		Reconnects:  s.reconnects.Load(), SlowConsumer: s.slowConsumer.Load(),
		Members: members, Peers: peers,
	}
}

func errorsIsWrongType(err error) bool { return errors.Is(err, actor.ErrWrongType) }
