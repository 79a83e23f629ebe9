package reactor_test

import (
	"cmp"
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/io/reactor"
)

// relay is a client connection's handler: it writes the messages other
// actors send it and reports what it reads.
type relay struct {
	c    *reactor.Conn
	tr   *tracker
	got  chan<- string
	seen int
}

func newRelay(tr *tracker, got chan<- string) reactor.NewHandler[[]byte] {
	return func(c *reactor.Conn) reactor.Handler[[]byte] { return &relay{c: c, tr: tr, got: got} }
}

func (r *relay) Receive(_ *actor.Context[[]byte], msg []byte) { _, _ = r.c.Write(msg) }

func (r *relay) Started(*actor.Context[[]byte]) { r.tr.started.Add(1) }

func (r *relay) HandleIO(_ *actor.Context[[]byte], ev reactor.Event) {
	switch ev := ev.(type) {
	case reactor.Readable:
		r.got <- string(r.c.Next(r.c.Buffered()))
	case reactor.Closed:
		r.seen++
		r.tr.onClosed(r.seen, ev.Err)
	}
}

// echoServer serves ln with goroutines that echo, until the test ends.
func echoServer(t *testing.T, ln net.Listener) {
	t.Helper()
	done := make(chan struct{})
	t.Cleanup(func() { ln.Close(); <-done })
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { defer c.Close(); _, _ = io.Copy(c, c) }()
		}
	}()
}

// exchange sends msg to ref and waits for the relay to read it back.
func exchange(t *testing.T, ref actor.Ref[[]byte], got <-chan string, msg string) {
	t.Helper()
	require.NoError(t, ref.Send([]byte(msg)))
	var all string
	for len(all) < len(msg) {
		all += recv(t, got, "the echo of "+msg)
	}
	require.Equal(t, msg, all)
}

func TestDial(t *testing.T) {
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		e := newEnv(t, ec)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		echoServer(t, ln)
		got := make(chan string, 16)
		ref, err := reactor.Dial(context.Background(), e.sys, e.r, "tcp", ln.Addr().String(), newRelay(e.tr, got))
		require.NoError(t, err)
		exchange(t, ref, got, "hello")
		exchange(t, ref, got, "again")
		ref.Stop()
		require.ErrorIs(t, e.tr.nextClosed(t), actor.ErrStopped)
	})
}

func TestDialFails(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closedAddr := ln.Addr().String()
	require.NoError(t, ln.Close())
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		network string
		address string
		timeout time.Duration
		wantErr []error
	}{
		{name: "connection refused", network: "tcp", address: closedAddr, wantErr: []error{syscall.ECONNREFUSED}},
		{name: "udp", network: "udp", address: closedAddr, wantErr: []error{reactor.ErrUnsupportedNetwork}},
		{name: "no such socket", network: "unix", address: filepath.Join(t.TempDir(), "none"), wantErr: []error{os.ErrNotExist}},
		{
			name: "dial timeout passed", network: "tcp", address: closedAddr, timeout: time.Nanosecond,
			wantErr: []error{reactor.ErrDialTimeout, os.ErrDeadlineExceeded},
		},
		{name: "context cancelled", ctx: cancelled, network: "tcp", address: closedAddr, wantErr: []error{context.Canceled}},
	}
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				e := newEnv(t, ec)
				ctx := cmp.Or(tt.ctx, context.Background())
				_, err := reactor.Dial(ctx, e.sys, e.r, tt.network, tt.address,
					newRelay(e.tr, nil), reactor.WithDialTimeout(cmp.Or(tt.timeout, waitFor)))
				for _, want := range tt.wantErr {
					require.ErrorIs(t, err, want)
				}
			})
		}
	})
}

// TestAdopt adopts a connected *net.TCPConn, which goes to the event
// loops where there are some, and an end of net.Pipe, which can only run
// on the portable engine.
func TestAdopt(t *testing.T) {
	tests := []struct {
		name string
		pair func(t *testing.T) (adopted, peer net.Conn)
	}{
		{name: "tcp", pair: tcpPair},
		{name: "pipe", pair: func(*testing.T) (net.Conn, net.Conn) { return net.Pipe() }},
	}
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				e := newEnv(t, ec)
				adopted, peer := tt.pair(t)
				t.Cleanup(func() { peer.Close() })
				got := make(chan string, 16)
				ref, err := reactor.Adopt(e.sys, e.r, adopted, newRelay(e.tr, got))
				require.NoError(t, err)
				require.NoError(t, ref.Send([]byte("ping")))
				buf := make([]byte, 4)
				_, err = io.ReadFull(peer, buf)
				require.NoError(t, err)
				require.Equal(t, "ping", string(buf))
				_, err = peer.Write([]byte("pong"))
				require.NoError(t, err)
				require.Equal(t, "pong", recv(t, got, "pong"))
				require.NoError(t, peer.Close())
				require.NoError(t, e.tr.nextClosed(t), "the peer closed cleanly")
			})
		}
	})
}

// tcpPair returns both ends of a loopback TCP connection.
func tcpPair(t *testing.T) (net.Conn, net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	a, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	b, err := ln.Accept()
	if err != nil {
		a.Close()
		require.NoError(t, err)
	}
	return a, b
}

// TestListenNetworks listens on each network reactor supports besides
// tcp4, and fails with ErrUnsupportedNetwork on the others.
func TestListenNetworks(t *testing.T) {
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		t.Run("tcp6", func(t *testing.T) {
			probe, err := net.Listen("tcp6", "[::1]:0")
			if err != nil {
				t.Skipf("no IPv6 loopback: %v", err)
			}
			probe.Close()
			e := newEnv(t, ec)
			ln, err := reactor.Listen(e.sys, e.r, "tcp6", "[::1]:0", e.handler(echoIO))
			require.NoError(t, err)
			c, err := net.Dial("tcp6", ln.Addr().String())
			require.NoError(t, err)
			defer c.Close()
			echoOnce(t, c, "over IPv6")
		})
		t.Run("unix", func(t *testing.T) {
			e := newEnv(t, ec)
			path := filepath.Join(t.TempDir(), "s")
			ln, err := reactor.Listen(e.sys, e.r, "unix", path, e.handler(echoIO))
			require.NoError(t, err)
			c, err := net.Dial("unix", path)
			require.NoError(t, err)
			defer c.Close()
			echoOnce(t, c, "over a Unix socket")

			require.NoError(t, ln.Close())
			ctx, cancel := context.WithTimeout(context.Background(), waitFor)
			defer cancel()
			_, err = ln.PID().Terminated().Await(ctx)
			require.NoError(t, err)
			_, err = os.Stat(path)
			require.ErrorIs(t, err, os.ErrNotExist, "the socket file outlives Listener.Close")

			// And once more, closed by Shutdown.
			path = filepath.Join(t.TempDir(), "s")
			_, err = reactor.Listen(e.sys, e.r, "unix", path, e.handler(echoIO))
			require.NoError(t, err)
			shutdown(t, e.sys)
			_, err = os.Stat(path)
			require.ErrorIs(t, err, os.ErrNotExist, "the socket file outlives Shutdown")
		})
		t.Run("unsupported", func(t *testing.T) {
			e := newEnv(t, ec)
			for _, network := range []string{"udp", "ip4:icmp", "unixgram", ""} {
				_, err := reactor.Listen(e.sys, e.r, network, "127.0.0.1:0", e.handler(nil))
				require.ErrorIs(t, err, reactor.ErrUnsupportedNetwork, "network %q", network)
			}
		})
	})
}

// echoOnce writes msg to c and requires it back.
func echoOnce(t *testing.T, c net.Conn, msg string) {
	t.Helper()
	_, err := c.Write([]byte(msg))
	require.NoError(t, err)
	buf := make([]byte, len(msg))
	_, err = io.ReadFull(c, buf)
	require.NoError(t, err)
	require.Equal(t, msg, string(buf))
}
