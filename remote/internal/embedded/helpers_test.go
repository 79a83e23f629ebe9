package embedded_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/actorio/actorio/remote/internal/embedded"
	"github.com/nats-io/nats.go"
	"github.com/stretchr/testify/require"
)

// waitTimeout bounds every wait for something that must happen.
const waitTimeout = 10 * time.Second

// quietWindow is how long a test watches for something that must not happen.
const quietWindow = 300 * time.Millisecond

// start starts a server that is shut down when the test ends.
func start(t *testing.T, opts embedded.Options) *embedded.Server {
	t.Helper()
	s, err := embedded.Start(opts)
	require.NoError(t, err)
	t.Cleanup(s.Shutdown)
	return s
}

// startCluster starts a cluster of n servers that is shut down when the
// test ends.
func startCluster(t *testing.T, n int) *embedded.Cluster {
	t.Helper()
	c, err := embedded.StartCluster(n, embedded.Options{})
	require.NoError(t, err)
	t.Cleanup(c.Shutdown)
	return c
}

// connect returns a client of url that is closed when the test ends.
func connect(t *testing.T, url string, opts ...nats.Option) *nats.Conn {
	t.Helper()
	nc, err := nats.Connect(url, opts...)
	require.NoError(t, err)
	t.Cleanup(nc.Close)
	return nc
}

// subscribe subscribes nc to subject and flushes, so that nc's server
// knows of the subscription when it returns.
func subscribe(t *testing.T, nc *nats.Conn, subject string) *nats.Subscription {
	t.Helper()
	sub, err := nc.SubscribeSync(subject)
	require.NoError(t, err)
	require.NoError(t, nc.Flush())
	return sub
}

// publish publishes payload on subject and flushes, so that nc's server
// has it when publish returns.
func publish(t *testing.T, nc *nats.Conn, subject, payload string) {
	t.Helper()
	require.NoError(t, nc.Publish(subject, []byte(payload)))
	require.NoError(t, nc.Flush())
}

// receive reads sub, skipping other messages, until one with payload want
// arrives, and reports whether it did within timeout.
func receive(sub *nats.Subscription, want string, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return false
		}
		msg, err := sub.NextMsg(left)
		if err != nil {
			return false
		}
		if string(msg.Data) == want {
			return true
		}
	}
}

// waitInterest publishes probes on subject from pub until every sub has
// received one, that is until the interest of subs has reached pub's
// server. It fails the test after waitTimeout.
func waitInterest(t *testing.T, pub *nats.Conn, subject string, subs ...*nats.Subscription) {
	t.Helper()
	got := make([]bool, len(subs))
	deadline := time.Now().Add(waitTimeout)
	for i := 0; ; i++ {
		publish(t, pub, subject, fmt.Sprintf("probe-%d", i))
		done := true
		for j, sub := range subs {
			for !got[j] {
				msg, err := sub.NextMsg(20 * time.Millisecond)
				if err != nil {
					break
				}
				got[j] = strings.HasPrefix(string(msg.Data), "probe-")
			}
			done = done && got[j]
		}
		if done {
			return
		}
		require.True(t, time.Now().Before(deadline), "interest in %q did not propagate", subject)
	}
}

// eventually polls cond every 10 ms until it holds, and fails the test
// with what msg says after waitTimeout.
func eventually(t *testing.T, cond func() bool, msg func() string) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			require.FailNow(t, msg())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitRoutes waits until every server of c is routed to every other.
func waitRoutes(t *testing.T, c *embedded.Cluster) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	require.NoError(t, c.WaitRoutes(ctx))
}
