package actor_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/internal/testutil"
)

// greeter's Receive tells Spawn its message type.
type greeter struct {
	got      chan string
	restarts int
}

func (g *greeter) Receive(_ *actor.Context[string], m string) {
	if m == "panic" {
		panic("restart me")
	}
	g.got <- m
}

// TestSpawnInfers: Spawn takes a producer of the actor's own type and
// infers the message type from its Receive; every restart gets a fresh
// instance from the same producer; a nil pointer is refused.
func TestSpawnInfers(t *testing.T) {
	sys := newSystem(t)
	got := make(chan string, 2)
	made := 0
	newGreeter := func() *greeter { made++; return &greeter{got: got} }
	ref, err := actor.Spawn(sys, newGreeter)
	require.NoError(t, err)
	var _ actor.Ref[string] = ref // inferred, not spelled out
	require.NoError(t, ref.Send("hello"))
	require.Equal(t, "hello", testutil.Recv(t, got, "the greeting"))
	require.NoError(t, ref.Send("panic"))
	require.NoError(t, ref.Send("again"))
	require.Equal(t, "again", testutil.Recv(t, got, "the greeting after the restart"))
	stopped := ref.PID().Terminated()
	ref.Stop()
	_, err = stopped.Await(context.Background())
	require.NoError(t, err)
	require.Equal(t, 2, made, "one instance, then one for the restart")

	_, err = actor.Spawn(sys, func() *greeter { return nil })
	require.ErrorIs(t, err, actor.ErrInvalidOption)
}
