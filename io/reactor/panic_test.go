package reactor_test

import (
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/io/reactor"
)

// TestHandlerPanic has one connection's handler panic: that connection
// closes, and the other connections of the Listener go on.
func TestHandlerPanic(t *testing.T) {
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		e := newEnv(t, ec)
		newIO := func(*reactor.Conn) ioFunc {
			return func(c *reactor.Conn, ev reactor.Event) {
				if _, ok := ev.(reactor.Readable); ok {
					if string(c.Peek()) == "panic" {
						panic("handler panics on purpose")
					}
					_, _ = c.Write(c.Next(c.Buffered()))
				}
			}
		}
		ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(newIO))
		require.NoError(t, err)
		other := dialTCP(t, ln.Addr().String())
		echoOnce(t, other, "before")
		bad := dialTCP(t, ln.Addr().String())
		echoOnce(t, bad, "hello")

		_, err = bad.Write([]byte("panic"))
		require.NoError(t, err)
		require.ErrorIs(t, e.tr.nextClosed(t), actor.ErrStopped, "its supervisor stopped the panicking connection")
		n, _ := io.Copy(io.Discard, bad) // end of stream, or a reset
		require.Zero(t, n)
		echoOnce(t, other, "after")
	})
}
