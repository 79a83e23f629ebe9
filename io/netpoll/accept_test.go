//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netpoll_test

import (
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/actorio/actorio/io/netpoll"
)

func TestAcceptTCP(t *testing.T) {
	tests := []struct {
		name, network, addr string
	}{
		{"ipv4", "tcp4", "127.0.0.1:0"},
		{"ipv6", "tcp6", "[::1]:0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ln, err := net.Listen(tt.network, tt.addr)
			if err != nil {
				t.Skipf("no %s loopback: %v", tt.network, err)
			}
			addr := ln.Addr().String()
			lfd := rawFD(t, ln.(*net.TCPListener))
			testAccept(t, lfd, func() net.Conn {
				c, err := net.Dial(tt.network, addr)
				require.NoError(t, err)
				return c
			}, func(t *testing.T, got net.Addr, c net.Conn) {
				require.IsType(t, &net.TCPAddr{}, got)
				require.Equal(t, c.LocalAddr().String(), got.String())
			})
		})
	}
}

func TestAcceptUnix(t *testing.T) {
	dir, err := os.MkdirTemp("", "np") // short: socket paths are limited to ~100 bytes
	require.NoError(t, err)
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "s")

	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	require.NoError(t, err)
	ln.SetUnlinkOnClose(false)
	lfd := rawFD(t, ln)
	testAccept(t, lfd, func() net.Conn {
		c, err := net.Dial("unix", path)
		require.NoError(t, err)
		return c
	}, func(t *testing.T, got net.Addr, _ net.Conn) {
		ua, ok := got.(*net.UnixAddr)
		require.True(t, ok, "got %T", got)
		require.Equal(t, "unix", ua.Net)
	})
}

// testAccept checks Accept on the listening fd lfd, with dial making
// connections to it.
func testAccept(t *testing.T, lfd int, dial func() net.Conn, checkAddr func(*testing.T, net.Addr, net.Conn)) {
	fd, addr, err := netpoll.Accept(lfd)
	require.ErrorIs(t, err, netpoll.ErrWouldBlock)
	require.Equal(t, -1, fd)
	require.Nil(t, addr)

	p := newPoller(t)
	tok := netpoll.MakeToken(1, 0)
	require.NoError(t, p.Add(lfd, netpoll.Readable, tok))
	c := dial()
	defer c.Close()
	waitFor(t, p, tok, readable)

	fd, addr, err = netpoll.Accept(lfd)
	require.NoError(t, err)
	closeFD(t, fd)
	checkAddr(t, addr, c)
	nonblock, cloexec := fdFlags(t, fd)
	require.True(t, nonblock, "O_NONBLOCK")
	require.True(t, cloexec, "FD_CLOEXEC")

	_, _, err = netpoll.Accept(lfd)
	require.ErrorIs(t, err, netpoll.ErrWouldBlock)

	_, err = c.Write([]byte("accepted"))
	require.NoError(t, err)
	require.NoError(t, p.Add(fd, netpoll.Readable, netpoll.MakeToken(2, 0)))
	waitFor(t, p, netpoll.MakeToken(2, 0), readable)
	require.Equal(t, "accepted", readAll(t, fd))
}

func TestAcceptErrors(t *testing.T) {
	a, _ := socketPair(t, unix.SOCK_STREAM)
	tests := []struct {
		name string
		fd   int
		want error
	}{
		{"not listening", a, syscall.EINVAL},
		{"bad fd", -1, syscall.EBADF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fd, addr, err := netpoll.Accept(tt.fd)
			require.ErrorIs(t, err, tt.want)
			var se *os.SyscallError
			require.ErrorAs(t, err, &se)
			require.Equal(t, -1, fd)
			require.Nil(t, addr)
		})
	}
}
