package actor_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
)

func TestSmoke(t *testing.T) {
	sys, err := actor.NewSystem()
	require.NoError(t, err)
	got := make(chan int, 10)
	ref, err := actor.SpawnFunc(sys, func(ctx *actor.Context[int], msg int) { got <- msg })
	require.NoError(t, err)
	for i := range 10 {
		require.NoError(t, ref.Send(i))
	}
	for i := range 10 {
		require.Equal(t, i, <-got)
	}
	require.NoError(t, sys.Shutdown(context.Background()))
}
