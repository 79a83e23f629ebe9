package actorconsole

// MaxQueuedBytes and MaxQueuedFrames bound one stream's queue.
const (
	MaxQueuedBytes  = maxQueuedBytes
	MaxQueuedFrames = maxQueuedFrames
	MaxFeedPerTick  = maxFeedPerTick
	// MaxPeersPerSample bounds the node's peers a sample lists.
	MaxPeersPerSample = maxPeersPerSample
)

// StreamQueue is what a stream's queue holds, and has dropped.
type StreamQueue struct {
	Queued  int64
	Dropped uint64
}

// Streams returns the queues of the streams the running sampler feeds,
// and whether a sampler runs.
func Streams(c *Console) (queues []StreamQueue, running bool) {
	c.mu.Lock()
	s := c.cur
	c.mu.Unlock()
	if s == nil {
		return nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for cl := range s.clients {
		queues = append(queues, StreamQueue{cl.queued.Load(), cl.dropped.Load()})
	}
	return queues, !s.ended
}

// ForgetSnapshot drops the console's latest snapshot, so that the next
// request takes a new one: for benchmarks of a refresh's whole cost.
func ForgetSnapshot(c *Console) {
	c.snaps.mu.Lock()
	c.snaps.latest = nil
	c.snaps.mu.Unlock()
}
