package actorconsole

import (
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"
)

// Bounds of one stream's queue: the frames the sampler has offered and
// the client has not taken yet.
const (
	maxQueuedFrames = 64
	maxQueuedBytes  = 2 << 20
)

// A client is one open stream: a bounded queue of encoded frames between
// the sampler and the stream's handler, which writes them out.
type client struct {
	q       chan []byte
	queued  atomic.Int64  // bytes in q
	dropped atomic.Uint64 // frames offered that did not fit
	gone    chan struct{} // closed by the sampler when it ends
}

func newClient() *client {
	return &client{q: make(chan []byte, maxQueuedFrames), gone: make(chan struct{})}
}

// offer queues frame unless the queue is full, in frames or in bytes;
// it never blocks. Only the sampler offers, so the byte count cannot be
// overshot by a race between two offers.
func (cl *client) offer(frame []byte) {
	n := int64(len(frame))
	if cl.queued.Load()+n > maxQueuedBytes {
		cl.dropped.Add(1)
		return
	}
	select {
	case cl.q <- frame:
		cl.queued.Add(n)
	default:
		cl.dropped.Add(1)
	}
}

// hello is the first frame of a stream: what the page needs to draw
// before the next sample.
type hello struct {
	IntervalMS float64    `json:"interval_ms"`
	Reactors   int        `json:"reactors"`
	Node       bool       `json:"node"` // whether samples carry a remote node
	History    []sample   `json:"history"`
	Recent     []feedItem `json:"recent"`
}

// join registers cl with the running sampler, starting one if none
// runs, and returns it with the stream's hello.
func (c *Console) join(cl *client) (*sampler, []byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, nil, ErrClosed
	}
	for {
		if c.cur == nil {
			c.cur = startSampler(c)
		}
		if c.cur.add(cl) {
			break
		}
		c.cur = nil // it ended by itself: the system shut down
	}
	h := hello{IntervalMS: ms(c.opts.MinInterval), Reactors: len(c.opts.Reactors), Node: c.opts.Node != nil, History: c.history.list(), Recent: c.recent.list()}
	return c.cur, encodeFrame("hello", h), nil
}

// leave unregisters cl; the last client stops the sampler and waits for
// it, outside the console's lock (the sampler takes it to record).
func (c *Console) leave(s *sampler, cl *client) {
	c.mu.Lock()
	last := s.remove(cl)
	if last && c.cur == s {
		c.cur = nil
	}
	c.mu.Unlock()
	if last {
		s.halt()
	}
}

// record keeps a sample and the feed items that came with it for pages
// that open later; of the node's peers, the history keeps none, only
// the totals, so that it stays as small as without a node.
func (c *Console) record(smp sample, items []feedItem) {
	smp.Node = smp.Node.forHistory()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.history.add(smp)
	for _, it := range items {
		c.recent.add(it)
	}
}

// serveStream streams samples and feed items as Server-Sent Events
// until the client goes, the console closes or the system shuts down.
// Each write must complete within Options.WriteTimeout, or the stream
// ends: a client that stops reading costs at most its queue.
func (c *Console) serveStream(w http.ResponseWriter, r *http.Request) {
	cl := newClient()
	s, first, err := c.join(cl)
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, err)
		return
	}
	defer c.leave(s, cl)

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // proxies: do not hold the stream back
	rc := http.NewResponseController(w)
	var reported uint64 // drops the client has been told of
	write := func(frame []byte) error {
		err := rc.SetWriteDeadline(time.Now().Add(c.opts.WriteTimeout))
		if err != nil && !errors.Is(err, http.ErrNotSupported) {
			return err
		}
		if d := cl.dropped.Load(); d != reported {
			reported = d
			if _, err := fmt.Fprintf(w, "event: dropped\ndata: {\"frames\":%d}\n\n", d); err != nil {
				return err
			}
		}
		if _, err := w.Write(frame); err != nil {
			return err
		}
		return rc.Flush()
	}
	if write(first) != nil {
		return
	}
	for {
		select {
		case <-r.Context().Done():
			return
		case <-cl.gone:
			_ = write([]byte("event: end\ndata: {}\n\n"))
			return
		case frame := <-cl.q:
			cl.queued.Add(-int64(len(frame)))
			if write(frame) != nil {
				return
			}
		}
	}
}
