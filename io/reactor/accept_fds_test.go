//go:build linux

package reactor_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/io/reactor"
)

// fdsChildEnv names the engine the re-executed test binary serves on, as
// TestAcceptOutOfFDs's server; it is empty in the test itself.
const fdsChildEnv = "ACTORIO_TEST_EMFILE_SERVER"

const (
	// fdsHeadroom is how many connections the server can accept before
	// it runs out of fds.
	fdsHeadroom = 4
	// fdsFirstWave connect before the server's accepts fail,
	// fdsSecondWave while they fail: each of those is a readiness edge
	// that comes while a retry is pending.
	fdsFirstWave  = 50
	fdsSecondWave = 150
	// fdsFailures is how many failed accepts the attack waits for: the
	// first and 24 retries, which take 1.2 s at least, so that a second
	// log line comes with the count of the failures since the first.
	fdsFailures = 25
)

// TestAcceptOutOfFDs attacks a server whose process runs out of file
// descriptors. It re-executes the test binary as the server, with a low
// RLIMIT_NOFILE, connects until the server's accepts fail and goes on
// connecting, gives the server its fds back, and checks that the server
// logged a line a second at most, counted every failure, retried on one
// chain only, and then accepted and served every connection.
func TestAcceptOutOfFDs(t *testing.T) {
	if name := os.Getenv(fdsChildEnv); name != "" {
		for _, ec := range engines {
			if ec.name == name {
				serveOutOfFDs(t, ec)
				return
			}
		}
		t.Fatalf("no engine %q", name)
	}
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		srv := startFDsServer(t, ec)
		addr := srv.command("addr")[0]
		var conns []net.Conn
		dial := func(n int) {
			for range n {
				conns = append(conns, dialTCP(t, addr))
			}
		}
		dial(fdsFirstWave)
		srv.awaitFailures(1)
		dial(fdsSecondWave)
		srv.awaitFailures(fdsFailures)
		m := srv.metrics()
		require.Less(t, m.accepted, uint64(len(conns)), "connections wait in the backlog")

		srv.command("recover")
		for i, c := range conns {
			msg := pattern(uint64(i), 100)
			_, err := c.Write(msg)
			require.NoError(t, err)
			got := make([]byte, len(msg))
			_, err = io.ReadFull(c, got)
			require.NoError(t, err, "connection %d is served once fds are free", i)
			require.Equal(t, msg, got)
		}
		m = srv.metrics()
		require.EqualValues(t, len(conns), m.accepted, "every connection is accepted")
		for _, c := range conns {
			require.NoError(t, c.Close())
		}
		lines, logged, most := acceptLogLines(t, srv.finish())

		t.Logf("%v out of fds: %d failed accepts, %d log lines", m.elapsed, m.failures, lines)
		require.GreaterOrEqual(t, m.failures, uint64(fdsFailures))
		// Timers never fire early, and a failure arms one only when none
		// is pending: one chain fails once per AcceptRetry at most. A
		// chain per readiness edge would fail once per connection of the
		// second wave at least.
		require.LessOrEqual(t, m.failures, uint64(m.elapsed/reactor.AcceptRetry)+1, "one retry chain")
		require.GreaterOrEqual(t, lines, 2, "the first failure at once, then a line a second")
		require.Greater(t, most, uint64(1), "a line counts the failures since the previous one")
		require.LessOrEqual(t, lines, int(m.elapsed/reactor.AcceptLogEvery)+1, "a line a second at most")
		require.LessOrEqual(t, logged, m.failures, "the failures logged are counted")
	})
}

// fdsServer is the re-executed test binary, as the test sees it: it
// answers each command written to its stdin with one line on its stdout,
// the command's name and its values, and logs to its stderr.
type fdsServer struct {
	t    *testing.T
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Scanner
	logs bytes.Buffer
	done bool
}

func startFDsServer(t *testing.T, ec engineCase) *fdsServer {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	t.Cleanup(cancel)
	srv := &fdsServer{t: t}
	srv.cmd = exec.CommandContext(ctx, os.Args[0], "-test.run=^TestAcceptOutOfFDs$", "-test.count=1")
	srv.cmd.Env = append(os.Environ(), fdsChildEnv+"="+ec.name)
	srv.cmd.Stderr = &srv.logs
	var err error
	srv.in, err = srv.cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := srv.cmd.StdoutPipe()
	require.NoError(t, err)
	srv.out = bufio.NewScanner(stdout)
	require.NoError(t, srv.cmd.Start())
	t.Cleanup(func() {
		if !srv.done {
			srv.in.Close()
			_ = srv.cmd.Wait()
		}
	})
	return srv
}

// command sends the command name (but for "addr", which the server
// writes first unasked) and returns the values of its answer.
func (s *fdsServer) command(name string) []string {
	s.t.Helper()
	if name != "addr" {
		_, err := fmt.Fprintln(s.in, name)
		require.NoError(s.t, err)
	}
	for s.out.Scan() {
		if f := strings.Fields(s.out.Text()); len(f) > 0 && f[0] == name {
			return f[1:]
		}
	}
	s.in.Close()
	_ = s.cmd.Wait()
	s.done = true
	// "signal: killed" says the server outlived waitFor (exec.CommandContext).
	s.t.Fatalf("the server did not answer %q: %v (server: %v)\n%s", name, s.out.Err(), s.cmd.ProcessState, s.logs.String())
	return nil
}

// fdsMetrics is the answer to "metrics".
type fdsMetrics struct {
	accepted, failures uint64
	elapsed            time.Duration // since the server lowered its fd limit
}

func (s *fdsServer) metrics() fdsMetrics {
	s.t.Helper()
	f := s.command("metrics")
	require.Len(s.t, f, 3)
	var v [3]uint64
	for i := range v {
		var err error
		v[i], err = strconv.ParseUint(f[i], 10, 64)
		require.NoError(s.t, err)
	}
	return fdsMetrics{accepted: v[0], failures: v[1], elapsed: time.Duration(v[2])}
}

// awaitFailures asks for the server's metrics until it has failed n
// accepts, and fails the test if that takes longer than waitFor.
func (s *fdsServer) awaitFailures(n uint64) {
	s.t.Helper()
	deadline := time.Now().Add(waitFor)
	for s.metrics().failures < n {
		require.True(s.t, time.Now().Before(deadline), "the server failed fewer than %d accepts", n)
		time.Sleep(reactor.AcceptRetry / 5)
	}
}

// finish closes the server's stdin, which stops it, requires it to exit
// cleanly, and returns its logs.
func (s *fdsServer) finish() []byte {
	s.t.Helper()
	s.done = true
	require.NoError(s.t, s.in.Close())
	require.NoError(s.t, s.cmd.Wait(), "the server's stderr:\n%s", s.logs.String())
	return s.logs.Bytes()
}

// acceptLogLines counts the "accept failed" lines in logs, a JSON line
// per record, sums their failures and returns the most of one line.
func acceptLogLines(t *testing.T, logs []byte) (lines int, failures, most uint64) {
	t.Helper()
	for line := range bytes.Lines(logs) {
		var rec struct {
			Msg      string `json:"msg"`
			Error    string `json:"error"`
			Failures uint64 `json:"failures"`
		}
		if json.Unmarshal(line, &rec) != nil || rec.Msg != "actorio: accept failed" {
			continue
		}
		require.Contains(t, rec.Error, "too many open files")
		require.NotZero(t, rec.Failures)
		lines++
		failures += rec.Failures
		most = max(most, rec.Failures)
	}
	return lines, failures, most
}

// serveOutOfFDs is the server: it runs an echo Listener on ec's engine,
// lowers its fd limit so that it can accept about fdsHeadroom
// connections only, and answers the test's commands until its stdin
// closes: "metrics" with the reactor's Accepted and AcceptErrors and the
// nanoseconds since it lowered its limit, "recover" by raising it again.
func serveOutOfFDs(t *testing.T, ec engineCase) {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	sys, err := actor.NewSystem(actor.WithLogger(log))
	require.NoError(t, err)
	e := &env{sys: sys, tr: newTracker()}
	t.Cleanup(func() {
		shutdown(t, sys)
		e.tr.check(t)
	})
	e.r, err = reactor.New(sys, reactor.WithEngine(ec.engine))
	require.NoError(t, err)
	ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(echoIO))
	require.NoError(t, err)

	var saved syscall.Rlimit
	require.NoError(t, syscall.Getrlimit(syscall.RLIMIT_NOFILE, &saved))
	low := saved
	low.Cur = uint64(fdLimit(t, fdsHeadroom))
	require.NoError(t, syscall.Setrlimit(syscall.RLIMIT_NOFILE, &low))
	start := time.Now()

	fmt.Println("addr", ln.Addr())
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		switch in.Text() {
		case "metrics":
			m := e.r.Metrics()
			fmt.Println("metrics", m.Accepted, m.AcceptErrors, int64(time.Since(start)))
		case "recover":
			require.NoError(t, syscall.Setrlimit(syscall.RLIMIT_NOFILE, &saved))
			fmt.Println("recover")
		default:
			t.Fatalf("unknown command %q", in.Text())
		}
	}
	require.NoError(t, in.Err())
}

// fdLimit returns the fd limit that leaves the process free fds (one
// more: the directory it reads is closed after) below it: fds are
// numbered from 0 up, the lowest free first.
func fdLimit(t *testing.T, free int) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	open := make(map[int]bool, len(ents))
	for _, ent := range ents {
		fd, err := strconv.Atoi(ent.Name())
		require.NoError(t, err)
		open[fd] = true
	}
	fd := 0
	for ; free > 0; fd++ {
		if !open[fd] {
			free--
		}
	}
	return fd
}
