package remoteconsole

import (
	"github.com/actorio/actorio/observability/actorconsole"
	"github.com/actorio/actorio/remote"
)

// Option returns the console option that shows n (actorconsole.WithNode):
// every sample reads n.Metrics, its totals and each peer it lists. After
// n closes, the console shows its counters as they stand.
func Option(n *remote.Node) actorconsole.Option {
	return actorconsole.WithNode(func() actorconsole.Node { return view(n.ID(), n.Metrics()) })
}

// view maps a node's metrics to the console's reading of a node.
func view(id string, m remote.Metrics) actorconsole.Node {
	v := actorconsole.Node{
		ID: id, Members: m.Members,
		MessagesOut: m.MessagesOut, MessagesIn: m.MessagesIn, BytesOut: m.BytesOut, BytesIn: m.BytesIn,
		DeadLetters: m.DeadLetters, OutboundFull: m.OutboundFull, Malformed: m.Malformed, NodesDown: m.NodesDown,
		Peers: make([]actorconsole.Peer, 0, len(m.Peers)),
	}
	for pid, p := range m.Peers {
		v.Peers = append(v.Peers, actorconsole.Peer{
			ID: pid, MessagesOut: p.MessagesOut, MessagesIn: p.MessagesIn, BytesOut: p.BytesOut, BytesIn: p.BytesIn,
			DeadLetters: p.DeadLetters, RTT: p.RTT,
		})
	}
	return v
}
