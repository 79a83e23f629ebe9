package remote

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"text/tabwriter"
)

// Dump writes the node's view of the network as text: itself, every
// other node with its traffic and round trip, and the services offered
// here, for debugging beside actor.System.Dump.
func (n *Node) Dump(w io.Writer) error {
	m := n.Metrics()
	n.mu.Lock()
	members := make(map[string]bool, len(n.members))
	for id := range n.members {
		members[id] = true
	}
	services := make(map[string]int, len(n.services))
	for k, ids := range n.services {
		services[k] = len(ids)
	}
	exports, pending := len(n.exports), len(n.pending)
	n.mu.Unlock()

	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "node %s: %d members, %d exported actors, %d requests waiting\n", n.id, m.Members, exports, pending)
	fmt.Fprintln(tw, "peer\tmember\tmsgs out\tmsgs in\tbytes out\tbytes in\tdead letters\trtt")
	for _, id := range slices.Sorted(maps.Keys(m.Peers)) {
		p := m.Peers[id]
		fmt.Fprintf(tw, "%s\t%v\t%d\t%d\t%d\t%d\t%d\t%v\n", id, members[id],
			p.MessagesOut, p.MessagesIn, p.BytesOut, p.BytesIn, p.DeadLetters, p.RTT)
	}
	fmt.Fprintln(tw, "service\tinstances here")
	for _, k := range slices.Sorted(maps.Keys(services)) {
		fmt.Fprintf(tw, "%s\t%d\n", k, services[k])
	}
	return tw.Flush()
}
