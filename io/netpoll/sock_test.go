//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netpoll_test

import (
	"net"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/actorio/actorio/io/netpoll"
)

func TestUnixSocketPair(t *testing.T) {
	tests := []struct {
		name string
		typ  int
	}{
		{"stream", unix.SOCK_STREAM},
		{"datagram", unix.SOCK_DGRAM},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPoller(t)
			a, b := socketPair(t, tt.typ)
			tok := netpoll.MakeToken(11, 2)
			require.NoError(t, p.Add(a, netpoll.Readable, tok))
			requireQuiet(t, p)

			write(t, b, "over unix")
			waitFor(t, p, tok, readable)
			require.Equal(t, "over unix", readAll(t, a))
			requireQuiet(t, p)
		})
	}
}

func TestUnixStreamPeerCloseIsHangup(t *testing.T) {
	p := newPoller(t)
	a, b := socketPair(t, unix.SOCK_STREAM)
	tok := netpoll.MakeToken(12, 0)
	require.NoError(t, p.Add(a, netpoll.Readable, tok))
	require.NoError(t, unix.Close(b))
	ev := waitFor(t, p, tok, func(ev netpoll.Event) bool { return ev.Hangup })
	require.True(t, ev.Readable)
}

func TestUDPReadable(t *testing.T) {
	tests := []struct {
		name, network, addr string
	}{
		{"ipv4", "udp4", "127.0.0.1:0"},
		{"ipv6", "udp6", "[::1]:0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recv, err := net.ListenPacket(tt.network, tt.addr)
			if err != nil {
				t.Skipf("no %s loopback: %v", tt.network, err)
			}
			to := recv.LocalAddr()
			fd := rawFD(t, recv.(*net.UDPConn))

			p := newPoller(t)
			tok := netpoll.MakeToken(20, 1)
			require.NoError(t, p.Add(fd, netpoll.Readable, tok))
			requireQuiet(t, p)

			send, err := net.DialUDP(tt.network, nil, to.(*net.UDPAddr))
			require.NoError(t, err)
			defer send.Close()
			_, err = send.Write([]byte("ping"))
			require.NoError(t, err)
			_, err = send.Write([]byte("pong"))
			require.NoError(t, err)

			waitFor(t, p, tok, readable)
			// One datagram per read, split over the buffers as needed.
			head, tail := make([]byte, 2), make([]byte, 64)
			for _, want := range []string{"ping", "pong"} {
				n, err := netpoll.Readv(fd, [][]byte{head, tail})
				if err == netpoll.ErrWouldBlock {
					waitFor(t, p, tok, readable) // the second datagram is in flight
					n, err = netpoll.Readv(fd, [][]byte{head, tail})
				}
				require.NoError(t, err)
				require.Equal(t, want, string(head)+string(tail[:n-2]))
			}
			_, err = netpoll.Readv(fd, [][]byte{tail})
			require.ErrorIs(t, err, netpoll.ErrWouldBlock)
		})
	}
}
