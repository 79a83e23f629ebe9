package actor

import (
	"bytes"
	"runtime"
	"strconv"
	"sync"
	"time"
)

// SlowHandler reports a turn that has run longer than Options.Watchdog:
// a handler that blocks its dispatcher worker, or the Host running it
// (a network event loop), on I/O, a lock, a channel, a sleep, or that
// computes for a long time. While it runs, that goroutine serves no
// other actor. Each such turn is reported once. Actors spawned
// WithDedicatedGoroutine, which may block, are not watched.
//
// The fix is to take the slow work off the dispatcher: run it with
// actor.Blocking (and get the result back as a message), or spawn the
// actor WithDedicatedGoroutine if all of its work blocks.
type SlowHandler struct {
	Actor       PID           // the actor whose turn is slow
	MessageType string        // its static message type, the M of Ref[M]
	Elapsed     time.Duration // at least this long, within a watchdog period
	Stack       []byte        // the stack of the goroutine running it, when reported
}

func (SlowHandler) event() {}

// watchdog is the system's one goroutine that watches for slow turns. It
// reads the counters the dispatcher keeps anyway (Busy, Turns) and adds
// nothing to the message path: a worker that stays busy on the same turn
// count for the threshold is stuck in one turn.
type watchdog struct {
	quit, done chan struct{}
	once       sync.Once
}

func startWatchdog(s *System, threshold time.Duration) *watchdog {
	wd := &watchdog{quit: make(chan struct{}), done: make(chan struct{})}
	go wd.run(s, threshold)
	return wd
}

// stop ends the watchdog and waits for it. It may be called more than
// once, and concurrently.
func (wd *watchdog) stop() {
	wd.once.Do(func() { close(wd.quit) })
	<-wd.done
}

func (wd *watchdog) run(s *System, threshold time.Duration) {
	defer close(wd.done)
	tick := time.NewTicker(max(threshold/4, time.Millisecond))
	defer tick.Stop()
	workers := s.disp.Workers()
	var hosts []*Host
	for {
		select {
		case <-wd.quit:
			return
		case now := <-tick.C:
			for i, w := range workers {
				ws := &s.running[i]
				if elapsed, slow := ws.watch(w.Busy.Load(), w.Turns.Load(), now, threshold); slow {
					s.slowHandler(ws, w.GoID.Load(), "dispatcher worker", elapsed)
				}
			}
			hosts = s.hosts.list(hosts[:0])
			for _, h := range hosts {
				if elapsed, slow := h.slot.watch(h.busy(), h.turns.Load(), now, threshold); slow {
					s.slowHandler(&h.slot, h.goid, h.name, elapsed)
					if h.stuck != nil {
						h.stuck(h)
					}
				}
			}
			clear(hosts) // let closed Hosts go
		}
	}
}

// watch is the watchdog's look at a worker or Host that is busy or not
// and has started turns turns so far. It reports how long the current
// turn has been seen running, and true the first time that reaches
// threshold: a turn count that does not move while busy is one turn.
func (ws *workerSlot) watch(busy bool, turns uint64, now time.Time, threshold time.Duration) (time.Duration, bool) {
	if !busy {
		ws.since.Store(0)
		return 0, false
	}
	if since := ws.since.Load(); since == 0 || ws.turns.Load() != turns {
		ws.turns.Store(turns)
		ws.since.Store(now.UnixNano())
		ws.reported = false
		return 0, false
	}
	elapsed := now.Sub(time.Unix(0, ws.since.Load()))
	if elapsed < threshold || ws.reported {
		return elapsed, false
	}
	ws.reported = true
	return elapsed, true
}

// slowHandler counts and publishes a SlowHandler for the turn in ws, run
// by goroutine goid, a dispatcher worker or the Host named where.
func (s *System) slowHandler(ws *workerSlot, goid uint64, where string, elapsed time.Duration) {
	s.stats.slowHandlers.Add(1)
	c := ws.cur.Load()
	if c == nil {
		return
	}
	var info ActorInfo
	c.self.observe(&info)
	s.log.Warn("actorio: slow handler blocks its goroutine",
		"actor", c.path(), "message", info.MessageType, "elapsed", elapsed, "goroutine", where)
	if s.events.active() {
		s.events.publish(SlowHandler{Actor: PID{c}, MessageType: info.MessageType,
			Elapsed: elapsed, Stack: goroutineStack(goid)})
	}
}

// goroutineStack returns the stack of goroutine id, cut out of a dump of
// all goroutines, or nil if it is not found.
func goroutineStack(id uint64) []byte {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	head := []byte("goroutine " + strconv.FormatUint(id, 10) + " [")
	i := bytes.Index(buf, head)
	if i < 0 || id == 0 {
		return nil
	}
	block := buf[i:]
	if j := bytes.Index(block, []byte("\n\n")); j >= 0 {
		block = block[:j+1]
	}
	return bytes.Clone(block)
}
