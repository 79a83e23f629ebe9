package echo

import (
	"sync"
	"sync/atomic"
	"time"
)

// dialers is how many connections the client opens at once.
const dialers = 64

// load is the client's side of a run: the server's address, the payload
// size and the open connections, indexed by connection number.
type load struct {
	addr  string
	size  int
	conns []*conn
}

// open opens n connections, dialers at a time, and makes one round trip
// on each with sequence number seq(id). If counted, the round trips go
// into t's count and sum; failures always go into t.
func (l *load) open(n int, seq func(id int) uint64, counted bool, t *tally) {
	l.conns = make([]*conn, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(n, dialers) {
		wg.Go(func() {
			var count, sum int64
			var err error
			for err == nil {
				id := int(next.Add(1) - 1)
				if id >= n {
					break
				}
				var c *conn
				if c, err = dial(l.addr, id, l.size); err != nil {
					break
				}
				l.conns[id] = c
				s := seq(id)
				if err = c.roundTrip(s); err == nil && counted {
					count++
					sum += int64(s)
				}
			}
			t.add(count, sum, nil, err)
		})
	}
	wg.Wait()
}

// warm opens n connections, each making one uncounted round trip, and
// returns the first failure.
func (l *load) warm(n int) error {
	var t tally
	l.open(n, func(id int) uint64 { return warmSeq | uint64(id) }, false, &t)
	return t.err
}

// idle is the idle workload's measured phase: it opens n connections,
// each making one counted round trip numbered by its connection number.
func (l *load) idle(n int) result {
	var t tally
	t0 := time.Now()
	l.open(n, func(id int) uint64 { return uint64(id) }, true, &t)
	return t.result(time.Since(t0))
}

// busy is the measured phase of the other echo workloads: connection c
// makes round trips c, c+len(l.conns), ... below requests, one at a time,
// all connections at once, each timing its round trips.
func (l *load) busy(requests int) result {
	var t tally
	start := make(chan struct{})
	var wg sync.WaitGroup
	for _, c := range l.conns {
		wg.Go(func() {
			rtts := make([]time.Duration, 0, requests/len(l.conns)+1)
			var sum int64
			var err error
			<-start
			for seq := c.id; seq < requests; seq += len(l.conns) {
				t0 := time.Now()
				if err = c.roundTrip(uint64(seq)); err != nil {
					break
				}
				rtts = append(rtts, time.Since(t0))
				sum += int64(seq)
			}
			t.add(int64(len(rtts)), sum, rtts, err)
		})
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	return t.result(time.Since(t0))
}

// close closes every open connection.
func (l *load) close() {
	for _, c := range l.conns {
		if c != nil {
			c.nc.Close()
		}
	}
}
