//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netpoll_test

import (
	"errors"
	"net"
	"os"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/actorio/actorio/io/netpoll"
)

// pairs are the connected socket pairs the stream tests run over.
var pairs = []struct {
	name string
	make func(testing.TB) (int, int)
}{
	{"unix", func(t testing.TB) (int, int) { return socketPair(t, unix.SOCK_STREAM) }},
	{"tcp", tcpPair},
}

func TestReadWriteRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		make func(testing.TB) (int, int)
	}{
		{"unix stream", func(t testing.TB) (int, int) { return socketPair(t, unix.SOCK_STREAM) }},
		{"unix datagram", func(t testing.TB) (int, int) { return socketPair(t, unix.SOCK_DGRAM) }},
		{"tcp", tcpPair},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := tt.make(t)
			for _, msg := range []struct {
				from, to int
				give     string
			}{{a, b, "request"}, {b, a, "response"}, {a, b, "again"}} {
				n, err := netpoll.Write(msg.from, []byte(msg.give))
				require.NoError(t, err)
				require.Equal(t, len(msg.give), n)
				require.Equal(t, msg.give, readFull(t, msg.to, len(msg.give)))
			}
		})
	}
}

func TestReadWriteEmptyIsNoCall(t *testing.T) {
	// fd -1 would fail with EBADF: no system call is made.
	for _, p := range [][]byte{nil, {}} {
		n, err := netpoll.Read(-1, p)
		require.NoError(t, err)
		require.Zero(t, n)
		n, err = netpoll.Write(-1, p)
		require.NoError(t, err)
		require.Zero(t, n)
	}
}

func TestReadWouldBlockThenEOF(t *testing.T) {
	for _, tt := range pairs {
		t.Run(tt.name, func(t *testing.T) {
			a, b := tt.make(t)
			buf := make([]byte, 8)
			n, err := netpoll.Read(b, buf)
			require.ErrorIs(t, err, netpoll.ErrWouldBlock)
			require.Zero(t, n)

			write(t, a, "last")
			require.NoError(t, netpoll.Close(a))
			require.Equal(t, "last", readToEOF(t, b), "end of file is 0, nil, as Readv reports it")
			n, err = netpoll.Read(b, buf)
			require.NoError(t, err)
			require.Zero(t, n, "end of file stays")
		})
	}
}

func TestWriteWouldBlockThenEPIPE(t *testing.T) {
	a, b := socketPair(t, unix.SOCK_STREAM)
	chunk := make([]byte, 64<<10)
	for i := 0; ; i++ {
		require.Less(t, i, 4096, "never blocked")
		n, err := netpoll.Write(a, chunk)
		if errors.Is(err, netpoll.ErrWouldBlock) {
			require.Zero(t, n)
			break
		}
		require.NoError(t, err)
		require.Positive(t, n)
	}
	require.NoError(t, netpoll.Close(b))
	_, err := netpoll.Write(a, chunk)
	require.ErrorIs(t, err, syscall.EPIPE)
	requireSyscall(t, err, "write")
}

func TestCloseWriteHalfCloses(t *testing.T) {
	for _, tt := range pairs {
		t.Run(tt.name, func(t *testing.T) {
			a, b := tt.make(t)
			write(t, a, "request")
			require.NoError(t, netpoll.CloseWrite(a))
			require.Equal(t, "request", readToEOF(t, b), "the peer reads what was sent, then end of file")

			_, err := netpoll.Write(a, []byte("more"))
			require.ErrorIs(t, err, syscall.EPIPE, "no writing after CloseWrite")

			// The other direction still works.
			write(t, b, "response")
			require.Equal(t, "response", readFull(t, a, len("response")))
			require.NoError(t, netpoll.CloseWrite(b))
			require.Empty(t, readToEOF(t, a))
		})
	}
}

func TestCloseWriteErrors(t *testing.T) {
	tests := []struct {
		name string
		give func(t *testing.T) int
		want error
	}{
		{
			name: "not connected",
			give: func(t *testing.T) int {
				fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
				require.NoError(t, err)
				closeFD(t, fd)
				return fd
			},
			want: syscall.ENOTCONN,
		},
		{
			name: "not a socket",
			give: func(t *testing.T) int {
				var p [2]int
				require.NoError(t, unix.Pipe(p[:]))
				closeFD(t, p[0])
				closeFD(t, p[1])
				return p[1]
			},
			want: syscall.ENOTSOCK,
		},
		{name: "bad fd", give: func(*testing.T) int { return -1 }, want: syscall.EBADF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := netpoll.CloseWrite(tt.give(t))
			require.ErrorIs(t, err, tt.want)
			requireSyscall(t, err, "shutdown")
		})
	}
}

func TestCloseThenCallsFail(t *testing.T) {
	a, b := socketPair(t, unix.SOCK_STREAM)
	require.NoError(t, netpoll.Close(a))

	buf := make([]byte, 8)
	_, err := netpoll.Read(a, buf)
	require.ErrorIs(t, err, syscall.EBADF)
	requireSyscall(t, err, "read")
	_, err = netpoll.Write(a, buf)
	require.ErrorIs(t, err, syscall.EBADF)
	requireSyscall(t, err, "write")
	err = netpoll.Close(a)
	require.ErrorIs(t, err, syscall.EBADF, "a second Close fails")
	requireSyscall(t, err, "close")

	n, err := netpoll.Read(b, buf)
	require.NoError(t, err)
	require.Zero(t, n, "the peer reads end of file")
}

// requireSyscall asserts that err is an *os.SyscallError for name.
func requireSyscall(t testing.TB, err error, name string) {
	t.Helper()
	var se *os.SyscallError
	require.ErrorAs(t, err, &se)
	require.Equal(t, name, se.Syscall)
}

// readWait reads fd into buf with Read, waiting for data or end of file
// if none has arrived yet.
func readWait(t testing.TB, fd int, buf []byte) int {
	t.Helper()
	for range 100 {
		n, err := netpoll.Read(fd, buf)
		if !errors.Is(err, netpoll.ErrWouldBlock) {
			require.NoError(t, err)
			return n
		}
		awaitReadable(t, fd)
	}
	t.Fatal("readable, yet nothing to read")
	return 0
}

// readFull reads exactly size bytes from fd.
func readFull(t testing.TB, fd, size int) string {
	t.Helper()
	buf := make([]byte, size)
	for got := 0; got < size; {
		n := readWait(t, fd, buf[got:])
		require.NotZero(t, n, "unexpected end of file")
		got += n
	}
	return string(buf)
}

// readToEOF reads fd until end of file and returns what it read.
func readToEOF(t testing.TB, fd int) string {
	t.Helper()
	var out []byte
	buf := make([]byte, 4096)
	for range 1 << 10 {
		n := readWait(t, fd, buf)
		if n == 0 {
			return string(out)
		}
		out = append(out, buf[:n]...)
	}
	t.Fatal("readToEOF: no end of file")
	return ""
}

// tcpFD returns the fd of the client side of a TCP connection over
// loopback, closed at the end of the test.
func tcpFD(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	c, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	rc, err := c.(*net.TCPConn).SyscallConn()
	require.NoError(t, err)
	fd, err := netpoll.FD(rc)
	require.NoError(t, err)
	t.Cleanup(func() { netpoll.Close(fd) })
	return fd
}

func TestSetNoDelay(t *testing.T) {
	fd := tcpFD(t)

	for _, on := range []bool{false, true} {
		require.NoError(t, netpoll.SetNoDelay(fd, on))
		v, err := unix.GetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY)
		require.NoError(t, err)
		require.Equal(t, on, v != 0)
	}
	require.Error(t, netpoll.SetNoDelay(-1, true))
}

// TestSetBuffers sets a socket's buffers, one, the other, or both: the
// kernel holds at least what was asked (Linux doubles it).
func TestSetBuffers(t *testing.T) {
	fd := tcpFD(t)

	get := func(opt int) int {
		v, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, opt)
		require.NoError(t, err)
		return v
	}
	rcv, snd := get(unix.SO_RCVBUF), get(unix.SO_SNDBUF)
	require.NoError(t, netpoll.SetBuffers(fd, 0, 0))
	require.Equal(t, rcv, get(unix.SO_RCVBUF), "zero leaves it alone")
	require.NoError(t, netpoll.SetBuffers(fd, 8<<10, 0))
	require.GreaterOrEqual(t, get(unix.SO_RCVBUF), 8<<10)
	require.Less(t, get(unix.SO_RCVBUF), 64<<10)
	require.Equal(t, snd, get(unix.SO_SNDBUF))
	require.NoError(t, netpoll.SetBuffers(fd, 0, 16<<10))
	require.GreaterOrEqual(t, get(unix.SO_SNDBUF), 16<<10)
	require.Less(t, get(unix.SO_SNDBUF), 128<<10)
	require.Error(t, netpoll.SetBuffers(-1, 1, 1))
}
