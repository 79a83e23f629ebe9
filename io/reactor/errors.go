package reactor

import (
	"errors"
	"os"
)

var (
	// ErrClosed is returned by the methods of a Conn, Listener or
	// PacketConn that has been closed, and by Listen, Dial and Adopt on a
	// Reactor whose System has begun to shut down.
	ErrClosed = errors.New("reactor: closed")

	// ErrOutboundFull is returned by Conn.Write when the output queued
	// behind a slow peer would exceed Options.MaxOutbound; the connection
	// is closed with it, its queued output discarded.
	ErrOutboundFull = errors.New("reactor: outbound queue full")

	// ErrIdleTimeout closes a connection that neither read nor wrote for
	// its idle timeout (WithIdleTimeout, Conn.SetIdleTimeout).
	ErrIdleTimeout = errors.New("reactor: idle timeout")

	// ErrReadTimeout closes a connection whose read deadline passed before
	// more bytes arrived (Conn.SetReadDeadline). It wraps
	// os.ErrDeadlineExceeded.
	ErrReadTimeout = &timeoutError{"reactor: read timeout"}

	// ErrWriteTimeout closes a connection whose write deadline passed
	// with output still queued (Conn.SetWriteDeadline). It wraps
	// os.ErrDeadlineExceeded.
	ErrWriteTimeout = &timeoutError{"reactor: write timeout"}

	// ErrFrameTimeout closes a connection whose peer took longer than
	// its frame timeout to complete a frame (WithFrameTimeout,
	// Conn.SetFrameTimeout): a slowloris peer trickling bytes. It wraps
	// os.ErrDeadlineExceeded.
	ErrFrameTimeout = &timeoutError{"reactor: frame timeout"}

	// ErrDialTimeout is wrapped by the error of a Dial whose context
	// deadline or dial timeout passed first. It wraps
	// os.ErrDeadlineExceeded.
	ErrDialTimeout = &timeoutError{"reactor: dial timeout"}

	// ErrWouldBlock is returned by Conn.Read when no byte is buffered and
	// by PacketConn.WriteTo when the socket has no room for the datagram.
	ErrWouldBlock = errors.New("reactor: operation would block")

	// ErrNoCodec is returned by Conn.WriteFrame on a connection made
	// without a codec.
	ErrNoCodec = errors.New("reactor: connection has no codec")

	// ErrUnsupportedNetwork is wrapped by the errors for a network name
	// that the called function cannot serve.
	ErrUnsupportedNetwork = errors.New("reactor: unsupported network")

	// ErrUnsupportedEngine is wrapped by the error of New asked for an
	// engine (EngineUring) that the platform or the kernel cannot run,
	// with the reason.
	ErrUnsupportedEngine = errors.New("reactor: unsupported engine")
)

// errTooManyConns is the error of a loop whose slot table is full.
var errTooManyConns = errors.New("reactor: too many connections on one event loop")

// timeoutError is a sentinel that is also a timeout, as net's errors are:
// errors.Is(err, os.ErrDeadlineExceeded) holds and Timeout reports true.
type timeoutError struct{ s string }

func (e *timeoutError) Error() string   { return e.s }
func (e *timeoutError) Timeout() bool   { return true }
func (e *timeoutError) Unwrap() error   { return os.ErrDeadlineExceeded }
func (e *timeoutError) Temporary() bool { return false }
