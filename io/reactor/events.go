package reactor

// Event is what the reactor tells a connection's handler, through
// Handler.HandleIO: [Readable], [Frame], [Writable], [PeerClosed] or
// [Closed]. Events arrive inside the connection's actor, between its
// messages, in the order they happened.
type Event interface{ event() }

// Readable says that new bytes are buffered, for a connection without a
// codec: consume them with Conn.Peek and Conn.Discard, Conn.Next or
// Conn.Read. Bytes left unconsumed stay buffered and are included in the
// next Readable; once Options.ReadHighWater bytes are buffered, the
// connection stops reading from the socket until the handler consumes
// down to Options.ReadLowWater (backpressure towards the peer).
type Readable struct{}

// Frame carries one frame decoded by the connection's codec (see
// WithCodec). Data is the payload, without header or delimiter; it points
// into the connection's read buffer and is valid only until HandleIO
// returns: copy it to keep it.
type Frame struct{ Data []byte }

// Writable says that the output queued by earlier writes has all been
// written to the socket: a handler that paused because Conn.Buffered
// output grew can resume.
type Writable struct{}

// PeerClosed says that the peer has closed its side for writing (end of
// stream): nothing more will be read. Unless the connection was made with
// WithHalfClose(true), it then closes after its queued output is written;
// with it, the handler may go on writing and calls Conn.Close when done.
type PeerClosed struct{}

// Closed is the last event of every connection, delivered exactly once:
// the connection is closed and its actor stops after HandleIO returns.
// Err is nil after Conn.Close or a clean end of stream, and otherwise says
// why: a peer reset (syscall.ECONNRESET), ErrIdleTimeout,
// ErrReadTimeout, ErrWriteTimeout, ErrOutboundFull, a *codec.FrameError
// for a malformed or oversized frame, an error wrapping
// io.ErrUnexpectedEOF for a frame cut short by the end of stream, or
// actor.ErrStopped when the actor
// was stopped from outside (by its parent, Poison, or System.Shutdown).
type Closed struct{ Err error }

func (Readable) event()   {}
func (Frame) event()      {}
func (Writable) event()   {}
func (PeerClosed) event() {}
func (Closed) event()     {}
