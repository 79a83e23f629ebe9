package actorconsole

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/actorio/actorio/actor"
)

// sample is one reading of the system's metrics, as the charts plot it.
// Rates are per second since the sampler's previous reading, and null in
// its first.
type sample struct {
	T              int64              `json:"t"` // Unix milliseconds
	Actors         uint64             `json:"actors"`
	Messages       *float64           `json:"messages_per_s"`
	DeadLetters    map[string]float64 `json:"dead_letters_per_s"` // by reason; nil in the first
	Processed      uint64             `json:"processed"`
	DeadTotal      uint64             `json:"dead_letters"`
	Restarts       uint64             `json:"restarts"`
	SlowHandlers   uint64             `json:"slow_handlers"`
	RunQueue       int                `json:"run_queue"`
	Workers        int                `json:"workers"`
	WorkersBusy    int                `json:"workers_busy"`
	TimersPending  int                `json:"timers_pending"`
	BlockingActive int                `json:"blocking_active"`
	BlockingQueued int                `json:"blocking_queued"`
	MailboxMax     int                `json:"mailbox_max"`
	MailboxTotal   int                `json:"mailbox_total"`
	Connections    int64              `json:"connections"`    // open, all reactors
	EventsLost     uint64             `json:"events_lost"`    // by the console's subscription, while pages were open
	CostMS         float64            `json:"cost_ms"`        // what reading the metrics cost
	Node           *nodeSample        `json:"node,omitempty"` // only with Options.Node
}

// Bounds of what the sampler forwards.
const (
	maxFeedPerTick = 64 // feed items per sample; the rest wait in, or are lost from, the subscription
)

// The sampler.
//
// It exists while at least one page's stream is open: the first stream
// starts it, the last to leave stops it (halt) and waits for it, and so
// does Console.Close. It is the console's only goroutine. It holds a
// subscription to the system's events, closed when it ends, and every
// tick it reads System.Metrics, the reactors' counters and the remote
// node (Options.Node) if there is one, records the sample and the feed
// items taken since the last tick in the console's history, and offers
// them, encoded once, to each stream's bounded queue (client.offer),
// which drops what a slow client has no room for: it never blocks on a
// client. It reads at most maxFeedPerTick events a tick, leaving the rest
// in the subscription's buffer (lost and counted there when it fills), so
// that a flood of dead letters costs it bounded work, and lists at most
// maxPeersPerSample of the node's peers, the busiest. A tick is
// MinInterval, or ten times what reading the metrics cost (they walk the
// actors), whichever is longer.
//
// It ends when halted or when the system shuts down (the subscription's
// channel closes); either way it closes every client's gone channel, and
// their handlers return.
type sampler struct {
	c    *Console
	sub  *actor.Subscription
	stop chan struct{}
	done chan struct{}
	once sync.Once

	mu      sync.Mutex
	clients map[*client]struct{}
	ended   bool

	// The run goroutine's own.
	prev   actor.Metrics
	prevAt time.Time
	node   nodeReader
}

func startSampler(c *Console) *sampler {
	s := &sampler{
		c:       c,
		sub:     c.sys.Subscribe(c.opts.EventBuffer),
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
		clients: make(map[*client]struct{}),
		node:    nodeReader{read: c.opts.Node},
	}
	go s.run()
	return s
}

// add adds cl; false if the sampler has ended.
func (s *sampler) add(cl *client) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended {
		return false
	}
	s.clients[cl] = struct{}{}
	return true
}

// remove removes cl and reports whether it was the last.
func (s *sampler) remove(cl *client) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.clients, cl)
	return len(s.clients) == 0
}

// halt stops the sampler and waits for it.
func (s *sampler) halt() {
	s.once.Do(func() { close(s.stop) })
	<-s.done
}

func (s *sampler) run() {
	defer close(s.done)
	defer s.end()
	defer s.sub.Close()
	tick := time.NewTimer(0) // the first sample at once
	defer tick.Stop()
	events := s.sub.C()
	var items []feedItem
	for {
		select {
		case <-s.stop:
			return
		case ev, ok := <-events:
			if !ok {
				return // the system has shut down
			}
			if it, show := toFeed(ev, time.Now()); show {
				items = append(items, it)
			}
			if len(items) >= maxFeedPerTick {
				events = nil // the rest wait for the next tick
			}
		case <-tick.C:
			start := time.Now()
			smp := s.sample(start)
			cost := time.Since(start)
			smp.CostMS = ms(cost)
			s.c.record(smp, items)
			s.broadcast(encodeFrame("sample", smp))
			if len(items) > 0 {
				s.broadcast(encodeFrame("feed", items))
				items = nil
			}
			events = s.sub.C()
			tick.Reset(max(s.c.opts.MinInterval, 10*cost))
		}
	}
}

// end marks the sampler ended and lets every client's handler go.
func (s *sampler) end() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ended = true
	for cl := range s.clients {
		close(cl.gone)
	}
	s.clients = nil
}

// sample reads the system's, the reactors' and the node's metrics.
func (s *sampler) sample(now time.Time) sample {
	m := s.c.sys.Metrics()
	smp := sample{
		T: now.UnixMilli(), Actors: m.ActorsAlive, Processed: m.MessagesProcessed, DeadTotal: m.DeadLetters,
		Restarts: m.ActorsRestarted, SlowHandlers: m.SlowHandlers, RunQueue: m.RunQueue,
		Workers: m.Workers, WorkersBusy: m.WorkersBusy, TimersPending: m.TimersPending,
		BlockingActive: m.BlockingActive, BlockingQueued: m.BlockingQueued,
		MailboxMax: m.MailboxMax, MailboxTotal: m.MailboxTotal, EventsLost: s.sub.Lost(),
	}
	for _, r := range s.c.opts.Reactors {
		smp.Connections += r.Metrics().Connections
	}
	if s.node.read != nil {
		smp.Node = s.node.sample(now)
	}
	if !s.prevAt.IsZero() {
		secs := now.Sub(s.prevAt).Seconds()
		rate := func(now, before uint64) float64 {
			if now < before || secs <= 0 {
				return 0
			}
			return float64(now-before) / secs
		}
		msgs := rate(m.MessagesProcessed, s.prev.MessagesProcessed)
		smp.Messages = &msgs
		smp.DeadLetters = make(map[string]float64, len(m.DeadLettersByReason))
		for reason, n := range m.DeadLettersByReason {
			smp.DeadLetters[reason] = rate(n, s.prev.DeadLettersByReason[reason])
		}
	}
	s.prev, s.prevAt = m, now
	return smp
}

// broadcast offers frame to every client.
func (s *sampler) broadcast(frame []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for cl := range s.clients {
		cl.offer(frame)
	}
}

// encodeFrame encodes v as one Server-Sent Event named event.
func encodeFrame(event string, v any) []byte {
	data, err := json.Marshal(v)
	if err != nil { // the console's own types: cannot fail
		panic("actorconsole: " + err.Error())
	}
	b := make([]byte, 0, len(data)+len(event)+16)
	b = append(b, "event: "...)
	b = append(b, event...)
	b = append(b, "\ndata: "...)
	b = append(b, data...) // JSON has no raw newlines
	return append(b, "\n\n"...)
}
