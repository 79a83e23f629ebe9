package reactor

import (
	"crypto/tls"
	"fmt"
	"time"

	"github.com/actorio/actorio/io/codec"
	"github.com/actorio/actorio/mailbox"
)

// Defaults of ConnOptions.
const (
	DefaultReadHighWater = 256 << 10
	DefaultMaxOutbound   = 4 << 20
)

// ConnOptions configures the connections made by Listen, Serve, Dial and
// Adopt. They start from the zero ConnOptions, apply their arguments and
// fill in the defaults documented on each field.
type ConnOptions struct {
	// Codec, when set, splits the input into frames delivered as Frame
	// events, and lets the handler write frames with Conn.WriteFrame. A
	// malformed or oversized frame closes the connection with the
	// codec's *codec.FrameError.
	Codec codec.Codec
	// ReadHighWater is how many unconsumed input bytes a connection
	// buffers before it stops reading from the socket; ReadLowWater is
	// how far the handler must consume for reading to resume. Zero means
	// DefaultReadHighWater and half of ReadHighWater. With a codec, a
	// frame larger than ReadHighWater still gets buffered whole. On the
	// portable engine the reader goroutine stages up to ReadHighWater
	// more.
	ReadHighWater, ReadLowWater int
	// MaxOutbound caps the bytes queued behind a peer that does not read:
	// a Write that would exceed it fails with ErrOutboundFull and closes
	// the connection. Zero means DefaultMaxOutbound.
	MaxOutbound int
	// ReadBuffer and WriteBuffer, when positive, set the size of each
	// connection's socket buffers in the kernel (SO_RCVBUF, SO_SNDBUF).
	// By default the kernel grows them by itself, on Linux up to 4 MiB
	// to send and 6 MiB to receive (tcp_wmem, tcp_rmem): a peer that
	// stops reading can hold that much of the server's memory in the
	// kernel before MaxOutbound is reached. A size set here bounds it
	// and turns the kernel's autotuning off for that buffer, which costs
	// bulk throughput on paths with a large bandwidth-delay product.
	ReadBuffer, WriteBuffer int
	// IdleTimeout closes a connection with ErrIdleTimeout after that long
	// without reading or writing a byte. Zero means never.
	IdleTimeout time.Duration
	// FrameTimeout closes a connection with ErrFrameTimeout when input
	// sits partly received for that long: with a codec, from the first
	// byte of a frame to its last; without one, while the handler leaves
	// input unconsumed without consuming any. Unlike IdleTimeout and read
	// deadlines, which every byte resets, a peer cannot keep it from
	// expiring by trickling bytes (slowloris). The clock stops while
	// reading is paused, by ReadHighWater or Conn.PauseReading. Zero
	// means none: set it on servers that face untrusted peers (see
	// SECURITY.md).
	FrameTimeout time.Duration
	// HalfClose keeps a connection open for writing after the peer has
	// closed its side (see PeerClosed). By default it closes.
	HalfClose bool
	// TLS, when set, runs the connections over crypto/tls with this
	// configuration (as a server for Listen and Serve, a client for Dial
	// and Adopt), on the portable engine.
	TLS *tls.Config
	// DialTimeout bounds Dial, on top of its context. Zero means none.
	DialTimeout time.Duration
	// Mailbox configures the mailbox of each connection's actor, for the
	// messages of type M other actors send it. With watermarks
	// (mailbox.Config.HighWater), the actors writing to a connection
	// through its Ref learn when it falls behind (actor.Ref.Crowded,
	// Ready). The zero value is an unbounded mailbox without
	// watermarks.
	Mailbox mailbox.Config
}

// ConnOption configures connections; pass it to Listen, Serve, Dial or
// Adopt.
type ConnOption func(*ConnOptions)

// WithCodec sets ConnOptions.Codec.
func WithCodec(c codec.Codec) ConnOption { return func(o *ConnOptions) { o.Codec = c } }

// WithReadWatermarks sets ConnOptions.ReadHighWater and ReadLowWater.
func WithReadWatermarks(high, low int) ConnOption {
	return func(o *ConnOptions) { o.ReadHighWater, o.ReadLowWater = high, low }
}

// WithSocketBuffers sets ConnOptions.ReadBuffer and WriteBuffer.
func WithSocketBuffers(read, write int) ConnOption {
	return func(o *ConnOptions) { o.ReadBuffer, o.WriteBuffer = read, write }
}

// WithMaxOutbound sets ConnOptions.MaxOutbound.
func WithMaxOutbound(n int) ConnOption { return func(o *ConnOptions) { o.MaxOutbound = n } }

// WithIdleTimeout sets ConnOptions.IdleTimeout.
func WithIdleTimeout(d time.Duration) ConnOption { return func(o *ConnOptions) { o.IdleTimeout = d } }

// WithFrameTimeout sets ConnOptions.FrameTimeout.
func WithFrameTimeout(d time.Duration) ConnOption { return func(o *ConnOptions) { o.FrameTimeout = d } }

// WithHalfClose sets ConnOptions.HalfClose.
func WithHalfClose(on bool) ConnOption { return func(o *ConnOptions) { o.HalfClose = on } }

// WithTLS sets ConnOptions.TLS.
func WithTLS(cfg *tls.Config) ConnOption { return func(o *ConnOptions) { o.TLS = cfg } }

// WithMailbox sets ConnOptions.Mailbox.
func WithMailbox(c mailbox.Config) ConnOption { return func(o *ConnOptions) { o.Mailbox = c } }

// WithDialTimeout sets ConnOptions.DialTimeout.
func WithDialTimeout(d time.Duration) ConnOption { return func(o *ConnOptions) { o.DialTimeout = d } }

func resolveConnOptions(r *Reactor, opts []ConnOption) (*connConfig, error) {
	cfg := &connConfig{r: r}
	o := &cfg.ConnOptions
	for _, opt := range opts {
		if opt != nil {
			opt(o)
		}
	}
	if o.ReadHighWater == 0 {
		o.ReadHighWater = DefaultReadHighWater
	}
	if o.ReadLowWater == 0 {
		o.ReadLowWater = o.ReadHighWater / 2
	}
	if o.MaxOutbound == 0 {
		o.MaxOutbound = DefaultMaxOutbound
	}
	switch {
	case o.ReadHighWater < 0, o.ReadLowWater < 0, o.ReadLowWater > o.ReadHighWater:
		return nil, fmt.Errorf("reactor: read watermarks high %d, low %d: want 0 <= low <= high", o.ReadHighWater, o.ReadLowWater)
	case o.ReadBuffer < 0, o.WriteBuffer < 0:
		return nil, fmt.Errorf("reactor: socket buffers %d, %d: must not be negative", o.ReadBuffer, o.WriteBuffer)
	case o.MaxOutbound < 0:
		return nil, fmt.Errorf("reactor: max outbound %d: must not be negative", o.MaxOutbound)
	case o.IdleTimeout < 0, o.DialTimeout < 0, o.FrameTimeout < 0:
		return nil, fmt.Errorf("reactor: negative timeout")
	}
	if err := o.Mailbox.Validate(); err != nil {
		return nil, fmt.Errorf("reactor: %w", err)
	}
	return cfg, nil
}
