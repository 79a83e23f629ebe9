package actor_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
)

// newSystem starts a system that the test shuts down when it ends.
func newSystem(t *testing.T, opts ...actor.Option) *actor.System {
	t.Helper()
	sys, err := actor.NewSystem(opts...)
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		require.NoError(t, sys.Shutdown(ctx))
	})
	return sys
}

// recv waits for a value from ch, failing the test after a generous guard
// timeout that only a deadlock would reach.
func recv[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatal("timed out waiting for a value")
		panic("unreachable")
	}
}

// deadLetters collects the dead letters published on sys into a channel.
func deadLetters(t *testing.T, sys *actor.System) <-chan actor.DeadLetter {
	t.Helper()
	sub := sys.Subscribe(1024)
	out := make(chan actor.DeadLetter, 1024)
	go func() {
		defer close(out)
		for e := range sub.C() {
			if d, ok := e.(actor.DeadLetter); ok {
				out <- d
			}
		}
	}()
	return out
}
