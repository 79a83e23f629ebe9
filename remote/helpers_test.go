package remote_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/internal/testutil"
	"github.com/actorio/actorio/remote"
	"github.com/actorio/actorio/remote/codec"
)

// Messages of the tests.
type (
	Greeting struct {
		From string
		Seq  int
	}
	Counted struct{ N int }
	Secret  struct{ S string } // registered on the sender only
	Blob    struct{ B []byte }
)

// registry returns a registry of the tests' message types, without
// Secret unless withSecret.
func registry(t *testing.T, withSecret bool) *codec.Registry {
	t.Helper()
	r, err := newRegistry(withSecret)
	require.NoError(t, err)
	return r
}

func newRegistry(withSecret bool) (*codec.Registry, error) {
	c, err := codec.CBOR()
	if err != nil {
		return nil, err
	}
	r := codec.NewRegistry(c)
	err = errors.Join(
		codec.Register[Greeting](r, "test.Greeting"),
		codec.Register[Counted](r, "test.Counted"),
		codec.Register[Blob](r, "test.Blob"),
	)
	if withSecret {
		err = errors.Join(err, codec.Register[Secret](r, "test.Secret"))
	}
	return r, err
}

// newSystem starts a system that the test shuts down when it ends.
func newSystem(t *testing.T) *actor.System {
	t.Helper()
	sys, err := actor.NewSystem()
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		require.NoError(t, sys.Shutdown(ctx))
	})
	return sys
}

// startNode starts a node on a new system; the first of a test passes
// remote.WithEmbeddedServer, the others the first one's URL.
func startNode(t *testing.T, opts ...remote.Option) *remote.Node {
	t.Helper()
	sys := newSystem(t)
	opts = append([]remote.Option{remote.WithHeartbeat(50*time.Millisecond, 400*time.Millisecond)}, opts...)
	n, err := remote.Start(t.Context(), sys, opts...)
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		require.NoError(t, n.Close(ctx))
	})
	return n
}

// pair starts two nodes on one embedded server; the second has Secret
// registered and the first has not.
func pair(t *testing.T) (a, b *remote.Node) {
	t.Helper()
	a = startNode(t, remote.WithEmbeddedServer(), remote.WithRegistry(registry(t, false)))
	b = startNode(t, remote.WithURL(a.URL()), remote.WithRegistry(registry(t, true)))
	return a, b
}

// recv waits for a value from ch, failing the test after a guard timeout
// that only a deadlock would reach.
func recv[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	return testutil.Recv(t, ch, "a value")
}

// lookup waits for key to be known to n.
func lookup[M any](t *testing.T, n *remote.Node, key string) actor.Ref[M] {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	ref, err := remote.Lookup[M](ctx, n, key)
	require.NoError(t, err)
	return ref
}

// deadLetters collects the dead letters published on sys.
func deadLetters(t *testing.T, sys *actor.System) <-chan actor.DeadLetter {
	t.Helper()
	return testutil.DeadLetters(t, sys)
}

func contextWithTimeout(t testing.TB, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(t.Context(), d)
}
