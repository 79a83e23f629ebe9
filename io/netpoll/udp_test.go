//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netpoll_test

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/actorio/actorio/io/netpoll"
)

// loopbacks are the UDP loopbacks the tests run over; IPv6 is skipped
// where it is unavailable.
var loopbacks = []struct {
	name, network, addr string
	ipLen               int // of the sender's IP as RecvFrom reports it
}{
	{"ipv4", "udp4", "127.0.0.1:0", net.IPv4len},
	{"ipv6", "udp6", "[::1]:0", net.IPv6len},
}

func TestSendToRecvFrom(t *testing.T) {
	for _, tt := range loopbacks {
		t.Run(tt.name, func(t *testing.T) {
			a, aAddr := udpFD(t, tt.network, tt.addr)
			b, bAddr := udpFD(t, tt.network, tt.addr)
			buf := make([]byte, 64)

			require.NoError(t, netpoll.SendTo(a, []byte("ping"), bAddr))
			n, from := recvFrom(t, b, buf)
			require.Equal(t, "ping", string(buf[:n]))
			ua, ok := from.(*net.UDPAddr)
			require.True(t, ok, "got %T", from)
			require.Len(t, ua.IP, tt.ipLen)
			require.Equal(t, aAddr.String(), ua.String())

			// The address RecvFrom returns is good for the reply.
			require.NoError(t, netpoll.SendTo(b, []byte("pong"), from))
			n, from = recvFrom(t, a, buf)
			require.Equal(t, "pong", string(buf[:n]))
			require.Equal(t, bAddr.String(), from.String())

			n, from, err := netpoll.RecvFrom(a, buf)
			require.ErrorIs(t, err, netpoll.ErrWouldBlock)
			require.Zero(t, n)
			require.Nil(t, from)
		})
	}
}

func TestSendToRecvFromEdges(t *testing.T) {
	tests := []struct {
		name    string
		give    string // the datagram sent
		bufSize int    // the buffer it is received into
		want    string
	}{
		{"empty datagram", "", 8, ""},
		{"truncated", "truncated", 5, "trunc"},
		{"empty buffer discards", "discarded", 0, ""},
		{"exact fit", "exact", 5, "exact"},
	}
	a, _ := udpFD(t, "udp4", "127.0.0.1:0")
	b, bAddr := udpFD(t, "udp4", "127.0.0.1:0")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NoError(t, netpoll.SendTo(a, []byte(tt.give), bAddr))
			buf := make([]byte, tt.bufSize)
			n, from := recvFrom(t, b, buf)
			require.Equal(t, tt.want, string(buf[:n]))
			require.NotNil(t, from)

			_, _, err := netpoll.RecvFrom(b, make([]byte, 64))
			require.ErrorIs(t, err, netpoll.ErrWouldBlock, "the rest of the datagram is gone")
		})
	}
}

func TestSendToIPv4OnDualStackSocket(t *testing.T) {
	v6, v6Port := dualStackFD(t)
	v4, v4Addr := udpFD(t, "udp4", "127.0.0.1:0")
	buf := make([]byte, 64)
	for _, ip := range []net.IP{net.IPv4(127, 0, 0, 1).To4(), net.IPv4(127, 0, 0, 1)} {
		require.NoError(t, netpoll.SendTo(v6, []byte("from v6"), &net.UDPAddr{IP: ip, Port: v4Addr.Port}), "IP of %d bytes", len(ip))
		n, from := recvFrom(t, v4, buf)
		require.Equal(t, "from v6", string(buf[:n]))
		require.Equal(t, (&net.UDPAddr{IP: ip.To4(), Port: v6Port}).String(), from.String())
	}

	require.NoError(t, netpoll.SendTo(v4, []byte("from v4"), &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: v6Port}))
	n, from := recvFrom(t, v6, buf)
	require.Equal(t, "from v4", string(buf[:n]))
	ua := from.(*net.UDPAddr)
	require.Len(t, ua.IP, net.IPv6len, "an IPv4 sender comes IPv4-mapped")
	require.True(t, ua.IP.Equal(net.IPv4(127, 0, 0, 1)))
	require.Equal(t, v4Addr.Port, ua.Port)
}

func TestSendToInvalidAddress(t *testing.T) {
	tests := []struct {
		name string
		give net.Addr
	}{
		{"nil", nil},
		{"nil UDPAddr", (*net.UDPAddr)(nil)},
		{"TCPAddr", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 9}},
		{"UnixAddr", &net.UnixAddr{Name: "/tmp/s", Net: "unixgram"}},
		{"negative port", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: -1}},
		{"port too large", &net.UDPAddr{IP: net.IPv6loopback, Port: 1 << 16}},
		{"no IP", &net.UDPAddr{Port: 9}},
		{"IP of 3 bytes", &net.UDPAddr{IP: net.IP{127, 0, 0}, Port: 9}},
		{"unknown zone", &net.UDPAddr{IP: net.IPv6loopback, Port: 9, Zone: "netpoll-no-such-if"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// fd -1 would fail with EBADF: no system call is made.
			err := netpoll.SendTo(-1, []byte("x"), tt.give)
			require.ErrorIs(t, err, netpoll.ErrInvalid)
			var se *os.SyscallError
			require.False(t, errors.As(err, &se), "no system call: %v", err)
		})
	}
}

func TestSendToRecvFromErrors(t *testing.T) {
	v4 := &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 9}
	v6 := &net.UDPAddr{IP: net.IPv6loopback, Port: 9}
	closed := func(t *testing.T) int {
		fd, _ := udpFD(t, "udp4", "127.0.0.1:0")
		require.NoError(t, netpoll.Close(fd))
		return fd
	}
	udp4FD := func(t *testing.T) int {
		fd, _ := udpFD(t, "udp4", "127.0.0.1:0")
		return fd
	}
	tests := []struct {
		name string
		fd   func(t *testing.T) int
		to   net.Addr
		want error // nil: any kernel error
	}{
		{"bad fd, IPv4", func(*testing.T) int { return -1 }, v4, syscall.EBADF},
		{"bad fd, IPv6", func(*testing.T) int { return -1 }, v6, syscall.EBADF},
		{"closed fd", closed, v4, syscall.EBADF},
		{"IPv6 address on an IPv4 socket", udp4FD, v6, nil},
		{"port 0", udp4FD, &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fd := tt.fd(t)
			err := netpoll.SendTo(fd, []byte("x"), tt.to)
			requireSyscall(t, err, "sendto")
			if tt.want != nil {
				require.ErrorIs(t, err, tt.want)
				n, from, err := netpoll.RecvFrom(fd, make([]byte, 8))
				require.ErrorIs(t, err, tt.want)
				requireSyscall(t, err, "recvfrom")
				require.Zero(t, n)
				require.Nil(t, from)
			}
		})
	}
}

func TestRecvFromUnixgram(t *testing.T) {
	dir, err := os.MkdirTemp("", "np") // short: socket paths are limited to ~100 bytes
	require.NoError(t, err)
	defer os.RemoveAll(dir)
	laddr := &net.UnixAddr{Name: filepath.Join(dir, "l"), Net: "unixgram"}

	tests := []struct {
		name string
		pair func(t *testing.T) (from, to int)
		want net.Addr
	}{
		{
			name: "bound sender",
			pair: func(t *testing.T) (int, int) {
				raddr := &net.UnixAddr{Name: filepath.Join(dir, "r"), Net: "unixgram"}
				rc, err := net.ListenUnixgram("unixgram", raddr)
				require.NoError(t, err)
				lc, err := net.DialUnix("unixgram", laddr, raddr)
				require.NoError(t, err)
				return rawFD(t, lc), rawFD(t, rc)
			},
			want: laddr,
		},
		{
			name: "unbound sender",
			pair: func(t *testing.T) (int, int) { return socketPair(t, unix.SOCK_DGRAM) },
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to := tt.pair(t)
			write(t, from, "hi")
			buf := make([]byte, 8)
			n, got, err := netpoll.RecvFrom(to, buf)
			require.NoError(t, err)
			require.Equal(t, "hi", string(buf[:n]))
			require.Equal(t, tt.want, got)
		})
	}
}

// udpFD returns the fd of a UDP socket bound to addr, a loopback
// address, and that address with its port; it skips the test where
// network is unavailable.
func udpFD(t testing.TB, network, addr string) (int, *net.UDPAddr) {
	t.Helper()
	c, err := net.ListenPacket(network, addr)
	if err != nil {
		t.Skipf("no %s loopback: %v", network, err)
	}
	local := c.LocalAddr().(*net.UDPAddr)
	return rawFD(t, c.(*net.UDPConn)), local
}

// dualStackFD returns the fd of a non-blocking IPv6 UDP socket that also
// takes IPv4, bound to 127.0.0.1 in its IPv4-mapped form, and its port; it
// skips the test where the system has no such sockets (OpenBSD).
func dualStackFD(t testing.TB) (fd, port int) {
	t.Helper()
	fd, err := unix.Socket(unix.AF_INET6, unix.SOCK_DGRAM, 0)
	if err != nil {
		t.Skipf("no IPv6: %v", err)
	}
	closeFD(t, fd)
	unix.CloseOnExec(fd)
	require.NoError(t, unix.SetNonblock(fd, true))
	sa := &unix.SockaddrInet6{Addr: [16]byte(net.IPv4(127, 0, 0, 1))}
	if err := unix.SetsockoptInt(fd, unix.IPPROTO_IPV6, unix.IPV6_V6ONLY, 0); err != nil {
		t.Skipf("no dual-stack sockets: %v", err)
	}
	if err := unix.Bind(fd, sa); err != nil {
		t.Skipf("no dual-stack sockets: %v", err)
	}
	got, err := unix.Getsockname(fd)
	require.NoError(t, err)
	return fd, got.(*unix.SockaddrInet6).Port
}

// recvFrom receives one datagram into buf, waiting for it if it is still
// in flight.
func recvFrom(t testing.TB, fd int, buf []byte) (int, net.Addr) {
	t.Helper()
	for range 100 {
		n, from, err := netpoll.RecvFrom(fd, buf)
		if !errors.Is(err, netpoll.ErrWouldBlock) {
			require.NoError(t, err)
			return n, from
		}
		awaitReadable(t, fd)
	}
	t.Fatal("readable, yet no datagram")
	return 0, nil
}
