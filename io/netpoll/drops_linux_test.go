package netpoll_test

import (
	"encoding/binary"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/actorio/actorio/io/netpoll"
)

// floodDatagrams is how many datagrams TestRecvFromDropsCounts sends to
// a socket that reads none meanwhile: many times what its smallest
// receive buffer holds.
const floodDatagrams = 256

// TestRecvFromDropsCounts floods a socket with a small receive buffer,
// drains it, sends a marker, and checks that the marker's count accounts
// for every datagram not received, exactly; without EnableDropCount every
// count is 0.
func TestRecvFromDropsCounts(t *testing.T) {
	tests := []struct {
		name   string
		enable bool
	}{
		{name: "enabled", enable: true},
		{name: "not enabled", enable: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _ := udpFD(t, "udp4", "127.0.0.1:0")
			b, bAddr := udpFD(t, "udp4", "127.0.0.1:0")
			require.NoError(t, unix.SetsockoptInt(b, unix.SOL_SOCKET, unix.SO_RCVBUF, 1024)) // the kernel's least
			if tt.enable {
				if err := netpoll.EnableDropCount(b); err != nil {
					t.Skipf("no SO_RXQ_OVFL here: %v", err)
				}
			}
			msg := make([]byte, 64)
			for i := range floodDatagrams {
				msg[0] = byte(i)
				require.NoError(t, netpoll.SendTo(a, msg, bAddr))
			}
			// On loopback each datagram is queued or dropped before
			// SendTo returns: the queue holds what it will hold.
			buf := make([]byte, 128)
			received, last := 0, uint32(0)
			for {
				n, _, drops, err := netpoll.RecvFromDrops(b, buf)
				if err == netpoll.ErrWouldBlock {
					break
				}
				require.NoError(t, err)
				require.Equal(t, len(msg), n)
				require.GreaterOrEqual(t, drops, last, "the count only grows")
				if received == 0 {
					require.Zero(t, drops, "the first datagram was queued before any drop")
				}
				received++
				last = drops
			}
			t.Logf("%d of %d datagrams queued", received, floodDatagrams)
			require.Less(t, received, floodDatagrams, "the buffer overflowed")

			require.NoError(t, netpoll.SendTo(a, []byte("marker"), bAddr))
			n, _, drops := recvFromDrops(t, b, buf)
			require.Equal(t, "marker", string(buf[:n]))
			if !tt.enable {
				require.Zero(t, drops)
				return
			}
			require.EqualValues(t, floodDatagrams-received, drops, "received %d", received)
		})
	}
}

// TestRecvFromDropsAllocatesAsRecvFrom checks that reading the count
// costs no allocation: RecvFromDrops allocates what RecvFrom does.
func TestRecvFromDropsAllocatesAsRecvFrom(t *testing.T) {
	a, _ := udpFD(t, "udp4", "127.0.0.1:0")
	b, bAddr := udpFD(t, "udp4", "127.0.0.1:0")
	if err := netpoll.EnableDropCount(b); err != nil {
		t.Skipf("no SO_RXQ_OVFL here: %v", err)
	}
	msg, buf := []byte("ping"), make([]byte, 16)
	recv := map[string]func() error{
		"RecvFrom": func() error { _, _, err := netpoll.RecvFrom(b, buf); return err },
		"RecvFromDrops": func() error {
			_, _, _, err := netpoll.RecvFromDrops(b, buf)
			return err
		},
	}
	allocs := map[string]float64{}
	for name, fn := range recv {
		var err error
		allocs[name] = testing.AllocsPerRun(100, func() {
			if e := netpoll.SendTo(a, msg, bAddr); e != nil {
				err = e
			}
			if e := fn(); e != nil {
				err = e
			}
		})
		require.NoError(t, err, name)
	}
	require.NotZero(t, allocs["RecvFrom"], "the sender's address")
	require.Equal(t, allocs["RecvFrom"], allocs["RecvFromDrops"])
}

func TestDropCount(t *testing.T) {
	overflow := cmsg(unix.SOL_SOCKET, unix.SO_RXQ_OVFL, u32(7))
	stamp := cmsg(unix.SOL_SOCKET, unix.SO_TIMESTAMPNS, make([]byte, 16))
	tests := []struct {
		name string
		give []byte
		want uint32
	}{
		{name: "none", give: nil, want: 0},
		{name: "alone", give: overflow, want: 7},
		{name: "after a timestamp", give: cat(stamp, overflow), want: 7},
		{name: "before a timestamp", give: cat(overflow, stamp), want: 7},
		{name: "unaligned", give: cat([]byte{0}, overflow)[1:], want: 7},
		{name: "largest", give: cmsg(unix.SOL_SOCKET, unix.SO_RXQ_OVFL, u32(1<<32-1)), want: 1<<32 - 1},
		{name: "other messages only", give: stamp, want: 0},
		{name: "other level", give: cmsg(unix.IPPROTO_IP, unix.SO_RXQ_OVFL, u32(7)), want: 0},
		{name: "short data", give: cmsg(unix.SOL_SOCKET, unix.SO_RXQ_OVFL, []byte{7, 0}), want: 0},
		{name: "truncated header", give: overflow[:unix.SizeofCmsghdr-1], want: 0},
		{name: "truncated data", give: overflow[:unix.CmsgLen(2)], want: 0},
		{name: "length past the end", give: cat(withLen(stamp, 1000), overflow), want: 0},
		{name: "length below the header", give: cat(withLen(stamp, 1), overflow), want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, netpoll.DropCount(tt.give))
		})
	}
	require.Zero(t, testing.AllocsPerRun(10, func() { netpoll.DropCount(overflow) }))
}

// cmsg builds a control message as the kernel writes it, padded.
func cmsg(level, typ int, data []byte) []byte {
	b := make([]byte, unix.CmsgSpace(len(data)))
	h := unix.Cmsghdr{Level: int32(level), Type: int32(typ)}
	h.SetLen(unix.CmsgLen(len(data)))
	copy(b, unsafe.Slice((*byte)(unsafe.Pointer(&h)), unix.SizeofCmsghdr))
	copy(b[unix.CmsgLen(0):], data)
	return b
}

// withLen returns a copy of the control message m with its length set to n.
func withLen(m []byte, n int) []byte {
	h := unix.Cmsghdr{}
	copy(unsafe.Slice((*byte)(unsafe.Pointer(&h)), unix.SizeofCmsghdr), m)
	h.SetLen(n)
	out := append([]byte(nil), m...)
	copy(out, unsafe.Slice((*byte)(unsafe.Pointer(&h)), unix.SizeofCmsghdr))
	return out
}

func u32(v uint32) []byte { return binary.NativeEndian.AppendUint32(nil, v) }

func cat(bs ...[]byte) []byte {
	var out []byte
	for _, b := range bs {
		out = append(out, b...)
	}
	return out
}
