package reactor_test

import (
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/io/reactor"
)

// TestMetricsConnections: Metrics counts the open connections of both
// engines, up as they start and down as they close, and the loops.
func TestMetricsConnections(t *testing.T) {
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		e := newEnv(t, ec, reactor.WithLoops(2))
		if ec.engine == reactor.EnginePortable {
			require.Zero(t, e.r.Metrics().Loops)
		} else if runtime.GOOS == "linux" {
			require.Equal(t, 2, e.r.Metrics().Loops)
		}
		ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(echoIO))
		require.NoError(t, err)
		const n = 5
		for range n {
			c := dialTCP(t, ln.Addr().String())
			echoOnce(t, c, "hi") // served: its connection has started
			defer c.Close()
		}
		require.EqualValues(t, n, e.r.Metrics().Connections)
		ln.Close()
		for range n {
			e.tr.nextClosed(t)
		}
		waitUntil(t, "connections closed", func() bool { return e.r.Metrics().Connections == 0 })
	})
}

// waitUntil polls cond until it holds, failing the test after waitFor.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", waitFor, what)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestIdleConnSize keeps Conn's documentation honest: a connection's
// actor, Conn included, fits 144 bytes.
func TestIdleConnSize(t *testing.T) {
	require.LessOrEqual(t, reactor.ConnActorSize, uintptr(144))
}
