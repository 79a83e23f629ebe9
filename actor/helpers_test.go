package actor_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/internal/testutil"
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

// recv waits for a value from ch, failing the test after a guard timeout
// that only a deadlock would reach.
func recv[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	return testutil.Recv(t, ch, "a value")
}

// deadLetters collects the dead letters published on sys.
func deadLetters(t *testing.T, sys *actor.System) <-chan actor.DeadLetter {
	t.Helper()
	return testutil.DeadLetters(t, sys)
}
