package reactor

import (
	"fmt"
	"net"
	"os"
	"sync"
	"syscall"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/io/netpoll"
)

// acceptsPerTurn bounds the connections a listener accepts in one turn.
const acceptsPerTurn = 64

// loopListener is the actor of a Listener on the event loops.
type loopListener[M any] struct {
	r          *Reactor
	l          *loop
	fd         int
	reg        pollReg
	sig        *actor.Signal[listenerMsg]
	opts       *connConfig
	newHandler NewHandler[M]
	entry      *listenerEntry // for Listeners
	unlink     string         // a Unix socket's path, removed on close
	tcp        bool           // set TCP_NODELAY on what it accepts, as package net does
	retrying   bool           // a retry is pending: readiness edges wait for it
	failures   acceptFailures

	// On an io_uring loop a multishot accept, not the actor, accepts:
	// the loop queues what it completes with for the actor.
	multishot bool
	mu        sync.Mutex // accepted, closed, and fd once started
	accepted  []acceptResult
	closed    bool
}

// acceptResult is what one completion of a multishot accept gave: a
// connection's fd, or the error that ended the accept.
type acceptResult struct {
	fd  int
	err error
}

// serveLoop serves ln on the event loops; ok is false when ln cannot be.
func serveLoop[M any](parent actor.Parent, r *Reactor, ln net.Listener, newHandler NewHandler[M], o *connConfig, strategy actor.Strategy) (_ *Listener, ok bool, _ error) {
	sc, isSC := ln.(syscall.Conn)
	if !isSC {
		return nil, false, nil
	}
	switch ln.(type) {
	case *net.TCPListener, *net.UnixListener:
	default:
		return nil, false, nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil, true, fmt.Errorf("reactor: %w", err)
	}
	fd, err := netpoll.FD(rc)
	if err != nil {
		return nil, true, fmt.Errorf("reactor: %w", err)
	}
	ll := &loopListener[M]{r: r, l: r.pickLoop(), fd: fd, opts: o, newHandler: newHandler}
	ll.reg = pollReg{tok: netpoll.NoToken, p: ll}
	_, ll.tcp = ln.(*net.TCPListener)
	if ul, isUnix := ln.(*net.UnixListener); isUnix {
		ul.SetUnlinkOnClose(false) // the socket lives on in fd
		ll.unlink = ln.Addr().String()
	}
	addr := ln.Addr()
	ll.entry = newListenerEntry(addr, ll.l, o)
	ln.Close()
	ref, err := actor.Spawn(parent, func() actor.Actor[listenerMsg] { return ll }, actor.WithSupervisor(strategy))
	if err != nil {
		ll.close()
		return nil, true, fmt.Errorf("reactor: %w", err)
	}
	return &Listener{addr: addr, pid: ref.PID(), stop: ref.Stop}, true, nil
}

func (ll *loopListener[M]) Receive(*actor.Context[listenerMsg], listenerMsg) {}

func (ll *loopListener[M]) Started(ctx *actor.Context[listenerMsg]) {
	if ll.sig != nil {
		return
	}
	ll.sig = actor.NewSignal[listenerMsg](ctx, ll)
	ll.failures = acceptFailures{r: ll.r, ln: ll.entry, log: ctx.Logger()}
	ok, err := startAccept(ll.l, ll.fd, &ll.reg)
	ll.multishot = ok
	if !ok {
		err = ll.l.register(ll.fd, netpoll.Readable, &ll.reg)
	}
	if err != nil {
		ctx.Logger().Error("actorio: listener not registered", "error", err)
		ctx.Stop()
		return
	}
	ll.r.listeners.add(ll.entry, ctx.Self().PID())
}

func (ll *loopListener[M]) Stopped(*actor.Context[listenerMsg]) {
	ll.r.listeners.remove(ll.entry)
	ll.close()
}

// pollEvent implements pollable: the socket is readable. The accepts run
// on a dispatcher worker, leaving the loop to its connections.
func (ll *loopListener[M]) pollEvent(*actor.Host, netpoll.Event) bool {
	ll.sig.Raise(flagRead)
	return true
}

// raise implements raiser.
func (ll *loopListener[M]) raise(flags uint32) { ll.sig.Raise(flags) }

// accept implements acceptor: a completion of the multishot accept, on
// the loop goroutine.
func (ll *loopListener[M]) accept(fd int, err error) {
	ll.mu.Lock()
	if ll.closed {
		ll.mu.Unlock()
		if err == nil {
			_ = netpoll.Close(fd) // accepted as the listener closed
		}
		return
	}
	ll.accepted = append(ll.accepted, acceptResult{fd: fd, err: err})
	first := len(ll.accepted) == 1
	ll.mu.Unlock()
	if first {
		ll.sig.Raise(flagRead)
	}
}

// listenFD implements acceptor.
func (ll *loopListener[M]) listenFD() int {
	ll.mu.Lock()
	defer ll.mu.Unlock()
	return ll.fd
}

// nextAccepted takes the oldest connection the multishot accept queued.
func (ll *loopListener[M]) nextAccepted() (acceptResult, bool) {
	ll.mu.Lock()
	defer ll.mu.Unlock()
	if len(ll.accepted) == 0 {
		return acceptResult{}, false
	}
	a := ll.accepted[0]
	ll.accepted = ll.accepted[1:]
	if len(ll.accepted) == 0 {
		ll.accepted = nil
	}
	return a, true
}

// One retry chain per listener.
//
// A failed accept leaves the connection queued and the listener readable,
// and the edge-triggered poller reports no new edge for it: the listener
// must try again by itself, after acceptRetry. It keeps one such retry
// pending at most (retrying). While it is pending, readiness edges (each
// new connection of an attacker makes one) accept nothing: the retry
// accepts everything queued when it fires, as the edges would, so no
// connection waits for an edge that will not come, and a process out of
// fds fails one accept per listener per acceptRetry rather than one per
// incoming connection. The retry re-arms only if its accept fails again.

// HandleSignal accepts, inside the listener's actor, when the socket is
// readable (flagRead) or its retry is due (flagTimer).
func (ll *loopListener[M]) HandleSignal(ctx *actor.Context[listenerMsg], flags uint32) {
	if flags&flagTimer != 0 {
		ll.retrying = false
		if ll.multishot && ll.fd >= 0 {
			rearmAccept(ll.l, ll.fd, &ll.reg)
		}
	}
	if ll.retrying && !ll.multishot {
		return
	}
	for range acceptsPerTurn {
		var fd int
		var err error
		if ll.multishot {
			a, ok := ll.nextAccepted()
			if !ok {
				return
			}
			fd, err = a.fd, a.err
		} else {
			fd, _, err = netpoll.Accept(ll.fd)
		}
		if err == netpoll.ErrWouldBlock {
			return
		}
		if err != nil {
			// Out of fds or memory, most likely (EMFILE, ENFILE,
			// ENOBUFS, ENOMEM): the connection stays queued. Other
			// failures are retried the same way, rather than in a
			// loop that would spin on a broken socket.
			ll.failures.failed(err)
			ll.retrying = true
			sig := ll.sig
			ll.r.sys.Timers().AfterFunc(acceptRetry, func() { sig.Raise(flagTimer) })
			return
		}
		ll.failures.succeeded()
		if ll.tcp {
			_ = netpoll.SetNoDelay(fd, true) // best effort, as in package net
		}
		a := newConnActor[M](ll.opts, nil, ll.r.pickLoop(), fd)
		if _, err := a.spawn(ctx); err != nil {
			return
		}
	}
	ll.sig.Raise(flagRead) // more may be queued: after other actors' turns
}

func (ll *loopListener[M]) close() {
	ll.mu.Lock()
	ll.closed = true
	queued := ll.accepted
	ll.accepted = nil
	ll.mu.Unlock()
	for _, a := range queued {
		if a.err == nil {
			_ = netpoll.Close(a.fd) // accepted, never served
		}
	}
	if ll.fd >= 0 {
		ll.l.closeFD(ll.fd, &ll.reg)
		ll.mu.Lock()
		ll.fd = -1
		ll.mu.Unlock()
	}
	if ll.unlink != "" {
		_ = os.Remove(ll.unlink)
		ll.unlink = ""
	}
}
