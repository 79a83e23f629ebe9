package actorconsole_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/observability/actorconsole"
)

type countsJSON struct {
	MessagesOut uint64 `json:"messages_out"`
	MessagesIn  uint64 `json:"messages_in"`
	BytesOut    uint64 `json:"bytes_out"`
	BytesIn     uint64 `json:"bytes_in"`
	DeadLetters uint64 `json:"dead_letters"`
}

type ratesJSON struct {
	MessagesOut float64 `json:"messages_out"`
	MessagesIn  float64 `json:"messages_in"`
	BytesOut    float64 `json:"bytes_out"`
	BytesIn     float64 `json:"bytes_in"`
}

type peerJSON struct {
	ID    string     `json:"id"`
	Total countsJSON `json:"total"`
	PerS  *ratesJSON `json:"per_s"`
	RTTMS *float64   `json:"rtt_ms"`
}

type nodeJSON struct {
	ID          string     `json:"id"`
	Members     int        `json:"members"`
	Total       countsJSON `json:"total"`
	PerS        *ratesJSON `json:"per_s"`
	NodesDown   uint64     `json:"nodes_down"`
	RTTMaxMS    *float64   `json:"rtt_max_ms"`
	RTTMedianMS *float64   `json:"rtt_median_ms"`
	PeerCount   int        `json:"peer_count"`
	Peers       []peerJSON `json:"peers"`
}

type nodeSampleJSON struct {
	T    int64     `json:"t"`
	Node *nodeJSON `json:"node"`
}

type nodeHelloJSON struct {
	Node    bool             `json:"node"`
	History []nodeSampleJSON `json:"history"`
}

// fakeNode is a node whose counters advance at every reading: peer i
// (peer-00, peer-01, ...) by i messages out, 2i in, 100i bytes out and
// 200i in, with a round trip of i ms (none for peer 0) and i dead
// letters. Late peers join from the reading after join() on, with the
// same counters as the peer of their index.
type fakeNode struct {
	mu    sync.Mutex
	peers int
	late  []int // index -> the reading it appeared in
	reads int
}

func (f *fakeNode) read() actorconsole.Node {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads++
	n := actorconsole.Node{ID: "node-a", Members: f.peers + len(f.late), NodesDown: 1}
	add := func(id string, i int, k uint64) {
		p := actorconsole.Peer{
			ID: id, MessagesOut: k, MessagesIn: 2 * k, BytesOut: 100 * k, BytesIn: 200 * k,
			DeadLetters: uint64(i), RTT: time.Duration(i) * time.Millisecond,
		}
		n.Peers = append(n.Peers, p)
		n.MessagesOut += p.MessagesOut
		n.MessagesIn += p.MessagesIn
		n.BytesOut += p.BytesOut
		n.BytesIn += p.BytesIn
		n.DeadLetters += p.DeadLetters
	}
	for i := range f.peers {
		add(fmt.Sprintf("peer-%02d", i), i, uint64(i*f.reads))
	}
	for i, from := range f.late {
		add(fmt.Sprintf("late-%d", i), i+1, uint64((i+1)*(f.reads-from+1)))
	}
	return n
}

// join adds a late peer, listed from the next reading.
func (f *fakeNode) join() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.late = append(f.late, f.reads+1)
}

func (f *fakeNode) readings() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.reads
}

// nextNode returns the node of the next sample of s.
func nextNode(t *testing.T, s *stream) nodeSampleJSON {
	t.Helper()
	smp := decode[nodeSampleJSON](t, s.next(t, "sample"))
	require.NotNil(t, smp.Node, "a sample with a node source carries the node")
	return smp
}

// nodeListing returns the node of the first sample of s that lists
// peers peers.
func nodeListing(t *testing.T, s *stream, peers int) *nodeJSON {
	t.Helper()
	for {
		if n := nextNode(t, s).Node; len(n.Peers) == peers {
			return n
		}
	}
}

// TestNodePeers: the samples carry the node's totals and its busiest
// peers, at most MaxPeersPerSample, busiest first, with their rates and
// round trips; the history keeps the totals only.
func TestNodePeers(t *testing.T) {
	require.Equal(t, 50, actorconsole.MaxPeersPerSample, "as the package's doc says")
	const peers = actorconsole.MaxPeersPerSample + 10
	f := &fakeNode{peers: peers}
	e := newEnv(t, nil, actorconsole.WithMinInterval(100*time.Millisecond), actorconsole.WithNode(f.read))
	s := e.openStream(t)
	require.True(t, decode[nodeHelloJSON](t, s.next(t, "hello")).Node)

	first := nextNode(t, s)
	n := first.Node
	require.Equal(t, "node-a", n.ID)
	require.Equal(t, peers, n.Members)
	require.Equal(t, uint64(1), n.NodesDown)
	require.Equal(t, peers, n.PeerCount)
	require.Nil(t, n.PerS, "no rate without a previous reading")
	require.Len(t, n.Peers, actorconsole.MaxPeersPerSample)
	for k, p := range n.Peers {
		i := peers - 1 - k // the busiest first: the most messages in all
		require.Equal(t, fmt.Sprintf("peer-%02d", i), p.ID)
		require.Nil(t, p.PerS)
		require.Equal(t, countsJSON{uint64(i), uint64(2 * i), uint64(100 * i), uint64(200 * i), uint64(i)}, p.Total)
		require.NotNil(t, p.RTTMS)
		require.Equal(t, float64(i), *p.RTTMS)
	}
	// Peers 1 to 59 have a round trip of as many ms: the median is 30.
	require.Equal(t, float64(peers-1), *n.RTTMaxMS)
	require.Equal(t, 30.0, *n.RTTMedianMS)

	second := nextNode(t, s)
	n = second.Node
	secs := float64(second.T-first.T) / 1000 // to the ms: the rates' own interval is within 1 ms of it
	require.Positive(t, secs)
	rate := func(perReading int) float64 { return float64(perReading) / secs }
	sum := peers * (peers - 1) / 2 // messages out per reading, all peers
	require.NotNil(t, n.PerS)
	require.InEpsilon(t, rate(sum), n.PerS.MessagesOut, 0.03)
	require.InEpsilon(t, rate(2*sum), n.PerS.MessagesIn, 0.03)
	require.InEpsilon(t, rate(100*sum), n.PerS.BytesOut, 0.03)
	require.InEpsilon(t, rate(200*sum), n.PerS.BytesIn, 0.03)
	require.Equal(t, uint64(2*sum), n.Total.MessagesOut)
	require.Len(t, n.Peers, actorconsole.MaxPeersPerSample)
	for k, p := range n.Peers {
		i := peers - 1 - k
		require.Equal(t, fmt.Sprintf("peer-%02d", i), p.ID, "busiest first, by messages/s")
		require.NotNil(t, p.PerS)
		require.InEpsilon(t, rate(i), p.PerS.MessagesOut, 0.03)
		require.InEpsilon(t, rate(2*i), p.PerS.MessagesIn, 0.03)
		require.InEpsilon(t, rate(100*i), p.PerS.BytesOut, 0.03)
		require.InEpsilon(t, rate(200*i), p.PerS.BytesIn, 0.03)
	}

	// A page that opens later gets the node's totals in the history, not
	// its peers.
	later := e.openStream(t)
	h := decode[nodeHelloJSON](t, later.next(t, "hello"))
	require.True(t, h.Node)
	require.NotEmpty(t, h.History)
	for _, smp := range h.History {
		require.NotNil(t, smp.Node)
		require.Equal(t, "node-a", smp.Node.ID)
		require.Equal(t, peers, smp.Node.PeerCount)
		require.Positive(t, smp.Node.Total.MessagesOut)
		require.NotNil(t, smp.Node.RTTMaxMS)
		require.Nil(t, smp.Node.Peers, "the history keeps no peers")
	}
	require.Len(t, nextNode(t, later).Node.Peers, actorconsole.MaxPeersPerSample, "the live samples do")
}

// TestNodePeerJoins: a peer's rates are null in the first sample that
// lists it, and a node with no peer yet lists none, and no round trip.
func TestNodePeerJoins(t *testing.T) {
	f := &fakeNode{}
	e := newEnv(t, nil, actorconsole.WithMinInterval(50*time.Millisecond), actorconsole.WithNode(f.read))
	s := e.openStream(t)
	n := nextNode(t, s).Node
	require.NotNil(t, n.Peers, "an empty list, not null")
	require.Empty(t, n.Peers)
	require.Nil(t, n.RTTMaxMS)
	require.Nil(t, n.RTTMedianMS)

	f.join()
	n = nodeListing(t, s, 1)
	require.Equal(t, "late-0", n.Peers[0].ID)
	require.Nil(t, n.Peers[0].PerS, "no rate in the first sample that lists it")
	require.NotNil(t, n.PerS, "the node's own rates go on")

	f.join()
	n = nodeListing(t, s, 2)
	require.Equal(t, "late-0", n.Peers[0].ID, "a peer with a rate before one without")
	require.NotNil(t, n.Peers[0].PerS)
	require.Positive(t, n.Peers[0].PerS.MessagesOut)
	require.Nil(t, n.Peers[1].PerS)
}

// TestNodeReadWhileOpen: the console reads the node only while a page's
// stream is open.
func TestNodeReadWhileOpen(t *testing.T) {
	f := &fakeNode{peers: 2}
	e := newEnv(t, nil, actorconsole.WithMinInterval(50*time.Millisecond), actorconsole.WithNode(f.read))
	var tree treePage
	e.get(t, "/api/tree", &tree)
	code, _ := e.do(t, http.MethodGet, "/")
	require.Equal(t, http.StatusOK, code)
	require.Zero(t, f.readings(), "no page streaming: nothing read")

	s := e.openStream(t)
	nextNode(t, s)
	nextNode(t, s)
	require.GreaterOrEqual(t, f.readings(), 2)
	s.close()
	waitUntil(t, "the sampler to stop", func() bool { _, running := actorconsole.Streams(e.console); return !running })
	stopped := f.readings()
	time.Sleep(200 * time.Millisecond) // four intervals
	require.Equal(t, stopped, f.readings(), "no page streaming: nothing read")
}

// TestNoNode: without a node source, the hello says so and the samples
// have no node.
func TestNoNode(t *testing.T) {
	e := newEnv(t, nil, actorconsole.WithMinInterval(50*time.Millisecond))
	s := e.openStream(t)
	require.False(t, decode[nodeHelloJSON](t, s.next(t, "hello")).Node)
	for range 2 {
		var raw map[string]json.RawMessage
		require.NoError(t, json.Unmarshal([]byte(s.next(t, "sample").data), &raw))
		require.Contains(t, raw, "actors")
		require.NotContains(t, raw, "node")
	}
}
