package reactor_test

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/io/reactor"
)

// findConn returns the connection listed whose peer is at remote.
func findConn(r *reactor.Reactor, remote net.Addr) (reactor.ConnInfo, bool) {
	for ci := range r.Connections() {
		if a := ci.RemoteAddr(); a != nil && a.String() == remote.String() {
			return ci, true
		}
	}
	return reactor.ConnInfo{}, false
}

// TestConnections: Connections lists the open connections with their
// loop, age, held input and queued output and their addresses, stops
// listing them once closed, and a ConnInfo kept past the close gives no
// address; Listeners lists the listener with its accept count until it
// closes.
func TestConnections(t *testing.T) {
	const held, queued = 100, 8 << 20
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		e := newEnv(t, ec, reactor.WithLoops(2))
		before := time.Now()
		// Handlers consume nothing: what a client sends stays buffered.
		ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(nil),
			reactor.WithMaxOutbound(2*queued), reactor.WithSocketBuffers(0, 64<<10))
		require.NoError(t, err)

		holder := dialTCP(t, ln.Addr().String())
		holderRef := e.tr.nextRef(t)
		writer := dialTCP(t, ln.Addr().String())
		writerRef := e.tr.nextRef(t)
		_, err = holder.Write(make([]byte, held))
		require.NoError(t, err)
		do(t, writerRef, func(c *reactor.Conn) { _, _ = c.Write(make([]byte, queued)) }) // writer's client reads nothing

		var h, w reactor.ConnInfo
		waitUntil(t, "the connections' sizes to be published", func() bool {
			var okH, okW bool
			h, okH = findConn(e.r, holder.LocalAddr())
			w, okW = findConn(e.r, writer.LocalAddr())
			return okH && okW && h.Buffered == held && w.Outbound > 0
		})
		for _, ci := range []reactor.ConnInfo{h, w} {
			require.Equal(t, ln.Addr().String(), ci.LocalAddr().String())
			require.WithinRange(t, ci.Opened, before, time.Now())
			if ec.engine == reactor.EnginePortable {
				require.Equal(t, -1, ci.Loop)
			} else {
				require.Contains(t, []int{0, 1}, ci.Loop)
			}
		}
		require.Zero(t, h.Outbound)
		require.Zero(t, w.Buffered)
		require.LessOrEqual(t, w.Outbound, queued)

		n := 0
		for range e.r.Connections() {
			n++
		}
		require.Equal(t, 2, n)
		require.Equal(t, int64(n), e.r.Metrics().Connections)
		n = 0
		for range e.r.Connections() {
			n++
			break // stopping early is allowed
		}
		require.Equal(t, 1, n)

		lns := e.r.Listeners()
		require.Len(t, lns, 1)
		require.Equal(t, ln.Addr().String(), lns[0].Addr.String())
		require.Equal(t, ln.PID(), lns[0].PID)
		require.Equal(t, uint64(2), lns[0].Accepted)
		require.False(t, lns[0].TLS)
		require.WithinRange(t, lns[0].Opened, before, time.Now())
		if ec.engine == reactor.EnginePortable {
			require.Equal(t, -1, lns[0].Loop)
		}

		// Closed with its output still queued, the writer lingers but is
		// no longer listed; the holder closes at once and its ConnInfo
		// then has no addresses.
		do(t, writerRef, func(c *reactor.Conn) { _ = c.Close() })
		do(t, holderRef, func(c *reactor.Conn) { _ = c.Close() })
		waitUntil(t, "the closed connections to leave the list", func() bool {
			for range e.r.Connections() {
				return false
			}
			return true
		})
		waitUntil(t, "the holder's socket to close", func() bool { return h.RemoteAddr() == nil && h.LocalAddr() == nil })

		require.NoError(t, ln.Close())
		waitUntil(t, "the listener to leave the list", func() bool { return len(e.r.Listeners()) == 0 })
	})
}

// TestConnectionsDialed: a dialled connection is listed too, with the
// peer's address.
func TestConnectionsDialed(t *testing.T) {
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		e := newEnv(t, ec)
		peer, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		defer peer.Close()
		ctx, cancel := context.WithTimeout(context.Background(), waitFor)
		defer cancel()
		ref, err := reactor.Dial(ctx, e.sys, e.r, "tcp", peer.Addr().String(), e.handler(nil))
		require.NoError(t, err)
		accepted, err := peer.Accept()
		require.NoError(t, err)
		defer accepted.Close()
		e.tr.nextRef(t)

		waitUntil(t, "the dialled connection to be listed", func() bool {
			_, ok := findConn(e.r, peer.Addr())
			return ok
		})
		require.Empty(t, e.r.Listeners())
		ref.Stop()
		waitUntil(t, "the dialled connection to leave the list", func() bool {
			_, ok := findConn(e.r, peer.Addr())
			return !ok
		})
	})
}

// TestConnectionsWhileChurning lists connections and asks their
// addresses without pause while clients connect and disconnect, so that
// the race detector sees the listing against accepts, closes and the
// slots' reuse; once every client has gone, nothing is listed.
func TestConnectionsWhileChurning(t *testing.T) {
	const clients = 200
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		e := newEnv(t, ec, reactor.WithLoops(2))
		ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(echoIO))
		require.NoError(t, err)
		stop, done := make(chan struct{}), make(chan int)
		go func() {
			most := 0
			for {
				select {
				case <-stop:
					done <- most
					return
				default:
				}
				n := 0
				for ci := range e.r.Connections() {
					_ = ci.RemoteAddr()
					n++
				}
				most = max(most, n)
			}
		}()
		for range clients {
			c, err := net.Dial("tcp", ln.Addr().String())
			require.NoError(t, err)
			require.NoError(t, c.SetDeadline(time.Now().Add(waitFor)))
			_, err = c.Write([]byte("x"))
			require.NoError(t, err)
			_, err = c.Read(make([]byte, 1))
			require.NoError(t, err)
			require.NoError(t, c.Close())
		}
		close(stop)
		require.LessOrEqual(t, recv(t, done, "the lister to stop"), clients)
		waitUntil(t, "every connection to leave the list", func() bool {
			for range e.r.Connections() {
				return false
			}
			return true
		})
		require.Equal(t, uint64(clients), e.r.Listeners()[0].Accepted)
	})
}
