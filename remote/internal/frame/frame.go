// Package frame is the wire format of package remote: a batch of records
// from one node, carried in one NATS message.
//
//	batch  := magic version len(from) from record*
//	record := kind target(uvarint) type(u32) aux(uvarint) len(u32) payload
//
// Integers of fixed size are little-endian. The decoder trusts nothing:
// every length is checked against what is left of the batch, and a
// malformed batch is an error wrapping ErrMalformed, never a panic.
package frame

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Magic and Version open every batch.
const (
	Magic   = 0xac
	Version = 1
	// MaxNodeID is the longest node ID a batch may carry.
	MaxNodeID = 64
	// MaxRecordHeader is the most bytes a record takes before its
	// payload: kind, two uvarints of at most 10 bytes, two uint32s.
	MaxRecordHeader = 1 + 10 + 4 + 10 + 4
)

// ErrMalformed reports a batch that does not follow the format.
var ErrMalformed = errors.New("remote: malformed frame")

// Kind says what a record asks of its target.
type Kind uint8

// Record kinds. Type is set for the kinds that carry a message; Aux holds
// a reply ID (Request, Reply, Failure) or a watcher ID (Watch, Unwatch,
// Terminated).
const (
	Tell       Kind = iota + 1 // a message for actor Target
	Request                    // a message whose reply goes to promise Aux
	Reply                      // the reply of type Type to promise Aux
	Failure                    // promise Aux failed; the payload is the reason
	Poison                     // stop actor Target after its queued messages
	Stop                       // stop actor Target now
	Watch                      // watcher Aux wants to hear of Target's end
	Unwatch                    // watcher Aux no longer does
	Terminated                 // Target has stopped; payload: the reason
	Heartbeat                  // the sender is alive; payload: its services
	Leave                      // the sender is leaving the network
	Probe                      // the sender asks every node for a heartbeat now
	Ping                       // the sender's clock in Aux, to be sent back
	Pong                       // a Ping's Aux, sent back
	Quarantine                 // the sender has declared the receiver down
	maxKind
)

// Record is one entry of a batch. A decoded Payload aliases the batch.
type Record struct {
	Kind    Kind
	Target  uint64
	Type    uint32
	Aux     uint64
	Payload []byte
}

// AppendHeader starts a batch from node from in dst.
func AppendHeader(dst []byte, from string) []byte {
	dst = append(dst, Magic, Version, byte(len(from)))
	return append(dst, from...)
}

// AppendRecord appends r to a batch.
func AppendRecord(dst []byte, r Record) []byte {
	dst, at := Begin(dst, r.Kind, r.Target, r.Type, r.Aux)
	dst = append(dst, r.Payload...)
	return End(dst, at)
}

// Begin appends a record's fields up to its payload, which the caller
// appends next, and returns where End must write the payload's length.
func Begin(dst []byte, k Kind, target uint64, typ uint32, aux uint64) ([]byte, int) {
	dst = append(dst, byte(k))
	dst = binary.AppendUvarint(dst, target)
	dst = binary.LittleEndian.AppendUint32(dst, typ)
	dst = binary.AppendUvarint(dst, aux)
	at := len(dst)
	return append(dst, 0, 0, 0, 0), at
}

// End completes the record begun at at.
func End(dst []byte, at int) []byte {
	binary.LittleEndian.PutUint32(dst[at:], uint32(len(dst)-at-4))
	return dst
}

// Reader decodes a batch.
type Reader struct {
	from string
	rest []byte
}

// NewReader checks a batch's header and returns a reader of its records.
func NewReader(b []byte) (*Reader, error) {
	if len(b) < 3 || b[0] != Magic {
		return nil, fmt.Errorf("%w: bad magic", ErrMalformed)
	}
	if b[1] != Version {
		return nil, fmt.Errorf("%w: version %d", ErrMalformed, b[1])
	}
	n := int(b[2])
	if n == 0 || n > MaxNodeID || len(b) < 3+n {
		return nil, fmt.Errorf("%w: node ID of %d bytes", ErrMalformed, n)
	}
	return &Reader{from: string(b[3 : 3+n]), rest: b[3+n:]}, nil
}

// From returns the ID of the node that sent the batch.
func (r *Reader) From() string { return r.from }

// Next decodes the next record. It reports false at the end of the batch,
// and false with an error wrapping ErrMalformed for a malformed record,
// after which the reader is at its end; the records before a malformed
// one stand.
func (r *Reader) Next() (Record, bool, error) {
	if len(r.rest) == 0 {
		return Record{}, false, nil
	}
	b := r.rest
	var rec Record
	rec.Kind = Kind(b[0])
	if rec.Kind == 0 || rec.Kind >= maxKind {
		return r.fail("kind %d", b[0])
	}
	b = b[1:]
	var n int
	if rec.Target, n = binary.Uvarint(b); n <= 0 {
		return r.fail("target")
	}
	b = b[n:]
	if len(b) < 4 {
		return r.fail("type")
	}
	rec.Type = binary.LittleEndian.Uint32(b)
	b = b[4:]
	if rec.Aux, n = binary.Uvarint(b); n <= 0 {
		return r.fail("aux")
	}
	b = b[n:]
	if len(b) < 4 {
		return r.fail("length")
	}
	size := binary.LittleEndian.Uint32(b)
	b = b[4:]
	if uint64(size) > uint64(len(b)) {
		return r.fail("payload of %d bytes, %d left", size, len(b))
	}
	rec.Payload = b[:size:size]
	r.rest = b[size:]
	return rec, true, nil
}

func (r *Reader) fail(format string, args ...any) (Record, bool, error) {
	r.rest = nil
	return Record{}, false, fmt.Errorf("%w: "+format, append([]any{ErrMalformed}, args...)...)
}
