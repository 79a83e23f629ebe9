package reactor_test

import (
	"context"
	"io"
	"net"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/io/reactor"
)

// wrappedListener hides a listener's type, as a middleware would: Serve
// can only run it on the portable engine.
type wrappedListener struct{ net.Listener }

// TestServeAndClose serves an adopted net.Listener, then closes the
// Listener: it stops accepting, and each of its connections stops, so its
// handler gets Closed{Err: actor.ErrStopped} (its parent stopped it) and
// its client reads end of stream.
func TestServeAndClose(t *testing.T) {
	const clients = 3
	tests := []struct {
		name string
		wrap func(net.Listener) net.Listener
	}{
		{name: "tcp listener", wrap: func(ln net.Listener) net.Listener { return ln }},
		{name: "wrapped listener", wrap: func(ln net.Listener) net.Listener { return wrappedListener{ln} }},
	}
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				e := newEnv(t, ec)
				nl, err := net.Listen("tcp", "127.0.0.1:0")
				require.NoError(t, err)
				ln, err := reactor.Serve(e.sys, e.r, tt.wrap(nl), e.handler(echoIO))
				require.NoError(t, err)
				require.Equal(t, nl.Addr().String(), ln.Addr().String())
				var conns []net.Conn
				for range clients {
					c := dialTCP(t, ln.Addr().String())
					echoOnce(t, c, "hello")
					conns = append(conns, c)
				}

				require.NoError(t, ln.Close())
				require.NoError(t, ln.Close(), "a second Close does nothing")
				for range clients {
					require.ErrorIs(t, e.tr.nextClosed(t), actor.ErrStopped)
				}
				for _, c := range conns {
					_, err := io.ReadAll(c)
					require.NoError(t, err, "end of stream")
				}
				ctx, cancel := context.WithTimeout(context.Background(), waitFor)
				defer cancel()
				_, err = ln.PID().Terminated().Await(ctx)
				require.NoError(t, err)
				_, err = net.Dial("tcp", ln.Addr().String())
				require.ErrorIs(t, err, syscall.ECONNREFUSED, "the listening socket is closed")
			})
		}
	})
}
