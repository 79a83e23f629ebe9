package remote

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/actorio/actorio/remote/internal/frame"
)

// peer is the outbound side of another node: the batches waiting to be
// published to it, one per data shard plus one for control, and the
// goroutine that publishes them.
//
// Senders append records under mu; the flusher takes every non-empty
// batch and publishes it. A batch therefore goes out as soon as the
// flusher is free: alone when traffic is light, with everything that
// arrived meanwhile when it is heavy, with no timer in between. Records
// for one actor always go to the same shard subject in the order they
// were appended, and NATS keeps the order of one connection's messages
// to one subscriber, so messages from one sender to one actor arrive in
// order.
type peer struct {
	n     *Node
	id    string
	queue string // for a balanced service: the one subject of every batch
	stats *peerStats

	mu     sync.Mutex
	open   [][]byte // per shard, then control: the batch being filled
	ready  []batch  // batches that reached MaxBatch, oldest first
	queued int      // bytes in open and ready
	err    error    // set when the peer is down: sends fail with it

	kick    chan struct{}
	kicked  atomic.Bool   // a kick is pending: senders need not send another
	failed  atomic.Bool   // set by fail, for remoteActor's cached peer
	quit    chan struct{} // closed by fail: the flusher ends
	waiters []func()      // WhenReady callbacks, run once the queue empties
}

// crowded reports whether more than half of MaxOutbound is queued, the
// point from which a sender that can hold back should (Ref.Crowded).
func (p *peer) crowded() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.queued > p.n.opts.MaxOutbound/2
}

// whenReady calls fn once the queue is no longer crowded: at once if it
// is not, else when the flusher has taken it, or the peer has failed.
func (p *peer) whenReady(fn func()) {
	p.mu.Lock()
	if p.queued <= p.n.opts.MaxOutbound/2 || p.err != nil {
		p.mu.Unlock()
		fn()
		return
	}
	p.waiters = append(p.waiters, fn)
	p.mu.Unlock()
}

type batch struct {
	subj string
	b    []byte
}

// batchPool recycles the batches, once published, and scratchPool the
// buffers messages are encoded into before they join a batch.
var (
	batchPool   = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}
	scratchPool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}
)

// peer returns the outbound side of node id, starting its flusher.
func (n *Node) peer(id string) (*peer, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return nil, ErrClosed
	}
	if p := n.peers[id]; p != nil {
		return p, nil
	}
	if n.down[id] {
		return nil, fmt.Errorf("%w: %s", ErrNodeDown, id)
	}
	if len(n.peers) >= maxMembers {
		return nil, fmt.Errorf("%w: already sending to %d nodes", ErrOutboundFull, len(n.peers))
	}
	if n.members[id] == nil {
		// Not heard from yet: down if it stays silent, so that a peer for
		// a node that does not exist does not live on.
		n.det.heard(id)
	}
	return n.startPeerLocked(id, "", n.statsLocked(id)), nil
}

// startPeerLocked makes the outbound side id, of a node or (queue set) of
// a balanced service's queue subject, and starts its flusher, which Close
// stops. The caller holds n.mu.
func (n *Node) startPeerLocked(id, queue string, stats *peerStats) *peer {
	p := &peer{n: n, id: id, queue: queue, stats: stats, open: make([][]byte, n.opts.Shards+1),
		kick: make(chan struct{}, 1), quit: make(chan struct{})}
	n.peers[id] = p
	n.wg.Add(1)
	go p.flusher()
	return p
}

// subject returns the subject of shard i of the peer (i == Shards: its
// control subject).
func (p *peer) subject(i int) string {
	if p.queue != "" {
		return p.queue
	}
	pre := p.n.opts.Prefix
	if i == p.n.opts.Shards {
		return pre + ".c." + p.id
	}
	return fmt.Sprintf("%s.d.%s.%d", pre, p.id, i)
}

// add appends one encoded record to shard i's batch.
func (p *peer) add(i int, rec []byte) error {
	return p.addRecord(i, rec, frame.Record{})
}

// addRecord appends a record to shard i's batch: rec if it is not nil,
// else r, encoded straight into the batch.
func (p *peer) addRecord(i int, rec []byte, r frame.Record) error {
	size := len(rec)
	if rec == nil {
		size = frame.MaxRecordHeader + len(r.Payload)
	}
	max := p.n.opts.MaxBatch
	if size+frame.MaxNodeID+3 > max {
		return fmt.Errorf("%w: a record of %d bytes, batches of at most %d", errTooLarge, size, max)
	}
	p.mu.Lock()
	if p.err != nil {
		p.mu.Unlock()
		return p.err
	}
	if p.queued+size > p.n.opts.MaxOutbound {
		p.mu.Unlock()
		p.n.stat.outboundFull.Add(1)
		return fmt.Errorf("%w: %d bytes queued for %s", ErrOutboundFull, p.queued, p.id)
	}
	b := p.open[i]
	if b != nil && len(b)+size > max {
		p.ready = append(p.ready, batch{p.subject(i), b})
		b = nil
	}
	if b == nil {
		b = frame.AppendHeader((*batchPool.Get().(*[]byte))[:0], p.n.id)
	}
	n := len(b)
	if rec != nil {
		b = append(b, rec...)
	} else {
		b = frame.AppendRecord(b, r)
	}
	p.open[i] = b
	p.queued += len(b) - n
	p.mu.Unlock()
	if !p.kicked.Swap(true) {
		select {
		case p.kick <- struct{}{}:
		default:
		}
	}
	return nil
}

// flusher publishes batches until the node closes, then publishes what is
// left.
func (p *peer) flusher() {
	defer p.n.wg.Done()
	for {
		select {
		case <-p.kick:
			// Before taking the queue: a record added after this store
			// kicks again, and one added before is taken now.
			p.kicked.Store(false)
			p.flush()
		case <-p.n.stop:
			p.flush()
			return
		case <-p.quit:
			return
		}
	}
}

// flush publishes every batch waiting. A batch NATS refuses (the
// connection is closed, or its reconnect buffer is full) is reported as
// dead letters, message by message.
func (p *peer) flush() {
	p.mu.Lock()
	out, waiters := p.takeLocked()
	p.mu.Unlock()
	for _, fn := range waiters {
		fn()
	}
	for _, b := range out {
		if err := p.n.nc.Publish(b.subj, b.b); err != nil {
			p.n.undeliverable(p.id, b.b, fmt.Errorf("remote: publish to %s: %w", p.id, err))
		} else {
			p.stats.batchesOut.Add(1)
			p.stats.bytesOut.Add(uint64(len(b.b)))
		}
		b.b = b.b[:0]
		batchPool.Put(&b.b)
	}
}

// fail marks the peer down: sends fail with err from now on, and what is
// queued becomes dead letters.
func (p *peer) fail(err error) {
	p.mu.Lock()
	if p.err == nil {
		close(p.quit)
		p.failed.Store(true)
	}
	p.err = err
	out, waiters := p.takeLocked()
	p.mu.Unlock()
	for _, fn := range waiters {
		fn() // the sends they hold back for now fail with err
	}
	for _, b := range out {
		p.n.undeliverable(p.id, b.b, err)
	}
}

// takeLocked empties the peer's queue and returns its batches, oldest
// first, and the WhenReady callbacks to run now. The caller holds p.mu.
func (p *peer) takeLocked() ([]batch, []func()) {
	out := p.ready
	p.ready = nil
	for i, b := range p.open {
		if b != nil {
			out = append(out, batch{p.subject(i), b})
			p.open[i] = nil
		}
	}
	p.queued = 0
	waiters := p.waiters
	p.waiters = nil
	return out, waiters
}
