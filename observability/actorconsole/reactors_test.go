package actorconsole_test

import (
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/internal/testutil"
	"github.com/actorio/actorio/io/reactor"
	"github.com/actorio/actorio/observability/actorconsole"
)

// holder is a connection handler that consumes nothing: what its client
// sends stays buffered.
type holder struct{}

func (holder) Receive(*actor.Context[struct{}], struct{})       {}
func (holder) HandleIO(*actor.Context[struct{}], reactor.Event) {}

// TestReactors: the network view lists each reactor's engine, counters
// and listeners, and its busiest connections first with their addresses.
func TestReactors(t *testing.T) {
	sys := testutil.NewSystem(t)
	r, err := reactor.New(sys)
	require.NoError(t, err)
	ln, err := reactor.Listen(sys, r, "tcp", "127.0.0.1:0", func(*reactor.Conn) reactor.Handler[struct{}] { return holder{} })
	require.NoError(t, err)
	e := serve(t, sys, actorconsole.WithReactor(r), actorconsole.WithMinInterval(50*time.Millisecond))

	var clients []net.Conn
	for range 3 {
		c, err := net.Dial("tcp", ln.Addr().String())
		require.NoError(t, err)
		defer c.Close()
		clients = append(clients, c)
	}
	busy := clients[1]
	_, err = busy.Write(make([]byte, 300))
	require.NoError(t, err)

	type view struct {
		Reactors []struct {
			Engine  string `json:"engine"`
			Metrics struct {
				Connections int64
				Accepted    uint64
			} `json:"metrics"`
			Listeners []struct {
				Addr     string `json:"addr"`
				Actor    string `json:"actor"`
				Accepted uint64 `json:"accepted"`
			} `json:"listeners"`
			Connections int `json:"connections"`
			Busiest     []struct {
				Local    string  `json:"local"`
				Remote   string  `json:"remote"`
				Buffered int     `json:"buffered"`
				Outbound int     `json:"outbound"`
				AgeMS    float64 `json:"age_ms"`
			} `json:"busiest"`
		} `json:"reactors"`
	}
	var v view
	waitUntil(t, "the held input to show", func() bool {
		e.get(t, "/api/reactors?limit=2", &v)
		rv := v.Reactors[0]
		return rv.Connections == 3 && len(rv.Busiest) == 2 && rv.Busiest[0].Buffered == 300
	})
	rv := v.Reactors[0]
	require.Equal(t, r.Engine().String(), rv.Engine)
	require.Equal(t, int64(3), rv.Metrics.Connections)
	require.Equal(t, []string{ln.Addr().String()}, []string{rv.Listeners[0].Addr})
	require.Equal(t, ln.PID().String(), rv.Listeners[0].Actor)
	require.Equal(t, uint64(3), rv.Listeners[0].Accepted)
	require.Equal(t, busy.LocalAddr().String(), rv.Busiest[0].Remote)
	require.Equal(t, ln.Addr().String(), rv.Busiest[0].Local)
	require.Zero(t, rv.Busiest[1].Buffered)
	require.Positive(t, rv.Busiest[0].AgeMS)

	e.get(t, "/api/reactors?limit=3", &v) // a larger limit within the interval
	require.Len(t, v.Reactors[0].Busiest, 3)
	e.get(t, "/api/reactors?limit=1", &v) // a smaller one, cut from it
	require.Len(t, v.Reactors[0].Busiest, 1)
	require.Equal(t, busy.LocalAddr().String(), v.Reactors[0].Busiest[0].Remote)

	s := e.openStream(t)
	var smp sampleJSON
	waitUntil(t, "a sample to count the connections", func() bool {
		smp = decode[sampleJSON](t, s.next(t, "sample"))
		return smp.Conns == 3
	})
}
