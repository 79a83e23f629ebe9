package reactor

import (
	"errors"
	"net"
	"sync"

	"github.com/actorio/actorio/io/netpoll"
)

// maxQueuedDatagrams bounds the datagrams a portable socket's reader
// queues for its actor; beyond it the reader drops them, as a full
// socket buffer would, and counts them (see PacketConn.Dropped).
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
	var oob []byte
	uc, isUDP := pp.p.pc.(*net.UDPConn)
	if pp.p.counting && isUDP {
		oob = make([]byte, netpoll.DropCountSpace)
	}
	var kdrops uint32 // the kernel's drop count last read
	for {
		n, from, drops, err := pp.readFrom(uc, buf, oob)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue // an ICMP error of an earlier send
		}
		pp.p.kernelDrops(&kdrops, drops)
		pp.mu.Lock()
		full := len(pp.q) >= maxQueuedDatagrams
		if !full {
			pp.q = append(pp.q, Datagram{Addr: from, Data: append([]byte(nil), buf[:n]...)})
		}
		pp.mu.Unlock()
		if full { // the queue was raised for when it was not empty
			pp.p.addDropped(1)
			continue
		}
		pp.p.raise(flagRead)
	}
}

// readFrom reads a datagram into buf, and with oob (when the kernel
// counts the socket's drops) the kernel's count of them.
func (pp *portablePacket) readFrom(uc *net.UDPConn, buf, oob []byte) (int, net.Addr, uint32, error) {
	if oob == nil {
		n, from, err := pp.p.pc.ReadFrom(buf)
		return n, from, 0, err
	}
	n, oobn, _, from, err := uc.ReadMsgUDP(buf, oob)
	if err != nil {
		return 0, nil, 0, err
	}
	return n, from, netpoll.DropCount(oob[:oobn]), nil
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
