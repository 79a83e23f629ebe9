package remoteconsole_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/internal/testutil"
	"github.com/actorio/actorio/observability/actorconsole"
	"github.com/actorio/actorio/remote"
	"github.com/actorio/actorio/remote/codec"
	"github.com/actorio/actorio/remote/remoteconsole"
)

// Greeting is the message the nodes exchange.
type Greeting struct{ Seq int }

// startNode starts a node on a new system, with heartbeats (and pings)
// every 50 ms; the test's cleanup closes both.
func startNode(t *testing.T, opts ...remote.Option) *remote.Node {
	t.Helper()
	c, err := codec.CBOR()
	require.NoError(t, err)
	reg := codec.NewRegistry(c)
	require.NoError(t, codec.Register[Greeting](reg, "remoteconsole.Greeting"))
	sys := testutil.NewSystem(t)
	opts = append([]remote.Option{remote.WithRegistry(reg), remote.WithHeartbeat(50*time.Millisecond, 400*time.Millisecond)}, opts...)
	n, err := remote.Start(t.Context(), sys, opts...)
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), testutil.Guard)
		defer cancel()
		require.NoError(t, n.Close(ctx))
	})
	return n
}

// The page's view of the node, as the stream's samples carry it.
type (
	peerJSON struct {
		ID    string `json:"id"`
		Total struct {
			MessagesOut uint64 `json:"messages_out"`
			MessagesIn  uint64 `json:"messages_in"`
			BytesIn     uint64 `json:"bytes_in"`
		} `json:"total"`
		PerS *struct {
			MessagesIn float64 `json:"messages_in"`
		} `json:"per_s"`
		RTTMS *float64 `json:"rtt_ms"`
	}
	nodeJSON struct {
		ID      string `json:"id"`
		Members int    `json:"members"`
		Total   struct {
			MessagesIn uint64 `json:"messages_in"`
		} `json:"total"`
		RTTMaxMS *float64   `json:"rtt_max_ms"`
		Peers    []peerJSON `json:"peers"`
	}
)

// next reads Server-Sent Events from sc up to the next one named name,
// and returns its data.
func next(t *testing.T, sc *bufio.Scanner, name string) string {
	t.Helper()
	var event, data string
	for sc.Scan() {
		switch line := sc.Text(); {
		case line == "" && event == name:
			return data
		case line == "":
			event, data = "", ""
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = strings.TrimPrefix(line, "data: ")
		}
	}
	t.Fatalf("the stream ended before a %q event: %v", name, sc.Err())
	return ""
}

// TestConsoleShowsPeers: a node's console lists the node it exchanges
// messages with, with the messages counted, their rate and the round
// trip of its pings.
func TestConsoleShowsPeers(t *testing.T) {
	a := startNode(t, remote.WithEmbeddedServer())
	b := startNode(t, remote.WithURL(a.URL()))
	require.Eventually(t, func() bool { return a.Metrics().Members == 1 && b.Metrics().Members == 1 },
		testutil.Guard, time.Millisecond, "the nodes see each other")

	got := make(chan int, 100)
	rx, err := actor.SpawnFunc(a.System(), func(_ *actor.Context[Greeting], g Greeting) { got <- g.Seq })
	require.NoError(t, err)
	require.NoError(t, remote.Register(a, "rx", rx))
	ctx, cancel := context.WithTimeout(t.Context(), testutil.Guard)
	defer cancel()
	ref, err := remote.Lookup[Greeting](ctx, b, "rx")
	require.NoError(t, err)
	send := func(n int) {
		t.Helper()
		for i := range n {
			require.NoError(t, ref.Send(Greeting{Seq: i}))
		}
		for range n {
			testutil.Recv(t, got, "a greeting")
		}
	}
	send(20)

	console := actorconsole.Handler(a.System(), remoteconsole.Option(a), actorconsole.WithMinInterval(50*time.Millisecond))
	srv := httptest.NewServer(console)
	t.Cleanup(func() {
		console.Close()
		srv.Close()
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/api/stream", nil)
	require.NoError(t, err)
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)

	var hello struct {
		Node bool `json:"node"`
	}
	require.NoError(t, json.Unmarshal([]byte(next(t, sc, "hello")), &hello))
	require.True(t, hello.Node)

	// sampleOfB returns the node and its row of b in the next sample
	// that lists b and satisfies ok.
	sampleOfB := func(what string, ok func(nodeJSON, peerJSON) bool) (nodeJSON, peerJSON) {
		t.Helper()
		for {
			var smp struct {
				Node *nodeJSON `json:"node"`
			}
			data := next(t, sc, "sample")
			require.NoError(t, json.Unmarshal([]byte(data), &smp), data)
			require.NotNil(t, smp.Node, "a sample without the node: %s", data)
			for _, p := range smp.Node.Peers {
				if p.ID == b.ID() && ok(*smp.Node, p) {
					return *smp.Node, p
				}
			}
			t.Logf("waiting for %s: %s", what, data)
		}
	}
	n, p := sampleOfB("b's messages and round trip", func(_ nodeJSON, p peerJSON) bool { return p.RTTMS != nil })
	require.Equal(t, a.ID(), n.ID)
	require.Equal(t, 1, n.Members)
	require.GreaterOrEqual(t, p.Total.MessagesIn, uint64(20), "the greetings b sent")
	require.Positive(t, p.Total.BytesIn)
	require.GreaterOrEqual(t, n.Total.MessagesIn, p.Total.MessagesIn)
	require.Positive(t, *p.RTTMS, "the round trip of a ping")
	require.NotNil(t, n.RTTMaxMS)

	send(50) // while the page is open: a rate
	_, p = sampleOfB("a rate of b's messages", func(_ nodeJSON, p peerJSON) bool { return p.PerS != nil && p.PerS.MessagesIn > 0 })
	require.GreaterOrEqual(t, p.Total.MessagesIn, uint64(70))
}
