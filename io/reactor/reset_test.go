package reactor_test

import (
	"bytes"
	"io"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/io/reactor"
)

// TestPeerReset has a client reset its connection (SO_LINGER 0): the
// handler gets one Closed with the reset as its error.
func TestPeerReset(t *testing.T) {
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		e := newEnv(t, ec)
		ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(echoIO))
		require.NoError(t, err)
		c := dialTCP(t, ln.Addr().String())
		_, err = c.Write([]byte("hi"))
		require.NoError(t, err)
		got := make([]byte, 2)
		_, err = io.ReadFull(c, got)
		require.NoError(t, err)
		require.NoError(t, c.SetLinger(0))
		require.NoError(t, c.Close())

		err = e.tr.nextClosed(t)
		require.Error(t, err)
		if !e.r.Portable() {
			require.ErrorIs(t, err, syscall.ECONNRESET)
		}
	})
}

// TestLargeWrite has the handler write 8 MiB, far more than the socket
// buffers take, in one Write: the client reads it all, intact.
func TestLargeWrite(t *testing.T) {
	const size = 8 << 20
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		e := newEnv(t, ec)
		werr := make(chan error, 1)
		newIO := func(*reactor.Conn) ioFunc {
			return func(c *reactor.Conn, ev reactor.Event) {
				if _, ok := ev.(reactor.Readable); ok && c.Buffered() > 0 {
					c.Discard(c.Buffered())
					n, err := c.Write(bulk[:size])
					if err == nil && n != size {
						err = io.ErrShortWrite
					}
					werr <- err
				}
			}
		}
		ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(newIO), reactor.WithMaxOutbound(16<<20))
		require.NoError(t, err)
		c := dialTCP(t, ln.Addr().String())
		_, err = c.Write([]byte("go"))
		require.NoError(t, err)
		got := make([]byte, size)
		_, err = io.ReadFull(c, got)
		require.NoError(t, err)
		require.True(t, bytes.Equal(bulk[:size], got), "the 8 MiB arrived damaged")
		require.NoError(t, recv(t, werr, "the handler's Write"))
		require.NoError(t, c.Close())
		require.NoError(t, e.tr.nextClosed(t))
	})
}
