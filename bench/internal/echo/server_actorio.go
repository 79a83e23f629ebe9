package echo

import (
	"context"
	"errors"
	"net"
	"time"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/io/reactor"
)

func init() {
	Register("actorio", func(ctx context.Context, addr string, ready func(net.Addr)) error {
		return serveActorio(ctx, reactor.EnginePoll, addr, ready)
	})
	Register("actorio-uring", func(ctx context.Context, addr string, ready func(net.Addr)) error {
		return serveActorio(ctx, reactor.EngineUring, addr, ready)
	})
}

// Unavailable says why the echo server called name cannot run on this
// machine (actorio-uring without io_uring), or returns nil.
func Unavailable(name string) error {
	if name == "actorio-uring" {
		return reactor.EngineUring.Available()
	}
	return nil
}

// serveActorio runs actorio's reactor on engine (epoll or io_uring) with
// one event loop and one dispatcher worker (the process has
// GOMAXPROCS=1): each connection is an actor whose handler writes back
// whatever the connection has buffered.
func serveActorio(ctx context.Context, engine reactor.Engine, addr string, ready func(net.Addr)) error {
	sys, err := actor.NewSystem(actor.WithWorkers(1))
	if err != nil {
		return err
	}
	shutdown := func() error {
		sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		return sys.Shutdown(sctx)
	}
	r, err := reactor.New(sys, reactor.WithLoops(1), reactor.WithEngine(engine))
	if err != nil {
		return errors.Join(err, shutdown())
	}
	ln, err := reactor.Listen(sys, r, "tcp", addr, func(c *reactor.Conn) reactor.Handler[struct{}] {
		return actorioEcho{c}
	})
	if err != nil {
		return errors.Join(err, shutdown())
	}
	ready(ln.Addr())
	<-ctx.Done()
	return shutdown()
}

// actorioEcho is the handler of one connection's actor.
type actorioEcho struct{ c *reactor.Conn }

func (actorioEcho) Receive(*actor.Context[struct{}], struct{}) {}

// HandleIO writes back every byte the connection has buffered.
func (e actorioEcho) HandleIO(_ *actor.Context[struct{}], ev reactor.Event) {
	if _, ok := ev.(reactor.Readable); ok {
		_, _ = e.c.Write(e.c.Next(e.c.Buffered()))
	}
}
