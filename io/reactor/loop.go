package reactor

import (
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/actorio/actorio/io/netpoll"
)

// A loop is one event loop: a goroutine waiting on a poller and turning
// readiness into Signal raises for the actors that own the fds. It does no
// I/O of its own except for the output of closed connections, which it
// finishes writing (see fdConn.linger).
type loop struct {
	id     int
	poller *netpoll.Poller
	slots  slotTable
	log    *slog.Logger
	conns  atomic.Int64 // registered connections, for least-connections
	done   chan struct{}

	mu       sync.Mutex
	cmds     []func()
	stopping bool // set by stop: exit once nothing lingers
	closed   bool // set by finish: post fails from then on

	// Owned by the loop goroutine.
	lingering map[*fdConn]*lingerState
}

func newLoop(id int, log *slog.Logger) (*loop, error) {
	p, err := netpoll.New()
	if err != nil {
		return nil, err
	}
	return &loop{id: id, poller: p, log: log, done: make(chan struct{}), lingering: make(map[*fdConn]*lingerState)}, nil
}

// post queues fn to run on the loop goroutine and wakes it. It reports
// false if the loop has stopped, in which case fn will never run.
func (l *loop) post(fn func()) bool {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return false
	}
	l.cmds = append(l.cmds, fn)
	l.mu.Unlock()
	_ = l.poller.Wake()
	return true
}

// register adds fd to the poller for interest, under a new slot for reg
// (whose p must be set). On failure reg.tok is netpoll.NoToken.
func (l *loop) register(fd int, interest netpoll.Interest, reg *pollReg) error {
	if !l.slots.alloc(reg) {
		reg.tok = netpoll.NoToken
		return errTooManyConns
	}
	if err := l.poller.Add(fd, interest, reg.tok); err != nil {
		l.slots.release(reg)
		// No event carries the token of a failed Add, so the loop never
		// looked reg up: resetting it races with nothing.
		reg.tok = netpoll.NoToken
		return err
	}
	return nil
}

// closeFD removes fd from the poller and frees reg's slot, if it has one,
// then closes fd: events still in flight for it are dropped. reg.tok is
// left alone: the loop may be reading it (see slotTable.lookup).
func (l *loop) closeFD(fd int, reg *pollReg) {
	if reg.tok != netpoll.NoToken {
		_ = l.poller.Remove(fd)
		l.slots.release(reg)
	}
	_ = netpoll.Close(fd)
}

// run is the loop goroutine.
func (l *loop) run() {
	defer close(l.done)
	events := make([]netpoll.Event, netpoll.DefaultMaxEvents)
	var cmds []func()
	block := true
	for {
		timeout := time.Duration(0)
		if block {
			timeout = l.timeout()
		}
		n, err := l.poller.Wait(events, timeout)
		if err != nil {
			l.log.Error("actorio: reactor loop stopped", "loop", l.id, "error", err)
			l.finish()
			return
		}
		for _, ev := range events[:n] {
			if p := l.slots.lookup(ev.Token); p != nil {
				p.pollEvent(ev)
			}
		}
		l.mu.Lock()
		cmds, l.cmds = l.cmds, cmds[:0]
		stopping := l.stopping
		l.mu.Unlock()
		for i, fn := range cmds {
			fn()
			cmds[i] = nil
		}
		if len(l.lingering) > 0 {
			l.expireLingering(time.Now())
		}
		if stopping && len(l.lingering) == 0 {
			l.finish()
			return
		}
		// After events, look again without blocking, and yield before
		// blocking when nothing came (as gnet does): a loop that blocks
		// in epoll_wait straight after its work keeps the runtime's
		// sysmon retaking its P, waking threads on every request.
		if block = !block && n == 0; block {
			runtime.Gosched()
		}
	}
}

// timeout is how long Wait may block: until the first lingering
// connection's deadline, or forever.
func (l *loop) timeout() time.Duration {
	if len(l.lingering) == 0 {
		return -1
	}
	var first time.Time
	for _, ls := range l.lingering {
		if first.IsZero() || ls.deadline.Before(first) {
			first = ls.deadline
		}
	}
	return max(0, time.Until(first))
}

func (l *loop) expireLingering(now time.Time) {
	for c, ls := range l.lingering {
		if !now.Before(ls.deadline) {
			c.closeLingering()
		}
	}
}

// finish closes what still lingers and the poller, after taking the last
// commands: every fdConn handed over is closed.
func (l *loop) finish() {
	l.mu.Lock()
	cmds := l.cmds
	l.cmds, l.closed = nil, true
	l.mu.Unlock()
	for _, fn := range cmds {
		fn()
	}
	for c := range l.lingering {
		c.closeLingering()
	}
	_ = l.poller.Close()
}

// stop makes the loop exit once the output of closed connections is
// written or their flush deadline has passed.
func (l *loop) stop() {
	l.mu.Lock()
	l.stopping = true
	l.mu.Unlock()
	_ = l.poller.Wake()
}
