package reactor

import (
	"crypto/tls"
	"errors"
	"net"
	"sync"
	"time"

	"github.com/actorio/actorio/actor"
)

// netListener is the actor of a Listener on the portable engine: a
// goroutine accepts from the net.Listener and queues what it accepts for
// the actor, which makes the connections.
type netListener[M any] struct {
	r          *Reactor
	ln         net.Listener
	opts       *connConfig
	newHandler NewHandler[M]
	sig        *actor.Signal[listenerMsg]
	entry      *listenerEntry // for Listeners

	failures acceptFailures // the accept goroutine's

	mu      sync.Mutex
	pending []net.Conn
	closed  bool
}

func servePortable[M any](parent actor.Parent, r *Reactor, ln net.Listener, newHandler NewHandler[M], o *connConfig, strategy actor.Strategy) (*Listener, error) {
	nl := &netListener[M]{r: r, ln: ln, opts: o, newHandler: newHandler, entry: newListenerEntry(ln.Addr(), nil, o)}
	ref, err := actor.Spawn(parent, func() actor.Actor[listenerMsg] { return nl }, actor.WithSupervisor(strategy))
	if err != nil {
		return nil, err
	}
	return &Listener{addr: ln.Addr(), pid: ref.PID(), stop: ref.Stop}, nil
}

func (nl *netListener[M]) Receive(*actor.Context[listenerMsg], listenerMsg) {}

func (nl *netListener[M]) Started(ctx *actor.Context[listenerMsg]) {
	if nl.sig != nil {
		return
	}
	nl.sig = actor.NewSignal[listenerMsg](ctx, nl)
	nl.failures = acceptFailures{r: nl.r, ln: nl.entry, log: ctx.Logger()}
	nl.r.listeners.add(nl.entry, ctx.Self().PID())
	nl.r.portable.Add(1)
	go nl.accept()
}

func (nl *netListener[M]) Stopped(*actor.Context[listenerMsg]) {
	nl.r.listeners.remove(nl.entry)
	nl.mu.Lock()
	nl.closed = true
	pending := nl.pending
	nl.pending = nil
	nl.mu.Unlock()
	nl.ln.Close()
	for _, c := range pending {
		c.Close()
	}
}

// accept is the listener's goroutine; closing ln ends it. It is the
// listener's one retry chain: after a failed accept (out of fds, most
// likely) it counts and logs the failure as acceptFailures does, and
// tries again after acceptRetry.
func (nl *netListener[M]) accept() {
	defer nl.r.portable.Done()
	for {
		c, err := nl.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			nl.mu.Lock()
			closed := nl.closed
			nl.mu.Unlock()
			if closed {
				return
			}
			nl.failures.failed(err)
			time.Sleep(acceptRetry)
			continue
		}
		nl.failures.succeeded()
		nl.mu.Lock()
		if nl.closed {
			nl.mu.Unlock()
			c.Close()
			return
		}
		nl.pending = append(nl.pending, c)
		nl.mu.Unlock()
		nl.sig.Raise(flagRead)
	}
}

// HandleSignal runs inside the listener's actor and makes the accepted
// connections into actors.
func (nl *netListener[M]) HandleSignal(ctx *actor.Context[listenerMsg], _ uint32) {
	nl.mu.Lock()
	pending := nl.pending
	nl.pending = nil
	nl.mu.Unlock()
	for _, nc := range pending {
		if nl.opts.TLS != nil {
			nc = tls.Server(nc, nl.opts.TLS)
		}
		a := newConnActor[M](nl.opts, newNetConn(nl.r, nc, nl.opts.ReadHighWater), nil, -1)
		_, _ = a.spawn(ctx) // if it fails, spawn closes nc
	}
}
