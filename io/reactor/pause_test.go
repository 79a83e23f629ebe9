package reactor_test

import (
	"fmt"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/io/codec"
	"github.com/actorio/actorio/io/reactor"
)

// TestPauseReadingHoldsFrames pauses a codec connection on its first
// frame while the peer has sent many: no other frame is delivered until
// ResumeReading, then all of them, in order.
func TestPauseReadingHoldsFrames(t *testing.T) {
	const frames = 50
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		e := newEnv(t, ec)
		line, err := codec.NewLine()
		require.NoError(t, err)
		got := make(chan string, frames)
		ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(func(*reactor.Conn) ioFunc {
			first := true
			return func(c *reactor.Conn, ev reactor.Event) {
				if f, ok := ev.(reactor.Frame); ok {
					got <- string(f.Data)
					if first {
						first = false
						c.PauseReading()
					}
				}
			}
		}), reactor.WithCodec(line))
		require.NoError(t, err)
		c := dialTCP(t, ln.Addr().String())
		var wire []byte
		for i := range frames {
			wire = fmt.Appendf(wire, "line %d\n", i)
		}
		_, err = c.Write(wire)
		require.NoError(t, err)
		ref := e.tr.nextRef(t)
		require.Equal(t, "line 0", recv(t, got, "the first line"))

		// Whatever has been read stays held: a round trip through the
		// actor's mailbox delivers nothing more.
		paused := false
		do(t, ref, func(c *reactor.Conn) { paused = c.ReadingPaused() })
		require.True(t, paused)
		do(t, ref, func(*reactor.Conn) {})
		require.Empty(t, got, "frames delivered while paused")

		do(t, ref, func(c *reactor.Conn) { c.ResumeReading() })
		for i := 1; i < frames; i++ {
			require.Equal(t, fmt.Sprintf("line %d", i), recv(t, got, "a line after resuming"))
		}
	})
}

// TestPauseReadingStopsThePeer pauses a connection without a codec and
// lets the peer write as much as it can: the server holds at most what
// it had read when it paused, however much the peer sends, and the
// peer's writes stall (TCP's flow control) instead of the server
// buffering them. After ResumeReading everything arrives.
func TestPauseReadingStopsThePeer(t *testing.T) {
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		e := newEnv(t, ec)
		var readable, total atomic.Int64
		ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(func(*reactor.Conn) ioFunc {
			return func(c *reactor.Conn, ev reactor.Event) {
				if _, ok := ev.(reactor.Readable); ok {
					readable.Add(1)
					if !c.ReadingPaused() && total.Load() == 0 {
						c.PauseReading() // leaves its first input unconsumed
						total.Add(1)
						return
					}
					total.Add(int64(len(c.Next(c.Buffered()))))
				}
			}
		}))
		require.NoError(t, err)
		c := dialTCP(t, ln.Addr().String())
		ref := e.tr.nextRef(t)
		_, err = c.Write([]byte("hello"))
		require.NoError(t, err)
		for readable.Load() == 0 {
			do(t, ref, func(*reactor.Conn) {})
		}

		// Write until TCP pushes back: the writes stall once the socket
		// buffers of both sides are full.
		chunk := pattern(3, 64<<10)
		sent := 0
		require.NoError(t, c.SetWriteDeadline(time.Now().Add(300*time.Millisecond)))
		for {
			n, err := c.Write(chunk)
			sent += n
			if err != nil {
				var ne net.Error
				require.ErrorAs(t, err, &ne)
				require.True(t, ne.Timeout())
				break
			}
			require.Less(t, sent, 256<<20, "the peer was never slowed down")
		}
		buffered := 0
		do(t, ref, func(c *reactor.Conn) { buffered = c.Buffered() })
		require.LessOrEqual(t, buffered, 64<<10, "the server kept reading while paused")
		require.Equal(t, int64(1), readable.Load(), "input delivered while paused")
		t.Logf("peer stalled after %d bytes; server holds %d", sent, buffered)

		require.NoError(t, c.SetWriteDeadline(time.Now().Add(waitFor)))
		do(t, ref, func(c *reactor.Conn) { c.ResumeReading() })
		want := int64(1 + len("hello") + sent) // the 1 counts the pause
		for total.Load() < want {
			do(t, ref, func(*reactor.Conn) {})
		}
		require.Equal(t, want, total.Load())
	})
}
