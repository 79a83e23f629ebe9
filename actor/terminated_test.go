package actor_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
)

func TestTerminatedFuture(t *testing.T) {
	sys := newSystem(t)
	ctx := context.Background()
	ref, err := actor.SpawnFunc(sys, func(*actor.Context[int], int) {})
	require.NoError(t, err)

	f := ref.PID().Terminated()
	_, _, done := f.Result()
	require.False(t, done, "the actor is alive")
	ref.Stop()
	got, err := f.Await(ctx)
	require.NoError(t, err)
	require.Equal(t, ref.PID(), got.Actor)
	require.NoError(t, got.Reason)
	require.ErrorIs(t, ref.Send(1), actor.ErrStopped, "stopped means the mailbox is closed")

	// An actor that has already stopped answers at once.
	again, err := ref.PID().Terminated().Await(ctx)
	require.NoError(t, err)
	require.Equal(t, ref.PID(), again.Actor)

	_, err = actor.PID{}.Terminated().Await(ctx)
	require.ErrorIs(t, err, actor.ErrNoActor)
}
