package reactor_test

import (
	"errors"
	"fmt"
	"net"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/io/reactor"
)

// udpGen answers each datagram with its own instance number, and panics
// on "boom".
type udpGen struct {
	p   *reactor.PacketConn
	gen int
}

func (u *udpGen) Receive(*actor.Context[struct{}], struct{}) {}

func (u *udpGen) HandleIO(_ *actor.Context[struct{}], ev reactor.Event) {
	if d, ok := ev.(reactor.Datagram); ok {
		if string(d.Data) == "boom" {
			panic("udp test: boom")
		}
		_ = u.p.WriteTo(fmt.Appendf(nil, "%d %s", u.gen, d.Data), d.Addr)
	}
}

// TestUDPHandlerRestart: a panic in a datagram socket's handler restarts
// its actor with a fresh handler, as a panic in Receive would, and the
// socket goes on: its events reach the new handler.
func TestUDPHandlerRestart(t *testing.T) {
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		e := newEnv(t, ec)
		sub := e.sys.Subscribe(64)
		defer sub.Close()
		gen := 0 // producers run one at a time: in ListenPacket, then in the actor
		_, addr, err := reactor.ListenPacket(e.sys, e.r, "udp", "127.0.0.1:0", func(p *reactor.PacketConn) reactor.Handler[struct{}] {
			gen++
			return &udpGen{p: p, gen: gen}
		})
		require.NoError(t, err)
		c, err := net.Dial("udp", addr.String())
		require.NoError(t, err)
		defer c.Close()
		// ask sends msg until an answer comes (a datagram may be lost), and
		// returns the answer.
		ask := func(msg string) string {
			t.Helper()
			buf := make([]byte, 64)
			for deadline := time.Now().Add(waitFor); time.Now().Before(deadline); {
				_, err := c.Write([]byte(msg))
				require.NoError(t, err)
				require.NoError(t, c.SetReadDeadline(time.Now().Add(100*time.Millisecond)))
				n, err := c.Read(buf)
				if errors.Is(err, os.ErrDeadlineExceeded) {
					continue
				}
				require.NoError(t, err)
				return string(buf[:n])
			}
			t.Fatalf("no answer to %q", msg)
			return ""
		}
		require.Equal(t, "1 a", ask("a"))

		_, err = c.Write([]byte("boom"))
		require.NoError(t, err)
		timeout := time.After(waitFor)
	failed:
		for {
			select {
			case ev := <-sub.C():
				if f, ok := ev.(actor.Failure); ok {
					require.Equal(t, actor.Restart, f.Directive)
					break failed
				}
			case <-timeout:
				t.Fatal("the panic was not supervised")
			}
		}
		require.Equal(t, "2 b", ask("b"), "the fresh handler answers")
		require.Equal(t, "2 c", ask("c"))
	})
}
