package embedded

import "fmt"

// Partition cuts the routes between the servers whose indices are in group
// and the others, as a network split would; routes within each side are
// untouched. When Partition returns, the route connections across the cut
// are closed, and no message published afterwards crosses it: the servers
// drop each other's interest when they notice, and keep trying to
// reconnect, without success until Heal. A new Partition replaces
// the previous one; an empty group cuts nothing. Partition panics if an
// index is out of range.
func (c *Cluster) Partition(group ...int) {
	n := len(c.proxies)
	in := make([]bool, n)
	for _, i := range group {
		if i < 0 || i >= n {
			panic(fmt.Sprintf("embedded: Partition: server index %d out of range [0, %d)", i, n))
		}
		in[i] = true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for j, p := range c.proxies {
		blocked := make([]bool, n)
		for i := range blocked {
			blocked[i] = in[i] != in[j]
		}
		p.block(blocked)
	}
}

// Heal lifts the cut Partition made. It does not wait: the servers
// reconnect at their next attempts, usually within a few seconds, and
// WaitRoutes tells when they have.
func (c *Cluster) Heal() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range c.proxies {
		p.block(nil)
	}
}
