package echo_test

import (
	"bytes"
	"context"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/bench/internal/echo"
)

// servers are the registered servers that are not this test's.
func servers() []string {
	var names []string
	for _, n := range echo.Names() {
		if !strings.HasPrefix(n, "test-") {
			names = append(names, n)
		}
	}
	return names
}

func TestRegistry(t *testing.T) {
	assert.Equal(t, []string{"actorio", "actorio-uring", "gnet", "nbio", "net"}, servers())
	s, ok := echo.Lookup("net")
	require.True(t, ok)
	assert.Panics(t, func() { echo.Register("net", s) }, "a name is registered once")
}

// TestServersEcho runs every registered server in this process, echoes
// payloads of several sizes on a few connections at once, and requires the
// server to stop cleanly when its context is cancelled.
func TestServersEcho(t *testing.T) {
	for _, name := range servers() {
		t.Run(name, func(t *testing.T) {
			if err := echo.Unavailable(name); err != nil {
				t.Skip(err)
			}
			srv, _ := echo.Lookup(name)
			ctx, cancel := context.WithCancel(context.Background())
			addrs := make(chan net.Addr, 1)
			done := make(chan error, 1)
			go func() { done <- srv(ctx, "127.0.0.1:0", func(a net.Addr) { addrs <- a }) }()
			defer func() {
				cancel()
				select {
				case err := <-done:
					assert.NoError(t, err)
				case <-time.After(10 * time.Second):
					t.Fatal("the server did not stop within 10 s of its context's end")
				}
			}()
			var addr net.Addr
			select {
			case addr = <-addrs:
			case err := <-done:
				t.Fatalf("the server stopped before it was ready: %v", err)
			}
			var conns []net.Conn
			for range 3 {
				c, err := net.DialTimeout("tcp", addr.String(), 5*time.Second)
				require.NoError(t, err)
				defer c.Close()
				conns = append(conns, c)
			}
			for _, size := range []int{1, 64, 4096, 100_000} {
				for i, c := range conns {
					want := bytes.Repeat([]byte{byte(i + size)}, size)
					require.NoError(t, c.SetDeadline(time.Now().Add(5*time.Second)))
					written := make(chan error, 1)
					go func() { // a large payload must be read while it is written
						_, err := c.Write(want)
						written <- err
					}()
					got := make([]byte, size)
					_, err := io.ReadFull(c, got)
					require.NoError(t, err, "size %d, conn %d", size, i)
					require.NoError(t, <-written)
					require.Equal(t, want, got, "size %d, conn %d", size, i)
				}
			}
		})
	}
}
