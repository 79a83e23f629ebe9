package remote

import (
	"sync/atomic"
	"time"
)

// peerStats are the counters of the traffic with one other node.
type peerStats struct {
	msgsOut, msgsIn       atomic.Uint64
	batchesOut, batchesIn atomic.Uint64
	bytesOut, bytesIn     atomic.Uint64
	deadLetters           atomic.Uint64
	rtt                   atomic.Int64 // last heartbeat round trip, ns
}

// PeerMetrics is the traffic with one other node, as Node.Metrics reports
// it.
type PeerMetrics struct {
	MessagesOut, MessagesIn uint64        // messages sent to and received from it
	BatchesOut, BatchesIn   uint64        // NATS messages published to it and received from it
	BytesOut, BytesIn       uint64        // their payload bytes
	DeadLetters             uint64        // messages for it that this node reported as dead letters
	RTT                     time.Duration // round trip of the last ping, 0 before the first
}

func (s *peerStats) metrics() PeerMetrics {
	return PeerMetrics{
		MessagesOut: s.msgsOut.Load(), MessagesIn: s.msgsIn.Load(),
		BatchesOut: s.batchesOut.Load(), BatchesIn: s.batchesIn.Load(),
		BytesOut: s.bytesOut.Load(), BytesIn: s.bytesIn.Load(),
		DeadLetters: s.deadLetters.Load(),
		RTT:         time.Duration(s.rtt.Load()),
	}
}

// add adds the counts of o to s, for a peer's counters that are retired.
func (s *peerStats) add(o *peerStats) {
	s.msgsOut.Add(o.msgsOut.Load())
	s.msgsIn.Add(o.msgsIn.Load())
	s.batchesOut.Add(o.batchesOut.Load())
	s.batchesIn.Add(o.batchesIn.Load())
	s.bytesOut.Add(o.bytesOut.Load())
	s.bytesIn.Add(o.bytesIn.Load())
	s.deadLetters.Add(o.deadLetters.Load())
}

// stats returns the counters of node id, making them on first use for a
// member or a node this one sends to; the traffic of any other node (not
// heard from yet, or a forged ID) is counted only in the node's totals,
// (in the node's "others" counters), so that a peer cannot grow the table. A node's counters go when it is
// declared down.
func (n *Node) stats(id string) *peerStats {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.members[id] == nil && n.peers[id] == nil {
		return &n.others
	}
	return n.statsLocked(id)
}

func (n *Node) statsLocked(id string) *peerStats {
	s := n.peerStats[id]
	if s == nil {
		s = new(peerStats)
		n.peerStats[id] = s
	}
	return s
}
