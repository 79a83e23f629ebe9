package remote

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"weak"

	"github.com/nats-io/nats.go"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/remote/codec"
	"github.com/actorio/actorio/remote/internal/embedded"
)

// Node joins an actor.System to a NATS network, so that its actors can
// reach actors of other nodes and be reached by them. Start one with
// Start; Close it, or shut its system down, to leave the network.
type Node struct {
	sys  *actor.System
	opts Options
	id   string
	nc   *nats.Conn
	srv  *embedded.Server // nil unless Embedded
	own  bool             // the Node dialed nc and closes it
	reg  *codec.Registry
	log  *slog.Logger
	subs []*nats.Subscription

	// Subjects: data shards and control of this node, and the network's
	// heartbeat subject.
	dataSubj []string
	ctlSubj  string
	hbSubj   string

	mu        sync.Mutex
	closed    bool
	peers     map[string]*peer
	members   map[string]*member
	det       *detector
	down      map[string]bool // nodes declared down: their refs fail fast
	downOrder []string        // the keys of down, oldest first
	exports   map[uint64]*export
	byPID     map[actor.PID]uint64
	actors    map[address]weak.Pointer[remoteActor]
	watches   map[uint64]*watch
	watching  map[actor.Watcher]uint64
	services  map[string][]uint64 // service key -> exported actors
	pending   map[uint64]*pending // promises sent to other nodes
	peerStats map[string]*peerStats
	// The traffic not counted under a peer: with nodes not (yet) members,
	// on the heartbeat subject and to balanced services (others), and of
	// peers forgotten since (retired). Metrics' totals add them to the
	// peers', so that no message pays for a node-wide counter.
	others, retired peerStats
	svcWatches      map[*serviceWatch]struct{}
	queueSubs       map[string]*nats.Subscription // balanced services with instances here
	svcKick         chan struct{}                 // the membership changed: look at svcWatches
	nextID          uint64
	rr              uint64        // round robin among a service's instances
	change          chan struct{} // closed when the membership changes

	probed atomic.Int64 // when a probe was last answered, in ns
	// quarantined holds when each node declared down was last told so.
	quarantined map[string]time.Time
	stop        chan struct{}
	wg          sync.WaitGroup
	stat        counters
}

// Start joins sys to the NATS network that opts describe and returns the
// Node. Each Start is a new incarnation with a fresh ID, so that a
// restarted process is never taken for the one before it. The Node closes
// when sys shuts down, if not before.
func Start(ctx context.Context, sys *actor.System, opts ...Option) (*Node, error) {
	o, err := newOptions(opts)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	n := &Node{
		sys: sys, opts: o, id: newNodeID(), reg: o.Registry, log: o.Logger,
		peers: map[string]*peer{}, members: map[string]*member{}, down: map[string]bool{},
		exports: map[uint64]*export{}, byPID: map[actor.PID]uint64{}, actors: map[address]weak.Pointer[remoteActor]{},
		watches: map[uint64]*watch{}, watching: map[actor.Watcher]uint64{}, services: map[string][]uint64{},
		pending: map[uint64]*pending{}, peerStats: map[string]*peerStats{},
		svcWatches: map[*serviceWatch]struct{}{}, svcKick: make(chan struct{}, 1),
		queueSubs: map[string]*nats.Subscription{}, quarantined: map[string]time.Time{},
		det:  newDetector(o.DownAfter, time.Now),
		stop: make(chan struct{}),
	}
	if n.log == nil {
		n.log = sys.Logger()
	}
	if err := n.connect(); err != nil {
		n.release(ctx)
		return nil, err
	}
	if err := n.subscribe(); err != nil {
		n.release(ctx)
		return nil, err
	}
	if err := sys.OnShutdown(n.Close); err != nil {
		n.release(ctx)
		return nil, err
	}
	n.wg.Add(2)
	go n.heartbeats()
	go n.serviceWatcher()
	n.publishControl(frame0(n.id, probeRecord()))
	return n, nil
}

// newNodeID returns a random node ID of 16 hex digits.
func newNodeID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func (n *Node) connect() error {
	o := n.opts
	if o.Conn != nil {
		n.nc = o.Conn
		return nil
	}
	url := o.URL
	if o.Embedded {
		srv, err := embedded.Start(embedded.Options{})
		if err != nil {
			return fmt.Errorf("remote: embedded server: %w", err)
		}
		n.srv, url = srv, srv.ClientURL()
	}
	if url == "" {
		url = nats.DefaultURL
	}
	nopts := append([]nats.Option{
		nats.Name("actorio node " + n.id),
		nats.MaxReconnects(-1),
		nats.ReconnectHandler(func(*nats.Conn) { n.stat.reconnects.Add(1) }),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			if errors.Is(err, nats.ErrSlowConsumer) {
				n.stat.slowConsumer.Add(1) // messages this node could not hold were dropped
				return
			}
			n.log.Warn("actorio/remote: NATS error", "err", err)
		}),
		// What is published while disconnected waits in this buffer and
		// goes out on reconnection; past it, publishing fails and the
		// messages become dead letters.
		nats.ReconnectBufSize(o.MaxOutbound),
	}, o.NATS...)
	nc, err := nats.Connect(url, nopts...)
	if err != nil {
		return fmt.Errorf("remote: connect to %s: %w", url, err)
	}
	n.nc, n.own = nc, true
	return nil
}

func (n *Node) subscribe() error {
	p := n.opts.Prefix
	n.hbSubj = p + ".hb"
	n.ctlSubj = p + ".c." + n.id
	for i := range n.opts.Shards {
		n.dataSubj = append(n.dataSubj, p+".d."+n.id+"."+strconv.Itoa(i))
	}
	sub := func(subj string, cb nats.MsgHandler) error {
		s, err := n.nc.Subscribe(subj, cb)
		if err != nil {
			return fmt.Errorf("remote: subscribe %s: %w", subj, err)
		}
		// A slow node drops what it cannot hold (counted), rather than
		// growing without bound.
		if err := s.SetPendingLimits(1<<16, 64<<20); err != nil {
			return err
		}
		n.subs = append(n.subs, s)
		return nil
	}
	for _, subj := range n.dataSubj {
		if err := sub(subj, n.onData); err != nil {
			return err
		}
	}
	if err := sub(n.ctlSubj, n.onData); err != nil {
		return err
	}
	if err := sub(n.hbSubj, n.onHeartbeat); err != nil {
		return err
	}
	return n.nc.Flush()
}

// ID returns the node's ID, new at every Start.
func (n *Node) ID() string { return n.id }

// URL returns the client URL of the node's embedded NATS server, for
// other nodes to connect to, or "" if it has none.
func (n *Node) URL() string {
	if n.srv == nil {
		return ""
	}
	return n.srv.ClientURL()
}

// System returns the node's actor system.
func (n *Node) System() *actor.System { return n.sys }

// Close leaves the network: it tells the other nodes, publishes what is
// queued for them, and closes the connection it dialed and the embedded
// server it started. Watchers of other nodes' actors get a Terminated
// with ErrClosed, and requests waiting for another node's reply fail
// with it. Close waits for the node's goroutines and for what was
// published to reach the server until ctx is done; then it closes the
// connection and the server anyway and returns ctx.Err(). Calling it
// again does nothing.
func (n *Node) Close(ctx context.Context) error {
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		return nil
	}
	n.closed = true
	n.changed() // waiting lookups return ErrClosed
	watches, asks := n.watches, n.pending
	n.watches, n.watching = map[uint64]*watch{}, map[actor.Watcher]uint64{}
	n.pending = map[uint64]*pending{}
	n.mu.Unlock()
	for _, w := range watches {
		w.w.Terminated(ErrClosed)
	}
	for _, p := range asks {
		_ = p.complete(nil, ErrClosed)
	}
	n.publishControl(frame0(n.id, leaveRecord()))
	close(n.stop)
	done := make(chan struct{})
	go func() { n.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		n.failPeers()
		n.release(ctx) // at once: its flush sees ctx done
		return ctx.Err()
	}
	n.failPeers()
	n.release(ctx)
	return nil
}

// failPeers fails every peer with ErrClosed once their flushers are done
// (or given up on): a send through a peer cached before Close is refused,
// and anything queued after the last flush is a dead letter.
func (n *Node) failPeers() {
	n.mu.Lock()
	peers := make([]*peer, 0, len(n.peers))
	for _, p := range n.peers {
		peers = append(peers, p)
	}
	n.mu.Unlock()
	for _, p := range peers {
		p.fail(ErrClosed)
	}
}

// release closes what the node opened. It waits for what was published to
// reach the server until ctx is done, if the connection is up.
func (n *Node) release(ctx context.Context) {
	for _, s := range n.subs {
		_ = s.Unsubscribe()
	}
	n.mu.Lock()
	for key, s := range n.queueSubs {
		_ = s.Unsubscribe()
		delete(n.queueSubs, key)
	}
	n.mu.Unlock()
	if n.nc != nil {
		if n.nc.IsConnected() {
			_ = n.nc.FlushWithContext(ctx)
		}
		if n.own {
			n.nc.Close()
		}
	}
	if n.srv != nil {
		n.srv.Shutdown()
	}
}

// heartbeats announces the node every Heartbeat and declares silent nodes
// down, until Close.
func (n *Node) heartbeats() {
	defer n.wg.Done()
	t := time.NewTicker(n.opts.Heartbeat)
	defer t.Stop()
	n.announce()
	for {
		select {
		case <-n.stop:
			return
		case <-t.C:
			n.announce()
			n.ping()
			n.sweepPending()
			for _, id := range n.expired() {
				n.nodeDown(id, fmt.Errorf("%w: %s silent for %v", ErrNodeDown, id, n.opts.DownAfter))
			}
		}
	}
}
