package remote

import (
	"slices"

	"github.com/actorio/actorio/actor"
)

// ServiceEvent tells that an instance of a service key appeared (Up) or
// went away: its actor stopped, or its node left or went down.
type ServiceEvent[M any] struct {
	Key string
	Ref actor.Ref[M]
	Up  bool
}

// serviceWatch is one WatchService: the instances it has reported up.
type serviceWatch struct {
	key, typ string
	known    map[address]any              // the actor.Ref[M] reported up
	resolve  func(a address) any          // the actor.Ref[M] at a
	send     func(ref any, up bool) error // fails once the watcher is gone
}

// WatchService sends to an event for every instance of key that appears
// or goes away, on any node, starting with one for every instance known
// now; instances of another message type than M are not reported. Events
// follow the membership (see Register): an instance on another node
// appears with that node's next heartbeat. The watch ends when stop is
// called or to stops.
func WatchService[M any](n *Node, key string, to actor.Ref[ServiceEvent[M]]) (stop func(), err error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	w := &serviceWatch{key: key, typ: typeName[M](n), known: map[address]any{}}
	w.resolve = func(a address) any { // called with n.mu held
		if a.node == n.id {
			ref, _ := n.exports[a.id].ref.(actor.Ref[M])
			return ref
		}
		return a // made into a Ref outside the lock
	}
	w.send = func(ref any, up bool) error {
		r, ok := ref.(actor.Ref[M])
		if !ok {
			r = actor.ExternalRef[M](n.remotePID(ref.(address)))
		}
		return to.Send(ServiceEvent[M]{Key: key, Ref: r, Up: up})
	}
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		return nil, ErrClosed
	}
	n.svcWatches[w] = struct{}{}
	n.mu.Unlock()
	n.kickServiceWatches()
	return func() {
		n.mu.Lock()
		delete(n.svcWatches, w)
		n.mu.Unlock()
	}, nil
}

// kickServiceWatches asks the service watcher to look at the membership.
func (n *Node) kickServiceWatches() {
	select {
	case n.svcKick <- struct{}{}:
	default:
	}
}

// serviceWatcher reports changes of the services watched, until Close.
// It runs apart so that the membership code never sends while it holds
// the node's lock.
func (n *Node) serviceWatcher() {
	defer n.wg.Done()
	for {
		select {
		case <-n.stop:
			return
		case <-n.svcKick:
		}
		type event struct {
			w   *serviceWatch
			ref any
			up  bool
		}
		var events []event
		n.mu.Lock()
		for w := range n.svcWatches {
			now := n.instancesLocked(w.key, w.typ)
			for _, a := range now {
				if _, ok := w.known[a]; !ok {
					ref := w.resolve(a)
					w.known[a] = ref
					events = append(events, event{w, ref, true})
				}
			}
			for a, ref := range w.known {
				if !slices.Contains(now, a) {
					delete(w.known, a)
					events = append(events, event{w, ref, false})
				}
			}
		}
		n.mu.Unlock()
		for _, e := range events {
			if e.w.send(e.ref, e.up) != nil {
				n.mu.Lock()
				delete(n.svcWatches, e.w) // the watcher has stopped
				n.mu.Unlock()
			}
		}
	}
}

// instancesLocked returns the instances of key that take messages named
// typ, sorted. The caller holds n.mu.
func (n *Node) instancesLocked(key, typ string) []address {
	var out []address
	for _, id := range n.services[key] {
		if n.exports[id].typ == typ {
			out = append(out, address{n.id, id})
		}
	}
	for node, m := range n.members {
		for _, s := range m.services {
			if s.Key == key && s.Type == typ {
				out = append(out, address{node, s.ID})
			}
		}
	}
	slices.SortFunc(out, compareAddress)
	return out
}

func compareAddress(a, b address) int {
	if a.node != b.node {
		if a.node < b.node {
			return -1
		}
		return 1
	}
	switch {
	case a.id < b.id:
		return -1
	case a.id > b.id:
		return 1
	}
	return 0
}
