package remote

import (
	"slices"
	"time"
)

// detector is the failure detector: it declares a node down once it has
// not heard from it for downAfter, on the clock now, which tests replace
// (under testing/synctest the time package's own clock is the fake one).
// It is not safe for concurrent use: the Node guards it with its mutex.
type detector struct {
	downAfter time.Duration
	now       func() time.Time
	last      map[string]time.Time
}

func newDetector(downAfter time.Duration, now func() time.Time) *detector {
	return &detector{downAfter: downAfter, now: now, last: map[string]time.Time{}}
}

// heard records a heartbeat of node id now.
func (d *detector) heard(id string) { d.last[id] = d.now() }

// forget drops node id, declared down or gone.
func (d *detector) forget(id string) { delete(d.last, id) }

// expired returns, sorted, the nodes not heard from for longer than
// downAfter, and forgets them.
func (d *detector) expired() []string {
	now := d.now()
	var out []string
	for id, t := range d.last {
		if now.Sub(t) > d.downAfter {
			out = append(out, id)
			delete(d.last, id)
		}
	}
	slices.Sort(out)
	return out
}
