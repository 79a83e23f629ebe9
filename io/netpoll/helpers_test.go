//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netpoll_test

import (
	"net"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/actorio/actorio/io/netpoll"
)

// quiet is how long a test waits to see that no event comes. It bounds
// the test's run time, not the poller's accuracy.
const quiet = 20 * time.Millisecond

// patience bounds every wait for something that must happen.
const patience = 5 * time.Second

func newPoller(t testing.TB, opts ...netpoll.Option) *netpoll.Poller {
	t.Helper()
	p, err := netpoll.New(opts...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = p.Close() })
	return p
}

// closeFD closes fd at cleanup unless the test closed it (then EBADF is
// ignored; tests never create fds concurrently, so the number is not
// reused meanwhile).
func closeFD(t testing.TB, fd int) {
	t.Helper()
	t.Cleanup(func() { _ = unix.Close(fd) })
}

// rawFD returns FD(c.SyscallConn()), closes c, and closes the fd at
// cleanup: the test then owns the socket through the fd alone.
func rawFD(t testing.TB, c syscall.Conn) int {
	t.Helper()
	rc, err := c.SyscallConn()
	require.NoError(t, err)
	fd, err := netpoll.FD(rc)
	require.NoError(t, err)
	closeFD(t, fd)
	require.NoError(t, c.(interface{ Close() error }).Close())
	return fd
}

// tcpPair returns the fds of both ends of a loopback TCP connection.
func tcpPair(t testing.TB) (client, server int) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	s, err := ln.Accept()
	require.NoError(t, err)
	return rawFD(t, c.(*net.TCPConn)), rawFD(t, s.(*net.TCPConn))
}

// socketPair returns a connected, non-blocking, close-on-exec pair of
// Unix-domain sockets of the given type.
func socketPair(t testing.TB, typ int) (a, b int) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, typ, 0)
	require.NoError(t, err)
	for _, fd := range fds {
		closeFD(t, fd)
		unix.CloseOnExec(fd)
		require.NoError(t, unix.SetNonblock(fd, true))
	}
	return fds[0], fds[1]
}

func write(t testing.TB, fd int, s string) {
	t.Helper()
	n, err := netpoll.Writev(fd, [][]byte{[]byte(s)})
	require.NoError(t, err)
	require.Equal(t, len(s), n)
}

// readAll reads fd until ErrWouldBlock and returns what it read.
func readAll(t testing.TB, fd int) string {
	t.Helper()
	var out []byte
	buf := make([]byte, 4096)
	for range 1 << 16 {
		n, err := netpoll.Readv(fd, [][]byte{buf})
		if err == netpoll.ErrWouldBlock {
			return string(out)
		}
		require.NoError(t, err)
		require.NotZero(t, n, "unexpected end of file")
		out = append(out, buf[:n]...)
	}
	t.Fatal("readAll: no end to the data")
	return ""
}

// waitFor waits, at most patience, for an event with token that satisfies
// ok, and returns it. Other events are dropped.
func waitFor(t testing.TB, p *netpoll.Poller, token netpoll.Token, ok func(netpoll.Event) bool) netpoll.Event {
	t.Helper()
	events := make([]netpoll.Event, 16)
	deadline := time.Now().Add(patience)
	for time.Now().Before(deadline) {
		n, err := p.Wait(events, 50*time.Millisecond)
		require.NoError(t, err)
		for _, ev := range events[:n] {
			if ev.Token == token && ok(ev) {
				return ev
			}
		}
	}
	t.Fatalf("no matching event for token %#x within %v", uint64(token), patience)
	return netpoll.Event{}
}

// awaitReadable waits, at most patience, until fd has something to read
// or has reached end of file: over loopback TCP and UDP, what the peer
// sent may still be in flight. Add reports readiness that already holds.
func awaitReadable(t testing.TB, fd int) {
	t.Helper()
	p := newPoller(t)
	tok := netpoll.MakeToken(0, 0)
	require.NoError(t, p.Add(fd, netpoll.Readable, tok))
	waitFor(t, p, tok, readable)
	require.NoError(t, p.Remove(fd))
}

func readable(ev netpoll.Event) bool { return ev.Readable }
func writable(ev netpoll.Event) bool { return ev.Writable }

// requireQuiet asserts that no event arrives for quiet.
func requireQuiet(t testing.TB, p *netpoll.Poller) {
	t.Helper()
	events := make([]netpoll.Event, 16)
	n, err := p.Wait(events, quiet)
	require.NoError(t, err)
	require.Zero(t, n, "unexpected events: %+v", events[:n])
}

type waitResult struct {
	n   int
	err error
}

// waitAsync runs Wait on another goroutine. The test's cleanup closes p
// first, so the goroutine never outlives the test even if Wait would
// block forever.
func waitAsync(p *netpoll.Poller, timeout time.Duration) <-chan waitResult {
	done := make(chan waitResult, 1)
	go func() {
		n, err := p.Wait(make([]netpoll.Event, 16), timeout)
		done <- waitResult{n, err}
	}()
	return done
}

func receive(t testing.TB, done <-chan waitResult) waitResult {
	t.Helper()
	select {
	case r := <-done:
		return r
	case <-time.After(patience):
		t.Fatal("Wait did not return")
		return waitResult{}
	}
}

// openFDs counts the process's open fds.
func openFDs(t testing.TB) int {
	t.Helper()
	dir := "/dev/fd"
	if runtime.GOOS == "linux" {
		dir = "/proc/self/fd"
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	return len(entries)
}

// warmNet makes the runtime open the fds it opens lazily on first use of
// package net, so that fd counts taken afterwards are stable.
func warmNet(t testing.TB) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	require.NoError(t, ln.Close())
}

func fdFlags(t testing.TB, fd int) (nonblock, cloexec bool) {
	t.Helper()
	fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	require.NoError(t, err)
	fdfl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
	require.NoError(t, err)
	return fl&unix.O_NONBLOCK != 0, fdfl&unix.FD_CLOEXEC != 0
}
