package actor_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
	"github.com/actorio/actorio/internal/wire"
)

// fakeWire is a transport's wire context that keeps one actor.
type fakeWire struct {
	pid     actor.PID
	ref     any
	deliver func(any, futures.Rejecter) error
}

func (w *fakeWire) EncodeRef(pid actor.PID, ref any, deliver func(any, futures.Rejecter) error) ([]byte, error) {
	w.pid, w.ref, w.deliver = pid, ref, deliver
	return []byte("addr"), nil
}

func (w *fakeWire) DecodeRef(b []byte) (actor.PID, any, error) {
	if string(b) != "addr" {
		return actor.PID{}, nil, actor.ErrNoActor
	}
	return w.pid, w.ref, nil
}

func TestRefEncodesThroughATransport(t *testing.T) {
	sys := newSystem(t)
	got := make(chan int, 2)
	ref, err := actor.SpawnFunc(sys, func(_ *actor.Context[int], v int) { got <- v })
	require.NoError(t, err)

	_, err = ref.MarshalBinary()
	require.ErrorIs(t, err, actor.ErrNoTransport, "no transport, no encoding")
	b, err := actor.Ref[int]{}.MarshalBinary()
	require.NoError(t, err)
	require.Empty(t, b, "the zero Ref needs no transport")
	var zero actor.Ref[int]
	require.NoError(t, zero.UnmarshalBinary(nil))
	require.True(t, zero.IsZero())

	w := &fakeWire{}
	var text []byte
	require.NoError(t, wire.Do(w, func() (err error) { text, err = ref.MarshalText(); return err }))
	require.Equal(t, ref.PID(), w.pid)
	require.NoError(t, w.deliver(7, nil), "the transport delivers typed")
	require.Equal(t, 7, recv(t, got))
	require.ErrorIs(t, w.deliver("x", nil), actor.ErrWrongType)

	var back actor.Ref[int]
	require.NoError(t, wire.Do(w, func() error { return back.UnmarshalText(text) }))
	require.Equal(t, ref, back, "a local actor's reference decodes to its own Ref")
	var wrong actor.Ref[string]
	err = wire.Do(w, func() error { return wrong.UnmarshalText(text) })
	require.ErrorIs(t, err, actor.ErrWrongType)
}
