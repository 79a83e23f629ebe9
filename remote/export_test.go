package remote

import "time"

// Detector exposes the failure detector to tests.
type Detector struct{ d *detector }

func NewDetector(downAfter time.Duration, now func() time.Time) Detector {
	return Detector{newDetector(downAfter, now)}
}
func (d Detector) Heard(id string)   { d.d.heard(id) }
func (d Detector) Forget(id string)  { d.d.forget(id) }
func (d Detector) Expired() []string { return d.d.expired() }

// KnownActors returns how many remote actors n keeps a weak pointer to.
func KnownActors(n *Node) int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return len(n.actors)
}

// ParseAddress exposes the address decoder to its fuzz target.
func ParseAddress(b []byte) (node string, id uint64, err error) {
	a, err := parseAddress(b)
	return a.node, a.id, err
}

// AppendAddress exposes the address encoder.
func AppendAddress(node string, id uint64) []byte { return appendAddress(nil, address{node, id}) }
