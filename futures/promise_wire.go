package futures

import (
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/actorio/actorio/internal/wire"
)

// ErrNoTransport reports a Promise encoded or decoded outside a
// transport: a Promise inside a message becomes a reference only when a
// transport such as package remote encodes the message.
var ErrNoTransport = errors.New("futures: a Promise can only be encoded by a transport")

// promiseWire is what a transport's wire context (see internal/wire)
// offers a Promise inside a message it encodes or decodes.
type promiseWire interface {
	// EncodePromise returns the address of promise p, which complete
	// completes when the reply comes back.
	EncodePromise(p Rejecter, complete func(v any, err error) error) ([]byte, error)
	// DecodePromise returns how to complete the promise at addr, whose
	// future is in another process; p is the promise standing for it here.
	DecodePromise(addr []byte, p Rejecter) (complete func(v any, err error), err error)
}

// MarshalBinary encodes the promise as a reference, for a transport
// encoding a message that carries it (futures.Ask to an actor of another
// process); see package remote. Outside a transport it fails with
// ErrNoTransport.
func (p Promise[T]) MarshalBinary() ([]byte, error) {
	w, ok := wire.Current().(promiseWire)
	if !ok {
		return nil, ErrNoTransport
	}
	return w.EncodePromise(p, func(v any, err error) error {
		if err != nil {
			return p.Reject(err)
		}
		t, ok := v.(T)
		if !ok {
			return p.Reject(fmt.Errorf("futures: a reply of type %T for a Promise[%T]", v, *new(T)))
		}
		return p.Resolve(t)
	})
}

// UnmarshalBinary rebuilds a promise that MarshalBinary encoded, for a
// transport decoding a message: completing it sends the value or the
// error back to the process holding its future.
func (p *Promise[T]) UnmarshalBinary(b []byte) error {
	w, ok := wire.Current().(promiseWire)
	if !ok {
		return ErrNoTransport
	}
	q, f := NewPromise[T]()
	complete, err := w.DecodePromise(b, q)
	if err != nil {
		return err
	}
	f.OnComplete(func(v T, err error) { complete(v, err) })
	*p = q
	return nil
}

// MarshalText is MarshalBinary in base64, for text codecs such as JSON.
func (p Promise[T]) MarshalText() ([]byte, error) {
	b, err := p.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return base64.RawURLEncoding.AppendEncode(nil, b), nil
}

// UnmarshalText is UnmarshalBinary of base64, for text codecs.
func (p *Promise[T]) UnmarshalText(t []byte) error {
	b, err := base64.RawURLEncoding.AppendDecode(nil, t)
	if err != nil {
		return fmt.Errorf("futures: Promise: %w", err)
	}
	return p.UnmarshalBinary(b)
}
