package reactor_test

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/io/reactor"
)

type udpEcho struct{ p *reactor.PacketConn }

func (u *udpEcho) Receive(*actor.Context[struct{}], struct{}) {}

func (u *udpEcho) HandleIO(_ *actor.Context[struct{}], ev reactor.Event) {
	if d, ok := ev.(reactor.Datagram); ok {
		_ = u.p.WriteTo(d.Data, d.Addr)
	}
}

func TestSmokeUDP(t *testing.T) {
	for _, engine := range []reactor.Engine{reactor.EngineAuto, reactor.EnginePortable} {
		sys, err := actor.NewSystem()
		require.NoError(t, err)
		r, err := reactor.New(sys, reactor.WithEngine(engine))
		require.NoError(t, err)
		_, addr, err := reactor.ListenPacket(sys, r, "udp", "127.0.0.1:0", func(p *reactor.PacketConn) reactor.Handler[struct{}] { return &udpEcho{p} })
		require.NoError(t, err)
		c, err := net.Dial("udp", addr.String())
		require.NoError(t, err)
		require.NoError(t, c.SetDeadline(time.Now().Add(10*time.Second)))
		for i := range 10 {
			msg := []byte{byte(i), 1, 2, 3}
			_, err = c.Write(msg)
			require.NoError(t, err)
			got := make([]byte, 100)
			n, err := c.Read(got)
			require.NoError(t, err)
			require.Equal(t, msg, got[:n])
		}
		c.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		require.NoError(t, sys.Shutdown(ctx))
		cancel()
	}
}
