package actorconsole

import (
	"cmp"
	"slices"
	"time"
)

// Node is a reading of a remote node: this process's member of an actor
// network (package remote, in a module of its own), with its totals and
// its traffic with each other node. The console takes one per sample from
// the function given to WithNode and plots rates from the difference
// between successive readings, so the counters must only grow; one that
// goes down counts as no traffic.
type Node struct {
	ID      string // this node's ID
	Members int    // other nodes currently alive
	// The totals, over every other node, including those gone since.
	MessagesOut, MessagesIn uint64 // messages sent to and received from other nodes
	BytesOut, BytesIn       uint64 // the bytes that carried them
	DeadLetters             uint64 // messages this node reported as dead letters
	OutboundFull            uint64 // sends refused because a node's outbound queue was full
	Malformed               uint64 // batches or records received that did not decode
	NodesDown               uint64 // nodes declared down
	// Peers are the nodes whose traffic is counted one by one, in any
	// order.
	Peers []Peer
}

// Peer is the traffic with one other node, in a Node.
type Peer struct {
	ID                      string
	MessagesOut, MessagesIn uint64        // messages sent to and received from it
	BytesOut, BytesIn       uint64        // the bytes that carried them
	DeadLetters             uint64        // messages for it reported as dead letters
	RTT                     time.Duration // round trip of the last ping; 0 before the first
}

// maxPeersPerSample bounds the peers a sample lists: the busiest.
const maxPeersPerSample = 50

// nodeSample is a reading of the node as the page gets it. Rates are per
// second since the previous reading, null in the first (and, for a peer,
// in the first reading that lists it). Peers is null in the samples of
// the history, which keeps only the totals.
type nodeSample struct {
	ID           string    `json:"id"`
	Members      int       `json:"members"`
	Total        counts    `json:"total"`
	PerS         *rates    `json:"per_s"`
	OutboundFull uint64    `json:"outbound_full"`
	Malformed    uint64    `json:"malformed"`
	NodesDown    uint64    `json:"nodes_down"`
	RTTMaxMS     *float64  `json:"rtt_max_ms"`    // over the peers with a round trip; null if none has one
	RTTMedianMS  *float64  `json:"rtt_median_ms"` // likewise
	PeerCount    int       `json:"peer_count"`    // the peers the reading listed, shown or not
	Peers        []peerRow `json:"peers"`         // the maxPeersPerSample busiest, busiest first
}

type counts struct {
	MessagesOut uint64 `json:"messages_out"`
	MessagesIn  uint64 `json:"messages_in"`
	BytesOut    uint64 `json:"bytes_out"`
	BytesIn     uint64 `json:"bytes_in"`
	DeadLetters uint64 `json:"dead_letters"`
}

type rates struct {
	MessagesOut float64 `json:"messages_out"`
	MessagesIn  float64 `json:"messages_in"`
	BytesOut    float64 `json:"bytes_out"`
	BytesIn     float64 `json:"bytes_in"`
}

type peerRow struct {
	ID    string   `json:"id"`
	Total counts   `json:"total"`
	PerS  *rates   `json:"per_s"`
	RTTMS *float64 `json:"rtt_ms"` // null before the first ping
}

// nodeReader reads a node for one sampler and keeps the previous
// reading, for the rates.
type nodeReader struct {
	read   func() Node
	prev   map[string]counts // by peer
	total  counts
	prevAt time.Time
}

// sample reads the node at now.
func (r *nodeReader) sample(now time.Time) *nodeSample {
	n := r.read()
	total := counts{n.MessagesOut, n.MessagesIn, n.BytesOut, n.BytesIn, n.DeadLetters}
	ns := &nodeSample{
		ID: n.ID, Members: n.Members, Total: total, OutboundFull: n.OutboundFull,
		Malformed: n.Malformed, NodesDown: n.NodesDown, PeerCount: len(n.Peers),
	}
	secs := now.Sub(r.prevAt).Seconds()
	first := r.prevAt.IsZero() || secs <= 0
	if !first {
		ns.PerS = perSecond(total, r.total, secs)
	}
	rows := make([]peerRow, 0, len(n.Peers))
	prev := make(map[string]counts, len(n.Peers))
	var rtts []time.Duration
	for _, p := range n.Peers {
		c := counts{p.MessagesOut, p.MessagesIn, p.BytesOut, p.BytesIn, p.DeadLetters}
		row := peerRow{ID: p.ID, Total: c}
		if before, ok := r.prev[p.ID]; ok && !first {
			row.PerS = perSecond(c, before, secs)
		}
		if p.RTT > 0 {
			row.RTTMS = msPtr(p.RTT)
			rtts = append(rtts, p.RTT)
		}
		prev[p.ID] = c
		rows = append(rows, row)
	}
	if len(rtts) > 0 {
		slices.Sort(rtts)
		mid := len(rtts) / 2
		median := rtts[mid]
		if len(rtts)%2 == 0 {
			median = (rtts[mid-1] + rtts[mid]) / 2
		}
		ns.RTTMaxMS, ns.RTTMedianMS = msPtr(rtts[len(rtts)-1]), msPtr(median)
	}
	slices.SortFunc(rows, busier)
	ns.Peers = rows[:min(len(rows), maxPeersPerSample)]
	r.prev, r.total, r.prevAt = prev, total, now
	return ns
}

// busier orders peers busiest first: by messages per second both ways,
// then bytes per second, then messages in all, then by ID.
func busier(a, b peerRow) int {
	var ma, mb, ba, bb float64
	if a.PerS != nil {
		ma, ba = a.PerS.MessagesOut+a.PerS.MessagesIn, a.PerS.BytesOut+a.PerS.BytesIn
	}
	if b.PerS != nil {
		mb, bb = b.PerS.MessagesOut+b.PerS.MessagesIn, b.PerS.BytesOut+b.PerS.BytesIn
	}
	return cmp.Or(cmp.Compare(mb, ma), cmp.Compare(bb, ba),
		cmp.Compare(b.Total.MessagesOut+b.Total.MessagesIn, a.Total.MessagesOut+a.Total.MessagesIn),
		cmp.Compare(a.ID, b.ID))
}

// perSecond returns the rates from before to now over secs seconds; a
// counter that went down counts as none.
func perSecond(now, before counts, secs float64) *rates {
	rate := func(now, before uint64) float64 {
		if now < before {
			return 0
		}
		return float64(now-before) / secs
	}
	return &rates{
		MessagesOut: rate(now.MessagesOut, before.MessagesOut), MessagesIn: rate(now.MessagesIn, before.MessagesIn),
		BytesOut: rate(now.BytesOut, before.BytesOut), BytesIn: rate(now.BytesIn, before.BytesIn),
	}
}

func msPtr(d time.Duration) *float64 {
	v := ms(d)
	return &v
}

// forHistory returns the sample without its peers, as the history keeps
// it.
func (ns *nodeSample) forHistory() *nodeSample {
	if ns == nil {
		return nil
	}
	h := *ns
	h.Peers = nil
	return &h
}
