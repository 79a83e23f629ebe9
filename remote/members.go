package remote

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/actorio/actorio/remote/internal/frame"
)

// Membership.
//
// Every node publishes a heartbeat on the network's heartbeat subject
// every Heartbeat, carrying the services it offers. A node that has not
// been heard from for DownAfter is declared down, as is one that says it
// is leaving. Down is final for an incarnation: its ID is remembered, its
// heartbeats are ignored from then on, sends to its actors fail with
// ErrNodeDown, and every watcher of its actors gets one Terminated with
// ErrNodeDown. A restarted process is a new incarnation with a new ID.

// member is another node, as of its last heartbeat.
type member struct {
	services []serviceEntry
}

// serviceEntry is one registration that a heartbeat carries.
type serviceEntry struct {
	Key  string `json:"k"`
	ID   uint64 `json:"i"`
	Type string `json:"t"`
}

// maxServices bounds the registrations one heartbeat may carry.
const maxServices = 1 << 14

// Bounds of the membership tables, so that a flood of node IDs (a buggy
// or hostile publisher on the heartbeat subject) cannot grow them without
// limit: the nodes alive, and the nodes remembered as down.
const (
	maxMembers = 1 << 12
	maxDown    = 1 << 16
)

// maxQuarantined bounds the nodes told they were declared down that are
// remembered, so that a flood of forged heartbeats cannot grow the table.
const maxQuarantined = 1 << 12

// sendQuarantine tells node id that this one has declared it down. It
// publishes directly, as there is no peer for a node declared down, and
// never blocks.
func (n *Node) sendQuarantine(id string) {
	b := frame0(n.id, record(frame.Quarantine, 0, 0, 0, nil))
	if err := n.nc.Publish(n.opts.Prefix+".c."+id, b); err == nil {
		n.others.batchesOut.Add(1)
	}
}

// announce publishes this node's heartbeat.
func (n *Node) announce() {
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		return
	}
	var entries []serviceEntry
	for key, ids := range n.services {
		for _, id := range ids {
			entries = append(entries, serviceEntry{Key: key, ID: id, Type: n.exports[id].typ})
		}
	}
	n.mu.Unlock()
	payload, err := json.Marshal(entries)
	if err != nil {
		return
	}
	n.publishControl(frame0(n.id, record(frame.Heartbeat, 0, 0, 0, payload)))
}

// ping asks every member for a round trip, for its RTT.
func (n *Node) ping() {
	n.mu.Lock()
	ids := make([]string, 0, len(n.members))
	for id := range n.members {
		ids = append(ids, id)
	}
	n.mu.Unlock()
	for _, id := range ids {
		n.sendControl(id, record(frame.Ping, 0, 0, uint64(time.Now().UnixNano()), nil))
	}
}

// onHeartbeat handles the heartbeat subject: heartbeats, leaves and
// probes of every node, this one's included.
func (n *Node) onHeartbeat(m *nats.Msg) {
	r, err := frame.NewReader(m.Data)
	if err != nil {
		n.malformed(err)
		return
	}
	from := r.From()
	if from == n.id {
		return
	}
	for {
		rec, ok, err := r.Next()
		if !ok {
			if err != nil {
				n.malformed(err)
			}
			return
		}
		switch rec.Kind {
		case frame.Heartbeat:
			var entries []serviceEntry
			if err := json.Unmarshal(rec.Payload, &entries); err != nil || len(entries) > maxServices {
				n.malformed(fmt.Errorf("%w: heartbeat of %s: %v", frame.ErrMalformed, from, err))
				continue
			}
			n.seen(from, entries)
		case frame.Leave:
			n.nodeDown(from, fmt.Errorf("%w: %s left", ErrNodeDown, from))
		case frame.Probe:
			// A new node asks for heartbeats now. Answer at most once a
			// quarter heartbeat, so that a flood of probes costs little.
			now := time.Now().UnixNano()
			last := n.probed.Load()
			if now-last >= int64(n.opts.Heartbeat/4) && n.probed.CompareAndSwap(last, now) {
				n.announce()
			}
		}
	}
}

// seen records a heartbeat of node id. A heartbeat of a node declared
// down is answered, at most once per DownAfter, with a Quarantine record:
// that node goes on, unaware, until it hears that this one has let it go.
func (n *Node) seen(id string, services []serviceEntry) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return
	}
	if n.down[id] {
		if now := time.Now(); now.Sub(n.quarantined[id]) > n.opts.DownAfter && len(n.quarantined) < maxQuarantined {
			n.quarantined[id] = now
			n.sendQuarantine(id)
		}
		return
	}
	if n.members[id] == nil && len(n.members) >= maxMembers {
		n.stat.malformed.Add(1) // a flood of node IDs: ignored
		return
	}
	n.det.heard(id)
	n.members[id] = &member{services: services}
	n.changed()
}

// markDownLocked remembers that node id is down, forgetting the oldest
// such node past maxDown, so that the table stays bounded. The caller
// holds n.mu.
func (n *Node) markDownLocked(id string) {
	n.down[id] = true
	n.downOrder = append(n.downOrder, id)
	if len(n.downOrder) > maxDown {
		delete(n.down, n.downOrder[0])
		delete(n.quarantined, n.downOrder[0])
		n.downOrder = n.downOrder[1:]
	}
}

// changed wakes the lookups waiting for the membership to change. The
// caller holds n.mu.
func (n *Node) changed() {
	if n.change != nil {
		close(n.change)
		n.change = nil
	}
	if len(n.svcWatches) > 0 {
		n.kickServiceWatches()
	}
}

// expired returns the nodes silent for DownAfter.
func (n *Node) expired() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.det.expired()
}

// nodeDown declares node id down for err: final for that incarnation.
func (n *Node) nodeDown(id string, err error) {
	n.mu.Lock()
	if n.down[id] || id == n.id {
		n.mu.Unlock()
		return
	}
	if n.members[id] == nil && n.peers[id] == nil {
		n.mu.Unlock()
		return // never heard of: a forged or stray ID costs nothing
	}
	n.markDownLocked(id)
	delete(n.members, id)
	if s := n.peerStats[id]; s != nil {
		n.retired.add(s) // the totals keep its traffic
		delete(n.peerStats, id)
	}
	n.det.forget(id)
	p := n.peers[id]
	delete(n.peers, id)
	var lost []*watch
	for wid, w := range n.watches {
		if w.ra.addr.node == id {
			lost = append(lost, w)
			delete(n.watches, wid)
			delete(n.watching, w.w)
		}
	}
	for _, e := range n.exports {
		for w := range e.watchers {
			if w.node == id {
				delete(e.watchers, w)
			}
		}
	}
	var asks []*pending
	for pid, p := range n.pending {
		if p.node == id {
			asks = append(asks, p)
			delete(n.pending, pid)
		}
	}
	n.changed()
	n.mu.Unlock()
	for _, p := range asks {
		_ = p.complete(nil, err)
	}
	n.stat.nodesDown.Add(1)
	n.log.Info("actorio/remote: node down", "node", id, "reason", err)
	if p != nil {
		p.fail(err)
	}
	for _, w := range lost {
		w.w.Terminated(err)
	}
}
