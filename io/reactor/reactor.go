package reactor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/io/netpoll"
)

// A Reactor connects sockets to actors for one actor.System: event loops
// that wait for readiness and wake the actors owning the sockets, which
// then read and write without blocking. Make one with New; the System
// owns it, and System.Shutdown stops it once every actor has stopped,
// after the output of closed connections has been written or
// Options.FlushTimeout has passed.
type Reactor struct {
	sys    *actor.System
	opts   Options
	log    *slog.Logger
	loops  []*loop
	engine Engine

	closed   atomic.Bool
	loopers  goGroup // the goroutines holding loops, or retired from them
	portable goGroup // the portable engine's goroutines
	stats    counters

	portableConns connSet     // for Connections; the loops' are in their slots
	listeners     listenerSet // for Listeners
}

// New starts a Reactor for sys, configured by opts. It falls back to the
// portable engine (see Engine) where the platform has no poller. It fails
// with ErrClosed if sys has begun to shut down.
func New(sys *actor.System, opts ...Option) (*Reactor, error) {
	r := &Reactor{sys: sys, log: sys.Logger()}
	for _, o := range opts {
		if o != nil {
			o(&r.opts)
		}
	}
	if err := r.opts.resolve(); err != nil {
		return nil, err
	}
	if err := r.makeLoops(); err != nil {
		return nil, err
	}
	if err := sys.OnShutdown(r.shutdown); err != nil {
		r.closeLoops()
		return nil, ErrClosed
	}
	for _, l := range r.loops {
		l.start()
	}
	return r, nil
}

// makeLoops makes the event loops of the engine asked for, or none for
// the portable engine.
func (r *Reactor) makeLoops() error {
	uring := false
	switch r.opts.Engine {
	case EnginePortable:
		r.engine = EnginePortable
		return nil
	case EngineUring:
		if err := EngineUring.Available(); err != nil {
			return err
		}
		uring = true
	case EngineAuto:
		err := uringProbe()
		uring = err == nil
		if err != nil && !errors.Is(err, errNoUring) && !uringFallbackLogged.Swap(true) {
			r.log.Info("actorio: reactor uses epoll: io_uring is not available", "reason", err)
		}
	}
	for i := range r.opts.Loops {
		l, err := newLoop(r, i, uring)
		if errors.Is(err, netpoll.ErrUnsupported) {
			break
		}
		if err != nil {
			r.closeLoops()
			return fmt.Errorf("reactor: %w", err)
		}
		r.loops = append(r.loops, l)
	}
	switch {
	case len(r.loops) == 0:
		r.engine = EnginePortable
	case uring:
		r.engine = EngineUring
	default:
		r.engine = EnginePoll
	}
	return nil
}

// Available reports whether e can run here: nil, or an error wrapping
// ErrUnsupportedEngine that says why not. EngineAuto and EnginePortable
// always can; EnginePoll can where epoll or kqueue exists (elsewhere it
// runs as EnginePortable, so it can too); EngineUring needs Linux and a
// kernel that has, and allows, what its loops use. The first call for
// EngineUring tries io_uring; later calls reuse the answer.
func (e Engine) Available() error {
	switch e {
	case EngineAuto, EnginePortable, EnginePoll:
		return nil
	case EngineUring:
		if err := uringProbe(); err != nil {
			return fmt.Errorf("%w: io_uring: %w", ErrUnsupportedEngine, err)
		}
		return nil
	}
	return fmt.Errorf("%w: unknown engine %d", ErrUnsupportedEngine, int(e))
}

// errNoUring is why the loops cannot run on io_uring on platforms other
// than Linux, where epoll or kqueue is the rule, not a fallback to log.
var errNoUring = errors.New("io_uring is Linux's")

// uringFallbackLogged makes the reason for not using io_uring logged once
// per process, not once per Reactor.
var uringFallbackLogged atomic.Bool

// Portable reports whether the reactor runs its connections on the
// portable engine (see Engine) rather than on event loops.
func (r *Reactor) Portable() bool { return len(r.loops) == 0 }

// Engine returns the engine the reactor runs on: EngineUring, EnginePoll
// or EnginePortable, never EngineAuto.
func (r *Reactor) Engine() Engine { return r.engine }

// pickLoop returns the loop with the fewest connections.
func (r *Reactor) pickLoop() *loop {
	best := r.loops[0]
	for _, l := range r.loops[1:] {
		if l.conns.Load() < best.conns.Load() {
			best = l
		}
	}
	return best
}

// shutdown is the System's OnShutdown hook: every actor, and so every
// connection and listener, has stopped.
func (r *Reactor) shutdown(ctx context.Context) error {
	r.closed.Store(true)
	for _, l := range r.loops {
		l.stop()
	}
	for _, l := range r.loops {
		select {
		case <-l.done:
		case <-ctx.Done():
			return fmt.Errorf("reactor: flushing closed connections: %w", ctx.Err())
		}
	}
	select {
	case <-r.loopers.idle(): // retired loop goroutines too: their turns are over
	case <-ctx.Done():
		return fmt.Errorf("reactor: stopping loop goroutines: %w", ctx.Err())
	}
	select {
	case <-r.portable.idle():
		return nil
	case <-ctx.Done():
		return fmt.Errorf("reactor: stopping portable connections: %w", ctx.Err())
	}
}

// closeLoops releases loops that never ran.
func (r *Reactor) closeLoops() {
	for _, l := range r.loops {
		_ = l.poller.close()
	}
	r.loops = nil
}
