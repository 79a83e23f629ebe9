package reactor

import (
	"log/slog"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/internal/workerid"
	"github.com/actorio/actorio/io/netpoll"
)

// A loop is one event loop: a goroutine waiting on a poller and turning
// readiness into Signal raises for the actors that own the fds, running
// the turns of idle connections itself. It does no I/O of its own except
// for the output of closed connections, which it finishes writing (see
// fdConn.linger).
//
// # Handing a stuck loop over
//
// A loop runs connection turns inline (actor.Signal.RaiseHere), so a
// handler that blocks would hold up every other connection of the loop.
// Each loop goroutine is therefore an actor.Host, watched by the
// system's watchdog like a dispatcher worker. When one of its turns has
// run for the watchdog's threshold, the watchdog calls stuck, which
// retires that goroutine (actor.Host.Retire succeeds only while the turn
// is still running) and starts a fresh one on the same loop, as Go's
// runtime hands a processor over from a thread blocked in a system call.
// The loop's state (the poller's waits, commands, lingering connections)
// belongs to whichever goroutine holds it: the retired one touches none
// of it after its turn. When the turn returns, RaiseHere tells the
// retired goroutine, which hands the events of its batch that it had not
// delivered yet to the new one (handed) and exits. Readiness events are
// idempotent, so delivering them late, after newer ones, does no harm. A
// handler that blocks again is handed over again; a loop has at most one
// goroutine per turn blocked in it, plus the one serving its other
// connections.
type loop struct {
	id     int
	r      *Reactor
	poller poller
	slots  slotTable
	log    *slog.Logger
	conns  atomic.Int64 // registered connections, for least-connections
	done   chan struct{}

	mu       sync.Mutex
	cmds     []func()
	handed   []netpoll.Event // left undelivered by a retired goroutine
	stopping bool            // set by stop: exit once nothing lingers
	closed   bool            // set by finish: post fails from then on

	// Owned by the goroutine that holds the loop.
	lingering map[*fdConn]*lingerState
}

// newLoop makes loop id of r, on io_uring if uring is set and epoll or
// kqueue otherwise.
func newLoop(r *Reactor, id int, uring bool) (*loop, error) {
	l := &loop{id: id, r: r, log: r.log, done: make(chan struct{}), lingering: make(map[*fdConn]*lingerState)}
	if uring {
		p, err := newUringPoller(l)
		if err != nil {
			return nil, err
		}
		l.poller = p
		return l, nil
	}
	p, err := newPollPoller()
	if err != nil {
		return nil, err
	}
	l.poller = p
	return l, nil
}

// start starts a goroutine that holds the loop. Actors run on it too, so
// it runs as a dispatcher worker would, for futures' Await to refuse.
func (l *loop) start() {
	l.r.loopers.Add(1)
	go workerid.Run(l.run)
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
	_ = l.poller.wake()
	return true
}

// register adds fd to the poller for interest, under a new slot for reg
// (whose p must be set). On failure reg.tok is netpoll.NoToken.
func (l *loop) register(fd int, interest netpoll.Interest, reg *pollReg) error {
	if !l.slots.alloc(reg) {
		reg.tok = netpoll.NoToken
		return errTooManyConns
	}
	if err := l.poller.add(fd, interest, reg.tok); err != nil {
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
		_ = l.poller.remove(fd, reg.tok)
		l.slots.release(reg)
	}
	_ = netpoll.Close(fd)
}

// run is a goroutine that holds the loop, until it finishes the loop or
// is retired from a blocked turn.
func (l *loop) run() {
	defer l.r.loopers.Done()
	h := l.r.sys.NewHost("reactor loop "+strconv.Itoa(l.id), l.stuck)
	defer h.Close()
	l.poller.hold()
	events := make([]netpoll.Event, netpoll.DefaultMaxEvents)
	var cmds []func()
	var handed []netpoll.Event
	block := true
	for {
		timeout := time.Duration(0)
		if block {
			timeout = l.timeout()
		}
		n, err := l.poller.wait(events, timeout)
		if err != nil {
			l.log.Error("actorio: reactor loop stopped", "loop", l.id, "error", err)
			l.finish()
			return
		}
		if !l.dispatch(h, events[:n]) {
			return
		}
		l.mu.Lock()
		cmds, l.cmds = l.cmds, cmds[:0]
		handed, l.handed = l.handed, handed[:0]
		stopping := l.stopping
		l.mu.Unlock()
		for i, fn := range cmds {
			fn()
			cmds[i] = nil
		}
		if !l.dispatch(h, handed) {
			return
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
		if block = !block && n == 0 && len(handed) == 0; block {
			runtime.Gosched()
		}
	}
}

// dispatch delivers events on Host h. If h is retired during one of
// their turns, it hands the rest to the goroutine that took over and
// reports false: the calling goroutine no longer holds the loop.
func (l *loop) dispatch(h *actor.Host, events []netpoll.Event) bool {
	for i, ev := range events {
		if p := l.slots.lookup(ev.Token); p != nil && !p.pollEvent(h, ev) {
			l.handOver(events[i+1:])
			return false
		}
	}
	return true
}

// handOver gives events left undelivered by a retired goroutine to the
// goroutine holding the loop.
func (l *loop) handOver(events []netpoll.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed || len(events) == 0 {
		return
	}
	l.handed = append(l.handed, events...)
	_ = l.poller.wake() // under mu: finish cannot have closed the poller
}

// stuck is the watchdog's call for Host h, one of the loop's goroutines,
// whose turn has run for the watchdog's threshold: retire it and start
// another, unless the turn has just returned or the loop has finished.
func (l *loop) stuck(h *actor.Host) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed || !h.Retire() {
		return
	}
	l.r.stats.handoffs.Add(1)
	l.log.Warn("actorio: a handler blocks a reactor loop: its other connections move to a new goroutine",
		"loop", l.id)
	l.start()
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
// commands: every fdConn handed over is closed. Events a retired
// goroutine hands over from then on are dropped: their connections have
// all stopped. The goroutine holding the loop calls it, once.
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
	_ = l.poller.close()
	close(l.done)
}

// stop makes the loop exit once the output of closed connections is
// written or their flush deadline has passed.
func (l *loop) stop() {
	l.mu.Lock()
	l.stopping = true
	l.mu.Unlock()
	_ = l.poller.wake()
}
