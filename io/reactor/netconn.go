package reactor

import (
	"crypto/tls"
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// netReadSize is the largest read buffer of a portable connection's
// reader, which starts at netReadMin, and
// netWriteSize the most output its writer takes at once: the rest stays
// queued in the Conn, where Outbound, MaxOutbound and the write deadline
// see it.
const (
	netReadMin   = 2 << 10
	netReadSize  = 16 << 10
	netWriteSize = 64 << 10
)

// A netConn is a connection on the portable engine: a net.Conn with a
// reader and a writer goroutine, which stage input and take output so
// that the actor never blocks. It costs the two goroutines' stacks and
// a read buffer per connection. TLS connections use it.
type netConn struct {
	r    *Reactor
	conn net.Conn
	act  raiser // the connection's actor, once started
	high int    // the reader waits while this much input is staged

	// For Connections: when start ran (read under the connSet's lock)
	// and the sizes the actor published (Conn.publish).
	opened time.Time
	sizes  atomic.Uint64

	mu       sync.Mutex
	in       []byte // staged input
	rerr     error  // what ended reading, seen once in is empty
	paused   bool   // the actor wants no input for now
	wbuf     []byte // output the writer is writing
	wbusy    bool
	werr     error
	shutWr   bool // half-close once wbuf is written
	shutDone bool // the half-close has been done
	closed   bool
	final    []byte // output left at close, for finalWrite
	flushDL  time.Time
	readWake chan struct{}
	kick     chan struct{}
}

func newNetConn(r *Reactor, conn net.Conn, high int) *netConn {
	return &netConn{r: r, conn: conn, high: max(high, netReadSize), readWake: make(chan struct{}, 1), kick: make(chan struct{}, 1)}
}

func (c *netConn) start(a raiser) error {
	c.act = a
	c.opened = time.Now()
	c.r.portableConns.add(c)
	c.r.portable.Add(2)
	go c.reader()
	go c.writer()
	return nil
}

func (c *netConn) reader() {
	defer c.r.portable.Done()
	buf := make([]byte, netReadMin) // grows while reads fill it
	for {
		n, err := c.conn.Read(buf)
		c.mu.Lock()
		c.in = append(c.in, buf[:n]...)
		if n == len(buf) && len(buf) < netReadSize {
			buf = make([]byte, 2*len(buf))
		}
		if err != nil {
			c.rerr = err
		}
		c.mu.Unlock()
		if n > 0 || err != nil {
			c.act.raise(flagRead)
		}
		if err != nil {
			return
		}
		for {
			c.mu.Lock()
			wait := !c.closed && (c.paused || len(c.in) >= c.high)
			c.mu.Unlock()
			if !wait {
				break
			}
			<-c.readWake
		}
	}
}

func (c *netConn) writer() {
	defer c.r.portable.Done()
	for range c.kick {
		c.mu.Lock()
		buf, closed, busy := c.wbuf, c.closed, c.wbusy
		c.mu.Unlock()
		if closed && !busy { // a staged wbuf is written first
			c.finalWrite()
			return
		}
		var err error
		if len(buf) > 0 {
			_, err = c.conn.Write(buf)
		}
		c.mu.Lock()
		c.wbuf, c.wbusy = c.wbuf[:0], false
		if err != nil && c.werr == nil {
			c.werr = err
		}
		// CloseWrite may have come while buf was being written.
		shut := c.shutWr && !c.shutDone && c.werr == nil
		c.shutDone = c.shutDone || shut
		closed = c.closed
		c.mu.Unlock()
		if shut {
			if err := closeWrite(c.conn); err != nil {
				c.mu.Lock()
				c.werr = err
				c.mu.Unlock()
			}
		}
		if closed {
			c.finalWrite()
			return
		}
		c.act.raise(flagWrite)
	}
}

// finalWrite writes what close left, within its deadline, and closes the
// connection, which ends the reader too.
func (c *netConn) finalWrite() {
	c.mu.Lock()
	final, dl, werr := c.final, c.flushDL, c.werr
	c.final = nil
	c.mu.Unlock()
	if len(final) > 0 && werr == nil {
		_ = c.conn.SetWriteDeadline(dl)
		_, _ = c.conn.Write(final)
	}
	c.conn.Close()
	c.wake()
}

func (c *netConn) read(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.in) == 0 {
		switch {
		case c.rerr == nil:
			return 0, ErrWouldBlock
		case errors.Is(c.rerr, io.EOF):
			return 0, io.EOF
		}
		return 0, c.rerr
	}
	n := copy(p, c.in)
	c.in = c.in[:copy(c.in, c.in[n:])]
	if len(c.in) == 0 {
		c.in = nil
	}
	c.wakeLocked()
	return n, nil
}

func (c *netConn) write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.werr != nil {
		return 0, c.werr
	}
	if c.wbusy {
		return 0, ErrWouldBlock
	}
	p = p[:min(len(p), netWriteSize)]
	c.wbuf = append(c.wbuf[:0], p...)
	c.send()
	return len(p), nil
}

func (c *netConn) writev(bufs [][]byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.werr != nil {
		return 0, c.werr
	}
	if c.wbusy {
		return 0, ErrWouldBlock
	}
	c.wbuf = c.wbuf[:0]
	for _, b := range bufs {
		b = b[:min(len(b), netWriteSize-len(c.wbuf))]
		c.wbuf = append(c.wbuf, b...)
		if len(c.wbuf) == netWriteSize {
			break
		}
	}
	c.send()
	return len(c.wbuf), nil
}

// send hands wbuf to the writer; mu is held.
func (c *netConn) send() {
	c.wbusy = true
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *netConn) setInterest(read, _ bool) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.paused = !read
	c.wakeLocked()
	return nil
}

func (c *netConn) setBuffers(read, write int) error {
	conn := c.conn
	if tc, ok := conn.(*tls.Conn); ok {
		conn = tc.NetConn()
	}
	sc, ok := conn.(interface {
		SetReadBuffer(int) error
		SetWriteBuffer(int) error
	})
	if !ok {
		return nil // not a socket: no kernel buffers to size
	}
	if read > 0 {
		if err := sc.SetReadBuffer(read); err != nil {
			return err
		}
	}
	if write > 0 {
		return sc.SetWriteBuffer(write)
	}
	return nil
}

func (c *netConn) closeWrite() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.shutWr = true
	if !c.wbusy {
		c.wbusy = true
		c.wbuf = c.wbuf[:0]
		c.send()
	}
	return nil
}

func (c *netConn) close(out *outQueue, flush time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	c.closed = true
	c.r.portableConns.remove(c)
	if c.act == nil { // never started
		out.release()
		c.conn.Close()
		return
	}
	if out != nil && flush > 0 && c.werr == nil {
		for _, b := range out.vecs() {
			c.final = append(c.final, b...)
		}
	}
	out.release()
	c.flushDL = time.Now().Add(max(flush, 0))
	// Bound a write in progress too; the writer goes on to finalWrite.
	_ = c.conn.SetWriteDeadline(c.flushDL)
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// isClosed reports whether the connection's actor has closed it.
func (c *netConn) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

func (c *netConn) wake() {
	c.mu.Lock()
	c.wakeLocked()
	c.mu.Unlock()
}

func (c *netConn) wakeLocked() {
	select {
	case c.readWake <- struct{}{}:
	default:
	}
}

func (c *netConn) localAddr() net.Addr  { return c.conn.LocalAddr() }
func (c *netConn) remoteAddr() net.Addr { return c.conn.RemoteAddr() }

// closeWrite half-closes conn if it can.
func closeWrite(conn net.Conn) error {
	if cw, ok := conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return ErrUnsupportedNetwork
}
