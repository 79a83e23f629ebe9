package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/actorio/actorio/examples/internal/servetest"
	"github.com/actorio/actorio/internal/leakcheck"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m, leakcheck.Options()...) }

// timeout only guards against a hang.
const timeout = 10 * time.Second

// start runs the service with -debug on ports of the system's choice
// until the test ends, and returns its address and the debug handler's.
func start(t *testing.T) (addr, debug string) {
	t.Helper()
	lines := servetest.Start(t, run, 2, "-addr", "127.0.0.1:0", "-debug", "127.0.0.1:0")
	addr = lines[0][strings.LastIndex(lines[0], " ")+1:]
	debug = strings.Fields(lines[1])[3] // "debug handler on http://HOST/debug/actorio/actors and /metrics"
	return addr, debug
}

// client is one connection to the service.
type client struct {
	t  *testing.T
	c  net.Conn
	rd *bufio.Reader
}

func dial(t *testing.T, addr string) *client {
	c, err := net.DialTimeout("tcp", addr, timeout)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	require.NoError(t, c.SetDeadline(time.Now().Add(timeout)))
	return &client{t, c, bufio.NewReader(c)}
}

// do sends line and returns the reply.
func (cl *client) do(line string) string {
	cl.t.Helper()
	_, err := fmt.Fprintln(cl.c, line)
	require.NoError(cl.t, err)
	return cl.read()
}

func (cl *client) read() string {
	cl.t.Helper()
	s, err := cl.rd.ReadString('\n')
	require.NoError(cl.t, err)
	return strings.TrimSuffix(s, "\n")
}

// TestService goes through the guide: counters, stats, a crash that the
// supervisor repairs, and the dump that shows it.
func TestService(t *testing.T) {
	addr, debug := start(t)
	a, b := dial(t, addr), dial(t, addr)
	require.Equal(t, "1", a.do("INCR visits"))
	require.Equal(t, "2", b.do("INCR visits"))
	require.Equal(t, "2", a.do("GET visits"))
	require.Equal(t, "0", a.do("GET nothing"))
	require.Regexp(t, `^keys=1 ops/s=\d+$`, a.do("STATS"))
	require.True(t, strings.HasPrefix(a.do("FLY"), "ERR usage"))

	// The crash fails its request; the store restarts, empty.
	require.Equal(t, "ERR actor /store: request not processed: actor /store panicked: crash requested", a.do("CRASH"))
	require.Equal(t, "0", b.do("GET visits"))

	resp, err := http.Get(strings.TrimSuffix(debug, "/actors") + "/actors")
	require.NoError(t, err)
	defer resp.Body.Close()
	dump, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Contains(t, string(dump), "/store")
	require.Contains(t, string(dump), "restarts=1")
}

// TestPipelined: a client that writes a thousand lines before reading any
// reply gets every reply, in order; the connection paused reading
// meanwhile instead of queueing them all.
func TestPipelined(t *testing.T) {
	addr, _ := start(t)
	cl := dial(t, addr)
	const n = 1000
	go func() {
		w := bufio.NewWriter(cl.c)
		for range n {
			fmt.Fprintln(w, "INCR hits")
		}
		_ = w.Flush()
	}()
	for i := 1; i <= n; i++ {
		require.Equal(t, fmt.Sprint(i), cl.read())
	}
}
