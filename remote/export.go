package remote

import (
	"fmt"
	"reflect"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/remote/codec"
	"github.com/actorio/actorio/remote/internal/frame"
)

// export is a local actor that other nodes may address: its ID on the
// wire, a typed delivery, and the other nodes' watchers.
type export struct {
	id      uint64
	pid     actor.PID
	typ     string                                      // the name of its message type, for lookups
	deliver func(msg any, reply futures.Rejecter) error // Send or SendRequest, type checked
	poison  func() error                                // Poison
	// direct decodes a record's payload straight into the actor's message
	// type and delivers it, when that is the type the record carries; it
	// reports false otherwise (see tell). Only exportRef sets it.
	direct   func(c *wireCtx, rec frame.Record) (handled bool, decodeErr error)
	watchers map[address]struct{} // node and watch ID of remote watchers
	keys     []string             // service keys it is registered under
	ref      any                  // its actor.Ref[M], once registered
}

// exportRef returns the export of ref, exporting it on first use.
func exportRef[M any](n *Node, ref actor.Ref[M]) (*export, error) {
	deliver := func(msg any, reply futures.Rejecter) error {
		m, ok := msg.(M)
		if !ok {
			return fmt.Errorf("%w: %T for an actor of %s", actor.ErrWrongType, msg, typeName[M](n))
		}
		if reply != nil {
			return ref.SendRequest(m, reply)
		}
		return ref.Send(m)
	}
	e, err := n.export(ref.PID(), ref, deliver, typeName[M](n))
	if err != nil {
		return nil, err
	}
	n.mu.Lock()
	// Only a concrete message type can be registered, and so decoded
	// into directly: an actor of an interface type never takes this path.
	if k := reflect.TypeFor[M]().Kind(); e.direct == nil && k != reflect.Interface && k != reflect.Pointer {
		e.direct = func(c *wireCtx, rec frame.Record) (bool, error) {
			m, ok, err := codec.DecodeAs[M](n.reg, rec.Type, rec.Payload)
			if !ok || err != nil {
				return ok, err
			}
			if reply := c.replyFor(rec); reply != nil {
				_ = ref.SendRequest(m, reply) // a refusal is its own dead letter
			} else {
				_ = ref.Send(m)
			}
			return true, nil
		}
	}
	n.mu.Unlock()
	return e, nil
}

// export returns the export of the local actor pid, whose Ref is ref,
// exporting it on first use. The export ends when the actor stops.
func (n *Node) export(pid actor.PID, ref any, deliver func(any, futures.Rejecter) error, typ string) (*export, error) {
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		return nil, ErrClosed
	}
	if id, ok := n.byPID[pid]; ok {
		e := n.exports[id]
		if e.typ == "" {
			e.typ = typ
		}
		n.mu.Unlock()
		return e, nil
	}
	n.nextID++
	e := &export{
		id: n.nextID, pid: pid, typ: typ, ref: ref, deliver: deliver,
		poison:   ref.(interface{ Poison() error }).Poison,
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
			n.unsubscribeQueueLocked(k)
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
