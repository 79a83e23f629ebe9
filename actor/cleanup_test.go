package actor_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
)

// cleaner registers a cleanup per message and one from its Stopped hook.
type cleaner struct {
	mu  *sync.Mutex
	log *[]string
}

func (c *cleaner) Receive(ctx *actor.Context[string], m string) {
	switch m {
	case "panic":
		panic("boom")
	case "bad cleanup":
		ctx.Cleanup(func() { panic("cleanup boom") })
	default:
		ctx.Cleanup(func() { c.add(m) })
	}
}

func (c *cleaner) Stopped(ctx *actor.Context[string]) {
	ctx.Cleanup(func() { c.add("from Stopped") })
}

func (c *cleaner) add(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	*c.log = append(*c.log, s)
}

// TestCleanup: cleanups run last first when the instance ends, by a
// restart or a stop, once each, past a cleanup that panics.
func TestCleanup(t *testing.T) {
	sys := newSystem(t)
	var mu sync.Mutex
	var log []string
	get := func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), log...)
	}
	ref, err := actor.Spawn(sys, func() actor.Actor[string] { return &cleaner{&mu, &log} })
	require.NoError(t, err)
	for _, m := range []string{"a", "bad cleanup", "b", "panic"} {
		require.NoError(t, ref.Send(m))
	}
	// The panic restarts the actor: the first instance's cleanups run.
	require.Eventually(t, func() bool { return len(get()) == 2 }, 10*time.Second, time.Millisecond)
	require.Equal(t, []string{"b", "a"}, get())

	require.NoError(t, ref.Send("c"))
	stopped := ref.PID().Terminated()
	require.NoError(t, ref.Poison())
	_, err = stopped.Await(context.Background())
	require.NoError(t, err)
	require.Equal(t, []string{"b", "a", "c", "from Stopped"}, get(), "once each, the second instance's after")
}
