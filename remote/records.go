package remote

import (
	"errors"
	"fmt"
	"strings"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/remote/codec"
	"github.com/actorio/actorio/remote/internal/frame"
)

var errTooLarge = codec.ErrTooLarge

// address is an actor's place in the network.
type address struct {
	node string
	id   uint64
}

func (a address) String() string { return fmt.Sprintf("nats://%s/%d", a.node, a.id) }

// shard returns the data shard of actor id.
func (n *Node) shard(id uint64) int { return int(id % uint64(n.opts.Shards)) }

// record encodes one record with an empty payload, or with payload.
func record(k frame.Kind, target uint64, typ uint32, aux uint64, payload []byte) []byte {
	b, at := frame.Begin(make([]byte, 0, 16+len(payload)), k, target, typ, aux)
	return frame.End(append(b, payload...), at)
}

// frame0 is a batch of one record from node id, for the heartbeat subject.
func frame0(id string, rec []byte) []byte { return append(frame.AppendHeader(nil, id), rec...) }

func probeRecord() []byte { return record(frame.Probe, 0, 0, 0, nil) }
func leaveRecord() []byte { return record(frame.Leave, 0, 0, 0, nil) }

// Termination reasons carried by a Terminated record's first byte.
const (
	reasonStopped byte = iota
	reasonUnknown
)

// terminatedRecord tells watcher w of another node that actor id stopped.
func terminatedRecord(id, w uint64, unknown bool, why string) []byte {
	code := reasonStopped
	if unknown {
		code = reasonUnknown
	}
	return record(frame.Terminated, id, 0, w, append([]byte{code}, why...))
}

// terminatedReason turns a Terminated record's payload into an error.
func terminatedReason(a address, payload []byte) error {
	if len(payload) > 0 && payload[0] == reasonUnknown {
		return fmt.Errorf("%w: %v", ErrUnknownActor, a)
	}
	why := "stopped"
	if len(payload) > 1 {
		why = string(payload[1:min(len(payload), 1+512)])
	}
	return &StoppedError{Actor: a.String(), Reason: why}
}

// StoppedError is the reason in a Terminated for an actor of another node
// that stopped: its address and the text of its own reason ("stopped"
// when it stopped normally).
type StoppedError struct {
	Actor, Reason string
}

func (e *StoppedError) Error() string { return "remote: actor " + e.Actor + " stopped: " + e.Reason }

// Undelivered stands for a message in a dead letter when the message
// itself is not at hand: it could not be decoded, or was lost on the way
// out after being encoded.
type Undelivered struct {
	From string // the node that sent it
	Type string // its registered type name, or the wire ID in hex
	Size int    // its encoded size
}

// undeliverable reports the messages of a batch for node to that will not
// arrive as dead letters, decoding them back where possible.
func (n *Node) undeliverable(to string, b []byte, reason error) {
	r, err := frame.NewReader(b)
	if err != nil {
		return
	}
	for {
		rec, ok, _ := r.Next()
		if !ok {
			return
		}
		if rec.Kind != frame.Tell && rec.Kind != frame.Request {
			continue
		}
		msg, err := n.reg.Decode(rec.Type, rec.Payload)
		if err != nil {
			msg = n.undecoded(r.From(), rec)
		}
		n.stat.deadLetters.Add(1)
		target := actor.PID{} // a balanced service's: no single actor
		if !strings.HasPrefix(to, queuePeerPrefix) {
			n.stats(to).deadLetters.Add(1)
			target = n.remotePID(address{to, rec.Target})
		}
		n.sys.DeadLetter(target, msg, reason)
	}
}

func (n *Node) undecoded(from string, rec frame.Record) Undelivered {
	name, ok := n.reg.Name(rec.Type)
	if !ok {
		name = fmt.Sprintf("%08x", rec.Type)
	}
	return Undelivered{From: from, Type: name, Size: len(rec.Payload)}
}

// isDown reports whether err says a node is down.
func isDown(err error) bool { return errors.Is(err, ErrNodeDown) }
