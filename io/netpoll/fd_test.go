//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netpoll_test

import (
	"net"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/actorio/actorio/io/netpoll"
)

func TestFDDuplicatesNonBlockingCloseOnExec(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	defer c.Close()
	s, err := ln.Accept()
	require.NoError(t, err)
	defer s.Close()

	rc, err := c.(*net.TCPConn).SyscallConn()
	require.NoError(t, err)
	var orig int
	require.NoError(t, rc.Control(func(fd uintptr) { orig = int(fd) }))
	fd, err := netpoll.FD(rc)
	require.NoError(t, err)
	closeFD(t, fd)
	require.NotEqual(t, orig, fd)

	nonblock, cloexec := fdFlags(t, fd)
	require.True(t, nonblock, "O_NONBLOCK")
	require.True(t, cloexec, "FD_CLOEXEC")

	// The duplicate outlives the original and still carries the connection.
	require.NoError(t, c.Close())
	write(t, fd, "still here")
	buf := make([]byte, 32)
	n, err := s.Read(buf)
	require.NoError(t, err)
	require.Equal(t, "still here", string(buf[:n]))

	// Closing the last fd closes the connection.
	require.NoError(t, unix.Close(fd))
	_, err = s.Read(buf)
	require.Error(t, err)
}

func TestFDErrors(t *testing.T) {
	closedRC := func(t *testing.T) syscall.RawConn {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		rc, err := ln.(*net.TCPListener).SyscallConn()
		require.NoError(t, err)
		require.NoError(t, ln.Close())
		return rc
	}
	tests := []struct {
		name string
		give func(t *testing.T) syscall.RawConn
		want error
	}{
		{name: "nil", give: func(*testing.T) syscall.RawConn { return nil }, want: netpoll.ErrInvalid},
		{name: "closed", give: closedRC, want: net.ErrClosed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fd, err := netpoll.FD(tt.give(t))
			require.ErrorIs(t, err, tt.want)
			require.Equal(t, -1, fd)
		})
	}
}

func TestFDDoesNotLeak(t *testing.T) {
	warmNet(t)
	base := openFDs(t)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	rc, err := ln.(*net.TCPListener).SyscallConn()
	require.NoError(t, err)
	fds := make([]int, 50)
	for i := range fds {
		fds[i], err = netpoll.FD(rc)
		require.NoError(t, err)
	}
	require.Equal(t, base+1+len(fds), openFDs(t))
	for _, fd := range fds {
		require.NoError(t, unix.Close(fd))
	}
	require.NoError(t, ln.Close())
	require.Equal(t, base, openFDs(t))
}
