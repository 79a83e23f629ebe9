package reactor

import (
	"fmt"
	"net"
	"sync"

	"github.com/actorio/actorio/actor"
)

// A Listener accepts connections and makes each an actor, a child of the
// Listener's own actor, with a Handler from its NewHandler. Listen and
// Serve make one. Close stops it, and with it its connections.
//
// A connection whose handler panics is stopped and closed; the others go
// on. Listeners on event loops accept from a dispatcher worker when the
// listening socket is ready, up to 64 connections per turn, and give each
// new connection to the event loop with the fewest.
type Listener struct {
	addr net.Addr
	pid  actor.PID
	stop func()
	once sync.Once
}

type listenerMsg struct{}

// Addr returns the address the Listener accepts on; for a TCP address
// with port 0, it has the port the system chose.
func (l *Listener) Addr() net.Addr { return l.addr }

// PID returns the process identifier of the Listener's actor, the parent
// of its connections: watch it to learn when the Listener has stopped.
func (l *Listener) PID() actor.PID { return l.pid }

// Close stops accepting and stops every connection the Listener
// accepted: each handler gets Closed{Err: actor.ErrStopped}, and what each
// connection had queued is still written, as after Conn.Close. Close
// returns at once; watch PID to wait. Calling it again does nothing.
func (l *Listener) Close() error {
	l.once.Do(l.stop)
	return nil
}

// Listen listens on network ("tcp", "tcp4", "tcp6" or "unix") at address
// and serves each accepted connection with an actor under parent (a
// *actor.System or an actor's Context) whose handler newHandler makes.
// With WithTLS the connections run TLS as servers.
func Listen[M any](parent actor.Parent, r *Reactor, network, address string, newHandler NewHandler[M], opts ...ConnOption) (*Listener, error) {
	switch network {
	case "tcp", "tcp4", "tcp6", "unix":
	default:
		return nil, fmt.Errorf("reactor: listen %s: %w", network, ErrUnsupportedNetwork)
	}
	ln, err := net.Listen(network, address)
	if err != nil {
		return nil, fmt.Errorf("reactor: %w", err)
	}
	l, err := Serve(parent, r, ln, newHandler, opts...)
	if err != nil {
		ln.Close()
		return nil, err
	}
	return l, nil
}

// Serve serves the connections accepted from ln as Listen does. It takes
// ln over: the Listener closes it. A *net.TCPListener or
// *net.UnixListener runs on the event loops; any other net.Listener, and
// any with WithTLS, on the portable engine.
func Serve[M any](parent actor.Parent, r *Reactor, ln net.Listener, newHandler NewHandler[M], opts ...ConnOption) (*Listener, error) {
	o, err := resolveConnOptions(r, opts)
	if err != nil {
		return nil, err
	}
	if r.closed.Load() {
		return nil, ErrClosed
	}
	o.newHandler = newHandler
	strategy := actor.OneForOne(actor.WithDecider(func(error) actor.Directive { return actor.Stop }))
	if !r.Portable() && o.TLS == nil {
		if l, ok, err := serveLoop(parent, r, ln, newHandler, o, strategy); ok {
			return l, err
		}
	}
	return servePortable(parent, r, ln, newHandler, o, strategy)
}
