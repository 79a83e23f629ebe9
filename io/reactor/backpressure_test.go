package reactor_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/io/reactor"
)

// bulk is a stream the backpressure tests send, shared read-only.
var bulk = pattern(42, 16<<20)

// TestOutboundStaysBounded has a handler write 16 MiB to a client that
// reads only once the handler has had to wait for room: the handler
// writes while Outbound leaves room for a chunk and resumes on Writable,
// so the queue stays within MaxOutbound and every byte arrives.
func TestOutboundStaysBounded(t *testing.T) {
	const maxOut, chunk = 1 << 20, 64 << 10
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		e := newEnv(t, ec)
		stalled := make(chan struct{})
		peak := make(chan int, 1)
		newIO := func(*reactor.Conn) ioFunc {
			off, most, started, stalled := 0, 0, false, stalled
			return func(c *reactor.Conn, ev reactor.Event) {
				switch ev.(type) {
				case reactor.Readable:
					c.Discard(c.Buffered())
					started = true
				case reactor.Writable:
				case reactor.Closed:
					peak <- most
					return
				default:
					return
				}
				if !started {
					return
				}
				for off < len(bulk) && c.Outbound()+chunk <= maxOut {
					_, err := c.Write(bulk[off : off+chunk])
					if err != nil {
						return
					}
					off += chunk
					most = max(most, c.Outbound())
				}
				switch {
				case off == len(bulk):
					_ = c.Close()
				case stalled != nil:
					close(stalled)
					stalled = nil
				}
			}
		}
		ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(newIO), reactor.WithMaxOutbound(maxOut))
		require.NoError(t, err)
		c := dialTCP(t, ln.Addr().String())
		_, err = c.Write([]byte("go"))
		require.NoError(t, err)
		recv(t, stalled, "the handler to wait for room")
		got, err := io.ReadAll(c)
		require.NoError(t, err)
		require.True(t, bytes.Equal(bulk, got), "received %d bytes, want the %d sent", len(got), len(bulk))
		require.NoError(t, e.tr.nextClosed(t))
		require.LessOrEqual(t, recv(t, peak, "the peak of Outbound"), maxOut)
	})
}

// TestOutboundFull has a handler write without looking at Outbound to a
// client that never reads: with a small MaxOutbound, a Write fails with
// ErrOutboundFull and the connection closes with it.
func TestOutboundFull(t *testing.T) {
	const maxOut, chunk = 64 << 10, 16 << 10
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		e := newEnv(t, ec)
		werr := make(chan error, 1)
		newIO := func(*reactor.Conn) ioFunc {
			return func(c *reactor.Conn, ev reactor.Event) {
				if _, ok := ev.(reactor.Readable); !ok || c.Buffered() == 0 {
					return
				}
				c.Discard(c.Buffered())
				for off := 0; ; off = (off + chunk) % len(bulk) {
					_, err := c.Write(bulk[off : off+chunk])
					if err != nil {
						werr <- err
						return
					}
					if n := c.Outbound(); n > maxOut {
						werr <- fmt.Errorf("%d bytes queued, more than MaxOutbound", n)
						return
					}
				}
			}
		}
		ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(newIO), reactor.WithMaxOutbound(maxOut))
		require.NoError(t, err)
		c := dialTCP(t, ln.Addr().String())
		_, err = c.Write([]byte("go"))
		require.NoError(t, err)
		require.ErrorIs(t, recv(t, werr, "a Write to fail"), reactor.ErrOutboundFull)
		require.ErrorIs(t, e.tr.nextClosed(t), reactor.ErrOutboundFull)
	})
}

// TestInboundBackpressure has a handler leave its input unconsumed while
// the client writes 16 MiB: the connection stops reading at about
// ReadHighWater, the client blocks, and once the handler consumes, the
// rest arrives intact.
func TestInboundBackpressure(t *testing.T) {
	const slack = 64 << 10 // one read buffer beyond the high watermark
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		for _, tt := range []struct {
			name      string
			high, low int
		}{
			{name: "power of two", high: 128 << 10, low: 32 << 10},
			{name: "not a power of two", high: 300 << 10, low: 100 << 10},
		} {
			t.Run(tt.name, func(t *testing.T) { testInboundBackpressure(t, ec, tt.high, tt.low, slack) })
		}
	})
}

func testInboundBackpressure(t *testing.T, ec engineCase, high, low, slack int) {
	e := newEnv(t, ec)
	done := make(chan inboundResult, 1)
	reachedHigh := make(chan struct{})
	// Touched only inside the connection's actor.
	var consume, intact bool = false, true
	var off, most int
	reached := reachedHigh
	take := func(c *reactor.Conn) {
		p := c.Next(c.Buffered())
		intact = intact && bytes.Equal(p, bulk[off:off+len(p)])
		off += len(p)
	}
	newIO := func(*reactor.Conn) ioFunc {
		return func(c *reactor.Conn, ev reactor.Event) {
			switch ev.(type) {
			case reactor.Readable:
				most = max(most, c.Buffered())
				if most >= high && reached != nil {
					close(reached)
					reached = nil
				}
				if consume {
					take(c)
				}
			case reactor.PeerClosed:
				take(c)
				done <- inboundResult{read: off, intact: intact, most: most}
			}
		}
	}
	ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(newIO),
		reactor.WithReadWatermarks(high, low))
	require.NoError(t, err)
	c := dialTCP(t, ln.Addr().String())
	ref := e.tr.nextRef(t)

	blocked := make(chan struct{})
	werr := make(chan error, 1)
	go func() { werr <- writeUntilBlocked(c, bulk, blocked) }()
	recv(t, reachedHigh, "the input to reach the high watermark")
	recv(t, blocked, "the client to block")
	var plateau int
	do(t, ref, func(c *reactor.Conn) {
		plateau = most
		consume = true
		take(c)
	})
	require.LessOrEqual(t, plateau, high+slack, "reading went on past the high watermark")
	require.NoError(t, recv(t, werr, "the client to write everything"))
	res := recv(t, done, "the handler to read everything")
	require.Equal(t, len(bulk), res.read)
	require.True(t, res.intact, "the input arrived damaged")
	require.LessOrEqual(t, res.most, high+slack, "reading went on past the high watermark")
	require.NoError(t, e.tr.nextClosed(t))
}

type inboundResult struct {
	read   int
	intact bool
	most   int // the most bytes Buffered
}

// writeUntilBlocked writes p to c, closes blocked the first time a write
// makes no progress for a while (the peer has stopped reading), goes on
// until everything is written and then half-closes c.
func writeUntilBlocked(c *net.TCPConn, p []byte, blocked chan struct{}) error {
	const stuck = 200 * time.Millisecond // no progress for this long: blocked
	for len(p) > 0 {
		if err := c.SetWriteDeadline(time.Now().Add(stuck)); err != nil {
			return err
		}
		n, err := c.Write(p[:min(len(p), 64<<10)])
		p = p[n:]
		switch {
		case errors.Is(err, os.ErrDeadlineExceeded):
			if blocked != nil {
				close(blocked)
				blocked = nil
			}
		case err != nil:
			return err
		}
	}
	if blocked != nil {
		close(blocked)
		return errors.New("the client never blocked: the server read everything")
	}
	if err := c.SetWriteDeadline(time.Time{}); err != nil {
		return err
	}
	return c.CloseWrite()
}
