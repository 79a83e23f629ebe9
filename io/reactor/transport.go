package reactor

import (
	"net"
	"time"
)

// Signal flags raised for a connection's actor.
const (
	flagRead   = 1 << iota // the socket may have input, an error or EOF
	flagWrite              // the socket may have room for output
	flagClose              // the connection is closing: deliver Closed
	flagTimer              // the idle timeout or a deadline may have passed
	flagHup                // the event loop saw a hangup or an error
	flagResume             // ResumeReading: deliver what is buffered, then read
)

// A transport is a connection's socket as its actor sees it: the event
// loops' fdConn, or the portable engine's netConn. Its methods are called
// by the connection's actor only, one at a time, and never block.
type transport interface {
	// start begins raising the Signal of the connection's actor through
	// a: flagRead when input, EOF or an error may be there, flagWrite
	// when there may be room after a write returned ErrWouldBlock (only
	// while setInterest(_, true)).
	start(a raiser) error
	// read reads into p: n > 0 bytes, or ErrWouldBlock, io.EOF, or the
	// socket's error.
	read(p []byte) (int, error)
	// write writes as much of p as fits now: ErrWouldBlock when
	// nothing fits.
	write(p []byte) (int, error)
	// writev writes bufs in order, as much as fits now: ErrWouldBlock
	// when nothing fits.
	writev(bufs [][]byte) (int, error)
	// setInterest says whether reading is wanted (false under
	// backpressure) and whether flagWrite is (output is queued).
	setInterest(read, write bool) error
	// setBuffers sets the socket's receive and send buffers, where
	// positive, best effort where the connection is not a socket.
	setBuffers(read, write int) error
	// closeWrite half-closes the socket.
	closeWrite() error
	// close ends the transport. The output still queued in out, if any,
	// is written in the background for up to flush before the socket
	// closes; out's buffers go back to the pool either way.
	close(out *outQueue, flush time.Duration)
	localAddr() net.Addr
	remoteAddr() net.Addr
}
