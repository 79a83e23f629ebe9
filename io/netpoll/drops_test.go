//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netpoll_test

import (
	"errors"
	"net"
	"os"
	"runtime"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/io/netpoll"
)

func TestEnableDropCount(t *testing.T) {
	linux := runtime.GOOS == "linux"
	tests := []struct {
		name string
		give func(t *testing.T) int // the fd
		want error                  // on Linux; ErrUnsupported elsewhere
	}{
		{
			name: "IPv4 socket",
			give: func(t *testing.T) int { fd, _ := udpFD(t, "udp4", "127.0.0.1:0"); return fd },
		},
		{
			name: "IPv6 socket",
			give: func(t *testing.T) int { fd, _ := udpFD(t, "udp6", "[::1]:0"); return fd },
		},
		{
			name: "not a socket",
			give: func(t *testing.T) int {
				r, w, err := os.Pipe()
				require.NoError(t, err)
				t.Cleanup(func() { r.Close(); w.Close() })
				return int(r.Fd())
			},
			want: syscall.ENOTSOCK,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fd := tt.give(t)
			err := netpoll.EnableDropCount(fd)
			switch {
			case !linux:
				require.ErrorIs(t, err, netpoll.ErrUnsupported)
			case tt.want != nil:
				require.ErrorIs(t, err, tt.want)
				var se *os.SyscallError
				require.True(t, errors.As(err, &se), "got %T", err)
			default:
				require.NoError(t, err)
				require.NoError(t, netpoll.EnableDropCount(fd), "again")
			}
		})
	}
}

// TestRecvFromDropsReceives checks that RecvFromDrops receives as
// RecvFrom does, with 0 drops while nothing was dropped.
func TestRecvFromDropsReceives(t *testing.T) {
	for _, tt := range loopbacks {
		t.Run(tt.name, func(t *testing.T) {
			a, aAddr := udpFD(t, tt.network, tt.addr)
			b, bAddr := udpFD(t, tt.network, tt.addr)
			_ = netpoll.EnableDropCount(b)
			buf := make([]byte, 64)

			require.NoError(t, netpoll.SendTo(a, []byte("ping"), bAddr))
			n, from, drops := recvFromDrops(t, b, buf)
			require.Equal(t, "ping", string(buf[:n]))
			require.Equal(t, aAddr.String(), from.String())
			require.Zero(t, drops)

			n, from, drops, err := netpoll.RecvFromDrops(b, buf)
			require.ErrorIs(t, err, netpoll.ErrWouldBlock)
			require.Zero(t, n)
			require.Nil(t, from)
			require.Zero(t, drops)
		})
	}
}

// recvFromDrops is recvFrom for RecvFromDrops.
func recvFromDrops(t testing.TB, fd int, buf []byte) (int, net.Addr, uint32) {
	t.Helper()
	for range 100 {
		n, from, drops, err := netpoll.RecvFromDrops(fd, buf)
		if !errors.Is(err, netpoll.ErrWouldBlock) {
			require.NoError(t, err)
			return n, from, drops
		}
		awaitReadable(t, fd)
	}
	t.Fatal("readable, yet no datagram")
	return 0, nil, 0
}
