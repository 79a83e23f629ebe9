package reactor

import (
	"io"
	"net"
	"time"
)

// Conn is a connection as its actor sees it: buffered input to consume,
// writes that never block, deadlines and close. Its methods are for the
// connection's own actor (its handler and hooks) and must not be called
// from other goroutines; other actors talk to the connection by sending
// its actor messages.
//
// Writes go straight to the socket while nothing is queued; what the
// socket has no room for is queued (up to ConnOptions.MaxOutbound) and
// written as room appears, and a Writable event says when the queue has
// drained. Input is read as it arrives, while fewer than
// ConnOptions.ReadHighWater bytes wait to be consumed, and delivered as
// Readable or Frame events.
//
// The fields are ordered and sized so that a connection's actor, Conn
// included, fits 144 bytes: an idle connection costs that and its actor.
type Conn struct {
	pc    *netConn // the portable engine's transport; nil on an event loop
	opts  *connConfig
	in    *buffer    // input not yet consumed: in.b[inOff:]
	out   *outQueue  // nil while nothing is queued
	x     *connExtra // nil until a timeout is set or an error closes it
	inOff int32
	state connState
	// fd is the event loops' transport. The portable engine uses only
	// its registration's owner, the connection's actor (see raise).
	fd fdConn
}

// connConfig is what the connections of one Listen, Dial or Adopt share.
type connConfig struct {
	ConnOptions
	r          *Reactor
	newHandler any // the NewHandler[M]
}

// t returns the connection's transport.
func (c *Conn) t() transport {
	if c.pc != nil {
		return c.pc
	}
	if u := c.fd.stream(); u != nil {
		return u
	}
	return &c.fd
}

// raise raises the Signal of the connection's actor, from any goroutine,
// through the owner of fd's registration: that actor, on either engine
// (newConnActor), which knows the message type that Conn does not.
func (c *Conn) raise(flags uint32) { c.fd.reg.p.raise(flags) }

type connState uint16

const (
	stPaused      connState = 1 << iota // reading stopped: too much input buffered
	stWriteArmed                        // waiting for room to write
	stEOF                               // the peer closed its side
	stClosing                           // Close called or an error happened
	stDelivered                         // Closed delivered
	stWriteShut                         // CloseWrite done or pending
	stShutPending                       // CloseWrite waits for the queue to drain
	stStarted                           // the Signal is set up and the transport started
	stHeld                              // PauseReading: no reads, no input events
	stOpen                              // counted in Metrics.Connections
)

// stNoRead is every state in which the connection does not read.
const stNoRead = stPaused | stHeld | stEOF | stClosing

// sink is the connection's actor: where events go.
type sink interface {
	deliver(ev Event)
	stop()
}

// LocalAddr returns the local address of the connection.
func (c *Conn) LocalAddr() net.Addr { return c.t().localAddr() }

// RemoteAddr returns the address of the peer.
func (c *Conn) RemoteAddr() net.Addr { return c.t().remoteAddr() }

// Buffered returns the number of input bytes waiting to be consumed.
func (c *Conn) Buffered() int {
	if c.in == nil {
		return 0
	}
	return len(c.in.b) - int(c.inOff)
}

// Outbound returns the number of output bytes queued, not yet written to
// the socket.
func (c *Conn) Outbound() int {
	if c.out == nil {
		return 0
	}
	return c.out.size
}

// Peek returns the buffered input without consuming it. The slice is
// valid until the handler returns or consumes input.
func (c *Conn) Peek() []byte {
	if c.in == nil {
		return nil
	}
	return c.in.b[c.inOff:]
}

// Discard consumes up to n bytes of buffered input and returns how many
// it consumed.
func (c *Conn) Discard(n int) int {
	n = max(0, min(n, c.Buffered()))
	c.inOff += int32(n)
	c.consumed()
	return n
}

// Next consumes and returns up to n bytes of buffered input. The slice is
// valid until the handler returns or consumes more input.
func (c *Conn) Next(n int) []byte {
	n = max(0, min(n, c.Buffered()))
	if n == 0 {
		return nil
	}
	off := int(c.inOff)
	p := c.in.b[off : off+n : off+n]
	c.inOff += int32(n)
	c.consumed()
	return p
}

// Read consumes buffered input into p. With nothing buffered it returns
// 0 and io.EOF after the peer closed its side, and 0 and ErrWouldBlock
// otherwise: more input comes with the next Readable event.
func (c *Conn) Read(p []byte) (int, error) {
	if c.Buffered() == 0 {
		if c.state&stEOF != 0 {
			return 0, io.EOF
		}
		return 0, ErrWouldBlock
	}
	n := copy(p, c.in.b[c.inOff:])
	c.inOff += int32(n)
	c.consumed()
	return n, nil
}

// consumed resumes reading once the handler has consumed enough. The
// buffer stays: what Next and Peek returned points into it until the
// handler returns (see releaseInput).
func (c *Conn) consumed() {
	c.progress()
	if c.state&stPaused != 0 && c.Buffered() <= c.opts.ReadLowWater {
		c.state &^= stPaused
		c.updateInterest()
		c.raise(flagRead) // read what arrived while paused
	}
}

// Write writes p, or queues what the socket has no room for, and never
// blocks. It returns len(p) and nil, or an error: ErrClosed after Close
// or CloseWrite, ErrOutboundFull when the queue would exceed
// ConnOptions.MaxOutbound, or the socket's error (a reset peer). On
// ErrOutboundFull and socket errors the connection closes with that
// error, dropping its queued output, and the handler gets Closed.
func (c *Conn) Write(p []byte) (int, error) {
	if c.state&(stClosing|stWriteShut) != 0 {
		return 0, ErrClosed
	}
	if len(p) == 0 {
		return 0, nil
	}
	c.touch()
	n := 0
	if c.out == nil {
		var err error
		n, err = c.t().write(p)
		switch {
		case err == ErrWouldBlock:
			n = 0
		case err != nil:
			c.closeWith(err)
			return 0, err
		case n == len(p):
			return n, nil
		}
	}
	rest := p[n:]
	if c.Outbound()+len(rest) > c.opts.MaxOutbound {
		c.closeWith(ErrOutboundFull)
		return n, ErrOutboundFull
	}
	if c.out == nil {
		c.out = new(outQueue)
	}
	c.out.push(rest)
	if c.state&stWriteArmed == 0 {
		c.state |= stWriteArmed
		c.updateInterest()
	}
	return len(p), nil
}

// WriteFrame writes payload framed by the connection's codec, as Write
// does. It fails with the codec's *codec.FrameError, writing nothing,
// when the payload cannot be framed, and with ErrNoCodec on a
// connection without a codec.
func (c *Conn) WriteFrame(payload []byte) error {
	if c.opts.Codec == nil {
		return ErrNoCodec
	}
	b := getBuffer(len(payload) + 16)
	defer putBuffer(b)
	frame, err := c.opts.Codec.AppendFrame(b.b[:0], payload)
	if err != nil {
		return err
	}
	b.b = frame[:0]
	_, err = c.Write(frame)
	return err
}

// CloseWrite half-closes the connection once its queued output is
// written: the peer reads end of stream, while this side can still read.
// Writes fail with ErrClosed afterwards.
func (c *Conn) CloseWrite() error {
	if c.state&(stClosing|stWriteShut) != 0 {
		return ErrClosed
	}
	c.state |= stWriteShut
	if c.out != nil {
		c.state |= stShutPending
		return nil
	}
	return c.t().closeWrite()
}

// Close closes the connection: the handler gets Closed{Err: nil} next,
// then the actor stops. Output still queued is written in the background
// for up to Options.FlushTimeout before the socket closes. Close returns
// ErrClosed if the connection is already closing.
func (c *Conn) Close() error {
	if c.state&stClosing != 0 {
		return ErrClosed
	}
	c.state |= stClosing
	c.raise(flagClose)
	return nil
}

// releaseInput returns an empty input buffer to its pool, so that an idle
// connection holds none. The actor calls it after each handler call.
func (c *Conn) releaseInput() {
	if c.in != nil && c.Buffered() == 0 {
		putBuffer(c.in)
		c.in, c.inOff = nil, 0
	}
	if c.x != nil && c.x.frameTimeout > 0 {
		c.watchFrame()
	}
}

// closeWith closes the connection because of err, dropping its output.
func (c *Conn) closeWith(err error) {
	if c.state&stClosing != 0 {
		return
	}
	c.state |= stClosing
	if err != nil {
		c.extra().err = err
	}
	c.dropOutput()
	c.raise(flagClose)
}

// dropOutput discards the queued output.
func (c *Conn) dropOutput() {
	if c.out != nil {
		c.out.release()
		c.out = nil
	}
}

func (c *Conn) updateInterest() {
	read := c.state&stNoRead == 0
	write := c.state&stWriteArmed != 0
	if err := c.t().setInterest(read, write); err != nil {
		c.closeWith(err)
	}
}

// handle runs the Signal's flags inside the actor.
func (c *Conn) handle(flags uint32, s sink) {
	if c.state&stDelivered != 0 {
		return
	}
	if flags&flagWrite != 0 && c.state&stClosing == 0 {
		c.flush(s)
	}
	if flags&flagResume != 0 && c.state&(stClosing|stHeld) == 0 && c.Buffered() > 0 {
		c.deliverInput(s) // what was read before PauseReading, held since
	}
	if flags&flagRead != 0 && c.state&stNoRead == 0 {
		c.readInput(s, flags&flagHup != 0)
	}
	if flags&flagTimer != 0 && c.state&stClosing == 0 {
		c.checkTimers(time.Now())
	}
	if c.state&stClosing != 0 {
		c.deliverClosed(s, c.closeErr())
		s.stop()
	}
}

// deliverClosed gives the handler its Closed event, once.
func (c *Conn) deliverClosed(s sink, err error) {
	if c.state&stDelivered != 0 {
		return
	}
	c.state |= stDelivered | stClosing
	s.deliver(Closed{Err: err})
}

// flush writes queued output.
func (c *Conn) flush(s sink) {
	for c.out != nil {
		n, err := c.t().writev(c.out.vecs())
		if err == ErrWouldBlock {
			return
		}
		if err != nil {
			c.closeWith(err)
			return
		}
		c.touch()
		if c.out.consume(n); c.out.size == 0 {
			c.out = nil
		}
	}
	if c.state&stWriteArmed == 0 {
		return
	}
	c.state &^= stWriteArmed
	c.updateInterest()
	if c.state&stShutPending != 0 {
		c.state &^= stShutPending
		if err := c.t().closeWrite(); err != nil {
			c.closeWith(err)
			return
		}
	}
	s.deliver(Writable{})
}

// finish releases the connection when its actor has stopped.
func (c *Conn) finish() {
	if c.x != nil && c.x.timer != nil {
		c.x.timer.Stop()
	}
	putBuffer(c.in)
	c.in, c.inOff = nil, 0
	if c.closeErr() != nil {
		c.dropOutput()
	}
	out := c.out
	c.out = nil
	c.publishSizes(sizesClosed) // before close can free the slot
	c.t().close(out, c.opts.r.opts.FlushTimeout)
	if c.state&stOpen != 0 {
		c.state &^= stOpen
		c.opts.r.stats.open.Add(-1)
	}
}

// start starts the connection's transport, once its actor and Signal
// exist.
func (c *Conn) start() error {
	if o := c.opts; o.ReadBuffer > 0 || o.WriteBuffer > 0 {
		if err := c.t().setBuffers(o.ReadBuffer, o.WriteBuffer); err != nil {
			return err
		}
	}
	if err := c.t().start(c.fd.reg.p); err != nil {
		return err
	}
	c.state |= stOpen
	c.opts.r.stats.open.Add(1)
	if c.opts.IdleTimeout > 0 {
		c.SetIdleTimeout(c.opts.IdleTimeout)
	}
	if c.opts.FrameTimeout > 0 {
		c.extra().frameTimeout = c.opts.FrameTimeout
	}
	return nil
}
