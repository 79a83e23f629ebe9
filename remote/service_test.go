package remote_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/remote"
)

// A node watching a service key hears of each instance coming and going,
// on any node, once.
func TestWatchService(t *testing.T) {
	a, b := pair(t)
	events := make(chan remote.ServiceEvent[Greeting], 16)
	watcher, err := actor.SpawnFunc(a.System(), func(_ *actor.Context[remote.ServiceEvent[Greeting]], e remote.ServiceEvent[Greeting]) {
		events <- e
	})
	require.NoError(t, err)

	local, err := actor.SpawnFunc(a.System(), func(*actor.Context[Greeting], Greeting) {})
	require.NoError(t, err)
	require.NoError(t, remote.Register(a, "svc", local))
	stop, err := remote.WatchService(a, "svc", watcher)
	require.NoError(t, err)
	defer stop()
	e := recv(t, events)
	require.True(t, e.Up)
	require.True(t, local == e.Ref, "an instance known at the start, local")

	onB, err := actor.SpawnFunc(b.System(), func(*actor.Context[Greeting], Greeting) {})
	require.NoError(t, err)
	require.NoError(t, remote.Register(b, "svc", onB))
	other, err := actor.SpawnFunc(b.System(), func(*actor.Context[Counted], Counted) {})
	require.NoError(t, err)
	require.NoError(t, remote.Register(b, "svc", other)) // another type: not reported
	e = recv(t, events)
	require.True(t, e.Up)
	require.Contains(t, e.Ref.String(), b.ID())
	remoteInstance := e.Ref

	local.Stop()
	e = recv(t, events)
	require.False(t, e.Up)
	require.True(t, local == e.Ref, "the Ref reported up")

	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	require.NoError(t, b.Close(ctx))
	e = recv(t, events)
	require.False(t, e.Up)
	require.True(t, remoteInstance == e.Ref)
	select {
	case e := <-events:
		t.Fatalf("an extra event: %+v", e)
	case <-time.After(200 * time.Millisecond):
	}
}

// Close wakes the lookups waiting for a service.
func TestCloseWakesLookups(t *testing.T) {
	a := startNode(t, remote.WithEmbeddedServer(), remote.WithRegistry(registry(t, false)))
	done := make(chan error, 1)
	go func() {
		_, err := remote.Lookup[Greeting](context.Background(), a, "nobody")
		done <- err
	}()
	time.Sleep(20 * time.Millisecond) // let it wait; if not yet, it sees closed at once
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	require.NoError(t, a.Close(ctx))
	require.ErrorIs(t, recv(t, done), remote.ErrClosed)
}
