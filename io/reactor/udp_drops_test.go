package reactor_test

import (
	"net"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/io/reactor"
)

// floodDatagrams is how many datagrams TestDatagramsDroppedUnderFlood
// sends while its handler is blocked: many times what the kernel's
// default receive buffer holds (about 200 small datagrams), and more
// than the portable reader's queue (1,024).
const floodDatagrams = 3000

// markerPatience is how long the test waits for a marker before it sends
// another: the marker itself may be dropped. It is never asserted on.
const markerPatience = 100 * time.Millisecond

// TestDatagramsDroppedUnderFlood blocks a datagram socket's handler on
// its first datagram, floods the socket, unblocks the handler and sends
// markers until it gets the last one sent. By then every datagram sent
// was received or dropped, and counted: received + Dropped is exactly
// what was sent.
func TestDatagramsDroppedUnderFlood(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("only Linux counts the datagrams the kernel drops (SO_RXQ_OVFL)")
	}
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		e := newEnv(t, ec)
		h := &floodHandler{
			blocked: make(chan struct{}, 1),
			release: make(chan struct{}),
			reports: make(chan floodReport, 1024),
		}
		_, addr, err := reactor.ListenPacket(e.sys, e.r, "udp4", "127.0.0.1:0", func(p *reactor.PacketConn) reactor.Handler[struct{}] {
			h.p = p
			return h
		})
		require.NoError(t, err)
		release := sync.OnceFunc(func() { close(h.release) })
		t.Cleanup(release) // before the shutdown, if the test fails first
		c, err := net.DialUDP("udp4", nil, addr.(*net.UDPAddr))
		require.NoError(t, err)
		defer c.Close()

		msg := make([]byte, 64)
		send := func(b []byte) {
			t.Helper()
			_, err := c.Write(b)
			require.NoError(t, err)
		}
		send(msg)
		recv(t, h.blocked, "the handler to block on the first datagram")
		for range floodDatagrams - 1 {
			send(msg)
		}
		release()

		var last floodReport
		markers := 0
	markers:
		for {
			require.Less(t, markers, 1000, "no marker gets through")
			markers++
			send([]byte("M" + strconv.Itoa(markers)))
			patience := time.After(markerPatience)
			for {
				select {
				case r := <-h.reports:
					if r.marker == markers {
						last = r
						break markers
					}
				case <-patience:
					continue markers
				}
			}
		}

		sent := uint64(floodDatagrams + markers)
		t.Logf("%d sent: %d received, %d dropped", sent, last.received, last.dropped)
		require.NotZero(t, last.dropped, "the flood overflowed the socket")
		require.Equal(t, sent, last.received+last.dropped, "every datagram is received or counted as dropped")
		require.Equal(t, last.dropped, e.r.Metrics().DatagramsDropped)
	})
}

// floodHandler blocks on its first datagram until released, then counts
// what it receives, and reports each marker ("M" and its number) with
// its counts.
type floodHandler struct {
	p        *reactor.PacketConn
	blocked  chan struct{}
	release  chan struct{}
	reports  chan floodReport
	received uint64
}

// floodReport is what the handler had counted when it got a marker.
type floodReport struct {
	marker            int
	received, dropped uint64
}

func (h *floodHandler) Receive(*actor.Context[struct{}], struct{}) {}

func (h *floodHandler) HandleIO(_ *actor.Context[struct{}], ev reactor.Event) {
	d, ok := ev.(reactor.Datagram)
	if !ok {
		return
	}
	h.received++
	if h.received == 1 {
		h.blocked <- struct{}{}
		<-h.release
	}
	if len(d.Data) > 1 && d.Data[0] == 'M' {
		n, _ := strconv.Atoi(string(d.Data[1:]))
		h.reports <- floodReport{marker: n, received: h.received, dropped: h.p.Dropped()}
	}
}
