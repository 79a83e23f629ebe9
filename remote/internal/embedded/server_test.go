package embedded_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actorio/actorio/remote/internal/embedded"
	"github.com/nats-io/nats.go"
	"github.com/stretchr/testify/require"
)

func TestStartShutdown(t *testing.T) {
	s, err := embedded.Start(embedded.Options{})
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(s.ClientURL(), "nats://127.0.0.1:"), s.ClientURL())
	require.Empty(t, s.ClusterURL())
	require.NotEmpty(t, s.Name())

	s.Shutdown()
	s.Shutdown() // idempotent

	_, err = nats.Connect(s.ClientURL(), nats.NoReconnect())
	require.ErrorIs(t, err, nats.ErrNoServers)
}

func TestStartInvalidOptions(t *testing.T) {
	tests := []struct {
		name string
		give embedded.Options
	}{
		{name: "negative port", give: embedded.Options{Port: -1}},
		{name: "negative cluster port", give: embedded.Options{ClusterName: "c", ClusterPort: -2}},
		{name: "negative max payload", give: embedded.Options{MaxPayload: -1}},
		{name: "cluster port without cluster", give: embedded.Options{ClusterPort: 6222}},
		{name: "routes without cluster", give: embedded.Options{Routes: []string{"nats://127.0.0.1:6222"}}},
		{name: "route without host", give: embedded.Options{ClusterName: "c", Routes: []string{"6222"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := embedded.Start(tt.give)
			require.ErrorIs(t, err, embedded.ErrOptions)
			require.Nil(t, s)
		})
	}
}

func TestStartPortTaken(t *testing.T) {
	s := start(t, embedded.Options{})
	u, err := url.Parse(s.ClientURL())
	require.NoError(t, err)
	port, err := strconv.Atoi(u.Port())
	require.NoError(t, err)

	taken, err := embedded.Start(embedded.Options{Port: port})
	require.ErrorIs(t, err, embedded.ErrNotReady)
	require.Nil(t, taken)
}

func TestStartOptions(t *testing.T) {
	var mu sync.Mutex
	var lines []string
	s := start(t, embedded.Options{
		Name:        "alpha",
		ClusterName: "solo",
		MaxPayload:  1024,
		Logf: func(format string, args ...any) {
			mu.Lock()
			defer mu.Unlock()
			lines = append(lines, format)
		},
	})
	require.Equal(t, "alpha", s.Name())
	require.True(t, strings.HasPrefix(s.ClusterURL(), "nats://127.0.0.1:"), s.ClusterURL())
	require.NotEqual(t, s.ClientURL(), s.ClusterURL())

	nc := connect(t, s.ClientURL())
	require.Equal(t, int64(1024), nc.MaxPayload())
	require.ErrorIs(t, nc.Publish("big", make([]byte, 1025)), nats.ErrMaxPayload)

	mu.Lock()
	defer mu.Unlock()
	require.Contains(t, lines, "[INF] Server is ready")
}

func TestPublishSubscribe(t *testing.T) {
	s := start(t, embedded.Options{})
	nc := connect(t, s.ClientURL())
	require.Equal(t, int64(1<<20), nc.MaxPayload(), "the default is the server's 1 MiB")
	sub := subscribe(t, nc, "greet")
	publish(t, nc, "greet", "hello")
	require.True(t, receive(sub, "hello", waitTimeout))
}

func TestRestartReconnects(t *testing.T) {
	s := start(t, embedded.Options{})
	url := s.ClientURL()
	reconnected := make(chan struct{}, 1)
	nc := connect(t, url,
		nats.MaxReconnects(-1),
		nats.ReconnectWait(20*time.Millisecond),
		nats.ReconnectHandler(func(*nats.Conn) {
			select {
			case reconnected <- struct{}{}:
			default:
			}
		}))
	sub := subscribe(t, nc, "greet")

	require.NoError(t, s.Restart())
	require.Equal(t, url, s.ClientURL())
	select {
	case <-reconnected:
	case <-time.After(waitTimeout):
		t.Fatal("client did not reconnect")
	}
	publish(t, nc, "greet", "again")
	require.True(t, receive(sub, "again", waitTimeout))
}

func TestRestartAfterShutdown(t *testing.T) {
	s := start(t, embedded.Options{})
	url := s.ClientURL()
	s.Shutdown()
	require.NoError(t, s.Restart())
	require.Equal(t, url, s.ClientURL())
	nc := connect(t, url)
	sub := subscribe(t, nc, "greet")
	publish(t, nc, "greet", "back")
	require.True(t, receive(sub, "back", waitTimeout))
}

func TestJetStreamTemporaryStore(t *testing.T) {
	s := start(t, embedded.Options{JetStream: true})
	dir := embedded.StoreDir(s)
	require.DirExists(t, dir)
	putMessage(t, s.ClientURL())

	require.NoError(t, s.Restart())
	require.Equal(t, dir, embedded.StoreDir(s))
	require.Equal(t, uint64(1), countMessages(t, s.ClientURL()))

	s.Shutdown()
	require.NoDirExists(t, dir)
}

func TestJetStreamGivenStore(t *testing.T) {
	dir := t.TempDir()
	s := start(t, embedded.Options{JetStream: true, StoreDir: dir})
	putMessage(t, s.ClientURL())
	s.Shutdown()
	require.DirExists(t, dir)

	s = start(t, embedded.Options{JetStream: true, StoreDir: dir})
	require.Equal(t, uint64(1), countMessages(t, s.ClientURL()))
}

// putMessage creates the stream "ORDERS" on the server at url and stores
// one message in it.
func putMessage(t *testing.T, url string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	js := jetStream(t, url)
	_, err := js.CreateStream(ctx, jetstreamConfig)
	require.NoError(t, err)
	_, err = js.Publish(ctx, "orders.1", []byte("one"))
	require.NoError(t, err)
}

// countMessages returns the number of messages in the stream "ORDERS" on
// the server at url.
func countMessages(t *testing.T, url string) uint64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	stream, err := jetStream(t, url).Stream(ctx, jetstreamConfig.Name)
	require.NoError(t, err)
	info, err := stream.Info(ctx)
	require.NoError(t, err)
	return info.State.Msgs
}
