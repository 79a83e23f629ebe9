package actor_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/internal/testutil"
)

// shutdownOnStart calls Shutdown from its Started hook.
type shutdownOnStart struct {
	sys *actor.System
	got chan<- error
}

func (a *shutdownOnStart) Started(*actor.Context[int]) {
	a.got <- a.sys.Shutdown(context.Background())
}

func (a *shutdownOnStart) Receive(*actor.Context[int], int) {}

// TestShutdownFromInside calls Shutdown from each kind of goroutine that
// the shutdown waits for. The call must start the shutdown and return
// ErrShutdownFromActor at once, so that a Shutdown from outside can then
// finish it.
func TestShutdownFromInside(t *testing.T) {
	tests := []struct {
		name string
		// give starts an actor that calls sys.Shutdown and sends what it
		// returned on got.
		give func(sys *actor.System, got chan<- error) (actor.PID, error)
	}{
		{
			name: "handler on a worker",
			give: func(sys *actor.System, got chan<- error) (actor.PID, error) {
				ref, err := actor.SpawnFunc(sys, func(*actor.Context[int], int) {
					got <- sys.Shutdown(context.Background())
				})
				if err != nil {
					return actor.PID{}, err
				}
				return ref.PID(), ref.Send(1)
			},
		},
		{
			name: "Started hook",
			give: func(sys *actor.System, got chan<- error) (actor.PID, error) {
				ref, err := actor.Spawn(sys, func() actor.Actor[int] {
					return &shutdownOnStart{sys: sys, got: got}
				})
				return ref.PID(), err
			},
		},
		{
			name: "dedicated goroutine",
			give: func(sys *actor.System, got chan<- error) (actor.PID, error) {
				ref, err := actor.SpawnFunc(sys, func(*actor.Context[int], int) {
					got <- sys.Shutdown(context.Background())
				}, actor.WithDedicatedGoroutine())
				if err != nil {
					return actor.PID{}, err
				}
				return ref.PID(), ref.Send(1)
			},
		},
		{
			name: "Blocking task",
			give: func(sys *actor.System, got chan<- error) (actor.PID, error) {
				ref, err := actor.SpawnFunc(sys, func(c *actor.Context[int], _ int) {
					actor.Blocking(c, func(context.Context) (struct{}, error) {
						got <- sys.Shutdown(context.Background())
						return struct{}{}, nil
					}, func(struct{}, error) {})
				})
				if err != nil {
					return actor.PID{}, err
				}
				return ref.PID(), ref.Send(1)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sys := newSystem(t)
			got := make(chan error, 1)
			pid, err := tt.give(sys, got)
			require.NoError(t, err)
			require.ErrorIs(t, testutil.Recv(t, got, "the Shutdown called inside"), actor.ErrShutdownFromActor)

			// The shutdown goes on without anyone waiting for it.
			require.ErrorIs(t, sys.OnShutdown(func(context.Context) error { return nil }), actor.ErrShutdown)
			ctx, cancel := context.WithTimeout(context.Background(), testutil.Guard)
			defer cancel()
			_, err = pid.Terminated().Await(ctx)
			require.NoError(t, err, "the caller stops")
			_, err = actor.SpawnFunc(sys, func(*actor.Context[int], int) {})
			require.ErrorIs(t, err, actor.ErrShutdown)

			require.NoError(t, sys.Shutdown(ctx), "a Shutdown from outside finishes it")
			require.NoError(t, sys.Shutdown(ctx), "and keeps returning nil")
		})
	}
}

// TestShutdownFromInsideWhileWaiting calls Shutdown from a handler while
// a Shutdown from outside already waits for that handler's turn to end.
func TestShutdownFromInsideWhileWaiting(t *testing.T) {
	sys := newSystem(t)
	entered := make(chan struct{})
	release := make(chan struct{})
	free := sync.OnceFunc(func() { close(release) })
	defer free() // if the test fails while the handler waits
	got := make(chan error, 1)
	ref, err := actor.SpawnFunc(sys, func(*actor.Context[int], int) {
		close(entered)
		<-release
		got <- sys.Shutdown(context.Background())
	})
	require.NoError(t, err)
	canary, err := actor.SpawnFunc(sys, func(*actor.Context[int], int) {})
	require.NoError(t, err)
	require.NoError(t, ref.Send(1))
	testutil.Recv(t, entered, "the handler")

	ctx, cancel := context.WithTimeout(context.Background(), testutil.Guard)
	defer cancel()
	outside := make(chan error, 1)
	go func() { outside <- sys.Shutdown(ctx) }()
	// The canary stops once that Shutdown has begun; the handler's actor
	// cannot stop before its turn ends.
	_, err = canary.PID().Terminated().Await(ctx)
	require.NoError(t, err)

	free()
	require.ErrorIs(t, testutil.Recv(t, got, "the Shutdown called inside"), actor.ErrShutdownFromActor)
	require.NoError(t, testutil.Recv(t, outside, "the Shutdown from outside"))
}
