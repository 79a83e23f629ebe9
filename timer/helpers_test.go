package timer_test

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// stopResetter is what *time.Timer and *timer.Timer have in common.
type stopResetter interface {
	Stop() bool
	Reset(d time.Duration) bool
}

// fireLog records when callbacks run, as time since the test started.
type fireLog struct {
	mu    sync.Mutex
	start time.Time
	at    []time.Duration
}

func newFireLog() *fireLog { return &fireLog{start: time.Now()} }

func (l *fireLog) record() {
	l.mu.Lock()
	l.at = append(l.at, time.Since(l.start))
	l.mu.Unlock()
}

func (l *fireLog) times() []time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]time.Duration(nil), l.at...)
}

const ms = time.Millisecond

var errMailboxFull = errors.New("mailbox full")

// recordingSender is a Sender that records what it is sent and when, or,
// when fail is set, fails every send the way a full mailbox would.
type recordingSender[M any] struct {
	mu    sync.Mutex
	fail  error
	got   []M
	calls int
	start time.Time
	at    []time.Duration
}

func (r *recordingSender[M]) Send(msg M) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	if r.fail != nil {
		return r.fail
	}
	r.got = append(r.got, msg)
	r.at = append(r.at, time.Since(r.start))
	return nil
}

func (r *recordingSender[M]) messages() []M {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]M(nil), r.got...)
}

func (r *recordingSender[M]) times() []time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]time.Duration(nil), r.at...)
}

func (r *recordingSender[M]) failures() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls - len(r.got)
}

// chanSender is a mailbox that refuses messages when full.
type chanSender chan int

func (c chanSender) Send(msg int) error {
	select {
	case c <- msg:
		return nil
	default:
		return errMailboxFull
	}
}

type countingSender struct {
	chanSender
	failed *atomic.Int32
}

func (c countingSender) Send(msg int) error {
	err := c.chanSender.Send(msg)
	if err != nil {
		c.failed.Add(1)
	}
	return err
}
