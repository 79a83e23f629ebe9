package actorsync_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
)

// waitFor bounds waits that only a bug would reach.
const waitFor = 10 * time.Second

func newSystem(t *testing.T) *actor.System {
	t.Helper()
	sys, err := actor.NewSystem()
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitFor)
		defer cancel()
		require.NoError(t, sys.Shutdown(ctx))
	})
	return sys
}

func await[T any](t *testing.T, f interface {
	Await(context.Context) (T, error)
}) (T, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	return f.Await(ctx)
}
