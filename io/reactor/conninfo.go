package reactor

import (
	"iter"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/actorio/actorio/io/netpoll"
)

// ConnInfo describes one open stream connection of a Reactor, as
// Connections reports it: for a debug page or a log line, not for
// decisions, since the connection may have changed by the time it is
// read.
type ConnInfo struct {
	// Loop is the index of the event loop the connection is on, or -1
	// for a connection on the portable engine.
	Loop int
	// Opened is when the connection was registered with its loop (or
	// its portable goroutines started): when it was accepted, dialled or
	// adopted, give or take a scheduling delay.
	Opened time.Time
	// Buffered and Outbound are Conn.Buffered and Conn.Outbound as the
	// connection's actor left them at the end of its latest turn, each
	// capped at 4 GiB - 2. A handler that holds input or output between
	// turns shows here; bytes that come and go within one turn do not.
	Buffered, Outbound int

	ref connRef
}

// connRef is what ConnInfo needs to ask the connection's socket for its
// addresses later: its registration on a loop, or its netConn.
type connRef struct {
	l   *loop
	reg *pollReg
	tok netpoll.Token // reg's token when listed: a reused slot is told apart
	pc  *netConn
}

// LocalAddr returns the connection's local address, asking its socket
// (a system call on the event loops), or nil once the connection has
// closed.
func (ci ConnInfo) LocalAddr() net.Addr {
	local, _ := ci.ref.addrs()
	return local
}

// RemoteAddr returns the address of the connection's peer, asking its
// socket (a system call on the event loops), or nil once the connection
// has closed.
func (ci ConnInfo) RemoteAddr() net.Addr {
	_, remote := ci.ref.addrs()
	return remote
}

// addrs asks the socket for its addresses if the connection is still
// open: its slot still names it (then its socket is not closed while mu
// is held, see streamPollable), or its netConn is not closed.
func (ref connRef) addrs() (local, remote net.Addr) {
	if ref.pc != nil {
		if ref.pc.isClosed() {
			return nil, nil
		}
		return ref.pc.conn.LocalAddr(), ref.pc.conn.RemoteAddr()
	}
	if ref.l == nil {
		return nil, nil
	}
	t := &ref.l.slots
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.lookupReg(ref.tok) != ref.reg {
		return nil, nil
	}
	sp, ok := ref.reg.p.(streamPollable)
	if !ok {
		return nil, nil
	}
	return sp.addrs()
}

// A streamPollable is the owner of a stream connection's registration on
// an event loop: the connection's actor on epoll and kqueue, its
// ustream on io_uring. addrs asks the socket for its addresses, or
// returns nils if it is closed. The caller holds the slot table's mu and
// has seen the slot still name the registration: on epoll and kqueue the
// socket closes only after its slot is released (loop.closeFD), which
// takes mu; a ustream checks for itself.
type streamPollable interface {
	pollable
	addrs() (local, remote net.Addr)
}

// addrs implements streamPollable.
func (a *connActor[M]) addrs() (local, remote net.Addr) {
	fd := int(a.fd.fd) // set before the registration, never changed on these loops
	return netpoll.LocalAddr(fd), netpoll.RemoteAddr(fd)
}

// Sizes as published: Buffered in the low half, Outbound in the high
// half, each capped at maxPublished; sizesClosed once the actor stopped.
const (
	maxPublished = 1<<32 - 2
	sizesClosed  = ^uint64(0)
)

func packSizes(buffered, outbound int) uint64 {
	return uint64(min(max(buffered, 0), maxPublished)) | uint64(min(max(outbound, 0), maxPublished))<<32
}

func (ci ConnInfo) withSizes(sizes uint64) ConnInfo {
	ci.Buffered, ci.Outbound = int(uint32(sizes)), int(sizes>>32)
	return ci
}

// publish makes the connection's Buffered and Outbound readable by
// Connections. The connection's actor calls it at the end of each turn;
// a load first keeps the store to the turns that change either, so an
// echo that drains its input and output every turn never stores. Once
// Closed is delivered it publishes nothing: the actor may already have
// stopped within the turn and published sizesClosed (finish).
func (c *Conn) publish() {
	if c.state&stDelivered == 0 {
		c.publishSizes(packSizes(c.Buffered(), c.Outbound()))
	}
}

func (c *Conn) publishSizes(v uint64) {
	var st *atomic.Uint64
	switch {
	case c.pc != nil:
		st = &c.pc.sizes
	case c.fd.l != nil:
		st = c.fd.l.slots.sizes(&c.fd.reg)
	}
	if st != nil && st.Load() != v {
		st.Store(v)
	}
}

// Connections returns the Reactor's open stream connections (accepted,
// dialled or adopted; not listeners, not datagram sockets), in no
// particular order, those on the event loops first. It is safe to call
// from any goroutine and never waits for a connection's actor: it reads
// what each actor published at the end of its latest turn. Iterating
// costs time in proportion to the loops' registrations and the portable
// connections, and holds a loop's registration lock (which accepting and
// closing on that loop take too) for at most 1,024 slots at a time. A
// connection that opens or closes during the iteration may or may not be
// seen. Stop the iteration early to pay only for what is read.
func (r *Reactor) Connections() iter.Seq[ConnInfo] {
	return func(yield func(ConnInfo) bool) {
		var batch []ConnInfo
		for _, l := range r.loops {
			for ch, more := 0, true; more; ch++ {
				batch, more = l.slots.appendConns(batch[:0], ch, l)
				for _, ci := range batch {
					if !yield(ci) {
						return
					}
				}
			}
		}
		for _, ci := range r.portableConns.list(batch[:0]) {
			if !yield(ci) {
				return
			}
		}
	}
}

// connSet is the Reactor's portable connections, for Connections: the
// event loops' are in their slot tables.
type connSet struct {
	mu sync.Mutex
	m  map[*netConn]struct{}
}

func (s *connSet) add(c *netConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = make(map[*netConn]struct{})
	}
	s.m[c] = struct{}{}
}

func (s *connSet) remove(c *netConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, c)
}

// list appends a ConnInfo per connection to out.
func (s *connSet) list(out []ConnInfo) []ConnInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.m {
		out = append(out, ConnInfo{Loop: -1, Opened: c.opened, ref: connRef{pc: c}}.withSizes(c.sizes.Load()))
	}
	return out
}
