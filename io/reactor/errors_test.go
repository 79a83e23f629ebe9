package reactor_test

import (
	"context"
	"io"
	"net"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/io/reactor"
)

func TestNewBadOptions(t *testing.T) {
	tests := []struct {
		name string
		opts []reactor.Option
	}{
		{name: "negative loops", opts: []reactor.Option{reactor.WithLoops(-1)}},
		{name: "unknown engine", opts: []reactor.Option{reactor.WithEngine(reactor.Engine(42))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sys, err := actor.NewSystem()
			require.NoError(t, err)
			t.Cleanup(func() { shutdown(t, sys) })
			_, err = reactor.New(sys, tt.opts...)
			require.Error(t, err)
		})
	}
}

func TestBadConnOptions(t *testing.T) {
	tests := []struct {
		name string
		opt  reactor.ConnOption
	}{
		{name: "low above high", opt: reactor.WithReadWatermarks(1<<10, 2<<10)},
		{name: "negative high", opt: reactor.WithReadWatermarks(-1, 0)},
		{name: "negative max outbound", opt: reactor.WithMaxOutbound(-1)},
		{name: "negative idle timeout", opt: reactor.WithIdleTimeout(-1)},
		{name: "negative dial timeout", opt: reactor.WithDialTimeout(-1)},
	}
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				e := newEnv(t, ec)
				ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(nil), tt.opt)
				require.Error(t, err, "Listen")
				require.Nil(t, ln)

				peerLn, err := net.Listen("tcp", "127.0.0.1:0")
				require.NoError(t, err)
				defer peerLn.Close()
				_, err = reactor.Dial(context.Background(), e.sys, e.r, "tcp", peerLn.Addr().String(), e.handler(nil), tt.opt)
				require.Error(t, err, "Dial")

				adopted, peer := tcpPair(t)
				defer peer.Close()
				_, err = reactor.Adopt(e.sys, e.r, adopted, e.handler(nil), tt.opt)
				require.Error(t, err, "Adopt")
				requireEOF(t, peer, "Adopt closes the conn it fails to adopt")
			})
		}
	})
}

// TestAfterShutdown calls New, Listen, Serve, Dial and Adopt once the
// System has shut down: each fails with ErrClosed.
func TestAfterShutdown(t *testing.T) {
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		e := newEnv(t, ec)
		peerLn, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		echoServer(t, peerLn)
		shutdown(t, e.sys)

		_, err = reactor.New(e.sys, reactor.WithEngine(ec.engine))
		require.ErrorIs(t, err, reactor.ErrClosed, "New")
		_, err = reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(nil))
		require.ErrorIs(t, err, reactor.ErrClosed, "Listen")
		nl, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		defer nl.Close()
		_, err = reactor.Serve(e.sys, e.r, nl, e.handler(nil))
		require.ErrorIs(t, err, reactor.ErrClosed, "Serve")
		_, err = reactor.Dial(context.Background(), e.sys, e.r, "tcp", peerLn.Addr().String(), e.handler(nil))
		require.ErrorIs(t, err, reactor.ErrClosed, "Dial")
		adopted, peer := tcpPair(t)
		defer peer.Close()
		_, err = reactor.Adopt(e.sys, e.r, adopted, e.handler(nil))
		require.ErrorIs(t, err, reactor.ErrClosed, "Adopt")
		requireEOF(t, peer, "Adopt closes the conn it fails to adopt")
	})
}

// TestConnErrors calls the methods of a Conn where they fail.
func TestConnErrors(t *testing.T) {
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		e := newEnv(t, ec)
		ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(nil))
		require.NoError(t, err)
		c := dialTCP(t, ln.Addr().String())
		ref := e.tr.nextRef(t)

		var readErr, frameErr, closeErr, againErr, writeErr, shutErr error
		var n int
		do(t, ref, func(c *reactor.Conn) {
			n, readErr = c.Read(make([]byte, 8))
			frameErr = c.WriteFrame([]byte("x"))
			closeErr = c.Close()
			againErr = c.Close()
			_, writeErr = c.Write([]byte("x"))
			shutErr = c.CloseWrite()
		})
		require.Zero(t, n)
		require.ErrorIs(t, readErr, reactor.ErrWouldBlock, "Read with nothing buffered")
		require.ErrorIs(t, frameErr, reactor.ErrNoCodec, "WriteFrame without a codec")
		require.NoError(t, closeErr)
		require.ErrorIs(t, againErr, reactor.ErrClosed, "Close after Close")
		require.ErrorIs(t, writeErr, reactor.ErrClosed, "Write after Close")
		require.ErrorIs(t, shutErr, reactor.ErrClosed, "CloseWrite after Close")
		require.NoError(t, e.tr.nextClosed(t), "Close closes cleanly")
		requireEOF(t, c, "the server closed")
	})
}

// requireEOF requires c to read end of stream and nothing before it.
func requireEOF(t *testing.T, c net.Conn, msg string) {
	t.Helper()
	n, err := c.Read(make([]byte, 1))
	require.Zero(t, n, msg)
	require.ErrorIs(t, err, io.EOF, msg)
}
