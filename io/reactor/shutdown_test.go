package reactor_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/io/reactor"
)

// writeOnRequest writes size bytes of bulk, in chunks, on the first
// input, and reports the Write error.
func writeOnRequest(size int, werr chan<- error) func(*reactor.Conn) ioFunc {
	const chunk = 256 << 10
	return func(*reactor.Conn) ioFunc {
		done := false
		return func(c *reactor.Conn, ev reactor.Event) {
			if _, ok := ev.(reactor.Readable); !ok || done {
				return
			}
			done = true
			c.Discard(c.Buffered())
			var err error
			for off := 0; off < size && err == nil; off += chunk {
				_, err = c.Write(bulk[off:min(off+chunk, size)])
			}
			werr <- err
		}
	}
}

// TestShutdownFlushes has a handler queue 8 MiB for a client that starts
// reading only once System.Shutdown has stopped the connection's actor:
// Shutdown waits for the output, the client gets every byte and then end
// of stream, and Shutdown returns nil.
func TestShutdownFlushes(t *testing.T) {
	const size = 8 << 20
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		e := newEnv(t, ec, reactor.WithFlushTimeout(waitFor))
		werr := make(chan error, 1)
		ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(writeOnRequest(size, werr)), reactor.WithMaxOutbound(16<<20))
		require.NoError(t, err)
		c := dialTCP(t, ln.Addr().String())
		_, err = c.Write([]byte("go"))
		require.NoError(t, err)
		require.NoError(t, recv(t, werr, "the handler's writes"))

		shut := make(chan error, 1)
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), waitFor)
			defer cancel()
			shut <- e.sys.Shutdown(ctx)
		}()
		ctx, cancel := context.WithTimeout(context.Background(), waitFor)
		defer cancel()
		_, err = ln.PID().Terminated().Await(ctx) // the connection has stopped too
		require.NoError(t, err)
		require.ErrorIs(t, e.tr.nextClosed(t), actor.ErrStopped)

		got, err := io.ReadAll(c)
		require.NoError(t, err)
		require.True(t, bytes.Equal(bulk[:size], got), "received %d bytes, want %d", len(got), size)
		require.NoError(t, recv(t, shut, "Shutdown to return"))
	})
}

// TestShutdownFlushTimeout has a handler queue 8 MiB for a client that
// never reads: Shutdown gives up on the output after FlushTimeout and
// returns nil.
func TestShutdownFlushTimeout(t *testing.T) {
	const size = 8 << 20
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		e := newEnv(t, ec, reactor.WithFlushTimeout(200*time.Millisecond))
		werr := make(chan error, 1)
		ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(writeOnRequest(size, werr)), reactor.WithMaxOutbound(16<<20))
		require.NoError(t, err)
		c := dialTCP(t, ln.Addr().String())
		_, err = c.Write([]byte("go"))
		require.NoError(t, err)
		require.NoError(t, recv(t, werr, "the handler's writes"))

		ctx, cancel := context.WithTimeout(context.Background(), waitFor)
		defer cancel()
		require.NoError(t, e.sys.Shutdown(ctx))
		require.ErrorIs(t, e.tr.nextClosed(t), actor.ErrStopped)
	})
}

// TestCloseFlushes has the handler write and Close in the same turn: the
// output is written after Close, and the client reads all of it and then
// end of stream.
func TestCloseFlushes(t *testing.T) {
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		for _, size := range []int{1 << 10, 1 << 20} {
			t.Run(fmt.Sprint(size, " bytes"), func(t *testing.T) {
				e := newEnv(t, ec)
				newIO := func(*reactor.Conn) ioFunc {
					return func(c *reactor.Conn, ev reactor.Event) {
						if _, ok := ev.(reactor.Readable); ok {
							c.Discard(c.Buffered())
							_, _ = c.Write(bulk[:size])
							_ = c.Close()
						}
					}
				}
				ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(newIO))
				require.NoError(t, err)
				c := dialTCP(t, ln.Addr().String())
				_, err = c.Write([]byte("go"))
				require.NoError(t, err)
				got, err := io.ReadAll(c)
				require.NoError(t, err)
				require.True(t, bytes.Equal(bulk[:size], got), "received %d bytes, want %d", len(got), size)
				require.NoError(t, e.tr.nextClosed(t))
			})
		}
	})
}
