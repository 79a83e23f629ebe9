package reactor_test

import (
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/io/codec"
	"github.com/actorio/actorio/io/reactor"
)

// TestClaimedFrameSizeAllocatesNothing is the regression test of a
// memory amplification: 200 peers each send a legal header claiming a
// frame of 4 MiB, and one byte of it. The server's heap may grow by what
// the peers have sent and its own small buffers, at most 64 KiB per
// connection, not by what they claim (it once grew by 8 MiB each).
func TestClaimedFrameSizeAllocatesNothing(t *testing.T) {
	const (
		conns   = 200
		claimed = 4 << 20
		perConn = 64 << 10
	)
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		e := newEnv(t, ec)
		lp, err := codec.NewLengthPrefixed(codec.WithMaxFrame(claimed))
		require.NoError(t, err)
		ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(nil), reactor.WithCodec(lp))
		require.NoError(t, err)
		header := binary.BigEndian.AppendUint32(nil, claimed)

		before := heapInUse()
		clients := make([]*net.TCPConn, conns)
		for i := range clients {
			clients[i] = dialTCP(t, ln.Addr().String())
			_, err := clients[i].Write(header)
			require.NoError(t, err)
		}
		refs := make([]actor.Ref[call], conns)
		for i := range refs {
			refs[i] = e.tr.nextRef(t)
			waitBuffered(t, refs[i], len(header))
		}
		// Each header has been read on its own; now one byte of each
		// payload, which makes the server look at the claimed size.
		for _, c := range clients {
			_, err := c.Write([]byte{'x'})
			require.NoError(t, err)
		}
		for _, ref := range refs {
			waitBuffered(t, ref, len(header)+1)
		}
		growth := heapInUse() - before
		t.Logf("heap growth: %d bytes for %d connections (%d per connection)", growth, conns, growth/conns)
		require.LessOrEqual(t, growth, int64(conns*perConn), "heap grew by more than 64 KiB per connection")
	})
}

// TestLargeFrameArrivesWhole sends a frame that really is 4 MiB, in
// pieces, and a small one behind it: both arrive intact, the large one
// as one Frame, although the buffer grew only as its bytes arrived.
func TestLargeFrameArrivesWhole(t *testing.T) {
	const size = 4 << 20
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		e := newEnv(t, ec)
		lp, err := codec.NewLengthPrefixed(codec.WithMaxFrame(size))
		require.NoError(t, err)
		got := make(chan []byte, 2)
		ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(func(*reactor.Conn) ioFunc {
			return func(_ *reactor.Conn, ev reactor.Event) {
				if f, ok := ev.(reactor.Frame); ok {
					got <- bytes.Clone(f.Data)
				}
			}
		}), reactor.WithCodec(lp))
		require.NoError(t, err)
		c := dialTCP(t, ln.Addr().String())

		big, small := pattern(7, size), []byte("after")
		var wire []byte
		wire, err = lp.AppendFrame(wire, big)
		require.NoError(t, err)
		wire, err = lp.AppendFrame(wire, small)
		require.NoError(t, err)
		for len(wire) > 0 { // pieces of 100 KB: the buffer grows as they come
			n := min(len(wire), 100_000)
			_, err = c.Write(wire[:n])
			require.NoError(t, err)
			wire = wire[n:]
		}
		require.True(t, bytes.Equal(big, recv(t, got, "the 4 MiB frame")), "the 4 MiB frame arrived altered")
		require.Equal(t, small, recv(t, got, "the frame after it"))
	})
}

// TestFrameTimeoutEvictsTricklingPeer is a slowloris peer: it sends a
// header, then one byte at a time, each well within any idle timeout or
// read deadline, never completing the frame. WithFrameTimeout closes it
// with ErrFrameTimeout, while a peer that completes its frames in time
// on the same listener is served.
func TestFrameTimeoutEvictsTricklingPeer(t *testing.T) {
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		e := newEnv(t, ec)
		lp, err := codec.NewLengthPrefixed()
		require.NoError(t, err)
		ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(frameEchoIO),
			reactor.WithCodec(lp), reactor.WithFrameTimeout(300*time.Millisecond),
			reactor.WithIdleTimeout(time.Minute))
		require.NoError(t, err)

		slow := dialTCP(t, ln.Addr().String())
		_, err = slow.Write(binary.BigEndian.AppendUint32(nil, 1000))
		require.NoError(t, err)
		trickled := 0
		closed := make(chan error, 1)
		go func() {
			// One byte every 20 ms, until the server closes the
			// connection: each resets the idle timeout, none completes
			// the frame.
			for {
				if _, err := slow.Write([]byte{'x'}); err != nil {
					closed <- err
					return
				}
				trickled++
				time.Sleep(20 * time.Millisecond)
			}
		}()
		_ = e.tr.nextRef(t)

		fast := dialTCP(t, ln.Addr().String())
		frame, err := lp.AppendFrame(nil, []byte("on time"))
		require.NoError(t, err)
		_, err = fast.Write(frame)
		require.NoError(t, err)
		echo := make([]byte, len(frame))
		_, err = io.ReadFull(fast, echo)
		require.NoError(t, err)
		require.Equal(t, frame, echo)

		err = e.tr.nextClosed(t)
		require.ErrorIs(t, err, reactor.ErrFrameTimeout)
		require.ErrorIs(t, err, os.ErrDeadlineExceeded)
		recv(t, closed, "the trickling peer to see its connection closed")
		require.Less(t, trickled, 1000, "the frame was never completed")
	})
}

// waitBuffered waits until the connection of ref has read n bytes that
// its handler has not consumed.
func waitBuffered(t *testing.T, ref actor.Ref[call], n int) {
	t.Helper()
	buffered := 0
	for buffered < n {
		do(t, ref, func(c *reactor.Conn) { buffered = c.Buffered() })
		runtime.Gosched()
	}
	require.Equal(t, n, buffered)
}

// heapInUse returns the bytes of live heap objects after a collection.
func heapInUse() int64 {
	runtime.GC()
	runtime.GC() // a second cycle frees what the first one's finalizers left
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}
