//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netpoll_test

import (
	"math"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/actorio/actorio/io/netpoll"
)

func TestTCPReadableAfterPeerWrites(t *testing.T) {
	p := newPoller(t)
	a, b := tcpPair(t)
	tok := netpoll.MakeToken(3, 9)
	require.NoError(t, p.Add(a, netpoll.Readable, tok))
	requireQuiet(t, p)

	write(t, b, "hello")
	ev := waitFor(t, p, tok, readable)
	require.False(t, ev.Hangup)
	require.False(t, ev.Error)
	require.Equal(t, "hello", readAll(t, a))
}

func TestTCPEdgeTriggered(t *testing.T) {
	p := newPoller(t)
	a, b := tcpPair(t)
	tok := netpoll.MakeToken(1, 1)
	require.NoError(t, p.Add(a, netpoll.Readable, tok))

	write(t, b, "one")
	waitFor(t, p, tok, readable)
	// Unread data does not report again: that is the edge.
	requireQuiet(t, p)

	// New data is a new edge, even with the old data still unread.
	write(t, b, "two")
	waitFor(t, p, tok, readable)
	requireQuiet(t, p)

	// Reading until ErrWouldBlock re-arms nothing by itself...
	require.Equal(t, "onetwo", readAll(t, a))
	requireQuiet(t, p)

	// ...and the next data reports again.
	write(t, b, "three")
	waitFor(t, p, tok, readable)
	require.Equal(t, "three", readAll(t, a))
}

func TestTCPWritable(t *testing.T) {
	p := newPoller(t)
	a, b := tcpPair(t)
	// Small buffers so that filling them takes few writes.
	for _, fd := range []int{a, b} {
		require.NoError(t, unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_SNDBUF, 16<<10))
		require.NoError(t, unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, 16<<10))
	}
	tok := netpoll.MakeToken(2, 5)
	require.NoError(t, p.Add(a, netpoll.Writable, tok))

	// A fresh connection has room: reported at once, and only once.
	ev := waitFor(t, p, tok, writable)
	require.False(t, ev.Readable)
	requireQuiet(t, p)

	// Fill the connection until it would block.
	chunk := make([]byte, 64<<10)
	total := 0
	for total < 256<<20 {
		n, err := netpoll.Writev(a, [][]byte{chunk})
		if err == netpoll.ErrWouldBlock {
			break
		}
		require.NoError(t, err)
		total += n
	}
	require.Less(t, total, 256<<20, "never blocked")

	// The peer drains it; room reappears and is reported.
	got := 0
	buf := make([]byte, 64<<10)
	for got < total {
		n, err := netpoll.Readv(b, [][]byte{buf})
		if err == netpoll.ErrWouldBlock {
			// The rest is in flight on loopback; yield and retry.
			runtime.Gosched()
			continue
		}
		require.NoError(t, err)
		got += n
	}
	waitFor(t, p, tok, writable)
}

func TestTCPPeerCloseIsHangup(t *testing.T) {
	p := newPoller(t)
	a, b := tcpPair(t)
	tok := netpoll.MakeToken(0, 0)
	require.NoError(t, p.Add(a, netpoll.Readable, tok))
	requireQuiet(t, p)

	write(t, b, "bye")
	require.NoError(t, unix.Close(b))
	ev := waitFor(t, p, tok, func(ev netpoll.Event) bool { return ev.Hangup })
	require.True(t, ev.Readable, "a hangup is readable: the read returns end of file")

	require.Equal(t, "bye", string(readBytes(t, a, 16)))
	n, err := netpoll.Readv(a, [][]byte{make([]byte, 16)})
	require.NoError(t, err)
	require.Zero(t, n, "end of file")
}

func readBytes(t *testing.T, fd, size int) []byte {
	t.Helper()
	buf := make([]byte, size)
	n, err := netpoll.Readv(fd, [][]byte{buf})
	require.NoError(t, err)
	return buf[:n]
}

func TestTCPRemoveStopsEvents(t *testing.T) {
	p := newPoller(t)
	a, b := tcpPair(t)
	tok := netpoll.MakeToken(4, 4)
	require.NoError(t, p.Add(a, netpoll.Readable|netpoll.Writable, tok))
	waitFor(t, p, tok, writable)
	require.NoError(t, p.Remove(a))

	write(t, b, "ignored")
	require.NoError(t, unix.Close(b))
	requireQuiet(t, p)
}

func TestTCPModifyChangesInterestAndToken(t *testing.T) {
	p := newPoller(t)
	a, b := tcpPair(t)
	first, second, third := netpoll.MakeToken(7, 1), netpoll.MakeToken(7, 2), netpoll.MakeToken(7, 3)

	// Readable only: the socket's room is not reported.
	require.NoError(t, p.Add(a, netpoll.Readable, first))
	requireQuiet(t, p)

	// Adding Writable reports the room that already exists, with the new token.
	require.NoError(t, p.Modify(a, netpoll.Readable|netpoll.Writable, second))
	ev := waitFor(t, p, second, writable)
	require.False(t, ev.Readable)
	requireQuiet(t, p)

	// Back to Readable only: data reports readable and not writable.
	require.NoError(t, p.Modify(a, netpoll.Readable, third))
	write(t, b, "x")
	ev = waitFor(t, p, third, readable)
	require.False(t, ev.Writable)
	requireQuiet(t, p)
}

func TestTokenRoundTripsThroughKernel(t *testing.T) {
	tokens := []struct {
		name       string
		index, gen uint32
	}{
		{"zero", 0, 0},
		{"max index", math.MaxUint32, 0},
		{"max gen", 0, math.MaxUint32},
		{"last usable", math.MaxUint32 - 1, math.MaxUint32},
		{"high bits in both halves", 0x8000_0001, 0x8000_0001},
		{"sign bit of each half", 0x8000_0000, 0x7FFF_FFFF},
	}
	p := newPoller(t)
	a, _ := tcpPair(t)
	for _, tt := range tokens {
		t.Run(tt.name, func(t *testing.T) {
			tok := netpoll.MakeToken(tt.index, tt.gen)
			require.NoError(t, p.Add(a, netpoll.Writable, tok))
			ev := waitFor(t, p, tok, writable)
			require.Equal(t, tok, ev.Token)
			require.Equal(t, tt.index, ev.Token.Index())
			require.Equal(t, tt.gen, ev.Token.Gen())
			require.NoError(t, p.Remove(a))
		})
	}
	require.ErrorIs(t, p.Add(a, netpoll.Writable, netpoll.NoToken), netpoll.ErrInvalid)
}

// TestClosedFDWithLiveDuplicate pins down the platform difference that
// Remove-before-close guards against: epoll keeps reporting a closed fd
// whose open file lives on in a duplicate, with the old token, while
// kqueue drops the registration with the fd.
func TestClosedFDWithLiveDuplicate(t *testing.T) {
	p := newPoller(t)
	a, b := tcpPair(t)
	dup, err := unix.Dup(a)
	require.NoError(t, err)
	closeFD(t, dup)

	old := netpoll.MakeToken(5, 1)
	require.NoError(t, p.Add(a, netpoll.Readable, old))
	require.NoError(t, unix.Close(a))
	write(t, b, "late")

	if runtime.GOOS == "linux" {
		ev := waitFor(t, p, old, readable)
		require.Equal(t, uint32(1), ev.Token.Gen(), "a reactor whose slot 5 is now in generation 2 drops this")
	} else {
		requireQuiet(t, p)
	}
}
