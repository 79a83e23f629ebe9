package reactor

import (
	"fmt"
	"net"
	"sync/atomic"
	"syscall"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/io/netpoll"
)

// maxDatagram is the read buffer of a datagram socket: the largest UDP
// payload. Larger datagrams cannot exist; none is truncated.
const maxDatagram = 64 << 10

// datagramsPerTurn bounds the datagrams a socket reads in one turn.
const datagramsPerTurn = 64

// Datagram is the event of a datagram socket's handler for each datagram
// received: Data, from Addr (a *net.UDPAddr). Data is valid only until
// HandleIO returns: copy it to keep it.
type Datagram struct {
	Addr net.Addr
	Data []byte
}

func (Datagram) event() {}

// NewPacketHandler makes the handler of a datagram socket, or of its
// restarted actor; p is valid for the actor's lifetime.
type NewPacketHandler[M any] func(p *PacketConn) Handler[M]

// PacketConn is a datagram socket as its actor sees it. Its handler gets
// a Datagram event per datagram received and a Closed event last. Like
// Conn, its methods are for its own actor only, but for Dropped.
type PacketConn struct {
	r        *Reactor
	laddr    net.Addr
	fd       int     // on an event loop; -1 on the portable engine
	l        *loop   // idem
	reg      pollReg // idem; reg.p is its actor on either engine (see raise)
	kdrops   uint32  // on an event loop: the kernel's drop count last read
	pc       net.PacketConn
	buf      *buffer
	closed   bool
	done     bool // Closed delivered
	counting bool // the kernel counts the socket's drops
	pp       *portablePacket
	dropped  atomic.Uint64 // see Dropped
}

// ListenPacket opens a datagram socket on network ("udp", "udp4" or
// "udp6") at address, and makes it an actor under parent with the
// handler newHandler makes. It returns the actor's Ref and the socket's
// address (with the port the system chose for port 0).
func ListenPacket[M any](parent actor.Parent, r *Reactor, network, address string, newHandler NewPacketHandler[M]) (actor.Ref[M], net.Addr, error) {
	var zero actor.Ref[M]
	switch network {
	case "udp", "udp4", "udp6":
	default:
		return zero, nil, fmt.Errorf("reactor: listen packet %s: %w", network, ErrUnsupportedNetwork)
	}
	if r.closed.Load() {
		return zero, nil, ErrClosed
	}
	pc, err := net.ListenPacket(network, address)
	if err != nil {
		return zero, nil, fmt.Errorf("reactor: %w", err)
	}
	p := &PacketConn{r: r, laddr: pc.LocalAddr(), fd: -1}
	a := &packetActor[M]{p: p}
	p.reg = pollReg{tok: netpoll.NoToken, p: a}
	p.counting = enableDropCount(pc)
	if !r.Portable() {
		if fd, err := packetFD(pc); err == nil {
			pc.Close()
			p.fd, p.l = fd, r.pickLoop()
		}
	}
	if p.fd < 0 {
		p.pc = pc
	}
	ref, err := actor.Spawn(parent, func() actor.Actor[M] {
		a.h = newHandler(p)
		return a
	})
	if err != nil {
		p.release()
		return zero, nil, fmt.Errorf("reactor: %w", err)
	}
	return ref, p.laddr, nil
}

func packetFD(pc net.PacketConn) (int, error) {
	sc, ok := pc.(syscall.Conn)
	if !ok {
		return -1, ErrUnsupportedNetwork
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return -1, err
	}
	return netpoll.FD(rc)
}

// LocalAddr returns the socket's address.
func (p *PacketConn) LocalAddr() net.Addr { return p.laddr }

// WriteTo sends the datagram b to addr, a *net.UDPAddr. It never blocks
// on an event loop: when the socket has no room it fails with
// ErrWouldBlock, and the datagram is not sent (as the network itself may
// drop it). On the portable engine it may wait for room. After Close it
// fails with ErrClosed.
func (p *PacketConn) WriteTo(b []byte, addr net.Addr) error {
	if p.closed {
		return ErrClosed
	}
	if p.pc != nil {
		_, err := p.pc.WriteTo(b, addr)
		return err
	}
	err := netpoll.SendTo(p.fd, b, addr)
	if err == netpoll.ErrWouldBlock {
		return ErrWouldBlock
	}
	return err
}

// Close closes the socket: the handler gets Closed{Err: nil} next and the
// actor stops. It returns ErrClosed if already closed.
func (p *PacketConn) Close() error {
	if p.closed {
		return ErrClosed
	}
	p.closed = true
	p.raise(flagClose)
	return nil
}

// raise raises the Signal of the socket's actor, from any goroutine,
// through the owner of its registration: that actor, on either engine.
func (p *PacketConn) raise(flags uint32) { p.reg.p.raise(flags) }

func (p *PacketConn) start() error {
	if p.pc != nil {
		p.pp = startPortablePacket(p)
		return nil
	}
	return p.l.register(p.fd, netpoll.Readable, &p.reg)
}

// handle runs inside the actor.
func (p *PacketConn) handle(flags uint32, s sink) {
	if p.done {
		return
	}
	if flags&flagRead != 0 && !p.closed {
		p.readDatagrams(s)
	}
	if p.closed {
		p.deliverClosed(s, nil)
		s.stop()
	}
}

func (p *PacketConn) readDatagrams(s sink) {
	if p.pp != nil {
		p.pp.deliver(s)
		return
	}
	p.buf = getBuffer(maxDatagram)
	defer func() { putBuffer(p.buf); p.buf = nil }()
	for range datagramsPerTurn {
		b := p.buf.b[:cap(p.buf.b)]
		n, from, drops, err := netpoll.RecvFromDrops(p.fd, b)
		if err == netpoll.ErrWouldBlock {
			return
		}
		if err != nil {
			// ICMP errors of earlier sends (ECONNREFUSED) surface here;
			// they concern one peer, not the socket: skip them.
			continue
		}
		p.kernelDrops(&p.kdrops, drops)
		s.deliver(Datagram{Addr: from, Data: b[:n:n]})
		if p.closed {
			return
		}
	}
	p.raise(flagRead)
}

func (p *PacketConn) deliverClosed(s sink, err error) {
	if p.done {
		return
	}
	p.done, p.closed = true, true
	s.deliver(Closed{Err: err})
}

// release closes the socket.
func (p *PacketConn) release() {
	if p.pc != nil {
		p.pc.Close()
		return
	}
	if p.fd >= 0 {
		p.l.closeFD(p.fd, &p.reg)
		p.fd = -1
	}
}

// packetActor is the actor of a datagram socket, and its pollable. The
// same packetActor serves every restart, with a new Handler each time.
type packetActor[M any] struct {
	p       *PacketConn
	sig     actor.Signal[M] // once started
	started bool
	h       Handler[M]
	ctx     *actor.Context[M]
}

func (a *packetActor[M]) Receive(ctx *actor.Context[M], msg M) {
	a.ctx = ctx
	a.h.Receive(ctx, msg)
}

func (a *packetActor[M]) Started(ctx *actor.Context[M]) {
	a.ctx = ctx
	p := a.p
	if !a.started {
		a.started = true
		actor.InitSignal(&a.sig, ctx, a)
		if err := p.start(); err != nil {
			p.deliverClosed(a, err)
			ctx.Stop()
		}
	}
	if h, ok := a.h.(actor.StartHook[M]); ok {
		h.Started(ctx)
	}
}

func (a *packetActor[M]) Stopping(ctx *actor.Context[M]) {
	a.ctx = ctx
	err := actor.ErrStopped
	if a.p.closed {
		err = nil
	}
	a.p.deliverClosed(a, err)
	if h, ok := a.h.(actor.StoppingHook[M]); ok {
		h.Stopping(ctx)
	}
}

func (a *packetActor[M]) Stopped(ctx *actor.Context[M]) {
	a.ctx = ctx
	if h, ok := a.h.(actor.StoppedHook[M]); ok {
		h.Stopped(ctx)
	}
	a.p.release()
}

// HandleSignal implements actor.SignalHandler: the socket's events.
func (a *packetActor[M]) HandleSignal(ctx *actor.Context[M], flags uint32) {
	a.ctx = ctx
	a.p.handle(flags, a)
}

// pollEvent implements pollable: the socket is readable. The reads run on
// a dispatcher worker.
func (a *packetActor[M]) pollEvent(*actor.Host, netpoll.Event) bool {
	a.sig.Raise(flagRead)
	return true
}

// raise implements raiser.
func (a *packetActor[M]) raise(flags uint32) { a.sig.Raise(flags) }

func (a *packetActor[M]) deliver(ev Event) { a.h.HandleIO(a.ctx, ev) }
func (a *packetActor[M]) stop()            { a.ctx.Stop() }
