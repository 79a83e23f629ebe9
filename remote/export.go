package remote

import (
	"fmt"
	"reflect"

	"github.com/actorio/actorio/actor"
)

// export is a local actor that other nodes may address: its ID on the
// wire, a typed delivery, and the other nodes' watchers.
type export struct {
	id       uint64
	pid      actor.PID
	typ      string               // the name of its message type, for lookups
	deliver  func(msg any) error  // Send after checking the type
	poison   func() error         // Poison
	watchers map[address]struct{} // node and watch ID of remote watchers
	keys     []string             // service keys it is registered under
	ref      any                  // its actor.Ref[M], once registered
}

// exportRef returns the wire ID of ref, exporting it on first use. The
// export ends when the actor stops.
func exportRef[M any](n *Node, ref actor.Ref[M]) (*export, error) {
	pid := ref.PID()
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		return nil, ErrClosed
	}
	if id, ok := n.byPID[pid]; ok {
		e := n.exports[id]
		n.mu.Unlock()
		return e, nil
	}
	n.nextID++
	e := &export{
		id:  n.nextID,
		pid: pid,
		typ: typeName[M](n),
		deliver: func(msg any) error {
			m, ok := msg.(M)
			if !ok {
				return fmt.Errorf("%w: %T for an actor of %s", actor.ErrWrongType, msg, typeName[M](n))
			}
			return ref.Send(m)
		},
		poison:   ref.Poison,
		watchers: map[address]struct{}{},
	}
	n.exports[e.id], n.byPID[pid] = e, e.id
	n.mu.Unlock()
	pid.Terminated().OnComplete(func(t actor.Terminated, _ error) { n.unexport(e, t.Reason) })
	return e, nil
}

// unexport forgets a stopped actor and tells its remote watchers.
func (n *Node) unexport(e *export, reason error) {
	n.mu.Lock()
	delete(n.exports, e.id)
	delete(n.byPID, e.pid)
	for _, k := range e.keys {
		n.services[k] = remove(n.services[k], e.id)
		if len(n.services[k]) == 0 {
			delete(n.services, k)
		}
	}
	watchers := e.watchers
	e.watchers = nil
	n.changed()
	n.mu.Unlock()
	why := "stopped"
	if reason != nil {
		why = reason.Error()
	}
	for w := range watchers {
		n.sendControl(w.node, terminatedRecord(e.id, w.id, false, why))
	}
	if len(e.keys) > 0 {
		n.announce() // its services are gone
	}
}

func remove(ids []uint64, id uint64) []uint64 {
	out := ids[:0]
	for _, x := range ids {
		if x != id {
			out = append(out, x)
		}
	}
	return out
}

// typeName names message type M for lookups: its registered name, or its
// Go type with package path for a type not registered (an interface
// type, such as a sealed set of messages).
func typeName[M any](n *Node) string {
	var zero M
	if name, ok := n.reg.NameOf(zero); ok {
		return name
	}
	t := reflect.TypeFor[M]()
	if t.PkgPath() != "" {
		return t.PkgPath() + "." + t.Name()
	}
	return t.String()
}
