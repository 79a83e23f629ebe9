package reactor_test

import (
	"context"
	"crypto/tls"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/internal/testutil"
	"github.com/actorio/actorio/io/reactor"
)

// TestTLS serves TLS and echoes a few KB to a crypto/tls client and to a
// reactor.Dial client with WithTLS.
func TestTLS(t *testing.T) {
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		e := newEnv(t, ec)
		serverCfg, clientCfg := testutil.TLSConfigs(t)
		ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(echoIO), reactor.WithTLS(serverCfg))
		require.NoError(t, err)
		msg := string(pattern(7, 8<<10))

		t.Run("crypto/tls client", func(t *testing.T) {
			c, err := tls.Dial("tcp", ln.Addr().String(), clientCfg)
			require.NoError(t, err)
			defer c.Close()
			require.NoError(t, c.SetDeadline(time.Now().Add(waitFor)))
			echoOnce(t, c, msg)
		})
		t.Run("reactor client", func(t *testing.T) {
			got := make(chan string, 64)
			ref, err := reactor.Dial(context.Background(), e.sys, e.r, "tcp", ln.Addr().String(), newRelay(e.tr, got), reactor.WithTLS(clientCfg))
			require.NoError(t, err)
			exchange(t, ref, got, msg)
			ref.Stop()
		})
	})
}
