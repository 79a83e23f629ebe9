package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/actorio/actorio/examples/internal/servetest"
	"github.com/actorio/actorio/internal/leakcheck"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m, leakcheck.Options()...) }

// timeout only guards against a hang: every wait in these tests ends as
// soon as what it waits for happens.
const timeout = 10 * time.Second

// start runs the server with args on a port of the system's choice until
// the test ends, and returns the first lines it prints: the address it
// listens on, then, with -debug, the debug handler's.
func start(t *testing.T, args ...string) []string {
	t.Helper()
	want := 1
	if strings.Contains(strings.Join(args, " "), "-debug") {
		want = 2
	}
	return servetest.Start(t, run, want, append([]string{"-addr", "127.0.0.1:0"}, args...)...)
}

// addr returns the address in a line such as "listening on 127.0.0.1:7000".
func addr(t *testing.T, line string) string {
	f := strings.Fields(line)
	require.GreaterOrEqual(t, len(f), 3, "%q", line)
	return f[len(f)-1]
}

// payload returns n bytes that are not all alike, so that a byte out of
// place shows.
func payload(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

// roundTrip writes msg to c while reading back as many bytes, and checks
// that they are msg.
func roundTrip(c net.Conn, msg []byte) error {
	if err := c.SetDeadline(time.Now().Add(timeout)); err != nil {
		return err
	}
	werr := make(chan error, 1)
	go func() { _, err := c.Write(msg); werr <- err }()
	got := make([]byte, len(msg))
	_, rerr := io.ReadFull(c, got)
	if err := <-werr; err != nil {
		return err
	}
	if rerr != nil {
		return rerr
	}
	if !bytes.Equal(got, msg) {
		return fmt.Errorf("echo of %d bytes differs", len(msg))
	}
	return nil
}

var engines = []struct {
	name string
	args []string
}{
	{"event loops", []string{"-loops", "2"}},
	{"poll", []string{"-engine", "poll"}},
	{"portable", []string{"-engine", "portable"}},
}

// TestRoundTrips sends messages of several sizes over one connection, the
// largest far beyond the reactor's read high-water mark and the socket
// buffers, so the echo has to stop reading and resume.
func TestRoundTrips(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			lines := start(t, e.args...)
			c, err := net.Dial("tcp", addr(t, lines[0]))
			require.NoError(t, err)
			defer c.Close()
			for _, n := range []int{1, 100, 4<<10 - 1, 64 << 10, 1 << 20, 8 << 20} {
				require.NoError(t, roundTrip(c, payload(n)), "%d bytes", n)
			}
		})
	}
}

// TestManyClients runs many connections at once, each with several round
// trips.
func TestManyClients(t *testing.T) {
	const clients, trips = 100, 10
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			address := addr(t, start(t, e.args...)[0])
			errs := make(chan error, clients)
			var wg sync.WaitGroup
			for i := range clients {
				wg.Go(func() {
					c, err := net.Dial("tcp", address)
					if err != nil {
						errs <- err
						return
					}
					defer c.Close()
					for j := range trips {
						if err := roundTrip(c, payload(1+(i*trips+j)*97)); err != nil {
							errs <- fmt.Errorf("client %d, trip %d: %w", i, j, err)
							return
						}
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				require.NoError(t, err)
			}
		})
	}
}

// TestHalfClose reads the echo of everything it sent, then closes its
// side: the server closes the connection.
func TestHalfClose(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			lines := start(t, e.args...)
			c, err := net.Dial("tcp", addr(t, lines[0]))
			require.NoError(t, err)
			defer c.Close()
			require.NoError(t, roundTrip(c, payload(64<<10)))
			require.NoError(t, c.(*net.TCPConn).CloseWrite())
			n, err := io.Copy(io.Discard, c) // up to the server's close
			require.NoError(t, err)
			require.Zero(t, n)
		})
	}
}

// TestHalfCloseInFlight closes its side right after sending, with the
// echo still to come: the server echoes every byte, then closes.
func TestHalfCloseInFlight(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			lines := start(t, e.args...)
			c, err := net.Dial("tcp", addr(t, lines[0]))
			require.NoError(t, err)
			defer c.Close()
			require.NoError(t, c.SetDeadline(time.Now().Add(timeout)))
			msg := payload(1 << 20)
			go func() {
				_, _ = c.Write(msg)
				_ = c.(*net.TCPConn).CloseWrite()
			}()
			got, err := io.ReadAll(c) // up to the server's close
			require.NoError(t, err)
			require.True(t, bytes.Equal(msg, got), "echoed %d bytes of %d", len(got), len(msg))
		})
	}
}

// TestDebug checks that -debug serves the system's metrics and actors,
// and the console with the reactor's listener and connection.
func TestDebug(t *testing.T) {
	lines := start(t, "-debug", "127.0.0.1:0")
	c, err := net.Dial("tcp", addr(t, lines[0]))
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, roundTrip(c, []byte("ping")))

	url := strings.Fields(lines[1])[3] // "debug handler on http://.../actors and /metrics"
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: timeout}
	resp, err := client.Get(url)
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	// The listener, with the connection's actor under it.
	require.Contains(t, string(body), "msg=reactor.listenerMsg")
	require.Contains(t, string(body), "msg=struct {}")

	// The console shows the reactor, its listener and the connection.
	console := lines[1][strings.LastIndex(lines[1], " ")+1:] // "...; console on http://.../console/"
	resp, err = client.Get(console + "api/reactors")
	require.NoError(t, err)
	body, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	require.Contains(t, string(body), `"addr":"`+addr(t, lines[0])+`"`)
	require.Contains(t, string(body), `"remote":"`+c.LocalAddr().String()+`"`)
}
