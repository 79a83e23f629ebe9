package futures_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/internal/wire"
)

// fakeWire is a transport's wire context that keeps one promise.
type fakeWire struct {
	complete func(any, error) error
	sent     chan any // what a decoded promise sends back
}

func (w *fakeWire) EncodePromise(_ futures.Rejecter, complete func(any, error) error) ([]byte, error) {
	w.complete = complete
	return []byte("p"), nil
}

func (w *fakeWire) DecodePromise(b []byte, _ futures.Rejecter) (func(any, error), error) {
	return func(v any, err error) {
		if err != nil {
			w.sent <- err
			return
		}
		w.sent <- v
	}, nil
}

func TestPromiseEncodesThroughATransport(t *testing.T) {
	p, f := futures.NewPromise[int]()
	_, err := p.MarshalBinary()
	require.ErrorIs(t, err, futures.ErrNoTransport)

	w := &fakeWire{sent: make(chan any, 1)}
	var text []byte
	require.NoError(t, wire.Do(w, func() (err error) { text, err = p.MarshalText(); return err }))
	// The reply comes back: the transport completes the promise, type
	// checked.
	require.NoError(t, w.complete("not an int", nil))
	_, err = f.Await(t.Context())
	require.Error(t, err, "a reply of the wrong type fails the promise")

	p2, f2 := futures.NewPromise[int]()
	require.NoError(t, wire.Do(w, func() error { _, err := p2.MarshalBinary(); return err }))
	require.NoError(t, w.complete(5, nil))
	v, err := f2.Await(t.Context())
	require.NoError(t, err)
	require.Equal(t, 5, v)

	// On the other side, completing the decoded promise sends the value.
	var q futures.Promise[int]
	require.NoError(t, wire.Do(w, func() error { return q.UnmarshalText(text) }))
	require.NoError(t, q.Resolve(9))
	require.Equal(t, 9, <-w.sent)
	require.ErrorIs(t, q.Resolve(10), futures.ErrAlreadyCompleted)
}
