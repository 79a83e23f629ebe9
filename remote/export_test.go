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
