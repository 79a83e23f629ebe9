package remote_test

import (
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/remote"
)

// NATS credentials pass straight through WithNATSOptions: a server that
// requires a token refuses a node without it and serves one with it.
func TestNATSCredentialsPassThrough(t *testing.T) {
	srv, err := server.NewServer(&server.Options{
		Host: "127.0.0.1", Port: server.RANDOM_PORT, NoLog: true, NoSigs: true,
		Authorization: "s3cret",
	})
	require.NoError(t, err)
	go srv.Start()
	t.Cleanup(func() { srv.Shutdown(); srv.WaitForShutdown() })
	require.True(t, srv.ReadyForConnections(10*time.Second))

	_, err = remote.Start(t.Context(), newSystem(t), remote.WithURL(srv.ClientURL()))
	require.ErrorIs(t, err, nats.ErrAuthorization)

	a := startNode(t, remote.WithURL(srv.ClientURL()), remote.WithNATSOptions(nats.Token("s3cret")), remote.WithRegistry(registry(t, false)))
	b := startNode(t, remote.WithURL(srv.ClientURL()), remote.WithNATSOptions(nats.Token("s3cret")), remote.WithRegistry(registry(t, false)))
	rec := spawnReceiver(t, a, "rx")
	rec.waitFor(t, lookup[Greeting](t, b, "rx"), 0)
}
