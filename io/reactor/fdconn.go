package reactor

import (
	"io"
	"net"
	"time"

	"github.com/actorio/actorio/io/netpoll"
)

// An fdConn is a connection on an event loop: a non-blocking socket
// registered with the loop's poller. The loop raises its actor's Signal;
// the actor does the reads and writes. Once the actor closes it with
// output still queued, the loop owns it and finishes the writing.
type fdConn struct {
	l         *loop
	reg       pollReg // reg.p is the connection's actor (connActor)
	fd        int32
	inter     netpoll.Interest
	lingering bool // set on the loop goroutine once it owns the fdConn
}

// lingerState is the output a closed connection still has to write.
type lingerState struct {
	out      *outQueue
	deadline time.Time
}

// init makes c the transport of fd on l, for owner, the connection's
// actor, which takes the loop's events to c.eventFlags.
func (c *fdConn) init(l *loop, fd int, owner pollable) {
	c.l, c.fd = l, int32(fd)
	c.reg = pollReg{tok: netpoll.NoToken, p: owner}
}

// start registers the socket: the loop then hands its events to the
// connection's actor, reg.p, which raises its Signal. On an io_uring
// loop the socket becomes a stream (ustream), the Conn's transport from
// then on.
func (c *fdConn) start(raiser) error {
	if ok, err := startStream(c); ok {
		return err
	}
	c.inter = netpoll.Readable
	if err := c.l.register(int(c.fd), c.inter, &c.reg); err != nil {
		return err
	}
	c.l.conns.Add(1)
	return nil
}

// eventFlags runs on the goroutine holding the loop: it returns the
// Signal flags that ev raises, or, once the connection lingers, writes
// its output and returns 0.
func (c *fdConn) eventFlags(ev netpoll.Event) uint32 {
	if c.lingering {
		c.flushLingering()
		return 0
	}
	var f uint32
	if ev.Readable || ev.Hangup || ev.Error {
		f |= flagRead
	}
	if ev.Writable || ev.Hangup || ev.Error {
		f |= flagWrite
	}
	if ev.Hangup || ev.Error {
		f |= flagHup
	}
	return f
}

func (c *fdConn) read(p []byte) (int, error) {
	n, err := netpoll.Read(int(c.fd), p)
	if n == 0 && err == nil && len(p) > 0 {
		return 0, io.EOF
	}
	return n, mapErr(err)
}

func (c *fdConn) write(p []byte) (int, error) {
	n, err := netpoll.Write(int(c.fd), p)
	return n, mapErr(err)
}

func (c *fdConn) writev(bufs [][]byte) (int, error) {
	if len(bufs) == 1 {
		return c.write(bufs[0])
	}
	n, err := netpoll.Writev(int(c.fd), bufs)
	return n, mapErr(err)
}

// stream returns the connection's stream on an io_uring loop, nil on
// epoll and kqueue: there the stream stands in for the connection's
// actor as the registration's owner.
func (c *fdConn) stream() *ustream {
	u, _ := c.reg.p.(*ustream)
	return u
}

// mapErr turns netpoll's ErrWouldBlock into this package's.
func mapErr(err error) error {
	if err == netpoll.ErrWouldBlock {
		return ErrWouldBlock
	}
	return err
}

func (c *fdConn) setInterest(read, write bool) error {
	var in netpoll.Interest
	if read {
		in |= netpoll.Readable
	}
	if write {
		in |= netpoll.Writable
	}
	if in == 0 {
		// A registration needs some interest. Writable alone reports at
		// most one edge, which the connection ignores.
		in = netpoll.Writable
	}
	if in == c.inter {
		return nil
	}
	c.inter = in
	return c.l.poller.modify(int(c.fd), in, c.reg.tok)
}

func (c *fdConn) closeWrite() error { return netpoll.CloseWrite(int(c.fd)) }

func (c *fdConn) setBuffers(read, write int) error { return netpoll.SetBuffers(int(c.fd), read, write) }

func (c *fdConn) close(out *outQueue, flush time.Duration) {
	if c.reg.tok == netpoll.NoToken { // never started
		_ = netpoll.Close(int(c.fd))
		out.release()
		return
	}
	c.l.conns.Add(-1)
	if out == nil || flush <= 0 {
		out.release()
		c.closeNow()
		return
	}
	ls := &lingerState{out: out, deadline: time.Now().Add(flush)}
	if !c.l.post(func() { c.startLinger(ls) }) {
		out.release()
		c.closeNow()
	}
}

// startLinger hands the connection to the loop, on the loop goroutine,
// until its output is written or the deadline passes.
func (c *fdConn) startLinger(ls *lingerState) {
	c.lingering = true
	c.l.lingering[c] = ls
	if err := c.l.poller.modify(int(c.fd), netpoll.Writable, c.reg.tok); err != nil {
		c.closeLingering()
		return
	}
	c.flushLingering()
}

// lingerStream hands a stream with output in flight to the loop, on the
// loop goroutine, until it is sent or the deadline passes.
func (c *fdConn) lingerStream(ls *lingerState) {
	c.lingering = true
	c.l.lingering[c] = ls
	c.flushLingering()
}

// flushLingering writes what it can, on the loop goroutine.
func (c *fdConn) flushLingering() {
	if u := c.stream(); u != nil {
		if u.idle() {
			c.closeLingering()
		}
		return
	}
	out := c.l.lingering[c].out
	for out.size > 0 {
		n, err := c.writev(out.vecs())
		if err == ErrWouldBlock {
			return
		}
		if err != nil {
			break
		}
		out.consume(n)
	}
	c.closeLingering()
}

func (c *fdConn) closeLingering() {
	ls, ok := c.l.lingering[c]
	if !ok {
		return
	}
	delete(c.l.lingering, c)
	ls.out.release()
	c.closeNow()
}

func (c *fdConn) closeNow() {
	if u := c.stream(); u != nil {
		u.closeNow()
		return
	}
	c.l.closeFD(int(c.fd), &c.reg)
}

func (c *fdConn) localAddr() net.Addr  { return netpoll.LocalAddr(int(c.fd)) }
func (c *fdConn) remoteAddr() net.Addr { return netpoll.RemoteAddr(int(c.fd)) }
