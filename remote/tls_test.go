package remote_test

import (
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/internal/testutil"
	"github.com/actorio/actorio/remote"
)

// TLS passes straight through WithNATSOptions: a node that trusts the
// server's certificate talks to it over TLS; one that does not is refused.
func TestNATSTLSPassThrough(t *testing.T) {
	serverTLS, clientTLS := testutil.TLSConfigs(t)
	srv, err := server.NewServer(&server.Options{
		Host: "127.0.0.1", Port: server.RANDOM_PORT, NoLog: true, NoSigs: true,
		TLS: true, TLSConfig: serverTLS, TLSTimeout: 5,
	})
	require.NoError(t, err)
	go srv.Start()
	t.Cleanup(func() { srv.Shutdown(); srv.WaitForShutdown() })
	require.True(t, srv.ReadyForConnections(10*time.Second))
	url := srv.ClientURL()

	_, err = remote.Start(t.Context(), newSystem(t), remote.WithURL(url))
	require.Error(t, err, "a node that does not trust the certificate is refused")

	trust := remote.WithNATSOptions(nats.Secure(clientTLS))
	a := startNode(t, remote.WithURL(url), trust, remote.WithRegistry(registry(t, false)))
	b := startNode(t, remote.WithURL(url), trust, remote.WithRegistry(registry(t, false)))
	rec := spawnReceiver(t, a, "rx")
	rec.waitFor(t, lookup[Greeting](t, b, "rx"), 0)
}
