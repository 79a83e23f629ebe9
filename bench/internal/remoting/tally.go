package remoting

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/actorio/actorio/bench/internal/suite"
)

// stallAfter is how long a sender waits without progress (credit, a pong)
// before it gives up: only a lost message or a dead peer makes it wait
// that long.
const stallAfter = 10 * time.Second

// tally is what a side of a run counts: messages or replies, the sum of
// their sequence numbers, those out of order or different from what was
// sent, and the first failure. It is safe for concurrent use.
type tally struct {
	count, sum, bad atomic.Int64
	mu              sync.Mutex
	err             error
}

// ok counts a message with sequence number seq.
func (t *tally) ok(seq uint64) {
	t.count.Add(1)
	t.sum.Add(int64(seq))
}

// fail records err, if it is the first failure.
func (t *tally) fail(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.err == nil {
		t.err = err
	}
}

// report returns the tally as a report.
func (t *tally) report() report {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := report{Count: t.count.Load(), Sum: t.sum.Load(), Errors: t.bad.Load()}
	if t.err != nil {
		r.Err = t.err.Error()
	}
	return r
}

// sink is the receiving end of the tell workload: it checks each message
// (stream 0, in order), counts it, and says when to grant credit. Its
// take is called by one goroutine (an actor, a subscription) at a time.
type sink struct {
	tally
	n, every int64
	p        *payloads
	next     uint64 // the sequence number expected
	done     chan struct{}
}

func newSink(n, window, size int) *sink {
	return &sink{n: int64(n), every: max(int64(window)/8, 1), p: newPayloads(0, size), done: make(chan struct{})}
}

// take records message b and returns the credit to grant (the messages
// received so far) and whether to grant it now.
func (s *sink) take(b []byte) (credit int64, grant bool) {
	seq, ok := s.p.check(b)
	switch {
	case !ok: // its sequence number cannot be trusted: count it in its place
		s.bad.Add(1)
		seq = s.next
	case seq != s.next:
		s.bad.Add(1)
	}
	s.next = seq + 1
	s.ok(seq)
	c := s.count.Load()
	if c == s.n {
		close(s.done)
	}
	return c, c%s.every == 0
}

// sinkHolder is the part of a receiving node that holds the tell
// workload's sink, nil for the other kinds.
type sinkHolder struct{ sink *sink }

// done is closed when the sink has every message; nil without a sink.
func (h sinkHolder) done() <-chan struct{} {
	if h.sink == nil {
		return nil
	}
	return h.sink.done
}

// counts returns the sink's report, or an empty one.
func (h sinkHolder) counts() report {
	if h.sink == nil {
		return report{}
	}
	return h.sink.report()
}

// window is the sending end of the tell workload's flow control: at most
// size messages sent and not yet granted.
type window struct {
	size    int64
	granted atomic.Int64
	wake    chan struct{} // a grant happened
	first   chan struct{} // closed by the first grant: the credit path works
	once    sync.Once
}

func newWindow(size int) *window {
	return &window{size: int64(size), wake: make(chan struct{}, 1), first: make(chan struct{})}
}

// grant records that the receiver has n messages. It never blocks.
func (w *window) grant(n int64) {
	for {
		g := w.granted.Load()
		if n <= g || w.granted.CompareAndSwap(g, n) {
			break
		}
	}
	w.once.Do(func() { close(w.first) })
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// wait returns once upTo messages may have been sent: upTo minus the
// granted ones is at most the window. It fails after stallAfter without a
// grant.
func (w *window) wait(upTo int64) error {
	var t *time.Timer
	for upTo-w.granted.Load() > w.size {
		if t == nil {
			t = time.NewTimer(stallAfter)
			defer t.Stop()
		}
		select {
		case <-w.wake:
		case <-t.C:
			return fmt.Errorf("no credit for %v: %d messages granted, %d to send", stallAfter, w.granted.Load(), upTo)
		}
	}
	return nil
}

// tellLoop is the tell workload's measured phase: cfg.N messages of
// stream 0, numbered from 0, each handed to send once w lets it.
func tellLoop(cfg config, w *window, send func([]byte) error) report {
	var t tally
	p := newPayloads(0, cfg.Size)
	for i := range cfg.N {
		if err := w.wait(int64(i) + 1); err != nil {
			t.fail(err)
			break
		}
		if err := send(p.make(uint64(i))); err != nil {
			t.fail(fmt.Errorf("message %d: %w", i, err))
			break
		}
		t.ok(uint64(i))
	}
	return t.report()
}

// ready waits for the first grant, the answer to the sender's hello.
func (w *window) ready() error {
	select {
	case <-w.first:
		return nil
	case <-time.After(stallAfter):
		return errors.New("the receiver never granted credit")
	}
}

// pairs is the sending end of the pipelined workload: each pair's pinger
// keeps inFlight pings outstanding until n round trips, and checks that
// its pongs come back in order, each equal to its ping. Each pair's pong
// is called by one goroutine at a time; the counters are atomic, so that
// the first pings may be sent from any goroutine.
type pairs struct {
	tally
	n, inFlight int
	pair        []pairState
	left        atomic.Int64 // pairs not done
	done        chan struct{}
}

type pairState struct {
	p         *payloads
	sent, got atomic.Int64
}

func newPairs(count, n, inFlight, size int) *pairs {
	ps := &pairs{n: n, inFlight: min(inFlight, n), pair: make([]pairState, count), done: make(chan struct{})}
	for i := range ps.pair {
		ps.pair[i].p = newPayloads(uint32(i), size)
	}
	ps.left.Store(int64(count))
	return ps
}

// start returns pair i's first pings.
func (ps *pairs) start(i int) [][]byte {
	st := &ps.pair[i]
	out := make([][]byte, ps.inFlight)
	for k := range out {
		out[k] = st.p.make(uint64(k))
	}
	st.sent.Store(int64(ps.inFlight))
	return out
}

// pong records pair i's pong b and returns the next ping to send, or nil.
func (ps *pairs) pong(i int, b []byte) []byte {
	st := &ps.pair[i]
	seq, ok := st.p.check(b)
	want := uint64(st.got.Load())
	switch {
	case !ok: // its sequence number cannot be trusted: count it in its place
		ps.bad.Add(1)
		seq = want
	case seq != want:
		ps.bad.Add(1)
	}
	ps.ok(seq)
	if got := st.got.Add(1); got == int64(ps.n) {
		if ps.left.Add(-1) == 0 {
			close(ps.done)
		}
		return nil
	}
	sent := st.sent.Load()
	if sent >= int64(ps.n) {
		return nil
	}
	st.sent.Store(sent + 1)
	return st.p.make(uint64(sent))
}

// run is the pipelined workload's measured phase: it hands every pair's
// first pings to send (pair number, ping) and waits until every pair is
// done.
func (ps *pairs) run(send func(int, []byte) error) report {
	for i := range ps.pair {
		for _, b := range ps.start(i) {
			if err := send(i, b); err != nil {
				ps.fail(err)
			}
		}
	}
	if err := ps.wait(); err != nil {
		ps.fail(err)
	}
	return ps.report()
}

// progress returns the pongs received so far.
func (ps *pairs) progress() int64 { return ps.count.Load() }

// wait waits until every pair is done, failing after stallAfter without a
// pong.
func (ps *pairs) wait() error {
	return waitProgress(ps.done, ps.progress, "pongs")
}

// waitProgress waits for done, failing when progress stays still for
// stallAfter.
func waitProgress(done <-chan struct{}, progress func() int64, what string) error {
	tick := time.NewTicker(stallAfter)
	defer tick.Stop()
	last := progress()
	for {
		select {
		case <-done:
			return nil
		case <-tick.C:
			now := progress()
			if now == last {
				return fmt.Errorf("stalled for %v at %d %s", stallAfter, now, what)
			}
			last = now
		}
	}
}

// askLoop is the ask workload's measured phase: cfg.N requests, each
// awaited before the next, with payloads of stream 0 numbered from 0.
// ask makes one request, checks its reply, and returns its round-trip
// time.
func askLoop(cfg config, ask func([]byte) (time.Duration, error)) report {
	var t tally
	p := newPayloads(0, cfg.Size)
	rtts := make([]time.Duration, 0, cfg.N)
	for i := range cfg.N {
		rtt, err := ask(p.make(uint64(i)))
		if err != nil {
			t.fail(fmt.Errorf("request %d: %w", i, err))
			break
		}
		rtts = append(rtts, rtt)
		t.ok(uint64(i))
	}
	rep := t.report()
	rep.P50 = int64(suite.Percentile(rtts, 50))
	rep.P99 = int64(suite.Percentile(rtts, 99))
	return rep
}
