package reactor

import (
	"fmt"
	"io"

	"github.com/actorio/actorio/io/codec"
)

// readBuffer is the size of a connection's first input buffer: large
// enough that a request of a few KB arrives in one short read, which
// tells that the socket is empty without another system call.
const readBuffer = 16 << 10

// maxReadsPerTurn bounds the reads of one signal run, so that a busy
// connection yields its worker to other actors; it raises itself to go on.
const maxReadsPerTurn = 8

// readInput reads until the socket has nothing more, delivering Readable
// or Frame events, within its budget and the read watermarks. hup says
// that the event loop saw the peer hang up: then the end of stream must
// be read, however short the reads before it.
func (c *Conn) readInput(s sink, hup bool) {
	for reads := 0; c.state&stNoRead == 0; reads++ {
		if reads == maxReadsPerTurn {
			f := uint32(flagRead)
			if hup {
				f |= flagHup
			}
			c.raise(f)
			return
		}
		if !c.makeRoom() {
			c.pause()
			return
		}
		b := c.in.b
		end := cap(b)
		if c.opts.Codec == nil {
			// Never past the high watermark, however large the buffer.
			end = min(end, int(c.inOff)+c.opts.ReadHighWater)
		}
		n, err := c.t().read(b[len(b):end])
		if n > 0 {
			c.in.b = b[:len(b)+n]
			c.inputArrived()
			if !c.deliverInput(s) {
				return
			}
		}
		switch {
		case err == nil && n < end-len(b) && !hup && c.pc == nil:
			// A short read emptied the socket: what arrives next brings
			// a new edge, so the read that would say ErrWouldBlock can
			// be saved (a third of an echo server's system calls). Not
			// after a hangup, whose end of stream brings no new edge,
			// nor on the portable engine, whose reader may have staged
			// the end of stream behind the bytes just read.
			return
		case err == nil:
		case err == ErrWouldBlock:
			return
		case err == io.EOF:
			c.state |= stEOF
			c.updateInterest()
			s.deliver(PeerClosed{})
			switch {
			case c.opts.HalfClose || c.state&stClosing != 0:
			case c.opts.Codec != nil && c.Buffered() > 0:
				// Part of a frame will never be completed: say so.
				c.closeWith(fmt.Errorf("reactor: %s codec: %d bytes of an unfinished frame at end of stream: %w",
					c.opts.Codec.Name(), c.Buffered(), io.ErrUnexpectedEOF))
			default:
				_ = c.Close()
			}
			return
		default:
			c.closeWith(err)
			return
		}
	}
}

// makeRoom makes sure the input buffer has room to read into, without
// growing past the high watermark. It reports false when reading must
// pause.
//
// With a codec, the frame being read may be larger than the buffer. The
// buffer then grows towards the frame's size, as its codec's SizeHint
// gives it, but only as fast as input arrives: to at most twice what is
// buffered (and at least readBuffer). The size is the peer's claim, not
// something it has paid for: a buffer sized from a header alone would let
// a peer pin megabytes per connection with a few bytes (SECURITY.md).
func (c *Conn) makeRoom() bool {
	if c.in == nil {
		c.in = getBuffer(readBuffer)
	}
	buffered := c.Buffered()
	if buffered == 0 {
		c.in.b, c.inOff = c.in.b[:0], 0 // the handler has returned: reuse it all
	}
	if c.opts.Codec == nil && buffered >= c.opts.ReadHighWater {
		// With a codec every whole frame has been delivered: what is
		// buffered is part of one, bounded by the codec's limit.
		return false
	}
	want, grow := buffered+1, max(2*buffered, minBuffer)
	if h, ok := c.opts.Codec.(codec.SizeHinter); ok && buffered > 0 {
		// A header has told the frame's size (a delimited format only
		// ever asks for one byte more). Within an eighth of it, take the
		// rest in one step: no copy of megabytes for the last few bytes.
		if frame := h.SizeHint(c.in.b[c.inOff:]); frame > want {
			if grow = max(grow, readBuffer); grow >= frame-frame/8 {
				grow = frame
			}
			want = grow
		}
	}
	if len(c.in.b) < cap(c.in.b) && cap(c.in.b)-int(c.inOff) >= want {
		return true
	}
	if cap(c.in.b) >= want && c.inOff > 0 {
		n := copy(c.in.b[:cap(c.in.b)], c.in.b[c.inOff:])
		c.in.b, c.inOff = c.in.b[:n], 0
		return true
	}
	nb := getBuffer(max(want, grow))
	nb.b = append(nb.b, c.in.b[c.inOff:]...)
	putBuffer(c.in)
	c.in, c.inOff = nb, 0
	return true
}

// deliverInput hands new input to the handler: Frames with a codec, one
// Readable without. It reports false once the connection is closing.
func (c *Conn) deliverInput(s sink) bool {
	cd := c.opts.Codec
	if cd == nil {
		s.deliver(Readable{})
		return c.state&stClosing == 0
	}
	for c.state&(stClosing|stHeld) == 0 && c.Buffered() > 0 {
		frame, n, err := cd.Decode(c.in.b[c.inOff:])
		if err != nil {
			c.closeWith(err)
			return false
		}
		if n == 0 {
			break
		}
		c.inOff += int32(n)
		c.progress()
		s.deliver(Frame{Data: frame})
	}
	return c.state&(stClosing|stHeld) == 0
}

// PauseReading stops reading from the socket and delivering input: no
// Readable or Frame event comes until ResumeReading, and what was read
// already stays buffered (with a codec, the frames it holds wait too).
// The peer's sends then fill the socket's buffers, and TCP slows it
// down: this is how a handler that hands input to a busy actor passes
// the pressure back to the peer (see the package documentation). The
// idle timeout keeps running; the frame timeout does not. Pausing a
// paused connection does nothing.
func (c *Conn) PauseReading() {
	if c.state&stHeld != 0 {
		return
	}
	c.state |= stHeld
	c.updateInterest()
}

// ResumeReading undoes PauseReading: the input held meanwhile is
// delivered first (in a turn of its own, after the current handler
// returns), then reading goes on. Resuming a connection that is not
// paused does nothing.
func (c *Conn) ResumeReading() {
	if c.state&stHeld == 0 {
		return
	}
	c.state &^= stHeld
	c.updateInterest()
	c.raise(flagResume | flagRead)
}

// ReadingPaused reports whether PauseReading is in effect.
func (c *Conn) ReadingPaused() bool { return c.state&stHeld != 0 }

// pause stops reading until the handler consumes input.
func (c *Conn) pause() {
	c.state |= stPaused
	c.updateInterest()
}
