package actor

import (
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/internal/wire"
)

// ErrNoTransport reports a Ref encoded or decoded outside a transport: a
// Ref inside a message becomes a reference only when a transport such as
// package remote encodes the message.
var ErrNoTransport = errors.New("actor: a Ref can only be encoded by a transport")

// refWire is what a transport's wire context (see internal/wire) offers a
// Ref inside a message it encodes or decodes.
type refWire interface {
	// EncodeRef returns the address of the actor pid: for a local actor,
	// one that delivers to deliver, which Send and SendRequest messages
	// of the actor's type.
	EncodeRef(pid PID, ref any, deliver func(msg any, reply futures.Rejecter) error) ([]byte, error)
	// DecodeRef returns the actor at addr: an external PID, or for an
	// actor of this process, the Ref it was encoded from.
	DecodeRef(addr []byte) (pid PID, local any, err error)
}

// MarshalBinary encodes the Ref as a reference to its actor, for a
// transport encoding a message that carries it; see package remote. The
// zero Ref encodes as no bytes. Outside a transport it fails with
// ErrNoTransport.
func (r Ref[M]) MarshalBinary() ([]byte, error) {
	if r.IsZero() {
		return []byte{}, nil
	}
	w, ok := wire.Current().(refWire)
	if !ok {
		return nil, ErrNoTransport
	}
	deliver := func(msg any, reply futures.Rejecter) error {
		m, ok := msg.(M)
		if !ok {
			return fmt.Errorf("%w: %T for %s", ErrWrongType, msg, r)
		}
		if reply != nil {
			return r.SendRequest(m, reply)
		}
		return r.Send(m)
	}
	id := r.PID()
	if a, ok := r.adapter(); ok {
		// On the wire an adapter is an address of its own: its messages
		// are A, which the adapted actor does not take.
		id = PID{&a.cell}
	}
	return w.EncodeRef(id, r, deliver)
}

// UnmarshalBinary rebuilds a Ref that MarshalBinary encoded, for a
// transport decoding a message; no bytes decode as the zero Ref. A local
// actor's reference comes back as its own Ref, or fails with ErrWrongType
// if that actor takes another message type.
func (r *Ref[M]) UnmarshalBinary(b []byte) error {
	if len(b) == 0 {
		*r = Ref[M]{}
		return nil
	}
	w, ok := wire.Current().(refWire)
	if !ok {
		return ErrNoTransport
	}
	pid, local, err := w.DecodeRef(b)
	if err != nil {
		return err
	}
	if local != nil {
		ref, ok := local.(Ref[M])
		if !ok {
			return fmt.Errorf("%w: %s is not a Ref[%T]", ErrWrongType, pid, *new(M))
		}
		*r = ref
		return nil
	}
	*r = ExternalRef[M](pid)
	return nil
}

// MarshalText is MarshalBinary in base64, for text codecs such as JSON.
func (r Ref[M]) MarshalText() ([]byte, error) {
	b, err := r.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return base64.RawURLEncoding.AppendEncode(nil, b), nil
}

// UnmarshalText is UnmarshalBinary of base64, for text codecs.
func (r *Ref[M]) UnmarshalText(t []byte) error {
	b, err := base64.RawURLEncoding.AppendDecode(nil, t)
	if err != nil {
		return fmt.Errorf("actor: Ref: %w", err)
	}
	return r.UnmarshalBinary(b)
}
