package reactor

import (
	"errors"
	"net"
	"sync"
)

// maxQueuedDatagrams bounds the datagrams a portable socket's reader
// queues for its actor; beyond it the reader drops them, as a full
// socket buffer would.
const maxQueuedDatagrams = 1024

// portablePacket is the reader goroutine of a datagram socket on the
// portable engine.
type portablePacket struct {
	p  *PacketConn
	mu sync.Mutex
	q  []Datagram
}

func startPortablePacket(p *PacketConn) *portablePacket {
	pp := &portablePacket{p: p}
	p.r.portable.Add(1)
	go pp.read()
	return pp
}

// read runs until the socket is closed.
func (pp *portablePacket) read() {
	defer pp.p.r.portable.Done()
	buf := make([]byte, maxDatagram)
	for {
		n, from, err := pp.p.pc.ReadFrom(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue // an ICMP error of an earlier send
		}
		pp.mu.Lock()
		if len(pp.q) < maxQueuedDatagrams {
			pp.q = append(pp.q, Datagram{Addr: from, Data: append([]byte(nil), buf[:n]...)})
		}
		pp.mu.Unlock()
		pp.p.sig.Raise(flagRead)
	}
}

// deliver hands the queued datagrams to the handler, inside the actor.
func (pp *portablePacket) deliver(s sink) {
	pp.mu.Lock()
	q := pp.q
	pp.q = nil
	pp.mu.Unlock()
	for _, d := range q {
		if pp.p.closed {
			return
		}
		s.deliver(d)
	}
}
