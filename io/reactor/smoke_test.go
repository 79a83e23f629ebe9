package reactor_test

import (
	"context"
	"io"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/io/reactor"
)

type echo struct{ c *reactor.Conn }

func (e *echo) Receive(*actor.Context[struct{}], struct{}) {}

func (e *echo) HandleIO(ctx *actor.Context[struct{}], ev reactor.Event) {
	switch ev.(type) {
	case reactor.Readable:
		_, _ = e.c.Write(e.c.Next(e.c.Buffered()))
	}
}

func TestSmokeEcho(t *testing.T) {
	for _, engine := range []reactor.Engine{reactor.EngineAuto, reactor.EnginePortable} {
		sys, err := actor.NewSystem()
		require.NoError(t, err)
		r, err := reactor.New(sys, reactor.WithEngine(engine))
		require.NoError(t, err)
		ln, err := reactor.Listen(sys, r, "tcp", "127.0.0.1:0", func(c *reactor.Conn) reactor.Handler[struct{}] { return &echo{c} })
		require.NoError(t, err)
		c, err := net.Dial("tcp", ln.Addr().String())
		require.NoError(t, err)
		msg := make([]byte, 1<<20)
		for i := range msg {
			msg[i] = byte(i * 7)
		}
		go func() { _, _ = c.Write(msg) }()
		got := make([]byte, len(msg))
		_, err = io.ReadFull(c, got)
		require.NoError(t, err)
		require.Equal(t, msg, got)
		c.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		require.NoError(t, sys.Shutdown(ctx))
		cancel()
	}
}
