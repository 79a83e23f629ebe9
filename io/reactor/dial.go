package reactor

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"syscall"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/io/netpoll"
)

// Dial connects to address on network ("tcp", "tcp4", "tcp6" or "unix")
// and makes the connection an actor under parent, with the handler that
// newHandler makes; it returns the actor's Ref. Dial waits for the
// connection, so call it from outside actors; inside an actor, dial with
// actor.Blocking and Adopt the result. With WithTLS the connection runs
// TLS as a client (the handshake happens with the first read or write).
//
// Dial fails with ctx.Err() if ctx ends first, with an error wrapping
// ErrDialTimeout if ConnOptions.DialTimeout passes first, and otherwise
// with the dialer's error.
func Dial[M any](ctx context.Context, parent actor.Parent, r *Reactor, network, address string, newHandler NewHandler[M], opts ...ConnOption) (actor.Ref[M], error) {
	var zero actor.Ref[M]
	switch network {
	case "tcp", "tcp4", "tcp6", "unix":
	default:
		return zero, fmt.Errorf("reactor: dial %s: %w", network, ErrUnsupportedNetwork)
	}
	o, err := resolveConnOptions(r, opts)
	if err != nil {
		return zero, err
	}
	d := net.Dialer{Timeout: o.DialTimeout}
	conn, err := d.DialContext(ctx, network, address)
	if err != nil {
		if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
			return zero, fmt.Errorf("reactor: dial %s %s: %w: %w", network, address, ErrDialTimeout, err)
		}
		return zero, fmt.Errorf("reactor: %w", err)
	}
	return adopt(parent, r, conn, newHandler, o)
}

// Adopt makes conn, connected elsewhere, an actor under parent as Dial
// does, and takes it over: the connection closes it. A *net.TCPConn or
// *net.UnixConn runs on the event loops, any other net.Conn, and any with
// WithTLS, on the portable engine. Adopt never blocks. If it fails, it
// closes conn.
func Adopt[M any](parent actor.Parent, r *Reactor, conn net.Conn, newHandler NewHandler[M], opts ...ConnOption) (actor.Ref[M], error) {
	o, err := resolveConnOptions(r, opts)
	if err != nil {
		conn.Close()
		return actor.Ref[M]{}, err
	}
	return adopt(parent, r, conn, newHandler, o)
}

func adopt[M any](parent actor.Parent, r *Reactor, conn net.Conn, newHandler NewHandler[M], o *connConfig) (actor.Ref[M], error) {
	if r.closed.Load() {
		conn.Close()
		return actor.Ref[M]{}, ErrClosed
	}
	o.newHandler = newHandler
	var a *connActor[M]
	if fd, ok := loopFD(r, conn, o); ok {
		a = newConnActor[M](o, nil, r.pickLoop(), fd)
	} else {
		if o.TLS != nil {
			conn = tls.Client(conn, o.TLS)
		}
		a = newConnActor[M](o, newNetConn(r, conn, o.ReadHighWater), nil, -1)
	}
	ref, err := a.spawn(parent)
	if err != nil {
		return ref, fmt.Errorf("reactor: %w", err)
	}
	return ref, nil
}

// loopFD takes the fd of conn, for an event loop, if it can go there.
func loopFD(r *Reactor, conn net.Conn, o *connConfig) (int, bool) {
	if r.Portable() || o.TLS != nil {
		return -1, false
	}
	switch conn.(type) {
	case *net.TCPConn, *net.UnixConn:
	default:
		return -1, false
	}
	rc, err := conn.(syscall.Conn).SyscallConn()
	if err != nil {
		return -1, false
	}
	fd, err := netpoll.FD(rc)
	if err != nil {
		return -1, false
	}
	conn.Close()
	return fd, true
}
