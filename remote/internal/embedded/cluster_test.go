package embedded_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/actorio/actorio/remote/internal/embedded"
	"github.com/stretchr/testify/require"
)

func TestStartClusterRoutes(t *testing.T) {
	c := startCluster(t, 3)
	require.Len(t, c.Servers, 3)
	urls := strings.Split(c.URLs(), ",")
	names := map[string]bool{}
	for i, s := range c.Servers {
		require.Equal(t, s.ClientURL(), urls[i])
		require.NotEmpty(t, s.ClusterURL())
		names[s.Name()] = true
	}
	require.Len(t, names, 3, "server names must differ")

	nc0 := connect(t, c.Servers[0].ClientURL())
	nc2 := connect(t, c.Servers[2].ClientURL())
	sub := subscribe(t, nc0, "greet")
	waitInterest(t, nc2, "greet", sub)
	publish(t, nc2, "greet", "hello")
	require.True(t, receive(sub, "hello", waitTimeout))

	nc := connect(t, c.URLs())
	publish(t, nc, "greet", "from anywhere")
	require.True(t, receive(sub, "from anywhere", waitTimeout))

	c.Shutdown()
	c.Shutdown() // idempotent
}

func TestClusterPartitionHeal(t *testing.T) {
	c := startCluster(t, 3)
	nc0 := connect(t, c.Servers[0].ClientURL())
	nc1 := connect(t, c.Servers[1].ClientURL())
	nc2 := connect(t, c.Servers[2].ClientURL())
	sub0 := subscribe(t, nc0, "to.zero")
	sub1 := subscribe(t, nc1, "to.zero")
	sub2 := subscribe(t, nc2, "to.two")
	waitInterest(t, nc2, "to.zero", sub0, sub1)
	waitInterest(t, nc0, "to.two", sub2)

	c.Partition(0)
	publish(t, nc2, "to.zero", "cut")
	require.True(t, receive(sub1, "cut", waitTimeout), "server 1 is on server 2's side")
	require.False(t, receive(sub0, "cut", quietWindow), "server 0 is cut off")
	publish(t, nc0, "to.two", "cut")
	require.False(t, receive(sub2, "cut", quietWindow), "server 0 is cut off")

	c.Heal()
	waitRoutes(t, c)
	waitInterest(t, nc2, "to.zero", sub0)
	publish(t, nc2, "to.zero", "healed")
	require.True(t, receive(sub0, "healed", waitTimeout))
	waitInterest(t, nc0, "to.two", sub2)
	publish(t, nc0, "to.two", "healed")
	require.True(t, receive(sub2, "healed", waitTimeout))
}

func TestClusterPartitionOutOfRange(t *testing.T) {
	c := startCluster(t, 1)
	require.Panics(t, func() { c.Partition(1) })
	require.Panics(t, func() { c.Partition(-1) })
}

func TestClusterRestartMember(t *testing.T) {
	c := startCluster(t, 3)
	url := c.Servers[1].ClientURL()
	require.NoError(t, c.Servers[1].Restart())
	require.Equal(t, url, c.Servers[1].ClientURL())
	waitRoutes(t, c)

	nc0 := connect(t, c.Servers[0].ClientURL())
	nc1 := connect(t, url)
	sub := subscribe(t, nc1, "greet")
	waitInterest(t, nc0, "greet", sub)
}

func TestStartClusterInvalidOptions(t *testing.T) {
	tests := []struct {
		name string
		n    int
		give embedded.Options
	}{
		{name: "no servers", n: 0},
		{name: "port", n: 2, give: embedded.Options{Port: 4222}},
		{name: "cluster port", n: 2, give: embedded.Options{ClusterPort: 6222}},
		{name: "routes", n: 2, give: embedded.Options{Routes: []string{"nats://127.0.0.1:6222"}}},
		{name: "negative max payload", n: 2, give: embedded.Options{MaxPayload: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := embedded.StartCluster(tt.n, tt.give)
			require.ErrorIs(t, err, embedded.ErrOptions)
			require.Nil(t, c)
		})
	}
}

func TestClusterJetStream(t *testing.T) {
	dir := t.TempDir()
	c, err := embedded.StartCluster(3, embedded.Options{Name: "js", JetStream: true, StoreDir: dir})
	require.NoError(t, err)
	t.Cleanup(c.Shutdown)
	for i, s := range c.Servers {
		require.Equal(t, fmt.Sprintf("js-%d", i), s.Name())
		require.DirExists(t, filepath.Join(dir, s.Name()))
	}

	js := jetStream(t, c.Servers[0].ClientURL())
	cfg := jetstreamConfig
	cfg.Replicas = 3
	var err2 error
	eventually(t, func() bool { // until the servers have elected a JetStream leader
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_, err2 = js.CreateStream(ctx, cfg)
		return err2 == nil
	}, func() string { return fmt.Sprintf("create a replicated stream: %v", err2) })
}
