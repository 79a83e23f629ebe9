package remote

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/actorio/actorio/actor"
)

// Register makes ref reachable from every node of the network under key:
// Lookup with the same key and message type finds it. Several actors, on
// one node or many, may share a key; lookups spread among them. The
// registration ends when the actor stops. Other nodes see it with the
// next heartbeat, which Register sends at once.
func Register[M any](n *Node, key string, ref actor.Ref[M]) error {
	if err := checkKey(key); err != nil {
		return err
	}
	if ref.IsZero() {
		return actor.ErrNoActor
	}
	if _, ok := ref.PID().External(); ok {
		return fmt.Errorf("remote: register %q: the actor is not local", key)
	}
	e, err := exportRef(n, ref)
	if err != nil {
		return err
	}
	n.mu.Lock()
	if !slices.Contains(e.keys, key) {
		if err := n.subscribeQueueLocked(key); err != nil {
			n.mu.Unlock()
			return err
		}
		e.keys = append(e.keys, key)
		n.services[key] = append(n.services[key], e.id)
		n.changed()
	}
	n.mu.Unlock()
	n.announce()
	return nil
}

// Lookup returns a Ref to an actor registered under key on any node,
// including this one, taking turns among several. It waits for one to
// appear until ctx is done, then returns an error wrapping ErrNotFound.
// If the key's actors take another message type than M, the error wraps
// actor.ErrWrongType.
func Lookup[M any](ctx context.Context, n *Node, key string) (actor.Ref[M], error) {
	if err := checkKey(key); err != nil {
		return actor.Ref[M]{}, err
	}
	want := typeName[M](n)
	for {
		n.mu.Lock()
		if n.closed {
			n.mu.Unlock()
			return actor.Ref[M]{}, ErrClosed
		}
		var found []address
		var other string
		for _, id := range n.services[key] {
			if e := n.exports[id]; e.typ == want {
				found = append(found, address{n.id, id})
			} else {
				other = e.typ
			}
		}
		for node, m := range n.members {
			for _, s := range m.services {
				if s.Key != key {
					continue
				}
				if s.Type == want {
					found = append(found, address{node, s.ID})
				} else {
					other = s.Type
				}
			}
		}
		if len(found) > 0 {
			slices.SortFunc(found, compareAddress)
			n.rr++
			a := found[n.rr%uint64(len(found))]
			if a.node == n.id {
				ref, _ := n.exports[a.id].ref.(actor.Ref[M])
				n.mu.Unlock()
				return ref, nil
			}
			n.mu.Unlock()
			return actor.ExternalRef[M](n.remotePID(a)), nil
		}
		if other != "" {
			n.mu.Unlock()
			return actor.Ref[M]{}, fmt.Errorf("%w: service %q takes %s, not %s", actor.ErrWrongType, key, other, want)
		}
		if n.change == nil {
			n.change = make(chan struct{})
		}
		change := n.change
		n.mu.Unlock()
		select {
		case <-change:
		case <-ctx.Done():
			return actor.Ref[M]{}, fmt.Errorf("%w: %q: %w", ErrNotFound, key, ctx.Err())
		}
	}
}

// checkKey accepts keys of 1 to 256 printable characters without spaces.
func checkKey(key string) error {
	if key == "" || len(key) > 256 || strings.ContainsFunc(key, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return fmt.Errorf("remote: invalid service key %q", key)
	}
	return nil
}
