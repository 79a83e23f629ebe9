package reactor

import (
	"net"
	"syscall"

	"github.com/actorio/actorio/io/netpoll"
)

// Dropped datagrams.
//
// A datagram socket whose actor falls behind loses datagrams where they
// wait: in the kernel, whose receive buffer drops what does not fit, and
// on the portable engine also in the reader goroutine's queue, which
// drops what comes past maxQueuedDatagrams. ListenPacket asks the kernel
// to count its drops (SO_RXQ_OVFL, on Linux only): the kernel then hands
// the socket's cumulative count, a uint32 that wraps, with each datagram
// read, and the reader adds the difference from the last count it saw.
// The reader of the portable engine counts its own drops as it makes
// them. Both go to PacketConn.Dropped and Metrics.DatagramsDropped.

// Dropped returns how many datagrams were lost because they arrived
// faster than the socket's actor read them: those the kernel dropped
// because the socket's receive buffer was full (on Linux; other systems
// do not tell, and count 0 here), and on the portable engine those its
// reader dropped because 1,024 datagrams were queued for the actor
// already. The count is cumulative since ListenPacket. It grows as
// datagrams are read: the kernel reports its drops with the next
// datagram the socket receives, so a drop shows once a later datagram
// has been read (by the time the handler gets that datagram's event, on
// the event loops). Each increase is added to the Reactor's
// Metrics.DatagramsDropped too. Unlike the other methods, Dropped may be
// called from any goroutine.
func (p *PacketConn) Dropped() uint64 { return p.dropped.Load() }

// addDropped counts n more datagrams dropped.
func (p *PacketConn) addDropped(n uint64) {
	if n != 0 {
		p.dropped.Add(n)
		p.r.stats.datagramsDropped.Add(n)
	}
}

// kernelDrops counts what the kernel's count drops, received with a
// datagram, adds to *last, the count received before, and keeps it.
func (p *PacketConn) kernelDrops(last *uint32, drops uint32) {
	if drops != *last {
		p.addDropped(uint64(drops - *last)) // modulo 2^32, as the kernel counts
		*last = drops
	}
}

// enableDropCount asks the kernel to count the datagrams pc drops, and
// reports whether it will.
func enableDropCount(pc net.PacketConn) bool {
	sc, ok := pc.(syscall.Conn)
	if !ok {
		return false
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	enabled := false
	err = rc.Control(func(fd uintptr) { enabled = netpoll.EnableDropCount(int(fd)) == nil })
	return err == nil && enabled
}
